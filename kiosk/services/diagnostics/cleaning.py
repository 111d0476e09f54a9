"""Screen-cleaning mode as a small state machine on the injected clock (no Qt, no sleeping).

Touch is ignored for `duration_s` (30 s); a press held for `hold_s` (3 s) ends it early. Taps
shorter than that change nothing. The UI ticks it (once a second and on every press/release)
and leaves when `finished` is true.
"""

from __future__ import annotations

import math

from kiosk.ports.clock import Clock

DURATION_S = 30.0
HOLD_S = 3.0


class CleaningLock:
    def __init__(self, clock: Clock, duration_s: float = DURATION_S, hold_s: float = HOLD_S):
        self._clock = clock
        self._duration_s = duration_s
        self._hold_s = hold_s
        self._started = clock.monotonic()
        self._pressed_at: float | None = None
        self._ended_early = False
        self.ignored_taps = 0

    def press(self) -> None:
        if self._pressed_at is None:
            self._pressed_at = self._clock.monotonic()
        self.tick()

    def release(self) -> None:
        self.tick()  # a press that reached hold_s ends the mode even if released right after
        if self._pressed_at is not None and not self._ended_early:
            self.ignored_taps += 1
        self._pressed_at = None

    def tick(self) -> None:
        if self._pressed_at is None:
            return
        if self._clock.monotonic() - self._pressed_at >= self._hold_s:
            self._ended_early = True

    @property
    def remaining_s(self) -> int:
        """Whole seconds left, rounded up (the countdown never shows 0 while still locked)."""
        left = self._duration_s - (self._clock.monotonic() - self._started)
        return max(0, math.ceil(left))

    @property
    def finished(self) -> bool:
        return self._ended_early or self.remaining_s == 0

    @property
    def ended_early(self) -> bool:
        return self._ended_early
