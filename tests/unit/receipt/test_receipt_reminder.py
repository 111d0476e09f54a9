"""The after-print reminder on a manual clock: said at once, repeated, ended by a touch or 30 s."""

from __future__ import annotations

import pytest

from kiosk.flows.receipt_reminder import (
    PROMPT_TAKE,
    EndReason,
    ReceiptReminder,
    ReminderEnded,
    SpeakReminder,
)
from kiosk.ports.clock import ManualClock


def run(
    clock: ManualClock, reminder: ReceiptReminder, seconds: float, step: float = 0.5
) -> list[object]:
    events: list[object] = []
    for _ in range(int(seconds / step)):
        clock.advance(step)
        events += reminder.tick()
    return events


def test_said_at_once_then_repeated_until_30_s() -> None:
    clock = ManualClock()
    reminder = ReceiptReminder(clock)
    assert reminder.start() == [SpeakReminder(PROMPT_TAKE, 1)]
    events = run(clock, reminder, 35)
    speaks = [e for e in events if isinstance(e, SpeakReminder)]
    assert [s.count for s in speaks] == [2, 3, 4]  # at 8, 16 and 24 s; not at 32 (past the end)
    assert events[-1] == ReminderEnded(EndReason.TIMED_OUT)
    assert events.count(ReminderEnded(EndReason.TIMED_OUT)) == 1
    assert not reminder.active and reminder.times_said == 4


def test_the_timeout_is_at_30_s_not_before() -> None:
    clock = ManualClock()
    reminder = ReceiptReminder(clock)
    reminder.start()
    clock.advance(29.9)
    assert ReminderEnded(EndReason.TIMED_OUT) not in reminder.tick()
    clock.advance(0.1)
    assert reminder.tick() == [ReminderEnded(EndReason.TIMED_OUT)]


def test_no_repeat_starts_in_the_last_seconds() -> None:
    clock = ManualClock()
    reminder = ReceiptReminder(clock, repeat_every_s=9.0)  # a repeat would fall at 27 s
    reminder.start()
    events = run(clock, reminder, 29.5)
    assert [e.count for e in events if isinstance(e, SpeakReminder)] == [2, 3]  # 9, 18 — not 27


def test_touching_taken_stops_it() -> None:
    clock = ManualClock()
    reminder = ReceiptReminder(clock)
    reminder.start()
    run(clock, reminder, 10)
    assert reminder.taken() == [ReminderEnded(EndReason.TAKEN)]
    assert run(clock, reminder, 40) == []  # silent afterwards
    assert reminder.taken() == []  # a second touch does nothing


def test_cancel_and_restart() -> None:
    clock = ManualClock()
    reminder = ReceiptReminder(clock)
    assert reminder.tick() == [] and reminder.cancel() == []  # not started: nothing
    reminder.start()
    assert reminder.cancel() == [ReminderEnded(EndReason.CANCELLED)]
    assert reminder.start() == [SpeakReminder(PROMPT_TAKE, 1)]  # a new receipt, a new count


def test_a_late_tick_speaks_once_not_a_backlog() -> None:
    clock = ManualClock()
    reminder = ReceiptReminder(clock)
    reminder.start()
    clock.advance(17)  # the GUI was busy: two repeats are due
    assert reminder.tick() == [SpeakReminder(PROMPT_TAKE, 3)]
    assert reminder.tick() == []


def test_bad_intervals_are_refused() -> None:
    with pytest.raises(ValueError):
        ReceiptReminder(ManualClock(), repeat_every_s=0)
