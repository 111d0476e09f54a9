"""Play the citizen from the keyboard when the kiosk runs on simulated devices.

Part of the composition root (like kiosk/app.py): it alone may join Qt and the simulators.
F1/F2/F3 — Bà Lan / Chú Tư / Anh Minh show their card's QR, put the card on the reader and its
back on the scanner glass (for "Dùng mặt sau thẻ"); F4 — take the card off; F5 — only show Bà
Lan's QR; F6 — only put her card down; F7 — unplug the card reader; F8 — plug it back.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QWidget

from devices.simulated.card_reader import SimulatedCardReader
from devices.simulated.citizens import CITIZENS, SimulatedCitizen
from devices.simulated.mrz_reader import SimulatedMrzReader
from devices.simulated.qr_source import SimulatedQrSource
from kiosk.ports.card_reader import CardReader
from kiosk.ports.mrz_reader import MrzReader
from kiosk.ports.qr_source import QrSource

log = logging.getLogger("kiosk.simulation")

KEYS_HELP = (
    "F1-F3 citizen shows QR and card, F4 card off, F5 QR only, F6 card only, "
    "F7 unplug reader, F8 plug reader"
)


class SimulationKeys(QObject):
    """An application-wide key filter: it works whichever screen or widget has the focus."""

    def __init__(
        self,
        window: QWidget,
        card_reader: CardReader,
        qr_source: QrSource,
        mrz_reader: MrzReader | None = None,
    ) -> None:
        super().__init__(window)
        self._reader = card_reader if isinstance(card_reader, SimulatedCardReader) else None
        self._qr = qr_source if isinstance(qr_source, SimulatedQrSource) else None
        self._glass = mrz_reader if isinstance(mrz_reader, SimulatedMrzReader) else None
        self._actions = {
            Qt.Key.Key_F1: self.citizen_1,
            Qt.Key.Key_F2: self.citizen_2,
            Qt.Key.Key_F3: self.citizen_3,
            Qt.Key.Key_F4: self.card_off,
            Qt.Key.Key_F5: self.qr_only,
            Qt.Key.Key_F6: self.card_only,
            Qt.Key.Key_F7: self.unplug_reader,
            Qt.Key.Key_F8: self.plug_reader,
        }
        app = QCoreApplication.instance()
        assert app is not None
        app.installEventFilter(self)
        log.info("simulated devices: %s", KEYS_HELP)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() is QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            action = self._actions.get(Qt.Key(event.key()))
            if action is not None and not event.isAutoRepeat():
                action()
                return True
        return False

    def citizen_1(self) -> None:
        self._arrive(CITIZENS[0])

    def citizen_2(self) -> None:
        self._arrive(CITIZENS[1])

    def citizen_3(self) -> None:
        self._arrive(CITIZENS[2])

    def card_off(self) -> None:
        if self._reader is not None:
            self._reader.remove()

    def qr_only(self) -> None:
        if self._qr is not None:
            self._qr.scan(CITIZENS[0].card_qr)

    def card_only(self) -> None:
        if self._reader is not None:
            self._reader.insert(CITIZENS[0].card)

    def unplug_reader(self) -> None:
        if self._reader is not None:
            self._reader.unplug()

    def plug_reader(self) -> None:
        if self._reader is not None:
            self._reader.plug()

    def _arrive(self, citizen: SimulatedCitizen) -> None:
        if self._glass is not None:
            self._glass.place(citizen.mrz)
        if self._qr is not None:
            self._qr.scan(citizen.card_qr)
        if self._reader is not None:
            self._reader.insert(citizen.card)
