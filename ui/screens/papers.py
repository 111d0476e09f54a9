"""Papers: copy the citizen's paper originals, one paper at a time, and hand them back.

Thin: `show_view(PapersView)` shows one state; the buttons emit `*_requested`. Three columns:
the checklist of papers (what is done, what is still missing — in words, not colour alone),
the page itself (live camera picture or the last page scanned, the thumbnail strip, the page
counter), and the big buttons: "Chụp trang", "Chụp lại", "Xong" (≥ 22 mm, from the theme).
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QColor, QImage, QPainter, QPen, QPixmap, QResizeEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.papers_checklist import PapersChecklist
from ui.papers_view import PapersView, Phase
from ui.theme import Theme
from ui.view_models import ScreenView
from ui.widgets import ScreenBase, kiosk_button, set_flag, text_label

CHECKLIST_WIDTH_MM = (105.0, 125.0)  # normal, big text: a long paper name wraps to 2 lines
THUMB_MM = (26.0, 36.0)  # an A4 page at 1:8, big enough to tell pages apart
MAX_THUMBS = 8  # the strip shows the last ones; the counter says how many in all


class _ImageLabel(QLabel):
    """Shows a QImage scaled into its own box, keeping the aspect; never grows the layout."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self._image: QImage | None = None
        self.edge: tuple[QColor, int] | None = None  # a frame drawn round the picture itself

    def set_image(self, image: QImage | None) -> None:
        self._image = image
        self._redraw()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._redraw()

    def _redraw(self) -> None:
        if self._image is None or self._image.isNull():
            self.setPixmap(QPixmap())
            return
        box = self.contentsRect().size()
        if box.width() <= 0 or box.height() <= 0:
            return
        scaled = self._image.scaled(
            box, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        pixmap = QPixmap.fromImage(scaled)
        if self.edge is not None:  # round the picture, not round the (wider) box it sits in
            colour, width = self.edge
            painter = QPainter(pixmap)
            painter.setPen(QPen(colour, width))
            half = width // 2
            painter.drawRect(pixmap.rect().adjusted(half, half, -half - 1, -half - 1))
            painter.end()
        self.setPixmap(pixmap)


class PapersScreen(ScreenBase):
    screen_id = "papers"
    capture_requested = Signal()  # "Chụp trang" (or "Thử lại" after a scanner problem)
    retake_requested = Signal()  # "Chụp lại": the last page again
    done_requested = Signal()  # "Xong": this paper is complete
    counter_requested = Signal()  # an optional paper: bring it to the counter instead
    next_requested = Signal()  # "Tiếp tục" after taking the original back

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("PapersScreen")
        self._theme: Theme | None = None
        self._thumbs: list[_ImageLabel] = []
        self._left = PapersChecklist(self)

        self._title = text_label("PapersTitle", "title")
        self._message = text_label("PapersMessage", "body")
        self._preview = _ImageLabel("PapersPreview", self)
        self._counter = text_label("PapersPageCounter", "button")
        self._strip = QHBoxLayout()
        self._strip.addStretch(1)
        self._strip.addStretch(1)
        middle = QVBoxLayout()
        middle.addWidget(self._title)
        middle.addWidget(self._message)
        middle.addWidget(self._preview, 1)
        self._filler = QWidget(self)  # keeps the strip low when there is no picture
        self._filler.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Expanding)
        middle.addWidget(self._filler, 1)
        middle.addLayout(self._strip)
        middle.addWidget(self._counter)

        self._capture = kiosk_button("PapersCapture", "primary")
        self._next = kiosk_button("PapersNext", "primary")
        self._retake = kiosk_button("PapersRetake", "secondary")
        self._done = kiosk_button("PapersDone", "secondary")
        self._to_counter = kiosk_button("PapersToCounter", "secondary")
        self._capture.clicked.connect(self.capture_requested)
        self._next.clicked.connect(self.next_requested)
        self._retake.clicked.connect(self.retake_requested)
        self._done.clicked.connect(self.done_requested)
        self._to_counter.clicked.connect(self.counter_requested)
        right = QVBoxLayout()
        right.addStretch(1)
        for button in (self._capture, self._next, self._retake, self._done, self._to_counter):
            right.addWidget(button)
        right.addStretch(1)

        self._layout = QHBoxLayout(self)
        self._layout.addWidget(self._left, 0)
        self._layout.addLayout(middle, 1)
        self._layout.addLayout(right, 0)

    # ---- ScreenBase --------------------------------------------------------------------------

    def apply(self, theme: Theme) -> None:
        self._theme = theme
        m, g = theme.margin_px, theme.gap_px
        self._layout.setContentsMargins(m, g * 2, m, g * 2)
        self._layout.setSpacing(g * 2)
        width_mm = CHECKLIST_WIDTH_MM[1 if theme.big_text else 0]
        self._left.setFixedWidth(round(width_mm * theme.px_per_mm))
        self._left.apply(theme)
        self._preview.edge = (QColor(theme.colours.rule), theme.border_px)
        c, b = theme.colours, theme.border_px
        self.setStyleSheet(
            f"""
QLabel#PapersMessage[problem="true"] {{
    background: {c.warning_bg}; border: {b}px solid {c.primary}; border-radius: {b * 3}px;
}}
QLabel#PapersPreview {{ background: transparent; border: none; }}
QLabel#PapersThumb {{ background: {c.surface}; border: {b}px solid {c.rule}; }}
QPushButton:disabled {{
    background: {c.background}; color: {c.rule}; border: {b}px dashed {c.rule};
}}
QFrame#PapersChecklistRow[current="true"] {{
    background: {c.selected_bg}; border-left: {3 * b}px solid {c.primary};
}}
"""
        )
        for thumb in self._thumbs:
            self._size_thumb(thumb)

    def show_view(self, view: ScreenView | PapersView) -> None:
        assert isinstance(view, PapersView)
        self._left.show_rows(
            view.checklist_title, view.checklist, view.scroll_up_label, view.scroll_down_label
        )
        self._title.setText(view.title)
        self._message.setText(view.message)
        set_flag(self._message, "problem", view.problem)
        room = self._theme.gap_px if view.problem and self._theme is not None else 0
        self._message.setContentsMargins(room, room, room, room)  # text off the box's edge
        self._preview.set_image(view.preview)
        self._preview.setVisible(view.preview is not None)  # no empty frame on the screen
        self._filler.setVisible(view.preview is None)
        self._counter.setVisible(bool(view.page_counter))
        self._show_thumbs(view.thumbnails)
        self._counter.setText(view.page_counter)
        pausing = view.phase in (Phase.RETURN_ORIGINAL, Phase.AT_COUNTER)  # "Tiếp tục" only
        has_pages = bool(view.thumbnails) and not pausing  # steady while the scanner works
        for button, label, visible, enabled in (
            (self._capture, view.capture_label, not pausing, view.can_capture),
            (self._next, view.next_label, pausing, view.can_next),
            # no page yet: nothing to retake or finish, so the buttons are not there at all
            (self._retake, view.retake_label, has_pages, view.can_retake),
            (self._done, view.done_label, has_pages, view.can_finish),
            (self._to_counter, view.counter_label, view.can_counter, view.can_counter),
        ):
            button.setText(label)
            button.setVisible(visible and view.phase is not Phase.FINISHED)
            button.setEnabled(enabled)

    def reset(self) -> None:
        """Nothing of the citizen stays: pictures, thumbnails, names, texts."""
        super().reset()
        self._preview.set_image(None)
        self._show_thumbs(())
        self._left.reset()

    # ---- parts -------------------------------------------------------------------------------

    def _show_thumbs(self, images: tuple[QImage, ...]) -> None:
        shown = images[-MAX_THUMBS:]
        while len(self._thumbs) > len(shown):
            thumb = self._thumbs.pop()
            self._strip.removeWidget(thumb)
            thumb.deleteLater()
        while len(self._thumbs) < len(shown):
            thumb = _ImageLabel("PapersThumb", self)
            # Fixed, not Ignored: a box layout overlaps fixed-size Ignored widgets
            thumb.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
            self._size_thumb(thumb)
            self._thumbs.append(thumb)
            self._strip.insertWidget(self._strip.count() - 1, thumb)  # before the right stretch
        for thumb, image in zip(self._thumbs, shown, strict=True):
            thumb.set_image(image)

    def _size_thumb(self, thumb: QLabel) -> None:
        ppm = self._theme.px_per_mm if self._theme is not None else 4.0
        thumb.setFixedSize(QSize(round(THUMB_MM[0] * ppm), round(THUMB_MM[1] * ppm)))

    # for tests: what the strip and the preview show now
    def thumbnail_count(self) -> int:
        return len(self._thumbs)

    def checklist(self) -> PapersChecklist:
        return self._left

    def preview_shown(self) -> bool:
        pixmap = self._preview.pixmap()
        return pixmap is not None and not pixmap.isNull()
