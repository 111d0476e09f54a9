"""A small test-side ESC/POS decoder for the subset the kiosk emits (no decoder is installable
here: device-peers §3). It is strict: an unknown byte is an error naming its offset, so a change
in what python-escpos emits shows up instead of being skipped.

Commands: ESC @, ESC a n, ESC d n, ESC t n, LF, GS v 0 (raster), GS ( k (2D code), GS V (cut),
DLE EOT n (real-time status). `rebuild_raster` stacks the GS v 0 images as the printer would
print them; `native_qr` collects the GS ( k QR parameters and data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image, ImageChops


class EscposDecodeError(ValueError):
    pass


@dataclass(frozen=True)
class Command:
    name: str  # "ESC @", "ESC a", "GS v 0", "GS ( k", "GS V", "DLE EOT", "LF", …
    offset: int
    args: tuple[int, ...] = ()
    data: bytes = b""
    image: Image.Image | None = field(default=None, compare=False)


@dataclass(frozen=True)
class NativeQr:
    model: int
    module_size: int
    error_level: str  # L M Q H
    data: bytes
    printed: bool


class Incomplete(Exception):
    """The buffer ends inside a command (the peer waits for more bytes)."""


def _need(data: bytes, end: int) -> None:
    if end > len(data):
        raise Incomplete


def _one(data: bytes, i: int) -> tuple[Command, int]:
    b = data[i]
    if b == 0x0A:
        return Command("LF", i), i + 1
    if b == 0x1B:
        _need(data, i + 2)
        op = data[i + 1]
        if op == 0x40:
            return Command("ESC @", i), i + 2
        if op in (0x61, 0x64, 0x74, 0x45, 0x4D):  # a align, d feed, t code page, E bold, M font
            _need(data, i + 3)
            return Command(f"ESC {chr(op)}", i, (data[i + 2],)), i + 3
        raise EscposDecodeError(f"unknown ESC {op:#04x} at offset {i}")
    if b == 0x10:
        _need(data, i + 3)
        if data[i + 1] == 0x04:
            return Command("DLE EOT", i, (data[i + 2],)), i + 3
        raise EscposDecodeError(f"unknown DLE {data[i + 1]:#04x} at offset {i}")
    if b == 0x1D:
        _need(data, i + 2)
        op = data[i + 1]
        if op == 0x56:  # GS V m [n]
            _need(data, i + 3)
            m = data[i + 2]
            if m in (0, 1, 48, 49):
                return Command("GS V", i, (m,)), i + 3
            if m in (65, 66, 97, 98, 103, 104):
                _need(data, i + 4)
                return Command("GS V", i, (m, data[i + 3])), i + 4
            raise EscposDecodeError(f"bad GS V mode {m} at offset {i}")
        if op == 0x76:  # GS v 0 m xL xH yL yH d…
            _need(data, i + 8)
            if data[i + 2] != 0x30:
                raise EscposDecodeError(f"GS v {data[i + 2]:#04x} is not GS v 0 at offset {i}")
            m = data[i + 3]
            width_bytes = data[i + 4] | data[i + 5] << 8
            height = data[i + 6] | data[i + 7] << 8
            end = i + 8 + width_bytes * height
            _need(data, end)
            bits = data[i + 8 : end]
            image = _image(width_bytes * 8, height, bits)
            return Command("GS v 0", i, (m, width_bytes, height), bits, image), end
        if op == 0x28:  # GS ( k pL pH cn fn [parameters]
            _need(data, i + 5)
            if data[i + 2] != 0x6B:
                raise EscposDecodeError(f"GS ( {chr(data[i + 2])} not supported at offset {i}")
            length = data[i + 3] | data[i + 4] << 8
            end = i + 5 + length
            _need(data, end)
            body = data[i + 5 : end]
            if len(body) < 2:
                raise EscposDecodeError(f"short GS ( k at offset {i}")
            return Command("GS ( k", i, (body[0], body[1]), body[2:]), end
        raise EscposDecodeError(f"unknown GS {op:#04x} at offset {i}")
    raise EscposDecodeError(f"unexpected byte {b:#04x} at offset {i}")


def _image(width: int, height: int, bits: bytes) -> Image.Image:
    """Packed bits, black = 1 (as sent) → mode "1" with black = 0 (as the layout draws)."""
    raw = Image.frombytes("1", (width, height), bits)
    return ImageChops.invert(raw.convert("L")).convert("1")


def decode_prefix(data: bytes) -> tuple[list[Command], int]:
    """Every complete command at the start of `data`, and how many bytes they used."""
    commands: list[Command] = []
    i = 0
    while i < len(data):
        try:
            command, i2 = _one(data, i)
        except Incomplete:
            break
        commands.append(command)
        i = i2
    return commands, i


def decode(data: bytes) -> list[Command]:
    commands, used = decode_prefix(data)
    if used != len(data):
        raise EscposDecodeError(f"truncated command at offset {used}")
    return commands


def rebuild_raster(commands: list[Command]) -> Image.Image:
    """The GS v 0 images stacked top to bottom, as the printer prints them."""
    images = [c.image for c in commands if c.name == "GS v 0" and c.image is not None]
    if not images:
        raise EscposDecodeError("no GS v 0 raster in the stream")
    width = max(im.width for im in images)
    out = Image.new("1", (width, sum(im.height for im in images)), 1)
    y = 0
    for im in images:
        out.paste(im, (0, y))
        y += im.height
    return out


def native_qr(commands: list[Command]) -> NativeQr | None:
    """The QR set up and printed with GS ( k (cn = '1'), or None if there is none."""
    model = size = 0
    level = ""
    stored = b""
    printed = False
    seen = False
    for c in commands:
        if c.name != "GS ( k" or c.args[0] != 0x31:
            continue
        seen = True
        fn = c.args[1]
        if fn == 0x41:  # 65: model
            model = c.data[0] - 48
        elif fn == 0x43:  # 67: module size
            size = c.data[0]
        elif fn == 0x45:  # 69: error correction level
            level = "LMQH"[c.data[0] - 48]
        elif fn == 0x50:  # 80: store data (m = '0')
            if c.data[:1] != b"0":
                raise EscposDecodeError("GS ( k store: m must be '0'")
            stored = c.data[1:]
        elif fn == 0x51:  # 81: print the stored symbol
            printed = True
        else:
            raise EscposDecodeError(f"GS ( k fn {fn} not in the subset")
    return NativeQr(model, size, level, stored, printed) if seen else None


def names(commands: list[Command]) -> list[str]:
    return [c.name for c in commands]
