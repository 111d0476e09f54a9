"""The form screens as a citizen reaches them: shared by the screenshot and geometry tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from pytestqt.qtbot import QtBot

from kiosk.domain.address import Address
from kiosk.domain.procedure import FieldKind
from tests.ui.forms.support import (
    HN,
    HOAN_KIEM,
    OLD_CONG_VI,
    show_question,
    tap_named,
    type_keys,
    view,
)
from ui.forms.question_screen import QuestionScreen
from ui.forms.views import FormWords
from ui.main_window import MainWindow

Scene = Callable[[MainWindow, QtBot, FormWords], QuestionScreen]


def text_typed(window: MainWindow, qtbot: QtBot, words: FormWords) -> QuestionScreen:
    screen = show_question(
        window, view(words, FieldKind.TEXT, hint="Viết như trên giấy chứng sinh")
    )
    type_keys(qtbot, screen, "Nguyeenx Thij Hoaf")
    return screen


def keyboard_empty(window: MainWindow, qtbot: QtBot, words: FormWords) -> QuestionScreen:
    return show_question(window, view(words, FieldKind.TEXT, step="Câu 1/5"))


def date_picker(window: MainWindow, qtbot: QtBot, words: FormWords) -> QuestionScreen:
    return show_question(window, view(words, FieldKind.DATE, start_date=date(2026, 11, 20)))


def choice_list(window: MainWindow, qtbot: QtBot, words: FormWords) -> QuestionScreen:
    return show_question(window, view(words, FieldKind.CHOICE, hint="Chọn một dòng"))


def number_pad(window: MainWindow, qtbot: QtBot, words: FormWords) -> QuestionScreen:
    screen = show_question(window, view(words, FieldKind.ID_NUMBER))
    for d in "00105601234":
        tap_named(qtbot, screen, f"Digit_{d}")
    return screen


def address_provinces(window: MainWindow, qtbot: QtBot, words: FormWords) -> QuestionScreen:
    return show_question(window, view(words, FieldKind.ADDRESS))


def address_old(window: MainWindow, qtbot: QtBot, words: FormWords) -> QuestionScreen:
    old = OLD_CONG_VI  # split between Ngọc Hà and Giảng Võ in 2025
    return show_question(window, view(words, FieldKind.ADDRESS, old_address=old))


def address_search(window: MainWindow, qtbot: QtBot, words: FormWords) -> QuestionScreen:
    screen = show_question(window, view(words, FieldKind.ADDRESS))
    tap_named(qtbot, screen, "AddressSearch")
    type_keys(qtbot, screen, "phuong")
    return screen


def address_search_old_ward(window: MainWindow, qtbot: QtBot, words: FormWords) -> QuestionScreen:
    screen = show_question(window, view(words, FieldKind.ADDRESS))
    tap_named(qtbot, screen, "AddressSearch")
    type_keys(qtbot, screen, "cong vi")  # a ward before 2025: found by its old name
    return screen


def confirm_name(window: MainWindow, qtbot: QtBot, words: FormWords) -> QuestionScreen:
    v = view(
        words,
        FieldKind.TEXT,
        question="Họ và tên của ông/bà?",
        value="Nguyễn Thị Lan",
        value_text="Nguyễn Thị Lan",
        prefilled=True,
        step="Câu 1/5",
    )
    return show_question(window, v)


def confirm_address(window: MainWindow, qtbot: QtBot, words: FormWords) -> QuestionScreen:
    value = Address(HN, HOAN_KIEM, "12 Hàng Bạc")
    v = view(words, FieldKind.ADDRESS, value=value, value_text=value.one_line(), prefilled=True)
    return show_question(window, v)


def error_shown(window: MainWindow, qtbot: QtBot, words: FormWords) -> QuestionScreen:
    v = view(
        words,
        FieldKind.PHONE,
        value="091234",
        error="Số điện thoại cần đủ 10 số. Xin ông/bà kiểm tra lại.",
    )
    return show_question(window, v)


def error_text(window: MainWindow, qtbot: QtBot, words: FormWords) -> QuestionScreen:
    v = view(
        words,
        FieldKind.TEXT,
        hint="Viết như trên giấy chứng sinh",
        value="Lan",
        error="Xin ghi đủ họ và tên, ví dụ Nguyễn Thị Lan.",
    )
    return show_question(window, v)


def address_street(window: MainWindow, qtbot: QtBot, words: FormWords) -> QuestionScreen:
    screen = show_question(window, view(words, FieldKind.ADDRESS))
    tap_named(qtbot, screen, "AddressRow0")  # Thành phố Hà Nội
    tap_named(qtbot, screen, "AddressRow0")  # Phường Ba Đình
    type_keys(qtbot, screen, "12 hangf bacj")
    return screen


def date_birth_year(window: MainWindow, qtbot: QtBot, words: FormWords) -> QuestionScreen:
    v = view(words, FieldKind.DATE, question="Ông/bà sinh ngày nào?", start_date=date(1956, 3, 8))
    return show_question(window, v)


SCENES: dict[str, Scene] = {
    "form_question_text": text_typed,
    "form_keyboard": keyboard_empty,
    "form_date": date_picker,
    "form_date_birth": date_birth_year,
    "form_choice": choice_list,
    "form_number_pad": number_pad,
    "form_address_provinces": address_provinces,
    "form_address_old": address_old,
    "form_address_search": address_search,
    "form_address_search_old": address_search_old_ward,
    "form_address_street": address_street,
    "form_confirm": confirm_name,
    "form_confirm_address": confirm_address,
    "form_error": error_shown,
    "form_error_text": error_text,
}
