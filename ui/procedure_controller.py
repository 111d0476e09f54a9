"""The procedure steps' wiring: screens' intents → ProcedureFlow → view models and speech.

The session controller owns this object (built by `SessionController.attach_procedures`), renders
what `view()` returns while the session shows PROCEDURE, and speaks `prompt_id()`. A procedure's QR
scanned during the choose step jumps to it (the QR source is subscribed here too; scans arrive on
the device thread and are queued onto the GUI thread by a signal).

Submit, receipt and rating are issue 9's (ui/procedure_after.py) once `attach_submission` was
called; until then they are placeholders: the submit step records the dossier here (memory only:
`recorded`), sends nothing, and says so.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.domain.procedure import LifeEvent
from kiosk.flows.procedure_flow import (
    AnswerRejected,
    Dossier,
    PaperRecord,
    PapersRequested,
    ProcedureEvent,
    ProcedureFinished,
    ProcedureFlow,
    Step,
    StepChanged,
    SubmitOutcome,
    SubmitRequested,
)
from kiosk.flows.procedure_model import AnswerCheck, ProcedureSource
from kiosk.flows.procedure_values import identity_prefill
from kiosk.flows.session import Screen, SessionFlow
from kiosk.ports.clock import Clock
from kiosk.ports.qr_source import QrSource
from kiosk.prompts import PromptCatalogue
from ui.identify_jobs import Inbox
from ui.procedure_prompts import checklist_id, question_id, with_procedures
from ui.procedure_views import ViewBuilder

if TYPE_CHECKING:
    from ui.papers_controller import PapersController
    from ui.procedure_after import AfterSubmit

log = logging.getLogger(__name__)
SCANNER = "document_scanner"  # the session's device hold while the papers step scans

NOT_CONNECTED = "flow_submit.not_connected"  # what the submit placeholder says: recorded, not sent


class ProcedureController(QObject):
    changed = Signal(bool)  # the view changed; True: a new step or state to speak
    finished = Signal()  # rated or skipped: the session says goodbye
    corrected = Signal(str)  # a review row's field answered again and accepted (field id only)
    _qr_text = Signal(str)

    def __init__(
        self,
        session: SessionFlow,
        catalogue: ProcedureSource,
        check: AnswerCheck,
        clock: Clock,
        prompts: PromptCatalogue,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self.catalogue = catalogue
        self.flow = ProcedureFlow(catalogue, check, clock, self._on_event, prefill=identity_prefill)
        session.attach_procedure(self.flow)
        self._views = ViewBuilder(prompts)
        spoken = {p.id: self._checklist_speech(prompts, p.id) for p in catalogue.all()}
        self.prompts = with_procedures(prompts, catalogue.all(), spoken)
        self._views = ViewBuilder(self.prompts)
        self.recorded: list[Dossier] = []  # the submit placeholder's dossiers (memory only)
        self._inbox: Inbox | None = None
        self._qr: QrSource | None = None
        self._qr_text.connect(self._on_qr_text)
        self._last_spoken: tuple[object, ...] = ()
        self._papers: PapersController | None = None  # issue 6's step, when attached
        self._scans_base = Path()
        self._papers_started = False
        self._papers_result: object | None = None  # PapersResult: its service owns the PDFs
        self._holding = False
        self._after: AfterSubmit | None = None  # issue 9's submit, receipt and rating

    def attach_submission(self, after: AfterSubmit) -> None:
        """Issue 9's steps replace the submit/receipt/rating placeholders."""
        if self._after is None:
            self._after = after
            after.changed.connect(self._on_after_changed)

    @property
    def after(self) -> AfterSubmit | None:
        return self._after

    def attach_papers(self, papers: PapersController, scans_base: Path) -> None:
        """The papers step (issue 6) replaces the placeholder; scans go to a fresh private
        folder under `scans_base` for each visit of the step."""
        if self._papers is not None:
            return
        self._papers, self._scans_base = papers, scans_base
        papers.view_changed.connect(self._on_papers_view)
        papers.finished.connect(self._on_papers_finished)
        papers.busy_changed.connect(self._on_papers_busy)

    @property
    def papers(self) -> PapersController | None:
        return self._papers

    # ---- lifecycle -------------------------------------------------------------------------

    def attach_qr(self, qr: QrSource | None) -> None:
        if qr is None or self._qr is not None:
            return
        self._qr = qr
        self._inbox = Inbox(lambda _event: None, self._qr_text.emit)
        qr.subscribe(self._inbox.on_qr_scan)

    def close(self) -> None:
        if self._inbox is not None:
            self._inbox.close()
        self.wipe()
        if self._after is not None:
            self._after.close()

    def wipe(self) -> None:
        """Session over: the recorded dossiers go with it (a real outbox keeps them, issue 9),
        and so do the scans: nothing was sent, so nothing of them may stay on disk."""
        self.recorded.clear()
        self._last_spoken = ()
        if self._after is not None:
            self._after.wipe()  # the receipt and the practice portal hold personal data
        self._stop_papers()

    def _stop_papers(self) -> None:
        if self._papers is not None and self._papers_started:
            self._papers.reset()
        self._papers_started = False
        result, self._papers_result = self._papers_result, None
        service = getattr(result, "service", None)
        if service is not None:
            service.wipe()  # small deletes in the session's own folder
        self._on_papers_busy(False)

    # ---- read side -------------------------------------------------------------------------

    def view(self) -> tuple[str, object]:
        papers = self._papers.view if self._papers is not None else None
        if self.flow.step is Step.PAPERS and self._papers_started and papers is not None:
            return "papers", papers
        if self._after is not None:
            shown = self._after.view(self.flow.step)
            if shown is not None:
                return shown
        return self._views.build(self.flow)

    def prompt_id(self) -> str | None:
        """What to say for the step shown now (never personal data)."""
        s = self.flow.state
        step = s.step
        if step is Step.CHOOSE:
            c = s.choose
            if c.searching:
                return (
                    "flow_choose.search_none"
                    if c.query and not self.flow.results()
                    else ("flow_choose.search_title")
                )
            if c.group is not None:
                return (
                    "flow_choose.list_title"
                    if self.flow.results()
                    else ("flow_choose.no_procedures")
                )
            return "flow_choose.title"
        pid = s.procedure_id or ""
        if self._after is not None and self._after.speaks_itself(step):
            return None  # the receipt and rating controllers say their own prompts
        if step is Step.CHECKLIST:
            return checklist_id(pid)
        if step is Step.QUESTION and s.question is not None:
            if s.error and s.error in self.prompts:
                return s.error
            return question_id(pid, s.question, confirming=s.confirming)
        if step is Step.REVIEW:
            return "flow_review.title"
        if step is Step.CONSENT:
            return "flow_consent.declined" if s.consent == "declined" else "flow_consent.title"
        if step is Step.PAPERS:
            return None if self._papers is not None else "flow_papers.title"  # it speaks itself
        if step is Step.SUBMIT:
            return "flow_submit.failed" if s.submit == "failed" else "flow_submit.sending"
        if step is Step.RECEIPT:
            out = s.outcome
            if out is not None and out.prompt_id and out.prompt_id in self.prompts:
                return out.prompt_id
            return "flow_receipt.title"
        if step is Step.RATING:
            return "flow_rating.title"
        return None

    # ---- intents ---------------------------------------------------------------------------

    def on_group(self, key: str) -> None:
        self.flow.open_group(LifeEvent(key))

    def on_procedure(self, procedure_id: str) -> None:
        self.flow.choose(procedure_id)

    def on_search(self) -> None:
        self.flow.open_search()

    def on_query(self, text: str) -> None:
        self.flow.search(text)

    def on_continue(self) -> None:
        self.flow.proceed()

    def on_answered(self, value: object) -> None:
        s = self.flow.state
        from_review = s.step is Step.QUESTION and s.to_review and s.question is not None
        field_id = s.question or ""
        events = self.flow.answer(value)
        if from_review and events and not any(isinstance(e, AnswerRejected) for e in events):
            self.corrected.emit(field_id)  # staff audit it while assisting (never the value)

    def on_edit(self) -> None:
        self.flow.edit()

    def on_review_edit(self, field_id: str) -> None:
        self.flow.edit_answer(field_id)

    def on_agree(self) -> None:
        self.flow.consent_given()

    def on_decline(self) -> None:
        self.flow.consent_declined()

    def on_step_action(self, action: str) -> None:
        step = self.flow.step
        if step is Step.PAPERS and action == "continue":
            self.flow.papers_done(())  # placeholder: the papers go to the counter (issue 6)
        elif action.startswith("rate_"):
            self.flow.rated(int(action.removeprefix("rate_")))
        elif action == "skip":
            self.flow.rated(None)
        else:  # "continue" on the receipt, "retry" on a failed submit
            self.flow.proceed()

    # ---- events ----------------------------------------------------------------------------

    def _on_qr_text(self, text: str) -> None:
        if self._session.screen is not Screen.PROCEDURE or self.flow.step is not Step.CHOOSE:
            return  # the identify step answers scans there; elsewhere a scan means nothing
        self._session.activity()
        if not self.flow.qr_scanned(text):
            log.info("procedure: a QR scanned on the choose step is no procedure we know")

    def _on_event(self, event: ProcedureEvent) -> None:
        if isinstance(event, StepChanged):
            self._sync_papers(event.step)
            key = self._speech_key()
            speak = key != self._last_spoken
            self._last_spoken = key
            self.changed.emit(speak)
            if self._after is not None:
                self._after.entered(event.step)  # after the render: its speech is not cut
        elif isinstance(event, AnswerRejected):
            self._last_spoken = ()  # the refusal is said, even twice in a row
        elif isinstance(event, SubmitRequested):
            QTimer.singleShot(
                0, self, self._record_submit if self._after is None else self._start_submit
            )
        elif isinstance(event, PapersRequested):
            log.info(
                "procedure: papers step for %s (placeholder: to the counter)", event.procedure_id
            )
        elif isinstance(event, ProcedureFinished):
            self.finished.emit()

    # ---- the papers step (issue 6) ---------------------------------------------------------

    def _sync_papers(self, step: Step) -> None:
        """Entering PAPERS starts issue 6's step (before the screen is drawn); leaving it
        for a question or the choose step drops what was scanned."""
        papers, proc = self._papers, self.flow.procedure
        if papers is None:
            return
        if step is Step.PAPERS and not self._papers_started and proc is not None:
            self._stop_papers()  # back from the review: the papers are done again
            from kiosk.services.papers.folder import create_session_folder

            self._papers_started = True
            papers.start(proc, create_session_folder(self._scans_base))
        elif step in (Step.QUESTION, Step.CHECKLIST, Step.CHOOSE, Step.IDLE):
            self._stop_papers()

    def _on_papers_view(self, _view: object) -> None:
        if self.flow.step is Step.PAPERS:
            self.changed.emit(False)  # its own speech: the papers controller said it

    def _on_papers_finished(self, result: object) -> None:
        from kiosk.services.papers import PaperStatus

        state = getattr(result, "state", None)
        if self.flow.step is not Step.PAPERS or state is None:
            return
        self._papers_result = result
        self._papers_started = False  # finished: the step's own reset no longer wipes
        records = tuple(
            PaperRecord(
                paper_id=item.paper.id,
                pages=item.pages,
                ref=f"{item.paper.id}.pdf" if item.status is PaperStatus.DONE else "",
            )
            for item in state.items
        )
        self.flow.papers_done(records)

    def _on_papers_busy(self, busy: bool) -> None:
        if busy and not self._holding:
            self._session.hold_for_device(SCANNER)
            self._holding = True
        elif not busy and self._holding:
            self._holding = False
            self._session.release_device(SCANNER)

    def _speech_key(self) -> tuple[object, ...]:
        """A search's keystrokes change the rows, not what is said."""
        s = self.flow.state
        c = s.choose
        return (s.step, c.group, c.searching, bool(c.query), s.question, s.confirming, s.error,
                s.consent, s.submit)  # fmt: skip

    def _start_submit(self) -> None:
        if self._after is not None:
            self._after.start_submit(self._papers_result)

    def _on_after_changed(self) -> None:
        if self.flow.step in (Step.RECEIPT, Step.RATING):
            self.changed.emit(False)

    def _record_submit(self) -> None:
        """Placeholder submit (issue 9 brings the outbox and portal): the dossier is kept in
        memory for this session and NOT sent; the receipt step says so."""
        s = self.flow.state
        if s.step is not Step.SUBMIT or s.submit != "sending":
            return
        dossier = self.flow.dossier()
        self.recorded.append(dossier)
        log.info("procedure: %r recorded, not sent (no portal adapter yet)", dossier)
        self.flow.submitted(SubmitOutcome(sent=False, prompt_id=NOT_CONNECTED))

    def _checklist_speech(self, prompts: PromptCatalogue, procedure_id: str) -> str:
        p = self.catalogue.get(procedure_id)
        views = ViewBuilder(prompts)
        papers = ", ".join(x.name for x in p.papers if not x.optional)
        said_papers = (
            prompts.speech("flow_checklist.speech_papers", papers=papers) if papers else ""
        )
        return prompts.speech(
            "flow_checklist.speech",
            name=p.name,
            papers=said_papers,
            fee=views.fee_line(p),
            days=views.days_line(p),
        )
