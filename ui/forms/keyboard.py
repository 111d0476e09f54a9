"""The Vietnamese on-screen keyboard: big keys, a tone row, a letter row, Telex (never the
system keyboard).

Rows: tones (sắc huyền hỏi ngã nặng) and the letters â ă ê ô ơ ư đ (one row when both fit the
width, else two), then Q…P, A…L, Z…M + Xóa, and Dấu cách + Xong. Keys are ≥ 16 mm tall with
≥ 3 mm gaps (design §4) and placed by hand so the sizes are exact.

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
        self.backspace.clicked.connect(self._on_backspace)
        self.space.clicked.connect(self._on_space)
        self.done.clicked.connect(self._on_done)
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
    ) -> None:
        self._max_length = max_length
        self._capitalize = capitalize_words
        self._digits = digits
        for ch in DIGITS:
            self.letters[ch].setVisible(digits)
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

    # ---- geometry ------------------------------------------------------------------------

    def apply(self, theme: Theme) -> None:
        self._theme = theme
        apply_theme(self, theme)
        self.done.setMinimumSize(0, 0)  # a key of the keyboard: sized by the rows below
        self.updateGeometry()
        self._relayout()

    def rows(self, compact: bool | None = None) -> int:
        """Key rows: tones and letters (1 or 2), digits (if asked), Q/A/Z, and the space row —
        which a short screen folds into the Z row (`compact`)."""
        if compact is None:
            compact = self._compact()
        return (
            (2 if self._two_special_rows else 1)
            + (1 if self._digits else 0)
            + 3
            + (0 if compact else 1)
        )

    def _rows_height(self, rows: int) -> int:
        assert self._theme is not None
        return rows * key_px(self._theme) + (rows - 1) * key_gap_px(self._theme)

    def _compact(self) -> bool:
        return 0 < self.height() < self._rows_height(self.rows(compact=False))

    def sizeHint(self) -> QSize:
        if self._theme is None:
            return QSize(0, 0)
        self._two_special_rows = not self._special_layout()[0]
        return QSize(0, self._rows_height(self.rows(compact=False)))

    def minimumSizeHint(self) -> QSize:
        if self._theme is None:
            return QSize(0, 0)
        self._two_special_rows = not self._special_layout()[0]
        return QSize(0, self._rows_height(self.rows(compact=True)))

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
        compact = self._compact()  # after the special rows are known: they count
        unit = self._unit(width, len(DIGITS) if self._digits else 10)
        pad = 2 * (max(2, theme.pad_px // 4) + theme.border_px) + theme.gap_px
        labels = [
            text_width(theme, "button", self.space.text()) + pad,
            text_width(theme, "primary", self.done.text()) + pad,
            text_width(theme, "button", self.backspace.text()) + pad,
        ]
        if compact:  # Z row: 7 letters, Xóa, space and Xong, each at least a letter wide
            while unit > 1 and 7 * unit + sum(max(w, unit) for w in labels) + 9 * g > width:
                unit -= 1
        space_w, done_w, back_w = (max(w, unit) for w in labels)
        rows: list[list[tuple[QPushButton, int]]] = []
        tone_row = list(zip(self.tones.values(), tone_w, strict=True))
        special_row = [(self.letters[c], w) for c, w in zip(SPECIAL, special_w, strict=True)]
        if one_row:
            rows.append([*tone_row, *special_row])
        else:
            rows += [tone_row, special_row]
        if self._digits:
            rows.append([(self.letters[c], unit) for c in DIGITS])
        for i, letters in enumerate(LETTER_ROWS):
            row = [(self.letters[c], unit) for c in letters]
            if i == 2 and compact:  # a short screen: space and Xong end the Z row
                row += [(self.backspace, back_w), (self.space, space_w), (self.done, done_w)]
            elif i == 2:
                row.append((self.backspace, 2 * unit + g))
            rows.append(row)
        if not compact:
            rows.append([(self.space, 6 * unit + 5 * g), (self.done, 3 * unit + 2 * g)])
        h = self.key_height()
        top = max(0, self.height() - (len(rows) * h + (len(rows) - 1) * g))  # keys at the bottom
        for r, row in enumerate(rows):
            extra = g if one_row and r == 0 else 0  # a wider gap between tones and letters
            total = sum(w for _, w in row) + (len(row) - 1) * g + extra
            x = max(0, (width - total) // 2)
            for k, (key, w) in enumerate(row):
                key.setGeometry(x, top + r * (h + g), w, h)
                x += w + g + (extra if one_row and r == 0 and k == len(TONES) - 1 else 0)
