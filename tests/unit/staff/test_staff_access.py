"""The staff PIN core: right/wrong PIN, lockout growth and expiry, audit without the PIN,
disabled roles, bad input, badges, and the lockout surviving a restart (through the real store)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy.orm import Session, sessionmaker

from kiosk.pins import hash_pin
from kiosk.ports.clock import ManualClock
from kiosk.services.staff_access import (
    MAX_LOCKOUT_S,
    PIN_ACTIONS,
    Badge,
    Outcome,
    PinHashes,
    Role,
    StaffAccess,
    lockout_delay_s,
    parse_badge,
)
from kiosk.store import migrate
from kiosk.store.audit_repository import AuditReader
from kiosk.store.db import make_engine, session_factory, sqlite_url
from kiosk.store.repositories import AuditLog
from tests.audit_recorder import AuditRecorder as Audit

STAFF_PIN = "583920"
TECH_PIN = "7192046"


@pytest.fixture(scope="module")
def hashes() -> PinHashes:
    return PinHashes(staff=hash_pin(STAFF_PIN), technician=hash_pin(TECH_PIN))


def make(hashes: PinHashes, clock: ManualClock, audit: Audit, **kw: object) -> StaffAccess:
    return StaffAccess(
        hashes,
        max_attempts=5,
        lockout_s=300,
        clock=clock,
        audit=audit,
        kiosk_id="K-01",
        **kw,  # type: ignore[arg-type]
    )


def fail(access: StaffAccess, n: int) -> None:
    for _ in range(n):
        assert access.attempt("111222").outcome in (Outcome.WRONG,)


def test_right_pins_grant_their_role(hashes: PinHashes) -> None:
    clock, audit = ManualClock(), Audit()
    access = make(hashes, clock, audit)
    assert access.attempt(STAFF_PIN).role == Role.STAFF
    assert access.attempt(TECH_PIN).role == Role.TECHNICIAN
    # a badge names the role: the other role's PIN does not open it
    assert access.attempt(TECH_PIN, Role.STAFF).outcome == Outcome.WRONG
    assert access.attempt(STAFF_PIN, Role.STAFF, "B7").outcome == Outcome.GRANTED
    assert [r[2] for r in audit.rows] == ["pin_granted", "pin_granted", "pin_failed", "pin_granted"]
    assert audit.rows[-1][:2] == ("staff", "B7")


def test_wrong_pin_counts_down_then_locks(hashes: PinHashes) -> None:
    clock, audit = ManualClock(), Audit()
    access = make(hashes, clock, audit)
    lefts = [access.attempt("000111").attempts_left for _ in range(4)]
    assert lefts == [4, 3, 2, 1]
    fifth = access.attempt("000111")
    assert fifth.outcome == Outcome.WRONG and fifth.locked_for_s == 300
    locked = access.attempt(STAFF_PIN)  # even the right PIN: nothing is checked while locked
    assert locked.outcome == Outcome.LOCKED and locked.locked_for_s == 300
    assert access.locked_for_s() == 300
    clock.advance(299)
    assert access.attempt(STAFF_PIN).outcome == Outcome.LOCKED
    clock.advance(1)  # expiry
    assert access.attempt(STAFF_PIN).outcome == Outcome.GRANTED
    assert access.attempts_left() == 5


def test_failures_count_across_roles(hashes: PinHashes) -> None:
    access = make(hashes, ManualClock(), Audit())
    for role in [Role.STAFF, Role.TECHNICIAN, None, Role.STAFF]:
        access.attempt("999000", role)
    last = access.attempt("999000", Role.TECHNICIAN)
    assert last.locked_for_s == 300


def test_lockout_grows_and_is_capped(hashes: PinHashes) -> None:
    clock = ManualClock()
    access = make(hashes, clock, Audit())
    seen = []
    for _ in range(4):
        fail(access, 4)
        result = access.attempt("111222")
        seen.append(result.locked_for_s)
        clock.advance(result.locked_for_s)
    assert seen == [300, 600, 1200, 2400]
    assert lockout_delay_s(300, 20) == MAX_LOCKOUT_S
    # a success starts over
    assert access.attempt(STAFF_PIN).outcome == Outcome.GRANTED
    fail(access, 4)
    assert access.attempt("111222").locked_for_s == 300


def test_a_quiet_day_forgets_failures(hashes: PinHashes) -> None:
    clock = ManualClock()
    access = make(hashes, clock, Audit())
    fail(access, 4)
    clock.advance(24 * 3600)
    assert access.attempt("111222").attempts_left == 4


def test_audit_has_role_time_kiosk_and_never_the_pin(hashes: PinHashes) -> None:
    clock, audit = ManualClock(), Audit()
    access = make(hashes, clock, audit)
    access.attempt("4455667", Role.TECHNICIAN, "B12")
    fail(access, 4)
    access.attempt(STAFF_PIN)
    clock.advance(10)
    access.attempt(STAFF_PIN)  # locked
    actions = [r[2] for r in audit.rows]
    assert actions == ["pin_failed"] * 5 + ["pin_locked"] * 2
    first = audit.rows[0]
    assert first[0] == "technician" and first[1] == "B12"
    assert first[3] is not None and "kiosk=K-01" in first[3] and "role=technician" in first[3]
    assert audit.rows[-1][4] == clock.now()
    everything = repr(audit.rows)
    for pin in ("4455667", "111222", STAFF_PIN):
        assert pin not in everything


def test_empty_hash_disables_the_role(hashes: PinHashes) -> None:
    audit = Audit()
    only_tech = PinHashes(staff="", technician=hashes.technician)
    access = make(only_tech, ManualClock(), audit)
    assert access.enabled() and not access.enabled(Role.STAFF)
    assert access.attempt(STAFF_PIN, Role.STAFF).outcome == Outcome.DISABLED
    assert access.attempt(STAFF_PIN).outcome == Outcome.WRONG  # staff's PIN opens nothing
    assert access.attempt(TECH_PIN).role == Role.TECHNICIAN
    none = make(PinHashes("", ""), ManualClock(), audit)
    assert not none.enabled()
    assert none.attempt(STAFF_PIN).outcome == Outcome.DISABLED
    assert "pin_disabled" in [r[2] for r in audit.rows]


@pytest.mark.parametrize(
    "junk", ["58392a", "", "12345", "1" * 13, "５８３９２０", " 583920", "9" * 5000]
)
def test_bad_input_is_a_wrong_pin_without_running_argon2(hashes: PinHashes, junk: str) -> None:
    calls: list[str] = []

    def verify(stored: str, pin: str) -> bool:
        calls.append(pin)
        return False

    access = make(hashes, ManualClock(), Audit(), verify=verify)
    result = access.attempt(junk)
    assert result.outcome == Outcome.WRONG and result.attempts_left == 4
    assert calls == []


def test_badge_payload_round_trips_and_rejects_others() -> None:
    badge = Badge(Role.TECHNICIAN, "T-007")
    assert badge.payload() == "kiosk:staff:technician:T-007"
    assert parse_badge(badge.payload()) == badge
    for text in [
        "kiosk:staff:admin:1",
        "kiosk:staff:staff:",
        "kiosk:staff:staff:a b",
        "001056012345|123456789|Nguyễn",
        "kiosk:staff:staff:" + "x" * 33,
    ]:
        assert parse_badge(text) is None


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    url = sqlite_url(tmp_path / "kiosk.db")
    migrate.upgrade(url)
    engine = make_engine(url)
    yield session_factory(engine)
    engine.dispose()


def test_lockout_survives_a_restart_through_the_store(
    hashes: PinHashes, sessions: sessionmaker[Session]
) -> None:
    clock = ManualClock()
    log, reader = AuditLog(sessions), AuditReader(sessions)
    first = StaffAccess(
        hashes, max_attempts=5, lockout_s=300, clock=clock, audit=log, kiosk_id="K-01"
    )
    for _ in range(5):
        first.attempt("111222")
    clock.advance(100)
    # the kiosk restarts: a new monotonic origin, the same wall clock
    later = ManualClock(start=5.0, wall=clock.now())
    second = StaffAccess(
        hashes,
        max_attempts=5,
        lockout_s=300,
        clock=later,
        audit=log,
        kiosk_id="K-01",
        last_entry=reader.latest(PIN_ACTIONS),
    )
    assert second.locked_for_s() == 200
    assert second.attempt(STAFF_PIN).outcome == Outcome.LOCKED
    later.advance(200)
    fail(second, 4)
    assert second.attempt("111222").locked_for_s == 600  # the growth survived too
    rows = reader.entries(PIN_ACTIONS)
    assert len(rows) == 11 and all(STAFF_PIN not in (r.detail or "") for r in rows)


def test_restart_after_a_success_starts_clean(
    hashes: PinHashes, sessions: sessionmaker[Session]
) -> None:
    clock = ManualClock()
    log, reader = AuditLog(sessions), AuditReader(sessions)
    first = make(hashes, clock, log)  # type: ignore[arg-type]
    fail(first, 3)
    first.attempt(STAFF_PIN)
    second = make(hashes, clock, log, last_entry=reader.latest(PIN_ACTIONS))  # type: ignore[arg-type]
    assert second.attempts_left() == 5 and second.locked_for_s() == 0


class Entry:
    def __init__(self, at: datetime, action: str, detail: str | None) -> None:
        self.at, self.action, self.detail = at, action, detail


def test_an_unreadable_last_entry_locks_rather_than_opens(hashes: PinHashes) -> None:
    clock = ManualClock()
    entry = Entry(clock.now(), "pin_failed", "failures=x lockouts=?")
    access = make(hashes, clock, Audit(), last_entry=entry)
    assert access.locked_for_s() == 300


def test_a_wall_clock_set_back_does_not_lengthen_the_lockout(hashes: PinHashes) -> None:
    from datetime import timedelta

    clock = ManualClock()
    detail = "kiosk=K-01 role=any badge=- failures=0 lockouts=1 locked_s=300"
    entry = Entry(clock.now() + timedelta(hours=2), "pin_failed", detail)  # "in the future"
    access = make(hashes, clock, Audit(), last_entry=entry)
    assert access.locked_for_s() == 300
    old = Entry(clock.now() - timedelta(days=2), "pin_failed", detail)
    assert make(hashes, clock, Audit(), last_entry=old).locked_for_s() == 0
