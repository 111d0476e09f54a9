"""WAV helpers and audio sinks: where rendered speech, recorded prompts and the chime go.

A sink plays one WAV at a time, blocking until played or stopped. `ProcessSink` pipes the WAV
into the first player found (`pw-play`, `paplay`, `aplay`, sox `play`); `FileSink` writes each
WAV to a folder (or nowhere) and is what a machine with no sound card and the tests use. Every
sink notes when it handed over the first sample (`first_sample_at`, monotonic) for bench/voice.py.
"""

from __future__ import annotations

import io
import logging
import math
import shutil
import subprocess
import threading
import time
import wave
from array import array
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from kiosk.ports.clock import Clock

log = logging.getLogger(__name__)


class AudioError(Exception):
    """The audio could not be played or read."""


@dataclass(frozen=True, slots=True)
class WavInfo:
    rate: int
    channels: int
    sample_width: int
    frames: int

    @property
    def seconds(self) -> float:
        return self.frames / self.rate if self.rate else 0.0


def wav_info(data: bytes) -> WavInfo:
    try:
        with wave.open(io.BytesIO(data)) as w:
            return WavInfo(w.getframerate(), w.getnchannels(), w.getsampwidth(), w.getnframes())
    except (wave.Error, EOFError) as exc:
        raise AudioError(f"not a WAV file: {exc}") from None


def pcm_to_wav(pcm: bytes, rate: int, channels: int = 1, sample_width: int = 2) -> bytes:
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(channels)
        w.setsampwidth(sample_width)
        w.setframerate(rate)
        w.writeframes(pcm)
    return out.getvalue()


def fix_streamed_wav(data: bytes) -> bytes:
    """espeak-ng --stdout cannot seek back, so its header says 0x7ffff… frames; rewrite it."""
    if len(data) < 44 or data[:4] != b"RIFF" or data[36:40] != b"data":
        return data
    channels = int.from_bytes(data[22:24], "little")
    rate = int.from_bytes(data[24:28], "little")
    width = int.from_bytes(data[34:36], "little") // 8
    return pcm_to_wav(data[44:], rate, channels, width)


def scale_volume(data: bytes, volume: float) -> bytes:
    """16-bit PCM scaled by `volume` (0..1); other sample widths pass through unchanged."""
    if volume >= 0.999:
        return data
    with wave.open(io.BytesIO(data)) as w:
        params = w.getparams()
        frames = w.readframes(w.getnframes())
    if params.sampwidth != 2:
        return data
    samples = array("h")
    samples.frombytes(frames)
    factor = max(0.0, volume)
    samples = array("h", (int(s * factor) for s in samples))
    return pcm_to_wav(samples.tobytes(), params.framerate, params.nchannels, 2)


def chime_wav(rate: int = 22050) -> bytes:
    """Two soft notes (E5 then C5, 0.25 s each) that say "look at the screen"."""
    samples = array("h")
    for freq in (659.25, 523.25):
        n = int(rate * 0.25)
        for i in range(n):
            envelope = min(1.0, i / (0.01 * rate), (n - i) / (0.08 * rate))
            samples.append(int(9000 * envelope * math.sin(2 * math.pi * freq * i / rate)))
    return pcm_to_wav(samples.tobytes(), rate)


class AudioSink(Protocol):
    first_sample_at: float | None

    def play(self, wav: bytes, stop: threading.Event) -> bool:
        """Blocking; True when played to the end, False when `stop` cut it short."""
        ...

    def describe(self) -> str: ...


class FileSink:
    """Writes each WAV into `folder` (None: discards it), and with a clock takes as long as the
    audio lasts (cut short by `stop`), so callers see a speaker's real timing without a sound
    card."""

    def __init__(self, folder: Path | None = None, clock: Clock | None = None) -> None:
        self._folder = folder
        self._clock = clock
        self._count = 0
        self._lock = threading.Lock()
        self.first_sample_at: float | None = None
        self.played: list[Path] = []
        if folder is not None:
            folder.mkdir(parents=True, exist_ok=True)

    def describe(self) -> str:
        return f"file:{self._folder}" if self._folder else "null"

    def play(self, wav: bytes, stop: threading.Event) -> bool:
        info = wav_info(wav)
        self.first_sample_at = time.monotonic()
        if self._folder is not None:
            with self._lock:
                self._count += 1
                path = self._folder / f"play-{self._count:04d}.wav"
            path.write_bytes(wav)
            with self._lock:
                self.played.append(path)
        if self._clock is not None:
            return not self._clock.wait(info.seconds, stop)
        return not stop.is_set()


PLAYERS: tuple[tuple[str, ...], ...] = (
    ("pw-play", "-"),
    ("paplay",),
    ("aplay", "-q", "-"),
    ("play", "-q", "-t", "wav", "-"),
)


class ProcessSink:
    """Pipes the WAV into a player process; `stop` kills it."""

    def __init__(self, command: tuple[str, ...]) -> None:
        self._command = command
        self.first_sample_at: float | None = None

    @classmethod
    def detect(cls) -> ProcessSink | None:
        for command in PLAYERS:
            if shutil.which(command[0]):
                return cls(command)
        return None

    def describe(self) -> str:
        return " ".join(self._command)

    def play(self, wav: bytes, stop: threading.Event) -> bool:
        if stop.is_set():
            return False
        try:
            proc = subprocess.Popen(
                self._command,
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
        except OSError as exc:
            raise AudioError(f"{self._command[0]}: {exc}") from None
        assert proc.stdin is not None
        self.first_sample_at = time.monotonic()
        feeder = threading.Thread(target=_feed, args=(proc, wav), daemon=True)
        feeder.start()
        while proc.poll() is None:
            if stop.wait(0.05):
                proc.terminate()
                proc.wait(timeout=5)
                feeder.join(timeout=5)
                return False
        feeder.join(timeout=5)
        if proc.returncode != 0:
            err = proc.stderr.read().decode(errors="replace").strip() if proc.stderr else ""
            raise AudioError(f"{self._command[0]} exited {proc.returncode}: {err[:200]}")
        return True


def _feed(proc: subprocess.Popen[bytes], wav: bytes) -> None:
    try:
        assert proc.stdin is not None
        proc.stdin.write(wav)
        proc.stdin.close()
    except (BrokenPipeError, OSError):
        pass  # the player died or was stopped; its exit code tells


def make_sink(output: str, clock: Clock | None = None) -> AudioSink | None:
    """ "auto" (first player found, else None), "null", "file:DIR", or a player command."""
    if output == "auto":
        return ProcessSink.detect()
    if output == "null":
        return FileSink(None, clock)
    if output.startswith("file:"):
        return FileSink(Path(output[5:]), clock)
    command = tuple(output.split())
    if not shutil.which(command[0]):
        log.warning("audio output %r not found", command[0])
        return None
    return ProcessSink(command)
