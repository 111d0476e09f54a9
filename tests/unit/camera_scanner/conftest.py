"""Synthetic photos (tests/scan_corpus), made once per test session: 12 MP ones take seconds."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from tests.scan_corpus.generate import Photo, make_photo

HD = (1920, 1080)
MP12 = (3024, 4032)


@lru_cache(maxsize=64)
def photo(seed: int, size: tuple[int, int] = HD, variant: str = "clean") -> Photo:
    made = make_photo(seed, size, variant)
    made.frame.setflags(write=False)  # shared between tests: nobody may draw on it
    return made


class FrameList:
    """A Capture playing the given frames, then repeating the last (a camera looking at a
    page that lies still); `fail_after` makes reads fail from then on (unplugged)."""

    def __init__(self, frames: list[np.ndarray], fail_after: int | None = None) -> None:
        self.frames = frames
        self.reads = 0
        self.released = False
        self.fail_after = fail_after

    def isOpened(self) -> bool:
        return True

    def read(self) -> tuple[bool, np.ndarray | None]:
        self.reads += 1
        if self.fail_after is not None and self.reads > self.fail_after:
            return False, None
        return True, self.frames[min(self.reads - 1, len(self.frames) - 1)]

    def release(self) -> None:
        self.released = True
