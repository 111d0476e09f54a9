"""The staff menu's doors to the tools beside the assisted mode: the prompt recorder (ward staff
record the kiosk's voice in their own) and the technician's diagnostics (kiosk/app.py builds it
once the store is open and attaches it here)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject

from kiosk.ports.speaker import AudioPlayer, AudioSource
from kiosk.prompts import PromptCatalogue
from ui.main_window import MainWindow

if TYPE_CHECKING:
    from ui.diagnostics.controller import DiagnosticsController
    from ui.recorder_controller import RecorderController
    from ui.staff.mode import StaffMode

log = logging.getLogger(__name__)

# the prompts a citizen never hears are not recorded; nor are those with {values} (spoken by
# the speech engine, a pack cannot hold every name and number)
STAFF_ONLY = ("staff.", "assisted.", "diagnostics.", "recorder.", "service.")


def recordable(prompts: PromptCatalogue) -> list[str]:
    return [
        pid
        for pid in prompts.ids()
        if not pid.startswith(STAFF_ONLY) and "{" not in prompts.get(pid).speech
    ]


class StaffTools(QObject):
    def __init__(
        self,
        window: MainWindow,
        prompts: PromptCatalogue,
        audio: Callable[[], tuple[AudioSource, AudioPlayer]],
        packs: Callable[[], Path] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._window, self._prompts, self._audio = window, prompts, audio
        self._packs = packs or _default_packs
        self._recorder: RecorderController | None = None
        self._diagnostics: DiagnosticsController | None = None
        self._mode: StaffMode | None = None

    def connect_mode(self, mode: StaffMode) -> None:
        self._mode = mode
        mode.recorder_requested.connect(self.open_recorder)
        mode.diagnostics_requested.connect(self.open_diagnostics)

    def attach_diagnostics(self, diagnostics: DiagnosticsController) -> None:
        """The technician's diagnostics screen; "Đóng" there gives the menu back."""
        self._diagnostics = diagnostics
        diagnostics.closed.connect(self._diagnostics_closed)

    def open_diagnostics(self) -> None:
        mode, diagnostics = self._mode, self._diagnostics
        if mode is None or diagnostics is None or mode.actor is None:
            log.warning("diagnostics asked for but not attached (or no one logged in)")
            return
        diagnostics.set_actor(mode.actor.actor_id)
        diagnostics.open()

    def _diagnostics_closed(self) -> None:
        if self._mode is not None:
            self._mode.diagnostics_closed()

    def close(self) -> None:
        if self._diagnostics is not None:
            self._diagnostics.close()
        if self._recorder is not None:
            self._recorder.close()
            self._recorder = None

    def open_recorder(self) -> None:
        from ui.recorder_controller import RecorderController
        from ui.screens.recorder import RecorderScreen

        mode = self._mode
        if mode is None:
            return
        if self._recorder is not None:
            self._recorder.close()
        screen = self._window.screen_widget("recorder")
        assert isinstance(screen, RecorderScreen)
        folder = self._packs() / datetime.now().strftime("%Y%m%d-%H%M%S")
        microphone, player = self._audio()
        voice = mode.actor.actor_id if mode.actor is not None else "staff"  # who recorded it
        ids = recordable(self._prompts)
        self._recorder = RecorderController(
            screen, self._prompts, ids, folder, voice, microphone, player, self
        )
        self._recorder.finished.connect(self._recorder_done)
        mode.show_tool("recorder", self._recorder.view())

    def _recorder_done(self, folder: object) -> None:
        log.info("staff recorded a prompt pack in %s", folder)
        if self._recorder is not None:
            self._recorder.close()
            self._recorder = None
        if self._mode is not None:
            self._mode.show_menu()


def _default_packs() -> Path:
    from kiosk import paths

    return paths.data_dir() / "prompt-packs"
