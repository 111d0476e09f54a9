"""The procedure flow engine: each transition, ask_if, validation, review edits, serialisation,
resume, and its nesting in the session (back, start over, timeout, another card)."""

from __future__ import annotations

from datetime import date

import msgspec
import pytest

from kiosk.domain.procedure import LifeEvent
from kiosk.flows.procedure_flow import (
    AnswerRejected,
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
from kiosk.flows.procedure_model import STATE_VERSION, decode_state
from kiosk.flows.session import Screen, SessionFlow
from kiosk.ports.clock import ManualClock
from kiosk.settings.schema import default_settings
from tests.unit.flows.procedure_fakes import LAN, TU, FakeCatalogue, fake_check


def make() -> tuple[ProcedureFlow, list[ProcedureEvent], ManualClock]:
    clock = ManualClock()
    heard: list[ProcedureEvent] = []
    flow = ProcedureFlow(FakeCatalogue(), fake_check, clock, heard.append)
    flow.begin(LAN)
    return flow, heard, clock


def to_questions(flow: ProcedureFlow, pid: str = "birth") -> None:
    flow.open_group(LifeEvent.BIRTH if pid == "birth" else LifeEvent.CERTIFICATION)
    flow.choose(pid)
    flow.proceed()


def fill_birth(flow: ProcedureFlow, married: bool = False) -> None:
    to_questions(flow)
    flow.confirm()
    flow.answer("Nguyễn Văn An")
    flow.answer(date(2026, 11, 1))
    flow.answer(married)
    if married:
        flow.answer("UBND phường Hàng Bạc")


def test_choose_by_group_then_checklist_with_prefill_from_the_identity() -> None:
    flow, heard, _ = make()
    assert flow.step is Step.CHOOSE and flow.results() == []
    flow.open_group(LifeEvent.BIRTH)
    assert [p.id for p in flow.results()] == ["birth"]
    assert flow.choose("birth") == [StepChanged(Step.CHECKLIST)]
    assert flow.state.prefill == {"parent_name": "Nguyễn Thị Lan"}  # only this procedure's
    assert heard[-1] == StepChanged(Step.CHECKLIST)


def test_search_and_qr_jump() -> None:
    flow, _, _ = make()
    flow.open_search()
    flow.search("khai sinh")
    assert [p.id for p in flow.results()] == ["birth"]
    flow.back()  # closes the search
    assert not flow.state.choose.searching and flow.step is Step.CHOOSE
    assert flow.qr_scanned("not a procedure") == []
    assert flow.qr_scanned("kiosk:procedure:copy") == [StepChanged(Step.CHECKLIST)]
    assert flow.procedure is not None and flow.procedure.id == "copy"
    assert flow.back() and flow.step is Step.CHOOSE
    assert flow.state.choose.group is None  # came by QR: back to the tiles


def test_prefilled_question_is_confirmed_with_one_tap_or_edited() -> None:
    flow, _, _ = make()
    to_questions(flow)
    assert flow.step is Step.QUESTION and flow.state.question == "parent_name"
    assert flow.state.confirming and flow.value("parent_name") == "Nguyễn Thị Lan"
    flow.edit()
    assert not flow.state.confirming and flow.state.question == "parent_name"
    flow.answer("Nguyễn T. Lan")
    assert flow.state.answers["parent_name"] == "Nguyễn T. Lan"
    assert flow.state.question == "child_name" and not flow.state.confirming
    flow.back()
    assert flow.state.question == "parent_name"
    assert not flow.state.confirming  # no longer the pre-filled value: asked with its input


def test_refused_answer_names_a_prompt_and_stays() -> None:
    flow, _, _ = make()
    to_questions(flow)
    flow.confirm()
    flow.answer("Nguyễn Văn An")
    events = flow.answer(date(2027, 1, 1))  # after "today" (2026-11-23)
    assert events[0] == AnswerRejected("child_birth", "procedure_invalid.date_in_future")
    assert flow.state.error == "procedure_invalid.date_in_future"
    assert "child_birth" not in flow.state.answers
    flow.answer(date(2026, 11, 1))
    assert flow.state.error is None and flow.state.question == "married"


def test_ask_if_adds_and_drops_questions() -> None:
    flow, heard, _ = make()
    fill_birth(flow, married=True)
    assert flow.step is Step.PAPERS and PapersRequested("birth") in heard
    assert [f.id for f in flow.asked_fields()][-1] == "marriage_place"
    flow.papers_done((PaperRecord(paper_id="birth_cert", pages=1),))
    assert flow.step is Step.REVIEW
    flow.edit_answer("married")
    assert flow.step is Step.QUESTION and flow.state.to_review
    flow.answer(False)
    assert flow.step is Step.REVIEW  # nothing new to ask: straight back to the review
    assert "marriage_place" not in flow.state.answers  # no longer asked: not kept
    assert "marriage_place" not in flow.dossier().answers


def test_review_edit_that_opens_a_question_asks_it_then_returns() -> None:
    flow, _, _ = make()
    fill_birth(flow, married=False)
    flow.papers_done()
    flow.edit_answer("married")
    flow.answer(True)
    assert flow.state.question == "marriage_place"
    flow.answer("UBND phường Hàng Bạc")
    assert flow.step is Step.REVIEW and not flow.state.to_review


def test_back_from_a_review_edit_returns_to_the_review_unchanged() -> None:
    flow, _, _ = make()
    fill_birth(flow)
    flow.papers_done()
    flow.edit_answer("child_name")
    assert flow.back() and flow.step is Step.REVIEW
    assert flow.state.answers["child_name"] == "Nguyễn Văn An"


def test_back_walks_every_step_to_the_tiles_then_hands_over() -> None:
    flow, _, _ = make()
    fill_birth(flow)
    flow.papers_done()
    flow.proceed()
    assert flow.step is Step.CONSENT
    seen = []
    while flow.back():
        seen.append((flow.step, flow.state.question))
    assert seen == [
        (Step.REVIEW, None),
        (Step.PAPERS, None),
        (Step.QUESTION, "married"),
        (Step.QUESTION, "child_birth"),
        (Step.QUESTION, "child_name"),
        (Step.QUESTION, "parent_name"),
        (Step.CHECKLIST, None),
        (Step.CHOOSE, None),  # the birth group's rows
        (Step.CHOOSE, None),  # the tiles
    ]
    assert flow.state.procedure_id is None and flow.state.answers == {}


def test_consent_submit_receipt_rating() -> None:
    flow, heard, _ = make()
    fill_birth(flow)
    flow.papers_done()
    flow.proceed()
    flow.consent_declined()
    assert flow.step is Step.CONSENT and flow.state.consent == "declined"
    assert not [e for e in heard if isinstance(e, SubmitRequested)]  # nothing sent
    flow.back()
    assert flow.state.consent == "asked"
    flow.consent_given()
    assert flow.step is Step.SUBMIT and not flow.can_go_back
    sent = [e for e in heard if isinstance(e, SubmitRequested)]
    assert len(sent) == 1 and sent[0].dossier.answers["child_birth"] == "2026-11-01"
    assert "Nguyễn" not in repr(sent[0])  # never a name in a log line
    flow.submit_failed("flow.submit_failed")
    assert flow.state.submit == "failed" and flow.can_go_back
    flow.proceed()  # retry
    assert len([e for e in heard if isinstance(e, SubmitRequested)]) == 2
    flow.submitted(SubmitOutcome(sent=False, prompt_id="flow.not_sent"))
    assert flow.step is Step.RECEIPT and flow.completed and flow.back()  # refused, stays
    assert flow.step is Step.RECEIPT
    flow.proceed()
    assert flow.step is Step.RATING
    assert flow.rated(9) == []
    assert flow.rated(5)[-1] == ProcedureFinished() and flow.step is Step.DONE


def test_state_round_trips_and_resumes() -> None:
    flow, _, clock = make()
    fill_birth(flow, married=True)
    blob = flow.to_json()
    assert msgspec.json.decode(blob)["version"] == STATE_VERSION
    other = ProcedureFlow(FakeCatalogue(), fake_check, clock)
    assert other.resume(blob) == [StepChanged(Step.PAPERS)]
    assert other.state == flow.state
    assert other.value("child_birth") == date(2026, 11, 1)
    other.papers_done()
    assert other.step is Step.REVIEW and other.dossier().answers == flow.dossier().answers


def test_resume_refuses_another_version_or_an_unknown_procedure() -> None:
    flow, _, clock = make()
    to_questions(flow)
    data = msgspec.json.decode(flow.to_json())
    with pytest.raises(ValueError, match="version"):
        decode_state(msgspec.json.encode({**data, "version": 99}))
    other = ProcedureFlow(FakeCatalogue(), fake_check, clock)
    with pytest.raises(ValueError, match="unknown procedure"):
        other.resume(msgspec.json.encode({**data, "procedure_id": "gone"}))
    assert other.step is Step.IDLE and other.state.procedure_id is None


# ---- nested in the session ----------------------------------------------------------------


def session_with_steps() -> tuple[SessionFlow, ProcedureFlow, ManualClock]:
    clock = ManualClock()
    session = SessionFlow(clock, default_settings())
    steps = ProcedureFlow(FakeCatalogue(), fake_check, clock)
    session.attach_procedure(steps)
    session.touched()
    session.start()
    return session, steps, clock


def idle(session: SessionFlow, clock: ManualClock, seconds: float) -> None:
    for _ in range(int(seconds)):
        clock.advance(1)
        session.tick()


def test_session_opens_the_steps_only_when_identified_and_back_returns_to_identify() -> None:
    session, steps, _ = session_with_steps()
    assert session.open_procedure() == []  # nobody identified yet
    session.identify(LAN)
    session.open_procedure()
    assert session.screen is Screen.PROCEDURE and steps.step is Step.CHOOSE
    steps.open_group(LifeEvent.BIRTH)
    session.back()
    assert session.screen is Screen.PROCEDURE and steps.state.choose.group is None
    session.back()
    assert session.screen is Screen.IDENTIFY and steps.state.procedure_id is None


def test_timeout_wipes_the_steps_and_after_submit_ends_as_completed() -> None:
    session, steps, clock = session_with_steps()
    session.identify(LAN)
    session.open_procedure()
    to_questions(steps)
    steps.confirm()
    idle(session, clock, session.idle_limit_s)
    assert session.screen is Screen.WARNING and steps.state.answers  # still there to resume
    session.extend()
    assert session.screen is Screen.PROCEDURE and steps.step is Step.QUESTION
    idle(session, clock, session.idle_limit_s + 31)
    assert session.screen is Screen.GOODBYE and session.last_end_reason == "timeout"
    assert steps.state.answers == {} and steps.state.prefill == {}

    session2, steps2, _ = session_with_steps()
    session2.identify(LAN)
    session2.open_procedure()
    fill_birth(steps2)
    steps2.papers_done()
    steps2.proceed()
    steps2.consent_given()
    steps2.submitted(SubmitOutcome(sent=True, dossier_code="000.00.00.H01-261123-0001"))
    assert not session2.can_go_back
    session2.start_over()
    assert session2.screen is Screen.GOODBYE and session2.last_end_reason == "completed"


def test_another_card_mid_procedure_drops_the_first_citizens_answers() -> None:
    session, steps, _ = session_with_steps()
    session.identify(LAN)
    session.open_procedure()
    to_questions(steps)
    steps.confirm()
    session.identify(TU)
    assert steps.step is Step.CHOOSE and steps.state.answers == {} and steps.state.prefill == {}
    steps.open_group(LifeEvent.BIRTH)
    steps.choose("birth")
    assert steps.state.prefill == {"parent_name": "Chu Văn Tư"}
