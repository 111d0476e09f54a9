"""Property: any order of back / start over / timeout / answer / identify (and every other intent)
never leaves data of a previous citizen in the flow's state or in a view the kiosk would show,
and never crashes the engine."""

from __future__ import annotations

from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from kiosk.domain.identity import CitizenIdentity
from kiosk.domain.procedure import LifeEvent
from kiosk.flows.procedure_flow import ProcedureFlow, Step, SubmitOutcome
from kiosk.flows.session import Screen, SessionFlow
from kiosk.paths import prompts_file
from kiosk.ports.clock import ManualClock
from kiosk.prompts import load_prompts
from kiosk.settings.schema import default_settings
from tests.unit.flows.procedure_fakes import LAN, TU, FakeCatalogue, fake_check
from ui.procedure_views import ViewBuilder

CITIZENS = (LAN, TU)
PROMPTS = load_prompts(prompts_file())


def fragments(who: CitizenIdentity) -> list[str]:
    return [who.full_name, who.id_number, f"answer of {who.id_number}"]


ACTIONS = st.sampled_from(
    [
        "touch", "start", "identify_lan", "identify_tu", "open", "back", "start_over", "idle",
        "timeout", "extend", "tick", "group_birth", "group_copy", "search", "qr", "choose_birth",
        "choose_copy", "proceed", "confirm", "edit", "answer_text", "answer_date",
        "answer_bad_date", "answer_yes", "answer_no", "answer_number", "edit_answer",
        "papers_done", "consent", "decline", "submitted", "submit_failed", "rated", "goodbye",
    ]
)  # fmt: skip


class World:
    def __init__(self) -> None:
        self.clock = ManualClock()
        self.session = SessionFlow(self.clock, default_settings())
        self.steps = ProcedureFlow(FakeCatalogue(), fake_check, self.clock)
        self.session.attach_procedure(self.steps)
        self.views = ViewBuilder(PROMPTS)

    def current(self) -> CitizenIdentity | None:
        s = self.session.session
        return s.identity if s is not None else None

    def answer_text(self) -> str:
        who = self.current()
        return f"answer of {who.id_number}" if who else "answer of nobody"

    def do(self, action: str) -> None:
        s, p, c = self.session, self.steps, self.clock
        simple = {
            "touch": s.touched, "start": s.start, "open": s.open_procedure, "back": s.back,
            "start_over": s.start_over, "extend": s.extend, "proceed": p.proceed,
            "confirm": p.confirm, "edit": p.edit, "papers_done": p.papers_done,
            "consent": p.consent_given, "decline": p.consent_declined,
        }  # fmt: skip
        if action in simple:
            simple[action]()
        elif action.startswith("identify_"):
            s.identify(LAN if action.endswith("lan") else TU)
        elif action in ("idle", "timeout", "goodbye", "tick"):
            seconds = {"idle": s.idle_limit_s, "timeout": 31, "goodbye": 30, "tick": 1}[action]
            for _ in range(int(seconds)):
                c.advance(1)
                s.tick()
        elif action.startswith("group_"):
            p.open_group(LifeEvent.BIRTH if action.endswith("birth") else LifeEvent.CERTIFICATION)
        elif action == "search":
            p.open_search()
            p.search("khai")
        elif action == "qr":
            p.qr_scanned("kiosk:procedure:copy")
        elif action.startswith("choose_"):
            p.choose(action.removeprefix("choose_"))
        elif action == "answer_text":
            p.answer(self.answer_text())
        elif action == "answer_date":
            p.answer(date(2026, 11, 1))
        elif action == "answer_bad_date":
            p.answer(date(2030, 1, 1))
        elif action in ("answer_yes", "answer_no"):
            p.answer(action == "answer_yes")
        elif action == "answer_number":
            p.answer(2)
        elif action == "edit_answer":
            asked = p.asked_fields()
            if asked:
                p.edit_answer(asked[0].id)
        elif action == "submitted":
            p.submitted(SubmitOutcome(sent=False, prompt_id="flow.submit_not_connected"))
        elif action == "submit_failed":
            p.submit_failed("flow.submit_failed")
        elif action == "rated" and p.rated(4):
            s.finish()

    def shown(self) -> str:
        """Everything the kiosk would show for the procedure part now, as one text."""
        if self.session.screen is not Screen.PROCEDURE:
            return ""
        screen_id, view = self.views.build(self.steps, self.session.session)
        return screen_id + repr(view)


# A citizen's way to the review, so random tails start deep in the flow as often as not.
HAPPY = [
    "touch", "start", "identify_lan", "open", "group_birth", "choose_birth", "proceed", "confirm",
    "answer_text", "answer_date", "answer_yes", "answer_text", "papers_done",
]  # fmt: skip


def test_the_happy_prefix_reaches_the_review_with_answers() -> None:
    w = World()
    for action in HAPPY:
        w.do(action)
    assert w.steps.step is Step.REVIEW and len(w.steps.state.answers) == 5
    assert "answer of 001056012345" in w.shown()  # the current citizen's answers do show


@settings(max_examples=400, deadline=None)
@given(st.sampled_from([[], HAPPY[:4], HAPPY[:8], HAPPY]), st.lists(ACTIONS, max_size=50))
def test_no_previous_citizen_data_survives_any_sequence(prefix: list[str], tail: list[str]) -> None:
    w = World()
    for action in prefix + tail:
        w.do(action)
        who = w.current()
        others = [c for c in CITIZENS if who is None or c.id_number != who.id_number]
        state = w.steps.to_json().decode()
        shown = w.shown()
        for other in others:
            for frag in fragments(other):
                assert frag not in state, (action, frag)
                assert frag not in shown, (action, frag)
        if w.session.session is None:  # no session: nothing personal at all
            assert w.steps.state.answers == {} and w.steps.state.prefill == {}
            assert w.steps.step is Step.IDLE and w.steps.state.procedure_id is None
        if w.session.screen is not Screen.PROCEDURE and w.session.interrupted is None:
            assert w.steps.state.answers == {}, action  # left backwards or ended: dropped
