"""Acceptance B: touch targets ≥ 20 mm, text cap height ≥ 5 mm (≥ 7.5 mm big text), measured
from the laid-out widgets at the configured panel; sizes follow the panel's mm, not a DPI."""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN
from kiosk.ports.clock import ManualClock
from kiosk.prompts import PromptCatalogue
from tests.ui.support import (
    LAN,
    PANEL_15,
    PANEL_21,
    RecordingSpeaker,
    SimDevices,
    button,
    drive,
    open_window,
    settings_for,
    settle,
)
from ui.fonts import load_bundled_fonts
from ui.main_window import MainWindow
from ui.theme import Theme

CLICK = Qt.MouseButton.LeftButton
SCREENS = ["attract", "welcome", "identify", "warning", "goodbye"]
IDENTIFY_STATES = ["waiting", "reading", "greeting", "chip-unreadable", "reader-missing"]


def go_to_identify_state(
    window: MainWindow, qtbot: QtBot, sim: SimDevices, state: str, big: bool
) -> None:
    """Reach one state of the identify step with the simulated reader and QR scanner."""
    qtbot.mouseClick(window.attract, CLICK)
    if big:
        qtbot.mouseClick(button(window, "WelcomeBigText"), CLICK)
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    if state == "waiting":
        return
    if state == "reading":
        sim.reader.gate.clear()
    if state == "chip-unreadable":
        sim.reader.gate.clear()  # hold the read until the chip is broken
    sim.qr.scan(BA_LAN.card_qr)
    sim.reader.sim.insert(BA_LAN.card)
    step = {"greeting": "IdentifyContinue"}
    if state == "chip-unreadable":
        qtbot.waitUntil(lambda: bool(sim.reader.reads))
        sim.reader.sim.fail("dead chip")
        sim.reader.gate.set()
        qtbot.waitUntil(lambda: button(window, "IdentifyRetry").isVisible())
    elif state in step:
        qtbot.waitUntil(lambda: button(window, "IdentifyContinue").isVisible())


def go_to(window: MainWindow, qtbot: QtBot, clock: ManualClock, screen: str, big: bool) -> None:
    """Reach `screen` the way a citizen would, with big text on or off."""
    controller = window.controller
    assert controller is not None
    if screen == "attract":
        window.set_big_text(big)  # the attract screen has no toggle; check both themes anyway
        return
    qtbot.mouseClick(window.attract, CLICK)
    if big:
        qtbot.mouseClick(button(window, "WelcomeBigText"), CLICK)
    steps: dict[str, Callable[[], None]] = {
        "welcome": lambda: None,
        "identify": lambda: qtbot.mouseClick(button(window, "WelcomeStart"), CLICK),
    }
    if screen in steps:
        steps[screen]()
        controller.identify(LAN)
        return
    qtbot.mouseClick(button(window, "WelcomeStart"), CLICK)
    controller.identify(LAN)
    drive(window, clock, controller.flow.idle_limit_s)
    if screen == "goodbye":
        drive(window, clock, 30)


def visible(window: MainWindow) -> list[QWidget]:
    return [w for w in window.findChildren(QWidget) if w.isVisible()]


def clickable(w: QWidget) -> bool:
    return isinstance(w, QAbstractButton) or bool(w.property("clickable"))


def window_rect(w: QWidget, window: MainWindow) -> QRect:
    return QRect(w.mapTo(window, QPoint(0, 0)), w.size())


def check_screen(window: MainWindow, screen: str, big: bool) -> None:
    settle()
    assert window.current_screen_id == screen.split(":")[0]
    ppm = window.theme.px_per_mm
    assert window.theme.big_text is big
    shown = visible(window)
    targets = [w for w in shown if clickable(w)]
    assert targets, f"{screen}: nothing to touch"
    for w in targets:
        assert w.width() / ppm >= 20 and w.height() / ppm >= 20, (
            f"{screen}: {w.objectName()} is {w.width() / ppm:.1f}×{w.height() / ppm:.1f} mm"
        )
    # gaps ≥ 3 mm between separate targets
    rects = [
        (w.objectName(), window_rect(w, window)) for w in targets if isinstance(w, QAbstractButton)
    ]
    for i, (na, a) in enumerate(rects):
        for nb, b in rects[i + 1 :]:
            dx = max(b.left() - a.right() - 1, a.left() - b.right() - 1, 0)
            dy = max(b.top() - a.bottom() - 1, a.top() - b.bottom() - 1, 0)
            assert max(dx, dy) / ppm >= 3, f"{screen}: {na} and {nb} are too close"
    # every visible text: cap height ≥ 5 mm (7.5 mm big), and not clipped
    minimum = 7.5 if big else 5.0
    texts = [w for w in shown if isinstance(w, QLabel | QAbstractButton) and w.text()]
    assert texts
    for w in texts:
        metrics = QFontMetricsF(w.font())
        cap_mm = metrics.capHeight() / ppm
        assert cap_mm >= minimum - 1e-6, f"{screen}: {w.objectName()} cap {cap_mm:.2f} mm"
        if isinstance(w, QLabel):
            assert w.height() >= w.heightForWidth(w.width()), f"{screen}: {w.objectName()} clipped"
        else:
            needed = metrics.horizontalAdvance(w.text()) + 2 * window.theme.pad_px
            assert w.width() >= needed, f"{screen}: {w.objectName()} text clipped"
        # nothing runs off the window
        assert window.rect().contains(window_rect(w, window)), f"{screen}: {w.objectName()}"


@pytest.mark.parametrize("big", [False, True], ids=["normal", "big-text"])
@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("panel", [PANEL_21, PANEL_15], ids=["21.5in-1080p", "15.6in-768p"])
def test_targets_and_text_sizes(
    qtbot: QtBot,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
    panel: dict[str, float],
    screen: str,
    big: bool,
) -> None:
    window = open_window(qtbot, settings_for(panel), prompts, speaker, clock)
    try:
        assert (window.width(), window.height()) == (panel["width_px"], panel["height_px"])
        go_to(window, qtbot, clock, screen, big)
        check_screen(window, screen, big)
    finally:
        window.close()


@pytest.mark.parametrize("big", [False, True], ids=["normal", "big-text"])
@pytest.mark.parametrize("state", IDENTIFY_STATES)
@pytest.mark.parametrize("panel", [PANEL_21, PANEL_15], ids=["21.5in-1080p", "15.6in-768p"])
def test_identify_states_targets_and_text_sizes(
    qtbot: QtBot,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
    sim: SimDevices,
    panel: dict[str, float],
    state: str,
    big: bool,
) -> None:
    attach = None if state == "reader-missing" else sim
    window = open_window(qtbot, settings_for(panel), prompts, speaker, clock, attach)
    try:
        go_to_identify_state(window, qtbot, sim, state, big)
        check_screen(window, f"identify:{state}", big)
        if state in ("greeting", "chip-unreadable", "reader-missing"):
            assert any(
                b.isVisible()
                for b in window.screen_widget("identify").findChildren(QAbstractButton)
            ), "no way forward on the screen itself"
    finally:
        sim.close()
        window.close()


@pytest.mark.usefixtures("qapp")
def test_pixel_sizes_come_from_the_panel_millimetres() -> None:
    family = load_bundled_fonts()
    t21 = Theme.for_panel(settings_for(PANEL_21).panel, family)
    t15 = Theme.for_panel(settings_for(PANEL_15).panel, family)
    uhd = dict(PANEL_21, width_px=3840, height_px=2160)  # same 21.5" glass, twice the pixels
    t4k = Theme.for_panel(settings_for(uhd).panel, family)
    assert t21.px_per_mm == pytest.approx(1920 / 476.6)
    assert t15.px_per_mm == pytest.approx(1366 / 344.0)
    for theme in (t21, t15, t4k):
        assert theme.target_px == math.ceil(22 * theme.px_per_mm)
        assert theme.gap_px / theme.px_per_mm >= 3
        assert theme.cap_px["body"] / theme.px_per_mm >= 5
    assert t15.target_px < t21.target_px  # 3.97 px/mm vs 4.03 px/mm
    assert t15.font_px["body"] <= t21.font_px["body"]
    assert t4k.target_px == pytest.approx(2 * t21.target_px, abs=1)
    assert t4k.font_px["body"] == pytest.approx(2 * t21.font_px["body"], abs=2)
    assert t4k.font_px["title"] > 1.9 * t21.font_px["title"]
    big = Theme.for_panel(settings_for(PANEL_21).panel, family, big_text=True)
    assert big.cap_px["body"] / big.px_per_mm >= 7.5
    assert big.font_px["body"] > t21.font_px["body"]
