"""The PDF receipt through poppler: pdftotext finds the Vietnamese text correctly accented,
pdftoppm's page image gives the QR back to zxing-cpp, pdffonts shows the bundled font embedded."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image

from printing.receipt import build_layout, render_pdf
from tests.unit.printing.conftest import check_snapshot
from tests.unit.receipt.samples import LAN, PENDING, receipt_prompts

PROMPTS = receipt_prompts()


def poppler(tool: str) -> str:
    path = shutil.which(tool)
    if path is None:
        pytest.fail(f"{tool} (poppler-utils) is required for the PDF tests")
    return path


def pdf_text(pdf: Path) -> str:
    done = subprocess.run([poppler("pdftotext"), str(pdf), "-"], capture_output=True, check=True)
    return done.stdout.decode("utf-8")


@pytest.fixture
def lan_pdf(tmp_path: Path) -> Path:
    path = tmp_path / "lan.pdf"
    path.write_bytes(render_pdf(build_layout(LAN, PROMPTS), "A5"))
    return path


def test_the_text_is_there_with_every_accent(lan_pdf: Path) -> None:
    text = pdf_text(lan_pdf)
    for expected in (
        "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
        "Phường Bến Thành",
        "Nguyễn Thị Lan Hương",
        "Đăng ký thường trú (1.004222)",
        "000.00.12.H29-261123-0001",
        "Ngày hẹn trả kết quả",
        "30/11/2026",
        "20.000 đồng",
        "Tờ khai thay đổi thông tin cư trú (CT01)",
        "Cảm ơn ông/bà đã sử dụng dịch vụ công.",
        "********2345",
    ):
        assert expected in text, expected
    assert "079201012345" not in text  # the ID is printed masked


def test_text_snapshot(lan_pdf: Path) -> None:
    check_snapshot("pdf-lan-a5.txt", pdf_text(lan_pdf))


@pytest.mark.parametrize(("page", "large"), [("A5", False), ("A4", False), ("A5", True)])
def test_the_qr_decodes_from_the_page_image(tmp_path: Path, page: str, large: bool) -> None:
    layout = build_layout(LAN, PROMPTS)
    pdf = tmp_path / "r.pdf"
    pdf.write_bytes(render_pdf(layout, page, large=large))  # type: ignore[arg-type]
    subprocess.run(
        [
            poppler("pdftoppm"),
            "-r",
            "150",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            str(pdf),
            str(tmp_path / "p"),
        ],
        check=True,
    )
    (png,) = tmp_path.glob("p*.png")
    with Image.open(png) as image:
        found = [r.text for r in zxingcpp.read_barcodes(image)]
    assert found == [layout.qr.payload]


def test_the_bundled_font_is_embedded(lan_pdf: Path) -> None:
    done = subprocess.run(
        [poppler("pdffonts"), str(lan_pdf)], capture_output=True, text=True, check=True
    )
    rows = [line.split() for line in done.stdout.splitlines()[2:]]
    assert rows and all("+NotoSans-" in row[0] for row in rows)  # no Helvetica fallback
    assert all(row[-5] == "yes" for row in rows)  # the "emb" column


def test_a_pending_receipt_says_so(tmp_path: Path) -> None:
    pdf = tmp_path / "p.pdf"
    pdf.write_bytes(render_pdf(build_layout(PENDING, PROMPTS)))
    text = pdf_text(pdf)
    assert "HỒ SƠ ĐANG CHỜ GỬI" in text and "K01-261123-0007" in text


def test_the_same_receipt_gives_the_same_pdf_bytes() -> None:
    """No creation date or random id inside: a reprint or an archived copy can be compared."""
    layout = build_layout(LAN, receipt_prompts())
    assert render_pdf(layout, "A5") == render_pdf(layout, "A5")
