"""Device health as a state (not a boolean), shared by every port."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class HealthState(StrEnum):
    READY = "ready"
    NOT_READY = "not_ready"  # transient: retried with back-off (card removed, reader unplugged)
    NEEDS_TECHNICIAN = "needs_technician"  # staff can fix it (paper out, cover open)
    FAILED = "failed"  # the adapter gave up; flows needing it are hidden


@dataclass(frozen=True, slots=True)
class HealthReport:
    state: HealthState
    detail: str = ""  # English, for logs and diagnostics; never personal data

    @property
    def ready(self) -> bool:
        return self.state is HealthState.READY


READY = HealthReport(HealthState.READY)


class DeviceError(Exception):
    """Base of every error a port raises; adapters translate library errors into these."""


class DeviceUnavailable(DeviceError):
    """The device is not there or not ready; the flow should offer another way."""
