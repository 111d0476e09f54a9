"""One flow engine for every procedure: choose → checklist → questions → papers → review →
consent → submit → receipt → rating (contract 6). States and events: procedure_model.py.

Pure Python: no Qt, no devices, no time of its own — the session (kiosk.flows.session) owns idle
time and warnings and nests this flow as its PROCEDURE screen: `SessionFlow.attach_procedure`.
Every method returns the events it caused and hands each to the listener, in order. A procedure
is data (kiosk.domain.procedure): there is no code branch per procedure.
"""

from __future__ import annotations

import logging

from kiosk.domain.procedure import LifeEvent, Procedure
from kiosk.flows.procedure_core import ProcedureCore
from kiosk.flows.procedure_model import (
    AnswerRejected,
    ChooseState,
    Dossier,
    PaperRecord,
    PapersRequested,
    ProcedureEvent,
    ProcedureFinished,
    ProcedureState,
    Step,
    StepChanged,
    SubmitOutcome,
    SubmitRequested,
)
from kiosk.flows.procedure_values import to_stored

__all__ = [
    "AnswerRejected",
    "Dossier",
    "PaperRecord",
    "PapersRequested",
    "ProcedureEvent",
    "ProcedureFinished",
    "ProcedureFlow",
    "ProcedureState",
    "Step",
    "StepChanged",
    "SubmitOutcome",
    "SubmitRequested",
]

log = logging.getLogger(__name__)
RATINGS = range(1, 6)


class ProcedureFlow(ProcedureCore):
    """One flow engine for every procedure (contract 6). Not thread-safe: use the GUI thread."""

    # ---- choose ----------------------------------------------------------------------------

    def open_group(self, group: LifeEvent) -> list[ProcedureEvent]:
        if self._state.step is not Step.CHOOSE:
            return []
        self._state.choose = ChooseState(group=group)
        return self._emit([StepChanged(Step.CHOOSE)])

    def open_search(self) -> list[ProcedureEvent]:
        if self._state.step is not Step.CHOOSE:
            return []
        self._state.choose = ChooseState(searching=True)
        return self._emit([StepChanged(Step.CHOOSE)])

    def search(self, query: str) -> list[ProcedureEvent]:
        c = self._state.choose
        if self._state.step is not Step.CHOOSE or not c.searching or c.query == query:
            return []
        c.query = query
        return self._emit([StepChanged(Step.CHOOSE)])

    def results(self) -> list[Procedure]:
        """The rows the choose step lists now (a group's, or the search's)."""
        c = self._state.choose
        if c.searching:
            return list(self._catalogue.search(c.query)) if c.query.strip() else []
        if c.group is not None:
            return list(self._catalogue.by_group(c.group))
        return []

    def choose(self, procedure_id: str) -> list[ProcedureEvent]:
        if self._state.step is not Step.CHOOSE:
            return []
        proc = self._catalogue.get(procedure_id)
        s = self._state
        s.came_from_group = s.choose.group is not None
        s.procedure_id = proc.id
        s.prefill = {}
        for f in proc.fields:
            value = self._prefill(f, self._identity)
            if value is not None:
                s.prefill[f.id] = to_stored(value)
        s.answers, s.papers = {}, ()
        return self._go(Step.CHECKLIST)

    def qr_scanned(self, text: str) -> list[ProcedureEvent]:
        """A procedure's QR (on the wall, in a leaflet) jumps straight to it from choose."""
        if self._state.step is not Step.CHOOSE:
            return []
        proc = self._catalogue.by_qr(text)
        if proc is None:
            return []
        self._state.choose = ChooseState()
        return self.choose(proc.id)

    # ---- questions -------------------------------------------------------------------------

    def proceed(self) -> list[ProcedureEvent]:
        """The step's one "Tiếp tục" (checklist, review, a failed submit's retry, receipt)."""
        s = self._state
        if s.step is Step.CHECKLIST:
            return self._after(None)
        if s.step is Step.REVIEW:
            s.consent = "asked"
            return self._go(Step.CONSENT)
        if s.step is Step.SUBMIT and s.submit == "failed":
            return self._send()
        if s.step is Step.RECEIPT:
            return self.receipt_done(printed=s.printed)
        return []

    def confirm(self) -> list[ProcedureEvent]:
        """ "Đúng": the pre-filled value is the answer."""
        s = self._state
        if s.step is not Step.QUESTION or not s.confirming or s.question is None:
            return []
        return self.answer(self.value(s.question))

    def edit(self) -> list[ProcedureEvent]:
        """ "Sửa": the same question with its input, the pre-filled value in it."""
        s = self._state
        if s.step is not Step.QUESTION or not s.confirming:
            return []
        s.confirming, s.error = False, None
        return self._emit([StepChanged(Step.QUESTION)])

    def answer(self, value: object) -> list[ProcedureEvent]:
        s = self._state
        if s.step is not Step.QUESTION or s.question is None:
            return []
        field = self.field(s.question)
        problem = self._check(field, value, self.today())
        if problem is not None:
            s.error, s.confirming = problem, False
            log.info("procedure: answer to %s refused: %s", field.id, problem)
            return self._emit([AnswerRejected(field.id, problem), StepChanged(Step.QUESTION)])
        s.answers[field.id] = to_stored(value)
        asked = {f.id for f in self.asked_fields()}  # an answer may drop later questions
        s.answers = {k: v for k, v in s.answers.items() if k in asked}
        return self._after(field.id)

    def edit_answer(self, field_id: str) -> list[ProcedureEvent]:
        """ "Sửa" on a review row: that question, then back to the review."""
        s = self._state
        if s.step is not Step.REVIEW or field_id not in {f.id for f in self.asked_fields()}:
            return []
        s.to_review = True
        return self._ask(field_id, confirming=False)

    # ---- outside events --------------------------------------------------------------------

    def papers_done(self, papers: tuple[PaperRecord, ...] = ()) -> list[ProcedureEvent]:
        if self._state.step is not Step.PAPERS:
            return []
        self._state.papers = papers
        return self._go(Step.REVIEW)

    def consent_given(self) -> list[ProcedureEvent]:
        if self._state.step is not Step.CONSENT:
            return []
        self._state.consent = "given"
        return self._send()

    def consent_declined(self) -> list[ProcedureEvent]:
        """Silence is not consent, nor is "Không đồng ý": nothing is sent."""
        if self._state.step is not Step.CONSENT:
            return []
        self._state.consent = "declined"
        return self._emit([StepChanged(Step.CONSENT)])

    def submitted(self, outcome: SubmitOutcome) -> list[ProcedureEvent]:
        s = self._state
        if s.step is not Step.SUBMIT or s.submit != "sending":
            return []
        s.outcome, s.submit = outcome, "idle"
        return self._go(Step.RECEIPT)

    def submit_failed(self, prompt_id: str) -> list[ProcedureEvent]:
        s = self._state
        if s.step is not Step.SUBMIT or s.submit != "sending":
            return []
        s.submit, s.submit_error = "failed", prompt_id
        return self._emit([StepChanged(Step.SUBMIT)])

    def receipt_done(self, printed: bool) -> list[ProcedureEvent]:
        if self._state.step is not Step.RECEIPT:
            return []
        self._state.printed = printed
        return self._go(Step.RATING)

    def rated(self, score: int | None) -> list[ProcedureEvent]:
        """A face was tapped (1–5), or None: skipped."""
        if self._state.step is not Step.RATING or (score is not None and score not in RATINGS):
            return []
        self._state.rating = score
        return self._go(Step.DONE) + self._emit([ProcedureFinished()])

    # ---- back ------------------------------------------------------------------------------

    def back(self) -> bool:
        """One step back inside the flow; False when the session should take it (from the
        choose tiles, back to identify). True also when back is refused (after submit)."""
        s = self._state
        step = s.step
        if step is Step.IDLE:
            return False
        if not self.can_go_back:
            return True
        if step is Step.CHOOSE:
            if s.choose.group is None and not s.choose.searching:
                return False
            s.choose = ChooseState()
            self._emit([StepChanged(Step.CHOOSE)])
        elif step is Step.CHECKLIST:
            group = self.procedure.group if self.procedure and s.came_from_group else None
            s.procedure_id, s.prefill, s.answers = None, {}, {}
            s.choose = ChooseState(group=group)
            self._go(Step.CHOOSE)
        elif step is Step.QUESTION and s.to_review:
            s.to_review = False
            self._go(Step.REVIEW)
        elif step is Step.QUESTION:
            self._before(s.question)
        elif step is Step.PAPERS or (step is Step.REVIEW and not self._has_papers()):
            self._before(None)
        elif step is Step.REVIEW:
            self._go(Step.PAPERS)
            self._emit([PapersRequested(s.procedure_id or "")])
        elif step is Step.CONSENT and s.consent == "declined":
            s.consent = "asked"
            self._emit([StepChanged(Step.CONSENT)])
        elif step in (Step.CONSENT, Step.SUBMIT):
            s.submit, s.submit_error = "idle", None
            self._go(Step.REVIEW if step is Step.CONSENT else Step.CONSENT)
        return True
