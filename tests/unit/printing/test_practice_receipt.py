"""A practice receipt ("Tập sử dụng", issue 9) is unmistakable on paper and in the PDF: the
catalogue's banner is the first and the last thing printed (checked in the bytes python-escpos
sends, decoded back) and on every PDF page (pdftotext); its QR carries `tap=1`. A normal receipt
has no banner."""

from __future__ import annotations

import subprocess
from pathlib import Path

import msgspec
import pytest
import zxingcpp
from PIL import Image, ImageChops

from kiosk.domain.receipt import Receipt
from kiosk.services.receipt_qr import decode_receipt_qr
from printing.escpos import receipt_bytes
from printing.receipt import build_layout, render_pdf, render_raster
from printing.receipt.raster import DOTS, banner_image
from tests.escpos_decode import decode, names, native_qr, rebuild_raster
from tests.unit.printing.test_pdf import pdf_text, poppler
from tests.unit.receipt.samples import LAN, PENDING, SAMPLES, receipt_prompts

PROMPTS = receipt_prompts()
BANNER = "BẢN TẬP SỬ DỤNG — KHÔNG CÓ GIÁ TRỊ"
PRACTICE = msgspec.structs.replace(LAN, dossier_code="TAP-261123-0001", practice=True)


def identical(a: Image.Image, b: Image.Image) -> bool:
    return (
        a.size == b.size and ImageChops.difference(a.convert("L"), b.convert("L")).getbbox() is None
    )


def dark_share(image: Image.Image) -> float:
    histogram = image.convert("L").histogram()
    return histogram[0] / (image.width * image.height)


def last_ink_row(image: Image.Image) -> int:
    bbox = ImageChops.invert(image.convert("L")).getbbox()
    assert bbox is not None
    return int(bbox[3])


def read_qr(image: Image.Image) -> list[zxingcpp.Result]:
    padded = Image.new("L", (image.width + 80, image.height + 80), 255)
    padded.paste(image.convert("L"), (40, 40))
    return [r for r in zxingcpp.read_barcodes(padded) if r.format == zxingcpp.BarcodeFormat.QRCode]


def test_the_banner_comes_from_the_catalogue_and_only_on_practice_receipts() -> None:
    assert PROMPTS.text("receipt_paper.practice_banner") == BANNER
    layout = build_layout(PRACTICE, PROMPTS)
    assert layout.banner is not None and layout.banner.text == BANNER
    for sample in SAMPLES.values():
        assert build_layout(sample, PROMPTS).banner is None


def test_the_banner_image_is_the_text_in_a_black_box() -> None:
    image = banner_image(BANNER, DOTS[80])
    assert dark_share(image) > 0.6  # a black box with white letters, not black letters
    assert not identical(image, banner_image("BẢN CHÍNH THỨC — CÓ GIÁ TRỊ", DOTS[80]))
    assert not identical(image, banner_image(BANNER.replace("Ậ", "A"), DOTS[80]))  # the accents


@pytest.mark.parametrize("paper", [58, 80])
@pytest.mark.parametrize("large", [False, True])
@pytest.mark.parametrize("ask_native", [False, True])
@pytest.mark.parametrize("receipt", [PRACTICE, msgspec.structs.replace(PENDING, practice=True)])
def test_the_printed_raster_starts_and_ends_with_the_banner(
    paper: int, large: bool, ask_native: bool, receipt: Receipt
) -> None:
    layout = build_layout(receipt, PROMPTS)
    rendered = render_raster(layout, paper, large=large, native_qr=ask_native)  # type: ignore[arg-type]
    commands = decode(receipt_bytes(rendered))
    # the QR is in the raster even when a native QR was asked for: GS ( k prints before the
    # image, which would put the QR above the banner
    assert native_qr(commands) is None and "GS ( k" not in names(commands)
    printed = rebuild_raster(commands)
    assert identical(printed, rendered.image)
    banner = banner_image(BANNER, DOTS[paper], large=large)
    assert identical(printed.crop((0, 0, printed.width, banner.height)), banner)
    end = last_ink_row(printed)
    assert identical(printed.crop((0, end - banner.height, printed.width, end)), banner)
    (qr,) = read_qr(printed)
    assert decode_receipt_qr(qr.text).practice and qr.text.endswith("|tap=1")
    assert qr.position.top_left.y - 40 > banner.height  # the QR is below the top banner


@pytest.mark.parametrize("receipt", [LAN, PENDING])
def test_a_normal_receipt_has_no_banner_on_paper(receipt: Receipt) -> None:
    printed = rebuild_raster(
        decode(receipt_bytes(render_raster(build_layout(receipt, PROMPTS), 80, native_qr=False)))
    )
    banner = banner_image(BANNER, DOTS[80])
    assert not identical(printed.crop((0, 0, printed.width, banner.height)), banner)
    assert dark_share(printed.crop((0, 0, printed.width, banner.height))) < 0.5
    (qr,) = read_qr(printed)
    assert not decode_receipt_qr(qr.text).practice


@pytest.mark.parametrize(
    ("page", "large", "pages"), [("A5", False, 2), ("A4", False, 1), ("A5", True, 2)]
)
def test_every_pdf_page_starts_and_ends_with_the_banner(
    tmp_path: Path, page: str, large: bool, pages: int
) -> None:
    pdf = tmp_path / "practice.pdf"
    pdf.write_bytes(render_pdf(build_layout(PRACTICE, PROMPTS), page, large=large))  # type: ignore[arg-type]
    texts = [t for t in pdf_text(pdf).split("\f") if t.strip()]
    assert len(texts) == pages
    for text in texts:
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        banner = " ".join(BANNER.split())
        # one line, or two even lines at the full size when one does not fit the width
        assert lines[0] == banner or f"{lines[0]} {lines[1]}" == banner, lines[:2]
        assert lines[-1] == banner or f"{lines[-2]} {lines[-1]}" == banner, lines[-2:]
    assert "TAP-261123-0001" in texts[0]


def test_the_pdf_qr_carries_the_marker(tmp_path: Path) -> None:
    pdf = tmp_path / "practice.pdf"
    pdf.write_bytes(render_pdf(build_layout(PRACTICE, PROMPTS), "A5"))
    cmd = [poppler("pdftoppm"), "-r", "150", "-f", "1", "-l", "1", "-png", str(pdf)]
    subprocess.run([*cmd, str(tmp_path / "p")], check=True)
    (png,) = tmp_path.glob("p*.png")
    with Image.open(png) as image:
        found = [r.text for r in zxingcpp.read_barcodes(image)]
    assert len(found) == 1 and decode_receipt_qr(found[0]).practice


def test_a_normal_pdf_has_no_banner(tmp_path: Path) -> None:
    pdf = tmp_path / "lan.pdf"
    pdf.write_bytes(render_pdf(build_layout(LAN, PROMPTS), "A5"))
    assert "TẬP SỬ DỤNG" not in pdf_text(pdf)
