"""The report: one line a device for a technician, JSON for scripts, and no personal data."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.devices import HealthState
from kiosk.services.diagnostics import redact
from kiosk.services.diagnostics.report import (
    DeviceCheck,
    DiagReport,
    SystemInfo,
    render_text,
    to_json,
)

SYSTEM = SystemInfo(
    version="0.1.0",
    config_file="/etc/kiosk.toml",
    config_sha256="ab" * 32,
    disk_free_bytes=5 * 1024**3,
    memory_available_bytes=1024**3,
    memory_total_bytes=4 * 1024**3,
    uptime_s=90061.0,
)


def report(*checks: DeviceCheck) -> DiagReport:
    return DiagReport(system=SYSTEM, devices=list(checks))


def test_one_line_a_device_and_the_broken_one_named() -> None:
    text = render_text(
        report(
            DeviceCheck(
                port="card_reader", adapter="pcsc", connection="ACS", state=HealthState.READY
            ),
            DeviceCheck(
                port="receipt_printer",
                adapter="escpos",
                connection="network:10.0.0.5:9100",
                state=HealthState.NEEDS_TECHNICIAN,
                detail="paper out",
                self_test={"paper": "out"},
            ),
        )
    )
    lines = text.splitlines()
    assert lines[0].startswith("kiosk 0.1.0") and "sha256 abababab" in lines[0]
    assert "disk free 5.0 GiB" in lines[1] and "uptime 1d 1h 1m" in lines[1]
    assert lines[2].startswith("OK   card_reader") and "pcsc:ACS" in lines[2]
    assert lines[3].startswith("FIX  receipt_printer")
    assert "needs_technician — paper out" in lines[3] and "paper=out" in lines[3]
    assert lines[4] == "NOT HEALTHY: receipt_printer"
    assert len(lines) == 5


def test_all_healthy_says_so_and_json_carries_the_flag() -> None:
    r = report(DeviceCheck(port="portal", adapter="http", state=HealthState.READY))
    assert render_text(r).splitlines()[-1] == "ALL DEVICES HEALTHY"
    assert '"healthy":true' in to_json(r)
    bad = report(DeviceCheck(port="portal", adapter="http", state=HealthState.NOT_READY))
    assert '"healthy":false' in to_json(bad) and not bad.healthy


def test_mrz_lines_and_quoted_payloads_are_masked() -> None:
    message = "bad MRZ IDVNM0890123458001089012345<<8 and payload '001089012345|Nguyễn Văn Án|...'"
    masked = redact.text(message)
    assert "<mrz>" in masked and "'…'" in masked
    assert "001089012345" not in masked and "Nguyễn" not in masked


@given(st.text(max_size=40), st.from_regex(r"\A[0-9]{9,12}\Z"), st.text(max_size=40))
def test_no_id_number_survives_redaction(before: str, number: str, after: str) -> None:
    assert number not in redact.text(f"{before} {number} {after}")


def test_a_qr_is_reported_as_kind_and_length_only() -> None:
    card = (
        "001089012345|123456789|Nguyễn Văn Án|01011989|Nam|Số 12 Ngõ 34, Phường Trúc Bạch|15062021"
    )
    assert redact.qr_payload(card) == {"kind": "card_qr", "length": len(card)}
    assert redact.qr_payload("hello") == {"kind": "unknown", "length": 5}
