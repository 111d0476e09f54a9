"""Fixtures for the form widgets: the words from the prompt catalogue and the kiosk window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Settings
from tests.ui.forms.support import FakeAddressBook, register_question_screen
from ui.fonts import load_bundled_fonts
from ui.forms.question_screen import QuestionScreen
from ui.forms.views import FormWords
from ui.main_window import MainWindow


@pytest.fixture
def words(prompts: PromptCatalogue) -> FormWords:
    return FormWords.from_prompts(prompts)


@pytest.fixture
def book() -> FakeAddressBook:
    return FakeAddressBook()


@pytest.fixture
def form_window(
    qtbot: QtBot,
    settings: Settings,
    monkeypatch: pytest.MonkeyPatch,
    book: FakeAddressBook,
) -> Iterator[MainWindow]:
    """The real kiosk window (header, screen stack, navigation bar) at the configured panel.

    Without the session controller: these tests drive the question screen directly, as the
    controller will, and do not depend on the rest of the session's prompts.
    """
    register_question_screen(monkeypatch)
    window = MainWindow(settings.panel, load_bundled_fonts())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show_kiosk(fullscreen=False)
    screen = window.screen_widget("question")
    assert isinstance(screen, QuestionScreen)
    screen.set_address_book(book)
    yield window
    window.close()
