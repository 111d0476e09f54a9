"""Device work off the GUI thread: one single-thread executor per device.

Results come back as Qt signals emitted from the worker thread and connected to bound methods
of QObjects living on the GUI thread, so Qt queues them onto the GUI thread (a lambda would run
on the emitting thread instead). The GUI thread never waits on a device, except in `close()`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from PySide6.QtCore import QObject, Signal

from kiosk.ports.speaker import Speaker, Utterance
from kiosk.services.speech_text.privacy import PrivacyGuard

log = logging.getLogger(__name__)


class DeviceWorker(QObject):
    """Runs jobs for one device, in order, on its own thread."""

    finished = Signal(str, object)  # job name, result (emitted on the worker thread)
    failed = Signal(str, str)  # job name, error (English, for logs; never personal data)

    def __init__(self, device: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.device = device
        self._executor: ThreadPoolExecutor | None = ThreadPoolExecutor(
            max_workers=1, thread_name_prefix=f"device-{device}"
        )

    def submit(self, job: str, fn: Callable[[], object]) -> bool:
        """Queue `fn`; False if the worker is closed."""
        if self._executor is None:
            return False
        self._executor.submit(self._run, job, fn)
        return True

    def _run(self, job: str, fn: Callable[[], object]) -> None:  # on the worker thread
        try:
            result = fn()
        except Exception as exc:
            log.warning("%s: %s failed: %s", self.device, job, exc)
            self.failed.emit(job, f"{type(exc).__name__}: {exc}")
        else:
            self.finished.emit(job, result)

    def close(self, drop_queued: bool = True) -> None:
        """Wait for the running job (and the queued ones unless dropped); idempotent."""
        executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True, cancel_futures=drop_queued)


class SpeechChannel(QObject):
    """Speaks utterances through the Speaker port on its worker; a new one cuts the old one.

    It never opens or closes the speaker: the composition root owns every port's lifecycle
    (kiosk/app.py opens them after the first paint and closes them at exit). Speaking before the
    speaker is open fails like any other speaker error: reported by `failed`, never raised.
    """

    spoken = Signal(str)  # prompt id, on the GUI thread
    failed = Signal(str, str)  # prompt id, detail

    def __init__(self, speaker: Speaker, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Every utterance passes the privacy guard: personal data never reaches a loudspeaker.
        self.privacy = PrivacyGuard(speaker)
        self._speaker: Speaker = self.privacy
        self._worker = DeviceWorker("speaker", self)
        self._worker.finished.connect(self._on_finished)
        self._worker.failed.connect(self._on_failed)
        self._lock = threading.Lock()
        self._generation = 0
        self._closed = False

    def say(self, utterance: Utterance) -> None:
        """Stop whatever is being said and say this instead (never blocks the caller)."""
        if self._closed:
            return
        generation = self._stop()
        self._worker.submit(utterance.prompt_id, _SpeakJob(self, generation, utterance))

    def stop(self) -> None:
        if not self._closed:
            self._stop()

    def close(self) -> None:
        """Stop speaking and end the thread (the speaker itself stays open); idempotent."""
        if self._closed:
            return
        self._stop()
        self._closed = True
        self._worker.close()

    # ---- worker thread ---------------------------------------------------------------------

    def _speak(self, generation: int, utterance: Utterance) -> str:
        with self._lock:
            if generation != self._generation:
                return ""  # a newer utterance or a stop came first
        self._speaker.speak(utterance)
        return utterance.prompt_id

    # ---- GUI thread ------------------------------------------------------------------------

    def _stop(self) -> int:
        with self._lock:
            self._generation += 1
            generation = self._generation
        try:
            self._speaker.stop()  # the port promises this is safe from any thread
        except Exception as exc:  # a broken speaker must not take the screen down
            log.warning("speaker: stop failed: %s", exc)
        return generation

    def _on_finished(self, job: str, result: object) -> None:
        if isinstance(result, str) and result:
            self.spoken.emit(result)

    def _on_failed(self, job: str, detail: str) -> None:
        self.failed.emit(job, detail)


class _SpeakJob:
    """A callable job (not a lambda), so what runs on the worker is explicit."""

    def __init__(self, channel: SpeechChannel, generation: int, utterance: Utterance) -> None:
        self._channel = channel
        self._generation = generation
        self._utterance = utterance

    def __call__(self) -> str:
        return self._channel._speak(self._generation, self._utterance)
