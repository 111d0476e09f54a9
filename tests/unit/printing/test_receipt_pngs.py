"""Acceptance: the thermal receipt as PNG (58 and 80 mm, normal and large type) in docs/receipts/,
each exactly what the printer gets (the raster-QR layout), QR readable, Vietnamese intact."""

from __future__ import annotations

from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from printing.receipt import build_layout, render_pdf, render_raster
from printing.receipt.raster import DOTS
from tests.unit.receipt.samples import LAN, PENDING, receipt_prompts

OUT = Path(__file__).resolve().parents[3] / "docs" / "receipts"
PROMPTS = receipt_prompts()


@pytest.mark.parametrize("paper", [58, 80])
@pytest.mark.parametrize("large", [False, True])
def test_receipt_png(paper: int, large: bool) -> None:
    layout = build_layout(LAN, PROMPTS)
    rendered = render_raster(layout, paper, large=large, native_qr=False)  # type: ignore[arg-type]
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"receipt-{paper}mm{'-large' if large else ''}.png"
    rendered.image.save(path)
    with Image.open(path) as saved:
        assert saved.width == DOTS[paper]
        assert [r.text for r in zxingcpp.read_barcodes(saved)] == [layout.qr.payload]


def test_pending_receipt_png_and_pdf() -> None:
    layout = build_layout(PENDING, PROMPTS)
    OUT.mkdir(parents=True, exist_ok=True)
    render_raster(layout, 80, native_qr=False).image.save(OUT / "receipt-80mm-pending.png")
    (OUT / "receipt-a5.pdf").write_bytes(render_pdf(build_layout(LAN, PROMPTS), "A5"))
    assert (OUT / "receipt-80mm-pending.png").stat().st_size > 5_000
