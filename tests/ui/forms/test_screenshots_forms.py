"""Issue 8 acceptance (screenshots): every form widget in normal and big-text mode, saved to
docs/screens/form_*.png at the configured panel (1920×1080) inside the real kiosk window; and
in big text on a 15.6 in 1366×768 panel (form_small_*.png), the tightest case."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.forms.scenes import SCENES
from tests.ui.support import settle
from ui.forms.views import FormWords
from ui.main_window import MainWindow

OUT = Path(__file__).resolve().parents[3] / "docs" / "screens"


def shoot(window: MainWindow, name: str, size: tuple[int, int]) -> Path:
    settle()
    OUT.mkdir(parents=True, exist_ok=True)
    path = OUT / f"{name}.png"
    image = window.grab()
    assert (image.width(), image.height()) == size
    assert image.save(str(path))
    return path


@pytest.mark.parametrize("big", [False, True], ids=["normal", "big-text"])
@pytest.mark.parametrize("name", list(SCENES))
def test_form_screenshots(
    form_window: MainWindow, qtbot: QtBot, words: FormWords, name: str, big: bool
) -> None:
    form_window.set_big_text(big)
    SCENES[name](form_window, qtbot, words)
    path = shoot(form_window, name + ("-big-text" if big else ""), (1920, 1080))
    assert path.stat().st_size > 10_000


@pytest.mark.parametrize("name", list(SCENES))
def test_form_screenshots_small_panel_big_text(
    small_window: MainWindow, qtbot: QtBot, words: FormWords, name: str
) -> None:
    small_window.set_big_text(True)
    SCENES[name](small_window, qtbot, words)
    small = name.replace("form_", "form_small_", 1)
    path = shoot(small_window, small + "-big-text", (1366, 768))
    assert path.stat().st_size > 10_000
