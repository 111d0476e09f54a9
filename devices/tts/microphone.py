"""Microphone and playback for the staff prompt recorder (ports AudioSource, AudioPlayer).

Recording runs `arecord` (alsa-utils) or sox's `rec`, which write a WAV to stdout until told to
stop (SIGINT lets them finish the file). The kiosk has no QtMultimedia (it is in PySide6-Addons).
"""

from __future__ import annotations

import shutil
import signal
import subprocess
import threading

from devices.tts.audio import AudioSink, fix_streamed_wav, scale_volume
from kiosk.domain.devices import DeviceUnavailable

RECORDERS: tuple[tuple[str, ...], ...] = (
    ("arecord", "-q", "-f", "S16_LE", "-r", "22050", "-c", "1", "-t", "wav", "-"),
    ("rec", "-q", "-r", "22050", "-c", "1", "-b", "16", "-t", "wav", "-"),
)


class ProcessAudioSource:
    def __init__(self, command: tuple[str, ...] | None = None) -> None:
        self._command = command
        self._proc: subprocess.Popen[bytes] | None = None
        self._chunks: list[bytes] = []
        self._reader: threading.Thread | None = None

    @staticmethod
    def detect() -> tuple[str, ...] | None:
        for command in RECORDERS:
            if shutil.which(command[0]):
                return command
        return None

    def start(self) -> None:
        command = self._command or self.detect()
        if command is None:
            raise DeviceUnavailable("no recorder program (arecord or sox rec) installed")
        try:
            self._proc = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL
            )
        except OSError as exc:
            raise DeviceUnavailable(f"{command[0]}: {exc}") from None
        self._chunks = []
        self._reader = threading.Thread(target=self._read, name="mic-reader", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self._proc is not None and self._proc.stdout is not None
        for chunk in iter(lambda: self._proc.stdout.read(8192), b""):  # type: ignore[union-attr]
            self._chunks.append(chunk)

    def stop(self) -> bytes:
        proc, self._proc = self._proc, None
        if proc is None:
            raise DeviceUnavailable("not recording")
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        if self._reader is not None:
            self._reader.join(timeout=5)
        data = b"".join(self._chunks)
        if not data:
            raise DeviceUnavailable("the microphone gave no sound")
        return fix_streamed_wav(data)


class SinkPlayer:
    """`AudioPlayer` over an audio sink (the recorder's playback)."""

    def __init__(self, sink: AudioSink) -> None:
        self._sink = sink
        self._stop = threading.Event()

    def play(self, wav: bytes, volume: float = 1.0) -> None:
        self._stop = threading.Event()
        self._sink.play(scale_volume(wav, volume), self._stop)

    def stop(self) -> None:
        self._stop.set()
