"""Orchestration of the self-tests: timeouts, raising probes, concurrency, redaction."""

from __future__ import annotations

import threading

from kiosk.domain.devices import HealthReport, HealthState
from kiosk.services.diagnostics.runner import Outcome, Probe, run_probes

ID = "001089012345"


def ok() -> Outcome:
    return Outcome(HealthReport(HealthState.READY), {"answered": True})


def test_each_probe_gives_its_check_in_order() -> None:
    def paper_out() -> Outcome:
        return Outcome(HealthReport(HealthState.NEEDS_TECHNICIAN, "paper out"), {"paper": "out"})

    checks = run_probes(
        [
            Probe("card_reader", "pcsc", "Reader 0", ok),
            Probe("receipt_printer", "escpos", "x", paper_out),
        ]
    )
    assert [c.port for c in checks] == ["card_reader", "receipt_printer"]
    assert checks[0].healthy and checks[0].self_test == {"answered": True}
    assert checks[1].state is HealthState.NEEDS_TECHNICIAN and checks[1].detail == "paper out"
    assert not checks[1].healthy


def test_a_probe_that_raises_is_a_failed_device_with_a_redacted_error() -> None:
    def boom() -> Outcome:
        raise OSError(f"cannot read card of {ID} 'Nguyễn Văn Án sent this'")

    (check,) = run_probes([Probe("card_reader", "pcsc", "", boom)])
    assert check.state is HealthState.FAILED
    assert check.last_error.startswith("OSError: cannot read card of <12 digits>")
    assert ID not in check.last_error and "Nguyễn" not in check.last_error


def test_a_probe_that_never_finishes_is_reported_after_its_timeout() -> None:
    release = threading.Event()

    def hangs() -> Outcome:
        release.wait(30)
        return ok()

    waited: list[float] = []

    def expired(event: threading.Event, timeout_s: float) -> bool:
        waited.append(timeout_s)
        return event.is_set()  # the deadline passed without the probe finishing

    times = iter([100.0, 100.0, 107.5])
    try:
        (check,) = run_probes(
            [Probe("document_scanner", "sane", "test:0", hangs, timeout_s=7.5)],
            wait=expired,
            monotonic=lambda: next(times),
        )
    finally:
        release.set()
    assert waited == [7.5]
    assert check.state is HealthState.FAILED
    assert check.detail == "self-test did not finish within 7.5 s"
    assert check.last_error == "timeout"


def test_probes_run_at_the_same_time() -> None:
    """A 10 s QR listen must not add to every other device's time: they run concurrently."""
    second_started = threading.Event()

    def first() -> Outcome:
        if not second_started.wait(10):
            raise AssertionError("the second probe did not start while the first ran")
        return ok()

    def second() -> Outcome:
        second_started.set()
        return ok()

    checks = run_probes(
        [Probe("qr_source", "serial", "", first), Probe("portal", "http", "", second)]
    )
    assert [c.state for c in checks] == [HealthState.READY, HealthState.READY]
