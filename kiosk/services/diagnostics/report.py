"""The diagnostics report: what a technician reads (one line a device) or a script parses (JSON).

Nothing here may hold personal data: details and errors go through `redact.text` before they
land in a `DeviceCheck`, and QR payloads are reduced to their kind and length.
"""

from __future__ import annotations

import msgspec

from kiosk.domain.devices import HealthState

Value = str | int | float | bool | None


class DeviceCheck(msgspec.Struct, frozen=True, kw_only=True):
    port: str  # "card_reader", "qr_source", …
    adapter: str  # "pcsc", "serial", "simulated", …
    connection: str = ""  # where it is: reader match, serial port, SANE name, host:port
    state: HealthState = HealthState.FAILED
    detail: str = ""  # English, redacted
    last_error: str = ""  # English, redacted; "" when the self-test raised nothing
    self_test: dict[str, Value] = msgspec.field(default_factory=dict)
    elapsed_s: float = 0.0

    @property
    def healthy(self) -> bool:
        return self.state is HealthState.READY


class SystemInfo(msgspec.Struct, frozen=True, kw_only=True):
    version: str
    config_file: str
    config_sha256: str
    disk_free_bytes: int | None
    memory_available_bytes: int | None
    memory_total_bytes: int | None
    uptime_s: float | None


class DiagReport(msgspec.Struct, frozen=True, kw_only=True):
    system: SystemInfo
    devices: list[DeviceCheck]

    @property
    def healthy(self) -> bool:
        return all(check.healthy for check in self.devices)


def to_json(report: DiagReport) -> str:
    body = msgspec.to_builtins(report)
    body["healthy"] = report.healthy
    return msgspec.json.encode(body).decode("utf-8")


_MARK = {
    HealthState.READY: "OK  ",
    HealthState.NOT_READY: "DOWN",
    HealthState.NEEDS_TECHNICIAN: "FIX ",
    HealthState.FAILED: "FAIL",
}


def _test_summary(self_test: dict[str, Value]) -> str:
    return ", ".join(f"{key}={value}" for key, value in self_test.items())


def render_text(report: DiagReport) -> str:
    """One line a device, worst news first in the word a technician scans for (OK/DOWN/FIX/FAIL)."""
    s = report.system
    lines = [
        f"kiosk {s.version}  config {s.config_file} sha256 {s.config_sha256[:16]}",
        f"disk free {_size(s.disk_free_bytes)}  memory available {_size(s.memory_available_bytes)}"
        f" of {_size(s.memory_total_bytes)}  uptime {_duration(s.uptime_s)}",
    ]
    width = max((len(c.port) for c in report.devices), default=0)
    for c in report.devices:
        where = f"{c.adapter}:{c.connection}" if c.connection else c.adapter
        line = f"{_MARK[c.state]} {c.port:<{width}}  {where}  {c.state.value}"
        if c.detail:
            line += f" — {c.detail}"
        if c.last_error:
            line += f"  [error: {c.last_error}]"
        if c.self_test:
            line += f"  ({_test_summary(c.self_test)})"
        lines.append(line)
    bad = [c.port for c in report.devices if not c.healthy]
    lines.append("ALL DEVICES HEALTHY" if not bad else f"NOT HEALTHY: {', '.join(bad)}")
    return "\n".join(lines) + "\n"


def _size(n: int | None) -> str:
    if n is None:
        return "unknown"
    for unit in ("B", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "B" else f"{n:.1f} {unit}"
        n = n / 1024  # type: ignore[assignment]
    return f"{n} B"  # pragma: no cover


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return "unknown"
    minutes, _ = divmod(int(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h {minutes}m"
