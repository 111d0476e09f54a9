"""Identify (placeholder until the card-reader issue): the instruction and a real-size card."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from ui.theme import Theme
from ui.view_models import IdentifyView, ScreenView
from ui.widgets import ScreenBase, text_label

CARD_MM = (85.6, 53.98)  # ID-1, the size of a CCCD card


class CardMark(QWidget):
    """An ID card drawn at its real size on the panel, resting on a reader."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("IdentifyCardMark")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._ppm = 4.0
        self._ink = self._paper = self._rule = self._fill = self._photo = QColor()

    def apply(self, theme: Theme) -> None:
        self._ppm = theme.px_per_mm
        self._ink = QColor(theme.colours.primary)
        self._paper = QColor(theme.colours.surface)
        self._rule = QColor(theme.colours.rule)
        self._fill = QColor(theme.colours.illustration_fill)
        self._photo = QColor(theme.colours.selected_bg)
        self.setFixedHeight(round((CARD_MM[1] + 22) * self._ppm))

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self._ppm
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        cx = self.width() / 2
        # the reader: a wide flat slab under the card
        reader = QRectF(cx - 62 * p, self.height() - 16 * p, 124 * p, 12 * p)
        painter.setPen(QPen(self._rule, max(2.0, 0.6 * p)))
        painter.setBrush(self._fill)
        painter.drawRoundedRect(reader, 3 * p, 3 * p)
        # the card, at its real size, just above the reader
        w, h = CARD_MM[0] * p, CARD_MM[1] * p
        card = QRectF(cx - w / 2, reader.top() - h - 3 * p, w, h)
        painter.setPen(QPen(self._ink, max(3.0, 0.8 * p)))
        painter.setBrush(self._paper)
        painter.drawRoundedRect(card, 3.2 * p, 3.2 * p)
        # a photo box and three text lines, as on the card
        painter.setBrush(self._photo)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawRoundedRect(
            QRectF(card.left() + 6 * p, card.top() + 12 * p, 20 * p, 26 * p), 1.5 * p, 1.5 * p
        )
        painter.setBrush(self._ink)
        for i, length in enumerate((44.0, 36.0, 40.0)):
            painter.drawRoundedRect(
                QRectF(card.left() + 32 * p, card.top() + (15 + 9 * i) * p, length * p, 3 * p),
                1.5 * p,
                1.5 * p,
            )
        painter.end()


class IdentifyScreen(ScreenBase):
    screen_id = "identify"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("IdentifyScreen")
        self._title = text_label("IdentifyTitle", "title")
        self._card = CardMark()
        self._layout = layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self._title)
        layout.addWidget(self._card)
        layout.addStretch(3)

    def apply(self, theme: Theme) -> None:
        m = theme.gap_px * 2
        self._layout.setContentsMargins(theme.side_margin_px, m, theme.side_margin_px, m)
        self._layout.setSpacing(theme.gap_px * 4)
        self._card.apply(theme)

    def show_view(self, view: ScreenView) -> None:
        assert isinstance(view, IdentifyView)
        self._title.setText(view.title)
