"""Practice mode: nothing reaches the real portal, codes are marked TAP-, the receipt says so."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from devices.simulated.portal import SimulatedPortal
from kiosk.domain.devices import HealthState
from kiosk.flows.practice import (
    BANNER_ID,
    PROMPT_IDS,
    USES_OUTBOX,
    PracticePortal,
    is_practice,
    is_practice_code,
    mark_practice,
)
from kiosk.ports.clock import ManualClock
from kiosk.ports.portal import DossierNotFound, DossierSubmission, PortalRejected
from kiosk.prompts import load_prompts
from kiosk.services.qr_payloads import QrKind, classify
from kiosk.services.receipt_qr import decode_receipt_qr, encode_receipt_qr
from kiosk.services.tracking import (
    PROMPT_PRACTICE,
    BadInput,
    TrackingOutcome,
    TrackingQuery,
    look_up,
    query_from_scan,
)
from tests.unit.receipt.samples import LAN, PENDING

PROMPTS = load_prompts(Path(__file__).resolve().parents[3] / "config" / "prompts" / "vi")


class Tripwire:
    """A real portal's shape whose every call but health is a test failure."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def health(self):  # type: ignore[no-untyped-def]
        self.calls.append("health")
        return SimulatedPortal(ManualClock(), latency_s=0).health()

    def submit(self, dossier: object) -> object:
        self.calls.append("submit")
        raise AssertionError("practice mode submitted to the real portal")

    def status(self, code: str) -> object:
        self.calls.append("status")
        raise AssertionError("practice mode asked the real portal")

    def rate(self, code: str, score: int) -> None:
        self.calls.append("rate")
        raise AssertionError("practice mode rated at the real portal")

    def close(self) -> None:
        self.calls.append("close")


def dossier(local_id: str = "practice-1") -> DossierSubmission:
    return DossierSubmission(
        local_id=local_id,
        procedure_code="1.004222",
        fields={"ho_ten": "Nguyễn Thị Lan Hương"},
        attachments={"cccd": b"%PDF-1.4 test"},
    )


def test_nothing_reaches_the_real_portal() -> None:
    real = SimulatedPortal(ManualClock(), latency_s=0)
    practice = PracticePortal(real, ManualClock())
    ack = practice.submit(dossier())
    practice.rate(ack.dossier_code, 5)
    assert practice.status(ack.dossier_code).status == "received"
    practice.close()
    assert real.submissions == () and real.ratings == {}


def test_only_health_is_asked_of_the_inner_portal() -> None:
    inner = Tripwire()
    practice = PracticePortal(inner, ManualClock())  # type: ignore[arg-type]
    ack = practice.submit(dossier())
    practice.rate(ack.dossier_code, 4)
    practice.status(ack.dossier_code)
    with pytest.raises(DossierNotFound):
        practice.status("000.00.12.H29-261123-0001")  # a real code is not looked up for real
    assert practice.health().state is HealthState.READY
    practice.close()
    assert inner.calls == ["health"]


def test_codes_are_marked_and_idempotent() -> None:
    practice = PracticePortal(None, ManualClock())
    first = practice.submit(dossier("a"))
    assert first.dossier_code == "TAP-261123-0001" and is_practice_code(first.dossier_code)
    assert practice.submit(dossier("a")) == first
    assert practice.submit(dossier("b")).dossier_code == "TAP-261123-0002"
    with pytest.raises(PortalRejected):
        practice.rate(first.dossier_code, 0)


def test_the_practice_receipt_is_marked_and_trackable_in_practice() -> None:
    practice = PracticePortal(None, ManualClock())
    ack = practice.submit(dossier())
    receipt = mark_practice(msgspec.structs.replace(LAN, dossier_code=ack.dossier_code), PROMPTS)
    assert receipt.practice and not LAN.practice
    assert is_practice(receipt) and not is_practice(LAN)
    assert receipt.issuer == LAN.issuer  # the flag says it now: the issuer stays true
    assert "tập sử dụng" in receipt.tracking_hint and receipt.tracking_url == ""
    payload = encode_receipt_qr(receipt)
    assert payload.endswith("|tap=1") and decode_receipt_qr(payload).practice
    assert classify(payload).kind is QrKind.RECEIPT
    query = query_from_scan(payload, practice_session=True)
    assert isinstance(query, TrackingQuery)
    result = look_up(practice, query)
    assert result.outcome is TrackingOutcome.FOUND


def test_a_practice_receipt_is_never_looked_up_outside_practice() -> None:
    """Scanned at a normal session, the practice receipt is refused with a polite prompt (a
    BadInput: nothing is looked up)."""
    practice = PracticePortal(None, ManualClock())
    ack = practice.submit(dossier())
    receipt = mark_practice(msgspec.structs.replace(LAN, dossier_code=ack.dossier_code), PROMPTS)
    found = query_from_scan(encode_receipt_qr(receipt))
    assert isinstance(found, BadInput) and found.prompt_id == PROMPT_PRACTICE
    assert "tập sử dụng" in PROMPTS.text(found.prompt_id)
    assert "/" not in PROMPTS.speech(found.prompt_id)


def test_a_marked_pending_receipt_is_marked_too() -> None:
    pending = msgspec.structs.replace(PENDING, local_reference="TAP-K01-261123-0001")
    marked = mark_practice(pending, PROMPTS)
    assert marked.practice and marked.pending and is_practice(marked)
    assert decode_receipt_qr(encode_receipt_qr(marked)).practice


def test_a_real_code_cannot_be_marked_practice() -> None:
    with pytest.raises(ValueError, match="practice dossier code"):
        mark_practice(LAN, PROMPTS)


def test_practice_prompts_and_outbox_rule() -> None:
    PROMPTS.require(PROMPT_IDS)
    assert "TẬP" in PROMPTS.text(BANNER_ID)
    assert USES_OUTBOX is False
