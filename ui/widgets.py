"""Small building blocks shared by the screens: themed labels, buttons, the screen base."""

from __future__ import annotations

from typing import Literal

from PySide6.QtWidgets import QFrame, QLabel, QPushButton, QSizePolicy, QWidget

from ui.theme import Theme
from ui.view_models import ScreenView


def text_label(
    name: str,
    role: str = "body",
    *,
    muted: bool = False,
    align: Literal["center", "left", "right"] = "center",
    parent: QWidget | None = None,
) -> QLabel:
    """A word-wrapped label; its font comes from the theme by `role`.

    Centred and plain text (citizen data is never parsed as rich text) by the stylesheet's
    `qproperty-*` rules, so building one does not need the `Qt` namespace (see ui.main_window).
    """
    label = QLabel(parent)
    label.setObjectName(name)
    label.setProperty("role", role)
    if muted:
        label.setProperty("muted", True)
    label.setWordWrap(True)
    if align != "center":
        label.setProperty("align", align)  # the stylesheet aligns it, vertically centred
    label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
    return label


def kiosk_button(name: str, kind: str, parent: QWidget | None = None) -> QPushButton:
    """A touch button; its size (≥ 22 mm) and look come from the theme by `kind`."""
    button = QPushButton(parent)
    button.setObjectName(name)
    button.setProperty("kind", kind)
    button.setProperty("role", "primary" if kind == "primary" else "button")
    button.setAutoDefault(False)  # and no focus ring on a touch screen: see the stylesheet
    return button


def set_flag(widget: QWidget, name: str, value: bool) -> None:
    """Change a property used by the stylesheet and re-polish so the look follows."""
    if widget.property(name) == value:
        return
    widget.setProperty(name, value)
    style = widget.style()
    style.unpolish(widget)
    style.polish(widget)


class ScreenBase(QFrame):
    """A thin screen: `show_view(view)` shows a frozen view model, `reset()` forgets it.

    A QFrame (without a frame) so the stylesheet can give it a background with no extra code.

    Screens emit `*_requested` signals for what the citizen asked; they never change screens or
    touch the session themselves.
    """

    screen_id = ""

    def apply(self, theme: Theme) -> None:
        """Theme-dependent layout (margins, spacing); fonts and button sizes are applied for
        every screen by `ui.theme.apply_theme`."""

    def show_view(self, view: ScreenView) -> None:
        raise NotImplementedError

    def reset(self) -> None:
        """Clear every text that came from a view model (so nothing of a citizen remains)."""
        for label in self.findChildren(QLabel):
            label.clear()
        for button in self.findChildren(QPushButton):
            button.setText("")
