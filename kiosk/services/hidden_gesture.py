"""The hidden staff gesture: hold one finger still in a corner for 3 s (issue 11).

Pure logic fed with positions in millimetres and monotonic timestamps, so it is tested without
Qt or sleeping. A press outside the corner, a move of more than `slop_mm`, a release or a second
finger cancels it. A citizen resting a hand on the corner for 3 s only opens the PIN pad, which
has "Hủy" — the gesture is a door, never a credential.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

HOLD_S = 3.0
CORNER_MM = 25.0  # a 25 mm square: bigger than a fingertip, away from every citizen button
SLOP_MM = 6.0  # a finger wobbles a few mm while held


class Corner(enum.StrEnum):
    TOP_LEFT = "top_left"
    TOP_RIGHT = "top_right"
    BOTTOM_LEFT = "bottom_left"
    BOTTOM_RIGHT = "bottom_right"


@dataclass(frozen=True, slots=True)
class GestureConfig:
    corner: Corner = Corner.TOP_RIGHT
    size_mm: float = CORNER_MM
    hold_s: float = HOLD_S
    slop_mm: float = SLOP_MM


class HiddenGesture:
    """`press`/`move`/`release` as touches happen, `tick(now)` from a timer; `poll` or `tick`
    returns True once, when the hold completes."""

    def __init__(self, config: GestureConfig, width_mm: float, height_mm: float) -> None:
        if config.size_mm <= 0 or config.hold_s <= 0:
            raise ValueError("corner size and hold time must be positive")
        self.config = config
        self._w, self._h = width_mm, height_mm
        self._start: tuple[float, float] | None = None  # where the finger went down
        self._since = 0.0
        self._fired = False

    def resize(self, width_mm: float, height_mm: float) -> None:
        self._w, self._h = width_mm, height_mm
        self.cancel()

    def in_corner(self, x_mm: float, y_mm: float) -> bool:
        s, c = self.config.size_mm, self.config.corner
        left = x_mm <= s if c in (Corner.TOP_LEFT, Corner.BOTTOM_LEFT) else x_mm >= self._w - s
        top = y_mm <= s if c in (Corner.TOP_LEFT, Corner.TOP_RIGHT) else y_mm >= self._h - s
        inside = 0 <= x_mm <= self._w and 0 <= y_mm <= self._h
        return inside and left and top

    @property
    def holding(self) -> bool:
        return self._start is not None

    def press(self, x_mm: float, y_mm: float, now: float) -> bool:
        """A finger down; True if it started a hold (then the touch belongs to the gesture)."""
        self._fired = False
        if self.in_corner(x_mm, y_mm):
            self._start, self._since = (x_mm, y_mm), now
            return True
        self._start = None
        return False

    def move(self, x_mm: float, y_mm: float, now: float) -> bool:
        """The finger moved; True if it fired (held long enough before moving)."""
        if self._start is None:
            return False
        if self.tick(now):
            return True
        x0, y0 = self._start
        if (x_mm - x0) ** 2 + (y_mm - y0) ** 2 > self.config.slop_mm**2:
            self._start = None
        return False

    def release(self, now: float) -> bool:
        """The finger lifted; True if it fired just now (the timer had not caught up)."""
        fired = self.tick(now)
        self._start = None
        return fired

    def cancel(self) -> None:
        """A second finger, the screen changing, …: no hold."""
        self._start = None

    def tick(self, now: float) -> bool:
        if self._start is None or self._fired:
            return False
        if now - self._since >= self.config.hold_s:
            self._fired = True
            self._start = None
            return True
        return False
