"""The tracking screen standalone: a receipt QR through the QrSource port or digits on the pad →
a look-up on the worker → the status shown and spoken; bad input first. Screenshots saved to
docs/screens/tracking*.png (normal and big text)."""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import msgspec
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from devices.simulated.portal import SimulatedPortal
from devices.simulated.qr_source import SimulatedQrSource
from kiosk.ports.clock import ManualClock
from kiosk.ports.portal import DossierStatusReport, DossierSubmission
from kiosk.prompts import load_prompts
from kiosk.services.receipt_qr import encode_receipt_qr
from kiosk.settings.schema import default_settings
from tests.ui.support import settle
from tests.unit.receipt.samples import LAN
from ui.fonts import load_bundled_fonts
from ui.screens.tracking import TrackingScreen
from ui.theme import Theme, apply_theme
from ui.tracking_controller import TrackingController

CLICK = Qt.MouseButton.LeftButton
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "docs" / "screens"
UNIT = "H29.12"  # the simulated portal's unit code
CARD_QR = "079201012345|123456789|Nguyễn Thị Lan Hương|01012001|Nữ|12 Lê Lợi, Bến Thành|01012021"


class GatedPortal:
    """The simulated portal behind a gate, to see the screen while the look-up runs, and to
    record which thread asked."""

    def __init__(self, inner: SimulatedPortal) -> None:
        self.inner = inner
        self.gate = threading.Event()
        self.gate.set()
        self.threads: list[str] = []
        self.appointment: date | None = None

    def status(self, dossier_code: str) -> DossierStatusReport:
        self.threads.append(threading.current_thread().name)
        self.gate.wait(10)
        report = self.inner.status(dossier_code)
        if self.appointment is not None:
            report = dataclasses.replace(report, appointment_date=self.appointment)
        return report


class Rig:
    def __init__(self, qtbot: QtBot, big_text: bool = False) -> None:
        self.qtbot = qtbot
        self.clock = ManualClock()
        self.sim = SimulatedPortal(self.clock, latency_s=0)
        self.portal = GatedPortal(self.sim)
        self.qr = SimulatedQrSource(self.clock)
        self.qr.open()
        self.said: list[tuple[str, dict[str, object]]] = []
        self.finished = 0
        self.theme = Theme.for_panel(default_settings().panel, load_bundled_fonts(), big_text)
        self.window = QWidget()
        qtbot.addWidget(self.window)
        self.window.setObjectName("MainWindow")
        self.window.setStyleSheet(self.theme.stylesheet())
        self.window.resize(1920, 860)
        self.screen = TrackingScreen(self.window)
        self.screen.resize(1920, 860)
        self.prompts = load_prompts(ROOT / "config" / "prompts" / "vi")
        self.controller = TrackingController(
            self.screen,
            self.prompts,
            self.speak,
            self.portal,
            self.qr,
            unit_code=UNIT,
            procedure_name={"1.004222": "Đăng ký thường trú"}.get,
        )
        self.controller.finished.connect(self._finished)
        apply_theme(self.screen, self.theme)
        self.screen.apply(self.theme)
        self.window.show()

    def speak(self, prompt_id: str, /, **values: object) -> None:
        self.said.append((prompt_id, values))

    def _finished(self) -> None:
        self.finished += 1

    @property
    def ids(self) -> list[str]:
        return [pid for pid, _ in self.said]

    def submit(self) -> str:
        return self.sim.submit(
            DossierSubmission("loc-1", "1.004222", {"ho_ten": "Nguyễn Văn A"}, {})
        ).dossier_code

    def label(self, name: str) -> str:
        found = self.screen.findChild(QLabel, name)
        assert isinstance(found, QLabel), name
        return found.text()

    def button(self, name: str) -> QPushButton:
        found = self.screen.findChild(QPushButton, name)
        assert isinstance(found, QPushButton), name
        return found

    def type_digits(self, digits: str) -> None:
        for ch in digits:
            self.qtbot.mouseClick(self.screen.pad.keys[ch], CLICK)
        self.qtbot.mouseClick(self.screen.pad.done, CLICK)

    def wait_said(self, prompt_id: str) -> None:
        self.qtbot.waitUntil(lambda: prompt_id in self.ids, timeout=5000)

    def shoot(self, name: str) -> Path:
        apply_theme(self.screen, self.theme)
        self.screen.apply(self.theme)
        OUT.mkdir(parents=True, exist_ok=True)
        path = OUT / f"{name}.png"
        settle()
        assert self.window.grab().save(str(path))
        return path

    def close(self) -> None:
        self.portal.gate.set()
        self.controller.close()
        self.qr.close()


@pytest.fixture
def rig(qtbot: QtBot) -> Iterator[Rig]:
    r = Rig(qtbot)
    yield r
    r.close()


# ---- bad input first --------------------------------------------------------------------


def test_a_wrong_code_typed_is_explained_and_kept_to_fix(rig: Rig) -> None:
    rig.controller.start()
    rig.type_digits("26112")  # too short
    assert rig.ids[-1] == "tracking.malformed"
    assert rig.label("TrackingTitle").startswith("Mã hồ sơ chưa đúng")
    assert rig.screen.pad.display.text() == "26112"  # kept: the citizen adds what is missing
    assert rig.portal.threads == []  # nothing was looked up
    rig.shoot("tracking-bad-code")


def test_an_empty_search_is_explained(rig: Rig) -> None:
    rig.controller.start()
    rig.qtbot.mouseClick(rig.screen.pad.done, CLICK)
    assert rig.ids[-1] == "tracking.malformed" and rig.portal.threads == []


def test_a_qr_that_is_not_a_receipt_is_explained(rig: Rig) -> None:
    rig.controller.start()
    rig.qr.scan(CARD_QR)
    rig.wait_said("tracking.not_receipt")
    assert rig.label("TrackingTitle") == "Đây không phải mã QR của giấy biên nhận"
    assert all("Lan" not in rig.label(f"TrackingLine{i}") for i in range(5))
    assert rig.portal.threads == []


def test_scans_are_ignored_when_the_screen_is_not_shown(rig: Rig, qtbot: QtBot) -> None:
    code = rig.submit()
    rig.qr.scan(code)
    qtbot.wait(50)  # let a (wrongly) queued signal arrive, if any
    assert rig.said == [] and rig.portal.threads == []


# ---- the normal way ---------------------------------------------------------------------


def test_receipt_qr_shows_and_speaks_the_status(rig: Rig, qtbot: QtBot) -> None:
    code = rig.submit()
    rig.controller.start()
    assert rig.ids == ["tracking.title"]
    rig.shoot("tracking-waiting")
    rig.portal.gate.clear()
    rig.qr.scan(encode_receipt_qr(msgspec.structs.replace(LAN, dossier_code=code)))
    rig.wait_said("tracking.looking")
    assert rig.label("TrackingTitle") == "Đang tra cứu…"
    assert not rig.screen.pad.isVisible()
    rig.portal.gate.set()
    rig.wait_said("tracking.status_received")
    assert rig.portal.threads and rig.portal.threads[0].startswith("device-portal_lookup")
    assert rig.label("TrackingTitle") == "Hồ sơ đã được tiếp nhận"
    lines = [rig.label(f"TrackingLine{i}") for i in range(5)]
    assert lines[:4] == [
        f"Mã hồ sơ: {code}",
        "Thủ tục: Đăng ký thường trú",
        "Ngày tiếp nhận: 23/11/2026",
        "Chưa có kết quả",
    ]
    assert all("Nguyễn" not in line and "079201" not in line for line in lines)
    rig.shoot("tracking-result")


def test_typed_digits_find_the_dossier_with_its_appointment(rig: Rig) -> None:
    code = rig.submit()
    rig.portal.appointment = LAN.appointment_date  # the simulated portal sets none
    rig.controller.start()
    rig.type_digits(code.removeprefix(f"{UNIT}-").replace("-", ""))
    rig.wait_said("tracking.with_date")
    said = dict(rig.said[-1][1])
    assert said["date"] == "ngày 30 tháng 11 năm 2026"
    assert str(said["status"]).startswith("Hồ sơ của ông bà đã được tiếp nhận")
    assert "Ngày hẹn trả kết quả: 30/11/2026" in [rig.label(f"TrackingLine{i}") for i in range(5)]


def test_not_found_and_offline(rig: Rig) -> None:
    rig.controller.start()
    rig.type_digits("2611239999")
    rig.wait_said("tracking.not_found")
    rig.sim.set_offline(True)
    rig.type_digits("2611239999")
    rig.wait_said("tracking.offline")
    assert rig.label("TrackingTitle") == "Chưa tra cứu được lúc này"


def test_done_finishes_and_reset_forgets(rig: Rig, qtbot: QtBot) -> None:
    code = rig.submit()
    rig.sim.set_status(code, "done")
    rig.controller.start()
    rig.qr.scan(code)
    rig.wait_said("tracking.status_done")
    assert "Đã có kết quả" in [rig.label(f"TrackingLine{i}") for i in range(5)]
    done = rig.button("TrackingDone")
    assert done.height() >= 20 * rig.theme.px_per_mm and done.width() >= 20 * rig.theme.px_per_mm
    qtbot.mouseClick(done, CLICK)
    assert rig.finished == 1 and not rig.controller.active
    assert rig.controller.result is None and rig.label("TrackingTitle") == ""


def test_again_goes_back_to_waiting(rig: Rig, qtbot: QtBot) -> None:
    code = rig.submit()
    rig.controller.start()
    rig.qr.scan(code)
    rig.wait_said("tracking.status_received")
    qtbot.mouseClick(rig.button("TrackingAgain"), CLICK)
    assert rig.ids[-1] == "tracking.scan" and rig.screen.pad.isVisible()
    assert rig.label("TrackingTitle") == "Mời ông/bà quét mã QR trên giấy biên nhận"


def test_pad_keys_are_big_enough(rig: Rig) -> None:
    rig.controller.start()
    settle()
    ppm = rig.theme.px_per_mm
    for key in [*rig.screen.pad.keys.values(), rig.screen.pad.backspace]:
        assert key.height() >= 16 * ppm and key.width() >= 16 * ppm
    assert rig.screen.pad.done.height() >= 20 * ppm


def test_big_text_screenshots(qtbot: QtBot) -> None:
    rig = Rig(qtbot, big_text=True)
    try:
        code = rig.submit()
        rig.controller.start()
        rig.shoot("tracking-waiting-big")
        pad = rig.screen.pad
        assert not pad.side_by_side()  # the display reads after the prefix, above the keys
        assert pad.done.width() >= pad.done.minimumWidth() > 0  # "Tra cứu" not clipped
        rig.type_digits("2611")
        rig.shoot("tracking-bad-code-big")
        assert not pad.side_by_side() and pad.isVisible()
        rig.qr.scan(code)
        rig.wait_said("tracking.status_received")
        rig.shoot("tracking-result-big")
        done = rig.button("TrackingDone")
        assert done.isVisible() and done.height() >= 20 * rig.theme.px_per_mm
    finally:
        rig.close()


# ---- a receipt QR scanned on the attract screen ------------------------------------------


def test_a_receipt_scanned_on_attract_opens_tracking(rig: Rig, qtbot: QtBot) -> None:
    code = rig.submit()
    rig.sim.set_status(code, "processing")
    rig.controller.listen_on_attract(True)
    rig.qr.scan(CARD_QR)  # the card's QR on attract is the session's business, not ours
    qtbot.wait(50)
    assert rig.said == [] and not rig.controller.active
    with qtbot.waitSignal(rig.controller.opened_by_scan, timeout=5000):
        rig.qr.scan(encode_receipt_qr(msgspec.structs.replace(LAN, dossier_code=code)))
    rig.wait_said("tracking.status_processing")
    assert rig.controller.active
    assert rig.label("TrackingTitle") == "Hồ sơ đang được giải quyết"


def test_a_pending_receipt_on_attract_opens_tracking_and_explains(rig: Rig, qtbot: QtBot) -> None:
    from tests.unit.receipt.samples import PENDING

    rig.controller.listen_on_attract(True)
    with qtbot.waitSignal(rig.controller.opened_by_scan, timeout=5000):
        rig.qr.scan(encode_receipt_qr(PENDING))
    assert rig.ids == ["tracking.pending_receipt"] and rig.portal.threads == []
    assert rig.label("TrackingTitle") == "Hồ sơ đang chờ gửi lên hệ thống"
