"""Track a dossier from the attract screen: a receipt QR (through the QrSource port) or a typed
code → a look-up on a worker → the status shown and spoken in plain words (never personal data).

Small API for the session (FLOW/the lead wire it):
    TrackingController(screen, prompts, speak, portal, qr_source, unit_code=…, procedure_name=…)
    start()    the screen is shown: listen for the QR, speak the invitation
    finished   signal: "Xong" was touched (go back to attract)
    listen_on_attract(on)   while the attract screen shows: a receipt QR scanned there opens
               tracking by itself: `opened_by_scan` is emitted (show the screen), then the
               look-up runs as if the QR had been scanned on this screen
    reset()    forget everything (session end / timeout); close() at exit ends the worker.
`speak(prompt_id, **values)` is the session's speech channel (it never blocks). The port is
only asked on this controller's own worker thread; results come back by a queued signal.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import date
from typing import Protocol

import msgspec
from PySide6.QtCore import QObject, Signal

from kiosk.ports.qr_source import QrScan, QrSource
from kiosk.prompts import PromptCatalogue
from kiosk.services.tracking import (
    PROMPT_IDS as CORE_PROMPT_IDS,
)
from kiosk.services.tracking import (
    PROMPT_PENDING,
    BadInput,
    StatusLookup,
    TrackingOutcome,
    TrackingQuery,
    TrackingResult,
    look_up,
    query_from_scan,
    query_from_typed,
)
from ui.screens.tracking import TrackingScreen
from ui.tracking_view import TrackingView
from ui.workers import DeviceWorker

log = logging.getLogger(__name__)

PROMPT_IDS = (
    *CORE_PROMPT_IDS,
    "tracking.title",
    "tracking.scan",
    "tracking.scan_hint",
    "tracking.prefix",
    "tracking.search",
    "tracking.backspace",
    "tracking.looking",
    "tracking.done",
    "tracking.again",
    "tracking.with_date",
    "tracking.spoken_date",
    "tracking.code_line",
    "tracking.procedure_line",
    "tracking.received_line",
    "tracking.appointment_line",
    "tracking.ready_yes",
    "tracking.ready_no",
)


class Speak(Protocol):
    def __call__(self, prompt_id: str, /, **values: object) -> None: ...


class LookupJob:
    """Runs on the portal worker; `look_up` never raises for a portal problem."""

    def __init__(
        self,
        portal: StatusLookup,
        query: TrackingQuery,
        generation: int,
        procedure_name: Callable[[str], str | None] | None,
    ) -> None:
        self._portal, self._query, self.generation = portal, query, generation
        self._names = procedure_name

    def __call__(self) -> tuple[int, TrackingResult]:
        return self.generation, look_up(self._portal, self._query, procedure_name=self._names)


class TrackingController(QObject):
    finished = Signal()  # "Xong" (GUI thread)
    opened_by_scan = Signal()  # a receipt QR was scanned on the attract screen: show tracking
    _qr_text = Signal(str)  # from the scanner's thread, queued onto the GUI thread

    def __init__(
        self,
        screen: TrackingScreen,
        prompts: PromptCatalogue,
        speak: Speak,
        portal: StatusLookup,
        qr_source: QrSource | None,
        *,
        unit_code: str = "",
        procedure_name: Callable[[str], str | None] | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        prompts.require(PROMPT_IDS)
        self.screen = screen
        self._prompts, self._speak, self._portal = prompts, speak, portal
        self._unit, self._names = unit_code, procedure_name
        self._lock = threading.Lock()
        self._active = False
        self._armed = False  # the attract screen is showing (listen_on_attract)
        self._generation = 0
        self._mode = "waiting"
        self._problem = ""
        self._typed = ""
        self.result: TrackingResult | None = None
        self._worker = DeviceWorker("portal_lookup", self)
        self._worker.finished.connect(self._on_looked)
        self._worker.failed.connect(self._on_lookup_failed)
        self._qr_text.connect(self.on_scan)
        screen.code_entered.connect(self.on_code)
        screen.again_requested.connect(self.on_again)
        screen.done_requested.connect(self.on_done)
        if qr_source is not None:
            qr_source.subscribe(self._on_qr_scan)  # the port has no unsubscribe: gate by _active

    @property
    def active(self) -> bool:
        return self._active

    def start(self) -> None:
        with self._lock:
            self._active = True
        self._clear()
        self._speak("tracking.title")
        self._render()

    def listen_on_attract(self, on: bool) -> None:
        """The session calls this with True when the attract screen shows, False when it goes."""
        with self._lock:
            self._armed = on

    def reset(self) -> None:
        """Forget the code, the result and anything typed; a look-up under way is dropped."""
        with self._lock:
            self._active = False
        self._clear()
        self.screen.reset()

    def close(self) -> None:
        self.reset()
        self._worker.close()

    # ---- intents (GUI thread) --------------------------------------------------------------

    def on_scan(self, text: str) -> None:
        if not self._active:
            self._maybe_open(text)
            return
        if self._mode != "looking":
            self._handle(query_from_scan(text))

    def _maybe_open(self, text: str) -> None:
        """On the attract screen only a receipt opens tracking; any other QR is left alone
        (the session may start with it, e.g. the card's QR)."""
        if not self._armed:
            return
        query = query_from_scan(text)
        if isinstance(query, BadInput) and query.prompt_id != PROMPT_PENDING:
            return
        with self._lock:
            self._active, self._armed = True, False
        self._clear()
        self.opened_by_scan.emit()
        self._handle(query)

    def on_code(self, digits: str) -> None:
        if not self._active or self._mode == "looking":
            return
        self._typed = digits
        self._handle(query_from_typed(digits, self._unit))

    def on_again(self) -> None:
        if self._active:
            self._clear()
            self._speak("tracking.scan")
            self._render()

    def on_done(self) -> None:
        if self._active:
            self.reset()
            self.finished.emit()

    # ---- inside ----------------------------------------------------------------------------

    def _on_qr_scan(self, scan: QrScan) -> None:  # the scanner's thread
        with self._lock:
            wanted = self._active or self._armed
        if wanted:  # emitted outside the lock: a same-thread source delivers it directly
            self._qr_text.emit(scan.payload)

    def _clear(self) -> None:
        self._generation += 1  # a look-up still running answers into the void
        self._mode, self._problem, self._typed, self.result = "waiting", "", "", None

    def _handle(self, query: TrackingQuery | BadInput) -> None:
        if isinstance(query, BadInput):
            log.info("tracking: input refused: %s", query.reason)
            self._mode, self._problem = "problem", query.prompt_id
            self._speak(query.prompt_id)
            self._render()
            return
        self._mode, self.result = "looking", None
        self._generation += 1
        self._speak("tracking.looking")
        self._render()
        self._worker.submit("status", LookupJob(self._portal, query, self._generation, self._names))

    def _on_looked(self, job: str, outcome: object) -> None:
        if not isinstance(outcome, tuple) or outcome[0] != self._generation or not self._active:
            return
        result = outcome[1]
        assert isinstance(result, TrackingResult)
        if result.outcome is TrackingOutcome.FOUND:
            self._mode, self.result, self._typed = "result", result, ""
            self._say_result(result)
        else:
            self._mode, self._problem = "problem", result.prompt_id
            self._speak(result.prompt_id)
        self._render()

    def _on_lookup_failed(self, job: str, detail: str) -> None:  # look_up never raises: a bug
        log.error("tracking: look-up job failed: %s", detail)
        if self._active and self._mode == "looking":
            self._mode, self._problem = "problem", "tracking.offline"
            self._speak("tracking.offline")
            self._render()

    def _say_result(self, result: TrackingResult) -> None:
        if result.appointment_date is not None and not result.ready:
            status = self._prompts.speech(result.prompt_id)
            self._speak("tracking.with_date", status=status, date=self._spoken(result))
        else:
            self._speak(result.prompt_id)

    def _spoken(self, result: TrackingResult) -> str:
        day = result.appointment_date or date.min
        return self._prompts.speech(
            "tracking.spoken_date", day=day.day, month=day.month, year=day.year
        )

    def _render(self) -> None:
        self.screen.show_view(self.view())

    def view(self) -> TrackingView:
        t = self._prompts.text
        words = TrackingView(
            mode="waiting",
            title="",
            prefix=t("tracking.prefix", unit=self._unit) if self._unit else "",
            search_label=t("tracking.search"),
            backspace_label=t("tracking.backspace"),
            done_label=t("tracking.done"),
        )
        if self._mode == "looking":
            return msgspec.structs.replace(words, mode="looking", title=t("tracking.looking"))
        result = self.result
        if self._mode == "result" and result is not None:
            return msgspec.structs.replace(
                words,
                mode="result",
                title=t(result.prompt_id),
                lines=self._lines(result),
                again_label=t("tracking.again"),
                ready=result.ready,
            )
        title = t(self._problem) if self._mode == "problem" else t("tracking.scan")
        return msgspec.structs.replace(
            words, mode=self._mode, title=title, hint=t("tracking.scan_hint"), typed=self._typed
        )

    def _lines(self, result: TrackingResult) -> tuple[str, ...]:
        t = self._prompts.text
        lines = [t("tracking.code_line", code=result.dossier_code)]
        if result.procedure_name:
            lines.append(t("tracking.procedure_line", name=result.procedure_name))
        if result.received_on is not None:
            lines.append(t("tracking.received_line", date=f"{result.received_on:%d/%m/%Y}"))
        if result.appointment_date is not None:
            lines.append(t("tracking.appointment_line", date=f"{result.appointment_date:%d/%m/%Y}"))
        lines.append(t("tracking.ready_yes" if result.ready else "tracking.ready_no"))
        return tuple(lines)
