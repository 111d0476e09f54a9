"""Helpers for the shell's UI tests (fixtures are in conftest.py, which sets the Qt platform)."""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import msgspec
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from pytestqt.qtbot import QtBot

from devices.simulated.card_reader import SimulatedCardReader
from devices.simulated.citizens import SimulatedCitizen
from devices.simulated.qr_source import SimulatedQrSource
from kiosk.domain.devices import READY, HealthReport
from kiosk.domain.identity import CitizenIdentity
from kiosk.ports.card_reader import BacKey, CardEvent, ChipData
from kiosk.ports.clock import ManualClock
from kiosk.ports.speaker import Utterance
from kiosk.prompts import PromptCatalogue
from kiosk.services.addresses.book import AddressBook, load_address_book
from kiosk.services.procedures.catalogue import Catalogue, load_catalogue
from kiosk.settings.schema import Settings, default_settings
from ui.icons import icon_names
from ui.main_window import MainWindow
from ui.shell import create_main_window

if TYPE_CHECKING:
    from kiosk.ports.portal import Portal
    from kiosk.ports.qr_source import QrSource
    from kiosk.store.outbox_repository import Delivery
    from ui.procedure_wiring import SubmissionPorts

LAN = CitizenIdentity(
    id_number="001056012345", full_name="Nguyễn Thị Lan", address="12 Hàng Bạc, Hoàn Kiếm"
)

PANEL_21 = {"width_mm": 476.6, "height_mm": 268.1, "width_px": 1920, "height_px": 1080}
PANEL_15 = {"width_mm": 344.0, "height_mm": 194.0, "width_px": 1366, "height_px": 768}


class RecordingSpeaker:
    """A Speaker port fake: records what it was asked to say and how often it was stopped."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.utterances: list[Utterance] = []
        self.stops = 0
        self.opened = 0
        self.closed = 0
        self.threads: set[str] = set()

    def open(self) -> None:
        with self._lock:
            self.opened += 1

    def health(self) -> HealthReport:
        return READY

    def speak(self, utterance: Utterance) -> None:
        with self._lock:
            self.utterances.append(utterance)
            self.threads.add(threading.current_thread().name)

    def stop(self) -> None:
        with self._lock:
            self.stops += 1

    def close(self) -> None:
        with self._lock:
            self.closed += 1

    def ids(self) -> list[str]:
        with self._lock:
            return [u.prompt_id for u in self.utterances]

    def last(self) -> Utterance:
        with self._lock:
            return self.utterances[-1]


class GatedReader:
    """The simulated reader behind a gate: while `gate` is clear a chip read waits, so a test
    can look at (and photograph) the reading state, or take the card out in the middle."""

    def __init__(self, clock: ManualClock) -> None:
        self.sim = SimulatedCardReader(clock, read_delay_s=0)
        self.gate = threading.Event()
        self.gate.set()
        self.reads: list[BacKey] = []

    def open(self) -> None:
        self.sim.open()

    def health(self) -> HealthReport:
        return self.sim.health()

    def subscribe(self, callback: Callable[[CardEvent], None]) -> None:
        self.sim.subscribe(callback)

    def read_chip(self, key: BacKey, groups: tuple[str, ...]) -> ChipData:
        self.reads.append(key)
        self.gate.wait(timeout=10)  # on the reader's worker thread, never the test's
        return self.sim.read_chip(key, groups)

    def close(self) -> None:
        self.gate.set()
        self.sim.close()


class SimDevices:
    """A card reader and a QR scanner, opened, as kiosk/app.py would attach them."""

    def __init__(self, clock: ManualClock) -> None:
        self.reader = GatedReader(clock)
        self.qr = SimulatedQrSource(clock)

    def open(self) -> None:
        self.reader.open()
        self.qr.open()

    def close(self) -> None:
        self.reader.close()
        self.qr.close()


def settings_for(panel: dict[str, float] | None = None) -> Settings:
    if panel is None:
        return default_settings()
    return msgspec.convert({"panel": panel}, Settings)


def open_window(
    qtbot: QtBot,
    settings: Settings,
    prompts: PromptCatalogue,
    speaker: RecordingSpeaker,
    clock: ManualClock,
    devices: SimDevices | None = None,
) -> MainWindow:
    """The kiosk window; with `devices`, attached after the first paint like kiosk/app.py does."""
    window = create_main_window(settings, prompts, speaker, clock)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.first_painted, timeout=5000):
        window.show_kiosk(fullscreen=False)
    assert window.controller is not None
    window.controller.attach_procedures(catalogue(), address_book=address_book())
    if devices is not None:
        window.controller.attach_devices(devices.reader, devices.qr)
        devices.open()
    return window


@functools.cache
def catalogue() -> Catalogue:
    """The shipped procedure catalogue (checked like kiosk/app.py does at start), loaded once."""
    return load_catalogue(icons=icon_names())


@functools.cache
def address_book() -> AddressBook:
    return load_address_book()


def settle() -> None:
    """Let pending layout requests and queued signals run (no sleeping)."""
    app = QApplication.instance()
    assert app is not None
    for _ in range(3):
        app.processEvents()


def drive(window: MainWindow, clock: ManualClock, seconds: float, step: float = 1.0) -> None:
    """Move the manual clock and tick the controller as its QTimer would."""
    assert window.controller is not None
    for _ in range(round(seconds / step)):
        clock.advance(step)
        window.controller.tick()


def button(window: MainWindow, name: str) -> QPushButton:
    found = window.findChild(QPushButton, name)
    assert found is not None, f"no button {name}"
    return found


def label(window: MainWindow, name: str) -> QLabel:
    found = window.findChild(QLabel, name)
    assert found is not None, f"no label {name}"
    return found


def every_text(window: MainWindow) -> list[tuple[str, str]]:
    """(widget name, text) for every text a widget can show or announce."""
    texts = [("window title", window.windowTitle())]
    for w in [window, *window.findChildren(QWidget)]:
        name = w.objectName() or type(w).__name__
        if isinstance(w, QLabel | QAbstractButton | QLineEdit):
            texts.append((name, w.text()))
        if isinstance(w, QLineEdit):
            texts.append((name + " placeholder", w.placeholderText()))
        texts += [
            (name + " tooltip", w.toolTip()),
            (name + " accessibleName", w.accessibleName()),
            (name + " accessibleDescription", w.accessibleDescription()),
            (name + " statusTip", w.statusTip()),
            (name + " whatsThis", w.whatsThis()),
        ]
    return [(n, t) for n, t in texts if t]


def citizen_fragments(identity: CitizenIdentity) -> list[str]:
    parts = [*identity.full_name.split(), identity.id_number, identity.id_number[-4:]]
    if identity.address:
        parts += [p.strip() for p in identity.address.split(",")]
    return parts


def leftovers(window: MainWindow, identity: CitizenIdentity) -> list[tuple[str, str]]:
    frags = citizen_fragments(identity)
    return [(n, t) for n, t in every_text(window) if any(f in t for f in frags)]


def leftovers_of(window: MainWindow, who: SimulatedCitizen) -> list[tuple[str, str]]:
    """`leftovers` for a scripted chip citizen: their name, ID and address anywhere on screen."""
    identity = CitizenIdentity(
        id_number=who.id_number, full_name=who.full_name, address=who.address
    )
    return leftovers(window, identity)


class SubmissionRig:
    """Issue 9's real back end for UI tests: Outbox + SQLite store in `tmp`, simulated portal
    and printer, and the sender driven by hand (`deliver`) so nothing spins on a manual clock."""

    def __init__(
        self,
        clock: ManualClock,
        tmp: Path,
        portal: Portal | None = None,
        kiosk_id: str | None = None,
    ) -> None:
        from devices.simulated.portal import SimulatedPortal
        from devices.simulated.receipt_printer import SimulatedReceiptPrinter
        from kiosk.services.outbox import Backoff, Outbox, OutboxSender, PaperFolder
        from kiosk.store import migrate
        from kiosk.store.db import make_engine, session_factory, sqlite_url
        from kiosk.store.outbox_repository import OutboxRepository

        url = sqlite_url(tmp / "data" / "kiosk.db")
        migrate.upgrade(url)
        self.engine = make_engine(url)
        self.kiosk_id = kiosk_id or default_settings().kiosk.id
        self.repository = OutboxRepository(session_factory(self.engine), self.kiosk_id)
        self.outbox = Outbox(self.repository, PaperFolder(tmp / "data" / "outbox"), clock,
                             self.kiosk_id)  # fmt: skip
        self.simulated = SimulatedPortal(clock, latency_s=0)
        self.portal: Portal = portal or self.simulated  # a real one: the peer test's gateway
        self.printer = SimulatedReceiptPrinter(clock, print_delay_s=0)
        self.printer.open()
        self.sender = OutboxSender(self.outbox, self.portal, clock, Backoff(1.0, 2.0, 4.0, 0.0))
        self.clock = clock
        self.available = True  # False: as before the store opened (no outbox yet)

    def ports(self, qr: QrSource | None = None) -> SubmissionPorts:
        from ui.procedure_wiring import SubmissionPorts

        return SubmissionPorts(
            outbox=lambda: self.outbox if self.available else None,
            printer=self.printer,
            portal=self.portal,
            qr_source=qr,
        )

    def portal_codes(self) -> list[str]:
        """The dossiers the portal registered (by the idempotency key each came with)."""
        return [s.local_id for s in self.simulated.submissions]

    def deliver(self) -> int:
        """One pass of the sender (its thread would do this on its own)."""
        return self.sender.deliver_due()

    def deliveries(self) -> list[Delivery]:
        from sqlalchemy import text

        with self.engine.connect() as c:
            ids = [r[0] for r in c.execute(text("SELECT local_id FROM dossiers"))]
        found = [self.outbox.delivery(i) for i in ids]
        return [d for d in found if d is not None]

    def close(self) -> None:
        self.sender.close()
        self.printer.close()
        self.portal.close()
        self.engine.dispose()
