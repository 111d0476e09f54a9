"""Assisted mode: take over keeps the citizen's answers, identity and step, shows the banner and
gives the longer timeouts; resume gives all of it back; a timeout while assisted still wipes;
a field corrected from the review and a hand-entered identity are audited without values."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN
from kiosk.domain.identity import IdentitySource
from kiosk.flows.procedure_flow import Step
from kiosk.flows.procedure_model import decode_state
from kiosk.flows.session import Screen
from kiosk.ports.clock import ManualClock
from kiosk.services.assisted.manual_identity import ManualField
from kiosk.settings.schema import Settings
from tests.ui.staff.rig import StaffRig, shoot
from tests.ui.support import SimDevices, drive, leftovers_of, settle
from tests.ui.test_procedures_e2e import Citizen, complete_to_review, go_to_choose
from ui.main_window import MainWindow
from ui.screens.staff_identity import StaffIdentityScreen

GOOD_ID = "001160012345"  # Hà Nội, a woman born in 1960


def banner(window: MainWindow) -> str:
    label = window.findChild(QLabel, "PracticeBanner")
    return label.text() if label is not None and label.isVisible() else ""


def to_review(window: MainWindow, qtbot: QtBot, sim: SimDevices) -> Citizen:
    citizen = Citizen(qtbot, window)
    go_to_choose(citizen, window, sim, BA_LAN)
    step = window.controller.procedure_step  # type: ignore[union-attr]
    assert step is not None
    complete_to_review(citizen, window, step, "certified_copy")
    return citizen


def test_takeover_and_resume_keep_everything_and_are_audited(
    staff: StaffRig, window: MainWindow, qtbot: QtBot, sim: SimDevices, clock: ManualClock,
    settings: Settings,
) -> None:  # fmt: skip
    citizen = to_review(window, qtbot, sim)
    flow, step = staff.controller.flow, staff.controller.procedure_step
    assert step is not None
    before = step.flow.to_json()
    identity = flow.session.identity  # type: ignore[union-attr]
    assert flow.idle_limit_s == settings.timeouts.form_idle_s
    staff.log_in()
    assert staff.offered()[0] == "take_over"
    staff.menu("take_over")
    assert window.current_screen_id == "review"  # the same screen, with the banner
    assert banner(window) == "Cán bộ đang hỗ trợ"
    assert flow.idle_limit_s == settings.timeouts.slow_idle_s  # the longer timeout
    drive(window, clock, settings.timeouts.form_idle_s + 5)
    assert flow.screen is Screen.PROCEDURE  # past the citizen's limit: no warning
    shoot(window, "assisted_review")

    review = window.screen_widget("review")
    edits = review.row_buttons()  # type: ignore[attr-defined]
    citizen.tap(edits[1])  # staff correct "mấy bản sao?"
    field = step.flow.field("copies")
    label_10 = next(c.label for c in field.choices if c.value == "10")
    citizen.tap_label(window.screen_widget("question"), "ChoiceRow", label_10, "ChoiceNext")
    assert window.current_screen_id == "review"
    assert banner(window) == "Cán bộ đang hỗ trợ"

    staff.log_in()
    assert staff.offered()[0] == "resume"
    staff.menu("resume")
    assert window.current_screen_id == "review"
    assert banner(window) == ""
    assert flow.idle_limit_s == settings.timeouts.form_idle_s
    assert flow.session is not None and flow.session.identity == identity
    after = step.flow.state
    assert after.step is Step.REVIEW and after.answers["copies"] == "10"
    kept = decode_state(before)
    assert kept.answers["copies"] != "10"  # the citizen's own answer, before the correction
    assert {k: v for k, v in after.answers.items() if k != "copies"} == {
        k: v for k, v in kept.answers.items() if k != "copies"
    }  # every other answer as the citizen gave it
    assert (after.procedure_id, after.prefill) == (kept.procedure_id, kept.prefill)
    rows = staff.wait_actions(["enter", "takeover", "correct_field", "enter", "resume"])
    sid = str(flow.session.id)
    assert all(f"session={sid}" in (r.detail or "") for r in rows[1:])
    assert "field=copies" in (rows[2].detail or "")
    assert not any("10" in (r.detail or "").split("field=")[-1] for r in rows)
    assert all(r.at is not None and r.actor_kind == "staff" for r in rows)


def test_a_timeout_while_assisted_still_wipes(
    staff: StaffRig, window: MainWindow, qtbot: QtBot, sim: SimDevices, clock: ManualClock,
    settings: Settings,
) -> None:  # fmt: skip
    to_review(window, qtbot, sim)
    staff.log_in()
    staff.menu("take_over")
    flow = staff.controller.flow
    t = settings.timeouts
    drive(window, clock, t.slow_idle_s + 1)
    assert flow.screen is Screen.WARNING
    drive(window, clock, t.warning_s + 1)
    assert flow.session is None and flow.screen.value == "goodbye"
    assert staff.staff.assisting is False
    assert leftovers_of(window, BA_LAN) == []
    step = staff.controller.procedure_step
    assert step is not None and step.flow.state.answers == {}
    drive(window, clock, t.goodbye_s + 1)
    assert flow.screen.value == "attract" and banner(window) == ""
    staff.wait_actions(["enter", "takeover", "session_end"])


def test_manual_identity_refuses_a_bad_id_then_continues_as_staff_entry(
    staff: StaffRig, window: MainWindow, qtbot: QtBot
) -> None:
    citizen = Citizen(qtbot, window)
    citizen.tap(window.attract)
    citizen.tap(citizen.button(window, "WelcomeStart"))
    assert window.current_screen_id == "identify"
    staff.log_in()
    assert "manual_identity" in staff.offered()
    staff.menu("manual_identity")
    assert window.current_screen_id == "staff_identity"
    screen = window.screen_widget("staff_identity")
    assert isinstance(screen, StaffIdentityScreen)
    form = screen.form
    ident = staff.staff._identity
    assert ident is not None

    form.answered.emit("Nguyễn Thị Lan")  # the keyboard's "Xong" (typing: tests/ui/forms)
    settle()
    shoot(window, "identity_birth_date")
    citizen.tap(citizen.button(form, "DateDone"))  # the wheels start at 01/01/1960
    citizen.tap_label(form, "ChoiceRow", "Nữ", "ChoiceNext")
    settle()
    shoot(window, "identity_id")
    pad = form.editors["number"]
    for ch in "12345":
        citizen.tap(pad.keys[ch])  # type: ignore[attr-defined]
    citizen.tap(citizen.button(form, "DigitDone"))
    settle()
    error = form.findChild(QLabel, "QuestionError")
    assert error is not None and error.isVisible()
    assert error.text().startswith("Số định danh không hợp lệ")
    assert ident.form.value(ManualField.FULL_NAME) == "Nguyễn Thị Lan"  # nothing lost
    assert ident.form.value(ManualField.BIRTH_DATE) == date(1960, 1, 1)
    assert ident.form.value(ManualField.SEX) == "Nữ"
    shoot(window, "identity_bad_id")
    for ch in GOOD_ID:
        citizen.tap(pad.keys[ch])  # type: ignore[attr-defined]
    citizen.tap(citizen.button(form, "DigitDone"))
    settle()
    assert ident.form.field is ManualField.ADDRESS
    shoot(window, "identity")
    form.answered.emit("12 Hàng Bạc, Phường Hoàn Kiếm, Thành phố Hà Nội")
    settle()
    flow = staff.controller.flow
    assert window.current_screen_id == "choose" and flow.screen is Screen.PROCEDURE
    assert banner(window) == "Cán bộ đang hỗ trợ"
    who = flow.session.identity  # type: ignore[union-attr]
    assert who is not None and who.id_number == GOOD_ID
    assert set(who.sources.values()) == {IdentitySource.STAFF_ENTRY}
    rows = staff.wait_actions(["enter", "takeover", "manual_identity"])
    for r in rows:
        assert GOOD_ID not in (r.detail or "") and "Lan" not in (r.detail or "")


def test_start_over_while_assisted_wipes_and_the_next_citizen_has_no_banner(
    staff: StaffRig, window: MainWindow, qtbot: QtBot, sim: SimDevices
) -> None:
    citizen = to_review(window, qtbot, sim)
    staff.log_in()
    staff.menu("take_over")
    assert banner(window) == "Cán bộ đang hỗ trợ"
    citizen.tap(citizen.button(window, "NavStartOver"))
    flow = staff.controller.flow
    assert flow.session is None and window.current_screen_id == "attract"
    assert leftovers_of(window, BA_LAN) == []
    assert not staff.staff.assisting
    citizen.tap(window.attract)
    assert window.current_screen_id == "welcome" and banner(window) == ""
    assert flow.session is not None and not flow.session.assisted
    staff.wait_actions(["enter", "takeover", "session_end"])
