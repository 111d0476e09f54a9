"""The rating step: four faces + "Bỏ qua" after the receipt (issue 9, "Rating").

Small API for the session (FLOW/the lead wire it):
    RatingController(screen, prompts, speak, store=outbox.rate)
    start(local_id)   show the faces for this dossier (None: nothing to store, e.g. practice)
    rated(object)     signal: the score (int 1-5) or None for "Bỏ qua" (GUI thread)
    reset()           forget everything; close() at exit ends the storing worker.
`store(local_id, score)` is `kiosk.services.outbox.Outbox.rate`: it writes to the database, so
it runs on this controller's worker, never on the GUI thread; the outbox's sender sends it to
the portal once the dossier has its code. A failed store is logged; the citizen is thanked
either way (a lost rating must never hold anyone at the kiosk).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import QObject, Signal

from kiosk.prompts import PromptCatalogue
from ui.rating_view import FaceChoice, RatingView
from ui.screens.rating import RatingScreen
from ui.workers import DeviceWorker

log = logging.getLogger(__name__)

# The portal's scale is 1-5; four faces leave the neutral 3 unused, so "Rất hài lòng" is the
# top of the scale and "Không hài lòng" the bottom, as the portal reads them.
FACES = (
    (5, 2, "rating.very_satisfied"),
    (4, 1, "rating.satisfied"),
    (2, -1, "rating.unsatisfied"),
    (1, -2, "rating.very_unsatisfied"),
)
PROMPT_IDS = ("rating.title", "rating.skip", "rating.thanks", *(pid for _, _, pid in FACES))


class Speak(Protocol):
    def __call__(self, prompt_id: str, /, **values: object) -> None: ...


class StoreJob:
    def __init__(self, store: Callable[[str, int], None], local_id: str, score: int) -> None:
        self._store, self._local_id, self._score = store, local_id, score

    def __call__(self) -> int:
        self._store(self._local_id, self._score)
        return self._score


class RatingController(QObject):
    rated = Signal(object)  # int score 1-5, or None when skipped
    stored = Signal(int)  # the score is in the outbox (for tests and the log)

    def __init__(
        self,
        screen: RatingScreen,
        prompts: PromptCatalogue,
        speak: Speak,
        store: Callable[[str, int], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        prompts.require(PROMPT_IDS)
        self.screen = screen
        self._prompts, self._speak, self._store = prompts, speak, store
        self._local_id: str | None = None
        self._active = False
        self._thanked = False
        self._worker = DeviceWorker("rating_store", self)
        self._worker.finished.connect(self._on_stored)
        self._worker.failed.connect(self._on_store_failed)
        screen.face_requested.connect(self.on_face)
        screen.skip_requested.connect(self.on_skip)

    @property
    def active(self) -> bool:
        return self._active

    def start(self, local_id: str | None) -> None:
        self._local_id, self._active, self._thanked = local_id, True, False
        self._speak("rating.title")
        self.screen.show_view(self.view())

    def view(self) -> RatingView:
        t = self._prompts.text
        return RatingView(
            title=t("rating.title"),
            faces=tuple(FaceChoice(score=s, mood=m, label=t(pid)) for s, m, pid in FACES),
            skip_label=t("rating.skip"),
            thanks=t("rating.thanks") if self._thanked else "",
        )

    def on_face(self, score: int) -> None:
        if not self._active:
            return
        if score not in {s for s, _, _ in FACES}:
            log.warning("rating: unknown score %r ignored", score)
            return
        self._active, self._thanked = False, True
        if self._store is not None and self._local_id is not None:
            self._worker.submit("rate", StoreJob(self._store, self._local_id, score))
        self._speak("rating.thanks")
        self.screen.show_view(self.view())
        self.rated.emit(score)

    def on_skip(self) -> None:
        if self._active:
            self._active = False
            self.rated.emit(None)

    def reset(self) -> None:
        self._local_id, self._active, self._thanked = None, False, False
        self.screen.reset()

    def close(self) -> None:
        self.reset()
        self._worker.close(drop_queued=False)  # a chosen face is still written

    def _on_stored(self, job: str, score: object) -> None:
        if isinstance(score, int):
            self.stored.emit(score)

    def _on_store_failed(self, job: str, detail: str) -> None:
        log.error("rating: not stored: %s", detail)
