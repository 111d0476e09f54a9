"""Blanking on a schedule: black at night on the attract screen, a touch wakes it for one
session (and starts nothing), never while a session runs; time from the ManualClock."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.ports.clock import ManualClock
from tests.ui.support import RecordingSpeaker
from ui.blanking import BlankSchedule, ScreenBlanker
from ui.main_window import MainWindow

HANOI = timezone(timedelta(hours=7))
NIGHT = BlankSchedule.parse("22:00", "06:00")


class Session:
    def __init__(self) -> None:
        self.running = False

    def idle(self) -> bool:
        return not self.running


@pytest.fixture
def evening() -> ManualClock:
    return ManualClock(wall=datetime(2026, 11, 23, 14, 50, tzinfo=UTC))  # 21:50 in Hà Nội


def blanker(window: MainWindow, clock: ManualClock, session: Session) -> ScreenBlanker:
    b = ScreenBlanker(window, NIGHT, clock, session.idle, tz=HANOI, wake_grace_s=60)
    b.start()
    return b


def test_schedule_parsing_and_edges() -> None:
    assert NIGHT.covers(time(22, 0)) and NIGHT.covers(time(3, 0)) and NIGHT.covers(time(5, 59))
    assert not NIGHT.covers(time(6, 0)) and not NIGHT.covers(time(21, 59))
    lunch = BlankSchedule.parse("12:00", "13:30")
    assert lunch.covers(time(12, 0)) and not lunch.covers(time(13, 30))
    assert not BlankSchedule.parse("", "").covers(time(3, 0))
    for bad in (("22:00", ""), ("24:00", "06:00"), ("7:00", "08:00"), ("06:00", "06:00")):
        with pytest.raises(ValueError):
            BlankSchedule.parse(*bad)


@given(st.times(), st.times(), st.times())
def test_a_window_and_its_complement_split_the_day(a: time, b: time, at: time) -> None:
    a, b = a.replace(second=0, microsecond=0), b.replace(second=0, microsecond=0)
    if a == b:
        return
    day = BlankSchedule(a, b)
    rest = BlankSchedule(b, a)
    assert day.covers(at) != rest.covers(at)


def test_blanks_at_night_and_wakes_in_the_morning(
    window: MainWindow, evening: ManualClock, qtbot: QtBot
) -> None:
    session = Session()
    b = blanker(window, evening, session)
    assert not b.blanked
    with qtbot.waitSignal(b.blanked_changed) as changed:
        evening.advance(10 * 60)  # 22:00
        b.tick()
    assert changed.args == [True]
    assert b.blanked and b.cover.geometry() == window.rect()
    evening.advance(8 * 3600)  # 06:00
    b.tick()
    assert not b.blanked


def test_a_touch_wakes_the_screen_without_starting_a_session(
    window: MainWindow, evening: ManualClock, qtbot: QtBot, speaker: RecordingSpeaker
) -> None:
    session = Session()
    b = blanker(window, evening, session)
    evening.advance(3600)  # 22:50
    b.tick()
    assert b.blanked
    said = len(speaker.utterances)
    QTest.mouseClick(b.cover, Qt.MouseButton.LeftButton, pos=b.cover.rect().center())
    assert not b.blanked
    assert window.current_screen_id == "attract"  # the waking touch did nothing else
    assert len(speaker.utterances) == said  # and said nothing at night
    evening.advance(30)
    b.tick()
    assert not b.blanked  # a moment to start
    evening.advance(31)
    b.tick()
    assert b.blanked  # nobody started: dark again
    b.wake()
    QTest.mouseClick(window.attract, Qt.MouseButton.LeftButton)  # awake, a touch does start
    assert window.current_screen_id != "attract"


def test_never_blanks_during_a_session_and_blanks_after_it(
    window: MainWindow, evening: ManualClock
) -> None:
    session = Session()
    b = blanker(window, evening, session)
    session.running = True  # a citizen started just before 22:00
    evening.advance(3 * 3600)
    b.tick()
    assert not b.blanked
    session.running = False
    b.session_ended()
    b.tick()
    assert b.blanked


def test_no_schedule_never_blanks(window: MainWindow, evening: ManualClock) -> None:
    b = ScreenBlanker(window, BlankSchedule(), evening, lambda: True, tz=HANOI)
    b.start()
    evening.advance(5 * 3600)
    b.tick()
    assert not b.blanked
