"""The rating screen standalone: four drawn faces with words + "Bỏ qua"; a face is stored in the
real outbox (SQLite store) on the worker, never on the GUI thread. Screenshots to docs/screens."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from kiosk.ports.clock import ManualClock
from kiosk.prompts import load_prompts
from kiosk.services.outbox import Outbox, PaperFolder
from kiosk.settings.schema import default_settings
from kiosk.store import migrate
from kiosk.store.db import make_engine, session_factory, sqlite_url
from kiosk.store.outbox_repository import OutboxRepository
from tests.ui.support import settle
from tests.unit.outbox.conftest import KIOSK, START, new_dossier
from ui.fonts import load_bundled_fonts
from ui.rating_controller import RatingController
from ui.screens.rating import RatingScreen
from ui.theme import Theme, apply_theme

CLICK = Qt.MouseButton.LeftButton
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screens"
WORDS = ["Rất hài lòng", "Hài lòng", "Chưa hài lòng", "Không hài lòng"]


class Rig:
    def __init__(self, qtbot: QtBot, tmp_path: Path, big_text: bool = False) -> None:
        url = sqlite_url(tmp_path / "data" / "kiosk.db")
        migrate.upgrade(url)
        self.engine = make_engine(url)
        repo = OutboxRepository(session_factory(self.engine), KIOSK)
        self.outbox = Outbox(
            repo, PaperFolder(tmp_path / "data" / "outbox"), ManualClock(wall=START), KIOSK
        )
        self.local_id = self.outbox.enqueue(new_dossier()).local_id
        self.store_threads: list[str] = []
        self.said: list[str] = []
        self.rated: list[object] = []
        self.theme = Theme.for_panel(default_settings().panel, load_bundled_fonts(), big_text)
        self.window = QWidget()
        qtbot.addWidget(self.window)
        self.window.setObjectName("MainWindow")
        self.window.setStyleSheet(self.theme.stylesheet())
        self.window.resize(1920, 860)
        self.screen = RatingScreen(self.window)
        self.screen.resize(1920, 860)
        self.controller = RatingController(
            self.screen, load_prompts(ROOT / "config" / "prompts" / "vi"), self.speak, self.store
        )
        self.controller.rated.connect(self._rated)
        apply_theme(self.screen, self.theme)
        self.screen.apply(self.theme)
        self.window.show()

    def store(self, local_id: str, score: int) -> None:
        self.store_threads.append(threading.current_thread().name)
        self.outbox.rate(local_id, score)

    def speak(self, prompt_id: str, /, **values: object) -> None:
        self.said.append(prompt_id)

    def _rated(self, score: object) -> None:
        self.rated.append(score)

    def face(self, words: str) -> QPushButton:
        for face in self.screen.faces:
            if face.text() == words:
                return face
        raise AssertionError(words)

    def shoot(self, name: str) -> None:
        OUT.mkdir(parents=True, exist_ok=True)
        settle()
        assert self.window.grab().save(str(OUT / f"{name}.png"))

    def close(self) -> None:
        self.controller.close()
        self.engine.dispose()


@pytest.fixture
def rig(qtbot: QtBot, tmp_path: Path) -> Iterator[Rig]:
    r = Rig(qtbot, tmp_path)
    yield r
    r.close()


def test_four_faces_with_words_and_skip(rig: Rig) -> None:
    rig.controller.start(rig.local_id)
    assert rig.said == ["rating.title"]
    assert [f.text() for f in rig.screen.faces] == WORDS
    assert [f.score for f in rig.screen.faces] == [5, 4, 2, 1]
    assert len({f.mood for f in rig.screen.faces}) == 4  # each face drawn differently
    skip = rig.screen.findChild(QPushButton, "RatingSkip")
    assert isinstance(skip, QPushButton) and skip.text() == "Bỏ qua"
    rig.shoot("rating")


def test_targets_are_at_least_20_mm(rig: Rig) -> None:
    rig.controller.start(rig.local_id)
    settle()
    mm = rig.theme.px_per_mm
    skip = rig.screen.findChild(QPushButton, "RatingSkip")
    assert isinstance(skip, QPushButton)
    for button in [*rig.screen.faces, skip]:
        assert button.height() >= 20 * mm and button.width() >= 20 * mm, button.objectName()


def test_a_face_is_stored_in_the_outbox_off_the_gui_thread(rig: Rig, qtbot: QtBot) -> None:
    rig.controller.start(rig.local_id)
    with qtbot.waitSignal(rig.controller.stored, timeout=5000):
        qtbot.mouseClick(rig.face("Chưa hài lòng"), CLICK)
    assert rig.rated == [2] and rig.said[-1] == "rating.thanks"
    delivery = rig.outbox.delivery(rig.local_id)
    assert delivery is not None and delivery.rating == 2
    assert rig.store_threads and rig.store_threads[0].startswith("device-rating_store")
    thanks = rig.screen.findChild(QLabel, "RatingThanks")
    assert isinstance(thanks, QLabel) and thanks.text() == "Cảm ơn ông/bà đã đánh giá"
    assert not any(f.isVisible() for f in rig.screen.faces)  # no second vote
    qtbot.mouseClick(rig.screen.faces[0], CLICK)
    assert rig.rated == [2]


def test_skip_stores_nothing(rig: Rig, qtbot: QtBot) -> None:
    rig.controller.start(rig.local_id)
    skip = rig.screen.findChild(QPushButton, "RatingSkip")
    assert isinstance(skip, QPushButton)
    qtbot.mouseClick(skip, CLICK)
    assert rig.rated == [None] and rig.store_threads == []
    delivery = rig.outbox.delivery(rig.local_id)
    assert delivery is not None and delivery.rating is None


def test_without_a_dossier_nothing_is_stored(rig: Rig, qtbot: QtBot) -> None:
    rig.controller.start(None)  # practice mode, or the dossier was not queued
    qtbot.mouseClick(rig.face("Rất hài lòng"), CLICK)
    assert rig.rated == [5] and rig.store_threads == []


def test_a_bad_score_is_ignored_and_a_store_failure_is_only_logged(
    rig: Rig, qtbot: QtBot, caplog: pytest.LogCaptureFixture
) -> None:
    rig.controller.start(rig.local_id)
    rig.controller.on_face(3)  # no face has 3: nothing happens
    assert rig.rated == []
    rig.controller.reset()
    rig.controller.start("no-such-dossier")  # Outbox.rate raises LookupError on the worker
    qtbot.mouseClick(rig.face("Hài lòng"), CLICK)
    assert rig.rated == [4] and rig.said[-1] == "rating.thanks"  # thanked either way
    qtbot.waitUntil(lambda: "rating: not stored" in caplog.text, timeout=5000)


def test_reset_clears_the_screen(rig: Rig) -> None:
    rig.controller.start(rig.local_id)
    rig.controller.reset()
    title = rig.screen.findChild(QLabel, "RatingTitle")
    assert isinstance(title, QLabel) and title.text() == ""
    assert not rig.controller.active


def test_big_text_screenshot(qtbot: QtBot, tmp_path: Path) -> None:
    rig = Rig(qtbot, tmp_path, big_text=True)
    try:
        rig.controller.start(rig.local_id)
        rig.shoot("rating-big")
        for face in rig.screen.faces:
            assert face.height() >= 20 * rig.theme.px_per_mm
    finally:
        rig.close()
