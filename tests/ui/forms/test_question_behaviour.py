"""The question screen answers each kind by taps; Đúng/Sửa; Telex typed by taps; reset."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication, QWheelEvent
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from kiosk.domain.address import Address
from kiosk.domain.procedure import FieldKind
from tests.ui.forms.support import (
    CUA_NAM,
    HN,
    HOAN_KIEM,
    FakeAddressBook,
    show_question,
    tap_named,
    type_keys,
    view,
)
from tests.ui.support import every_text, settle
from ui.forms.question_screen import QuestionScreen, TextEditor
from ui.forms.views import ChoiceItem, FormWords
from ui.main_window import MainWindow


def answer_of(qtbot: QtBot, screen: QuestionScreen, *taps: str) -> object:
    """Tap the named buttons in order; the last must answer. Returns the answered value."""
    for name in taps[:-1]:
        tap_named(qtbot, screen, name)
    with qtbot.waitSignal(screen.answered, timeout=1000) as blocker:
        tap_named(qtbot, screen, taps[-1])
    assert blocker.args is not None
    return blocker.args[0]


def display_text(screen: QuestionScreen) -> str:
    editor = screen.editors["text"]
    assert isinstance(editor, TextEditor)
    return editor.display.text()


# ---- text: our keyboard, Telex, tone row, letter row ----------------------------------------


def test_text_by_telex_taps(form_window: MainWindow, qtbot: QtBot, words: FormWords) -> None:
    screen = show_question(form_window, view(words, FieldKind.TEXT))
    taps = type_keys(qtbot, screen, "nguyeenx thij hoaf")
    assert display_text(screen) == "Nguyễn Thị Hòa"  # capitalised words, old-style "Hòa"
    assert answer_of(qtbot, screen, "KeyDone") == "Nguyễn Thị Hòa"
    print(f"\n'Nguyễn Thị Hòa' by Telex: {taps + 1} taps")


def test_tone_row_and_letter_row(form_window: MainWindow, qtbot: QtBot, words: FormWords) -> None:
    screen = show_question(form_window, view(words, FieldKind.TEXT))
    type_keys(qtbot, screen, "nguy")
    tap_named(qtbot, screen, "Key_ê")
    type_keys(qtbot, screen, "n")
    tap_named(qtbot, screen, "KeyTone_nga")
    assert display_text(screen) == "Nguyễn"
    tap_named(qtbot, screen, "KeyTone_nga")  # the same tone again takes it off
    assert display_text(screen) == "Nguyên"
    tap_named(qtbot, screen, "KeyTone_huyen")
    assert display_text(screen) == "Nguyền"
    tap_named(qtbot, screen, "KeyBackspace")
    assert display_text(screen) == "Nguyề"
    tap_named(qtbot, screen, "Key_đ")
    assert display_text(screen) == "Nguyềđ"  # a letter key types exactly its letter


def test_empty_xong_answers_empty_for_the_controller_to_check(
    form_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    """An optional field is skipped by Xong; a required one gets the controller's polite
    spoken message (validation is the controller's, not the widget's)."""
    screen = show_question(form_window, view(words, FieldKind.TEXT))
    tap_named(qtbot, screen, "KeySpace")  # a space alone is not an answer either
    assert answer_of(qtbot, screen, "KeyDone") == ""
    screen = show_question(form_window, view(words, FieldKind.PHONE))
    assert answer_of(qtbot, screen, "DigitDone") == ""


def test_text_is_kept_to_its_max_length(
    form_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    screen = show_question(form_window, view(words, FieldKind.TEXT, max_length=5))
    type_keys(qtbot, screen, "bacghkl")
    assert display_text(screen) == "Bacgh"


# ---- date wheels ---------------------------------------------------------------------------


def test_date_by_taps(form_window: MainWindow, qtbot: QtBot, words: FormWords) -> None:
    v = view(words, FieldKind.DATE, start_date=date(1956, 3, 8), max_date=date(2026, 11, 23))
    screen = show_question(form_window, v)
    answered = answer_of(
        qtbot, screen, "WheelDayUp", "WheelMonthDown", "WheelYearUp10", "WheelYearDown", "DateDone"
    )
    assert answered == date(1965, 2, 9)


def test_wheels_never_show_an_impossible_date(
    form_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    screen = show_question(form_window, view(words, FieldKind.DATE, start_date=date(2024, 3, 31)))
    wheels = screen.editors["date"]
    tap_named(qtbot, screen, "WheelMonthDown")  # 31/03/2024 → 29/02/2024 (leap year)
    assert wheels.value() == date(2024, 2, 29)  # type: ignore[attr-defined]
    assert wheels.values["day"].text() == "29"  # type: ignore[attr-defined]
    tap_named(qtbot, screen, "WheelYearDown")  # 2023 has no 29 February
    assert wheels.value() == date(2023, 2, 28)  # type: ignore[attr-defined]
    tap_named(qtbot, screen, "WheelDayUp")  # 28 → 1: the day wheel wraps within February
    assert wheels.value() == date(2023, 2, 1)  # type: ignore[attr-defined]


def test_wheels_stay_in_the_question_range(
    form_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    today = date(2026, 11, 23)
    v = view(words, FieldKind.DATE, min_date=date(2026, 9, 24), max_date=today)
    screen = show_question(form_window, v)
    for name in ("WheelDayUp", "WheelMonthUp", "WheelYearUp", "WheelYearUp10"):
        tap_named(qtbot, screen, name)
        assert date(2026, 9, 24) <= screen.editors["date"].value() <= today  # type: ignore[attr-defined]
    for _ in range(3):
        tap_named(qtbot, screen, "WheelYearDown10")
    assert screen.editors["date"].value() >= date(2026, 9, 24)  # type: ignore[attr-defined]


def test_a_wheel_or_brush_changes_nothing(
    form_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    screen = show_question(form_window, view(words, FieldKind.DATE, start_date=date(1956, 3, 8)))
    wheels = screen.editors["date"]
    value = wheels.values["day"]  # type: ignore[attr-defined]
    event = QWheelEvent(
        QPointF(10, 10),
        QPointF(value.mapToGlobal(QPoint(10, 10))),
        QPoint(0, 120),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(value, event)
    assert wheels.value() == date(1956, 3, 8)  # type: ignore[attr-defined]


# ---- choices, numbers, yes/no ----------------------------------------------------------------


def test_one_tap_on_a_choice_answers(
    form_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    screen = show_question(form_window, view(words, FieldKind.CHOICE))
    assert answer_of(qtbot, screen, "ChoiceRow1") == "me"


def test_many_choices_page_instead_of_scrolling(
    form_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    many = tuple(ChoiceItem(label=f"Lựa chọn {i}", value=f"c{i}") for i in range(40))
    screen = show_question(form_window, view(words, FieldKind.CHOICE, choices=many))
    grid = screen.editors["choice"].grid  # type: ignore[attr-defined]
    per_page = len(grid.visible_rows())
    assert 0 < per_page < 40 and grid.pages > 1
    assert answer_of(qtbot, screen, "ChoiceNext", "ChoiceRow0") == f"c{per_page}"


def test_id_number_pad(form_window: MainWindow, qtbot: QtBot, words: FormWords) -> None:
    screen = show_question(form_window, view(words, FieldKind.ID_NUMBER))
    pad = screen.editors["number"]
    for d in "0010560123456":  # one digit too many: an ID has 12
        tap_named(qtbot, screen, f"Digit_{d}")
    assert pad.display.text() == "001 056 012 345"  # type: ignore[attr-defined]
    tap_named(qtbot, screen, "DigitBackspace")
    tap_named(qtbot, screen, "Digit_9")
    assert answer_of(qtbot, screen, "DigitDone") == "001056012349"  # a string: leading zeros


def test_phone_and_number_pads(form_window: MainWindow, qtbot: QtBot, words: FormWords) -> None:
    screen = show_question(form_window, view(words, FieldKind.PHONE))
    for d in "0912345678":
        tap_named(qtbot, screen, f"Digit_{d}")
    assert screen.editors["number"].display.text() == "0912 345 678"  # type: ignore[attr-defined]
    assert answer_of(qtbot, screen, "DigitDone") == "0912345678"
    screen = show_question(form_window, view(words, FieldKind.NUMBER, max_digits=5))
    for d in "12500":
        tap_named(qtbot, screen, f"Digit_{d}")
    assert screen.editors["number"].display.text() == "12.500"  # type: ignore[attr-defined]
    assert answer_of(qtbot, screen, "DigitDone") == 12500


def test_yes_no(form_window: MainWindow, qtbot: QtBot, words: FormWords) -> None:
    screen = show_question(form_window, view(words, FieldKind.YES_NO))
    assert answer_of(qtbot, screen, "AnswerNo") is False
    assert answer_of(qtbot, screen, "AnswerYes") is True


# ---- addresses -------------------------------------------------------------------------------


def test_address_search_asks_the_book_as_typed(
    fake_window: MainWindow, qtbot: QtBot, words: FormWords, book: FakeAddressBook
) -> None:
    """The tiny fake records each search: typed without diacritics, sent as typed, nationwide
    (the real book's matching is in tests/ui/forms/test_address_real_book.py)."""
    screen = show_question(fake_window, view(words, FieldKind.ADDRESS))
    tap_named(qtbot, screen, "AddressSearch")
    type_keys(qtbot, screen, "hoan kiem")
    assert book.searches[-1] == ("Hoan Kiem", None)
    rows = [r.text() for r in screen.editors["address"].grid.visible_rows()]  # type: ignore[attr-defined]
    assert rows == ["Phường Hoàn Kiếm, Thành phố Hà Nội"]
    tap_named(qtbot, screen, "AddressRow0")
    assert answer_of(qtbot, screen, "KeyDone") == Address(HN, HOAN_KIEM)


# ---- Đúng / Sửa ------------------------------------------------------------------------------


def test_correct_answers_the_prefilled_value_in_one_tap(
    form_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    value = Address(HN, HOAN_KIEM, "12 Hàng Bạc")
    v = view(words, FieldKind.ADDRESS, value=value, value_text=value.one_line(), prefilled=True)
    screen = show_question(form_window, v)
    assert screen.current_editor() is screen.confirm
    with qtbot.assertNotEmitted(screen.edit_requested):
        assert answer_of(qtbot, screen, "ConfirmCorrect") == value
    born = date(1956, 3, 8)
    v = view(words, FieldKind.DATE, value=born, value_text="08/03/1956", prefilled=True)
    screen = show_question(form_window, v)
    assert answer_of(qtbot, screen, "ConfirmCorrect") == born


def test_edit_opens_the_editor_with_the_value(
    form_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    v = view(
        words, FieldKind.TEXT, value="Nguyễn Thị Lan", value_text="Nguyễn Thị Lan", prefilled=True
    )
    screen = show_question(form_window, v)
    with qtbot.waitSignal(screen.edit_requested, timeout=1000):
        tap_named(qtbot, screen, "ConfirmEdit")
    assert screen.current_editor() is screen.editors["text"]
    assert display_text(screen) == "Nguyễn Thị Lan"
    tap_named(qtbot, screen, "KeyBackspace")
    type_keys(qtbot, screen, "m")
    assert answer_of(qtbot, screen, "KeyDone") == "Nguyễn Thị Lam"


def test_edit_an_address_opens_its_province_with_the_unit_marked(
    fake_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    value = Address(HN, CUA_NAM, "5 Trần Hưng Đạo")
    v = view(words, FieldKind.ADDRESS, value=value, value_text=value.one_line(), prefilled=True)
    screen = show_question(fake_window, v)
    tap_named(qtbot, screen, "ConfirmEdit")
    picker = screen.editors["address"]
    assert picker.stage == "communes"  # type: ignore[attr-defined]
    marked = [r.text() for r in picker.grid.visible_rows() if r.property("on")]  # type: ignore[attr-defined]
    assert marked == ["Phường Cửa Nam"]
    tap_named(qtbot, screen, "AddressRow1")
    assert picker.keyboard.text() == "5 Trần Hưng Đạo"  # type: ignore[attr-defined]
    assert answer_of(qtbot, screen, "KeyDone") == value


def test_error_replaces_the_hint(form_window: MainWindow, qtbot: QtBot, words: FormWords) -> None:
    v = view(words, FieldKind.PHONE, hint="Số di động", error="Số điện thoại cần đủ 10 số")
    screen = show_question(form_window, v)
    assert screen.error.isVisible() and screen.error.text() == "Số điện thoại cần đủ 10 số"
    assert not screen.hint.isVisible()
    screen = show_question(form_window, view(words, FieldKind.PHONE, hint="Số di động"))
    assert screen.hint.isVisible() and not screen.error.isVisible()


# ---- nothing of a citizen remains; never the system keyboard -----------------------------------

CITIZEN = ["Nguyễn", "Lan", "Hòa", "001 056", "0912", "Hàng Bạc", "1956", "Hoàn Kiếm", "Trần"]


def test_reset_clears_every_widget(form_window: MainWindow, qtbot: QtBot, words: FormWords) -> None:
    screen = show_question(form_window, view(words, FieldKind.TEXT))
    type_keys(qtbot, screen, "nguyeenx thij hoaf")
    screen = show_question(form_window, view(words, FieldKind.ID_NUMBER))
    for d in "001056012345":
        tap_named(qtbot, screen, f"Digit_{d}")
    show_question(form_window, view(words, FieldKind.DATE, start_date=date(1956, 3, 8)))
    old = "Số 5 Trần Hưng Đạo, phường Trần Hưng Đạo, quận Hoàn Kiếm, Hà Nội"
    screen = show_question(form_window, view(words, FieldKind.ADDRESS, old_address=old))
    tap_named(qtbot, screen, "AddressRow0")
    type_keys(qtbot, screen, "12 hangf bacj")
    value = Address(HN, HOAN_KIEM, "12 Hàng Bạc")
    v = view(words, FieldKind.ADDRESS, value=value, value_text=value.one_line(), prefilled=True)
    show_question(form_window, v)
    assert any("Hàng Bạc" in t for _, t in every_text(form_window))  # the check can see it

    form_window.wipe()  # session end: every screen's reset()
    settle()
    texts = [(n, t) for n, t in every_text(screen)]  # type: ignore[arg-type]  # any widget
    left = [(n, t) for n, t in texts if any(c in t for c in CITIZEN)]
    assert left == []
    assert screen.editors["text"].keyboard.text() == ""  # type: ignore[attr-defined]
    assert screen.editors["number"].digits() == ""  # type: ignore[attr-defined]
    assert screen.editors["date"].value() is None  # type: ignore[attr-defined]
    assert screen.editors["address"].keyboard.text() == ""  # type: ignore[attr-defined]
    assert screen.editors["address"].grid.visible_rows() == []  # type: ignore[attr-defined]
    assert screen.confirm._value is None
    screen = show_question(form_window, view(words, FieldKind.TEXT))  # and it works again
    type_keys(qtbot, screen, "lan")
    assert display_text(screen) == "Lan"
    assert screen.editors["text"].keyboard.letters["q"].text() == "Q"  # type: ignore[attr-defined]


class InputPanelSpy(QObject):
    """Counts requests to show a platform input panel (the system on-screen keyboard)."""

    def __init__(self) -> None:
        super().__init__()
        self.requests = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.RequestSoftwareInputPanel:
            self.requests += 1
        return False


def test_never_the_system_keyboard(form_window: MainWindow, qtbot: QtBot, words: FormWords) -> None:
    spy = InputPanelSpy()
    app = QApplication.instance()
    assert app is not None
    app.installEventFilter(spy)
    try:
        screen = show_question(form_window, view(words, FieldKind.TEXT))
        type_keys(qtbot, screen, "nguyeenx")
        screen = show_question(form_window, view(words, FieldKind.ADDRESS))
        tap_named(qtbot, screen, "AddressSearch")
        type_keys(qtbot, screen, "ha")
        screen = show_question(form_window, view(words, FieldKind.PHONE))
        tap_named(qtbot, screen, "Digit_0")
    finally:
        app.removeEventFilter(spy)
    assert spy.requests == 0
    assert not QGuiApplication.inputMethod().isVisible()
    editable = (QLineEdit, QTextEdit, QPlainTextEdit, QAbstractSpinBox)
    widgets = [screen, *screen.findChildren(QWidget)]
    assert not [w.objectName() for w in widgets if isinstance(w, editable)]
    assert not [
        w.objectName() for w in widgets if w.testAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
    ]
    assert all(b.focusPolicy() == Qt.FocusPolicy.NoFocus for b in screen.findChildren(QPushButton))
