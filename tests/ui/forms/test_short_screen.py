"""A short screen (15.6 in 1366×768 in big text) folds rows instead of shrinking keys: the hint
beside the typed text, the number display beside the pad, "Xong" beside the date wheels, and the
digits and the tone/letter row sharing one row ("123" ⇄ "Ă Â Đ"). The big panel keeps them apart."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QPoint
from pytestqt.qtbot import QtBot

from kiosk.domain.procedure import FieldKind
from tests.ui.forms import scenes
from tests.ui.forms.support import show_question, tap_named, view
from tests.ui.support import settle
from ui.forms.address_picker import AddressPicker
from ui.forms.date_wheels import DateWheels
from ui.forms.number_pad import NumberPad
from ui.forms.question_screen import TextEditor
from ui.forms.views import FormWords
from ui.main_window import MainWindow


def test_the_keyboard_pages_digits_and_marks_on_a_short_screen(
    small_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    small_window.set_big_text(True)
    screen = scenes.address_street(small_window, qtbot, words)
    picker = screen.editors["address"]
    assert isinstance(picker, AddressPicker)
    kb = picker.keyboard
    assert kb.paged()
    ppm = small_window.theme.px_per_mm
    # a house number first: the digits show, and the turn key offers the tones and letters
    assert kb.letters["1"].isVisible() and not any(k.isVisible() for k in kb.tones.values())
    assert kb.page_key.isVisible() and kb.page_key.text() == words.marks_page
    assert kb.page_key.property("prompt_id") == "forms.marks_page"
    assert kb.page_key.height() / ppm >= 16 and kb.page_key.width() / ppm >= 16
    assert kb.text() == "12 Hàng Bạc"  # Telex needs no tone keys
    tap_named(qtbot, screen, "KeyPage")
    settle()
    assert all(k.isVisible() for k in kb.tones.values()) and not kb.letters["1"].isVisible()
    assert kb.letters["đ"].isVisible() and kb.page_key.text() == words.digits_page
    tap_named(qtbot, screen, "KeyTone_sac")
    assert kb.text() == "12 Hàng Bác"
    tap_named(qtbot, screen, "KeyPage")
    settle()
    tap_named(qtbot, screen, "Key_3")
    assert kb.text() == "12 Hàng Bác3"


def test_the_big_panel_shows_digits_and_marks_together(
    form_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    form_window.set_big_text(True)
    screen = scenes.address_street(form_window, qtbot, words)
    picker = screen.editors["address"]
    assert isinstance(picker, AddressPicker)
    kb = picker.keyboard
    assert not kb.paged() and not kb.page_key.isVisible()
    assert kb.letters["1"].isVisible() and kb.tones[next(iter(kb.tones))].isVisible()


def test_the_hint_goes_beside_the_typed_text_only_when_short(
    small_window: MainWindow, form_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    hint = "Viết như trên giấy chứng sinh"
    for window, folded in ((small_window, True), (form_window, False)):
        window.set_big_text(True)
        screen = show_question(window, view(words, FieldKind.TEXT, hint=hint))
        text = screen.editors["text"]
        assert isinstance(text, TextEditor)
        assert screen.hint.isVisible() is not folded
        assert text.side_hint.isVisible() is folded
        shown = text.side_hint if folded else screen.hint
        assert shown.text() == hint
        window.set_big_text(False)  # normal text fits both panels: the hint has its own row
        settle()
        assert screen.hint.isVisible() and not text.side_hint.isVisible()


def test_the_number_display_goes_beside_the_pad_only_when_short(
    small_window: MainWindow, form_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    for window, beside in ((small_window, True), (form_window, False)):
        window.set_big_text(True)
        screen = scenes.error_shown(window, qtbot, words)
        pad = screen.editors["number"]
        assert isinstance(pad, NumberPad)
        assert pad.side_by_side() is beside
        digit = pad.keys["1"].mapTo(pad, QPoint(0, 0))
        display = pad.display.mapTo(pad, QPoint(0, 0))
        assert (display.x() + pad.display.width() <= digit.x()) is beside


def test_done_stands_beside_the_date_wheels(
    small_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    small_window.set_big_text(True)
    v = view(words, FieldKind.DATE, start_date=date(1956, 3, 8))
    screen = show_question(small_window, v)
    wheels = screen.editors["date"]
    assert isinstance(wheels, DateWheels)
    year_right = wheels.values["year"].mapTo(wheels, QPoint(wheels.values["year"].width(), 0))
    assert wheels.done.mapTo(wheels, QPoint(0, 0)).x() > year_right.x()


def test_an_error_goes_beside_the_typed_text_in_its_box_when_short(
    small_window: MainWindow, form_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    for window, folded in ((small_window, True), (form_window, False)):
        window.set_big_text(True)
        screen = scenes.error_text(window, qtbot, words)
        text = screen.editors["text"]
        assert isinstance(text, TextEditor)
        assert screen.error.isVisible() is not folded
        assert text.side_error.isVisible() is folded
        assert not screen.hint.isVisible() and not text.side_hint.isVisible()  # error instead
        shown = text.side_error if folded else screen.error
        assert shown.text() == "Xin ghi đủ họ và tên, ví dụ Nguyễn Thị Lan."
