"""One question per screen (contract 5): the question, a huge input, and nothing else.

Pre-filled values first ask "Đúng / Sửa": Đúng answers the value in one tap; Sửa opens the editor
with the value loaded (and says so by `edit_requested`). The editor is picked by FieldKind:
keyboard (TEXT), date wheels, choice list, number pad (NUMBER, ID_NUMBER, PHONE), yes/no, and the
address picker. Nothing here opens the platform's input method: every input is our own buttons
and read-only displays.

Signals (GUI thread): `answered(object)` — str, datetime.date, int, bool, a choice value or an
`Address`; `edit_requested()` — the citizen chose Sửa on a pre-filled value.
"""

from __future__ import annotations

import math

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QHBoxLayout, QStackedWidget, QVBoxLayout, QWidget

from kiosk.domain.procedure import FieldKind
from ui.forms.address_picker import AddressBookLike, AddressPicker
from ui.forms.base import (
    Editor,
    display_label,
    form_stylesheet,
    guard_properties,
    key_gap_px,
    make_button,
)
from ui.forms.choice_list import ChoiceList
from ui.forms.date_wheels import DateWheels
from ui.forms.keyboard import VietKeyboard
from ui.forms.number_pad import NumberPad
from ui.forms.views import QuestionView
from ui.forms.yes_no import YesNo
from ui.theme import Theme
from ui.view_models import ScreenView
from ui.widgets import ScreenBase, text_label

CONFIRM_BUTTON_MM = 90.0
TEXT_DISPLAY_MIN_MM = 140.0  # room for a name of four words in the title type


class TextEditor(Editor):
    """A read-only display of what is typed, above the Vietnamese keyboard (Xong answers)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("TextEditor")
        self.display = display_label("TextDisplay", "title")
        self.display.setProperty("data_field", True)  # what the citizen typed
        # a short screen folds the question's hint beside the display (QuestionScreen._fit)
        self.side_hint = text_label("TextSideHint", "body", muted=True, align="left")
        self.side_hint.hide()
        self.side_error = text_label("TextSideError", "body", align="left")  # the error box
        self.side_error.hide()
        self.keyboard = VietKeyboard("Keyboard", self)
        self.keyboard.changed.connect(self.display.setText)
        self.keyboard.submitted.connect(self._on_submitted)
        self._row = row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.display, 1)
        row.addWidget(self.side_hint)
        row.addWidget(self.side_error)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.keyboard, 1)  # keys grow (16 → 22 mm) into the room there is

    def set_side_hint(self, hint: str, *, error: bool = False) -> None:
        """`hint` beside the display ("" hides it); an error in the error box."""
        for label, shown in ((self.side_hint, not error), (self.side_error, error)):
            label.setText(hint if shown else "")
            label.setVisible(bool(hint) and shown)

    def load(self, view: QuestionView) -> None:
        self.keyboard.configure(
            view.words,
            max_length=view.max_length,
            capitalize_words=view.capitalize_words,
            digits=view.digits,
        )
        self.keyboard.set_text(view.value if isinstance(view.value, str) else "")

    def clear(self) -> None:
        self.keyboard.clear()
        self.display.clear()
        self.set_side_hint("")

    def _on_submitted(self, text: str) -> None:
        # an empty Xong answers "": the controller's validation says it is needed (spoken,
        # politely) or skips an optional field, so nothing is decided here
        self.answered.emit(text)

    def apply(self, theme: Theme) -> None:
        self._layout.setSpacing(key_gap_px(theme))
        self._row.setSpacing(theme.gap_px)
        self.display.setFixedHeight(math.ceil(theme.line_px["title"]) + 2 * theme.border_px)
        self.display.setMinimumWidth(round(TEXT_DISPLAY_MIN_MM * theme.px_per_mm))
        self.keyboard.apply(theme)


class ConfirmPanel(Editor):
    """The pre-filled value, big, with "Đúng" (primary) and "Sửa"."""

    edit = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ConfirmPanel")
        self.prompt = text_label("ConfirmPrompt", "body", muted=True)
        self.value_label = text_label("ConfirmValue", "display")
        self.value_label.setProperty("data_field", True)  # the citizen's own value
        self.correct = make_button("ConfirmCorrect", "primary")
        self.edit_button = make_button("ConfirmEdit", "secondary")
        self._value: object = None
        self.correct.clicked.connect(self._on_correct)
        self.edit_button.clicked.connect(self.edit)
        self._buttons = buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.correct)
        buttons.addWidget(self.edit_button)
        buttons.addStretch(1)
        self._layout = layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addStretch(1)
        layout.addWidget(self.prompt)
        layout.addWidget(self.value_label)
        layout.addLayout(buttons)
        layout.addStretch(2)

    def load(self, view: QuestionView) -> None:
        self._value = view.value
        self.prompt.setText(view.words.confirm)
        self.value_label.setText(view.value_text)
        self.correct.setText(view.words.correct)
        self.edit_button.setText(view.words.edit)

    def clear(self) -> None:
        self._value = None
        self.value_label.clear()

    def _on_correct(self) -> None:
        if self._value is not None:
            self.answered.emit(self._value)

    def apply(self, theme: Theme) -> None:
        self._layout.setSpacing(theme.gap_px * 2)
        self._buttons.setSpacing(theme.gap_px * 6)
        width = round(CONFIRM_BUTTON_MM * theme.px_per_mm)
        for button in (self.correct, self.edit_button):
            button.setMinimumSize(width, theme.primary_height_px)
        self.edit_button.setProperty("role", "primary")


EDITOR_OF_KIND = {
    FieldKind.TEXT: "text",
    FieldKind.DATE: "date",
    FieldKind.CHOICE: "choice",
    FieldKind.NUMBER: "number",
    FieldKind.ID_NUMBER: "number",
    FieldKind.PHONE: "number",
    FieldKind.YES_NO: "yes_no",
    FieldKind.ADDRESS: "address",
}


class QuestionScreen(ScreenBase):
    screen_id = "question"
    answered = Signal(object)
    edit_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("QuestionScreen")
        self._view: QuestionView | None = None
        self.step = text_label("QuestionStep", "body", muted=True, align="left")
        self.step.setWordWrap(False)
        self.question = text_label("QuestionText", "title", align="left")
        self.hint = text_label("QuestionHint", "body", muted=True, align="left")
        self.error = text_label("QuestionError", "body", align="left")
        self.confirm = ConfirmPanel()
        self.editors: dict[str, Editor] = {
            "text": TextEditor(),
            "date": DateWheels(),
            "choice": ChoiceList(),
            "number": NumberPad(),
            "yes_no": YesNo(),
            "address": AddressPicker(),
        }
        self._stack = QStackedWidget(self)
        self._stack.addWidget(self.confirm)
        for editor in self.editors.values():
            self._stack.addWidget(editor)
            editor.answered.connect(self._on_answered)
        self.confirm.answered.connect(self._on_answered)
        self.confirm.edit.connect(self._on_edit)
        self._top = top = QHBoxLayout()
        top.addWidget(self.step, 0, Qt.AlignmentFlag.AlignTop)
        top.addWidget(self.question, 1)
        self._layout = layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.hint)
        layout.addWidget(self.error)
        layout.addWidget(self._stack, 1)
        guard_properties(self)

    def set_address_book(self, book: AddressBookLike) -> None:
        """Given once by the composition root (contract 4); the picker searches it in memory."""
        address = self.editors["address"]
        assert isinstance(address, AddressPicker)
        address.set_book(book)

    # ---- view ----------------------------------------------------------------------------

    def show_view(self, view: ScreenView | QuestionView) -> None:
        assert isinstance(view, QuestionView)
        self._view = view
        self.step.setText(view.step)
        self.step.setVisible(bool(view.step))
        self.question.setText(view.question)
        self.error.setText(view.error)
        self.hint.setText(view.hint)
        if view.prefilled and view.value is not None:
            self.confirm.load(view)
            self._stack.setCurrentWidget(self.confirm)
        else:
            self._open_editor(view)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        """The hint (or the error) in its own row, or — when the keyboard would not fit under
        it (a 15.6 in panel in big text) — beside the typed text, so no key shrinks below 16 mm.
        """
        view = self._view
        text = self.editors["text"]
        assert isinstance(text, TextEditor)
        note = self.error if view is not None and view.error else self.hint
        words = (view.error or view.hint) if view is not None else ""
        fold = False
        if words and self.current_editor() is text and self.height() > 0:
            m = self._layout.contentsMargins()
            need = (
                m.top()
                + m.bottom()
                + self._top.sizeHint().height()
                + note.heightForWidth(max(1, self.width() - m.left() - m.right()))
                + text.minimumSizeHint().height()
                + 2 * self._layout.spacing()
            )
            fold = need > self.height()
        # the error replaces the hint: it says how to fix the answer
        self.error.setVisible(note is self.error and bool(words) and not fold)
        self.hint.setVisible(note is self.hint and bool(words) and not fold)
        text.set_side_hint(words if fold else "", error=note is self.error)

    def current_editor(self) -> QWidget:
        widget = self._stack.currentWidget()
        assert widget is not None
        return widget

    def _open_editor(self, view: QuestionView) -> None:
        editor = self.editors[EDITOR_OF_KIND[view.kind]]
        editor.load(view)
        self._stack.setCurrentWidget(editor)

    def _on_edit(self) -> None:
        if self._view is not None:
            self.edit_requested.emit()
            self._open_editor(self._view)
            self._fit()

    def _on_answered(self, value: object) -> None:
        self.answered.emit(value)

    def reset(self) -> None:
        """Forget the citizen: every editor's data, the value, every label and button text."""
        self._view = None
        self.confirm.clear()
        for editor in self.editors.values():
            editor.clear()
        self._stack.setCurrentWidget(self.confirm)
        super().reset()

    # ---- theme ---------------------------------------------------------------------------

    def apply(self, theme: Theme) -> None:
        self.setStyleSheet(form_stylesheet(theme))
        m = key_gap_px(theme) // 2  # the bars already frame the screen; keep the height for input
        self._layout.setContentsMargins(theme.margin_px, m, theme.margin_px, m)
        self._layout.setSpacing(key_gap_px(theme))
        self._top.setSpacing(theme.gap_px * 3)
        self.confirm.apply(theme)
        for editor in self.editors.values():
            editor.apply(theme)
