"""Tell a keyboard-wedge scanner from a person by key timing. Pure: no Qt, times passed in.

A wedge scanner "types" a whole QR in one burst, a few milliseconds per key, usually ending with
Enter (or Tab). People, even fast typists, leave more than ~50 ms between most keys. So every
printable key is held back for a moment: if the next one follows within `gap_s` the burst grows;
if the burst reaches `min_chars` and ends with Enter/Tab it is a scan and none of its keys reach
the focused widget; otherwise the held keys are released to it, late by at most `flush_after_s`.
A machine-speed burst of `min_chars` or more that stops without Enter (a scanner set to send no
suffix) is delivered as a scan once `flush_after_s` passes: typing it into a form field would be
the very leak this exists to stop, and on a screen with no field it would be lost.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum, auto
from typing import Generic, TypeVar

T = TypeVar("T")  # what the caller needs to replay a held key (its Qt key event's data)


class KeyKind(Enum):
    CHAR = auto()  # prints text, no Ctrl/Alt/Meta, not auto-repeat
    END = auto()  # Enter, Return or Tab
    MODIFIER = auto()  # Shift and friends alone: scanners press Shift for capitals mid-burst
    OTHER = auto()  # arrows, F-keys, Backspace, shortcuts, auto-repeat: a person at a keyboard


@dataclass(slots=True)
class Outcome(Generic[T]):
    swallow: bool = False  # keep this key from the widget
    release: list[T] = field(default_factory=list)  # held keys to hand back, in order, first
    scan: str | None = None  # a complete scan
    flushed: bool = False  # the scan ended by silence, not Enter


class BurstTracker(Generic[T]):
    def __init__(
        self, gap_s: float = 0.04, min_chars: int = 6, flush_after_s: float = 0.15
    ) -> None:
        if not 0 < gap_s <= flush_after_s:
            raise ValueError(f"need 0 < gap_s <= flush_after_s, got {gap_s!r}, {flush_after_s!r}")
        if min_chars < 2:
            raise ValueError(f"min_chars must be >= 2, got {min_chars!r}")
        self._gap = gap_s
        self._min = min_chars
        self._flush_after = flush_after_s
        self._held: list[T] = []
        self._text: list[str] = []
        self._burst = True  # every gap so far was machine-fast
        self._last_key: float = 0.0  # key time of the last held key (event time when known)
        self._last_seen: float = 0.0  # clock time of the last held key, for the flush deadline

    @property
    def holding(self) -> bool:
        return bool(self._held)

    def deadline(self) -> float | None:
        """Clock time at which `expire` has work to do."""
        return self._last_seen + self._flush_after if self._held else None

    def press(self, kind: KeyKind, text: str, token: T, key_time: float, now: float) -> Outcome[T]:
        """One key press. `key_time`: when the key was typed (event timestamp, or `now`)."""
        out = self.expire(now)
        if self._held and key_time - self._last_key > self._gap:
            self._burst = False  # a person's pause: whatever follows, this is typing
        if kind is KeyKind.CHAR:
            if not self._burst:
                out.release += self._take()
            self._held.append(token)
            self._text.append(text)
            self._last_key, self._last_seen = key_time, now
            out.swallow = True
        elif kind is KeyKind.MODIFIER:
            out.swallow = self.holding
        elif kind is KeyKind.END and self._burst and len(self._text) >= self._min:
            out.scan = "".join(self._text)
            self._take()
            out.swallow = True
        else:
            out.release += self._take()
        return out

    def expire(self, now: float) -> Outcome[T]:
        """Resolve a held burst after `flush_after_s` of silence."""
        out: Outcome[T] = Outcome()
        deadline = self.deadline()
        if deadline is None or now < deadline:
            return out
        if self._burst and len(self._text) >= self._min:
            out.scan, out.flushed = "".join(self._text), True
            self._take()
        else:
            out.release = self._take()
        return out

    def drain(self) -> list[T]:
        """Give back everything held (the detector is being removed)."""
        return self._take()

    def _take(self) -> list[T]:
        held, self._held, self._text, self._burst = self._held, [], [], True
        return held
