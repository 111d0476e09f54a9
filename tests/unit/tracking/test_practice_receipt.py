"""A practice receipt's QR (`tap=1`) is refused before any lookup outside a practice session:
its code must never reach the real portal. Bad input first: a polite prompt, nothing asked."""

from __future__ import annotations

from pathlib import Path

import msgspec
import pytest

from kiosk.prompts import load_prompts
from kiosk.services.receipt_qr import encode_receipt_qr
from kiosk.services.tracking import (
    PROMPT_IDS,
    PROMPT_PRACTICE,
    BadInput,
    TrackingQuery,
    query_from_scan,
)
from tests.unit.receipt.samples import LAN, PENDING

PROMPTS = Path(__file__).resolve().parents[3] / "config" / "prompts" / "vi"
PRACTICE = msgspec.structs.replace(LAN, dossier_code="TAP-261123-0001", practice=True)


@pytest.mark.parametrize(
    "receipt",
    [PRACTICE, msgspec.structs.replace(PENDING, local_reference="TAP-K01-0001", practice=True)],
)
def test_a_practice_receipt_is_refused_with_a_polite_prompt(receipt: object) -> None:
    found = query_from_scan(encode_receipt_qr(receipt))  # type: ignore[arg-type]
    assert isinstance(found, BadInput)
    assert found.prompt_id == PROMPT_PRACTICE and "practice" in found.reason
    assert "TAP-" not in found.reason  # the log gets no code it could look up by hand


def test_the_marker_is_what_refuses() -> None:
    unmarked = msgspec.structs.replace(PRACTICE, practice=False)
    assert query_from_scan(encode_receipt_qr(unmarked)) == TrackingQuery("TAP-261123-0001", "qr")
    bytes_in = encode_receipt_qr(PRACTICE).encode("utf-8")  # a scanner may hand bytes
    assert isinstance(query_from_scan(bytes_in), BadInput)


def test_a_practice_session_may_look_it_up_in_its_practice_portal() -> None:
    found = query_from_scan(encode_receipt_qr(PRACTICE), practice_session=True)
    assert found == TrackingQuery("TAP-261123-0001", "qr")
    normal = query_from_scan(encode_receipt_qr(LAN), practice_session=True)
    assert normal == TrackingQuery(LAN.dossier_code, "qr")


def test_the_prompt_is_in_the_catalogue_and_speakable() -> None:
    catalogue = load_prompts(PROMPTS)
    assert PROMPT_PRACTICE in PROMPT_IDS
    catalogue.require(PROMPT_IDS)
    assert "/" not in catalogue.speech(PROMPT_PRACTICE)
    assert "tập sử dụng" in catalogue.text(PROMPT_PRACTICE)


def test_an_odd_version_digit_is_not_a_crash() -> None:
    """Every receipt scan is now decoded: a non-ASCII digit in the tag must not raise."""
    odd = encode_receipt_qr(LAN).replace("BNHS1", "BNHS\u00b9")
    assert isinstance(query_from_scan(odd), TrackingQuery | BadInput)
