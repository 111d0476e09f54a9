"""The papers step's wiring: DocumentScanner + PapersService (on the scanner's worker) → view
model → PapersScreen, speech, and the flow.

API for the flow: `start(procedure, session_dir)`; signals `finished(PapersResult)` when every
required paper is packed (or handed to the staff) and every optional one is packed or left for
the counter, `problem(prompt_id)` for each problem the citizen hears, `busy_changed(bool)` while
the scanner works (hold the idle timeout); `reset()` clears every widget and drops the pages
(wiping the scan folder unless the step had finished: then the result's service owns it).

`set_scanner_down(True)` (ui.availability, issue 11): the next papers step copies nothing — every
paper is recorded for the counter (required ones for the staff to copy) and the citizen is told
to bring them; read only when a step starts, so a scanner that fails or returns mid-step
changes nothing on screen.

Scans and packing run on one DeviceWorker thread; results come back as a queued signal to bound
methods here and `papers_reactions.react` decides what follows. Camera frames
(PagePreviewSource) arrive on the scanning thread and are queued the same way (PreviewInbox).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.domain.procedure import Procedure
from kiosk.ports.document_scanner import (
    ColourMode,
    DocumentScanner,
    PagePreviewSource,
    ScanSettings,
)
from kiosk.ports.paper_packer import DEFAULT_MAX_BYTES, MIN_EFFECTIVE_DPI, PaperPacker
from kiosk.ports.speaker import Utterance
from kiosk.prompts import PromptCatalogue
from kiosk.services.availability import PAPERS_AT_COUNTER
from kiosk.services.papers import Outcome, PapersService, PapersState
from kiosk.services.papers import prompts as p
from ui.papers_counter import send_all_to_counter
from ui.papers_jobs import CaptureJob, JobResult, PreviewInbox, ServiceJob
from ui.papers_model import Recovery, StepModel
from ui.papers_reactions import react
from ui.papers_view import PapersView, Phase
from ui.screens.papers import PapersScreen
from ui.workers import DeviceWorker, SpeechChannel

log = logging.getLogger(__name__)

DEVICE = "document_scanner"
# Colour at 200 dpi: the packer keeps colour only where the page has it (a red seal) and makes
# text bitonal, so scanning in colour costs little in the PDF (issue 6: "200 dpi colour").
DEFAULT_SCAN = ScanSettings(dpi=200, mode=ColourMode.COLOUR)
NO_DEVICE = "scanner.no_device"
SCANNING = "papers.scanning"
PACKING = "papers.packing"


@dataclass(frozen=True, slots=True)
class PapersResult:
    """The step's end: the checklist as it stands, and the service that holds the PDFs (call
    `keep_for_submission()` on submit, `wipe()` at the end of the session)."""

    state: PapersState
    service: PapersService


class PapersController(QObject):
    view_changed = Signal(object)  # PapersView (GUI thread)
    finished = Signal(object)  # PapersResult
    problem = Signal(str)  # prompt id of the problem just spoken
    spoken = Signal(str, str)  # prompt id, speech text: every utterance of the step
    busy_changed = Signal(bool)
    _preview_frame = Signal(object)  # from the scanning thread: (QImage, prompt id | None)

    def __init__(
        self,
        scanner: DocumentScanner | None,
        packer: PaperPacker,
        prompts: PromptCatalogue,
        *,
        settings: ScanSettings = DEFAULT_SCAN,
        max_bytes: int = DEFAULT_MAX_BYTES,
        min_dpi: int = MIN_EFFECTIVE_DPI,
        speech: SpeechChannel | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._scanner, self._packer, self._prompts = scanner, packer, prompts
        self._settings, self._max_bytes, self._min_dpi = settings, max_bytes, min_dpi
        self._speech = speech
        self._worker = DeviceWorker(DEVICE, self)
        self._worker.finished.connect(self._on_job_finished)
        self._worker.failed.connect(self._on_job_failed)
        self._inbox = PreviewInbox(self._preview_frame.emit)
        self._preview_frame.connect(self._on_preview)
        if isinstance(scanner, PagePreviewSource):
            scanner.subscribe_page_preview(self._inbox.on_preview)
        self._screens: list[PapersScreen] = []
        self._generation = 0
        self._closed = False
        self._service: PapersService | None = None
        self._busy = False
        self._handed_over = False
        self._model = StepModel()
        self._view: PapersView | None = None
        self._scanner_down = False  # the availability hub says so (settled, not a blip)

    # ---- API for the flow -----------------------------------------------------------------

    def attach_screen(self, screen: PapersScreen) -> None:
        """Show the views on `screen` and take its intents (the flow may navigate instead)."""
        self._screens.append(screen)
        screen.capture_requested.connect(self.on_capture)
        screen.retake_requested.connect(self.on_retake)
        screen.done_requested.connect(self.on_done)
        screen.counter_requested.connect(self.on_counter)
        screen.next_requested.connect(self.on_next)

    def start(self, procedure: Procedure, session_dir: Path) -> None:
        """Begin the papers of `procedure`; scans go to `session_dir` (made 0700)."""
        if self._closed:
            return
        self.reset()
        self._service = PapersService(
            procedure, session_dir, self._packer, max_bytes=self._max_bytes, min_dpi=self._min_dpi
        )
        self._model.state = self._service.state
        self._inbox.wants = True
        if self._model.state.complete:  # a procedure that needs no paper
            self._finish()
            return
        if self._scanner_down:  # decided here, at the step's start, never mid-scan
            self._all_to_counter()
            return
        self._say_after_render(p.PLACE_PAPER)

    def set_scanner_down(self, down: bool) -> None:
        """The scanner is down today: the next papers steps send every paper to the counter."""
        self._scanner_down = down

    @property
    def scanner_down(self) -> bool:
        return self._scanner_down

    def _all_to_counter(self) -> None:
        """Every paper to the counter (ui.papers_counter); "Tiếp tục" then finishes."""
        assert self._service is not None
        self._model.state = send_all_to_counter(self._service)
        self._model.phase = Phase.AT_COUNTER
        self._say_after_render(PAPERS_AT_COUNTER)

    def _say_after_render(self, prompt_id: str) -> None:
        """Shown now, said on the next event-loop turn: `start` runs inside the step change,
        and the session stops speech when it renders the new step, which would cut an
        utterance queued before that. Not said if the step or its message changed since."""
        self._model.message = (prompt_id, False)
        self._publish()
        QTimer.singleShot(0, self, partial(self._say_if_current, self._generation, prompt_id))

    def _say_if_current(self, generation: int, prompt_id: str) -> None:
        if generation == self._generation and self._model.message == (prompt_id, False):
            self._say(prompt_id)

    def reset(self) -> None:
        """Leave the step: clear the screens, drop the pages, wipe the folder unless handed over."""
        self._generation += 1
        self._inbox.wants = False
        if self._busy and self._scanner is not None:
            try:
                self._scanner.cancel()  # a scan in progress ends with ScanCancelled, ignored
            except Exception as exc:
                log.warning("papers: cancel failed: %s", exc)
        if self._service is not None and not self._handed_over:
            self._worker.submit("wipe", self._service.wipe)  # after a running scan: same thread
        self._service, self._busy, self._handed_over, self._view = None, False, False, None
        self._model.clear()
        self.busy_changed.emit(False)
        for screen in self._screens:
            screen.reset()

    def close(self) -> None:
        if self._closed:
            return
        self.reset()
        self._closed = True
        self._inbox.close()
        self._worker.close(drop_queued=False)  # the wipe must still run

    @property
    def view(self) -> PapersView | None:
        return self._view

    # ---- intents --------------------------------------------------------------------------

    def on_capture(self) -> None:
        recovery = self._model.recovery
        if recovery is Recovery.STAFF:  # "Nhờ cán bộ": the kiosk cannot copy this paper
            self._service_job("staff", lambda service: service.hand_to_staff, None)
        elif recovery is Recovery.RETRY_RETAKE:  # "Thử lại" repeats the retake that failed
            self._scan(replace=True)
        else:
            self._scan(replace=False)

    def on_retake(self) -> None:
        self._scan(replace=True)

    def on_done(self) -> None:
        self._service_job("finish", lambda service: service.finish_current, PACKING)

    def on_counter(self) -> None:
        self._service_job("counter", lambda service: service.bring_to_counter, None)

    def on_next(self) -> None:
        if self._model.phase not in (Phase.RETURN_ORIGINAL, Phase.AT_COUNTER):
            return
        if self._model.state is not None and self._model.state.complete:
            self._finish()
            return
        self._model.phase = Phase.CAPTURE
        self._say(p.PLACE_PAPER)

    # ---- jobs -----------------------------------------------------------------------------

    def _ready(self) -> bool:
        return (
            not self._closed
            and self._service is not None
            and not self._busy
            and self._model.phase is Phase.CAPTURE
        )

    def _scan(self, replace: bool) -> None:
        if not self._ready():
            return
        assert self._service is not None and self._model.state is not None
        if self._scanner is None:
            self._say(NO_DEVICE, problem=True)
            return
        item = self._model.state.current_item
        remaining = 1 if item is None else max(1, item.paper.max_pages - item.pages)
        job = CaptureJob(
            self._scanner, self._service, self._settings, self._generation, replace, remaining
        )
        self._run(job, SCANNING)

    def _service_job(
        self,
        kind: str,
        pick: Callable[[PapersService], Callable[[], Outcome]],
        busy_prompt: str | None,
    ) -> None:
        if not self._ready():
            return
        assert self._service is not None
        item = self._model.state.current_item if self._model.state is not None else None
        self._model.settling = item.paper.id if item is not None else None
        self._run(
            ServiceJob(kind, pick(self._service), self._service, self._generation), busy_prompt
        )

    def _run(self, job: CaptureJob | ServiceJob, busy_prompt: str | None) -> None:
        self._busy = True
        self.busy_changed.emit(True)
        if busy_prompt is not None:
            self._model.message = (busy_prompt, False)
        self._model.phase = Phase.BUSY
        self._publish()
        self._worker.submit(type(job).__name__, job)

    def _on_job_finished(self, job: str, result: object) -> None:
        if not isinstance(result, JobResult) or result.generation != self._generation:
            return  # a job from before reset(): its citizen is gone
        self._busy = False
        self.busy_changed.emit(False)
        if not result.outcome.ok:
            log.info("papers: %s refused: %s", result.kind, result.outcome.detail)
        reaction = react(self._model, result)
        self._say(reaction.prompt_id, problem=reaction.problem)

    def _on_job_failed(self, job: str, detail: str) -> None:  # jobs catch everything; belt
        if job == "wipe":
            log.error("papers: wiping the scan folder failed: %s", detail)
            return
        self._busy = False
        self.busy_changed.emit(False)
        self._model.phase = Phase.CAPTURE
        self._say(p.PAGE_UNREADABLE, problem=True)

    def _on_preview(self, frame: object) -> None:
        if not isinstance(frame, tuple) or not self._inbox.wants or not self._busy:
            return
        image, prompt_id = frame
        self._model.preview = image
        if prompt_id is not None and prompt_id != self._model.advice and prompt_id in self._prompts:
            self._model.advice = prompt_id
            self._say(prompt_id)  # spoken once per change of advice, not per frame
        else:
            self._publish()

    def _finish(self) -> None:
        assert self._service is not None and self._model.state is not None
        self._model.phase = Phase.FINISHED
        self._handed_over = True
        self._inbox.wants = False
        self._say(p.ALL_DONE)
        self.finished.emit(PapersResult(self._model.state, self._service))

    # ---- output ---------------------------------------------------------------------------

    def _say(self, prompt_id: str, problem: bool = False) -> None:
        if prompt_id not in self._prompts:
            log.error("papers: prompt %s missing from the catalogue", prompt_id)
            prompt_id, problem = p.PAGE_UNREADABLE, True
        self._model.message = (prompt_id, problem)
        self._publish()
        text = self._prompts.speech(prompt_id, **self._model.values())
        self.spoken.emit(prompt_id, text)
        if problem:
            self.problem.emit(prompt_id)
        if self._speech is not None:
            self._speech.say(Utterance(prompt_id, text))

    def _publish(self) -> None:
        view = self._model.view(self._prompts)
        if view is None:
            return
        self._view = view
        self.view_changed.emit(view)
        for screen in self._screens:
            screen.show_view(view)
