"""What the identify step runs on device threads, and the inbox device callbacks go through.

Kept apart from the controller so each stays small; none of it touches a widget.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from kiosk.domain.devices import DeviceUnavailable
from kiosk.flows.identify import ChipFailure, ChipReadRequested
from kiosk.ports.card_reader import (
    AccessDenied,
    CardEvent,
    CardReader,
    CardReadError,
    CardRemoved,
    ChipData,
)
from kiosk.ports.mrz_reader import PROMPT_UNAVAILABLE, MrzReader, MrzReadFailure, MrzReading
from kiosk.ports.qr_source import QrPreview, QrScan
from ui.face_image import with_face_group

log = logging.getLogger("ui.identify_controller")


@dataclass(frozen=True, slots=True)
class ReadOutcome:
    read_id: int
    chip: ChipData | None
    failure: ChipFailure | None = None
    detail: str = ""


class ReadJob:
    """Runs on the reader's worker thread; never raises (the failure kind matters to the flow)."""

    def __init__(self, reader: CardReader, request: ChipReadRequested) -> None:
        self._reader, self._request = reader, request

    def __call__(self) -> ReadOutcome:
        rid = self._request.read_id
        try:
            return ReadOutcome(
                rid,
                self._reader.read_chip(self._request.key, with_face_group(self._request.groups)),
            )
        except AccessDenied as exc:
            return ReadOutcome(rid, None, ChipFailure.ACCESS_DENIED, str(exc))
        except CardRemoved as exc:
            return ReadOutcome(rid, None, ChipFailure.REMOVED, str(exc))
        except DeviceUnavailable as exc:
            return ReadOutcome(rid, None, ChipFailure.UNAVAILABLE, str(exc))
        except CardReadError as exc:
            return ReadOutcome(rid, None, ChipFailure.UNREADABLE, str(exc))
        except Exception as exc:  # an adapter bug must become a spoken problem, not a crash
            log.exception("card reader: read_chip raised")
            return ReadOutcome(rid, None, ChipFailure.UNREADABLE, type(exc).__name__)


@dataclass(frozen=True, slots=True)
class ScanOutcome:
    scan_id: int
    reading: MrzReading


class ScanJob:
    """Runs on the MRZ reader's worker thread; an adapter that raises still gets an answer."""

    def __init__(self, reader: MrzReader, scan_id: int) -> None:
        self._reader, self._scan_id = reader, scan_id

    def __call__(self) -> ScanOutcome:
        try:
            return ScanOutcome(self._scan_id, self._reader.read_mrz_from_scan())
        except Exception as exc:
            log.exception("mrz reader: read_mrz_from_scan raised")
            failure, detail = MrzReadFailure.UNAVAILABLE, type(exc).__name__
            return ScanOutcome(
                self._scan_id, MrzReading.failed(failure, PROMPT_UNAVAILABLE, detail)
            )


class Inbox:
    """What the device threads call. After `close()` nothing more reaches Qt."""

    def __init__(
        self,
        card: Callable[[object], None],
        qr: Callable[[str], None],
        preview: Callable[[object], None] | None = None,
    ) -> None:
        self._card, self._qr, self._preview = card, qr, preview
        self.wants_preview = False  # set on the GUI thread; frames are dropped here until then
        self._lock = threading.RLock()
        self._open = True

    def on_card_event(self, event: CardEvent) -> None:
        with self._lock:
            if self._open:
                self._card(event)

    def on_qr_scan(self, scan: QrScan) -> None:
        with self._lock:
            if self._open:
                self._qr(scan.payload)

    def on_qr_preview(self, preview: QrPreview) -> None:
        with self._lock:
            if self._open and self.wants_preview and self._preview is not None:
                self._preview(preview)

    def close(self) -> None:
        with self._lock:
            self._open = False
