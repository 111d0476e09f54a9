"""A real speech-dispatcher, started by the tests (devices.tts.speechd_daemon.PrivateSpeechd):
its own config dir and socket, espeak-ng module, and an ALSA `file` PCM as the sound card, so the
audio it plays lands in `audio.raw` (16-bit mono) and sox can measure it. Plus `sox_stats`."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from devices.tts.speechd_daemon import DaemonUnavailable, PrivateSpeechd
from tests.peers.conftest import peer_unavailable

RAW_RATE = 22050  # espeak-ng's output rate; the file PCM stores what the module plays


@dataclass(frozen=True)
class SpeechDispatcher:
    socket: Path
    audio: Path  # raw S16_LE mono written by the ALSA file PCM
    log: Path


@pytest.fixture(scope="module")
def speechd() -> Iterator[SpeechDispatcher]:
    try:
        daemon = PrivateSpeechd()
        daemon.wait_ready()
    except DaemonUnavailable as exc:
        peer_unavailable(str(exc))
    try:
        yield SpeechDispatcher(daemon.socket, daemon.audio, daemon.log)
    finally:
        daemon.close()


def sox_stats(path: Path, raw_rate: int | None = None) -> dict[str, float]:
    """`sox FILE -n stat` as numbers (the real sox measures; we only read its report).
    `raw_rate`: the file is headerless S16_LE mono at that rate."""
    sox = shutil.which("sox")
    if sox is None:
        peer_unavailable("sox is not installed")
    assert sox is not None
    fmt = ["-t", "raw", "-r", str(raw_rate), "-e", "signed", "-b", "16", "-c", "1"]
    command = [sox, *(fmt if raw_rate else []), str(path), "-n", "stat"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    stats: dict[str, float] = {}
    for line in done.stderr.splitlines():
        name, _, value = line.partition(":")
        try:
            stats[name.strip()] = float(value.strip())
        except ValueError:
            continue
    return stats
