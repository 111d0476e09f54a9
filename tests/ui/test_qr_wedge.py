"""WedgeQrSource on a real QApplication: scans are swallowed, people's typing is not."""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from devices.qr_wedge.burst import BurstTracker
from devices.qr_wedge.detector import WedgeQrSource
from kiosk.domain.devices import HealthState
from kiosk.ports.clock import ManualClock, SystemClock
from kiosk.ports.qr_source import QrScan

CARD = "001089012345|123456789|Nguyễn Văn Án|01011989|Nam|Số 12 Ngõ 34|15062021"
SCANNER_MS = 0.004  # a wedge scanner types a key every few milliseconds
PERSON_S = 0.18


@pytest.fixture
def field(qtbot: QtBot) -> QLineEdit:
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.show()
    edit.activateWindow()
    edit.setFocus()
    return edit


@pytest.fixture
def wedge(clock: ManualClock) -> Iterator[tuple[WedgeQrSource, list[QrScan]]]:
    source = WedgeQrSource(clock=clock)
    scans: list[QrScan] = []
    source.subscribe(scans.append)
    source.open()
    yield source, scans
    source.close()


def press(target: QLineEdit, text: str = "", key: int = 0, mods: object = None) -> None:
    modifiers = Qt.KeyboardModifier.NoModifier if mods is None else mods
    code = key or (Qt.Key(ord(text.upper())) if text.isascii() and text.isalnum() else 0)
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(target, QKeyEvent(kind, code, modifiers, text))  # type: ignore[arg-type]


def type_text(target: QLineEdit, clock: ManualClock, text: str, every: float) -> None:
    for char in text:
        press(target, char)
        clock.advance(every)


def enter(target: QLineEdit) -> None:
    press(target, "\r", Qt.Key.Key_Return)


def test_a_fast_burst_with_enter_is_one_scan_and_never_reaches_the_field(
    field: QLineEdit, wedge: tuple[WedgeQrSource, list[QrScan]], clock: ManualClock
) -> None:
    source, scans = wedge
    entered: list[str] = []
    field.returnPressed.connect(lambda: entered.append(field.text()))
    type_text(field, clock, CARD, SCANNER_MS)
    enter(field)
    clock.advance(1.0)
    source.poll()
    assert [s.payload for s in scans] == [CARD]
    assert scans[0].raw == CARD.encode() and scans[0].source == "qr-wedge"
    assert field.text() == "" and entered == []


def test_slow_typing_reaches_the_field_untouched(
    field: QLineEdit, wedge: tuple[WedgeQrSource, list[QrScan]], clock: ManualClock
) -> None:
    _source, scans = wedge
    entered: list[str] = []
    field.returnPressed.connect(lambda: entered.append(field.text()))
    type_text(field, clock, "Hà Nội 2024", PERSON_S)
    enter(field)
    assert field.text() == "Hà Nội 2024" and entered == ["Hà Nội 2024"]
    assert scans == []


def test_a_person_sees_each_key_within_the_flush_delay(
    field: QLineEdit, wedge: tuple[WedgeQrSource, list[QrScan]], clock: ManualClock
) -> None:
    source, _scans = wedge
    press(field, "a")
    assert field.text() == ""  # held: it might be the first key of a scan
    clock.advance(0.1)
    source.poll()
    assert field.text() == ""
    clock.advance(0.06)
    source.poll()
    assert field.text() == "a"


def test_a_burst_without_enter_is_flushed_as_a_scan_not_typed(
    field: QLineEdit, wedge: tuple[WedgeQrSource, list[QrScan]], clock: ManualClock
) -> None:
    source, scans = wedge
    type_text(field, clock, "G-2024-000123", SCANNER_MS)
    source.poll()
    assert scans == []
    clock.advance(0.2)
    source.poll()
    assert [s.payload for s in scans] == ["G-2024-000123"] and field.text() == ""


def test_two_bursts_back_to_back_are_two_scans(
    field: QLineEdit, wedge: tuple[WedgeQrSource, list[QrScan]], clock: ManualClock
) -> None:
    _source, scans = wedge
    for code in ("G-2024-000123", "G-2024-000124"):
        type_text(field, clock, code, SCANNER_MS)
        enter(field)
        clock.advance(SCANNER_MS)
    assert [s.payload for s in scans] == ["G-2024-000123", "G-2024-000124"]
    assert field.text() == ""


def test_a_reader_that_sends_the_payload_twice_gives_one_scan(
    field: QLineEdit, wedge: tuple[WedgeQrSource, list[QrScan]], clock: ManualClock
) -> None:
    _source, scans = wedge
    for _ in range(2):
        type_text(field, clock, CARD, SCANNER_MS)
        enter(field)
    clock.advance(2.0)
    type_text(field, clock, CARD, SCANNER_MS)  # the citizen scans again later: a new scan
    enter(field)
    assert len(scans) == 2 and field.text() == ""


def test_garbled_vietnamese_comes_through_as_is_and_is_flagged(
    field: QLineEdit,
    wedge: tuple[WedgeQrSource, list[QrScan]],
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    _source, scans = wedge
    garbled = "001089012345|123456789|Nguy\ufffdn V\ufffdn|01011989|Nam|S\ufffd 12|15062021"
    with caplog.at_level(logging.WARNING, logger="devices.qr_serial.payload_kind"):
        type_text(field, clock, garbled, SCANNER_MS)
        enter(field)
    assert [s.payload for s in scans] == [garbled]
    assert "damaged" in caplog.text and "Nguy" not in caplog.text


def test_a_short_fast_burst_is_typing_and_its_enter_passes(
    field: QLineEdit, wedge: tuple[WedgeQrSource, list[QrScan]], clock: ManualClock
) -> None:
    _source, scans = wedge
    entered: list[str] = []
    field.returnPressed.connect(lambda: entered.append(field.text()))
    type_text(field, clock, "12", 0.02)  # key rollover: two keys close together
    enter(field)
    assert field.text() == "12" and entered == ["12"] and scans == []


def test_a_pause_inside_a_burst_makes_it_typing(
    field: QLineEdit, wedge: tuple[WedgeQrSource, list[QrScan]], clock: ManualClock
) -> None:
    _source, scans = wedge
    type_text(field, clock, "abc", SCANNER_MS)
    clock.advance(0.1)
    type_text(field, clock, "defg", SCANNER_MS)
    enter(field)
    assert field.text() == "abcdefg" and scans == []


def test_a_shortcut_mid_burst_releases_the_held_keys(
    field: QLineEdit, wedge: tuple[WedgeQrSource, list[QrScan]], clock: ManualClock
) -> None:
    _source, scans = wedge
    type_text(field, clock, "xyz", SCANNER_MS)
    press(field, "", Qt.Key.Key_Left)
    assert field.text() == "xyz" and field.cursorPosition() == 2 and scans == []


def test_shift_for_capitals_does_not_break_a_burst(
    field: QLineEdit, wedge: tuple[WedgeQrSource, list[QrScan]], clock: ManualClock
) -> None:
    _source, scans = wedge
    for char in "ABCDEFG":
        press(field, "", Qt.Key.Key_Shift)
        press(field, char, mods=Qt.KeyboardModifier.ShiftModifier)
        clock.advance(SCANNER_MS)
    enter(field)
    assert [s.payload for s in scans] == ["ABCDEFG"] and field.text() == ""


def test_keys_sent_through_the_window_are_swallowed_before_the_widget(
    field: QLineEdit, wedge: tuple[WedgeQrSource, list[QrScan]], clock: ManualClock
) -> None:
    _source, scans = wedge
    window = field.windowHandle()
    for char in "ABC123XYZ":
        QTest.keyClick(window, Qt.Key(ord(char)), Qt.KeyboardModifier.NoModifier)
        clock.advance(SCANNER_MS)
    QTest.keyClick(window, Qt.Key.Key_Return)
    assert [s.payload.upper() for s in scans] == ["ABC123XYZ"] and field.text() == ""


def test_close_gives_held_keys_back_and_is_idempotent(field: QLineEdit, clock: ManualClock) -> None:
    source = WedgeQrSource(clock=clock)
    source.open()
    assert source.health().state is HealthState.READY
    press(field, "q")
    source.close()
    source.close()
    assert field.text() == "q" and source.health().state is HealthState.NOT_READY
    press(field, "r")  # no longer filtered
    assert field.text() == "qr"


def test_the_timer_releases_typing_without_anyone_polling(qtbot: QtBot, field: QLineEdit) -> None:
    source = WedgeQrSource(clock=SystemClock(), gap_s=0.01, flush_after_s=0.02)
    source.open()
    try:
        press(field, "k")
        qtbot.waitUntil(lambda: field.text() == "k", timeout=2000)
    finally:
        source.close()


def test_a_failing_subscriber_does_not_stop_the_others(
    field: QLineEdit, wedge: tuple[WedgeQrSource, list[QrScan]], clock: ManualClock
) -> None:
    source, scans = wedge

    def broken(_scan: QrScan) -> None:
        raise RuntimeError("bug in a screen")

    source.subscribe(broken)
    type_text(field, clock, "G-2024-000125", SCANNER_MS)
    enter(field)
    assert len(scans) == 1


@pytest.mark.parametrize("kwargs", [{"gap_s": 0.0}, {"gap_s": 0.5}, {"min_chars": 1}])
def test_bad_options_are_refused(kwargs: dict[str, float]) -> None:
    with pytest.raises(ValueError):
        BurstTracker(**kwargs)  # type: ignore[arg-type]


def test_typing_through_the_window_is_replayed_to_the_focused_field(
    field: QLineEdit, wedge: tuple[WedgeQrSource, list[QrScan]], clock: ManualClock
) -> None:
    source, scans = wedge
    window = field.windowHandle()
    for char in "HN":
        QTest.keyClick(window, Qt.Key(ord(char)))  # QTest types lower case
        clock.advance(PERSON_S)
    source.poll()
    assert field.text() == "hn" and scans == []
