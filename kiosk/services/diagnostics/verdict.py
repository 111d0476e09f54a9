"""What a technician reads on the diagnostics screen: one Vietnamese reason a device check.

The check itself (`DeviceCheck`) is English and redacted; this maps it to a prompt id of
`config/prompts/vi/diagnostics.toml` ("diag.why_*"), most specific first: a typed error named
in `last_error` (PaperJam …), then the printer's status bytes, then the health state.
"""

from __future__ import annotations

from enum import StrEnum

from kiosk.domain.devices import HealthState
from kiosk.services.diagnostics.report import DeviceCheck


class Severity(StrEnum):
    OK = "ok"
    NOTE = "note"  # works, but a technician should know (no card, nothing scanned)
    BROKEN = "broken"


# Error class names (as `redact.error` writes them, "PaperJam: …") → reason.
_ERRORS: dict[str, str] = {
    "PaperJam": "diag.why_paper_jam",
    "NoDevice": "diag.why_no_device",
    "CoverOpen": "diag.why_cover_open",
    "NoPaper": "diag.why_no_paper_on_glass",
    "DeviceBusy": "diag.why_busy",
    "ScannerIoError": "diag.why_io_error",
    "PaperOut": "diag.why_paper_out",
    "PrinterOffline": "diag.why_offline",
    "PrintNotConfirmed": "diag.why_not_confirmed",
    "ReaderUnplugged": "diag.why_reader_gone",
    "ReaderUnavailable": "diag.why_reader_gone",
    "AccessDenied": "diag.why_bac_refused",
    "timeout": "diag.why_timeout",
}

_STATE: dict[HealthState, str] = {
    HealthState.NOT_READY: "diag.why_not_ready",
    HealthState.NEEDS_TECHNICIAN: "diag.why_needs_technician",
    HealthState.FAILED: "diag.why_failed",
}

# Health details the adapters write (English) → reason.
_DETAILS: tuple[tuple[str, str], ...] = (
    ("cover open", "diag.why_cover_open"),
    ("paper out", "diag.why_paper_out"),
    ("reader unplugged", "diag.why_reader_gone"),
    ("no reader", "diag.why_reader_gone"),
    ("offline", "diag.why_offline"),
    ("no answer", "diag.why_offline"),
)


def explain(check: DeviceCheck) -> tuple[str, Severity]:
    """The prompt id saying what is wrong (or that it is fine), and how bad it is."""
    error = check.last_error.split(":", 1)[0].strip()
    if error in _ERRORS:
        return _ERRORS[error], Severity.BROKEN
    test = check.self_test
    if test.get("bac") in ("refused", "failed"):
        return "diag.why_bac_refused", Severity.BROKEN
    if check.port == "receipt_printer" and test.get("answered") is False:
        return "diag.why_offline", Severity.BROKEN
    if test.get("cover_open") is True:
        return "diag.why_cover_open", Severity.BROKEN
    if test.get("paper") == "out":
        return "diag.why_paper_out", Severity.BROKEN
    if not check.healthy:
        if check.port == "portal":  # "offline" there is the network, not a device
            return "diag.why_portal_down", Severity.BROKEN
        detail = check.detail.lower()
        for needle, prompt in _DETAILS:
            if needle in detail:
                return prompt, Severity.BROKEN
        return _STATE[check.state], Severity.BROKEN
    if check.last_error:
        return "diag.why_error", Severity.BROKEN
    if test.get("card") == "no card" or test.get("card_atr") == "no card":
        return "diag.why_no_card", Severity.NOTE
    if "scans" in test and test["scans"] == 0:
        return "diag.why_qr_silent", Severity.NOTE
    if test.get("paper") == "near_end":
        return "diag.why_paper_near_end", Severity.NOTE
    return "diag.why_ready", Severity.OK
