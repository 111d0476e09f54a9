"""The diagnostics home on the simulated devices: each failure state says which device is
broken and why, in Vietnamese; a healthy kiosk shows every device ready (issue 11)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from devices.simulated.card_reader import SimulatedCard
from devices.simulated.receipt_printer import SimulatedReceiptPrinter
from kiosk.ports.card_reader import BacKey
from kiosk.ports.document_scanner import NoDevice, PaperJam
from tests.ui.diagnostics.conftest import Rig
from tests.ui.diagnostics.support import idle, press_check, press_extra, row_view, shown

CARD = SimulatedCard(BacKey("C01234567", "560201", "360201"))


def opened(qtbot: QtBot, rig: Rig) -> None:
    rig.controller.open()
    idle(qtbot, rig.controller)
    assert rig.window.current_screen_id == "diag_home"


def test_a_healthy_kiosk_shows_every_device_ready(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    view = rig.controller.home_view()
    assert [r.port for r in view.rows] == [
        "card_reader",
        "qr_source",
        "document_scanner",
        "receipt_printer",
        "speaker",
        "portal",
    ]
    assert all(r.status == "Sẵn sàng" and r.severity == "ok" for r in view.rows), view.rows
    assert view.message == "Tất cả thiết bị sẵn sàng" and not view.alert
    assert view.system.startswith("Phiên bản ")  # version, config hash, disk, memory, uptime
    assert "Đã chạy" in view.system and "Đĩa trống" in view.system
    assert "simulated" in shown(rig.controller, "portal") or row_view(rig.controller, "portal")


def test_card_reader_gone(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    rig.ports.card_reader.unplug()
    press_check(qtbot, rig.controller, "card_reader")
    text = shown(rig.controller, "card_reader")
    assert text.startswith("Đầu đọc thẻ CCCD")
    assert "Không thấy đầu đọc" in text
    assert row_view(rig.controller, "card_reader").severity == "broken"
    assert "Có thiết bị cần sửa: Đầu đọc thẻ CCCD" in rig.controller.home_view().message


def test_no_card_then_a_card(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    press_check(qtbot, rig.controller, "card_reader")
    assert "chưa có thẻ trên đầu đọc" in shown(rig.controller, "card_reader")
    assert row_view(rig.controller, "card_reader").severity == "note"
    rig.ports.card_reader.insert(CARD)
    press_check(qtbot, rig.controller, "card_reader")
    assert "có thẻ trên đầu đọc" in shown(rig.controller, "card_reader")
    assert row_view(rig.controller, "card_reader").severity == "ok"


def test_card_reader_failed(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    rig.ports.card_reader.fail("pcscd stopped answering")
    press_check(qtbot, rig.controller, "card_reader")
    text = shown(rig.controller, "card_reader")
    assert "Hỏng, không dùng được" in text and "pcscd stopped answering" in text


def test_qr_silent_and_what_arrived_without_its_text(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    press_check(qtbot, rig.controller, "qr_source")
    assert "Không nhận được mã nào" in shown(rig.controller, "qr_source")
    assert row_view(rig.controller, "qr_source").severity == "note"

    payload = "001056012345|C01234567|Nguyễn Thị Lan|01021956|Nữ|12 Hàng Bạc|01012021"
    real_pause = rig.controller.tests.pause

    def scan_while_listening(seconds: float) -> None:
        if seconds == rig.controller.tests.listen_s:  # the listen, not the settle steps
            rig.ports.qr_source.scan(payload)
        real_pause(seconds)

    rig.controller.tests.pause = scan_while_listening  # type: ignore[method-assign]
    press_check(qtbot, rig.controller, "qr_source")
    text = shown(rig.controller, "qr_source")
    assert "Đã nhận 1 mã" in text and f"/{len(payload)} chars" in text
    for secret in ("001056012345", "Nguyễn", "Hàng Bạc", "C01234567"):
        assert secret not in text
        assert all(secret not in (row[3] or "") for row in rig.audit.rows)


def test_qr_scanner_failed(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    rig.ports.qr_source.fail("serial port vanished")
    press_check(qtbot, rig.controller, "qr_source")
    assert "Hỏng, không dùng được" in shown(rig.controller, "qr_source")


def test_scanner_jam(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    rig.ports.document_scanner.load_paper(1)
    rig.ports.document_scanner.inject(PaperJam("feeder jammed"))
    press_extra(qtbot, rig.controller, "document_scanner")
    text = shown(rig.controller, "document_scanner")
    assert text.startswith("Máy quét giấy tờ") and "Kẹt giấy" in text
    assert row_view(rig.controller, "document_scanner").severity == "broken"


def test_scanner_no_device(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    rig.ports.document_scanner.inject(NoDevice("USB device disappeared"))
    press_extra(qtbot, rig.controller, "document_scanner")
    assert "Không thấy thiết bị" in shown(rig.controller, "document_scanner")
    rig.ports.document_scanner.fail("sane: no device")
    press_check(qtbot, rig.controller, "document_scanner")
    assert "Hỏng, không dùng được" in shown(rig.controller, "document_scanner")


def test_scan_a_page_and_show_it(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    rig.ports.document_scanner.load_paper(1)
    press_extra(qtbot, rig.controller, "document_scanner")
    view = rig.controller.home_view()
    assert view.picture_caption == "Đã quét 1 trang: 210.1 × 297.1 mm, 200 dpi"  # A4 in pixels
    picture = rig.controller._home_screen().picture.pixmap()
    assert not picture.isNull() and picture.height() > picture.width()  # an A4 page, upright
    assert rig.ports.document_scanner.pages_loaded == 0


def test_printer_paper_out(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    rig.ports.receipt_printer.close()
    rig.ports.receipt_printer = SimulatedReceiptPrinter(rig.clock, paper_mm=0, print_delay_s=0)
    rig.ports.receipt_printer.open()
    press_check(qtbot, rig.controller, "receipt_printer")
    text = shown(rig.controller, "receipt_printer")
    assert text.startswith("Máy in biên nhận") and "Hết giấy" in text


def test_printer_cover_open(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    rig.ports.receipt_printer.set_cover_open(True)
    press_check(qtbot, rig.controller, "receipt_printer")
    assert "Nắp đang mở" in shown(rig.controller, "receipt_printer")


def test_printer_offline(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    rig.ports.receipt_printer.set_offline(True)
    press_check(qtbot, rig.controller, "receipt_printer")
    assert "Không trả lời" in shown(rig.controller, "receipt_printer")


def test_printer_test_receipt(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    press_extra(qtbot, rig.controller, "receipt_printer")
    assert "Đã in biên nhận thử" in shown(rig.controller, "receipt_printer")
    ((receipt, _large),) = rig.ports.receipt_printer.receipts
    assert receipt.practice and receipt.dossier_code.startswith("TEST-")


def test_speaker_failed(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    rig.ports.speaker.fail("no audio device")
    press_check(qtbot, rig.controller, "speaker")
    text = shown(rig.controller, "speaker")
    assert text.startswith("Loa") and "Hỏng, không dùng được" in text


def test_speaker_plays_the_test_prompt(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    press_extra(qtbot, rig.controller, "speaker")
    assert "Đã phát câu nói thử" in shown(rig.controller, "speaker")
    assert [u.prompt_id for u in rig.ports.speaker.spoken] == ["diag.audio_sample"]


def test_portal_down(qtbot: QtBot, rig: Rig) -> None:
    opened(qtbot, rig)
    rig.ports.portal.set_offline(True)
    press_check(qtbot, rig.controller, "portal")
    text = shown(rig.controller, "portal")
    assert text.startswith("Cổng dịch vụ công") and "Không kết nối được" in text


def test_every_failure_at_once_is_listed(qtbot: QtBot, rig: Rig) -> None:
    rig.ports.card_reader.unplug()
    rig.ports.receipt_printer.set_cover_open(True)
    rig.ports.speaker.fail("no audio device")
    rig.ports.portal.set_offline(True)
    opened(qtbot, rig)
    message = rig.controller.home_view().message
    for name in ("Đầu đọc thẻ CCCD", "Máy in biên nhận", "Loa", "Cổng dịch vụ công"):
        assert name in message
    assert "Máy quét giấy tờ" not in message


def test_no_ports_yet(qtbot: QtBot, rig: Rig) -> None:
    rig.state["ports"] = False
    rig.controller.open()
    qtbot.waitUntil(lambda: rig.controller._system is not None)
    assert "chưa khởi động xong" in rig.controller.home_view().message


def test_every_action_is_audited_with_who_and_when(qtbot: QtBot, rig: Rig) -> None:
    rig.controller.set_actor("badge-07")
    opened(qtbot, rig)
    rig.ports.receipt_printer.set_cover_open(True)
    press_check(qtbot, rig.controller, "receipt_printer")
    QTest.mouseClick(rig.controller._home_screen().close_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "diag_closed" in rig.audit.actions())
    assert rig.audit.actions() == [
        "diag_opened",
        "diag_check",
        "diag_result",
        "diag_closed",
    ]
    kind, actor, _, detail, at = rig.audit.rows[2]
    assert (kind, actor) == ("technician", "badge-07") and at == rig.clock.now()
    assert detail == "port=receipt_printer action=check state=needs_technician why=cover_open"


def test_the_check_runs_on_a_worker_not_the_gui_thread(qtbot: QtBot, rig: Rig) -> None:
    import threading

    seen: list[str] = []
    health = rig.ports.portal.health

    def spy() -> object:
        seen.append(threading.current_thread().name)
        return health()

    rig.ports.portal.health = spy  # type: ignore[method-assign,assignment]
    opened(qtbot, rig)
    press_check(qtbot, rig.controller, "portal")
    assert seen and threading.main_thread().name not in seen


class RecordingPlayer:
    """An AudioPlayer fake (the real one is devices/tts's SinkPlayer): keeps what it played."""

    def __init__(self, broken: bool = False) -> None:
        self.played: list[bytes] = []
        self.broken = broken

    def play(self, wav: bytes, volume: float = 1.0) -> None:
        if self.broken:
            raise OSError("no audio sink")
        self.played.append(wav)

    def stop(self) -> None:
        pass


def test_audio_test_plays_a_tone_then_the_prompt(qtbot: QtBot, rig: Rig) -> None:
    player = RecordingPlayer()
    rig.controller._dispatch._player = player
    opened(qtbot, rig)
    press_extra(qtbot, rig.controller, "speaker")
    assert "Đã phát tiếng bíp và câu nói thử" in shown(rig.controller, "speaker")
    assert len(player.played) == 1 and player.played[0][:4] == b"RIFF"
    assert [u.prompt_id for u in rig.ports.speaker.spoken] == ["diag.audio_sample"]


def test_audio_output_broken(qtbot: QtBot, rig: Rig) -> None:
    rig.controller._dispatch._player = RecordingPlayer(broken=True)
    opened(qtbot, rig)
    press_extra(qtbot, rig.controller, "speaker")
    text = shown(rig.controller, "speaker")
    assert "Hỏng, không dùng được" in text and "no audio sink" in text
    assert rig.ports.speaker.spoken == ()


def test_bac_with_the_technicians_test_card(qtbot: QtBot, rig: Rig) -> None:
    rig.controller.tests._keys = (CARD.key,)  # as `test_card_keys=` passes them
    opened(qtbot, rig)
    rig.ports.card_reader.insert(CARD)
    press_check(qtbot, rig.controller, "card_reader")
    assert "đã mở được chip của thẻ thử" in shown(rig.controller, "card_reader")
    rig.ports.card_reader.remove()
    rig.ports.card_reader.insert(SimulatedCard(BacKey("C99999999", "700101", "300101")))
    press_check(qtbot, rig.controller, "card_reader")
    assert "Thẻ thử không mở được chip" in shown(rig.controller, "card_reader")
