"""The speech engines the chain tries in order: prompt pack, Piper, espeak-ng, chime.

(speech-dispatcher is in devices/tts/speechd.py.) Each engine says one utterance, blocking,
or raises `EngineFailed` so the chain falls back to the next engine for that utterance only.
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Protocol

from devices.tts.audio import AudioError, AudioSink, chime_wav, fix_streamed_wav, scale_volume
from kiosk.ports.speaker import EngineStatus, Utterance
from kiosk.services.speech_text.prompt_pack import (
    LoadedPack,
    PackError,
    load_pack,
    normalise_for_match,
    sha256_of,
)

log = logging.getLogger(__name__)

ESPEAK_DEFAULT_WPM = 175  # espeak-ng's own default speed; rate 1.0


class EngineFailed(Exception):
    """This engine cannot say this utterance; the chain tries the next one."""


class Engine(Protocol):
    name: str

    def probe(self) -> EngineStatus:
        """Find out, once at open, whether the engine is there (never raises)."""
        ...

    def say(self, utterance: Utterance, spoken: str, stop: threading.Event) -> bool:
        """Say it (`spoken`: normalised text); True if finished, False if stopped."""
        ...

    def cancel(self) -> None:
        """Cut short what is being said; from any thread."""
        ...


def _play(sink: AudioSink | None, wav: bytes, volume: float, stop: threading.Event) -> bool:
    if sink is None:
        raise EngineFailed("no audio output")
    try:
        return sink.play(scale_volume(wav, volume), stop)
    except AudioError as exc:
        raise EngineFailed(str(exc)) from None


class PackEngine:
    """A recorded prompt pack: plays the file recorded for this prompt id and this text."""

    name = "pack"

    def __init__(self, folder: Path | None, sink: AudioSink | None) -> None:
        self._folder = folder
        self._sink = sink
        self._pack: LoadedPack | None = None
        self._scaled: dict[tuple[str, float], bytes] = {}

    def probe(self) -> EngineStatus:
        if self._folder is None:
            return EngineStatus(self.name, False, "no pack configured")
        if self._sink is None:
            return EngineStatus(self.name, False, "no audio output")
        try:
            self._pack = load_pack(self._folder)
        except PackError as exc:
            return EngineStatus(self.name, False, str(exc))
        good, bad = len(self._pack.entries), len(self._pack.problems)
        return EngineStatus(self.name, good > 0, f"{good} prompts, {bad} left out ({self._folder})")

    def say(self, utterance: Utterance, spoken: str, stop: threading.Event) -> bool:
        entry = self._pack.entries.get(utterance.prompt_id) if self._pack else None
        if entry is None:
            raise EngineFailed("not in the pack")
        if normalise_for_match(entry.text) != normalise_for_match(utterance.text):
            raise EngineFailed("recorded for another wording")
        try:
            wav = entry.path.read_bytes()
        except OSError as exc:
            raise EngineFailed(f"file unreadable: {exc.strerror}") from None
        if sha256_of(wav) != entry.sha256:  # changed on disk since start
            raise EngineFailed("checksum mismatch")
        key = (entry.sha256, utterance.volume)
        scaled = self._scaled.get(key)
        if scaled is None:  # scaling in Python costs ~20 ms a prompt: once per volume level
            scaled = self._scaled[key] = scale_volume(wav, utterance.volume)
        return _play(self._sink, scaled, 1.0, stop)

    def cancel(self) -> None:
        pass  # the sink watches the stop event


class EspeakEngine:
    """espeak-ng run directly: text → WAV (about 20 ms a sentence) → the sink."""

    name = "espeak"

    def __init__(self, voice: str, sink: AudioSink | None, binary: str = "espeak-ng") -> None:
        self._voice = voice
        self._sink = sink
        self._binary = binary

    def probe(self) -> EngineStatus:
        path = shutil.which(self._binary)
        if path is None:
            return EngineStatus(self.name, False, "not installed")
        if self._sink is None:
            return EngineStatus(self.name, False, "no audio output")
        try:
            voices = subprocess.run(
                [path, f"--voices={self._voice.split('-')[0]}"],
                capture_output=True,
                text=True,
                timeout=10,
            ).stdout
        except (OSError, subprocess.SubprocessError) as exc:
            return EngineStatus(self.name, False, f"cannot run: {exc}")
        if self._voice.lower() not in voices.lower():
            return EngineStatus(self.name, False, f"no voice {self._voice!r}")
        return EngineStatus(self.name, True, f"voice {self._voice}")

    def render(self, spoken: str, rate: float) -> bytes:
        wpm = max(80, min(450, round(ESPEAK_DEFAULT_WPM * rate)))
        try:
            done = subprocess.run(
                [self._binary, "-v", self._voice, "-s", str(wpm), "--stdout", "--", spoken],
                capture_output=True,
                timeout=30,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            raise EngineFailed(f"espeak-ng: {exc}") from None
        if done.returncode != 0 or not done.stdout:
            raise EngineFailed(f"espeak-ng exited {done.returncode}: {done.stderr[:200]!r}")
        return fix_streamed_wav(done.stdout)

    def say(self, utterance: Utterance, spoken: str, stop: threading.Event) -> bool:
        return _play(self._sink, self.render(spoken, utterance.rate), utterance.volume, stop)

    def cancel(self) -> None:
        pass


class PiperEngine:
    """A Piper voice file (`*.onnx` + `*.onnx.json`) through the `piper` program, when both are
    on the device. Nothing is downloaded at run time; absent → "not installed" in diagnostics.

    Not verified against a real Piper here (none is installed; see docs/decisions/0006-voice.md):
    it uses the documented CLI, text on stdin, `--model` and `--output_file`.
    """

    name = "piper"

    def __init__(self, model: Path | None, sink: AudioSink | None, binary: str = "piper") -> None:
        self._model = model
        self._sink = sink
        self._binary = binary

    def probe(self) -> EngineStatus:
        if shutil.which(self._binary) is None:
            return EngineStatus(self.name, False, "not installed")
        if self._model is None:
            return EngineStatus(self.name, False, "no voice file configured")
        if not self._model.is_file() or not Path(f"{self._model}.json").is_file():
            return EngineStatus(self.name, False, f"voice file missing: {self._model}")
        if self._sink is None:
            return EngineStatus(self.name, False, "no audio output")
        return EngineStatus(self.name, True, f"voice {self._model.name}")

    def say(self, utterance: Utterance, spoken: str, stop: threading.Event) -> bool:
        assert self._model is not None
        fd, out = tempfile.mkstemp(suffix=".wav")
        os.close(fd)
        try:
            length_scale = f"{1 / utterance.rate:.2f}"  # > 1 is slower
            done = subprocess.run(
                [self._binary, "--model", str(self._model), "--output_file", out,
                 "--length_scale", length_scale],
                input=spoken.encode("utf-8"),
                capture_output=True,
                timeout=60,
            )  # fmt: skip
            if done.returncode != 0:
                raise EngineFailed(f"piper exited {done.returncode}: {done.stderr[:200]!r}")
            wav = Path(out).read_bytes()
        except (OSError, subprocess.SubprocessError) as exc:
            raise EngineFailed(f"piper: {exc}") from None
        finally:
            Path(out).unlink(missing_ok=True)
        return _play(self._sink, wav, utterance.volume, stop)

    def cancel(self) -> None:
        pass


class ChimeEngine:
    """The last resort: a soft chime; the text is on the screen already."""

    name = "chime"

    def __init__(self, sink: AudioSink | None) -> None:
        self._sink = sink
        self._wav = chime_wav()

    def probe(self) -> EngineStatus:
        if self._sink is None:
            return EngineStatus(self.name, False, "no audio output")
        return EngineStatus(self.name, True, self._sink.describe())

    def say(self, utterance: Utterance, spoken: str, stop: threading.Event) -> bool:
        return _play(self._sink, self._wav, utterance.volume, stop)

    def cancel(self) -> None:
        pass
