"""Device health as a state per port, with each change reported once (design §2).

A technician reads the transitions (device_events) to see in a minute which device broke and
when; the flows read the current state to hide what needs a device that is not ready.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from kiosk.domain.devices import HealthReport, HealthState

log = logging.getLogger("kiosk.devices")


@dataclass(frozen=True, slots=True)
class HealthChange:
    port: str
    before: HealthState | None  # None: the first reading after start
    after: HealthState
    detail: str
    at: datetime


class HealthTracker:
    """Polls each port's `health()` and keeps only the changes. Call from one thread."""

    def __init__(self, probes: Mapping[str, Callable[[], HealthReport]]) -> None:
        self._probes = dict(probes)
        self._states: dict[str, HealthReport] = {}

    def current(self, port: str) -> HealthReport | None:
        return self._states.get(port)

    def states(self) -> dict[str, HealthState]:
        """Every port's current state (after the last poll), for the availability hub."""
        return {port: report.state for port, report in self._states.items()}

    def poll(self, now: datetime) -> list[HealthChange]:
        changes: list[HealthChange] = []
        for port, probe in self._probes.items():
            try:
                report = probe()
            except Exception as exc:  # a probe that raises is itself a failed device
                report = HealthReport(HealthState.FAILED, f"health check raised: {exc!r}")
            previous = self._states.get(port)
            if previous is not None and previous.state is report.state:
                continue
            self._states[port] = report
            change = HealthChange(
                port, previous.state if previous else None, report.state, report.detail, now
            )
            changes.append(change)
            level = logging.INFO if report.state is HealthState.READY else logging.WARNING
            log.log(level, "%s: %s -> %s %s", port, change.before, report.state, report.detail)
        return changes
