"""Rating: four big faces drawn by us, each with its words underneath ("Rất hài lòng" …
"Không hài lòng"), and "Bỏ qua". Thin: `show_view(RatingView)`; emits `face_requested(int)`
(the score) and `skip_requested()`. Each face is one button ≥ 20 mm (design §4); the mouth's
curve, the words and the colour all say the mood, so colour is never alone.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from ui.rating_view import RatingView
from ui.theme import Theme
from ui.view_models import ScreenView
from ui.widgets import ScreenBase, kiosk_button, text_label

FACE_MM = 34.0  # the drawn face; the whole button is taller (face + words)
FACE_BUTTON_MM = 62.0
INK = "#1B1B1B"
FILLS = {2: "#BFE3C5", 1: "#DDF0DF", -1: "#FBE3C4", -2: "#F6C9C4"}  # soft: the ink carries it


class FaceButton(QPushButton):
    """A face above its words; the whole button is the target."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "button")
        self.setProperty("kind", False)  # sized here, not by the theme's button kinds
        self.setProperty("face", True)
        self.setAutoDefault(False)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.mood = 0
        self.score = 0
        self._face_px = 120
        self._border = 3
        self._gap = 12

    def configure(self, mood: int, score: int, label: str) -> None:
        self.mood, self.score = mood, score
        self.setText(label)
        self.update()

    def apply(self, theme: Theme) -> None:
        self._face_px = round(FACE_MM * theme.px_per_mm)
        self._border = theme.border_px
        self._gap = theme.gap_px
        height = max(
            round(FACE_BUTTON_MM * theme.px_per_mm),
            self._face_px + math.ceil(theme.line_px["button"] * 2.4) + 4 * theme.gap_px,
        )
        self.setFixedHeight(height)
        self.setMinimumWidth(self._face_px + 2 * theme.gap_px)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        b = self._border
        box = QRectF(self.rect()).adjusted(b / 2, b / 2, -b / 2, -b / 2)
        painter.setPen(QPen(QColor("#0B3A75"), b))
        painter.setBrush(QColor("#DCE7F5" if self.isDown() else "#FFFFFF"))
        painter.drawRoundedRect(box, 2 * b, 2 * b)
        d = self._face_px
        top = self._gap + b
        face = QRectF((self.width() - d) / 2, top, d, d)
        self._draw_face(painter, face)
        painter.setPen(QColor(INK))
        painter.setFont(self.font())
        words = QRectF(
            b * 2, face.bottom() + b * 2, self.width() - b * 4, box.bottom() - face.bottom() - b * 3
        )
        painter.drawText(
            words, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.text()
        )
        painter.end()

    def _draw_face(self, painter: QPainter, face: QRectF) -> None:
        d = face.width()
        pen = QPen(QColor(INK), max(3.0, d * 0.05))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(QColor(FILLS.get(self.mood, "#FFFFFF")))
        painter.drawEllipse(face)
        painter.setBrush(QColor(INK))
        eye = d * 0.09
        for x in (0.34, 0.66):
            painter.drawEllipse(
                QPointF(face.left() + d * x, face.top() + d * 0.38), eye / 2, eye / 2
            )
        # mouth: a curve whose bend follows the mood (smile up, frown down)
        left = QPointF(face.left() + d * 0.28, face.top() + d * 0.66)
        right = QPointF(face.left() + d * 0.72, face.top() + d * 0.66)
        bend = {2: 0.22, 1: 0.11, -1: -0.10, -2: -0.20}.get(self.mood, 0.0) * d
        if self.mood < 0:  # a frown sits a little lower so it stays inside the face
            left.setY(left.y() + d * 0.06)
            right.setY(right.y() + d * 0.06)
        mouth = QPainterPath(left)
        mouth.quadTo(QPointF(face.center().x(), left.y() + bend), right)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(mouth)


class RatingScreen(ScreenBase):
    screen_id = "rating"
    face_requested = Signal(int)
    skip_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("RatingScreen")
        self._title = text_label("RatingTitle", "title")
        self._thanks = text_label("RatingThanks", "title")
        self.faces = [FaceButton(f"RatingFace{i}") for i in range(4)]
        for face in self.faces:
            face.clicked.connect(self._on_face)
        self._skip = kiosk_button("RatingSkip", "secondary")
        self._skip.clicked.connect(self.skip_requested)
        row = QHBoxLayout()
        for face in self.faces:
            row.addWidget(face, 1)
        self._row = row
        skip_row = QHBoxLayout()
        skip_row.addStretch(1)
        skip_row.addWidget(self._skip)
        skip_row.addStretch(1)
        self._layout = layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(self._title)
        layout.addLayout(row)
        layout.addWidget(self._thanks)
        layout.addLayout(skip_row)
        layout.addStretch(1)

    def apply(self, theme: Theme) -> None:
        m = theme.gap_px * 2
        self._layout.setContentsMargins(theme.margin_px, m, theme.margin_px, m)
        self._layout.setSpacing(theme.gap_px * 3)
        self._row.setSpacing(theme.gap_px * 2)
        for face in self.faces:
            face.setFont(theme.font("button"))
            face.apply(theme)

    def show_view(self, view: ScreenView | RatingView) -> None:
        assert isinstance(view, RatingView)
        self._title.setText(view.title)
        for button, choice in zip(self.faces, view.faces, strict=True):
            button.configure(choice.mood, choice.score, choice.label)
        asking = not view.thanks
        for button in self.faces:
            button.setVisible(asking)
        self._skip.setVisible(asking)
        self._skip.setText(view.skip_label)
        self._thanks.setText(view.thanks)
        self._thanks.setVisible(not asking)

    def _on_face(self) -> None:
        sender = self.sender()
        if isinstance(sender, FaceButton):
            self.face_requested.emit(sender.score)
