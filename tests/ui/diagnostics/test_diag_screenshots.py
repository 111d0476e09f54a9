"""Screenshots of the diagnostics screens at 1920×1080 for review (docs/screens/)."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from tests.ui.diagnostics.conftest import Rig
from tests.ui.diagnostics.support import idle
from tests.ui.test_screenshots import shoot


def test_diag_screenshots(qtbot: QtBot, rig: Rig) -> None:
    rig.ports.receipt_printer.set_cover_open(True)
    rig.ports.card_reader.unplug()
    rig.controller.open()
    idle(qtbot, rig.controller)
    rig.ports.document_scanner.load_paper(1)
    rig.controller.on_action("document_scanner", "scan_test")
    idle(qtbot, rig.controller)
    saved = [shoot(rig.window, "diag-home-failure")]

    rig.controller.on_touch()
    touch = rig.controller.touch
    for index in range(touch.total):
        if index not in (0, touch.cols + 3, touch.total - 1):
            touch.on_touched(index)
    touch.on_done()
    saved.append(shoot(rig.window, "diag-touch-dead-zones"))
    touch.on_done()

    rig.controller.on_cleaning()
    rig.clock.advance(12.0)
    rig.controller.tick()
    saved.append(shoot(rig.window, "diag-cleaning"))
    assert all(p.stat().st_size > 10_000 for p in saved)
