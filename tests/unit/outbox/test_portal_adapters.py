"""The `local` portal adapter and the `http` adapter's configuration checks."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.portal_http import HttpPortal
from kiosk.domain.devices import HealthState
from kiosk.ports.clock import ManualClock
from kiosk.ports.portal import DossierNotFound, PortalOffline, PortalRejected
from kiosk.services.portal_local.adapter import LocalPortal
from kiosk.store.db import sqlite_url
from tests.peers.gateway_fixtures import submission


@pytest.mark.parametrize(
    ("url", "token", "problem"),
    [
        ("ftp://gateway", "t" * 20, "base_url"),
        ("https://", "t" * 20, "base_url"),
        ("gateway.ward.vn", "t" * 20, "base_url"),
        ("https://gateway.ward.vn", "  ", "token"),
    ],
)
def test_http_adapter_refuses_bad_settings(url: str, token: str, problem: str) -> None:
    with pytest.raises(ValueError, match=problem):
        HttpPortal(url, token, kiosk_id="k1")


def test_http_adapter_token_file_and_missing_ca(tmp_path: Path) -> None:
    token = tmp_path / "portal-token"
    token.write_text("secret-token-for-this-kiosk\n")
    portal = HttpPortal.from_token_file("https://127.0.0.1:9", token, kiosk_id="k1")
    assert portal.health().ready
    with pytest.raises(FileNotFoundError):
        HttpPortal("https://gw", "t" * 20, kiosk_id="k1", ca_bundle=tmp_path / "missing.pem")


@pytest.fixture
def local(tmp_path: Path) -> Iterator[LocalPortal]:
    portal = LocalPortal(
        sqlite_url(tmp_path / "ward-register.db"), ManualClock(), unit_code="000.00.12.H29.K01"
    )
    yield portal
    portal.close()


def test_local_portal_registers_once_and_reports_status(local: LocalPortal) -> None:
    ack = local.submit(submission("a1b2c3d4-0001"))
    assert ack.dossier_code == "000.00.12.H29.K01-261123-0001"
    assert local.submit(submission("a1b2c3d4-0001")).dossier_code == ack.dossier_code
    status = local.status(ack.dossier_code)
    assert (status.status, status.appointment_date) == ("received", ack.appointment_date)
    with pytest.raises(DossierNotFound):
        local.status("000.00.12.H29.K01-261123-0002")
    with pytest.raises(PortalRejected):
        local.submit(submission("a1b2c3d4-0001", name="Khác"))
    assert local.health().ready
    local.close()
    local.close()  # idempotent
    assert local.health().state is HealthState.NOT_READY
    with pytest.raises(PortalOffline):
        local.submit(submission("a1b2c3d4-0002"))


def test_local_codes_parse_as_dossier_codes(local: LocalPortal) -> None:
    from kiosk.services.qr_payloads.codes import parse_dossier_code

    code = local.submit(submission("a1b2c3d4-0003")).dossier_code
    parsed = parse_dossier_code(code)
    assert parsed is not None and parsed.date_ok


def test_local_portal_is_cheap_until_opened(tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys, kiosk.services.portal_local.adapter as a;"
        "assert 'sqlalchemy' not in sys.modules and 'holidays' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
    portal = LocalPortal(sqlite_url(tmp_path / "r.db"), ManualClock())
    assert portal.health().state is HealthState.NOT_READY  # not opened yet
    portal.open()
    portal.open()  # idempotent
    assert portal.health().ready
    portal.close()


def test_local_portal_unwritable_register_is_offline(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    portal = LocalPortal(sqlite_url(blocker / "sub" / "r.db"), ManualClock())
    with pytest.raises(PortalOffline, match="cannot be opened"):
        portal.submit(submission("a1b2c3d4-0009"))


def test_local_portal_bad_unit_code() -> None:
    with pytest.raises(ValueError, match="unit code"):
        LocalPortal("sqlite://", ManualClock(), unit_code="phường 1")
