"""What the staff menu offers per role and session state; the staff audit records (ids only)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from kiosk.ports.clock import ManualClock
from kiosk.services.assisted.audit import LateAudit, StaffActor, StaffAudit, write
from kiosk.services.assisted.menu import MenuAction, MenuState, menu_actions
from kiosk.services.staff_access import Role

A = MenuAction


def test_no_session_offers_outbox_and_exit_only() -> None:
    assert menu_actions(Role.STAFF, MenuState()) == (A.OUTBOX, A.EXIT)


def test_session_on_identify_offers_takeover_and_manual_identity() -> None:
    state = MenuState(in_session=True, on_identify=True, recorder=True)
    assert menu_actions(Role.STAFF, state) == (
        A.TAKE_OVER, A.MANUAL_IDENTITY, A.OUTBOX, A.RECORDER, A.EXIT,
    )  # fmt: skip


def test_reprint_only_with_a_receipt_and_resume_while_assisting() -> None:
    state = MenuState(in_session=True, has_receipt=True, assisting=True)
    assert menu_actions(Role.STAFF, state) == (A.RESUME, A.REPRINT, A.OUTBOX, A.EXIT)


def test_diagnostics_for_the_technician_only() -> None:
    state = MenuState(diagnostics=True)
    assert A.DIAGNOSTICS not in menu_actions(Role.STAFF, state)
    assert menu_actions(Role.TECHNICIAN, state) == (A.OUTBOX, A.DIAGNOSTICS, A.EXIT)


class Sink:
    def __init__(self) -> None:
        self.rows: list[tuple[str, str, str, str | None, datetime]] = []

    def record(
        self, actor_kind: str, actor_id: str, action: str, detail: str | None = None, *,
        at: datetime,
    ) -> None:  # fmt: skip
        self.rows.append((actor_kind, actor_id, action, detail, at))


def test_a_record_says_who_when_what_and_the_session() -> None:
    clock = ManualClock(wall=datetime(2026, 11, 23, 3, 0, tzinfo=UTC))
    sid = uuid.uuid4()
    record = StaffAudit(clock, "K-01").record(
        StaffActor(Role.STAFF, "B-17"), "correct_field", sid, field="ho_ten_con"
    )
    sink = Sink()
    write(sink, record)
    assert sink.rows == [
        ("staff", "B-17", "staff.correct_field",
         f"kiosk=K-01 session={sid} field=ho_ten_con", clock.now()),
    ]  # fmt: skip


def test_the_gesture_actor_is_named_by_role() -> None:
    record = StaffAudit(ManualClock(), "K").record(StaffActor(Role.TECHNICIAN), "enter", None)
    assert (record.actor_kind, record.actor_id) == ("technician", "technician-pin")
    assert "session=-" in record.detail


@pytest.mark.parametrize("value", ["Nguyễn Văn An", "001056012345 x", "", "a" * 65])
def test_a_value_is_refused_in_place_of_an_id(value: str) -> None:
    audit = StaffAudit(ManualClock(), "K")
    with pytest.raises(ValueError, match="identifier"):
        audit.record(StaffActor(Role.STAFF, "B"), "correct_field", None, field=value)


def test_unknown_actions_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown"):
        StaffAudit(ManualClock(), "K").record(StaffActor(Role.STAFF), "delete_everything", None)


def test_late_audit_keeps_records_until_the_store_opens_then_writes_them_in_order() -> None:
    store: list[Sink] = []
    late = LateAudit(lambda: store[0] if store else None)
    t = datetime(2026, 11, 23, tzinfo=UTC)
    late.record("staff", "B", "pin_failed", "x", at=t)
    late.record("staff", "B", "pin_granted", "y", at=t)
    assert late.waiting == 2
    store.append(Sink())
    late.record("staff", "B", "staff.enter", "z", at=t)
    assert [r[2] for r in store[0].rows] == ["pin_failed", "pin_granted", "staff.enter"]
    assert late.waiting == 0
