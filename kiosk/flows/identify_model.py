"""The identify flow's vocabulary: phases, problems, ways forward, status, rules and events.

Apart from kiosk/flows/identify.py so the state machine stays readable; everything here is
re-exported from there. It never hands out half an identity: only `merge(chip, qr)` or, when the
citizen chose it, the QR alone (its fields marked as QR-sourced) becomes one.

    WAITING ──card + QR──▶ READING ──chip ok, IDs agree──▶ IDENTIFIED ──proceed()──▶ NEXT
      │  ▲                   │ AccessDenied: next BAC key candidate (same state)
      │  └──retry / card─────┤ removed / unreadable / wrong card / reader gone
      └─ no QR, no chip, bad QR, reader not ready ─▶ PROBLEM ──ways: use QR · ask staff · retry
    PROBLEM (no QR, bad QR, every QR key refused) ──use MRZ──▶ SCANNING ──MRZ ok──▶ WAITING
      (the chip is then read with the MRZ's key; a failed scan is a PROBLEM with retry / staff)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from enum import StrEnum
from typing import Protocol, runtime_checkable

from kiosk.domain.identity import CitizenIdentity
from kiosk.ports.card_reader import BacKey, ChipData
from kiosk.services.identity.errors import PROMPT_IDS as IDENTITY_PROMPTS
from kiosk.services.identity.errors import IdentityError, IdentityErrorCode
from kiosk.services.qr_payloads.model import (
    PROMPT_CARD_READ,
    PROMPT_CARD_READ_READING,
    PROMPT_DAMAGED,
    QrKind,
    QrPayload,
)

CHIP_GROUPS = ("COM", "DG1", "DG13", "SOD")


class Phase(StrEnum):
    WAITING = "waiting"
    READING = "reading"
    SCANNING = "scanning"  # the back of the card is being scanned for its MRZ
    IDENTIFIED = "identified"
    PROBLEM = "problem"
    STAFF = "staff"  # the citizen asked for staff; they can still retry
    NEXT = "next"  # "Tiếp tục" pressed: the next step belongs to a later issue


class Problem(StrEnum):
    WRONG_CARD = "wrong_card"
    CARD_REMOVED = "card_removed"
    CHIP_UNREADABLE = "chip_unreadable"
    KEY_REFUSED = "key_refused"  # the chip refused every key the QR gave
    NO_QR = "no_qr"
    NO_CHIP = "no_chip"
    READER_NOT_READY = "reader_not_ready"
    QR_INVALID = "qr_invalid"
    MRZ_FAILED = "mrz_failed"  # the card back gave no MRZ whose check digits hold


class Way(StrEnum):
    USE_QR = "use_qr"
    USE_MRZ = "use_mrz"  # "Dùng mặt sau thẻ": the MRZ on the back gives the BAC key
    ASK_STAFF = "ask_staff"
    RETRY = "retry"


class ChipFailure(StrEnum):
    ACCESS_DENIED = "access_denied"  # BAC refused this key: try the next candidate
    REMOVED = "removed"
    UNREADABLE = "unreadable"
    UNAVAILABLE = "unavailable"  # the reader is gone or closed


class KeySource(StrEnum):
    """Where the BAC key that opened the chip came from (not personal: may be logged)."""

    QR = "qr"
    MRZ = "mrz"


# USE_MRZ is dropped when no MRZ reader is attached.
WAYS: dict[Problem, tuple[Way, ...]] = {
    Problem.WRONG_CARD: (Way.RETRY, Way.ASK_STAFF),
    Problem.CARD_REMOVED: (Way.RETRY, Way.ASK_STAFF),
    Problem.CHIP_UNREADABLE: (Way.USE_QR, Way.ASK_STAFF, Way.RETRY),
    Problem.KEY_REFUSED: (Way.USE_MRZ, Way.USE_QR, Way.ASK_STAFF),
    Problem.NO_QR: (Way.USE_MRZ, Way.ASK_STAFF),
    Problem.NO_CHIP: (Way.USE_QR, Way.ASK_STAFF),
    Problem.READER_NOT_READY: (Way.USE_QR, Way.ASK_STAFF),
    Problem.QR_INVALID: (Way.RETRY, Way.USE_MRZ, Way.ASK_STAFF),
    Problem.MRZ_FAILED: (Way.RETRY, Way.ASK_STAFF),
}


@dataclass(frozen=True, slots=True)
class IdentifyStatus:
    """What to show and say. `prompt_id` is an `[identify]` (or `[identity]`, `[mrz_ocr]`)
    catalogue id."""

    phase: Phase
    prompt_id: str
    problem: Problem | None = None
    ways: tuple[Way, ...] = ()
    qr_only: bool = False  # identified (or waiting) from the QR alone


class IdentityRules(Protocol):
    """kiosk.services.identity, as the flow needs it (a fake in unit tests). `qr` and `mrz`
    are opaque."""

    def parse_card_qr(self, text: str) -> object | IdentityError: ...
    def bac_key_candidates(self, qr: object, today: date) -> list[BacKey]: ...
    def parse_mrz(self, text: str) -> object | IdentityError:
        """TD1 text → an MRZ with every check digit verified, or a typed error."""
        ...

    def bac_key_from_mrz(self, mrz: object) -> BacKey: ...
    def identity_from_chip(self, chip: ChipData) -> CitizenIdentity | IdentityError: ...
    def identity_from_qr(self, qr: object) -> CitizenIdentity: ...
    def merge(
        self, chip: CitizenIdentity, qr: CitizenIdentity | None
    ) -> CitizenIdentity | IdentityError: ...


@runtime_checkable
class QrClassifier(Protocol):
    """Rules that also tell a card QR from every other QR a ward sees (kiosk.services.qr_payloads).
    Rules without it treat every scan as a card QR."""

    def classify_qr(self, text: str) -> QrPayload: ...


@dataclass(frozen=True, slots=True)
class QrVerdict:
    """What one scan means for identification. `qr` is the parsed card QR to use, else None and
    `prompt_id` says why: a QR_INVALID problem when `invalid`, else an aside while the flow keeps
    waiting for the card. `detail` is English for the log, never personal."""

    qr: object | None
    prompt_id: str = ""
    invalid: bool = True
    confirm: bool = False  # say "Đã đọc mã QR" with the status that follows
    detail: str = ""


# Not the classifier's generic "not a card or receipt" prompt: here the citizen is asked for the
# card, and this prompt says exactly that.
_NOT_A_CARD = IDENTITY_PROMPTS[IdentityErrorCode.QR_NOT_A_CARD]


def judge_scan(rules: IdentityRules, text: str) -> QrVerdict:
    if not isinstance(rules, QrClassifier):
        parsed = rules.parse_card_qr(text)
        if isinstance(parsed, IdentityError):
            return QrVerdict(None, parsed.prompt_id, detail=f"{parsed.code} ({parsed.detail})")
        return QrVerdict(parsed)
    scan = rules.classify_qr(text)
    detail = f"{scan.kind}: {scan.reason}"
    if scan.kind is QrKind.CARD_QR and scan.card is not None and scan.usable:
        return QrVerdict(scan.card, confirm=True, detail=detail)
    if scan.kind is QrKind.CARD_QR or scan.damaged or scan.refused:
        return QrVerdict(None, scan.prompt_id or PROMPT_DAMAGED, detail=detail)
    if scan.kind is QrKind.UNKNOWN or scan.prompt_id is None:
        return QrVerdict(None, _NOT_A_CARD, detail=detail)
    return QrVerdict(None, scan.prompt_id, invalid=False, detail=detail)  # VNeID, receipt …


def answered(
    status: IdentifyStatus, verdict: QrVerdict, events: list[IdentifyEvent]
) -> tuple[IdentifyStatus, list[IdentifyEvent]]:
    """The status after a scan that is no problem, always as one status change (so a second scan
    is answered too): an aside about another kind of QR (the phase and ways stay: the flow keeps
    waiting for the card), or after an accepted card QR, speech opening with "Đã đọc mã QR".
    The other events keep their order."""
    if verdict.qr is None:
        status = replace(status, prompt_id=verdict.prompt_id)
    elif status.phase is Phase.READING:
        status = replace(status, prompt_id=PROMPT_CARD_READ_READING)
    elif status.phase is Phase.WAITING:
        status = replace(status, prompt_id=PROMPT_CARD_READ)
    return status, [StatusChanged(status), *(e for e in events if not isinstance(e, StatusChanged))]


# ---- events (past tense, like the session flow's) ------------------------------------------


@dataclass(frozen=True, slots=True)
class StatusChanged:
    status: IdentifyStatus


@dataclass(frozen=True, slots=True)
class ChipReadRequested:
    read_id: int  # results carrying another id are stale and dropped
    key: BacKey
    groups: tuple[str, ...] = CHIP_GROUPS


@dataclass(frozen=True, slots=True)
class MrzScanRequested:
    scan_id: int  # results carrying another id are stale and dropped


@dataclass(frozen=True, slots=True, repr=False)
class CitizenFound:
    """`key_source`/`key_candidate` say which key opened the chip: the QR's n-th candidate
    (1-based) or the MRZ; None for a QR-only identity."""

    identity: CitizenIdentity
    qr_only: bool = False
    key_source: KeySource | None = None
    key_candidate: int = 0

    def __repr__(self) -> str:  # never let the identity reach a log line
        return (
            f"CitizenFound(qr_only={self.qr_only}, key_source={self.key_source}, "
            f"key_candidate={self.key_candidate})"
        )


IdentifyEvent = StatusChanged | ChipReadRequested | MrzScanRequested | CitizenFound
