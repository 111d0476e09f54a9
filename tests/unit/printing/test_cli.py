"""`kiosk receipt render` and `kiosk print-test`: bad input first (exit 2, naming the key)."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import msgspec
import pytest
import zxingcpp
from PIL import Image

from printing.cli import main
from tests.escpos_decode import decode, rebuild_raster
from tests.unit.receipt.samples import LAN

GOOD = json.loads(msgspec.json.encode(LAN))


def write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "receipt.json"
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("data", "named"),
    [
        ({**GOOD, "mau": "đỏ"}, "mau: unknown key"),
        ({k: v for k, v in GOOD.items() if k != "fee_vnd"}, "fee_vnd: missing required key"),
        ({**GOOD, "fee_vnd": -5}, "fee_vnd:"),
        ({**GOOD, "applicant_id": "0792"}, "applicant_id:"),
        ({**GOOD, "submitted_at": "2026-11-23 08:15"}, "submitted_at:"),
        ({**GOOD, "appointment_date": "2020-01-01"}, "appointment_date:"),
        ('{"fee_vnd": 1,', "not valid JSON"),
        ([GOOD], "Expected `object`"),
        ({**GOOD, "practice": "có"}, "practice: Expected `bool`, got `str`"),
        ({**GOOD, "practice": 1}, "practice: Expected `bool`, got `int`"),
        ({**GOOD, "practice": True, "tap": "1"}, "tap: unknown key"),
    ],
)
def test_bad_receipt_json_exits_2_naming_the_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], data: object, named: str
) -> None:
    out = tmp_path / "r.png"
    code = main(
        [
            "receipt",
            "render",
            "--json",
            str(write(tmp_path, data)),
            "--format",
            "png",
            "--out",
            str(out),
        ]
    )
    assert code == 2
    assert named in capsys.readouterr().err
    assert not out.exists()  # nothing half-written


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        [
            "receipt",
            "render",
            "--json",
            str(tmp_path / "no.json"),
            "--format",
            "pdf",
            "--out",
            str(tmp_path / "x.pdf"),
        ]
    )
    assert code == 2 and "cannot read" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        ["--format", "docx"],
        ["--width", "70"],
        ["--page", "A3"],
    ],
)
def test_bad_options_exit_2(tmp_path: Path, argv: list[str]) -> None:
    base = ["receipt", "render", "--json", str(write(tmp_path, GOOD)), "--out", str(tmp_path / "o")]
    if "--format" not in argv:
        base += ["--format", "png"]
    with pytest.raises(SystemExit) as caught:
        main(base + argv)
    assert caught.value.code == 2


def test_render_png(tmp_path: Path) -> None:
    out = tmp_path / "r.png"
    assert (
        main(
            [
                "receipt",
                "render",
                "--json",
                str(write(tmp_path, GOOD)),
                "--format",
                "png",
                "--out",
                str(out),
                "--width",
                "58",
                "--large",
            ]
        )
        == 0
    )
    with Image.open(out) as image:
        assert image.width == 384
        assert next(r.text for r in zxingcpp.read_barcodes(image)).startswith("BNHS1|mhs=")


def test_render_escpos(tmp_path: Path) -> None:
    out = tmp_path / "r.bin"
    assert (
        main(
            [
                "receipt",
                "render",
                "--json",
                str(write(tmp_path, GOOD)),
                "--format",
                "escpos",
                "--out",
                str(out),
                "--raster-qr",
            ]
        )
        == 0
    )
    raster = rebuild_raster(decode(out.read_bytes()))
    assert raster.width == 576
    assert next(r.text for r in zxingcpp.read_barcodes(raster)).startswith("BNHS1|")


def test_render_pdf(tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    assert (
        main(
            [
                "receipt",
                "render",
                "--json",
                str(write(tmp_path, GOOD)),
                "--format",
                "pdf",
                "--out",
                str(out),
                "--page",
                "A4",
            ]
        )
        == 0
    )
    assert out.read_bytes().startswith(b"%PDF-")


def test_print_test_needs_a_real_printer(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = tmp_path / "kiosk.toml"
    settings.write_text('[devices.receipt_printer]\nadapter = "simulated"\n', encoding="utf-8")
    assert main(["print-test", "--config", str(settings)]) == 2
    assert "simulated" in capsys.readouterr().err


def test_print_test_to_a_file_is_written_but_not_confirmed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "printer.bin"
    out.touch()
    assert main(["print-test", "--connection", "file", "--target", str(out)]) == 1
    assert "not confirmed" in capsys.readouterr().out
    assert rebuild_raster(decode(out.read_bytes())).width == 576


def test_render_a_practice_receipt(tmp_path: Path) -> None:
    """The JSON key `practice` is accepted: the PDF says "not valid" and the QR carries tap=1."""
    data = {**GOOD, "practice": True, "dossier_code": "TAP-261123-0001"}
    out = tmp_path / "r.pdf"
    argv = ["receipt", "render", "--json", str(write(tmp_path, data)), "--out", str(out)]
    assert main([*argv, "--format", "pdf"]) == 0
    text = subprocess.run(
        ["pdftotext", str(out), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert text.count("BẢN TẬP SỬ DỤNG — KHÔNG CÓ GIÁ TRỊ") >= 2
    png = tmp_path / "r.png"
    assert main([*argv[:-1], str(png), "--format", "png"]) == 0
    with Image.open(png) as image:
        assert next(r.text for r in zxingcpp.read_barcodes(image)).endswith("|tap=1")
