"""The production Speaker: engines tried in the configured order, per utterance.

At `open()` each engine is probed once and what was found is logged and kept for diagnostics
(`engines()`, `health()`); a missing engine is skipped, never a crash. Per utterance the text is
normalised (numbers, dates, codes → words) and the first engine that can say it does; one that
cannot (a prompt missing from the pack, a corrupt file, speechd gone) is logged and the next one
is tried, for that utterance only.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Sequence

from devices.tts.engines import Engine, EngineFailed
from kiosk.domain.devices import DeviceUnavailable, HealthReport, HealthState
from kiosk.ports.speaker import EngineStatus, Utterance
from kiosk.services.speech_text.normalise import normalise

log = logging.getLogger(__name__)


REPROBE_S = 60.0  # an engine missing at start (speechd not up yet) is looked for again


class ChainSpeaker:
    def __init__(
        self,
        engines: Sequence[Engine],
        now: Callable[[], float] = time.monotonic,
        reprobe_s: float = REPROBE_S,
    ) -> None:
        self._engines = tuple(engines)
        self._now = now
        self._reprobe_s = reprobe_s
        self._probed_at = 0.0
        self._lock = threading.Lock()
        self._status: tuple[EngineStatus, ...] = ()
        self._ready: tuple[Engine, ...] = ()
        self._opened = False
        self._stop: threading.Event | None = None
        self._current: Engine | None = None
        self.last_engine: str = ""  # which engine said the last utterance (tests, bench)

    # ---- lifecycle -------------------------------------------------------------------------

    def open(self) -> None:
        self._probe(log_all=True)
        with self._lock:
            self._opened = True

    def _probe(self, log_all: bool) -> None:
        """Probe the engines; log each at open, and later only those whose state changed."""
        with self._lock:
            before = {s.name: s for s in self._status}
        statuses = []
        ready = []
        for engine in self._engines:
            known = before.get(engine.name)
            if not log_all and known is not None and known.available:
                status = known  # only missing engines are looked for again (a pack is not
                # re-read and re-hashed every minute); a failing one falls back per utterance
            else:
                try:
                    status = engine.probe()
                except Exception as exc:  # a broken probe is a missing engine, never a crash
                    status = EngineStatus(engine.name, False, f"probe failed: {exc}")
            statuses.append(status)
            if status.available:
                ready.append(engine)
            if log_all or known is None or known.available != status.available:
                log.info(
                    "speech engine %s: %s%s",
                    status.name,
                    "available" if status.available else "unavailable",
                    f" ({status.detail})" if status.detail else "",
                )
        with self._lock:
            self._status, self._ready = tuple(statuses), tuple(ready)
            self._probed_at = self._now()

    def engines(self) -> tuple[EngineStatus, ...]:
        with self._lock:
            return self._status

    def health(self) -> HealthReport:
        """Polled by the app off the GUI thread: missing engines are looked for again every
        `reprobe_s` (speech-dispatcher may come up after the kiosk, or die)."""
        with self._lock:
            due = self._opened and self._now() - self._probed_at >= self._reprobe_s
        if due:
            self._probe(log_all=False)
        with self._lock:
            opened, status, ready = self._opened, self._status, self._ready
        if not opened:
            return HealthReport(HealthState.NOT_READY, "not open")
        detail = "; ".join(
            f"{s.name}: {'ok' if s.available else s.detail or 'unavailable'}" for s in status
        )
        if not ready:
            return HealthReport(HealthState.FAILED, f"no engine can speak ({detail})")
        if all(e.name == "chime" for e in ready):
            return HealthReport(HealthState.NEEDS_TECHNICIAN, f"chime only ({detail})")
        return HealthReport(HealthState.READY, detail)

    def close(self) -> None:
        self.stop()
        for engine in self._engines:
            closer = getattr(engine, "close", None)
            if closer is not None:
                try:
                    closer()
                except Exception:
                    log.exception("closing speech engine %s failed", engine.name)
        with self._lock:
            self._opened = False

    # ---- speaking --------------------------------------------------------------------------

    def speak(self, utterance: Utterance) -> None:
        stop = threading.Event()
        with self._lock:
            if not self._opened:
                raise DeviceUnavailable("speaker is not open")
            self._stop = stop
            engines = self._ready
        spoken = normalise(utterance.text)
        reasons = []
        try:
            for engine in engines:
                if stop.is_set():
                    return
                with self._lock:
                    self._current = engine
                try:
                    engine.say(utterance, spoken, stop)
                except EngineFailed as exc:
                    reasons.append(f"{engine.name}: {exc}")
                    log.info("speech %s: %s fell back: %s", utterance.prompt_id, engine.name, exc)
                    continue
                self.last_engine = engine.name
                return
        finally:
            with self._lock:
                self._current = None
                if self._stop is stop:
                    self._stop = None
        raise DeviceUnavailable(f"no engine could say {utterance.prompt_id}: {'; '.join(reasons)}")

    def stop(self) -> None:
        with self._lock:
            stop, engine = self._stop, self._current
        if stop is not None:
            stop.set()
        if engine is not None:
            engine.cancel()
