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
from tests.ui.forms.support import FakeAddressBook, register_question_screen
from tests.ui.support import PANEL_15, settings_for, settle
from ui.fonts import load_bundled_fonts
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
    for i, (na, a) in enumerate(rects):
        for nb, b in rects[i + 1 :]:
            assert not a.intersects(b), f"{scene}: {na} overlaps {nb}"
            dx = max(b.left() - a.right() - 1, a.left() - b.right() - 1, 0)
            dy = max(b.top() - a.bottom() - 1, a.top() - b.bottom() - 1, 0)
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
            pad = 2 * theme.pad_px if has_flag(w, "display") else 0
            assert w.width() >= advance + pad, f"{scene}: {w.objectName()} clipped"
            assert w.height() >= metrics.height(), f"{scene}: {w.objectName()} too low"
        else:
            # the stylesheet pads a button's text by pad_px a side, a key's by a quarter of it
            pad = max(2, theme.pad_px // 4) if has_flag(w, "key") else theme.pad_px
            assert w.width() >= advance + 2 * (theme.border_px + pad), (
                f"{scene}: {w.objectName()} text clipped ({advance:.0f} px in {w.width()} px)"
            )
            assert w.height() >= metrics.height(), f"{scene}: {w.objectName()} too low"
    for w in shown:  # nothing runs under the header or the navigation bar, or off the window
        assert area.contains(rect_in(w, window)), f"{scene}: {w.objectName()} outside the screen"
        parent = w.parentWidget()
        if parent is not None and parent is not screen:  # nor is cut off by its container
            inside = QRect(0, 0, parent.width(), parent.height()).contains(w.geometry())
            assert inside, f"{scene}: {w.objectName()} cut off by {parent.objectName()}"


@pytest.mark.parametrize("big", [False, True], ids=["normal", "big-text"])
@pytest.mark.parametrize("scene", list(SCENES))
def test_form_targets_gaps_and_text(
    form_window: MainWindow, qtbot: QtBot, words: FormWords, scene: str, big: bool
) -> None:
    """At the configured panel (settings default: 21.5 in, 1920×1080)."""
    form_window.set_big_text(big)
    screen = SCENES[scene](form_window, qtbot, words)
    check_form(form_window, screen, scene, big)


# Big text does not fit the small panel yet (~138 mm of content height once the bars grow): the
# failures are real and measured; strict, so a fix makes these fail until the mark is removed.
TOO_TALL_ON_15_IN = {
    ("form_question_text", True),
    ("form_date", True),
    ("form_date_birth", True),
    ("form_address_search", True),
    ("form_address_street", True),
    ("form_error", True),
}
SMALL_CASES = [
    pytest.param(
        scene,
        big,
        id=f"{scene}-{'big-text' if big else 'normal'}",
        marks=[pytest.mark.xfail(strict=True, reason="does not fit a 1366×768 15.6 in panel yet")]
        if (scene, big) in TOO_TALL_ON_15_IN
        else [],
    )
    for scene in SCENES
    for big in (False, True)
]


@pytest.mark.parametrize(("scene", "big"), SMALL_CASES)
def test_form_on_a_small_panel(
    qtbot: QtBot,
    words: FormWords,
    book: FakeAddressBook,
    monkeypatch: pytest.MonkeyPatch,
    scene: str,
    big: bool,
) -> None:
    """The same numbers on a 15.6 in 1366×768 panel: less room, the same millimetres."""
    register_question_screen(monkeypatch)
    window = MainWindow(settings_for(PANEL_15).panel, load_bundled_fonts())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show_kiosk(fullscreen=False)
    try:
        question = window.screen_widget("question")
        assert isinstance(question, QuestionScreen)
        question.set_address_book(book)
        window.set_big_text(big)
        screen = SCENES[scene](window, qtbot, words)
        check_form(window, screen, scene, big)
    finally:
        window.close()


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
