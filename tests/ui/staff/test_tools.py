"""The staff menu's recorder door, as kiosk/app.py wires it (ui.staff.tools.StaffTools): staff
log in, choose "Ghi âm lời nhắc", record one prompt into a new pack, press "Xong" and are back on
the menu; the pack names who recorded it and holds only prompts a citizen hears."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from kiosk.ports.clock import ManualClock
from kiosk.prompts import PromptCatalogue
from kiosk.services.speech_text.prompt_pack import load_pack
from kiosk.settings.schema import Settings
from tests.audit_recorder import AuditRecorder
from tests.ui.diagnostics.conftest import SimPorts
from tests.ui.staff.rig import TECH_PIN, StaffRig
from tests.ui.test_recorder import FakePlayer, GeneratedMicrophone, tone_wav
from ui.diagnostics.controller import DiagnosticsController
from ui.main_window import MainWindow
from ui.recorder_controller import RecorderController
from ui.staff.tools import STAFF_ONLY, StaffTools, recordable


def test_only_what_a_citizen_hears_is_recorded(prompts: PromptCatalogue) -> None:
    ids = recordable(prompts)
    assert "welcome.title" in ids
    assert not [pid for pid in ids if pid.startswith(STAFF_ONLY)]
    assert all("{" not in prompts.get(pid).speech for pid in ids)


def test_the_recorder_door_records_a_pack_and_comes_back_to_the_menu(
    staff: StaffRig, window: MainWindow, qtbot: QtBot, prompts: PromptCatalogue, tmp_path: Path
) -> None:
    mic, player = GeneratedMicrophone(), FakePlayer()
    tools = StaffTools(window, prompts, lambda: (mic, player), packs=lambda: tmp_path / "packs")
    staff.staff._recorder = True  # as ui.staff.wiring attaches it in the app
    tools.connect_mode(staff.staff)
    staff.log_in()
    staff.menu("recorder")
    assert window.current_screen_id == "recorder"
    recorder = tools._recorder
    assert isinstance(recorder, RecorderController)
    screen = window.screen_widget("recorder")

    def click(name: str) -> None:
        button = screen.findChild(QPushButton, name)
        assert button is not None and button.isEnabled(), name
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)

    mic.takes.append(tone_wav(1.0))
    click("RecorderRecord")
    qtbot.waitUntil(lambda: recorder.view().recording)
    click("RecorderRecord")
    qtbot.waitUntil(lambda: not recorder.view().recording and recorder.view().status != "")
    click("RecorderDone")
    assert window.current_screen_id == "staff_menu"
    assert tools._recorder is None
    (folder,) = list((tmp_path / "packs").iterdir())
    pack = load_pack(folder)
    assert pack.voice == "staff-pin" and len(pack.entries) == 1
    (pid,) = pack.entries
    assert not pid.startswith(STAFF_ONLY)


def test_the_technician_opens_diagnostics_from_the_menu_and_comes_back(
    staff: StaffRig,
    window: MainWindow,
    qtbot: QtBot,
    prompts: PromptCatalogue,
    clock: ManualClock,
    settings: Settings,
) -> None:
    """As kiosk/app.py wires it: the menu's "Chẩn đoán thiết bị" opens the diagnostics screen
    over the kiosk's ports, audited with the technician's id; "Đóng" gives the menu back."""
    ports = SimPorts.make(clock)
    audit = AuditRecorder()
    diagnostics = DiagnosticsController(
        window, prompts, clock, settings, lambda: ports, audit=audit, parent=window
    )
    tools = StaffTools(window, prompts, lambda: (GeneratedMicrophone(), FakePlayer()))
    tools.connect_mode(staff.staff)
    tools.attach_diagnostics(diagnostics)
    try:
        staff.log_in(TECH_PIN)
        staff.menu("diagnostics")
        assert window.current_screen_id == "diag_home"
        qtbot.waitUntil(lambda: any(row[1] == "technician-pin" for row in audit.rows))
        close = window.screen_widget("diag_home").findChild(QPushButton, "DiagClose")
        assert close is not None
        qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.current_screen_id == "staff_menu")
    finally:
        tools.close()
        ports.close()
