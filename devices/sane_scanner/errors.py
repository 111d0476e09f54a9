"""SANE status → the port's typed ScanErrors (each carries its spoken prompt id).

python-sane raises `_sane.error` with only `sane_strstatus()`'s English text (libsane does not
translate it; translation is a frontend's job), so the text is the status.
"""

from __future__ import annotations

from kiosk.ports.document_scanner import (
    CoverOpen,
    DeviceBusy,
    NoDevice,
    NoPaper,
    PaperJam,
    ScanCancelled,
    ScanError,
    ScannerIoError,
)

# sane_strstatus() texts (sanei/sanei_init_debug.c / backend/dll.c, SANE 1.0–1.3)
_BY_TEXT: dict[str, type[ScanError]] = {
    "Document feeder out of documents": NoPaper,
    "Document feeder jammed": PaperJam,
    "Scanner cover is open": CoverOpen,
    "Device busy": DeviceBusy,
    "Error during device I/O": ScannerIoError,
    "Operation was cancelled": ScanCancelled,
    "Access to resource has been denied": NoDevice,  # udev permissions: a technician fixes it
}


def translate(error: BaseException, doing: str) -> ScanError:
    """The typed error for a libsane failure while `doing` (English, for the log)."""
    text = str(error.args[0]) if error.args else str(error)
    kind = _BY_TEXT.get(text, ScanError)
    return kind(f"{doing}: {text}")
