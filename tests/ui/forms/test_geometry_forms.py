"""Design §4 on every form widget, measured from the laid-out widgets at the configured panel
(normal and big text): keys and list rows ≥ 16 mm, other targets ≥ 20 mm, gaps ≥ 3 mm, text cap
height ≥ 5 mm (7.5 mm big), no clipped text, nothing outside the screen (under the bars)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from tests.ui.forms.scenes import SCENES
from tests.ui.support import settle
from ui.forms.question_screen import QuestionScreen
from ui.forms.views import FormWords
from ui.main_window import MainWindow


def rect_in(w: QWidget, root: QWidget) -> QRect:
    return QRect(w.mapTo(root, QPoint(0, 0)), w.size())


def has_flag(w: QWidget, name: str) -> bool:
    names = {bytes(n.data()).decode() for n in w.dynamicPropertyNames()}
    return name in names and bool(w.property(name))


def check_form(window: MainWindow, screen: QuestionScreen, scene: str, big: bool) -> None:
    settle()
    theme = window.theme
    ppm = theme.px_per_mm
    assert theme.big_text is big
    shown = [w for w in screen.findChildren(QWidget) if w.isVisible()]
    buttons = [w for w in shown if isinstance(w, QAbstractButton)]
    assert buttons, f"{scene}: nothing to touch"
    for b in buttons:
        least = 16 if has_flag(b, "key") else 20
        w_mm, h_mm = b.width() / ppm, b.height() / ppm
        assert w_mm >= least and h_mm >= least, (
            f"{scene}: {b.objectName()} is {w_mm:.1f}×{h_mm:.1f} mm (≥ {least} mm)"
        )
    rects = [(b.objectName(), rect_in(b, window)) for b in buttons]
    for i, (na, ra) in enumerate(rects):
        for nb, rb in rects[i + 1 :]:
            assert not ra.intersects(rb), f"{scene}: {na} overlaps {nb}"
            dx = max(rb.left() - ra.right() - 1, ra.left() - rb.right() - 1, 0)
            dy = max(rb.top() - ra.bottom() - 1, ra.top() - rb.bottom() - 1, 0)
            assert max(dx, dy) / ppm >= 3, f"{scene}: {na} and {nb} are {max(dx, dy) / ppm:.1f} mm"
    minimum = 7.5 if big else 5.0
    area = rect_in(screen, window)
    texts = [w for w in shown if isinstance(w, QLabel | QAbstractButton) and w.text()]
    assert texts
    for w in texts:
        metrics = QFontMetricsF(w.font())
        cap_mm = metrics.capHeight() / ppm
        assert cap_mm >= minimum - 1e-6, f"{scene}: {w.objectName()} cap {cap_mm:.2f} mm"
        advance = metrics.horizontalAdvance(w.text())
        if isinstance(w, QLabel) and w.wordWrap():
            assert w.height() >= w.heightForWidth(w.width()), f"{scene}: {w.objectName()} clipped"
        elif isinstance(w, QLabel):
            pad = 2 * (theme.pad_px + theme.border_px) if has_flag(w, "display") else 0
            assert w.width() >= advance + pad, f"{scene}: {w.objectName()} clipped"
            assert w.height() >= metrics.height(), f"{scene}: {w.objectName()} too low"
        else:
            # the stylesheet pads a button's text by pad_px a side, a key's by a quarter of it
            pad = max(2, theme.pad_px // 4) if has_flag(w, "key") else theme.pad_px
            assert w.width() >= advance + 2 * (theme.border_px + pad), (
                f"{scene}: {w.objectName()} text clipped ({advance:.0f} px in {w.width()} px)"
            )
            assert w.height() >= metrics.height(), f"{scene}: {w.objectName()} too low"
    for widget in shown:  # nothing runs under the header or the navigation bar, or off the window
        assert area.contains(rect_in(widget, window)), (
            f"{scene}: {widget.objectName()} outside the screen"
        )
        parent = widget.parentWidget()
        if parent is not None and parent is not screen:  # nor is cut off by its container
            inside = QRect(0, 0, parent.width(), parent.height()).contains(widget.geometry())
            assert inside, f"{scene}: {widget.objectName()} cut off by {parent.objectName()}"


@pytest.mark.parametrize("big", [False, True], ids=["normal", "big-text"])
@pytest.mark.parametrize("scene", list(SCENES))
def test_form_targets_gaps_and_text(
    form_window: MainWindow, qtbot: QtBot, words: FormWords, scene: str, big: bool
) -> None:
    """At the configured panel (settings default: 21.5 in, 1920×1080)."""
    form_window.set_big_text(big)
    screen = SCENES[scene](form_window, qtbot, words)
    check_form(form_window, screen, scene, big)


# Every scene, also in big text, on the small panel: a short screen folds rows (Xong beside the
# date wheels, the hint beside the typed text, the number display beside the pad, digits and the
# tone/letter row paged) instead of shrinking anything below design §4.
SMALL_CASES = [
    pytest.param(scene, big, id=f"{scene}-{'big-text' if big else 'normal'}")
    for scene in SCENES
    for big in (False, True)
]


@pytest.mark.parametrize(("scene", "big"), SMALL_CASES)
def test_form_on_a_small_panel(
    small_window: MainWindow, qtbot: QtBot, words: FormWords, scene: str, big: bool
) -> None:
    """The same numbers on a 15.6 in 1366×768 panel: less room, the same millimetres."""
    small_window.set_big_text(big)
    screen = SCENES[scene](small_window, qtbot, words)
    check_form(small_window, screen, scene, big)


@pytest.mark.parametrize("big", [False, True], ids=["normal", "big-text"])
def test_keyboard_keys_are_at_least_16_mm_with_3_mm_gaps(
    form_window: MainWindow, qtbot: QtBot, words: FormWords, big: bool
) -> None:
    """The keyboard's own numbers: every key (tones, letters, Xóa, space, Xong) ≥ 16 mm."""
    form_window.set_big_text(big)
    screen = SCENES["form_keyboard"](form_window, qtbot, words)
    settle()
    ppm = form_window.theme.px_per_mm
    keyboard = screen.editors["text"].keyboard  # type: ignore[attr-defined]
    keys = [k for k in keyboard.findChildren(QAbstractButton) if k.isVisible()]
    assert len(keys) == 26 + 7 + 5 + 3  # letters, â ă ê ô ơ ư đ, five tones, Xóa, space, Xong
    assert min(k.height() for k in keys) / ppm >= 16
    assert min(k.width() for k in keys) / ppm >= 16
    assert keyboard.key_height() / ppm >= 16
