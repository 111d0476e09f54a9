"""A speaker that 'speaks' for as long as reading the text aloud would take."""

from __future__ import annotations

import threading

from devices.simulated._base import SimulatedDevice
from kiosk.domain.devices import DeviceUnavailable
from kiosk.ports.clock import Clock
from kiosk.ports.speaker import EngineStatus, Utterance


class SimulatedSpeaker(SimulatedDevice):
    """`speak` blocks len(text) / (chars_per_second * rate) seconds on the clock.

    `spoken` lists every utterance started, in order; `interrupted` those that `stop()` or
    `close()` cut short. Scripting hooks: `fail(detail)`, `recover()`.
    """

    def __init__(
        self, clock: Clock, chars_per_second: float = 12.0, name: str = "simulated-speaker"
    ) -> None:
        super().__init__(clock, name)
        if not chars_per_second > 0:
            raise ValueError(f"chars_per_second must be > 0, got {chars_per_second!r}")
        self._cps = float(chars_per_second)
        self._spoken: list[Utterance] = []
        self._interrupted: list[Utterance] = []
        self._current: dict[threading.Event, Utterance] = {}

    def speak(self, utterance: Utterance) -> None:
        # rate and volume are checked by Utterance itself; every adapter gets valid values
        seconds = len(utterance.text) / (self._cps * utterance.rate)
        stop = threading.Event()
        with self._lock:
            if not self._open:
                raise DeviceUnavailable("speaker is not open")
            if self._failure is not None:
                raise DeviceUnavailable(self._failure)
            self._spoken.append(utterance)
            self._current[stop] = utterance
            self._waits.add(stop)  # close() sets it too
        try:
            cut = self._clock.wait(seconds, stop) or stop.is_set()
        finally:
            with self._lock:
                del self._current[stop]
                self._waits.discard(stop)
                if cut:
                    self._interrupted.append(utterance)

    def stop(self) -> None:
        """Cut short whatever is being spoken, from any thread; a no-op when silent."""
        self._cancel_waits()

    def engines(self) -> tuple[EngineStatus, ...]:
        """Diagnostics, like the real engine chain (kiosk.ports.speaker.DescribesEngines)."""
        with self._lock:
            failure = self._failure
        return (EngineStatus("simulated", failure is None, failure or "speaks by the clock"),)

    # --- for tests --------------------------------------------------------------------------

    @property
    def spoken(self) -> tuple[Utterance, ...]:
        with self._lock:
            return tuple(self._spoken)

    @property
    def interrupted(self) -> tuple[Utterance, ...]:
        with self._lock:
            return tuple(self._interrupted)

    @property
    def speaking(self) -> tuple[Utterance, ...]:
        """What is being spoken right now (empty when silent)."""
        with self._lock:
            return tuple(self._current.values())
