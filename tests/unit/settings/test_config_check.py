"""`kiosk config check`: each kind of bad settings file exits 2 and names the key and the reason."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from kiosk.cli import main
from kiosk.paths import default_settings_file

ROOT = Path(__file__).resolve().parents[3]


def check(tmp_path: Path, text: str | None, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    path = tmp_path / "kiosk.toml"
    if text is not None:
        path.write_text(text, encoding="utf-8")
    code = main(["config", "check", str(path)])
    out = capsys.readouterr()
    return code, out.out + out.err


@pytest.mark.parametrize(
    ("text", "key", "reason"),
    [
        (None, "", "file not found"),
        ("[panel\nwidth_mm = 1", "", "TOML syntax error"),
        ("[panel]\nwidth_mm = 400\nwidht_px = 1920\n", "panel.widht_px", "unknown key"),
        ("[timeouts]\nform_idle_s = 'ninety'\n", "timeouts.form_idle_s", "Expected `int`"),
        ("[panel]\nwidth_mm = 0\n", "panel.width_mm", "> 0"),
        ("[panel]\nheight_mm = 0.0\n", "panel.height_mm", "> 0"),
        ("bogus = true\n", "bogus", "unknown key"),
        (
            "[devices.card_reader]\nadapter = 'nfc'\n",
            "devices.card_reader.adapter",
            "unknown adapter",
        ),
        (
            "[devices.receipt_printer]\nadapter = 'escpos'\nconnection = 'usb'\n",
            "devices.receipt_printer.target",
            "required key is missing",
        ),
        ("[timeouts]\nmax_extensions = 3\n", "timeouts.max_extensions", ">= 10"),
        (
            "[voice]\nloudspeaker_speaks_personal_data = true\n",
            "voice.loudspeaker_speaks_personal_data",
            "Invalid enum value",
        ),
        ("[security]\nstaff_pin_hash = '1234'\n", "security.staff_pin_hash", "regex"),
        ("[panel]\nwidth_mm = 476.6\nheight_mm = 400\n", "panel", "disagree"),
        (
            "[devices.qr_source]\nadapter = 'camera'\nroi = [0.5, 0.5, 0.7, 0.2]\n",
            "devices.qr_source.roi",
            "inside the frame",
        ),
    ],
    ids=[
        "missing-file",
        "toml-syntax",
        "unknown-key",
        "wrong-type",
        "panel-width-0",
        "panel-height-0",
        "unknown-top-key",
        "unknown-adapter",
        "missing-required",
        "too-few-extensions",
        "pii-on-loudspeaker",
        "plain-pin",
        "non-square-pixels",
        "camera-roi-outside",
    ],
)
def test_bad_config_exits_2_naming_key(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str | None, key: str, reason: str
) -> None:
    code, out = check(tmp_path, text, capsys)
    assert code == 2
    expected_prefix = f"{tmp_path / 'kiosk.toml'}: {key}:" if key else f"{tmp_path / 'kiosk.toml'}:"
    lines = [line for line in out.splitlines() if line.startswith(expected_prefix)]
    assert any(reason in line for line in lines), out
    assert "the kiosk will not start" in out


def test_every_problem_is_reported_at_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = check(
        tmp_path,
        "[panel]\nwidth_mm = 0\nheight_px = 'tall'\nfoo = 1\n[kiosk]\nward_code = '1'\n",
        capsys,
    )
    assert code == 2
    for key in ("panel.width_mm", "panel.height_px", "panel.foo", "kiosk.ward_code"):
        assert f": {key}:" in out, key
    assert "4 problem(s)" in out


def test_adapter_not_in_this_version_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import kiosk.wiring

    # a build without the ESC/POS adapter (every adapter the schema names exists today)
    monkeypatch.setattr(
        kiosk.wiring,
        "AVAILABLE_ADAPTERS",
        kiosk.wiring.AVAILABLE_ADAPTERS - {("receipt_printer", "escpos")},
    )
    code, out = check(
        tmp_path,
        "[devices.receipt_printer]\nadapter = 'escpos'\nconnection = 'usb'\n"
        "target = '0x0416:0x5011'\n",
        capsys,
    )
    assert code == 2
    assert "devices.receipt_printer: adapter 'escpos' is not available" in out


@pytest.mark.parametrize(
    "section",
    [
        "[devices.qr_source]\nadapter = 'serial'\nport = '/dev/ttyACM0'\nsuffix = 'crlf'\n",
        "[devices.qr_source]\nadapter = 'wedge'\ngap_ms = 30\n",
        "[devices.qr_source]\nadapter = 'camera'\ndevice = '/dev/video2'\nfps_cap = 10\n",
    ],
)
def test_the_qr_scanner_adapters_are_available(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], section: str
) -> None:
    code, out = check(tmp_path, section, capsys)
    assert code == 0, out
    assert "real: qr_source=" in out


def test_the_chip_reader_adapter_is_available(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = check(
        tmp_path, "[devices.card_reader]\nadapter = 'pcsc'\ncsca_dir = '/etc/kiosk/csca'\n", capsys
    )
    assert code == 0, out
    assert "real: card_reader=pcsc" in out


def test_shipped_settings_are_valid_and_summarised(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["config", "check", str(default_settings_file())])
    out = capsys.readouterr().out
    assert code == 0
    assert len(out.strip().splitlines()) == 1
    assert "OK" in out and "6 simulated" in out and "4.03 px/mm" in out


def test_empty_file_takes_defaults(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = check(tmp_path, "", capsys)
    assert code == 0, out


def test_console_script_exit_code_is_2_for_real() -> None:
    """The installed entry point, not just main(): what a technician's shell sees."""
    result = subprocess.run(
        [sys.executable, "-m", "kiosk", "config", "check", "/nonexistent/kiosk.toml"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
    )
    assert result.returncode == 2
    assert "/nonexistent/kiosk.toml: file not found" in result.stderr


def test_reference_doc_is_generated_from_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["config", "reference"]) == 0
    generated = capsys.readouterr().out
    committed = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert generated == committed, "docs/settings.md is stale: run `kiosk config reference`"


def test_version_names_the_installed_release(capsys: pytest.CaptureFixture[str]) -> None:
    """The installer and update.sh read it to name releases."""
    from importlib.metadata import version

    with pytest.raises(SystemExit) as caught:
        main(["--version"])
    assert caught.value.code == 0
    assert capsys.readouterr().out.strip() == f"kiosk {version('ward-kiosk')}"
