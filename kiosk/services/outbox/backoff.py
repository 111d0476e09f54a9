"""When to try again: exponential back-off with jitter, capped.

Jitter spreads the retries of a fleet of kiosks that all lost the network at the same moment, so
they do not hit the portal in lock-step when it comes back ("equal jitter": the delay is drawn
from [d·(1-jitter), d]).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Backoff:
    base_s: float = 5.0
    factor: float = 2.0
    max_s: float = 600.0
    jitter: float = 0.5  # 0 = none, 1 = anywhere between 0 and the full delay
    rng: random.Random = field(default_factory=random.Random, compare=False)

    def __post_init__(self) -> None:
        if self.base_s <= 0 or self.max_s < self.base_s:
            raise ValueError("need 0 < base_s <= max_s")
        if self.factor < 1:
            raise ValueError("factor must be >= 1")
        if not 0 <= self.jitter <= 1:
            raise ValueError("jitter must be between 0 and 1")

    def ceiling(self, attempts: int) -> float:
        """The un-jittered delay after `attempts` failed attempts (1, 2, …)."""
        if attempts < 1:
            raise ValueError("attempts counts from 1")
        exponent = min(attempts - 1, 64)  # 2**64 s is already past any cap
        return min(self.max_s, self.base_s * self.factor**exponent)

    def delay(self, attempts: int) -> float:
        top = self.ceiling(attempts)
        return top * (1.0 - self.jitter * self.rng.random())
