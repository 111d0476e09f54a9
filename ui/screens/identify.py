"""Identify: place the card → reading → greeting, or a problem with its ways forward.

Thin: `show_view(IdentifyView)` shows one state; the buttons emit `*_requested`. The pictures
(the card on its reader at real size, the reading ring) give way first when a panel is short, so
text is never squeezed.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QHideEvent, QPainter, QPaintEvent, QPen, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from kiosk.ports.qr_source import QrPreview
from ui.camera_preview import CameraPreview
from ui.face_image import FacePhoto
from ui.theme import Theme
from ui.view_models import IdentifyView, ScreenView
from ui.widgets import ScreenBase, kiosk_button, text_label

CARD_MM = (85.6, 53.98)  # ID-1, the size of a CCCD card
CARD_AREA_MM = CARD_MM[1] + 22  # card plus the reader under it
RING_MM = 36.0
RING_STEP_MS = 40  # 25 frames a second: smooth, and one slow turn every 2.4 s
RING_STEP_DEG = 6


class _Picture(QWidget):
    """A decorative drawing that takes its room from the layout, never from the text."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self._ppm = 4.0
        self._ideal_mm = 40.0
        self._ink = self._paper = self._rule = self._fill = self._photo = QColor()

    def apply(self, theme: Theme) -> None:
        self._ppm = theme.px_per_mm
        c = theme.colours
        self._ink, self._paper, self._rule = QColor(c.primary), QColor(c.surface), QColor(c.rule)
        self._fill, self._photo = QColor(c.illustration_fill), QColor(c.selected_bg)
        self.setMinimumHeight(round(self._ideal_mm * 0.4 * self._ppm))
        self.updateGeometry()

    def sizeHint(self) -> QSize:
        return QSize(round(self._ideal_mm * self._ppm), round(self._ideal_mm * self._ppm))


class CardMark(_Picture):
    """An ID card drawn at its real size (smaller only if the panel is short), on a reader."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("IdentifyCardMark", parent)
        self._ideal_mm = CARD_AREA_MM

    def paintEvent(self, event: QPaintEvent) -> None:
        p = self._ppm * min(1.0, self.height() / (CARD_AREA_MM * self._ppm))
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        cx = self.width() / 2
        bottom = self.height() / 2 + CARD_AREA_MM * p / 2
        reader = QRectF(cx - 62 * p, bottom - 16 * p, 124 * p, 12 * p)
        painter.setPen(QPen(self._rule, max(2.0, 0.6 * p)))
        painter.setBrush(self._fill)
        painter.drawRoundedRect(reader, 3 * p, 3 * p)
        w, h = CARD_MM[0] * p, CARD_MM[1] * p
        card = QRectF(cx - w / 2, reader.top() - h - 3 * p, w, h)
        painter.setPen(QPen(self._ink, max(3.0, 0.8 * p)))
        painter.setBrush(self._paper)
        painter.drawRoundedRect(card, 3.2 * p, 3.2 * p)
        painter.setBrush(self._photo)
        painter.setPen(Qt.PenStyle.NoPen)
        photo = QRectF(card.left() + 6 * p, card.top() + 12 * p, 20 * p, 26 * p)
        painter.drawRoundedRect(photo, 1.5 * p, 1.5 * p)
        painter.setBrush(self._ink)
        for i, length in enumerate((28.0, 36.0, 40.0)):  # the first stops short of the QR
            line = QRectF(card.left() + 32 * p, card.top() + (15 + 9 * i) * p, length * p, 3 * p)
            painter.drawRoundedRect(line, 1.5 * p, 1.5 * p)
        # the QR in the corner, where the scanner looks
        painter.drawRect(QRectF(card.right() - 17 * p, card.top() + 5 * p, 12 * p, 12 * p))
        painter.end()


class ReadingRing(_Picture):
    """A slowly turning arc: the card is being read. Its timer runs only while it is shown."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("IdentifyReadingRing", parent)
        self._ideal_mm = RING_MM
        self._angle = 0
        self.timer = QTimer(self)
        self.timer.setObjectName("IdentifyReadingTimer")
        self.timer.setInterval(RING_STEP_MS)
        self.timer.timeout.connect(self._step)

    def showEvent(self, event: QShowEvent) -> None:
        self.timer.start()
        super().showEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        self.timer.stop()
        super().hideEvent(event)

    def _step(self) -> None:
        self._angle = (self._angle + RING_STEP_DEG) % 360
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        pen_w = max(4.0, 2.5 * self._ppm)
        side = min(self.width(), self.height(), round(RING_MM * self._ppm)) - pen_w
        box = QRectF((self.width() - side) / 2, (self.height() - side) / 2, side, side)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(self._fill, pen_w))
        painter.drawEllipse(box)
        pen = QPen(self._ink, pen_w)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.drawArc(box, -self._angle * 16, 100 * 16)  # Qt angles are 1/16°, anticlockwise
        painter.end()


class IdentifyScreen(ScreenBase):
    screen_id = "identify"
    use_qr_requested = Signal()
    use_mrz_requested = Signal()
    ask_staff_requested = Signal()
    retry_requested = Signal()
    continue_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("IdentifyScreen")
        self._title = text_label("IdentifyTitle", "title")
        self._name = text_label("IdentifyName", "display")
        self._id_line = text_label("IdentifyIdLine", "header")
        self._hint = text_label("IdentifyHint", "body", muted=True)
        self._note = text_label("IdentifyNote", "body", muted=True)
        self.photo = FacePhoto()  # the chip's face beside the name: "yes, that is my card"
        self._card = CardMark()
        self._ring = ReadingRing()
        self._camera = CameraPreview()  # replaces the card picture when a camera can show itself
        self._buttons: dict[str, QPushButton] = {
            "use_qr": kiosk_button("IdentifyUseQr", "secondary", self),
            "use_mrz": kiosk_button("IdentifyUseMrz", "secondary", self),
            "ask_staff": kiosk_button("IdentifyAskStaff", "secondary", self),
            "retry": kiosk_button("IdentifyRetry", "secondary", self),
            "continue": kiosk_button("IdentifyContinue", "primary", self),
        }
        self._buttons["use_qr"].clicked.connect(self.use_qr_requested)
        self._buttons["use_mrz"].clicked.connect(self.use_mrz_requested)
        self._buttons["ask_staff"].clicked.connect(self.ask_staff_requested)
        self._buttons["retry"].clicked.connect(self.retry_requested)
        self._buttons["continue"].clicked.connect(self.continue_requested)
        self._grid = QGridLayout()
        self._row = row = QHBoxLayout()  # keeps the grid's columns tight and centred
        row.addStretch(1)
        row.addLayout(self._grid)
        row.addStretch(1)
        self._theme: Theme | None = None
        self._order: list[str] = []

        self._layout = layout = QVBoxLayout(self)
        layout.addStretch(2)
        layout.addWidget(self._title)
        self._greeting = greeting = QHBoxLayout()  # photo | name over masked ID, centred
        column = QVBoxLayout()
        column.addStretch(1)
        column.addWidget(self._name)
        column.addWidget(self._id_line)
        column.addStretch(1)
        greeting.addStretch(1)
        greeting.addWidget(self.photo)
        greeting.addLayout(column)
        greeting.addStretch(1)
        layout.addLayout(greeting)
        for widget in (self._hint, self._note):
            layout.addWidget(widget)
        layout.addWidget(self._card, 4)
        layout.addWidget(self._ring, 4)
        layout.addWidget(self._camera, 4, Qt.AlignmentFlag.AlignHCenter)
        self._above_buttons = QSpacerItem(0, 0)
        layout.addSpacerItem(self._above_buttons)
        layout.addLayout(row)
        layout.addStretch(3)
        for hidden in (self._name, self._id_line, self._note, self._card, self._ring, self._camera):
            hidden.setVisible(False)
        for b in self._buttons.values():
            b.setVisible(False)

    def apply(self, theme: Theme) -> None:
        self._theme = theme
        m = theme.gap_px * 2
        self._layout.setContentsMargins(theme.side_margin_px, m, theme.side_margin_px, m)
        self._layout.setSpacing(theme.gap_px * 2)
        self._grid.setSpacing(theme.gap_px * 2)
        self._above_buttons.changeSize(
            0, theme.gap_px * 2, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Fixed
        )
        self._layout.invalidate()
        self._card.apply(theme)
        self._ring.apply(theme)
        self._camera.apply(theme)
        self._greeting.setSpacing(theme.gap_px * 3)
        self.photo.apply(theme)
        self._arrange()

    def show_view(self, view: ScreenView) -> None:
        assert isinstance(view, IdentifyView)
        self.setProperty("phase", view.phase)
        for label, text in (
            (self._title, view.title),
            (self._name, view.name),
            (self._id_line, view.id_line),
            (self._hint, view.hint),
            (self._note, view.note),
        ):
            label.setText(text)
            label.setVisible(bool(text))
        self._card.setVisible(view.picture == "card")
        self._ring.setVisible(view.picture == "reading")
        self._camera.setVisible(view.picture == "camera")
        if view.picture != "camera":
            self._camera.wipe()
        self.photo.show_view(view)
        self._fit_greeting()
        self._order = [a.way for a in view.actions]
        for way, b in self._buttons.items():
            b.setVisible(way in self._order)
        for action in view.actions:
            self._buttons[action.way].setText(action.label)
        self._arrange()

    def reset(self) -> None:
        super().reset()
        self.photo.wipe()
        self._ring.setVisible(False)
        self._camera.wipe()
        self._camera.setVisible(False)
        self._order = []
        for b in self._buttons.values():
            b.setVisible(False)

    def show_preview(self, preview: QrPreview | None) -> None:
        """A camera frame (GUI thread), or None to clear it; ignored unless the preview shows."""
        self._camera.show_preview(preview)

    def _fit_greeting(self) -> None:
        """Name and ID keep one line each when the panel has room: the centring stretches beside
        them would otherwise win the width and wrap them early."""
        room = 0
        if self._theme is not None:
            room = self._theme.panel_width_px - 2 * self._theme.side_margin_px
            if self.photo.holds_face:
                room -= self.photo.width_px + self._greeting.spacing()
        beside = "left" if self.photo.holds_face else None  # lines start at the photo's edge
        for label in (self._name, self._id_line):
            natural = label.fontMetrics().horizontalAdvance(label.text()) + 2
            width = max(0, min(natural, room)) if label.text() else 0
            label.setMinimumWidth(width)
            # nested in the row, a wrapped label's height-for-width is not passed up: say it
            label.setMinimumHeight(label.heightForWidth(width) if width else 0)
            if label.property("align") != beside:
                label.setProperty("align", beside)
                label.style().unpolish(label)
                label.style().polish(label)

    def _arrange(self) -> None:
        """One row when the buttons fit the panel's width, else as many columns as fit."""
        while self._grid.count():
            self._grid.takeAt(0)
        buttons = [self._buttons[w] for w in self._order]
        if not buttons or self._theme is None:
            return
        t = self._theme
        room = t.panel_width_px - 2 * t.side_margin_px
        widths = sorted(
            (max(b.sizeHint().width(), b.minimumWidth()) for b in buttons), reverse=True
        )
        columns = len(buttons)
        while columns > 1 and sum(widths[:columns]) + (columns - 1) * 2 * t.gap_px > room:
            columns -= 1
        for i, b in enumerate(buttons):
            row, column = divmod(i, columns)
            last_alone = i == len(buttons) - 1 and column == 0 and row > 0
            span = columns if last_alone else 1  # an odd last button sits in the middle
            self._grid.addWidget(b, row, column, 1, span, Qt.AlignmentFlag.AlignHCenter)
