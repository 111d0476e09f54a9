"""Staff mode attached once the store is open (for kiosk/app.py): the audit log, the last PIN
entry (so a lockout survives a restart) and the outbox exist only after the store opened on its
worker. The store thread emits `store_opened(audit_log, last_pin_entry)`; this GUI-thread object
receives it (queued), builds StaffAccess from the settings and calls
`SessionController.attach_staff`; `attached(StaffMode)` then lets the composition root connect
the diagnostics and the recorder."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from kiosk.ports.clock import Clock
from kiosk.services.staff_access import LastPinEntry, PinHashes, StaffAccess
from kiosk.settings.schema import Settings
from ui.session_controller import SessionController

log = logging.getLogger(__name__)


class StaffWiring(QObject):
    store_opened = Signal(object, object)  # AuditSink, LastPinEntry | None (any thread)
    attached = Signal(object)  # StaffMode (GUI thread)

    def __init__(
        self,
        controller: SessionController,
        settings: Settings,
        clock: Clock,
        outbox: Callable[[], Any],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._controller, self._settings, self._clock, self._outbox = (
            controller, settings, clock, outbox,
        )  # fmt: skip
        self.store_opened.connect(self.attach)

    def attach(self, audit: Any, last_entry: LastPinEntry | None) -> None:
        sec = self._settings.security
        access = StaffAccess(
            PinHashes(staff=sec.staff_pin_hash, technician=sec.technician_pin_hash),
            max_attempts=sec.max_pin_attempts,
            lockout_s=sec.lockout_s,
            clock=self._clock,
            audit=audit,
            kiosk_id=self._settings.kiosk.id,
            last_entry=last_entry,
        )
        # the recorder's door is shown: kiosk/app.py connects it (ui.staff.tools)
        mode = self._controller.attach_staff(access, audit, self._outbox, recorder=True)
        if mode is not None:
            log.info("staff mode attached (staff PIN %s, technician PIN %s)",
                     "set" if sec.staff_pin_hash else "not set",
                     "set" if sec.technician_pin_hash else "not set")  # fmt: skip
            self.attached.emit(mode)
