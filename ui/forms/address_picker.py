"""Address picker after the 2025 reform: province → commune-level unit (+ house and street).

Stages, all inside the one question screen (no dialogs):
- `candidates`: an old three-level address was given; the new units it maps to are offered
  (more than one when the old ward was split) and "Chọn nơi khác" leads to the lists;
- `provinces` / `communes`: paged lists of big rows; "Tìm theo tên" opens `search`;
- `search`: our keyboard types a name, no diacritics needed; hits appear as rows — new units and
  old (pre-2025) ward names, which lead to `candidates` like an old address on a card;
- `street`: house number and street on our keyboard (may stay empty), then Xong answers an
  `Address` that keeps the old text beside the new unit.
The address book (contract 4) is any object with the methods of `AddressBookLike`.
"""

from __future__ import annotations

import math
from typing import Protocol

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from kiosk.domain.address import Address, Commune, Province
from ui.forms.base import Editor, display_label, key_gap_px, make_button, text_width
from ui.forms.keyboard import VietKeyboard
from ui.forms.old_ward_search import (
    OldWardIndex,
    OldWardLike,
    OldWardsBook,
    old_text,
    with_old_wards,
)
from ui.forms.paged_grid import PagedGrid
from ui.forms.views import FormWords, QuestionView
from ui.theme import Theme
from ui.widgets import text_label


class AddressBookLike(Protocol):
    def provinces(self) -> list[Province]: ...

    def communes(self, province_code: str) -> list[Commune]: ...

    def search(
        self, text: str, province_code: str | None = None, limit: int = 20
    ) -> list[Commune]: ...

    def from_old(self, text: str) -> list[Commune]: ...


SEARCH_LIMIT = 12
DISPLAY_MIN_MM = 100.0
PLACE_MAX_MM = 130.0
STAGES = ("candidates", "provinces", "communes", "search", "street")


class AddressPicker(Editor):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AddressPicker")
        self._book: AddressBookLike | None = None
        self._words: FormWords | None = None
        self._stage = "provinces"
        self._old = ""
        self._province: Province | None = None
        self._commune: Commune | None = None
        self._street = ""
        self._items: list[Commune] = []
        self._old_hits: list[OldWardLike] = []  # search: old ward names, after the units
        self._old_index: OldWardIndex | None = None
        self._provinces: list[Province] = []
        self._by_code: dict[str, Province] = {}
        self._theme: Theme | None = None

        self.title = text_label("AddressTitle", "body")
        self.note = text_label("AddressNote", "body", muted=True)
        self.change_province = make_button("AddressChangeProvince", "secondary")
        self.search_button = make_button("AddressSearch", "secondary")
        self.show_list = make_button("AddressShowList", "secondary")
        self.display = display_label("AddressDisplay", "title")
        self.display.setProperty("data_field", True)  # what the citizen typed (or the hint)
        # the chosen unit, beside the street being typed (two lines when the name is long)
        self.place = text_label("AddressPlace", "body", muted=True, align="left")
        self.place.setProperty("data_field", True)
        self.grid = PagedGrid("Address", self, data_rows=True)
        self.keyboard = VietKeyboard("AddressKeyboard", self)
        self.change_province.clicked.connect(self._on_change_province)
        self.search_button.clicked.connect(self._on_search)
        self.show_list.clicked.connect(self._on_show_list)
        self.grid.picked.connect(self._on_picked)
        self.keyboard.changed.connect(self._on_typed)
        self.keyboard.submitted.connect(self._on_street_done)

        self._tools = tools = QHBoxLayout()
        tools.addWidget(self.change_province)
        tools.addWidget(self.display, 1)
        tools.addWidget(self.place)
        tools.addStretch(1)  # index 3: no stretch while typing, so the display takes the room
        tools.addWidget(self.search_button)
        tools.addWidget(self.show_list)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.note)
        layout.addLayout(tools)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.keyboard)

    def set_book(self, book: AddressBookLike) -> None:
        self._book = book
        self._provinces = book.provinces()
        self._by_code = {p.code: p for p in self._provinces}
        self._old_index = None  # built on the first search (10,000 names: not at start-up)

    @property
    def stage(self) -> str:
        return self._stage

    # ---- Editor --------------------------------------------------------------------------

    def load(self, view: QuestionView) -> None:
        self._words = view.words
        self._old = view.old_address
        self._street = ""
        self._province = self._commune = None
        if isinstance(view.value, Address):
            self._province, self._commune = view.value.province, view.value.commune
            self._street = view.value.street
            self._old = view.value.old_text or self._old
        self.change_province.setText(view.words.change_province)
        self.search_button.setText(view.words.search)
        self.show_list.setText(view.words.show_list)
        if self._old and self._book is not None and self._book.from_old(self._old):
            self._go("candidates")
        elif self._province is not None:
            self._go("communes")
        else:
            self._go("provinces")

    def clear(self) -> None:
        self._old = self._street = ""
        self._province = self._commune = None
        self._items = []
        self._old_hits = []
        self.keyboard.clear()
        self.grid.clear()
        for label in (self.title, self.note, self.display, self.place):
            label.clear()

    # ---- stages --------------------------------------------------------------------------

    def _go(self, stage: str) -> None:
        assert stage in STAGES and self._words is not None
        self._stage = stage
        w = self._words
        typing = stage in ("search", "street")
        self.keyboard.setVisible(typing)
        self.keyboard.done.setVisible(stage == "street")
        self.display.setVisible(typing)
        self.grid.setVisible(stage != "street")
        self.title.setVisible(not typing)  # while typing, the display's hint says what to type
        self.change_province.setVisible(stage == "communes")
        self.search_button.setVisible(stage in ("provinces", "communes"))
        self.show_list.setVisible(stage == "search")
        self.note.setVisible(False)
        self.note.clear()
        self.place.setVisible(stage == "street")
        self.place.clear()
        self._tools.setStretch(3, 0 if typing else 1)
        self.keyboard.clear()
        self.display.clear()
        if stage == "candidates":
            assert self._book is not None
            self._items = self._book.from_old(self._old)
            self.title.setText(w.old_address.format(old=self._old))
            self._show_note(w.old_candidates)
            lines = [self._commune_line(c) for c in self._items]
            self._list([*lines, w.other_place], paging=True)  # the way out is the last row
        elif stage == "provinces":
            self.title.setText(w.choose_province)
            selected = (
                self._provinces.index(self._province) if self._province in self._provinces else -1
            )
            self.grid.set_items(
                [p.name for p in self._provinces],
                prev_label=w.prev_page,
                next_label=w.next_page,
                page_template=w.page,
                max_columns=3,
                selected=selected,
            )
        elif stage == "communes":
            assert self._book is not None and self._province is not None
            self._items = self._book.communes(self._province.code)
            self.title.setText(w.choose_commune.format(province=self._province.name))
            names = [c.name for c in self._items]
            selected = self._items.index(self._commune) if self._commune in self._items else -1
            self._list(names, paging=True, selected=selected, columns=3)
        elif stage == "search":  # no diacritics needed: the tone/letter row stays out
            self.keyboard.configure(w, max_length=40, digits=False, marks=False)
            self._items = []
            self._old_hits = []
            self.grid.clear()
        else:
            assert self._commune is not None
            self.keyboard.configure(w, max_length=80, digits=True)
            line = self._commune_line(self._commune)
            self.place.setText(line)
            if self._theme is not None:  # its own width up to the most it may take, then wrap
                most = round(PLACE_MAX_MM * self._theme.px_per_mm)
                self.place.setFixedWidth(min(most, text_width(self._theme, "body", line) + 2))
            self.keyboard.set_text(self._street)
        if typing:
            self._on_typed(self.keyboard.text())

    def _show_note(self, text: str) -> None:
        self.note.setText(text)
        self.note.setVisible(True)

    def _list(
        self, labels: list[str], *, paging: bool, selected: int = -1, columns: int = 2
    ) -> None:
        assert self._words is not None
        w = self._words
        self.grid.set_items(
            labels,
            prev_label=w.prev_page,
            next_label=w.next_page,
            page_template=w.page,
            max_columns=columns,
            selected=selected,
            paging=paging,
        )

    def _commune_line(self, commune: Commune) -> str:
        province = self._by_code.get(commune.province_code)
        return f"{commune.name}, {province.name}" if province else commune.name

    def _show_typed(self, text: str, hint: str) -> None:
        """The typed text in big letters; when empty, the hint in body text (muted)."""
        shown = text or hint
        muted = not text
        self.display.setText(shown)
        self.display.setProperty("muted", muted)
        if self._theme is not None:
            self.display.setFont(self._theme.font("body" if muted else "title"))
        self.display.style().unpolish(self.display)
        self.display.style().polish(self.display)

    # ---- intents -------------------------------------------------------------------------

    def _on_change_province(self) -> None:
        self._go("provinces")

    def _on_search(self) -> None:
        self._go("search")

    def _on_show_list(self) -> None:
        self._go("communes" if self._province is not None else "provinces")

    def _on_typed(self, text: str) -> None:
        if self._words is None:
            return
        if self._stage == "street":
            self._show_typed(text, self._words.street)
            return
        if self._stage != "search" or self._book is None:
            return
        self._show_typed(text, self._words.search_hint)
        code = self._province.code if self._province is not None else None
        units = self._book.search(text, code, SEARCH_LIMIT) if text.strip() else []
        within = {c.code for c in self._book.communes(code)} if code is not None else None
        if self._old_index is None and isinstance(self._book, OldWardsBook):
            self._old_index = OldWardIndex(self._book.old_wards())  # old names searched too
        self._items, self._old_hits = with_old_wards(
            self._old_index, text, units, within, SEARCH_LIMIT
        )
        self.note.setVisible(False)
        if text.strip() and not self._items and not self._old_hits:
            self.grid.clear()
            self._show_note(self._words.no_results)  # what was typed stays in the display
            return
        w = self._words
        lines = [self._commune_line(c) for c in self._items]
        lines += [w.old_ward_row.format(ward=o.ward, district=o.district) for o in self._old_hits]
        self._list(lines, paging=False, columns=2)

    def _on_picked(self, index: int) -> None:
        if self._stage == "provinces":
            self._province = self._provinces[index]
            self._commune = None
            self._go("communes")
            return
        if self._stage == "candidates" and index == len(self._items):
            self._go("provinces")  # "Chọn nơi khác": none of the offered units
            return
        if self._stage == "search" and index >= len(self._items):
            old = index - len(self._items)
            if old < len(self._old_hits):  # an old ward: the units it became, as for a card
                self._old = old_text(self._old_hits[old])
                self._go("candidates")
            return
        if not 0 <= index < len(self._items):
            return
        commune = self._items[index]
        self._commune = commune
        self._province = self._by_code.get(commune.province_code, self._province)
        self._go("street")

    def _on_street_done(self, street: str) -> None:
        if self._province is None or self._commune is None:
            return
        self._street = street
        self.answered.emit(
            Address(self._province, self._commune, street.strip(), old_text=self._old or None)
        )

    # ---- geometry ------------------------------------------------------------------------

    def apply(self, theme: Theme) -> None:
        self._theme = theme
        self._layout.setSpacing(key_gap_px(theme))
        self._tools.setSpacing(theme.gap_px)
        self.display.setFixedHeight(math.ceil(theme.line_px["title"]) + 2 * theme.border_px)
        self.display.setMinimumWidth(round(DISPLAY_MIN_MM * theme.px_per_mm))
        tool_h = max(math.ceil(20 * theme.px_per_mm), math.ceil(theme.line_px["button"] * 1.3))
        for button in (self.change_province, self.search_button, self.show_list):
            button.setFixedHeight(tool_h)  # ≥ 20 mm; the theme's 22 mm leaves the list no room
        self.grid.apply(theme)
        self.keyboard.apply(theme)
