"""The Vietnamese on-screen keyboard: big keys, a tone row, a letter row, Telex (never the
system keyboard).

Rows: tones (sắc huyền hỏi ngã nặng) and the letters â ă ê ô ơ ư đ (one row when both fit the
width, else two), then Q…P, A…L, Z…M + Xóa, and Dấu cách + Xong. Keys are ≥ 16 mm tall with
≥ 3 mm gaps (design §4) and placed by hand so the sizes are exact. A short screen (a 15.6 in
panel in big text) first folds Dấu cách and Xong into the Z row; if it is still too short and the
question wants digits too, the digits and the tone/letter row share one row and a key ("Số" /
"Dấu") turns between them: keys never shrink below 16 mm. A search (no diacritics needed) can
leave the tone/letter row out (`marks=False`).

Typing goes through `kiosk.services.telex` (pure): "Nguyeenx" gives "Nguyễn"; a tone key puts
the tone on the right vowel of the last word (old style, "hòa"). The text is the only state.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from kiosk.services.telex import Tone, apply_tone, backspace, type_key
from ui.forms.base import (
    KEY_MM,
    guard_properties,
    key_gap_px,
    key_px,
    make_button,
    make_key,
    name_for_voice,
    text_width,
)
from ui.forms.views import FormWords
from ui.theme import Theme, apply_theme

LETTER_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
SPECIAL = "âăêôơưđ"
DIGITS = "1234567890/"  # house numbers ("12/3"): only where the question asks for them
TONES = (Tone.SAC, Tone.HUYEN, Tone.HOI, Tone.NGA, Tone.NANG)
MAX_UNIT_MM = 34.0
MAX_KEY_MM = 22.0  # a letter key is never wider than this, however wide the panel


class VietKeyboard(QWidget):
    """Signals (GUI thread): `changed(str)` after every key, `submitted(str)` on Xong."""

    changed = Signal(str)
    submitted = Signal(str)

    def __init__(self, name: str = "Keyboard", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self._text = ""
        self._max_length = 60
        self._capitalize = True
        self._theme: Theme | None = None
        self._two_special_rows = False
        self.letters: dict[str, QPushButton] = {}
        self._digits = False
        self._marks = True
        self._showing_digits = False  # paged: which of the two shares the row
        self._words: FormWords | None = None
        for ch in "".join(LETTER_ROWS) + SPECIAL + DIGITS:
            key = make_key(f"Key_{ch}", self)
            key.clicked.connect(self._on_letter)
            self.letters[ch] = key
        self.tones: dict[Tone, QPushButton] = {}
        for tone in TONES:
            key = make_key(f"KeyTone_{tone.name.lower()}", self)
            key.setProperty("tone", True)
            key.clicked.connect(self._on_tone)
            self.tones[tone] = key
        self.backspace = make_key("KeyBackspace", self)
        self.space = make_key("KeySpace", self)
        self.done = make_button("KeyDone", "primary", self)
        self.done.setProperty("key", True)  # a key of the keyboard's bottom row
        self.done.setProperty("role", "button")  # a key's type: a key's height holds its line
        self.page_key = make_key("KeyPage", self)  # paged: "Số" ⇄ "Dấu"
        self.page_key.hide()
        self.backspace.clicked.connect(self._on_backspace)
        self.space.clicked.connect(self._on_space)
        self.done.clicked.connect(self._on_done)
        self.page_key.clicked.connect(self._on_page)
        self._label_letters()
        guard_properties(self)

    # ---- state ---------------------------------------------------------------------------

    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        self._text = text[: self._max_length]
        self.changed.emit(self._text)

    def configure(
        self,
        words: FormWords,
        *,
        max_length: int = 60,
        capitalize_words: bool = True,
        digits: bool = False,
        marks: bool = True,
    ) -> None:
        self._words = words
        self._max_length = max_length
        self._capitalize = capitalize_words
        self._digits = digits
        self._marks = marks
        self._showing_digits = digits  # paged: a house number comes first ("12 Hàng Bạc")
        self._label_letters()
        for tone, word in zip(TONES, words.tones, strict=True):
            self.tones[tone].setText(word)
        self.backspace.setText(words.backspace)
        self.space.setText(words.space)
        self.done.setText(words.done)
        self._relayout()

    def clear(self) -> None:
        self._text = ""
        self.changed.emit("")

    def _label_letters(self) -> None:
        for ch, key in self.letters.items():
            key.setText(ch.upper())

    # ---- keys ----------------------------------------------------------------------------

    def _starts_word(self) -> bool:
        return not self._text or not self._text[-1].isalpha()

    def _put(self, new: str) -> None:
        if len(new) <= self._max_length and new != self._text:
            self._text = new
            self.changed.emit(new)

    def _on_letter(self) -> None:
        sender = self.sender()
        ch = next((c for c, k in self.letters.items() if k is sender), "")
        if not ch:
            return
        if self._capitalize and self._starts_word() and ch.isalpha():
            ch = ch.upper()
        self._put(type_key(self._text, ch))

    def _on_tone(self) -> None:
        sender = self.sender()
        tone = next((t for t, k in self.tones.items() if k is sender), None)
        if tone is not None:
            self._put(apply_tone(self._text, tone))

    def _on_backspace(self) -> None:
        self._put(backspace(self._text))

    def _on_space(self) -> None:
        if self._text and not self._text.endswith(" "):
            self._put(self._text + " ")

    def _on_done(self) -> None:
        self.submitted.emit(self._text.strip())

    def _on_page(self) -> None:
        self._showing_digits = not self._showing_digits
        self._relayout()

    def paged(self) -> bool:
        """True when digits and the tone/letter row share one row (a short screen)."""
        return self._level() == 2

    # ---- geometry ------------------------------------------------------------------------

    def apply(self, theme: Theme) -> None:
        self._theme = theme
        apply_theme(self, theme)
        self.done.setMinimumSize(0, 0)  # a key of the keyboard: sized by the rows below
        self.updateGeometry()
        self._relayout()

    def rows(self, level: int | None = None) -> int:
        """Key rows at a layout level: 0 full (space row of its own), 1 compact (space and Xong
        end the Z row), 2 paged (digits and the tone/letter row share one row)."""
        if level is None:
            level = self._level()
        marks = (2 if self._two_special_rows else 1) if self._marks else 0
        digits = 1 if self._digits else 0
        top = max(marks, digits) if level == 2 else marks + digits
        return top + 3 + (1 if level == 0 else 0)

    def _levels(self) -> tuple[int, ...]:
        return (0, 1, 2) if self._digits and self._marks else (0, 1)

    def _rows_height(self, rows: int) -> int:
        assert self._theme is not None
        return rows * key_px(self._theme) + (rows - 1) * key_gap_px(self._theme)

    def _level(self) -> int:
        levels = self._levels()
        if self.height() <= 0:
            return 0
        for level in levels:
            if self._rows_height(self.rows(level)) <= self.height():
                return level
        return levels[-1]

    def _compact(self) -> bool:
        return self._level() > 0

    def sizeHint(self) -> QSize:
        if self._theme is None:
            return QSize(0, 0)
        self._two_special_rows = not self._special_layout()[0]
        return QSize(0, self._rows_height(self.rows(0)))

    def minimumSizeHint(self) -> QSize:
        if self._theme is None:
            return QSize(0, 0)
        self._two_special_rows = not self._special_layout()[0]
        return QSize(0, self._rows_height(self.rows(self._levels()[-1])))

    def key_height(self) -> int:
        """≥ 16 mm; taller (up to 22 mm) when the screen has room for it."""
        theme = self._theme
        assert theme is not None
        h, g = key_px(theme), key_gap_px(theme)
        rows = self.rows()
        room = (self.height() - (rows - 1) * g) // rows if self.height() > 0 else h
        return max(h, min(room, math.ceil(MAX_KEY_MM * theme.px_per_mm)))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._relayout()

    def _available_width(self) -> int:
        theme = self._theme
        assert theme is not None
        width = self.width() if self.width() > 0 else theme.panel_width_px - 2 * theme.margin_px
        return min(width, theme.panel_width_px - 2 * theme.margin_px)

    def _special_widths(self, compact: bool) -> tuple[list[int], list[int]]:
        """Widths of the tone keys and of â ă ê ô ơ ư đ: a letter key's width, or (compact)
        just what the label needs, never under 16 mm."""
        theme = self._theme
        assert theme is not None
        pad = 2 * (max(2, theme.pad_px // 4) + theme.border_px) + theme.gap_px
        base = (
            math.ceil(KEY_MM * theme.px_per_mm) if compact else self._unit(self._available_width())
        )
        tones = [
            max(base, text_width(theme, "button", k.text()) + pad) for k in self.tones.values()
        ]
        letters = [
            max(base, text_width(theme, "button", self.letters[c].text()) + pad) for c in SPECIAL
        ]
        return tones, letters

    def _special_layout(self) -> tuple[bool, list[int], list[int]]:
        """(one row?, tone widths, letter widths): one row of letter-sized keys if it fits, else
        one row of narrower keys (a row less on a short screen), else two rows."""
        assert self._theme is not None
        width = self._available_width()
        gap = key_gap_px(self._theme)
        for compact in (False, True):
            tones, letters = self._special_widths(compact)
            if sum(tones) + sum(letters) + (len(tones) + len(letters)) * gap <= width:
                return True, tones, letters
        tones, letters = self._special_widths(False)
        return False, tones, letters

    def _unit(self, width: int, per_row: int = 10) -> int:
        """A letter key's width: `per_row` keys fill the width, up to 34 mm each."""
        assert self._theme is not None
        g = key_gap_px(self._theme)
        fill = (width - (per_row - 1) * g) // per_row
        return min(fill, math.ceil(MAX_UNIT_MM * self._theme.px_per_mm))

    def _relayout(self) -> None:
        theme = self._theme
        if theme is None or self.width() <= 0:
            return
        width = self.width()
        g = key_gap_px(theme)
        one_row, tone_w, special_w = self._special_layout()
        if one_row == self._two_special_rows:
            self._two_special_rows = not one_row
            self.updateGeometry()
        level = self._level()  # after the special rows are known: they count
        compact = level > 0
        paged = level == 2
        if self._words is not None:
            words = self._words
            to_marks = self._showing_digits
            self.page_key.setText(words.marks_page if to_marks else words.digits_page)
            pid = "forms.marks_page" if to_marks else "forms.digits_page"
            name_for_voice(self.page_key, pid, self.page_key.text())
        unit = self._unit(width, len(DIGITS) if self._digits else 10)
        pad = 2 * (max(2, theme.pad_px // 4) + theme.border_px) + theme.gap_px
        labels = [
            text_width(theme, "button", self.space.text()) + pad,
            text_width(theme, "button", self.done.text()) + pad,
            text_width(theme, "button", self.backspace.text()) + pad,
        ]
        page_w = text_width(theme, "button", self.page_key.text()) + pad if paged else 0
        if compact:  # Z row: 7 letters, Xóa, space and Xong, each at least a letter wide
            extra_keys = (max(page_w, unit) + g) if paged else 0
            while (
                unit > 1
                and 7 * unit + sum(max(w, unit) for w in labels) + 9 * g + extra_keys > width
            ):
                unit -= 1
        space_w, done_w, back_w = (max(w, unit) for w in labels)
        rows: list[list[tuple[QPushButton, int]]] = []
        tone_row = list(zip(self.tones.values(), tone_w, strict=True))
        special_row = [(self.letters[c], w) for c, w in zip(SPECIAL, special_w, strict=True)]
        show_marks = self._marks and not (paged and self._showing_digits)
        show_digits = self._digits and not (paged and not self._showing_digits)
        if show_marks and one_row:
            rows.append([*tone_row, *special_row])
        elif show_marks:
            rows += [tone_row, special_row]
        if show_digits:
            rows.append([(self.letters[c], unit) for c in DIGITS])
        for i, letters in enumerate(LETTER_ROWS):
            row = [(self.letters[c], unit) for c in letters]
            if i == 2 and compact:  # a short screen: space and Xong end the Z row
                if paged:  # the turn key first, where phones have their "123"
                    row.insert(0, (self.page_key, max(page_w, unit)))
                row += [(self.backspace, back_w), (self.space, space_w), (self.done, done_w)]
            elif i == 2:
                row.append((self.backspace, 2 * unit + g))
            rows.append(row)
        if not compact:
            rows.append([(self.space, 6 * unit + 5 * g), (self.done, 3 * unit + 2 * g)])
        placed = {key for row in rows for key, _ in row}
        for key in [*self.letters.values(), *self.tones.values(), self.page_key]:
            key.setVisible(key in placed)
        one_row = one_row and show_marks
        h = self.key_height()
        top = max(0, self.height() - (len(rows) * h + (len(rows) - 1) * g))  # keys at the bottom
        for r, row in enumerate(rows):
            extra = g if one_row and r == 0 else 0  # a wider gap between tones and letters
            total = sum(w for _, w in row) + (len(row) - 1) * g + extra
            x = max(0, (width - total) // 2)
            for k, (key, w) in enumerate(row):
                key.setGeometry(x, top + r * (h + g), w, h)
                x += w + g + (extra if one_row and r == 0 and k == len(TONES) - 1 else 0)
