"""The "out of service" screen systemd's OnFailure unit shows (under cage) when the kiosk keeps
failing: big, high contrast, static; no touch does anything; said once if a speaker works.

It must work when the reason for the failure is a broken settings file or catalogue: it needs
only its own prompt file and the panel size, and speaks on a thread that may fail quietly.
"""

from __future__ import annotations

import logging
import threading

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeyEvent, QMouseEvent, QPaintEvent, QTouchEvent
from PySide6.QtWidgets import QLayout, QVBoxLayout, QWidget

from kiosk.ports.speaker import Speaker, Utterance
from kiosk.prompts import PromptCatalogue
from kiosk.settings.schema import Panel
from ui.theme import Theme, apply_theme
from ui.widgets import text_label

log = logging.getLogger("kiosk.out_of_service")

TITLE_ID = "service.out_of_service_title"
BODY_ID = "service.out_of_service_body"
PROMPT_IDS = (TITLE_ID, BODY_ID)
BACKGROUND = "#000000"
TITLE_COLOUR = "#FFD400"  # yellow on black: 13.9:1
BODY_COLOUR = "#FFFFFF"  # white on black: 21:1


class OutOfServiceScreen(QWidget):
    painted = Signal()  # once, after the first paint (READY=1 for systemd)
    first_painted = painted

    def __init__(self, prompts: PromptCatalogue, panel: Panel, family: str) -> None:
        super().__init__()
        prompts.require(PROMPT_IDS, "config/prompts/vi/service.toml")
        self.setObjectName("OutOfService")
        self._painted = False
        theme = Theme.for_panel(panel, family)
        self.title = text_label("OutOfServiceTitle", "display")
        self.body = text_label("OutOfServiceBody", "title")
        self.title.setText(prompts.text(TITLE_ID))
        self.body.setText(prompts.text(BODY_ID))
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)  # fullscreen: no min
        layout.setContentsMargins(
            theme.side_margin_px, theme.margin_px, theme.side_margin_px, theme.margin_px
        )
        layout.setSpacing(theme.gap_px * 3)
        layout.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.body)
        layout.addStretch(1)
        self.setStyleSheet(
            theme.stylesheet()
            + f"\nQWidget#OutOfService {{ background: {BACKGROUND}; }}"
            + f"\nQLabel#OutOfServiceTitle {{ color: {TITLE_COLOUR}; background: {BACKGROUND}; }}"
            + f"\nQLabel#OutOfServiceBody {{ color: {BODY_COLOUR}; background: {BACKGROUND}; }}"
        )
        apply_theme(self, theme)
        self.resize(panel.width_px, panel.height_px)

    # Nothing here reacts to a touch, a click or a key: the citizen is sent to the counter.
    def mousePressEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        event.accept()

    def touchEvent(self, event: QTouchEvent) -> None:
        event.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        event.accept()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.painted.emit()


class SpeakOnce:
    """Says the notice once on its own thread; no speaker, or a failing one, is only logged."""

    def __init__(self, speaker: Speaker | None, prompts: PromptCatalogue, rate: float) -> None:
        self._speaker = speaker
        self._text = prompts.speech(BODY_ID)
        self._rate = rate
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self._speaker is None or self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="kiosk-oos-speech", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        assert self._speaker is not None
        try:
            self._speaker.open()
            self._speaker.speak(Utterance(BODY_ID, self._text, rate=self._rate))
        except Exception:
            log.warning("the out-of-service notice was not spoken", exc_info=True)

    def close(self, timeout_s: float = 2.0) -> None:
        if self._speaker is None:
            return
        try:
            self._speaker.stop()
        except Exception:
            log.debug("stopping the speaker failed", exc_info=True)
        if self._thread is not None:
            self._thread.join(timeout_s)
        try:
            self._speaker.close()
        except Exception:
            log.debug("closing the speaker failed", exc_info=True)
