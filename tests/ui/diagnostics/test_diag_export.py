"""The log export from the diagnostics screen: a zip on the stick, or a clear message."""

from __future__ import annotations

import json
import shutil
import zipfile

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from kiosk.settings.schema import default_settings
from tests.ui.diagnostics.conftest import Rig
from tests.ui.diagnostics.support import idle


def test_export_writes_the_zip_to_the_stick(qtbot: QtBot, rig: Rig) -> None:
    rig.controller.open()
    idle(qtbot, rig.controller)
    QTest.mouseClick(rig.controller._home_screen().export, Qt.MouseButton.LeftButton)
    idle(qtbot, rig.controller)
    (zip_path,) = (rig.usb / "kiosk" / "USBSTICK").glob("kiosk-logs-*.zip")
    kiosk_id = default_settings().kiosk.id
    assert zip_path.name.startswith(f"kiosk-logs-{kiosk_id}-2026112") and zip_path.name.endswith(
        "Z.zip"
    )
    message = rig.controller.home_view().message
    assert message == f"Đã lưu {zip_path.name} vào USB"
    with zipfile.ZipFile(zip_path) as zf:
        report = zf.read("diag.json").decode()
    body = json.loads(report)  # this session's checks go along, still valid JSON
    assert {d["port"] for d in body["devices"]} == {
        "card_reader",
        "qr_source",
        "document_scanner",
        "receipt_printer",
        "speaker",
        "portal",
    }
    assert len(body["system"]["config_sha256"]) == 64
    qtbot.waitUntil(lambda: "diag_logs_exported" in rig.audit.actions())


def test_no_stick_says_so(qtbot: QtBot, rig: Rig) -> None:
    shutil.rmtree(rig.usb / "kiosk" / "USBSTICK")
    rig.controller.open()
    idle(qtbot, rig.controller)
    rig.controller.on_export()
    idle(qtbot, rig.controller)
    view = rig.controller.home_view()
    assert view.message == "Không thấy USB. Mời cắm USB rồi bấm lại." and view.alert
    assert not view.busy_export
    qtbot.waitUntil(lambda: "diag_logs_export_failed" in rig.audit.actions())
