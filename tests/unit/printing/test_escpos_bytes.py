"""What python-escpos sends for a receipt, decoded back by our test-side decoder: the printed
raster is pixel-identical to the layout image and its QR reads back to the exact payload."""

from __future__ import annotations

import io

import pytest
import segno
import zxingcpp
from PIL import Image, ImageChops

from printing.escpos import receipt_bytes
from printing.receipt import build_layout, render_raster
from printing.receipt.raster import DOTS
from tests.escpos_decode import decode, names, native_qr, rebuild_raster
from tests.unit.printing.conftest import check_snapshot
from tests.unit.receipt.samples import LAN, PENDING, SAMPLES, receipt_prompts

PROMPTS = receipt_prompts()


def identical(a: Image.Image, b: Image.Image) -> bool:
    return (
        a.size == b.size and ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None
    )


def read_qr(image: Image.Image) -> list[str]:
    padded = Image.new("L", (image.width + 80, image.height + 80), 255)
    padded.paste(image.convert("L"), (40, 40))
    return [r.text for r in zxingcpp.read_barcodes(padded, formats=zxingcpp.BarcodeFormat.QRCode)]


@pytest.mark.parametrize("paper", [58, 80])
@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("sample", ["lan", "pending"])
def test_raster_qr_receipt_decodes_back_pixel_identical(
    paper: int, large: bool, sample: str
) -> None:
    layout = build_layout(SAMPLES[sample], PROMPTS)
    rendered = render_raster(layout, paper, large=large, native_qr=False)  # type: ignore[arg-type]
    commands = decode(receipt_bytes(rendered))
    assert names(commands)[:2] == ["ESC @", "ESC a"] and commands[1].args == (0,)
    assert names(commands)[-2:] == ["ESC d", "GS V"]
    assert native_qr(commands) is None
    printed = rebuild_raster(commands)
    assert printed.width == DOTS[paper]
    assert identical(printed, rendered.image)
    assert read_qr(printed) == [layout.qr.payload]


@pytest.mark.parametrize("paper", [58, 80])
@pytest.mark.parametrize("large", [False, True])
def test_native_qr_receipt_sends_gs_k_with_the_exact_payload(paper: int, large: bool) -> None:
    layout = build_layout(LAN, PROMPTS)
    rendered = render_raster(layout, paper, large=large, native_qr=True)  # type: ignore[arg-type]
    commands = decode(receipt_bytes(rendered))
    order = names(commands)
    assert order.index("GS ( k") < order.index("GS v 0")  # the QR first: top-left
    qr = native_qr(commands)
    assert qr is not None
    assert (qr.model, qr.module_size, qr.error_level, qr.printed) == (2, 4, "M", True)
    assert qr.data == layout.qr.payload.encode("utf-8")
    # what the printer draws from these parameters (segno: an encoder independent of ours)
    symbol = segno.make(qr.data.decode("utf-8"), error=qr.error_level, boost_error=False)
    png = io.BytesIO()
    symbol.save(png, kind="png", scale=qr.module_size, border=4)
    drawn = Image.open(io.BytesIO(png.getvalue()))
    assert read_qr(drawn) == [layout.qr.payload]
    printed = rebuild_raster(commands)
    assert identical(printed, rendered.image)
    assert read_qr(printed) == []  # the raster leaves the QR to the printer


def test_tall_receipts_are_sent_in_fragments_that_stack_back() -> None:
    rendered = render_raster(build_layout(LAN, PROMPTS), 58, large=True, native_qr=False)
    assert rendered.image.height > 960
    commands = decode(receipt_bytes(rendered))
    assert names(commands).count("GS v 0") == -(-rendered.image.height // 960)
    assert identical(rebuild_raster(commands), rendered.image)


@pytest.mark.parametrize("native", [False, True])
def test_command_skeleton_snapshot(native: bool) -> None:
    """One line per command with its parameters (raster bits left out: the pixel tests above
    check them); a change in what python-escpos emits shows up here."""
    rendered = render_raster(build_layout(LAN, PROMPTS), 80, native_qr=native)
    lines = []
    for c in decode(receipt_bytes(rendered)):
        data = ""
        if c.name == "GS ( k":
            data = c.data.decode() if c.args[1] == 80 else c.data.hex()
        lines.append(" ".join([c.name, *map(str, c.args), data]).rstrip())
    name = f"escpos-skeleton-{'native' if native else 'raster'}.txt"
    check_snapshot(name, "\n".join(lines) + "\n")


def test_pending_receipt_shows_the_local_reference_not_a_code() -> None:
    layout = build_layout(PENDING, PROMPTS)
    texts = [getattr(b, "text", "") for b in layout.blocks]
    assert "K01-261123-0007" in texts
    assert "HỒ SƠ ĐANG CHỜ GỬI" in texts
