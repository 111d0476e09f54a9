"""Run every device's self-test at once, each bounded by its own timeout.

A hung driver (a USB scanner that never answers, a printer whose network card accepts but never
replies) must not hang the technician's command: each probe runs on its own daemon thread and is
reported FAILED when it has not finished in time; the command still prints every other device.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import msgspec

from kiosk.domain.devices import HealthReport, HealthState
from kiosk.services.diagnostics import redact
from kiosk.services.diagnostics.report import DeviceCheck, Value

Waiter = Callable[[threading.Event, float], bool]  # Event.wait with a timeout: True when set


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one self-test found: the device's health after the test, and what the test saw."""

    health: HealthReport
    self_test: dict[str, Value] = field(default_factory=dict)
    last_error: str = ""  # already redacted


@dataclass(frozen=True, slots=True)
class Probe:
    port: str
    adapter: str
    connection: str
    run: Callable[[], Outcome]  # blocking; may raise
    timeout_s: float = 15.0


def _event_wait(event: threading.Event, timeout_s: float) -> bool:
    return event.wait(timeout_s)


def run_probes(
    probes: Sequence[Probe],
    *,
    wait: Waiter = _event_wait,
    monotonic: Callable[[], float] = time.monotonic,
) -> list[DeviceCheck]:
    """Every probe's DeviceCheck, in the order given; they run concurrently."""
    slots: list[_Slot] = [_Slot(probe) for probe in probes]
    for slot in slots:
        slot.start(monotonic)
    return [slot.result(wait, monotonic) for slot in slots]


class _Slot:
    def __init__(self, probe: Probe) -> None:
        self.probe = probe
        self.done = threading.Event()
        self.outcome: Outcome | None = None
        self.error: BaseException | None = None
        self.started = 0.0
        self.finished = 0.0

    def start(self, monotonic: Callable[[], float]) -> None:
        self.started = monotonic()

        def body() -> None:
            try:
                self.outcome = self.probe.run()
            except Exception as exc:  # a self-test that raises is a failed device, not a crash
                self.error = exc
            finally:
                self.finished = monotonic()
                self.done.set()

        threading.Thread(target=body, name=f"diag-{self.probe.port}", daemon=True).start()

    def result(self, wait: Waiter, monotonic: Callable[[], float]) -> DeviceCheck:
        p = self.probe
        remaining = max(0.0, self.started + p.timeout_s - monotonic())
        check = DeviceCheck(port=p.port, adapter=p.adapter, connection=redact.text(p.connection))
        if not wait(self.done, remaining):
            return msgspec.structs.replace(
                check,
                state=HealthState.FAILED,
                detail=f"self-test did not finish within {p.timeout_s:g} s",
                last_error="timeout",
                elapsed_s=round(p.timeout_s, 3),
            )
        elapsed = round(max(0.0, self.finished - self.started), 3)
        if self.outcome is None:
            error = self.error or RuntimeError("self-test returned nothing")
            return msgspec.structs.replace(
                check,
                state=HealthState.FAILED,
                detail="self-test raised",
                last_error=redact.error(error),
                elapsed_s=elapsed,
            )
        out = self.outcome
        return msgspec.structs.replace(
            check,
            state=out.health.state,
            detail=redact.text(out.health.detail),
            last_error=redact.text(out.last_error),
            self_test=dict(out.self_test),
            elapsed_s=elapsed,
        )
