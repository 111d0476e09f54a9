"""Acceptance C: screenshots of every shell screen at 1920×1080, saved to docs/screens/."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from devices.simulated.card_reader import SimulatedCard
from devices.simulated.citizens import BA_LAN, CHU_TU
from kiosk.ports.clock import ManualClock
from tests.ui.support import LAN, RecordingSpeaker, SimDevices, button, drive, settle
from ui.main_window import MainWindow

OUT = Path(__file__).resolve().parents[2] / "docs" / "screens"


def shoot(window: MainWindow, name: str) -> Path:
    settle()
    path = OUT / f"{name}.png"
    OUT.mkdir(parents=True, exist_ok=True)
    image = window.grab()
    assert (image.width(), image.height()) == (1920, 1080)
    assert image.save(str(path))
    return path


def test_screenshots(
    window: MainWindow, qtbot: QtBot, clock: ManualClock, speaker: RecordingSpeaker
) -> None:
    assert window.controller is not None
    saved = [shoot(window, "attract")]
    qtbot.mouseClick(window.attract, Qt.MouseButton.LeftButton)
    saved.append(shoot(window, "welcome"))
    qtbot.mouseClick(button(window, "WelcomeBigText"), Qt.MouseButton.LeftButton)
    saved.append(shoot(window, "welcome-big-text"))
    qtbot.mouseClick(button(window, "WelcomeBigText"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(button(window, "WelcomeStart"), Qt.MouseButton.LeftButton)
    window.controller.identify(LAN)
    drive(window, clock, 90 + 12)
    saved.append(shoot(window, "warning"))
    for _ in range(window.controller.flow.extensions_left):
        window.controller.on_extend()
        drive(window, clock, 90)
    saved.append(shoot(window, "warning-last"))
    drive(window, clock, 30)
    saved.append(shoot(window, "goodbye"))
    assert all(p.stat().st_size > 10_000 for p in saved)


def test_identify_screenshots(
    window: MainWindow,
    qtbot: QtBot,
    clock: ManualClock,
    speaker: RecordingSpeaker,
    sim: SimDevices,
) -> None:
    """Every identify state; the greeting also in big text (the name must fit at 7.5 mm)."""
    controller = window.controller
    assert controller is not None
    click = Qt.MouseButton.LeftButton
    saved: list[Path] = []

    def start(big: bool = False) -> None:
        qtbot.mouseClick(window.attract, click)
        if big:
            qtbot.mouseClick(button(window, "WelcomeBigText"), click)
        qtbot.mouseClick(button(window, "WelcomeStart"), click)

    heard = [0]  # utterances already matched: a stale one must not satisfy the next wait

    def said(prompt_id: str) -> None:
        qtbot.waitUntil(lambda: prompt_id in speaker.ids()[heard[0] :], timeout=10_000)
        heard[0] = len(speaker.ids())
        settle()

    def end() -> None:
        sim.reader.sim.remove()
        sim.reader.sim.recover()
        sim.reader.gate.set()
        qtbot.mouseClick(button(window, "NavStartOver"), click)

    for big in (False, True):
        suffix = "-big-text" if big else ""
        start(big)
        saved.append(shoot(window, "identify-waiting" + suffix))
        sim.reader.gate.clear()
        sim.qr.scan(BA_LAN.card_qr)
        sim.reader.sim.insert(BA_LAN.card)
        saved.append(shoot(window, "identify-reading" + suffix))
        sim.reader.gate.set()
        said("identify.greeting")
        saved.append(shoot(window, "identify-greeting" + suffix))
        end()

    start()
    sim.qr.scan(BA_LAN.card_qr)
    sim.reader.sim.insert(SimulatedCard(BA_LAN.bac_key, CHU_TU.card.data_groups))
    said("identify.wrong_card")
    saved.append(shoot(window, "identify-error-wrong-card"))
    end()

    start()
    sim.reader.gate.clear()
    sim.qr.scan(BA_LAN.card_qr)
    sim.reader.sim.insert(BA_LAN.card)
    sim.reader.sim.remove()
    said("identify.card_removed")
    saved.append(shoot(window, "identify-error-card-removed"))
    end()

    for big in (False, True):
        reads_before = len(sim.reader.reads)
        start(big)
        sim.reader.gate.clear()
        sim.qr.scan(BA_LAN.card_qr)
        sim.reader.sim.insert(BA_LAN.card)
        qtbot.waitUntil(lambda n=reads_before: len(sim.reader.reads) > n)
        sim.reader.sim.fail("dead chip")  # once the read began: the health check passed
        sim.reader.gate.set()
        said("identify.chip_unreadable")
        saved.append(shoot(window, "identify-error-chip-unreadable" + ("-big-text" if big else "")))
        if not big:
            qtbot.mouseClick(button(window, "IdentifyUseQr"), click)
            saved.append(shoot(window, "identify-greeting-qr-only"))
        end()

    start()
    sim.reader.sim.insert(BA_LAN.card)
    drive(window, clock, 6)
    said("identify.no_qr")
    saved.append(shoot(window, "identify-error-no-qr"))
    end()

    sim.reader.sim.fail("pcscd gone")
    start()
    said("identify.reader_not_ready")
    saved.append(shoot(window, "identify-error-reader-not-ready"))
    qtbot.mouseClick(button(window, "IdentifyAskStaff"), click)
    said("identify.staff")
    saved.append(shoot(window, "identify-staff"))
    end()

    start()
    sim.qr.scan(BA_LAN.card_qr)
    sim.reader.sim.insert(BA_LAN.card)
    said("identify.greeting")
    end()
    assert all(p.stat().st_size > 10_000 for p in saved)
