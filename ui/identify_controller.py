"""The identify step's wiring: card reader, QR source and MRZ reader → IdentifyFlow → screen,
speech, session.

Device callbacks arrive on the adapters' threads; they only emit a Qt signal of this GUI-thread
object, connected to a bound method, so Qt queues them onto the GUI thread. The chip read runs on
the card reader's own DeviceWorker thread and comes back the same way; so does an MRZ scan of the
card back, on the MRZ reader's worker. While either runs the session is held
(`hold_for_device`), so the idle timeout cannot end a session mid-read.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from kiosk.domain.devices import HealthReport
from kiosk.flows.identify import (
    ChipFailure,
    ChipReadRequested,
    CitizenFound,
    IdentifyEvent,
    IdentifyFlow,
    IdentityRules,
    MrzScanRequested,
    Phase,
    Problem,
    StatusChanged,
    Way,
)
from kiosk.flows.session import Screen, SessionFlow
from kiosk.ports.card_reader import (
    CardEvent,
    CardEventKind,
    CardReader,
)
from kiosk.ports.clock import Clock
from kiosk.ports.mrz_reader import PROMPT_UNAVAILABLE, MrzReader
from kiosk.ports.qr_source import QrPreview, QrPreviewSource, QrSource
from kiosk.prompts import PromptCatalogue
from kiosk.services.identity.face import FaceImage
from ui.face_image import face_from_chip, with_face
from ui.identify_jobs import Inbox, ReadJob, ReadOutcome, ScanJob, ScanOutcome
from ui.view_models import IdentifyAction, IdentifyView
from ui.workers import DeviceWorker

log = logging.getLogger(__name__)

DEVICE = "card_reader"
MRZ_DEVICE = "mrz_reader"
PICTURES = {Phase.WAITING: "card", Phase.READING: "reading", Phase.SCANNING: "reading"}
PREVIEWED = frozenset({"identify.waiting", "identify.scan_qr"})  # not once the QR is read
CARD_PROBLEMS = frozenset({Problem.CARD_REMOVED, Problem.NO_QR, Problem.NO_CHIP})  # show the card
IdentifyDevices = tuple[CardReader | None, QrSource | None, MrzReader | None]  # what attach takes


class IdentifyController(QObject):
    status_changed = Signal()  # the identify view or its speech changed (GUI thread)
    _card_event = Signal(object)  # from device threads: queued onto the GUI thread
    _qr_text = Signal(str)
    _qr_preview = Signal(object)
    preview_changed = Signal(object)  # QrPreview while waiting with a camera, else None (GUI)

    def __init__(
        self,
        session: SessionFlow,
        clock: Clock,
        prompts: PromptCatalogue,
        rules: IdentityRules,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._prompts = prompts
        self.flow = IdentifyFlow(clock, rules, self._on_event)
        self._reader: CardReader | None = None
        self._qr: QrSource | None = None
        self._live = False  # the QR source is a camera that can show what it sees
        self._worker: DeviceWorker | None = None
        self._mrz: MrzReader | None = None
        self._mrz_worker: DeviceWorker | None = None
        self._inbox: Inbox | None = None
        self._holding = False
        self._closed = False
        # a staff screen covers the citizen's: scans then belong to staff (the technician's QR
        # test, a badge), not to the identify step under it (set by the session controller)
        self.covered: Callable[[], bool] = lambda: False
        self._face: FaceImage | None = None  # the chip's photo, for this greeting only
        self._card_event.connect(self._on_card_event)
        self._qr_text.connect(self._on_qr_text)
        self._qr_preview.connect(self._on_qr_preview)

    # ---- lifecycle -------------------------------------------------------------------------

    def attach(
        self,
        card_reader: CardReader | None,
        qr_source: QrSource | None,
        mrz_reader: MrzReader | None = None,
    ) -> None:
        """Subscribe to each device once (ports have no unsubscribe); later calls add only a
        device that was missing before."""
        if self._closed:
            return
        if self._inbox is None:
            self._inbox = Inbox(self._card_event.emit, self._qr_text.emit, self._qr_preview.emit)
        if card_reader is not None and self._reader is None:
            self._reader = card_reader
            self._worker = DeviceWorker(DEVICE, self)
            self._worker.finished.connect(self._on_job_finished)
            self._worker.failed.connect(self._on_job_failed)
            card_reader.subscribe(self._inbox.on_card_event)
        if qr_source is not None and self._qr is None:
            self._qr = qr_source
            qr_source.subscribe(self._inbox.on_qr_scan)
            if isinstance(qr_source, QrPreviewSource):
                self._live = True
                qr_source.subscribe_live_preview(self._inbox.on_qr_preview)
        if mrz_reader is not None and self._mrz is None:
            self._mrz = mrz_reader
            self._mrz_worker = DeviceWorker(MRZ_DEVICE, self)
            self._mrz_worker.finished.connect(self._on_scan_finished)

    def screen_changed(self, screen: Screen, previous: Screen) -> None:
        if screen is Screen.IDENTIFY and previous is Screen.WELCOME:
            self.begin()
        elif previous is Screen.IDENTIFY and screen is Screen.WELCOME:
            self.reset()  # "Quay lại": the card is read again next time, so nothing is kept
            if self._session.session is not None:
                self._session.session.wipe()
            self.status_changed.emit()

    def begin(self) -> None:
        """The identify screen opens from the welcome screen: a fresh start."""
        self._release()
        self.flow.begin(reader_ok=self._reader is not None, mrz_ok=self._mrz is not None)
        self._sync_preview()  # the flow may start in the state it was left in: no event then
        if self._worker is not None and self._reader is not None:
            self._worker.submit("health", self._reader.health)

    def reset(self) -> None:
        """The screen was left or the session ended: forget everything personal."""
        self.flow.reset()
        self._face = None
        self._release()
        self._sync_preview()

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        if self._inbox is not None:
            self._inbox.close()
        self.reset()
        if self._worker is not None:
            self._worker.close()  # waits for a read in progress: the adapter owns its timeouts
        if self._mrz_worker is not None:
            self._mrz_worker.close()

    # ---- intents ---------------------------------------------------------------------------

    def on_use_qr(self) -> None:
        self.flow.choose(Way.USE_QR)

    def on_use_mrz(self) -> None:
        self.flow.choose(Way.USE_MRZ)

    def on_ask_staff(self) -> None:
        self.flow.choose(Way.ASK_STAFF)

    def on_retry(self) -> None:
        self.flow.choose(Way.RETRY)

    def on_continue(self) -> None:
        """'Tiếp tục' on the greeting: the procedure steps (choose …) open. Back from there
        shows the greeting again (phase NEXT), whose 'Tiếp tục' opens them anew."""
        self.flow.proceed()
        if self.flow.status.phase is Phase.NEXT:
            self._session.open_procedure()

    def tick(self) -> None:
        self.flow.tick()

    # ---- view ------------------------------------------------------------------------------

    def prompt_id(self) -> str:
        pid = self.flow.status.prompt_id
        if self.flow.status.phase is Phase.NEXT:
            return "identify.greeting"  # back from the procedure steps: the greeting again
        if pid == "identify.waiting" and self._previewing() and "camera.waiting" in self._prompts:
            return "camera.waiting"  # says the camera is a way too
        if pid in self._prompts:
            return pid
        problem = self.flow.status.problem  # a service prompt not (yet) in the catalogue
        return f"identify.{problem.value}" if problem is not None else "identify.waiting"

    def view(self) -> IdentifyView:
        t = self._prompts.text
        status = self.flow.status
        pid = self.prompt_id()
        hint_id = f"{pid}_hint"
        if hint_id not in self._prompts and status.problem is not None:
            hint_id = f"identify.{status.problem.value}_hint"
        hint = t(hint_id) if hint_id in self._prompts else ""
        actions = tuple(
            IdentifyAction(way=w.value, label=t(f"identify.{w.value}")) for w in status.ways
        )
        s = self._session.session
        identity = s.identity if s is not None else None
        if status.phase in (Phase.IDENTIFIED, Phase.NEXT) and identity is not None:
            greeting = IdentifyView(
                phase=Phase.IDENTIFIED.value,  # also when shown again (NEXT)
                title=t(pid),
                name=t("identify.name", name=identity.full_name),
                id_line=t("identify.id_line", masked_id=identity.masked_id()),
                note=t("identify.qr_only_note") if status.qr_only else "",
                actions=(IdentifyAction(way="continue", label=t("identify.continue")),),
            )
            return with_face(greeting, None if status.qr_only else self._face)
        picture = "card" if status.problem in CARD_PROBLEMS else PICTURES.get(status.phase, "")
        camera = self._previewing() and "camera.guide_hint" in self._prompts
        return IdentifyView(
            phase=status.phase.value,
            title=t(pid),
            hint=hint,
            note=t("camera.guide_hint") if camera else "",
            picture="camera" if camera else picture,
            actions=actions,
        )

    # ---- device events (GUI thread) --------------------------------------------------------

    def _on_card_event(self, event: object) -> None:
        if not isinstance(event, CardEvent):
            return
        self._device_activity()
        if event.kind is CardEventKind.CARD_INSERTED:
            self.flow.card_inserted()
        elif event.kind is CardEventKind.CARD_REMOVED:
            self.flow.card_removed()
        elif event.kind in (CardEventKind.READER_REMOVED, CardEventKind.READER_ADDED):
            log.info("identify: %s", event.kind)
            self.flow.reader_ready(event.kind is CardEventKind.READER_ADDED)

    def _on_qr_text(self, text: str) -> None:
        if self.covered():
            log.info("identify: QR scan while a staff screen is shown: not the citizen's")
        elif self._device_activity():
            self.flow.qr_scanned(text)
        else:
            log.info("identify: QR scan outside the identify step dropped")

    def _previewing(self) -> bool:
        status = self.flow.status
        return self._live and status.phase is Phase.WAITING and status.prompt_id in PREVIEWED

    def _sync_preview(self) -> None:
        on = self._previewing() and not self._closed
        if self._inbox is not None:
            self._inbox.wants_preview = on
        if not on:
            self.preview_changed.emit(None)  # the screen drops the last frame it showed

    def _on_qr_preview(self, preview: object) -> None:
        if (
            isinstance(preview, QrPreview)
            and self._previewing()
            and self._session.screen is Screen.IDENTIFY
        ):
            self.preview_changed.emit(preview)

    def _device_activity(self) -> bool:
        """A device event means the citizen is there; True if the identify step is showing.
        During a warning over the identify step it withdraws the warning (no extension used)."""
        session = self._session
        if session.screen is Screen.WARNING and session.interrupted is Screen.IDENTIFY:
            session.hold_for_device(DEVICE)
            session.release_device(DEVICE)
        if session.screen is Screen.IDENTIFY:
            session.activity()
            return True
        return False

    def _on_job_finished(self, job: str, result: object) -> None:
        if isinstance(result, HealthReport):
            self.flow.reader_ready(result.ready)
        elif isinstance(result, ReadOutcome):
            if result.chip is not None:
                if self.flow.reading:  # first: the greeting drawn on chip_read shows the face
                    self._face = face_from_chip(result.chip)
                self.flow.chip_read(result.read_id, result.chip)
            elif result.failure is not None:
                self.flow.chip_failed(result.read_id, result.failure, result.detail)

    def _on_job_failed(self, job: str, detail: str) -> None:
        log.warning("card reader: %s failed: %s", job, detail)
        if job == "health":
            self.flow.reader_ready(False)

    def _on_scan_finished(self, job: str, result: object) -> None:
        if not isinstance(result, ScanOutcome):
            return
        reading = result.reading
        if reading.text is not None:
            self.flow.mrz_scanned(result.scan_id, reading.text)
        else:
            prompt = reading.prompt_id or PROMPT_UNAVAILABLE
            self.flow.mrz_failed(result.scan_id, prompt, f"{reading.failure}: {reading.detail}")

    # ---- flow events -----------------------------------------------------------------------

    def _on_event(self, event: IdentifyEvent) -> None:
        if isinstance(event, ChipReadRequested):
            if self._worker is None or self._reader is None:
                self.flow.chip_failed(event.read_id, ChipFailure.UNAVAILABLE, "no reader")
                return
            self._worker.submit(f"read {event.read_id}", ReadJob(self._reader, event))
        elif isinstance(event, MrzScanRequested):
            if self._mrz_worker is None or self._mrz is None:
                self.flow.mrz_failed(event.scan_id, PROMPT_UNAVAILABLE, "no MRZ reader")
                return
            self._mrz_worker.submit(f"scan {event.scan_id}", ScanJob(self._mrz, event.scan_id))
        elif isinstance(event, CitizenFound):
            log.info("identify: citizen identified %r", event)  # its repr holds no identity
            self._session.identify(event.identity)
        elif isinstance(event, StatusChanged):
            if event.status.phase is not Phase.IDENTIFIED:
                self._face = None  # the photo lives only as long as its greeting
            self._sync_hold()
            self._sync_preview()
            self.status_changed.emit()

    def _sync_hold(self) -> None:
        reading = self.flow.reading or self.flow.status.phase is Phase.SCANNING
        if reading and not self._holding:
            self._session.hold_for_device(DEVICE)
            self._holding = True
        elif not reading:
            self._release()

    def _release(self) -> None:
        if self._holding:
            self._holding = False
            self._session.release_device(DEVICE)
