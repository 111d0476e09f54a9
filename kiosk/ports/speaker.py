"""Voice output port."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from kiosk.domain.devices import HealthReport


@dataclass(frozen=True, slots=True)
class Utterance:
    prompt_id: str  # id in the prompt catalogue, so screen and voice say the same thing
    text: str
    rate: float = 0.85  # 1.0 = engine default; elderly users get a slower default
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
