"""The procedure flow's state and read side, its lifecycle and its step-moving internals; the
intents (what the citizen and the devices do) are in kiosk/flows/procedure_flow.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from kiosk.domain.procedure import FieldKind, FormField, Procedure
from kiosk.flows.procedure_model import (
    AFTER_SUBMIT,
    AnswerCheck,
    Dossier,
    PapersRequested,
    Prefiller,
    ProcedureEvent,
    ProcedureSource,
    ProcedureState,
    Step,
    StepChanged,
    SubmitRequested,
    decode_state,
    encode_state,
)
from kiosk.flows.procedure_values import condition_holds, from_stored, identity_prefill
from kiosk.ports.clock import Clock


class ProcedureCore:
    """Not thread-safe: call it from one thread (the GUI's)."""

    """Not thread-safe: call it from one thread (the GUI's)."""

    def __init__(
        self,
        catalogue: ProcedureSource,
        check: AnswerCheck,
        clock: Clock,
        listener: Callable[[ProcedureEvent], None] | None = None,
        *,
        prefill: Prefiller = identity_prefill,
    ) -> None:
        self._catalogue, self._check, self._clock = catalogue, check, clock
        self._listener, self._prefill = listener, prefill
        self._identity: object | None = None  # memory only; only pre-fills reach the state
        self._state = ProcedureState()

    # ---- read side -------------------------------------------------------------------------

    @property
    def state(self) -> ProcedureState:
        return self._state

    @property
    def step(self) -> Step:
        return self._state.step

    @property
    def procedure(self) -> Procedure | None:
        pid = self._state.procedure_id
        return self._catalogue.get(pid) if pid is not None else None

    @property
    def completed(self) -> bool:
        """The dossier left the citizen's hands (sent, or recorded for the counter)."""
        return self._state.step in AFTER_SUBMIT

    @property
    def can_go_back(self) -> bool:
        s = self._state
        sending = s.step is Step.SUBMIT and s.submit == "sending"
        return not (sending or s.step in AFTER_SUBMIT)

    def today(self) -> date:
        return self._clock.now().date()

    def field(self, field_id: str) -> FormField:
        proc = self.procedure
        assert proc is not None
        return next(f for f in proc.fields if f.id == field_id)

    def asked_fields(self) -> list[FormField]:
        """The fields asked with the answers given so far (`ask_if` applied), in order."""
        proc = self.procedure
        if proc is None:
            return []
        return [f for f in proc.fields if condition_holds(f.ask_if, self._state.answers)]

    def value(self, field_id: str) -> object:
        """The natural value of an answer (or else the pre-fill), None when neither."""
        s = self._state
        raw = s.answers.get(field_id, s.prefill.get(field_id))
        return from_stored(self.field(field_id), raw)

    def answered(self, field_id: str) -> bool:
        return field_id in self._state.answers

    def dossier(self) -> Dossier:
        proc = self.procedure
        assert proc is not None
        asked = {f.id for f in self.asked_fields()}
        return Dossier(
            procedure_id=proc.id,
            national_code=proc.national_code,
            answers={k: v for k, v in self._state.answers.items() if k in asked},
            papers=self._state.papers,
            consent_at=self._clock.now(),
            linked=proc.linked,
        )

    def to_json(self) -> bytes:
        return encode_state(self._state)

    # ---- lifecycle (the session calls these) -----------------------------------------------

    def begin(self, identity: object | None) -> list[ProcedureEvent]:
        """The citizen enters the procedure part: nothing of before is kept."""
        self._identity = identity
        self._state = ProcedureState(step=Step.CHOOSE, started_at=self._clock.now())
        return []

    def reset(self) -> list[ProcedureEvent]:
        """Session over, or left backwards: every answer and pre-fill is dropped."""
        self._identity = None
        self._state = ProcedureState()
        return []

    def resume(self, blob: bytes, identity: object | None = None) -> list[ProcedureEvent]:
        """Continue from `to_json()` output (a crash, or staff taking over). A procedure the
        catalogue no longer has, or a broken blob, raises ValueError and changes nothing."""
        state = decode_state(blob)
        if state.procedure_id is not None:
            try:
                self._catalogue.get(state.procedure_id)
            except KeyError as exc:
                raise ValueError(f"unknown procedure {state.procedure_id!r}") from exc
        self._identity, self._state = identity, state
        return self._emit([StepChanged(state.step)])

    # ---- internals -------------------------------------------------------------------------

    def _has_papers(self) -> bool:
        proc = self.procedure
        return proc is not None and bool(proc.papers)

    def _after(self, field_id: str | None) -> list[ProcedureEvent]:
        """The next question to ask after `field_id` (None: from the start); else the papers
        (or the review). Coming from a review "Sửa": the next unanswered one, else the review."""
        asked = self.asked_fields()
        s = self._state
        if s.to_review:
            missing = [f for f in asked if f.id not in s.answers]
            if missing:
                return self._ask(missing[0].id, confirming=self._confirmable(missing[0].id))
            s.to_review = False
            return self._go(Step.REVIEW)
        ids = [f.id for f in asked]
        start = ids.index(field_id) + 1 if field_id in ids else 0
        if start < len(ids):
            nxt = ids[start]
            return self._ask(nxt, confirming=self._confirmable(nxt))
        if self._has_papers():
            events = self._go(Step.PAPERS)
            return events + self._emit([PapersRequested(s.procedure_id or "")])
        return self._go(Step.REVIEW)

    def _before(self, field_id: str | None) -> list[ProcedureEvent]:
        """The question before `field_id` (None: the last one); else the checklist."""
        ids = [f.id for f in self.asked_fields()]
        end = ids.index(field_id) if field_id in ids else len(ids)
        if end > 0:
            prev = ids[end - 1]
            return self._ask(prev, confirming=self._confirmable(prev))
        return self._go(Step.CHECKLIST)

    def _confirmable(self, field_id: str) -> bool:
        """Ask as "Đúng / Sửa" while the value is still the pre-filled one."""
        s = self._state
        pre: Any = s.prefill.get(field_id)
        if pre is None or (isinstance(pre, str) and self.field(field_id).kind is FieldKind.ADDRESS):
            return False  # the card's old address text: the picker offers its new units
        return bool(s.answers.get(field_id, pre) == pre)

    def _ask(self, field_id: str, *, confirming: bool) -> list[ProcedureEvent]:
        s = self._state
        s.question, s.confirming, s.error = field_id, confirming, None
        if s.step is Step.QUESTION:
            return self._emit([StepChanged(Step.QUESTION)])
        return self._go(Step.QUESTION)

    def _send(self) -> list[ProcedureEvent]:
        s = self._state
        s.submit, s.submit_error = "sending", None
        if s.step is Step.SUBMIT:
            events = self._emit([StepChanged(Step.SUBMIT)])
        else:
            events = self._go(Step.SUBMIT)
        return events + self._emit([SubmitRequested(self.dossier())])

    def _go(self, step: Step) -> list[ProcedureEvent]:
        s = self._state
        s.step, s.error = step, None
        if step is not Step.QUESTION:
            s.question, s.confirming = None, False
        return self._emit([StepChanged(step)])

    def _emit(self, events: list[ProcedureEvent]) -> list[ProcedureEvent]:
        if self._listener is not None:
            for event in events:
                self._listener(event)
        return events
