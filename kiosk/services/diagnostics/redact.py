"""Keep personal data out of the diagnostics report (design §5: logs hold no personal data).

Error texts from libraries can quote what they were given (a QR payload, an MRZ line, a file
name holding a citizen's name). Long digit runs (CCCD numbers are 12 digits, old CMND 9) and MRZ
lines are masked; QR payloads never enter the report — only their kind and length.
"""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d{6,}")  # ID numbers, birth dates as YYMMDD/DDMMYYYY, phone numbers
_MRZ = re.compile(r"[A-Z0-9<]{20,}")  # machine-readable zone lines (TD1: 30 chars)
_QUOTED = re.compile(r"'[^']{12,}'|\"[^\"]{12,}\"")  # long quoted values: payloads, names
_MAX = 300


def masked(value: str) -> str:
    """Long quoted values, MRZ lines and long digit runs masked; length and spacing kept."""
    value = _QUOTED.sub("'…'", value)
    value = _MRZ.sub(lambda m: "<mrz>" if "<" in m.group() else m.group(), value)
    return _DIGITS.sub(lambda m: f"<{len(m.group())} digits>", value)


def text(value: str) -> str:
    """A message safe for the report: personal-looking parts masked, length capped."""
    value = " ".join(masked(value).split())
    return value if len(value) <= _MAX else value[: _MAX - 1] + "…"


def error(exc: BaseException) -> str:
    return text(f"{type(exc).__name__}: {exc}")


def qr_payload(payload: str) -> dict[str, str | int]:
    """What the report says about a scanned code: its kind and its length, never its text."""
    from kiosk.services.qr_payloads import classify

    try:
        kind = str(classify(payload).kind)
    except Exception:  # a classifier bug must not hide that the scanner works
        kind = "unclassified"
    return {"kind": kind, "length": len(payload)}
