"""The receipt step: after printing, the spoken reminder until "Đã nhận" or 30 s; when printing
was impossible, the receipt on screen with its QR, or staff.

Small API for the session (FLOW wires it): `attach_printer(port)` once, then
`print_receipt(receipt, large)` (prints on the printer's worker, then shows the outcome) or
`show(receipt, printed)` when the flow printed itself; the `done` signal; `view()` for the
screen, refreshed on `view_changed`; `reset()` when the session ends, `close()` at exit.
`set_printer_down(True)` (ui.availability, issue 11) makes the next receipt step skip the printer
and show the receipt on screen at once (QR and the code in big digits); it is read only when a
receipt step starts, so a printer that fails or comes back mid-step changes nothing on screen.
Speech goes through the callbacks given (the session's speech channel); the reminder logic is
kiosk.flows.receipt_reminder, driven by the injected Clock through `tick()` (a QTimer calls it
while the step is shown).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QObject, QTimer, Signal

from kiosk.domain.receipt import Receipt
from kiosk.flows.receipt_reminder import (
    ReceiptReminder,
    ReminderEnded,
    ReminderEvent,
    SpeakReminder,
)
from kiosk.ports.clock import Clock
from kiosk.ports.receipt_printer import PrinterError, ReceiptPrinter
from kiosk.prompts import PromptCatalogue
from kiosk.services.availability import RECEIPT_ON_SCREEN, RECEIPT_ON_SCREEN_HINT
from kiosk.services.receipt_qr import encode_receipt_qr
from ui.receipt_view import ReceiptView
from ui.workers import DeviceWorker

log = logging.getLogger(__name__)

TICK_MS = 250
PROMPT_IDS = (
    "receipt.printing",
    "receipt.take",
    "receipt.take_hint",
    "receipt.taken",
    "receipt.print_failed",
    "receipt.print_failed_hint",
    "receipt.ask_staff",
    "receipt.staff",
    "receipt.dossier_code",
    "receipt.pending_reference",
    "receipt.appointment",
    "receipt.done",
    "receipt.take_pending",
    "receipt.print_failed_pending",
    "receipt.pending_hint",
)
ON_SCREEN_IDS = (RECEIPT_ON_SCREEN, RECEIPT_ON_SCREEN_HINT)  # availability.toml (the hub's)


@dataclass(frozen=True, slots=True)
class PrintOutcome:
    printed: bool  # True only when the printer confirmed the receipt
    paper_near_end: bool = False
    error: str = ""  # English, for the log


class PrintJob:
    """Runs on the printer's worker thread; never raises: a failure is an outcome."""

    def __init__(self, printer: ReceiptPrinter, receipt: Receipt, large: bool) -> None:
        self._printer, self._receipt, self._large = printer, receipt, large

    def __call__(self) -> PrintOutcome:
        try:
            result = self._printer.print_receipt(self._receipt, large=self._large)
        except PrinterError as exc:
            return PrintOutcome(False, error=f"{type(exc).__name__}: {exc}")
        return PrintOutcome(True, paper_near_end=result.paper_near_end)


class ReceiptController(QObject):
    done = Signal()  # the step is over: taken, 30 s passed, or "Xong" (GUI thread)
    view_changed = Signal()

    def __init__(
        self,
        clock: Clock,
        prompts: PromptCatalogue,
        speak: Callable[[str], None],
        stop_speech: Callable[[], None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        prompts.require(PROMPT_IDS)
        self._prompts = prompts
        self._speak = speak
        self._stop_speech = stop_speech
        self.reminder = ReceiptReminder(clock)
        self._receipt: Receipt | None = None
        self._printed = False
        self._staff = False
        self._active = False
        self._timer = QTimer(self)
        self._timer.setObjectName("ReceiptReminderTimer")
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        self._worker: DeviceWorker | None = None
        self._printer: ReceiptPrinter | None = None
        self._printing: Receipt | None = None
        self.last_outcome: PrintOutcome | None = None
        self._printer_down = False  # the availability hub says so (settled, not a blip)
        self._on_screen = False  # this step skipped the printer: the receipt is on screen

    def attach_printer(self, printer: ReceiptPrinter | None) -> None:
        """The printer `print_receipt` uses (None: none fitted, every receipt goes on screen)."""
        self._printer = printer
        if printer is not None and self._worker is None:
            self._worker = DeviceWorker("receipt_printer", self)
            self._worker.finished.connect(self._on_printed)
            self._worker.failed.connect(self._on_print_failed)

    def set_printer_down(self, down: bool) -> None:
        """The printer is down today: the next receipt steps show the receipt on screen."""
        if down:
            self._prompts.require(ON_SCREEN_IDS)  # checked where it is first needed
        self._printer_down = down

    @property
    def printer_down(self) -> bool:
        return self._printer_down

    def print_receipt(self, receipt: Receipt, large: bool = False) -> None:
        """Print on the printer's worker ("Đang in…" meanwhile), then `show` the outcome."""
        if self._printer_down:  # decided here, at the step's start, never mid-print
            log.info("receipt: the printer is down today: shown on screen, nothing printed")
            self.last_outcome = PrintOutcome(False, error="printer down: receipt on screen")
            self._receipt, self._printed, self._staff = receipt, False, False
            self._active, self._on_screen = True, True
            self._speak(RECEIPT_ON_SCREEN)
            self.view_changed.emit()
            return
        if self._printer is None or self._worker is None:
            self.show(receipt, printed=False)
            return
        self._receipt, self._printing, self._active = receipt, receipt, True
        self._speak("receipt.printing")
        self.view_changed.emit()
        self._worker.submit("print receipt", PrintJob(self._printer, receipt, large))

    def close(self) -> None:
        self.reset()
        if self._worker is not None:
            self._worker.close()  # waits for a job in progress: the adapter has its timeouts

    @property
    def active(self) -> bool:
        return self._active

    def show(self, receipt: Receipt, printed: bool) -> None:
        """Start the step for this receipt. `printed` only when the printer confirmed it."""
        self._receipt, self._printed, self._staff, self._active = receipt, printed, False, True
        self._on_screen = False
        if printed:
            self._handle(self.reminder.start())
            self._timer.start()
        else:
            self._speak(
                "receipt.print_failed_pending" if receipt.pending else "receipt.print_failed"
            )
        self.view_changed.emit()

    def view(self) -> ReceiptView:
        t = self._prompts.text
        receipt = self._receipt
        if receipt is None:
            return ReceiptView(
                printed=False,
                title="",
                hint="",
                code_line="",
                appointment_line="",
                primary_label="",
            )
        code = (
            t("receipt.pending_reference", code=receipt.shown_reference)
            if receipt.pending
            else t("receipt.dossier_code", code=receipt.dossier_code)
        )
        appointment = t("receipt.appointment", date=receipt.appointment_date.strftime("%d/%m/%Y"))
        if self._printing is not None:
            return ReceiptView(
                printed=False,
                title=t("receipt.printing"),
                hint="",
                code_line=code,
                appointment_line=appointment,
                primary_label="",
            )
        if self._printed:
            return ReceiptView(
                printed=True,
                title=t("receipt.take"),
                hint=t("receipt.pending_hint" if receipt.pending else "receipt.take_hint"),
                code_line=code,
                appointment_line=appointment,
                primary_label=t("receipt.taken"),
            )
        if self._on_screen:
            return ReceiptView(
                printed=False,
                title=t("receipt.staff" if self._staff else RECEIPT_ON_SCREEN),
                hint=t(RECEIPT_ON_SCREEN_HINT),
                code_line=code,
                appointment_line=appointment,
                qr_payload=encode_receipt_qr(receipt),
                primary_label=t("receipt.done"),
                staff_label="" if self._staff else t("receipt.ask_staff"),
                big_code=True,
            )
        return ReceiptView(
            printed=False,
            title=t("receipt.staff" if self._staff else "receipt.print_failed"),
            hint=t("receipt.pending_hint" if receipt.pending else "receipt.print_failed_hint"),
            code_line=code,
            appointment_line=appointment,
            qr_payload=encode_receipt_qr(receipt),
            primary_label=t("receipt.done"),
            staff_label="" if self._staff else t("receipt.ask_staff"),
        )

    # ---- intents (GUI thread) --------------------------------------------------------------

    def on_taken(self) -> None:
        if self._active and self._printed:
            self._handle(self.reminder.taken())

    def on_done(self) -> None:
        """ "Xong" on the not-printed screen (or any way out the session chooses)."""
        if self._active:
            self._handle(self.reminder.cancel())
            self._finish()

    def on_ask_staff(self) -> None:
        if self._active and not self._printed:
            self._staff = True
            self._speak("receipt.staff")
            self.view_changed.emit()

    def tick(self) -> None:
        self._handle(self.reminder.tick())

    def reset(self) -> None:
        """The session ended: stop quietly and forget the receipt (it holds personal data)."""
        self.reminder.cancel()
        self._timer.stop()
        self._receipt, self._printing, self._active = None, None, False
        self._on_screen = False
        self.view_changed.emit()

    # ---- inside ----------------------------------------------------------------------------

    def _on_printed(self, job: str, result: object) -> None:
        receipt, self._printing = self._printing, None
        if not isinstance(result, PrintOutcome) or receipt is None or not self._active:
            return
        self.last_outcome = result
        if not result.printed:
            log.warning("receipt: not printed: %s", result.error)
        self.show(receipt, printed=result.printed)

    def _on_print_failed(self, job: str, detail: str) -> None:  # PrintJob never raises; a bug
        self._on_printed(job, PrintOutcome(False, error=detail))

    def _handle(self, events: list[ReminderEvent]) -> None:
        for event in events:
            if isinstance(event, SpeakReminder):
                pending = self._receipt is not None and self._receipt.pending
                # a pending dossier was not received yet: the reminder says it waits to be sent
                take = event.prompt_id == "receipt.take" and pending
                self._speak("receipt.take_pending" if take else event.prompt_id)
            elif isinstance(event, ReminderEnded):
                log.info("receipt: reminder ended: %s", event.reason)
                if self._stop_speech is not None:
                    self._stop_speech()
                self._finish()

    def _finish(self) -> None:
        self._timer.stop()
        if self._active:
            self._active = False
            self.done.emit()
