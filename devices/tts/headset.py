"""Is a headset plugged in? Only the audio system can say; when it cannot, the answer is no.

PulseAudio/PipeWire (`pactl list sinks`): the active port of a sink is a headphone port and is
reported "available". ALSA (`amixer -c N contents`): a "Headphone Jack" (or "Headset Jack")
control reads `on`. Results are cached for a couple of seconds: the probe runs per utterance on
the speech thread, never on the GUI thread.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import time

_PORT = re.compile(r"^\s*([\w.-]+): .*\((.*)\)\s*$")
_HEADPHONE = re.compile(r"head(phone|set)", re.IGNORECASE)


def pactl_reports_headset(output: str) -> bool:
    """Parse `pactl list sinks` (PulseAudio or pipewire-pulse) output."""
    for sink in re.split(r"^Sink #", output, flags=re.MULTILINE)[1:]:
        active = re.search(r"^\s*Active Port:\s*(\S+)", sink, re.MULTILINE)
        if active is None or not _HEADPHONE.search(active.group(1)):
            continue
        for line in sink.splitlines():
            m = _PORT.match(line)
            if m and m.group(1) == active.group(1):
                details = m.group(2)
                if re.search(r"(?<!not )\bavailable\b", details) and "not available" not in details:
                    return True
    return False


def amixer_reports_headset(output: str) -> bool:
    """Parse `amixer -c N contents`: a jack control named Headphone/Headset Jack that is on."""
    for block in re.split(r"^numid=", output, flags=re.MULTILINE)[1:]:
        name = re.search(r"name='([^']*)'", block)
        if name is None or not re.search(r"head(phone|set)\b.*jack", name.group(1), re.I):
            continue
        value = re.search(r":\s*values=(\w+)", block)
        if value is not None and value.group(1).lower() in {"on", "1", "true"}:
            return True
    return False


def _run(command: list[str]) -> str | None:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=3)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout if done.returncode == 0 else None


class SystemHeadsetDetector:
    """`HeadsetDetector` over pactl, then amixer; False when neither can tell."""

    def __init__(self, cards: tuple[int, ...] = (0, 1, 2), cache_s: float = 2.0) -> None:
        self._cards = cards
        self._cache_s = cache_s
        self._lock = threading.Lock()
        self._at = -1e9
        self._value = False

    def available(self) -> str:
        """Which tool would answer ("pactl", "amixer") or "" (never private)."""
        for tool in ("pactl", "amixer"):
            if shutil.which(tool):
                return tool
        return ""

    def headset_connected(self) -> bool:
        with self._lock:
            if time.monotonic() - self._at < self._cache_s:
                return self._value
        value = self._probe()
        with self._lock:
            self._at, self._value = time.monotonic(), value
        return value

    def _probe(self) -> bool:
        if shutil.which("pactl"):
            out = _run(["pactl", "list", "sinks"])
            if out is not None:
                return pactl_reports_headset(out)
        if shutil.which("amixer"):
            for card in self._cards:
                out = _run(["amixer", "-c", str(card), "contents"])
                if out is not None and amixer_reports_headset(out):
                    return True
        return False


class NoHeadset:
    """For kiosks without jack sensing: never private."""

    def headset_connected(self) -> bool:
        return False
