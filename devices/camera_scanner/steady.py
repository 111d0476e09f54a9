"""Auto-capture timing: the page must stay still (and pass every check) for `hold_s` seconds
on the injected clock, over at least `min_frames` frames, before it is taken."""

from __future__ import annotations

import numpy as np

from kiosk.ports.clock import Clock


class Steadiness:
    def __init__(
        self, clock: Clock, hold_s: float = 1.0, min_frames: int = 3, max_shift: float = 0.004
    ) -> None:
        if hold_s < 0 or min_frames < 1:
            raise ValueError(f"hold_s >= 0 and min_frames >= 1, got {hold_s}, {min_frames}")
        self._clock = clock
        self._hold_s = hold_s
        self._min_frames = min_frames
        self._max_shift = max_shift  # corner movement, as a fraction of the frame's long side
        self._last: np.ndarray | None = None
        self._since: float | None = None
        self._frames = 0

    def reset(self) -> None:
        self._last, self._since, self._frames = None, None, 0

    def moved(self, quad: np.ndarray | None, long_side: float) -> bool:
        """Did the outline move since the last frame? (No outline before: it moved.)"""
        if quad is None or self._last is None:
            return True
        shift = float(np.abs(quad - self._last).max()) / max(long_side, 1.0)
        return shift > self._max_shift

    def update(self, quad: np.ndarray | None, good: bool, long_side: float) -> float:
        """Feed one frame's outline (None: no page) and whether it passed the checks; returns
        progress 0 → 1 (1: capture now)."""
        still = not self.moved(quad, long_side)
        self._last = None if quad is None else quad.copy()
        if quad is None or not good or not still:
            self._since, self._frames = None, 0
            return 0.0
        now = self._clock.monotonic()
        if self._since is None:
            self._since = now
        self._frames += 1
        by_time = 1.0 if self._hold_s == 0 else min(1.0, (now - self._since) / self._hold_s)
        by_frames = min(1.0, self._frames / self._min_frames)
        return min(by_time, by_frames)
