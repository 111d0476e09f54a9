"""Choose a procedure: life-event tiles (picture, words under it) → that group's procedures as big
rows; or "Tìm thủ tục" with the kiosk's own Vietnamese keyboard (never the system one).

Thin: `show_view(ChooseView)`; taps emit `group_requested(key)`, `procedure_requested(id)`,
`search_requested()`, `query_changed(text)`. Scanning a procedure's QR is handled by the
controller (the QR source), not here.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtGui import QFontMetrics, QPainter, QPaintEvent, QResizeEvent
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QVBoxLayout,
    QWidget,
)

from ui.forms.keyboard import VietKeyboard
from ui.forms.views import FormWords
from ui.icons import icon_path
from ui.procedure_fit import fits
from ui.theme import Theme
from ui.view_models import ChooseView, ScreenView
from ui.widgets import ScreenBase, kiosk_button, set_flag, text_label

TILE_MM = (92.0, 52.0)  # a tile; wider when its words need it (big text), never 3 wider than fit
SHORTER_TILES_MM = (46.0, 40.0, 34.0, 30.0)  # a short panel: the pictograms shrink first
ROWS_SHOWN = 4  # procedure rows on one screen (a group has fewer; search shows the best)
SEARCH_ROWS = 1  # above the keyboard in big text (it needs the room); one more otherwise


class TileButton(QPushButton):
    """A tile: the pictogram above, the words under it, both drawn on the themed button face.
    The words are also the button's text (for tests and accessibility) but drawn by us."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "button")
        self.setProperty("kind", "tile")
        self.setAutoDefault(False)
        self._svg: QSvgRenderer | None = None
        self.key = ""

    def set_tile(self, key: str, label: str, icon: str) -> None:
        self.key = key
        self.setText(label)
        path = icon_path(icon)
        self._svg = QSvgRenderer(str(path), self) if path.exists() else None
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        opt = QStyleOptionButton()
        self.initStyleOption(opt)
        opt.text = ""
        self.style().drawControl(QStyle.ControlElement.CE_PushButton, opt, painter, self)
        metrics = self.fontMetrics()
        pad = max(8, self.height() // 16)
        one_line = metrics.horizontalAdvance(self.text()) <= self.width() - 2 * pad
        lines = 1 if one_line else 2
        words_h = lines * metrics.height()
        words = QRectF(pad, self.height() - words_h - pad, self.width() - 2 * pad, words_h)
        if self._svg is not None:
            side = max(0.0, min(self.width() * 0.6, words.top() - 2 * pad))
            self._svg.render(painter, QRectF((self.width() - side) / 2, pad, side, side))
        painter.setFont(self.font())
        painter.setPen(self.palette().buttonText().color())
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(words, int(flags), self.text())
        painter.end()


class ChooseScreen(ScreenBase):
    screen_id = "choose"
    group_requested = Signal(str)
    procedure_requested = Signal(str)
    search_requested = Signal()
    query_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ChooseScreen")
        self._title = text_label("ChooseTitle", "title")
        self._hint = text_label("ChooseHint", "body", muted=True)
        self._query = text_label("ChooseQuery", "title", align="left")
        self._query.setProperty("field", True)
        self._empty = text_label("ChooseEmpty", "body", muted=True)
        self.tiles = [TileButton(f"ChooseTile{i}", self) for i in range(6)]
        for tile in self.tiles:
            tile.clicked.connect(self._on_tile)
        self.rows = [kiosk_button(f"ChooseRow{i}", "secondary", self) for i in range(ROWS_SHOWN)]
        for row in self.rows:
            row.setProperty("row", True)
            row.clicked.connect(self._on_row)
        self._row_ids: list[str] = []
        self.search = kiosk_button("ChooseSearch", "secondary", self)
        self.search.clicked.connect(self.search_requested)
        self.keyboard = VietKeyboard("ChooseKeyboard", self)
        self.keyboard.changed.connect(self._on_typed)
        self._words: FormWords | None = None
        self._search_hint = ""
        self._theme: Theme | None = None
        self._spacing = 0
        self._two_lines = 0
        self._mode = ""
        self._showing_query = ""

        self._grid = QGridLayout()
        grid_row = QHBoxLayout()
        grid_row.addStretch(1)
        grid_row.addLayout(self._grid)
        grid_row.addStretch(1)
        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(self._title)
        layout.addWidget(self._hint)
        layout.addWidget(self._query)
        layout.addLayout(grid_row)
        for row in self.rows:
            layout.addWidget(row)
        layout.addWidget(self._empty)
        layout.addStretch(1)
        layout.addWidget(self.search, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addWidget(self.keyboard)
        for i, tile in enumerate(self.tiles):
            self._grid.addWidget(tile, i // 3, i % 3)

    def apply(self, theme: Theme) -> None:
        m = theme.gap_px * 2
        self._layout.setContentsMargins(theme.side_margin_px, m, theme.side_margin_px, m)
        self._spacing = theme.gap_px * 2
        self._layout.setSpacing(self._spacing)
        self._grid.setSpacing(theme.gap_px * 3)
        self._theme = theme
        self._size_tiles()
        self._two_lines = max(
            theme.target_px, round(2 * theme.line_px["button"] + 2 * theme.gap_px)
        )
        self.keyboard.apply(theme)
        c = theme.colours
        self._query.setStyleSheet(
            f"QLabel#ChooseQuery {{ background: {c.surface}; border: {theme.border_px}px solid "
            f"{c.rule}; border-radius: {theme.radius_px}px; padding: 0px {theme.pad_px}px; }}"
        )
        self._query.setMinimumHeight(theme.target_px)

    def set_words(self, words: FormWords) -> None:
        """The keyboard's fixed words (tone names, Xóa, Xong), put on its keys each time the
        search opens (a wipe clears every button's text)."""
        self._words = words

    def show_view(self, view: ScreenView) -> None:
        assert isinstance(view, ChooseView)
        self._mode = view.mode
        self._title.setText(view.title)
        self._title.setVisible(view.mode != "search")  # the box below says it while empty
        self._search_hint = view.title if view.mode == "search" else ""
        self._hint.setText(view.hint)
        self._hint.setVisible(bool(view.hint))
        tiles = view.mode == "tiles"
        for tile, t in zip(self.tiles, view.tiles, strict=False):
            tile.set_tile(t.key, t.label, t.icon)
        for i, tile in enumerate(self.tiles):
            tile.setVisible(tiles and i < len(view.tiles))
        searching = view.mode == "search"
        big = self._theme is not None and self._theme.big_text
        shown = (SEARCH_ROWS if big else SEARCH_ROWS + 1) if searching else ROWS_SHOWN
        self._row_ids = [r.procedure_id for r in view.rows[:shown]]
        for i, row in enumerate(self.rows):
            row.setMinimumHeight(
                self._theme.target_px if searching and self._theme else self._two_lines
            )
            spec = view.rows[i] if i < min(shown, len(view.rows)) else None
            row.setVisible(spec is not None)
            sep = " · " if searching else "\n"  # one line above the keyboard: it needs the room
            row.setText(f"{spec.title}{sep}{spec.detail}" if spec is not None else "")
        self._empty.setText(view.empty)
        self._empty.setVisible(bool(view.empty))
        self.search.setText(view.search_label)
        self.search.setVisible(tiles and bool(view.search_label))
        self._query.setVisible(searching)
        self._layout.setSpacing(self._spacing // 2 if searching else self._spacing)
        if self._theme is not None:  # the keyboard takes the panel's width, like the forms'
            side = self._theme.margin_px if searching else self._theme.side_margin_px
            m = self._theme.gap_px * 2
            self._layout.setContentsMargins(side, m, side, m)
        self._show_query(view.query)
        if searching and not self.keyboard.isVisibleTo(self) and self._words is not None:
            self.keyboard.configure(self._words, max_length=40, capitalize_words=False)
        self.keyboard.setVisible(searching)
        if searching and view.query != self.keyboard.text():
            self._showing_query = view.query
            self.keyboard.set_text(view.query)
        self._size_tiles()

    def _size_tiles(self) -> None:
        """One size for all tiles: TILE_MM, wider when the longest words need it (big text)."""
        theme = self._theme
        if theme is None:
            return
        w, h = (round(mm * theme.px_per_mm) for mm in TILE_MM)
        metrics = QFontMetrics(theme.font("button"))
        longest = max((metrics.horizontalAdvance(t.text()) for t in self.tiles), default=0)
        room = (theme.panel_width_px - 2 * theme.side_margin_px - 2 * 3 * theme.gap_px) // 3
        w = min(max(w, longest + 2 * theme.pad_px), room)
        for tile in self.tiles:
            tile.setFixedSize(w, h)
        if self._mode == "search" and not fits(self, self._layout):
            self.rows[1].setVisible(False)  # a short panel: the best match only
        if self._mode != "tiles" or fits(self, self._layout):
            return
        self._hint.setVisible(False)  # a short panel: the voice says it, the tiles need the room
        for mm in SHORTER_TILES_MM:
            if fits(self, self._layout):
                return
            for tile in self.tiles:
                tile.setFixedSize(w, round(mm * theme.px_per_mm))

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self._mode == "tiles":
            self._hint.setVisible(bool(self._hint.text()))
            self._size_tiles()

    def reset(self) -> None:
        super().reset()  # clears every button's text, the keyboard's keys too (see set_words)
        self._row_ids = []
        if self.keyboard.text():
            self.keyboard.set_text("")

    def _on_tile(self) -> None:
        tile = self.sender()
        if isinstance(tile, TileButton) and tile.key:
            self.group_requested.emit(tile.key)

    def _on_row(self) -> None:
        row = self.sender()
        if row in self.rows:
            i = self.rows.index(row)
            if i < len(self._row_ids):
                self.procedure_requested.emit(self._row_ids[i])

    def _show_query(self, text: str) -> None:
        """What was typed, or (muted) what to type while nothing is."""
        self._query.setText(text or self._search_hint)
        set_flag(self._query, "muted", not text)

    def _on_typed(self, text: str) -> None:
        self._show_query(text)
        if self._mode == "search" and text != self._showing_query:
            self._showing_query = text
            self.query_changed.emit(text)
