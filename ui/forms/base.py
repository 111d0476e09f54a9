"""Shared pieces of the form widgets: the editor base, keys, arrow buttons, sizes, the stylesheet.

Sizes come from the Theme (panel mm, design §4): keys and list rows ≥ 16 mm, primary targets
≥ 20 mm (the theme's 22 mm target), gaps ≥ 3 mm. Every button is a plain QPushButton with no
focus, so no platform input method is ever asked for (we never show the system keyboard).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPaintEvent, QPolygonF
from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QWidget

from ui.forms.views import QuestionView
from ui.theme import Theme
from ui.widgets import kiosk_button, text_label

KEY_MM = 16.0  # keyboard keys and list rows (design §4)
KEY_GAP_MM = 3.0


def key_px(theme: Theme) -> int:
    """Key height: ≥ 16 mm, and never less than its label's line inside the key's borders."""
    return max(
        math.ceil(KEY_MM * theme.px_per_mm),
        math.ceil(theme.line_px["button"] + 2 * theme.border_px),
    )


def key_gap_px(theme: Theme) -> int:
    return math.ceil(KEY_GAP_MM * theme.px_per_mm)


def text_width(theme: Theme, role: str, text: str) -> int:
    from PySide6.QtGui import QFontMetricsF

    return math.ceil(QFontMetricsF(theme.font(role)).horizontalAdvance(text))


def guard_properties(root: QWidget) -> None:
    """Give every widget under `root` the `role` and `kind` properties the theme reads.

    WORKAROUND (PySide6 6.12.0 on CPython 3.11; no upstream issue found, reproduced by a 5-line
    script, see the forms report): a call that returns nothing — `setText`, `setMinimumSize`,
    or `property()` of an unset property — hands back None without a reference, and after some
    thousand calls Python aborts ("none_dealloc"). 6.11.2 does not. `ui.theme.apply_theme` reads
    `role` and `kind` on every widget; with them set, those reads return real values and cost
    None nothing. This only lessens the drain: the fix is a PySide6 without the bug (or Python
    ≥ 3.12, where None is immortal). `kind` False (not a str) leaves the theme's sizing alone.
    """
    for widget in [root, *root.findChildren(QWidget)]:
        names = {bytes(n.data()).decode() for n in widget.dynamicPropertyNames()}
        if "role" not in names:
            widget.setProperty("role", "")
        if "kind" not in names:
            widget.setProperty("kind", False)


def make_key(name: str, parent: QWidget | None = None) -> QPushButton:
    """A keyboard key or list row: no `kind` (its size is set by its owner), marked `key`."""
    key = QPushButton(parent)
    key.setObjectName(name)
    key.setProperty("role", "button")
    key.setProperty("key", True)  # geometry tests hold keys to 16 mm, other targets to 20 mm
    key.setProperty("kind", False)  # sized by its owner, not by the theme's button kinds
    key.setAutoDefault(False)
    key.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    key.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled, False)
    return key


def make_button(name: str, kind: str, parent: QWidget | None = None) -> QPushButton:
    button = kiosk_button(name, kind, parent)
    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    return button


def name_for_voice(widget: QWidget, prompt_id: str, words: str) -> None:
    """The spoken name of a button that shows no words of its own (a triangle) or a short one:
    its accessible name, and the catalogue id a voice layer says it with."""
    widget.setAccessibleName(words)
    widget.setProperty("prompt_id", prompt_id)


def display_label(name: str, role: str = "title") -> QLabel:
    """A read-only box showing what was entered (never an editable field: no input method)."""
    label = text_label(name, role)
    label.setProperty("display", True)
    label.setWordWrap(False)
    label.setIndent(0)  # a framed QLabel would indent by half an "x": the padding is enough
    return label


class ArrowButton(QPushButton):
    """A big up/down button drawing its own triangle (the bundled font has no arrow glyphs).

    The word of the action is its accessible name; the triangle is drawn in the text colour.
    """

    def __init__(
        self, name: str, up: bool, *, double: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("kind", "secondary")
        self.setProperty("role", "button")
        self.setAutoDefault(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._up = up
        self._double = double  # two triangles: a bigger step (ten years)
        self._colour = QColor("#0B3A75")

    def set_colour(self, colour: str) -> None:
        self._colour = QColor(colour)

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(self._colour))
        w, h = self.width(), self.height()
        half = min(w, h) * 0.26
        # with a label ("10 năm") the triangles sit in a square on the left, the text beside them
        cx = h / 2 if self.text() else w / 2
        centres = [h / 2 - half * 0.55, h / 2 + half * 0.55] if self._double else [h / 2]
        for cy in centres:
            depth = half * (0.55 if self._double else 0.8)
            tip, base = (cy - depth, cy + depth) if self._up else (cy + depth, cy - depth)
            painter.drawPolygon(
                QPolygonF([QPointF(cx, tip), QPointF(cx - half, base), QPointF(cx + half, base)])
            )
        painter.end()


class Editor(QWidget):
    """One way of answering a question. `load(view)` shows it; `clear()` forgets everything.

    Signals: `answered(object)` with the value the citizen gave (emitted on the GUI thread).
    """

    answered = Signal(object)

    def load(self, view: QuestionView) -> None:
        raise NotImplementedError

    def clear(self) -> None:
        raise NotImplementedError

    def apply(self, theme: Theme) -> None:
        """Sizes from the theme (called after `ui.theme.apply_theme` set fonts)."""


def form_stylesheet(theme: Theme) -> str:
    """Rules for the form widgets' own looks (the shell's stylesheet has no such roles)."""
    c, b, r = theme.colours, theme.border_px, theme.radius_px
    return f"""
QLabel[display="true"] {{
    background: {c.surface}; color: {c.text}; border: {b}px solid {c.text_muted};
    border-radius: {r}px; padding: 0px {theme.pad_px}px;
    qproperty-alignment: 'AlignLeft | AlignVCenter';
}}
QLabel[display="true"][centred="true"] {{ qproperty-alignment: AlignCenter; }}
QLabel[display="true"][muted="true"] {{ color: {c.text_muted}; }}
QLabel#QuestionError, QLabel#TextSideError {{
    background: {c.warning_bg}; color: {c.text}; border: {2 * b}px solid {c.text};
    border-radius: {r}px; padding: {b}px {theme.pad_px}px;
}}
QPushButton[key="true"] {{ padding: 0px {max(2, theme.pad_px // 4)}px; }}
QPushButton[tone="true"] {{ background: {c.selected_bg}; }}
"""


class Frame(QFrame):
    """A plain container (no frame) that can carry a background from the stylesheet."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
