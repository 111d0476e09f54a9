"""Fixtures for the form widgets: the words from the prompt catalogue and the kiosk window."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from kiosk.prompts import PromptCatalogue
from kiosk.services.addresses.book import AddressBook, load_address_book
from kiosk.settings.schema import Panel, Settings
from tests.ui.forms.support import FakeAddressBook, register_question_screen
from tests.ui.support import PANEL_15, settings_for
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


@pytest.fixture(scope="session")
def real_book() -> AddressBook:
    """CATALOGUE's address book (34 provinces, 3,321 units): read once, it takes ~0.2 s."""
    return load_address_book()


def open_form_window(
    qtbot: QtBot, panel: Panel, monkeypatch: pytest.MonkeyPatch, book: object
) -> Iterator[MainWindow]:
    register_question_screen(monkeypatch)
    window = MainWindow(panel, load_bundled_fonts())
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show_kiosk(fullscreen=False)
    screen = window.screen_widget("question")
    assert isinstance(screen, QuestionScreen)
    screen.set_address_book(book)  # type: ignore[arg-type]
    yield window
    window.close()


@pytest.fixture
def form_window(
    qtbot: QtBot, settings: Settings, monkeypatch: pytest.MonkeyPatch, real_book: AddressBook
) -> Iterator[MainWindow]:
    """The real kiosk window (header, screen stack, navigation bar) at the configured panel,
    with the real address book.

    Without the session controller: these tests drive the question screen directly, as the
    controller will, and do not depend on the rest of the session's prompts.
    """
    yield from open_form_window(qtbot, settings.panel, monkeypatch, real_book)


@pytest.fixture
def small_window(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, real_book: AddressBook
) -> Iterator[MainWindow]:
    """The same window on a 15.6 in 1366×768 panel: less room, the same millimetres."""
    yield from open_form_window(qtbot, settings_for(PANEL_15).panel, monkeypatch, real_book)


@pytest.fixture
def fake_window(
    qtbot: QtBot, settings: Settings, monkeypatch: pytest.MonkeyPatch, book: FakeAddressBook
) -> Iterator[MainWindow]:
    """The window with the tiny fake address book, where a few entries make a test clearer."""
    yield from open_form_window(qtbot, settings.panel, monkeypatch, book)
