"""`kiosk gateway …` sub-commands: registration, and the staff tools on a SQLite register."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from gateway.cli import main, register
from kiosk.ports.clock import ManualClock
from kiosk.services.portal_local.adapter import LocalPortal
from kiosk.store.db import sqlite_url
from tests.peers.gateway_fixtures import submission


def test_register_adds_the_gateway_commands() -> None:
    parser = argparse.ArgumentParser(prog="kiosk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(["gateway", "serve", "--token-file", "t", "--port", "0"])
    assert callable(args.handler) and args.port == 0 and args.host == "127.0.0.1"
    with pytest.raises(SystemExit):
        parser.parse_args(["gateway", "serve"])  # --token-file is required


def test_status_and_set_status(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = sqlite_url(tmp_path / "ward.db")
    portal = LocalPortal(url, ManualClock(), unit_code="000.00.00.H00")
    code = portal.submit(submission("c0ffee00-0001")).dossier_code
    portal.close()

    assert main(["status", code, "--db", url]) == 0
    assert "received" in capsys.readouterr().out
    assert main(["set-status", code, "done", "--db", url]) == 0
    assert main(["status", code, "--db", url]) == 0
    assert " done " in capsys.readouterr().out
    assert main(["set-status", code, "lost", "--db", url]) == 2
    assert main(["status", "000.00.00.H00-261123-0999", "--db", url]) == 1
    assert "unknown status" in capsys.readouterr().err


def test_serve_needs_both_tls_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tokens = tmp_path / "tokens"
    tokens.write_text("kiosk-01 a-long-enough-token-1234\n")
    cert = tmp_path / "c.pem"
    assert main(["serve", "--token-file", str(tokens), "--tls-cert", str(cert)]) == 2
    assert "go together" in capsys.readouterr().err
