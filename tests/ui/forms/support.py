"""Helpers for the form widget tests: a small fake address book, views, and the real window."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.domain.address import Commune, Province
from kiosk.domain.procedure import FieldKind
from kiosk.services.telex import fold
from tests.ui.support import settle
from ui import main_window
from ui.forms.question_screen import QuestionScreen
from ui.forms.views import ChoiceItem, FormWords, QuestionView
from ui.main_window import MainWindow
from ui.view_models import HeaderView, NavView

CLICK = Qt.MouseButton.LeftButton
# an old ward split in the 2025 reform: its people now live in Ngọc Hà or in Giảng Võ
OLD_CONG_VI = "Phường Cống Vị, Quận Ba Đình, Thành phố Hà Nội"

HN = Province("01", "Thành phố Hà Nội")
HCM = Province("79", "Thành phố Hồ Chí Minh")
LC = Province("15", "Tỉnh Lào Cai")
HOAN_KIEM = Commune("00070", "Phường Hoàn Kiếm", "01", "phuong")
CUA_NAM = Commune("00082", "Phường Cửa Nam", "01", "phuong")
BA_DINH = Commune("00004", "Phường Ba Đình", "01", "phuong")
BAT_TRANG = Commune("10183", "Xã Bát Tràng", "01", "xa")
SAI_GON = Commune("26734", "Phường Sài Gòn", "79", "phuong")
SA_PA = Commune("02680", "Phường Sa Pa", "15", "phuong")
# more communes so the list pages (Hà Nội has 126 units)
EXTRA = [Commune(f"09{i:03d}", f"Xã Thử Nghiệm {i}", "01", "xa") for i in range(1, 40)]
# more provinces so the province list pages (there are 34)
MORE_PROVINCES = [Province(f"{90 + i}", f"Tỉnh Thử Nghiệm {i}") for i in range(1, 31)]


class FakeAddressBook:
    """Contract 4's AddressBook shape, in a few entries (the real book is CATALOGUE's)."""

    def __init__(self) -> None:
        self._provinces = [HN, HCM, LC, *MORE_PROVINCES]
        self._communes = [HOAN_KIEM, CUA_NAM, BA_DINH, BAT_TRANG, SAI_GON, SA_PA, *EXTRA]
        # the old Phường Hàng Bạc (quận Hoàn Kiếm) went into Hoàn Kiếm; an old ward split
        # between Hoàn Kiếm and Cửa Nam offers both
        self._old = {"hang bac": [HOAN_KIEM], "tran hung dao": [HOAN_KIEM, CUA_NAM]}
        self.searches: list[tuple[str, str | None]] = []

    def provinces(self) -> list[Province]:
        return list(self._provinces)

    def communes(self, province_code: str) -> list[Commune]:
        return [c for c in self._communes if c.province_code == province_code]

    def search(self, text: str, province_code: str | None = None, limit: int = 20) -> list[Commune]:
        self.searches.append((text, province_code))
        needle = fold(text).strip()
        hits = [
            c
            for c in self._communes
            if needle in fold(c.name) and province_code in (None, c.province_code)
        ]
        return hits[:limit]

    def from_old(self, text: str) -> list[Commune]:
        folded = fold(text)
        for key, communes in self._old.items():
            if key in folded:
                return list(communes)
        return []


CHOICES = (
    ChoiceItem(label="Cha", value="cha"),
    ChoiceItem(label="Mẹ", value="me"),
    ChoiceItem(label="Ông, bà", value="ong_ba"),
    ChoiceItem(label="Người giám hộ", value="giam_ho"),
)


def view(words: FormWords, kind: FieldKind, **kw: object) -> QuestionView:
    questions = {
        FieldKind.TEXT: "Họ và tên của cháu bé?",
        FieldKind.DATE: "Cháu bé sinh ngày nào?",
        FieldKind.CHOICE: "Ông/bà là gì của cháu bé?",
        FieldKind.NUMBER: "Ông/bà cần mấy bản sao?",
        FieldKind.ID_NUMBER: "Số định danh của người mẹ?",
        FieldKind.PHONE: "Số điện thoại của ông/bà?",
        FieldKind.YES_NO: "Cháu bé có đăng ký thường trú cùng mẹ không?",
        FieldKind.ADDRESS: "Nơi ở hiện nay của ông/bà?",
    }
    base: dict[str, object] = {
        "field_id": kind.value,
        "kind": kind,
        "question": questions[kind],
        "words": words,
        "step": "Câu 2/5",
    }
    if kind == FieldKind.CHOICE:
        base["choices"] = CHOICES
    if kind == FieldKind.DATE:
        base["min_date"] = date(1900, 1, 1)
        base["max_date"] = date(2026, 11, 23)
    base.update(kw)
    return QuestionView(**base)  # type: ignore[arg-type]


def show_question(window: MainWindow, v: QuestionView) -> QuestionScreen:
    """The question screen inside the real kiosk window, with header and navigation bar."""
    screen = window.navigate(
        "question",
        v,
        header=HeaderView(ward="Phường Hoàn Kiếm", greeting="Ông/Bà Nguyễn Thị Lan", visible=True),
        nav=NavView(
            back="Quay lại",
            start_over="Làm lại từ đầu",
            replay="Nghe lại",
            visible=True,
            show_back=True,
            show_start_over=True,
            show_replay=True,
        ),
    )
    assert isinstance(screen, QuestionScreen)
    settle()
    return screen


def register_question_screen(monkeypatch: pytest.MonkeyPatch) -> None:
    """Until FLOW registers it in ui.main_window, add the screen for this test only."""
    monkeypatch.setitem(
        main_window.LAZY_SCREENS, "question", ("ui.forms.question_screen", "QuestionScreen")
    )


def tap(qtbot: QtBot, widget: QWidget) -> None:
    assert widget.isVisible(), f"{widget.objectName()} is not visible"
    qtbot.mouseClick(widget, CLICK)  # type: ignore[no-untyped-call]


def tap_named(qtbot: QtBot, root: QWidget, name: str) -> None:
    shown = [b for b in root.findChildren(QPushButton, name) if b.isVisible()]
    assert len(shown) == 1, f"{len(shown)} visible buttons {name}"
    tap(qtbot, shown[0])


def visible_named(root: QWidget, name: str) -> list[QPushButton]:
    return [b for b in root.findChildren(QPushButton, name) if b.isVisible()]


def type_keys(qtbot: QtBot, root: QWidget, keys: str) -> int:
    """Tap the keyboard's keys for `keys` (letters and spaces); returns the taps made. On a
    short screen the digits and the tone/letter row share a row: "123" / "Ă Â Đ" turns it."""
    taps = 0
    for ch in keys:
        name = "KeySpace" if ch == " " else f"Key_{ch.lower()}"
        if not visible_named(root, name) and visible_named(root, "KeyPage"):
            tap_named(qtbot, root, "KeyPage")
            taps += 1
        tap_named(qtbot, root, name)
        taps += 1
    return taps
