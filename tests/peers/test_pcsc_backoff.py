"""The card monitor's reconnect back-off, with pcscd faked away and a ManualClock (no peer)."""

from __future__ import annotations

import threading

import pytest
from smartcard import scard

from devices.pcsc_card.monitor import CardMonitor
from kiosk.domain.devices import HealthState
from kiosk.ports.card_reader import CardEvent
from kiosk.ports.clock import ManualClock


class CountingClock(ManualClock):
    """Records each back-off wait; after `limit` of them it stops the monitor it serves."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.waits: list[float] = []
        self.limit = limit
        self.done = threading.Event()

    def wait(self, seconds: float, cancel: threading.Event | None = None) -> bool:
        self.waits.append(seconds)
        if len(self.waits) >= self.limit:
            self.done.set()
            assert cancel is not None
            cancel.wait()  # hold the monitor here until the test stops it
            return True
        return super().wait(seconds, cancel)


def test_reconnect_backs_off_exponentially_up_to_the_cap(monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[int] = []

    def no_service(scope: int) -> tuple[int, int]:
        attempts.append(scope)
        return scard.SCARD_E_NO_SERVICE, 0

    monkeypatch.setattr(scard, "SCardEstablishContext", no_service)
    events: list[CardEvent] = []
    clock = CountingClock(limit=8)
    monitor = CardMonitor("", clock, events.append, backoff_s=(0.1, 2.0))
    monitor.start()
    try:
        assert clock.done.wait(10)
        health = monitor.health()
    finally:
        monitor.stop()
    assert clock.waits == pytest.approx([0.1, 0.2, 0.4, 0.8, 1.6, 2.0, 2.0, 2.0])
    assert len(attempts) == 8
    assert health.state is HealthState.NOT_READY
    assert "pcscd" in health.detail
    assert events == []
