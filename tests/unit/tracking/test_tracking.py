"""Tracking core against the simulated portal: scanned receipt QR, URL, bare and typed codes →
status words; bad input first (a polite prompt, nothing looked up); no personal data out."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from devices.simulated.portal import SimulatedPortal
from kiosk.domain.receipt import Receipt
from kiosk.ports.clock import ManualClock
from kiosk.ports.portal import DossierStatusReport, DossierSubmission, PortalOffline
from kiosk.prompts import load_prompts
from kiosk.services.receipt_qr import encode_receipt_qr
from kiosk.services.tracking import (
    KNOWN_STATUSES,
    PROMPT_IDS,
    BadInput,
    TrackingOutcome,
    TrackingQuery,
    TrackingResult,
    look_up,
    query_from_scan,
    query_from_typed,
)
from tests.unit.receipt.samples import LAN, PENDING

PROMPTS = Path(__file__).resolve().parents[3] / "config" / "prompts" / "vi"
CARD_QR = "079201012345|123456789|Nguyễn Thị Lan Hương|01012001|Nữ|12 Lê Lợi, Bến Thành|01012021"


def submitted(portal: SimulatedPortal, procedure: str = "1.004222") -> str:
    ack = portal.submit(
        DossierSubmission(
            local_id="loc-1",
            procedure_code=procedure,
            fields={"ho_ten": "Nguyễn Văn A"},
            attachments={},
        )
    )
    return ack.dossier_code


@pytest.fixture
def portal() -> SimulatedPortal:
    return SimulatedPortal(ManualClock(), latency_s=0)


def receipt_for(code: str) -> Receipt:
    return msgspec.structs.replace(LAN, dossier_code=code)


# ---- bad input first --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        ("", "tracking.malformed"),
        ("   ", "tracking.malformed"),
        ("12345", "tracking.malformed"),  # too short
        ("261123-00", "tracking.malformed"),
        ("261399-0001", "tracking.malformed"),  # 99th day of month 13: no calendar day
        ("xin chào", "tracking.malformed"),
        ("1.001193", "tracking.malformed"),  # a procedure code, not a dossier code
        ("Mã hồ sơ 261123-0001", "tracking.malformed"),
        ("9" * 200, "tracking.malformed"),
    ],
)
def test_a_wrong_typed_code_gets_a_polite_prompt(text: str, prompt: str) -> None:
    found = query_from_typed(text, "000.00.12.H29")
    assert isinstance(found, BadInput) and found.prompt_id == prompt
    assert text.strip() == "" or text not in found.reason  # the log never echoes the input


def test_the_tail_without_a_unit_code_asks_for_the_whole_code() -> None:
    found = query_from_typed("261123-0001", "")
    assert isinstance(found, BadInput) and found.prompt_id == "tracking.malformed"


@pytest.mark.parametrize(
    ("text", "prompt"),
    [
        (CARD_QR, "tracking.not_receipt"),  # the citizen scanned the ID card
        ("1.001193", "tracking.not_receipt"),  # a procedure's QR on the wall
        ("https://example.org/hello", "tracking.not_receipt"),
        ("hello", "tracking.not_receipt"),
        ("000.00.12.H29-261399-0001", "tracking.damaged"),  # garbled date
        ("a\x00b", "tracking.damaged"),  # control characters: refused by the classifier
        ("x" * 5000, "tracking.damaged"),
    ],
)
def test_a_qr_that_is_not_a_receipt_gets_a_polite_prompt(text: str, prompt: str) -> None:
    found = query_from_scan(text)
    assert isinstance(found, BadInput) and found.prompt_id == prompt
    assert "Lan" not in found.reason and "079201012345" not in found.reason


def test_a_pending_receipt_has_no_code_to_look_up() -> None:
    found = query_from_scan(encode_receipt_qr(PENDING))
    assert isinstance(found, BadInput) and found.prompt_id == "tracking.pending_receipt"


# ---- accepted forms ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        encode_receipt_qr(LAN),
        "000.00.12.H29-261123-0001",
        " 000.00.12.h29-261123-0001 ",
        "https://dichvucong.gov.vn/p/tra-cuu?mahoso=000.00.12.H29-261123-0001",
        '{"mahoso": "000.00.12.H29-261123-0001"}',
    ],
)
def test_every_receipt_form_gives_the_code(text: str) -> None:
    assert query_from_scan(text) == TrackingQuery("000.00.12.H29-261123-0001", "qr")


@pytest.mark.parametrize(
    "text", ["261123-0001", "2611230001", " 261123 - 0001 ", "000.00.12.H29-261123-0001"]
)
def test_typed_tail_or_whole_code(text: str) -> None:
    found = query_from_typed(text, "000.00.12.H29")
    assert found == TrackingQuery("000.00.12.H29-261123-0001", "typed")


@given(st.text(max_size=80))
def test_query_parsers_never_raise(text: str) -> None:
    for found in (query_from_scan(text), query_from_typed(text, "H29.12")):
        assert isinstance(found, BadInput | TrackingQuery)
        if isinstance(found, BadInput):
            assert found.prompt_id in PROMPT_IDS


# ---- look-ups through the simulated portal ------------------------------------------------


def test_found_by_receipt_qr_with_plain_words(portal: SimulatedPortal) -> None:
    code = submitted(portal)
    query = query_from_scan(encode_receipt_qr(receipt_for(code)))
    assert isinstance(query, TrackingQuery)
    names = {"1.004222": "Đăng ký thường trú"}
    result = look_up(portal, query, procedure_name=names.get)
    assert result.outcome is TrackingOutcome.FOUND
    assert result.prompt_id == "tracking.status_received" and not result.ready
    assert (result.dossier_code, result.procedure_name) == (code, "Đăng ký thường trú")
    assert result.received_on == date(2026, 11, 23)  # 08:00 UTC is 15:00 in Hà Nội
    assert not result.personal_allowed
    portal.set_status(code, "done")
    done = look_up(portal, query)
    assert done.prompt_id == "tracking.status_done" and done.ready and done.procedure_name == ""


def test_typed_code_is_found(portal: SimulatedPortal) -> None:
    code = submitted(portal)  # H29.12-261123-0001
    query = query_from_typed(code.split("-", 1)[1], "H29.12")
    assert isinstance(query, TrackingQuery)
    assert look_up(portal, query).outcome is TrackingOutcome.FOUND


def test_not_found_and_offline_are_outcomes(portal: SimulatedPortal) -> None:
    query = TrackingQuery("H29.12-261123-0099", "typed")
    missing = look_up(portal, query)
    assert (missing.outcome, missing.prompt_id) == (TrackingOutcome.NOT_FOUND, "tracking.not_found")
    portal.set_offline(True)
    offline = look_up(portal, query)
    assert (offline.outcome, offline.prompt_id) == (TrackingOutcome.OFFLINE, "tracking.offline")


def test_an_unknown_status_is_said_as_being_processed(portal: SimulatedPortal) -> None:
    code = submitted(portal)
    portal.set_status(code, "chờ ký số")
    result = look_up(portal, TrackingQuery(code, "qr"))
    assert result.prompt_id == "tracking.status_other" and result.status == "chờ ký số"


class Broken:
    def status(self, dossier_code: str) -> DossierStatusReport:
        raise RuntimeError("adapter bug")


class Slow:
    def status(self, dossier_code: str) -> DossierStatusReport:
        raise PortalOffline("timed out")


@pytest.mark.parametrize("portal_like", [Broken(), Slow()])
def test_a_broken_or_slow_portal_reads_as_offline(portal_like: object) -> None:
    result = look_up(portal_like, TrackingQuery("H29.12-261123-0001", "qr"))  # type: ignore[arg-type]
    assert result.outcome is TrackingOutcome.OFFLINE


def test_the_result_holds_nothing_personal() -> None:
    fields = set(TrackingResult.__slots__)
    assert not fields & {"applicant", "applicant_name", "applicant_id", "name", "id_number"}


def test_every_prompt_id_is_in_the_catalogue() -> None:
    catalogue = load_prompts(PROMPTS)
    catalogue.require(PROMPT_IDS)
    for status in KNOWN_STATUSES:
        assert "/" not in catalogue.speech(f"tracking.status_{status}")


def test_a_garbled_card_qr_is_still_not_a_receipt() -> None:
    garbled = CARD_QR.replace("01012001", "01011990")  # century digit does not match
    found = query_from_scan(garbled)
    assert isinstance(found, BadInput) and found.prompt_id == "tracking.not_receipt"
