"""ISO/IEC 7816-4 command APDUs (short and extended) and the BER-TLV walking both sides need."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

SW_OK = 0x9000
SW_END_OF_FILE = 0x6282  # fewer bytes than Le were left in the file
SW_WRONG_LENGTH = 0x6700
SW_SECURITY_NOT_SATISFIED = 0x6982
SW_SM_DATA_INCORRECT = 0x6988
SW_SM_MISSING = 0x6987
SW_AUTH_FAILED = 0x6300
SW_FILE_NOT_FOUND = 0x6A82
SW_WRONG_P1P2 = 0x6B00
SW_INCORRECT_P1P2 = 0x6A86
SW_CONDITIONS_NOT_SATISFIED = 0x6985
SW_INS_NOT_SUPPORTED = 0x6D00
SW_CLA_NOT_SUPPORTED = 0x6E00

SHORT_MAX_NC = 255
SHORT_MAX_NE = 256
EXTENDED_MAX_NE = 65536


class ApduFormatError(ValueError):
    """Bytes that are not a well-formed APDU or BER-TLV object."""


@dataclass(frozen=True, slots=True)
class CommandApdu:
    cla: int
    ins: int
    p1: int
    p2: int
    data: bytes = b""
    ne: int | None = None  # expected response length, 1..65536; None when no Le field
    extended: bool = False  # force extended-length encoding even when short would do

    @property
    def header(self) -> bytes:
        return bytes((self.cla, self.ins, self.p1, self.p2))

    @property
    def is_extended(self) -> bool:
        return (
            self.extended
            or len(self.data) > SHORT_MAX_NC
            or (self.ne is not None and self.ne > SHORT_MAX_NE)
        )

    def encode(self) -> bytes:
        if len(self.data) >= 1 << 16 or (self.ne is not None and not 0 < self.ne <= (1 << 16)):
            raise ApduFormatError("APDU body or Le out of range")
        out = self.header
        if not self.is_extended:
            if self.data:
                out += bytes((len(self.data),)) + self.data
            if self.ne is not None:
                out += bytes((self.ne % 256,))
            return out
        if self.data:
            out += b"\x00" + len(self.data).to_bytes(2, "big") + self.data
        if self.ne is not None:
            out += (b"" if self.data else b"\x00") + (self.ne % 65536).to_bytes(2, "big")
        return out


def parse_command(raw: bytes) -> CommandApdu:
    """Decode ISO 7816-3 cases 1, 2S/3S/4S and 2E/3E/4E; ApduFormatError otherwise."""
    if len(raw) < 4:
        raise ApduFormatError(f"a command APDU has at least 4 bytes, got {len(raw)}")
    cla, ins, p1, p2 = raw[:4]
    body = raw[4:]
    if not body:
        return CommandApdu(cla, ins, p1, p2)
    if len(body) == 1:
        return CommandApdu(cla, ins, p1, p2, ne=body[0] or SHORT_MAX_NE)
    if body[0] != 0:
        nc = body[0]
        if len(body) == 1 + nc:
            return CommandApdu(cla, ins, p1, p2, body[1:])
        if len(body) == 2 + nc:
            return CommandApdu(cla, ins, p1, p2, body[1:-1], body[-1] or SHORT_MAX_NE)
        raise ApduFormatError("short APDU length does not match Lc")
    if len(body) == 3:
        ne = int.from_bytes(body[1:3], "big") or EXTENDED_MAX_NE
        return CommandApdu(cla, ins, p1, p2, ne=ne, extended=True)
    if len(body) < 4:
        raise ApduFormatError("truncated extended APDU")
    nc = int.from_bytes(body[1:3], "big")
    if nc == 0:
        raise ApduFormatError("extended Lc of zero")
    if len(body) == 3 + nc:
        return CommandApdu(cla, ins, p1, p2, body[3:], extended=True)
    if len(body) == 5 + nc:
        ne = int.from_bytes(body[-2:], "big") or EXTENDED_MAX_NE
        return CommandApdu(cla, ins, p1, p2, body[3:-2], ne, extended=True)
    raise ApduFormatError("extended APDU length does not match Lc")


def split_response(raw: bytes) -> tuple[bytes, int]:
    if len(raw) < 2:
        raise ApduFormatError(f"a response APDU has at least the 2 status bytes, got {len(raw)}")
    return raw[:-2], int.from_bytes(raw[-2:], "big")


def encode_length(n: int) -> bytes:
    if n < 0x80:
        return bytes((n,))
    size = (n.bit_length() + 7) // 8
    if size > 3:
        raise ApduFormatError("BER length too large")
    return bytes((0x80 | size,)) + n.to_bytes(size, "big")


def tlv(tag: int, value: bytes) -> bytes:
    """Encode one BER-TLV; `tag` may span several bytes (e.g. 0x7F61)."""
    tag_bytes = tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")
    return tag_bytes + encode_length(len(value)) + value


@dataclass(frozen=True, slots=True)
class Tlv:
    tag: int
    value: bytes
    raw: bytes  # the whole object as it was encoded, for MAC input


def read_header(data: bytes, offset: int = 0) -> tuple[int, int, int]:
    """(tag, value length, header size) of the TLV at `offset`; ApduFormatError if cut short."""
    pos = offset
    if pos >= len(data):
        raise ApduFormatError("missing TLV tag")
    tag = data[pos]
    pos += 1
    if tag & 0x1F == 0x1F:  # multi-byte tag: continues while bit 8 is set
        while True:
            if pos >= len(data):
                raise ApduFormatError("truncated TLV tag")
            tag = (tag << 8) | data[pos]
            pos += 1
            if not data[pos - 1] & 0x80:
                break
            if tag > 0xFFFFFF:
                raise ApduFormatError("TLV tag too long")
    if pos >= len(data):
        raise ApduFormatError("missing TLV length")
    first = data[pos]
    pos += 1
    if first < 0x80:
        length = first
    else:
        size = first & 0x7F
        if size == 0 or size > 3:
            raise ApduFormatError(f"unsupported BER length form 0x{first:02X}")
        if pos + size > len(data):
            raise ApduFormatError("truncated TLV length")
        length = int.from_bytes(data[pos : pos + size], "big")
        pos += size
    return tag, length, pos - offset


def iter_tlv(data: bytes) -> Iterator[Tlv]:
    """Walk a concatenation of BER-TLV objects; ApduFormatError if one overruns the buffer."""
    pos = 0
    while pos < len(data):
        tag, length, head = read_header(data, pos)
        end = pos + head + length
        if end > len(data):
            raise ApduFormatError("TLV value runs past the end of the data")
        yield Tlv(tag, data[pos + head : end], data[pos:end])
        pos = end
