"""Every text the form widgets show comes from the catalogue (or is the citizen's data, in a
widget marked `data_field`); every button without words of its own has a spoken name."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QAbstractButton, QLabel, QWidget
from pytestqt.qtbot import QtBot

from kiosk.prompts import PromptCatalogue
from tests.ui.forms.scenes import SCENES
from tests.ui.forms.support import CHOICES, tap_named
from tests.ui.support import settle
from tests.ui.test_prompt_coverage import is_input_symbol, prompt_patterns
from ui.forms.base import ArrowButton
from ui.forms.views import FormWords
from ui.main_window import MainWindow

# the controller's labels: the procedure's question, hint, error and "Câu 2/5" (its data)
CONTROLLER_LABELS = {
    "QuestionStep",
    "QuestionText",
    "QuestionHint",
    "QuestionError",
    "TextSideHint",
}


def widget_texts(root: QWidget) -> list[tuple[str, str, bool]]:
    out = []
    for w in root.findChildren(QWidget):
        if not isinstance(w, QLabel | QAbstractButton) or not w.isVisible():
            continue
        if w.text().strip() and w.objectName() not in CONTROLLER_LABELS:
            out.append((w.objectName(), w.text().strip(), w.property("data_field") is True))
    return out


@pytest.mark.parametrize("big", [False, True], ids=["normal", "big-text"])
@pytest.mark.parametrize("scene", list(SCENES))
def test_every_text_of_the_widgets_is_a_prompt_or_marked_data(
    form_window: MainWindow,
    qtbot: QtBot,
    words: FormWords,
    prompts: PromptCatalogue,
    scene: str,
    big: bool,
) -> None:
    form_window.set_big_text(big)
    screen = SCENES[scene](form_window, qtbot, words)
    settle()
    ordinary, _ = prompt_patterns(prompts)
    texts = widget_texts(screen)
    assert texts
    from_view = {c.label for c in CHOICES}  # the procedure's choices, worded by the controller
    unknown = [
        (name, text)
        for name, text, data in texts
        if not data
        and not is_input_symbol(text)
        and text not in from_view
        and not any(p.fullmatch(text) for p in ordinary)
    ]
    assert unknown == []


def test_the_check_can_fail(prompts: PromptCatalogue) -> None:
    ordinary, _ = prompt_patterns(prompts)
    assert not any(p.fullmatch("Phuong — Không tìm thấy, xin gõ lại") for p in ordinary)
    assert any(p.fullmatch("Trang 2/4") for p in ordinary)


def test_arrows_and_page_buttons_have_spoken_names_from_the_catalogue(
    form_window: MainWindow, qtbot: QtBot, words: FormWords, prompts: PromptCatalogue
) -> None:
    screen = SCENES["form_date"](form_window, qtbot, words)
    arrows = [a for a in screen.findChildren(ArrowButton) if a.isVisible()]
    assert len(arrows) == 8
    names = {a.objectName(): a.accessibleName() for a in arrows}
    assert names["WheelDayUp"] == "Tăng ngày"
    assert names["WheelMonthDown"] == "Giảm tháng"
    assert names["WheelYearUp10"] == "Tăng 10 năm"
    for a in arrows:
        pid = a.property("prompt_id")
        assert pid in prompts, a.objectName()
        assert "/" not in prompts.get(pid).speech
    screen = SCENES["form_address_provinces"](form_window, qtbot, words)
    tap_named(qtbot, screen, "AddressNext")
    settle()
    for name, pid in (("AddressPrev", "forms.prev_page"), ("AddressNext", "forms.next_page")):
        button = screen.findChild(QAbstractButton, name)
        assert button is not None and button.isVisible()
        assert button.property("prompt_id") == pid
        assert button.accessibleName() == prompts.get(pid).text
