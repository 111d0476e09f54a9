"""`kiosk diag` exit codes and output, with the simulated adapters (real peers: tests/peers)."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import pytest

from devices.diagnostics.cli import EXIT_HEALTHY, EXIT_UNHEALTHY, EXIT_USAGE, main
from kiosk.services.diagnostics.system import system_info


def config(tmp_path: Path, extra: str = "") -> Path:
    path = tmp_path / "kiosk.toml"
    path.write_text("schema_version = 1\n" + extra, encoding="utf-8")
    return path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out), out.getvalue()


def test_simulated_devices_are_healthy_one_line_each(tmp_path: Path) -> None:
    file = config(tmp_path)
    code, text = run("--config", str(file), "--listen-s", "0")
    assert code == EXIT_HEALTHY
    lines = text.splitlines()
    assert lines[-1] == "ALL DEVICES HEALTHY"
    ports = [line.split()[1] for line in lines[2:-1]]
    assert ports == [
        "card_reader",
        "qr_source",
        "document_scanner",
        "receipt_printer",
        "speaker",
        "portal",
    ]
    assert hashlib.sha256(file.read_bytes()).hexdigest()[:16] in lines[0]


def test_json_report(tmp_path: Path) -> None:
    file = config(tmp_path)
    code, text = run("--json", "--config", str(file), "--listen-s", "0")
    body = json.loads(text)
    assert code == EXIT_HEALTHY and body["healthy"] is True
    assert body["system"]["config_sha256"] == hashlib.sha256(file.read_bytes()).hexdigest()
    assert {d["adapter"] for d in body["devices"]} == {"simulated"}


def test_a_device_that_cannot_even_be_built_is_failed_and_the_rest_still_reported(
    tmp_path: Path,
) -> None:
    file = config(
        tmp_path,
        '[devices.portal]\nadapter = "http"\nbase_url = "https://dvc.example.vn"\n'
        f'token_file = "{tmp_path / "missing-token"}"\n',
    )
    code, text = run("--json", "--config", str(file), "--listen-s", "0")
    found = {d["port"]: d for d in json.loads(text)["devices"]}
    assert code == EXIT_UNHEALTHY
    assert found["portal"]["state"] == "failed" and found["portal"]["last_error"]
    assert found["card_reader"]["state"] == "ready"


@pytest.mark.parametrize(
    "argv",
    [["--listen-s", "soon"], ["--listen-s", "-1"], ["--bogus"]],
)
def test_bad_arguments_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv, io.StringIO()) == EXIT_USAGE
    assert capsys.readouterr().err


def test_a_bad_or_missing_settings_file_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("--config", str(tmp_path / "nope.toml"))[0] == EXIT_USAGE
    bad = config(tmp_path, '[devices.card_reader]\nadapter = "nfc-magic"\n')
    assert run("--config", str(bad))[0] == EXIT_USAGE
    assert "card_reader" in capsys.readouterr().err


def test_system_info_from_proc(tmp_path: Path) -> None:
    proc = tmp_path / "proc"
    proc.mkdir()
    (proc / "meminfo").write_text("MemTotal:  4000 kB\nMemAvailable:  1000 kB\n", encoding="ascii")
    (proc / "uptime").write_text("3600.50 100.0\n", encoding="ascii")
    file = config(tmp_path)
    info = system_info(file, tmp_path, proc)
    assert (info.memory_total_bytes, info.memory_available_bytes) == (4_096_000, 1_024_000)
    assert info.uptime_s == 3600.5 and info.disk_free_bytes and info.disk_free_bytes > 0
    empty = system_info(file, tmp_path, tmp_path / "no-proc")
    assert empty.uptime_s is None and empty.memory_total_bytes is None
