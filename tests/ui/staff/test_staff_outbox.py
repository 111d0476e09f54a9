"""The outbox as staff see it (a real OutboxRepository on SQLite): pending / sent / failed with
reference, procedure, attempts and error class, "Gửi lại" moves a failed one back to pending (on
a worker, audited), and no name or ID number anywhere on the screen. And the reprint: the
simulated printer receives a second job for this session's receipt."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtTest import QTest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from devices.simulated.citizens import BA_LAN
from kiosk.ports.clock import ManualClock
from tests.ui.staff.rig import CLICK, StaffRig, shoot, texts
from tests.ui.support import SimDevices, SubmissionRig, settle
from tests.ui.test_submit_e2e import to_submit
from tests.unit.outbox.conftest import new_dossier
from ui.main_window import MainWindow
from ui.screens.staff_outbox import StaffOutboxScreen

PERSONAL = ("Nguyễn Văn An", "Nguyễn", "2026-11-20", BA_LAN.full_name, BA_LAN.id_number,
            BA_LAN.id_number[-4:])  # fmt: skip


def test_outbox_rows_retry_and_no_personal_data(
    staff: StaffRig, window: MainWindow, qtbot: QtBot, submission: SubmissionRig,
    clock: ManualClock,
) -> None:  # fmt: skip
    outbox, repo = submission.outbox, submission.repository
    sent = outbox.enqueue(new_dossier()).local_id
    failed = outbox.enqueue(new_dossier()).local_id
    waiting = outbox.enqueue(new_dossier()).local_id
    now = clock.now()
    for local_id in (sent, failed, waiting):
        repo.claim(local_id, now)
    repo.acknowledge(sent, "000.00.12.H26-261123-0007", None, now)
    repo.attempt_failed(failed, "rejected", "PortalRejected: Nguyễn Văn An 001056012345", now,
                        None)  # fmt: skip
    repo.attempt_failed(waiting, "offline", "ConnectionError: refused", now,
                        now + timedelta(seconds=60))  # fmt: skip

    staff.log_in()
    staff.menu("outbox")
    screen = window.screen_widget("staff_outbox")
    assert isinstance(screen, StaffOutboxScreen)
    ctl = staff.staff._outbox_view
    assert ctl is not None
    qtbot.waitUntil(lambda: not ctl.busy and screen.row_titles[2].text() != "")
    settle()
    shown = texts(screen)
    assert "Chờ gửi: 1 · Đã gửi: 1 · Gửi lỗi: 1" in shown
    assert "Gửi lỗi · 1 lần gửi · lỗi: PortalRejected" in shown
    assert any(t.startswith("000.00.12.H26-261123-0007 · ") for t in shown)
    assert [b.isVisible() for b in screen.retry[:3]] == [True, False, False]  # failed first
    leaked = [t for t in texts(window) if any(p in t for p in PERSONAL)]
    assert leaked == []
    shoot(window, "outbox")

    QTest.mouseClick(screen.retry[0], CLICK)
    qtbot.waitUntil(lambda: repo.delivery(failed).state == "pending")  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: not ctl.busy)
    settle()
    assert any(t.startswith("Đã xếp hồ sơ") for t in texts(screen))
    rows = staff.wait_actions(["enter", "outbox_retry"])
    assert f"dossier={failed}" in (rows[1].detail or "")
    close = screen.findChild(QPushButton, "StaffOutboxClose")
    assert close is not None
    QTest.mouseClick(close, CLICK)
    assert window.current_screen_id == "staff_menu"


def test_reprint_sends_a_second_job_to_the_printer(
    staff: StaffRig, window: MainWindow, qtbot: QtBot, sim: SimDevices, papers: object,
    submission: SubmissionRig,
) -> None:  # fmt: skip
    to_submit(window, qtbot, sim)
    qtbot.waitUntil(lambda: bool(submission.deliveries()))
    assert submission.deliver() == 1
    qtbot.waitUntil(lambda: window.current_screen_id == "receipt")
    qtbot.waitUntil(lambda: len(submission.printer.receipts) == 1)
    staff.log_in()
    assert "reprint" in staff.offered()
    shoot(window, "menu")
    staff.menu("reprint")
    assert window.current_screen_id == "staff_menu"  # staff stay; the message says it
    qtbot.waitUntil(lambda: len(submission.printer.receipts) == 2)
    first, second = submission.printer.receipts
    assert first[0] == second[0]  # the same receipt, again
    staff.menu("exit")
    assert window.current_screen_id == "receipt"
    staff.wait_actions(["enter", "reprint", "exit"])
