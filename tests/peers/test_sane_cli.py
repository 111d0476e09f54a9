"""`kiosk scan` against SANE's test backend: the PDF is packed by printing.paper_pdf."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pikepdf
import pytest

from devices.sane_scanner.cli import main
from tests.peers.sane import sane_test_dir  # noqa: F401  (fixture)

pytestmark = [pytest.mark.peer, pytest.mark.usefixtures("sane_test_dir")]

ROOT = Path(__file__).resolve().parents[2]


def pdf_pages(path: Path) -> int:
    with pikepdf.open(path) as pdf:
        return len(pdf.pages)


def test_one_page_from_the_first_scanner(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "giay.pdf"
    assert main(["--out", str(out), "--dpi", "100"]) == 0
    assert pdf_pages(out) == 1
    said = capsys.readouterr().out
    assert "1 page(s)" in said and "KB" in said


def test_three_pages_from_the_feeder_of_a_named_device(tmp_path: Path) -> None:
    out = tmp_path / "giay.pdf"
    assert main(["--out", str(out), "--device", "test:1", "--pages", "3", "--mode", "gray"]) == 0
    assert pdf_pages(out) == 3
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".scan-")]  # no temp left


def test_an_unknown_device_is_exit_2_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "giay.pdf"
    assert main(["--out", str(out), "--device", "nosuch:0"]) == 2
    err = capsys.readouterr().err
    assert "NoDevice" in err and "nosuch:0" in err
    assert not out.exists()


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["--out", "x.png"], ".pdf"),
        (["--out", "/nonexistent/dir/x.pdf"], "does not exist"),
        (["--out", "x.pdf", "--pages", "2", "--source", "flatbed"], "--source adf"),
    ],
)
def test_bad_arguments_are_exit_2(
    argv: list[str], says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(argv) == 2
    assert says in capsys.readouterr().err


@pytest.mark.parametrize("argv", [["--out", "x.pdf", "--pages", "0"], ["--pages", "2"]])
def test_argparse_rejects_nonsense_with_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert caught.value.code == 2


def test_a_fresh_process_reads_the_tests_sane_config(
    tmp_path: Path,
    sane_test_dir: Path,  # noqa: F811
) -> None:
    # libsane reads SANE_CONFIG_DIR at sane_init: a new process with the variable sees test:0,
    # and the 300 mm bed gives a full A4 page.
    out = tmp_path / "a4.pdf"
    env = {**os.environ, "SANE_CONFIG_DIR": str(sane_test_dir)}
    done = subprocess.run(
        [sys.executable, "-m", "devices.sane_scanner.cli", "--out", str(out), "--dpi", "200"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    with pikepdf.open(out) as pdf:
        box = [float(v) for v in pdf.pages[0].mediabox]
    # A4 is 595 x 842 pt; a 200 mm bed would give a 567 pt tall page
    assert abs(box[2] - box[0] - 595) < 3 and abs(box[3] - box[1] - 842) < 3
