"""Temporal averaging of a steady view: the mean of k frames has 1/sqrt(k) of the noise.

Only frames that agree with the running mean are averaged (the card is held still); a frame
that differs a lot (the hand still moving) restarts the accumulation, so motion never smears
modules together. Frames are compared on an 8x area-downscaled thumbnail, where sensor noise
averages out and only real motion remains.
"""

from __future__ import annotations

import cv2
import numpy as np


class FrameAccumulator:
    def __init__(self, depth: int, max_mean_diff: float = 12.0, min_frames: int = 3) -> None:
        self._depth = depth
        self._max_diff = max_mean_diff
        self._min = min_frames
        self._frames: list[np.ndarray] = []
        self._thumb: np.ndarray | None = None

    def reset(self) -> None:
        self._frames.clear()
        self._thumb = None

    def add(self, gray: np.ndarray) -> np.ndarray | None:
        """Add a frame; the mean of the steady run so far once it is deep enough, else None."""
        frame = gray.astype(np.float32)
        h, w = gray.shape[:2]
        thumb = cv2.resize(frame, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
        last = self._thumb
        steady = (
            last is not None
            and last.shape == thumb.shape
            and float(np.mean(np.abs(last - thumb))) <= self._max_diff
        )
        if not steady:
            self._frames.clear()
        self._thumb = thumb
        self._frames.append(frame)
        del self._frames[: -self._depth]
        if len(self._frames) < self._min:
            return None
        mean: np.ndarray = np.mean(self._frames, axis=0)
        out: np.ndarray = np.clip(mean + 0.5, 0, 255).astype(np.uint8)
        return out
