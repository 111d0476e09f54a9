"""The kiosk itself: version, settings hash, disk, memory, uptime (Linux /proc; None elsewhere)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from kiosk.services.diagnostics.report import SystemInfo


def config_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def kiosk_version() -> str:
    from kiosk import __version__

    return __version__


def _meminfo(proc: Path) -> tuple[int | None, int | None]:
    try:
        lines = (proc / "meminfo").read_text(encoding="ascii").splitlines()
    except OSError:
        return None, None
    values: dict[str, int] = {}
    for line in lines:
        key, _, rest = line.partition(":")
        parts = rest.split()
        if parts and parts[0].isdigit():
            values[key] = int(parts[0]) * 1024  # /proc/meminfo counts kB
    return values.get("MemAvailable"), values.get("MemTotal")


def _uptime(proc: Path) -> float | None:
    try:
        return float((proc / "uptime").read_text(encoding="ascii").split()[0])
    except (OSError, ValueError, IndexError):
        return None


def system_info(config_file: Path, data_dir: Path, proc: Path = Path("/proc")) -> SystemInfo:
    try:
        disk_free: int | None = shutil.disk_usage(data_dir).free
    except OSError:
        disk_free = None
    available, total = _meminfo(proc)
    return SystemInfo(
        version=kiosk_version(),
        config_file=str(config_file),
        config_sha256=config_sha256(config_file),
        disk_free_bytes=disk_free,
        memory_available_bytes=available,
        memory_total_bytes=total,
        uptime_s=_uptime(proc),
    )
