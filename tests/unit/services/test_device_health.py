from __future__ import annotations

from datetime import UTC, datetime

import pytest

from kiosk.domain.devices import READY, HealthReport, HealthState
from kiosk.services.device_health import HealthTracker

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def test_only_changes_are_reported_once_each(caplog: pytest.LogCaptureFixture) -> None:
    printer = [READY]
    tracker = HealthTracker({"receipt_printer": lambda: printer[0]})
    first = tracker.poll(T0)
    assert [(c.before, c.after) for c in first] == [(None, HealthState.READY)]
    assert tracker.poll(T0) == []  # no change, nothing reported
    printer[0] = HealthReport(HealthState.NEEDS_TECHNICIAN, "paper out")
    [change] = tracker.poll(T0)
    assert (change.before, change.after, change.detail) == (
        HealthState.READY,
        HealthState.NEEDS_TECHNICIAN,
        "paper out",
    )
    assert tracker.poll(T0) == []
    assert sum("paper out" in r.message for r in caplog.records) == 1
    assert tracker.current("receipt_printer") == printer[0]


def test_a_probe_that_raises_is_a_failed_device() -> None:
    def broken() -> HealthReport:
        raise OSError("usb gone")

    tracker = HealthTracker({"card_reader": broken, "speaker": lambda: READY})
    changes = {c.port: c for c in tracker.poll(T0)}
    assert changes["card_reader"].after is HealthState.FAILED
    assert "usb gone" in changes["card_reader"].detail
    assert changes["speaker"].after is HealthState.READY
