"""The procedure flow's vocabulary: steps, the serialisable state, the dossier, events, ports.

Apart from kiosk/flows/procedure_flow.py so the state machine stays readable; everything here is
re-exported from there (contract 6).

    (session: IDENTIFY ──"Tiếp tục"──▶ PROCEDURE, whose steps live here)
    CHOOSE ─▶ CHECKLIST ─▶ QUESTION × n ─▶ PAPERS ─▶ REVIEW ─▶ CONSENT ─▶ SUBMIT ─▶ RECEIPT
      (tiles / group / search)  ▲ "Sửa" on a review row ─┘            ─▶ RATING ─▶ DONE
    back() goes one step back everywhere until SUBMIT; from CHOOSE's tiles the session takes it
    (back to IDENTIFY). PAPERS, SUBMIT, RECEIPT and RATING move on events from outside (issues
    6, 7, 9 plug in there): papers_done, submitted / submit_failed, receipt_done, rated.

The state is a msgspec Struct: `encode_state` gives JSON bytes (with `version`) that a crash
resume or a staff take-over (issue 11) decodes with `decode_state`. It holds personal data
(pre-filled values and answers): it lives in memory and is wiped with the session.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum
from typing import Any, Literal, Protocol

import msgspec

from kiosk.domain.procedure import FormField, LifeEvent, Procedure

STATE_VERSION = 1


class Step(StrEnum):
    IDLE = "idle"  # before `begin` and after `reset`: every intent is ignored
    CHOOSE = "choose"
    CHECKLIST = "checklist"
    QUESTION = "question"
    PAPERS = "papers"
    REVIEW = "review"
    CONSENT = "consent"
    SUBMIT = "submit"
    RECEIPT = "receipt"
    RATING = "rating"
    DONE = "done"


AFTER_SUBMIT = frozenset({Step.RECEIPT, Step.RATING, Step.DONE})  # the dossier is out of our hands
Consent = Literal["asked", "given", "declined"]
SubmitStatus = Literal["idle", "sending", "failed"]


class PaperRecord(msgspec.Struct, frozen=True, kw_only=True):
    """One paper copied in the papers step (issue 6): which paper and where its PDF is."""

    paper_id: str
    pages: int = 0
    ref: str = ""  # a file in the session temp dir; "" when the citizen brings it to the counter


class SubmitOutcome(msgspec.Struct, frozen=True, kw_only=True):
    """What the submit step learned. `sent` False: recorded here only, never sent (no portal)."""

    sent: bool
    dossier_code: str | None = None
    prompt_id: str = ""  # what the receipt step says about it


class ChooseState(msgspec.Struct, kw_only=True):
    group: LifeEvent | None = None  # a tile was tapped: its procedures show as rows
    searching: bool = False  # the search box with the on-screen keyboard is open
    query: str = ""  # typed on the kiosk keyboard (never personal: a procedure's name)


class ProcedureState(msgspec.Struct, kw_only=True):
    """Everything the flow knows; JSON-serialisable. Answers are stored as msgspec builtins
    (a date as ISO text, an address as a mapping) so any value round-trips."""

    version: int = STATE_VERSION
    step: Step = Step.IDLE
    choose: ChooseState = msgspec.field(default_factory=ChooseState)
    came_from_group: bool = False  # back from the checklist returns to that group's rows
    procedure_id: str | None = None
    prefill: dict[str, Any] = msgspec.field(default_factory=dict)  # field id → value (personal)
    answers: dict[str, Any] = msgspec.field(default_factory=dict)  # field id → value (personal)
    question: str | None = None  # the field asked now
    confirming: bool = False  # the question shows a pre-filled value as "Đúng / Sửa"
    error: str | None = None  # prompt id of why the last answer was refused
    to_review: bool = False  # a "Sửa" from the review: answering returns there
    papers: tuple[PaperRecord, ...] = ()
    consent: Consent = "asked"
    submit: SubmitStatus = "idle"
    submit_error: str | None = None  # prompt id
    outcome: SubmitOutcome | None = None
    printed: bool = False
    rating: int | None = None
    started_at: datetime | None = None


class Dossier(msgspec.Struct, frozen=True, kw_only=True, repr_omit_defaults=True):
    """What the submit step sends (issue 9's outbox). Personal: never logged (see __repr__)."""

    procedure_id: str
    national_code: str | None
    answers: dict[str, Any]  # only the fields that were asked, as builtins
    papers: tuple[PaperRecord, ...]
    consent_at: datetime
    linked: tuple[str, ...] = ()

    def __repr__(self) -> str:
        n, p = len(self.answers), len(self.papers)
        return f"Dossier({self.procedure_id}, {n} answers, {p} papers)"


def encode_state(state: ProcedureState) -> bytes:
    return msgspec.json.encode(state)


def decode_state(blob: bytes) -> ProcedureState:
    """The state from `encode_state`; a different `version` is refused (no silent guess)."""
    state = msgspec.json.decode(blob, type=ProcedureState)
    if state.version != STATE_VERSION:
        raise ValueError(f"procedure state version {state.version}, expected {STATE_VERSION}")
    return state


# ---- what the flow needs from outside (contract 3, injected; fakes in unit tests) -----------


class ProcedureSource(Protocol):
    """kiosk.services.procedures.catalogue.Catalogue as the flow uses it."""

    def all(self) -> tuple[Procedure, ...]: ...
    def get(self, procedure_id: str) -> Procedure: ...
    def by_group(self, group: LifeEvent) -> Any: ...
    def search(self, text: str) -> list[Procedure]: ...
    def by_qr(self, text: str) -> Procedure | None: ...


AnswerCheck = Callable[[FormField, object, date], str | None]  # None: valid; else a prompt id
Prefiller = Callable[[FormField, object], object | None]  # (field, identity) → value or None


# ---- events (past tense; they carry no personal data) ---------------------------------------


@dataclass(frozen=True, slots=True)
class StepChanged:
    step: Step


@dataclass(frozen=True, slots=True)
class AnswerRejected:
    field_id: str
    prompt_id: str


@dataclass(frozen=True, slots=True, repr=False)
class SubmitRequested:
    """Send this dossier (the outbox, issue 9); answer with `submitted` or `submit_failed`."""

    dossier: Dossier

    def __repr__(self) -> str:
        return f"SubmitRequested({self.dossier!r})"


@dataclass(frozen=True, slots=True)
class PapersRequested:
    """Copy the procedure's papers (issue 6); answer with `papers_done`."""

    procedure_id: str


@dataclass(frozen=True, slots=True)
class ProcedureFinished:
    """Rated (or skipped): the session says goodbye."""


ProcedureEvent = (
    StepChanged | AnswerRejected | SubmitRequested | PapersRequested | ProcedureFinished
)
