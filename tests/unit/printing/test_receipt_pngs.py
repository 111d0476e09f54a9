"""Acceptance: the thermal receipt as PNG (58 and 80 mm, normal and large type) in docs/receipts/,
each exactly what the printer gets (the raster-QR layout), QR readable, Vietnamese intact."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest
import zxingcpp
from PIL import Image, ImageChops

from kiosk.flows.practice import mark_practice
from kiosk.prompts import load_prompts
from printing.receipt import build_layout, render_pdf, render_raster
from printing.receipt.raster import DOTS, banner_image
from tests.unit.receipt.samples import LAN, PENDING, RECEIPT_PROMPTS, receipt_prompts

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


def test_practice_receipt_png() -> None:
    """docs/receipts/receipt-80mm-practice.png: the banner at top and bottom, the QR with tap=1."""
    every_part = load_prompts(RECEIPT_PROMPTS.parent)  # the practice hint is in another part
    practice = mark_practice(
        msgspec.structs.replace(LAN, dossier_code="TAP-261123-0001"), every_part
    )
    layout = build_layout(practice, PROMPTS)
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / "receipt-80mm-practice.png"
    render_raster(layout, 80, native_qr=False).image.save(path)
    with Image.open(path) as saved:
        assert saved.width == DOTS[80]
        found = [r.text for r in zxingcpp.read_barcodes(saved)]
        assert found == [layout.qr.payload] and found[0].endswith("|tap=1")
        banner = banner_image(PROMPTS.text("receipt_paper.practice_banner"), DOTS[80])
        top = saved.convert("1").crop((0, 0, saved.width, banner.height))
        assert ImageChops.difference(top.convert("L"), banner.convert("L")).getbbox() is None
