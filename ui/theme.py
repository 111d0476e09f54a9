"""Theme tokens computed from the configured panel's millimetres (design §4).

Every size is in millimetres first and turned into pixels with the panel's own pixels-per-mm
(`width_px / width_mm` from settings), never with a DPI the window system guesses. Font sizes are
found by measuring the cap height of the bundled font with QFontMetricsF, not by assuming a ratio.

Widgets opt in by properties: `role` (a text role below) picks the font, `kind` picks the size and
look of a button. `apply_theme(root, theme)` walks a widget tree and applies both.
"""

from __future__ import annotations

import math

import msgspec
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QAbstractButton, QWidget

from kiosk.settings.schema import Panel

# Cap heights in mm: (normal, big text). Body ≥ 5 mm, big text ≥ 7.5 mm (design §4).
CAP_MM: dict[str, tuple[float, float]] = {
    "body": (5.0, 7.5),
    "header": (5.0, 7.5),
    "button": (5.5, 7.5),
    "primary": (6.5, 8.5),  # the label of a screen's one main action
    "title": (8.0, 10.0),
    "display": (11.0, 13.0),
}
BOLD_ROLES = frozenset({"button", "primary", "title", "display", "header"})

TARGET_MM = 22.0  # primary touch target (≥ 20 mm)
PRIMARY_HEIGHT_MM = 28.0  # the one main action of a screen
GAP_MM = 4.0  # between targets (≥ 3 mm)
MARGIN_MM = 12.0  # screen edges
BORDER_MM = 0.8  # control boundary
RADIUS_MM = 2.5
PAD_MM = 6.0  # inside buttons, left/right
NAV_MIN_WIDTH_MM = 80.0
SECONDARY_MIN_WIDTH_MM = 120.0
PRIMARY_MIN_WIDTH_MM = 150.0
TEXT_MAX_WIDTH_MM = 380.0  # keep lines readable on a wide panel
TOUCH_MARK_MM = 40.0  # the "touch here" ring on the attract screen


class Colours(msgspec.Struct, frozen=True):
    """All colours of the shell. Text pairs ≥ 7:1, control boundaries ≥ 3:1 (tested)."""

    background: str = "#F5F3EE"  # warm paper
    surface: str = "#FFFFFF"
    text: str = "#1B1B1B"
    text_muted: str = "#3A3A3A"
    primary: str = "#0B3A75"  # deep civic blue
    primary_pressed: str = "#072851"
    on_primary: str = "#FFFFFF"
    header_bg: str = "#0B3A75"
    header_text: str = "#FFFFFF"
    attract_bg: str = "#0B3A75"
    attract_text: str = "#FFFFFF"
    warning_bg: str = "#FFF1C9"  # pale amber; text stays near-black
    rule: str = "#6B6B6B"  # separator lines between bars and content
    selected_bg: str = "#DCE7F5"  # toggle 'on' (the words say the state; colour only adds)
    illustration_fill: str = "#E4E1DA"  # decorative shapes only, never behind text

    def text_pairs(self) -> list[tuple[str, str, str]]:
        """(what, foreground, background) for every text drawn by the shell."""
        return [
            ("body on background", self.text, self.background),
            ("muted on background", self.text_muted, self.background),
            ("secondary button text", self.primary, self.surface),
            ("toggle on text", self.primary, self.selected_bg),
            ("primary button text", self.on_primary, self.primary),
            ("pressed primary text", self.on_primary, self.primary_pressed),
            ("header text", self.header_text, self.header_bg),
            ("attract text", self.attract_text, self.attract_bg),
            ("warning text", self.text, self.warning_bg),
            ("warning muted", self.text_muted, self.warning_bg),
        ]

    def boundary_pairs(self) -> list[tuple[str, str, str]]:
        """(what, boundary, background) for every control edge and separator."""
        return [
            ("secondary button edge", self.primary, self.background),
            ("secondary button edge on warning", self.primary, self.warning_bg),
            ("primary button on background", self.primary, self.background),
            ("primary button on warning", self.primary, self.warning_bg),
            ("bar rule", self.rule, self.background),
        ]


class Theme(msgspec.Struct, frozen=True, kw_only=True):
    px_per_mm: float
    family: str
    big_text: bool
    font_px: dict[str, int]  # text role → pixel size
    cap_px: dict[str, float]  # measured cap height at that size
    line_px: dict[str, float]  # measured line height
    target_px: int
    primary_height_px: int
    gap_px: int
    margin_px: int
    border_px: int
    radius_px: int
    pad_px: int
    nav_min_width_px: int
    secondary_min_width_px: int
    primary_min_width_px: int
    text_max_width_px: int
    panel_width_px: int
    touch_mark_px: int
    touch_dot_px: int
    colours: Colours = msgspec.field(default_factory=Colours)

    @classmethod
    def for_panel(cls, panel: Panel, family: str, big_text: bool = False) -> Theme:
        ppm = panel.width_px / panel.width_mm

        def px(mm: float) -> int:
            return math.ceil(mm * ppm)

        font_px: dict[str, int] = {}
        cap_px: dict[str, float] = {}
        line_px: dict[str, float] = {}
        for role, (normal, big) in CAP_MM.items():
            size = font_px_for_cap(family, (big if big_text else normal) * ppm, role in BOLD_ROLES)
            metrics = QFontMetricsF(_font(family, size, role in BOLD_ROLES))
            font_px[role], cap_px[role], line_px[role] = size, metrics.capHeight(), metrics.height()
        pad = px(PAD_MM)
        # A button is never shorter than the target, nor than its text plus room around it.
        target = max(px(TARGET_MM), math.ceil(line_px["button"] + 2 * px(GAP_MM)))
        primary = max(px(PRIMARY_HEIGHT_MM), math.ceil(line_px["primary"] + 2 * px(GAP_MM * 1.5)))
        return cls(
            px_per_mm=ppm,
            family=family,
            big_text=big_text,
            font_px=font_px,
            cap_px=cap_px,
            line_px=line_px,
            target_px=target,
            primary_height_px=primary,
            gap_px=px(GAP_MM),
            margin_px=px(MARGIN_MM),
            border_px=max(2, round(BORDER_MM * ppm)),
            radius_px=px(RADIUS_MM),
            pad_px=pad,
            nav_min_width_px=px(NAV_MIN_WIDTH_MM),
            secondary_min_width_px=px(SECONDARY_MIN_WIDTH_MM),
            primary_min_width_px=px(PRIMARY_MIN_WIDTH_MM),
            text_max_width_px=px(TEXT_MAX_WIDTH_MM),
            panel_width_px=panel.width_px,
            touch_mark_px=px(TOUCH_MARK_MM),
            touch_dot_px=px(TOUCH_MARK_MM * 0.36),
        )

    @property
    def side_margin_px(self) -> int:
        """Left/right margin of a screen's content, so lines stay a readable length."""
        return max(self.margin_px, (self.panel_width_px - self.text_max_width_px) // 2)

    def mm(self, px: float) -> float:
        return px / self.px_per_mm

    def font(self, role: str) -> QFont:
        return _font(self.family, self.font_px[role], role in BOLD_ROLES)

    def stylesheet(self) -> str:
        c, b, r = self.colours, self.border_px, self.radius_px
        return f"""
QWidget#MainWindow, QWidget#ScreenStack {{ background: {c.background}; }}
QLabel {{
    color: {c.text}; background: transparent;
    qproperty-textFormat: PlainText; qproperty-alignment: AlignCenter;
}}
QLabel[align="left"] {{ qproperty-alignment: 'AlignLeft | AlignVCenter'; }}
QLabel[align="right"] {{ qproperty-alignment: 'AlignRight | AlignVCenter'; }}
QLabel[muted="true"] {{ color: {c.text_muted}; }}
QWidget#HeaderBar {{ background: {c.header_bg}; }}
QWidget#HeaderBar QLabel {{ color: {c.header_text}; }}
QWidget#NavBar {{ background: {c.background}; border-top: {b}px solid {c.rule}; }}
QFrame#AttractScreen {{ background: {c.attract_bg}; }}
QFrame#AttractScreen QLabel {{ color: {c.attract_text}; }}
QFrame#AttractTouchMark {{
    border: {max(3, round(self.px_per_mm))}px solid {c.attract_text};
    border-radius: {self.touch_mark_px // 2}px; background: transparent;
}}
QFrame#AttractTouchDot {{
    background: {c.attract_text}; border: none; border-radius: {self.touch_dot_px // 2}px;
}}
QFrame#WarningScreen {{ background: {c.warning_bg}; }}
QPushButton {{
    qproperty-focusPolicy: NoFocus;
    border-radius: {r}px; padding: 0px {self.pad_px}px;
    background: {c.surface}; color: {c.primary}; border: {b}px solid {c.primary};
}}
QPushButton:pressed {{ background: {c.selected_bg}; }}
QPushButton[on="true"] {{ background: {c.selected_bg}; border-width: {2 * b}px; }}
QPushButton[kind="primary"] {{
    background: {c.primary}; color: {c.on_primary}; border: {b}px solid {c.primary};
}}
QPushButton[kind="primary"]:pressed {{
    background: {c.primary_pressed}; border-color: {c.primary_pressed};
}}
"""


def _font(family: str, pixel_size: int, bold: bool) -> QFont:
    font = QFont(family)
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
    return font


def font_px_for_cap(family: str, cap_px: float, bold: bool = False) -> int:
    """Smallest pixel size whose measured cap height is at least `cap_px`."""
    reference = QFontMetricsF(_font(family, 100, bold)).capHeight()
    if reference <= 0:
        raise RuntimeError(f"font {family!r} reports no cap height")
    size = max(1, math.floor(cap_px * 100 / reference))
    while QFontMetricsF(_font(family, size, bold)).capHeight() < cap_px:
        size += 1
    return size


def apply_theme(root: QWidget, theme: Theme) -> None:
    """Fonts by `role`, sizes by `kind`, for `root` and every widget under it."""
    for widget in [root, *root.findChildren(QWidget)]:
        role = widget.property("role")
        if isinstance(role, str) and role in theme.font_px:
            widget.setFont(theme.font(role))
        kind = widget.property("kind")
        if isinstance(widget, QAbstractButton) and isinstance(kind, str):
            _size_button(widget, kind, theme)


def _size_button(button: QAbstractButton, kind: str, theme: Theme) -> None:
    """Minimum sizes from mm; a longer label makes the button wider through its size hint."""
    if kind == "primary":
        button.setMinimumSize(theme.primary_min_width_px, theme.primary_height_px)
    elif kind == "secondary":
        button.setMinimumSize(theme.secondary_min_width_px, theme.target_px)
    else:
        button.setMinimumSize(theme.nav_min_width_px, theme.target_px)
