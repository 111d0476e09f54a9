"""The composition root's way to attach staff mode: the store thread emits `store_opened` with
the real AuditLog and the last PIN entry; staff mode is attached on the GUI thread, and a
lockout recorded before a restart still holds."""

from __future__ import annotations

import threading
from datetime import timedelta

import msgspec
from pytestqt.qtbot import QtBot

from kiosk.ports.clock import ManualClock
from kiosk.services.staff_access import PIN_ACTIONS
from kiosk.settings.schema import Settings
from kiosk.store.audit_repository import AuditReader
from kiosk.store.db import session_factory
from kiosk.store.repositories import AuditLog
from tests.ui.staff.rig import STAFF_PIN, hashes
from tests.ui.support import SubmissionRig
from ui.main_window import MainWindow
from ui.session_controller import SessionController
from ui.staff.mode import StaffMode
from ui.staff.wiring import StaffWiring


def test_attached_from_the_store_thread_with_the_lockout_restored(
    qtbot: QtBot, window: MainWindow, settings: Settings, clock: ManualClock,
    submission: SubmissionRig,
) -> None:  # fmt: skip
    sessions = session_factory(submission.engine)
    log = AuditLog(sessions)
    # before the restart: the pad locked for 300 s a minute ago
    log.record("system", "pin-pad", "pin_failed",
               "kiosk=K role=any badge=- failures=0 lockouts=1 locked_s=300",
               at=clock.now() - timedelta(seconds=60))  # fmt: skip
    h = hashes()
    configured = msgspec.structs.replace(
        settings,
        security=msgspec.structs.replace(
            settings.security, staff_pin_hash=h.staff, technician_pin_hash=h.technician
        ),
    )
    controller = window.controller
    assert isinstance(controller, SessionController)
    wiring = StaffWiring(controller, configured, clock, lambda: submission.outbox)
    attached: list[object] = []
    wiring.attached.connect(attached.append)
    last = AuditReader(sessions).latest(PIN_ACTIONS)
    store = threading.Thread(target=wiring.store_opened.emit, args=(log, last))
    store.start()
    store.join()
    qtbot.waitUntil(lambda: bool(attached))
    mode = attached[0]
    assert isinstance(mode, StaffMode) and controller.staff is mode
    access = mode._access
    assert access.enabled() and 239 <= access.locked_for_s() <= 241
    assert access.attempt(STAFF_PIN).outcome.value == "locked"
