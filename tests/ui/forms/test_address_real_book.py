"""The address picker against CATALOGUE's real address book (34 provinces, 3,321 units after the
2025 reform, old wards → new units): by taps, by diacritic-free search, and from an old address
whose ward was split — the citizen chooses, and the answer keeps the old text."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from kiosk.domain.address import Address
from kiosk.domain.procedure import FieldKind
from kiosk.services.addresses.book import AddressBook
from tests.ui.forms.support import OLD_CONG_VI, show_question, tap, tap_named, type_keys, view
from ui.forms.address_picker import AddressPicker
from ui.forms.question_screen import QuestionScreen
from ui.forms.views import FormWords
from ui.main_window import MainWindow


def picker_of(screen: QuestionScreen) -> AddressPicker:
    picker = screen.editors["address"]
    assert isinstance(picker, AddressPicker)
    return picker


def rows(screen: QuestionScreen) -> list[str]:
    return [r.text() for r in picker_of(screen).grid.visible_rows()]


def answer_street(qtbot: QtBot, screen: QuestionScreen, street: str) -> object:
    type_keys(qtbot, screen, street)
    with qtbot.waitSignal(screen.answered, timeout=1000) as blocker:
        tap_named(qtbot, screen, "KeyDone")
    assert blocker.args is not None
    return blocker.args[0]


def test_province_then_commune_by_taps(
    form_window: MainWindow, qtbot: QtBot, words: FormWords, real_book: AddressBook
) -> None:
    screen = show_question(form_window, view(words, FieldKind.ADDRESS))
    picker = picker_of(screen)
    assert picker.grid.pages > 1  # 34 provinces page (no scrolling)
    assert rows(screen)[0] == "Thành phố Hà Nội"
    tap_named(qtbot, screen, "AddressRow0")
    assert picker.stage == "communes"
    assert len(real_book.communes("01")) == 126
    taps = 0
    while "Phường Ngọc Hà" not in rows(screen):  # alphabetical, page by page
        tap_named(qtbot, screen, "AddressNext")
        taps += 1
        assert taps < picker.grid.pages
    row = next(r for r in picker.grid.visible_rows() if r.text() == "Phường Ngọc Hà")
    tap(qtbot, row)
    assert picker.stage == "street"
    answered = answer_street(qtbot, screen, "5 ngox 12")
    assert answered == real_book.address("00008", "5 Ngõ 12")


def test_search_needs_no_diacritics(
    form_window: MainWindow, qtbot: QtBot, words: FormWords, real_book: AddressBook
) -> None:
    screen = show_question(form_window, view(words, FieldKind.ADDRESS))
    tap_named(qtbot, screen, "AddressSearch")
    keyboard = picker_of(screen).keyboard
    assert not keyboard.tones[next(iter(keyboard.tones))].isVisible()  # no marks to search
    type_keys(qtbot, screen, "ngoc ha")
    assert rows(screen) == ["Phường Ngọc Hà, Thành phố Hà Nội"]
    tap_named(qtbot, screen, "AddressRow0")
    assert answer_street(qtbot, screen, "") == real_book.address("00008")


def test_search_finds_nothing_politely_and_keeps_the_typing(
    form_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    screen = show_question(form_window, view(words, FieldKind.ADDRESS))
    tap_named(qtbot, screen, "AddressRow0")  # Hà Nội: search inside it
    tap_named(qtbot, screen, "AddressSearch")
    type_keys(qtbot, screen, "qqq")
    picker = picker_of(screen)
    assert rows(screen) == []
    assert picker.note.isVisible() and picker.note.text() == words.no_results
    assert picker.display.text() == "Qqq"
    tap_named(qtbot, screen, "AddressShowList")  # the way out: the list of Hà Nội
    assert picker.stage == "communes"


def test_search_by_an_old_ward_name_leads_to_the_units_it_became(
    form_window: MainWindow, qtbot: QtBot, words: FormWords, real_book: AddressBook
) -> None:
    """Cống Vị was a ward before 2025, not a unit now: she types its name without diacritics,
    the old ward is offered (not the loose match Xã Vĩnh Công), then its two new units."""
    screen = show_question(form_window, view(words, FieldKind.ADDRESS))
    tap_named(qtbot, screen, "AddressSearch")
    type_keys(qtbot, screen, "cong vi")
    assert rows(screen) == ["Phường Cống Vị, Quận Ba Đình (địa chỉ cũ)"]
    tap_named(qtbot, screen, "AddressRow0")
    picker = picker_of(screen)
    assert picker.stage == "candidates"
    assert rows(screen) == [
        "Phường Ngọc Hà, Thành phố Hà Nội",
        "Phường Giảng Võ, Thành phố Hà Nội",
        words.other_place,
    ]
    tap_named(qtbot, screen, "AddressRow0")
    answered = answer_street(qtbot, screen, "")
    assert answered == real_book.address("00008", old_text=OLD_CONG_VI)


def test_search_inside_a_province_keeps_to_its_old_wards(
    form_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    screen = show_question(form_window, view(words, FieldKind.ADDRESS))
    tap_named(qtbot, screen, "AddressRow1")  # not Hà Nội
    tap_named(qtbot, screen, "AddressSearch")
    type_keys(qtbot, screen, "cong vi")
    assert "Phường Cống Vị, Quận Ba Đình (địa chỉ cũ)" not in rows(screen)


def test_old_split_ward_offers_both_new_units_and_the_citizen_chooses(
    form_window: MainWindow, qtbot: QtBot, words: FormWords, real_book: AddressBook
) -> None:
    screen = show_question(form_window, view(words, FieldKind.ADDRESS, old_address=OLD_CONG_VI))
    picker = picker_of(screen)
    assert picker.stage == "candidates"
    assert picker.title.text() == words.old_address.format(old=OLD_CONG_VI)
    assert rows(screen) == [
        "Phường Ngọc Hà, Thành phố Hà Nội",
        "Phường Giảng Võ, Thành phố Hà Nội",
        words.other_place,
    ]
    tap_named(qtbot, screen, "AddressRow1")  # she lives on the Giảng Võ side
    answered = answer_street(qtbot, screen, "12 ngox 34 coongs vij")
    assert isinstance(answered, Address)
    assert answered == real_book.address("00025", "12 Ngõ 34 Cống Vị", old_text=OLD_CONG_VI)
    assert answered.old_text == OLD_CONG_VI  # the old text is kept beside the new unit


def test_old_address_other_place_goes_to_the_lists(
    form_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    screen = show_question(form_window, view(words, FieldKind.ADDRESS, old_address=OLD_CONG_VI))
    tap_named(qtbot, screen, "AddressRow2")  # two candidates, then "Chọn nơi khác"
    assert picker_of(screen).stage == "provinces"


def test_an_old_address_the_book_does_not_know_opens_the_lists(
    form_window: MainWindow, qtbot: QtBot, words: FormWords
) -> None:
    old = "Phường Không Có, Quận Không Có, Tỉnh Không Có"
    screen = show_question(form_window, view(words, FieldKind.ADDRESS, old_address=old))
    assert picker_of(screen).stage == "provinces"
