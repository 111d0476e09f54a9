"""Voice output port, and the small ports around it (headset, microphone, audio playback).

The `Speaker` is what the session speaks through. The production adapter
(`devices/tts/chain.py`) tries engines in the configured order per utterance: a recorded prompt
pack, a Piper voice file, speech-dispatcher (espeak-ng `vi`), espeak-ng directly, a chime. The
core wraps it in `kiosk.services.speech_text.privacy.PrivacyGuard`, so personal data never reaches
the loudspeaker unless a headset is plugged in.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from kiosk.domain.devices import HealthReport

DEFAULT_RATE = 0.85  # slower than the engine default: many of our citizens are elderly


@dataclass(frozen=True, slots=True)
class Utterance:
    prompt_id: str  # id in the prompt catalogue, so screen and voice say the same thing
    text: str  # the catalogue's speech form, placeholders filled; not yet normalised
    rate: float = DEFAULT_RATE  # 1.0 = engine default; elderly users get a slower default
    volume: float = 0.7  # 0..1

    def __post_init__(self) -> None:
        if not 0.1 <= self.rate <= 3.0:
            raise ValueError(f"speech rate must be within 0.1..3.0, got {self.rate}")
        if not 0.0 <= self.volume <= 1.0:
            raise ValueError(f"volume must be within 0..1, got {self.volume}")


class Speaker(Protocol):
    def open(self) -> None: ...
    def health(self) -> HealthReport: ...
    def speak(self, utterance: Utterance) -> None:
        """Blocking until spoken or stopped."""
        ...

    def stop(self) -> None:
        """Cut the current utterance short; safe from any thread."""
        ...

    def close(self) -> None: ...


@dataclass(frozen=True, slots=True)
class EngineStatus:
    """One speech engine as found at start, for diagnostics (English, never personal data)."""

    name: str  # "pack", "piper", "speechd", "espeak", "chime"
    available: bool
    detail: str = ""  # "not installed", "57 of 60 prompts", "socket /run/…/speechd.sock", …


@runtime_checkable
class DescribesEngines(Protocol):
    """A speaker made of several engines says which of them it found (diagnostics)."""

    def engines(self) -> tuple[EngineStatus, ...]: ...


class HeadsetDetector(Protocol):
    """Whether a headset is plugged in, as far as the audio system reports it.

    `True` only when the audio system positively reports headphones; `False` when it reports
    none, and also when it cannot tell (no jack sensing, no PulseAudio): private mode is never
    guessed. May block briefly (runs a tool); call it off the GUI thread.
    """

    def headset_connected(self) -> bool: ...


class AudioSource(Protocol):
    """A microphone for the staff prompt recorder. WAV bytes out (16-bit PCM, mono)."""

    def start(self) -> None:
        """Begin recording; raises DeviceUnavailable if there is no microphone."""
        ...

    def stop(self) -> bytes:
        """End the recording and return it as a complete WAV file."""
        ...


class AudioPlayer(Protocol):
    """Plays a WAV file (the recorder's playback); blocking until played or stopped."""

    def play(self, wav: bytes, volume: float = 1.0) -> None: ...
    def stop(self) -> None: ...
