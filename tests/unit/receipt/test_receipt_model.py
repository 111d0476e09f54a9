"""The Receipt model: the JSON a technician or the flow gives is checked key by key."""

from __future__ import annotations

import json
from datetime import date, datetime

import msgspec
import pytest

from kiosk.domain.receipt import Receipt, ReceiptError, decode_receipt_json, mask_id
from tests.unit.receipt.samples import LAN, PENDING

GOOD = json.loads(msgspec.json.encode(LAN))


def decode_with(**changes: object) -> Receipt:
    data = {**GOOD, **changes}
    return decode_receipt_json(json.dumps({k: v for k, v in data.items() if v is not ...}))


@pytest.mark.parametrize(
    ("changes", "key", "reason"),
    [
        ({"colour": "red"}, "colour", "unknown key"),
        ({"kiosk_id": ...}, "kiosk_id", "missing"),
        ({"dossier_code": ...}, "dossier_code", "missing"),
        ({"applicant_id": "12345"}, "applicant_id", "regex"),
        ({"applicant_id": 79201012345}, "applicant_id", "str"),
        ({"fee_vnd": -1}, "fee_vnd", ">= 0"),
        ({"fee_vnd": "20000"}, "fee_vnd", "int"),
        ({"fee_vnd": 1.5}, "fee_vnd", "int"),
        ({"submitted_at": "2026-11-23T08:15:00"}, "submitted_at", "offset"),
        ({"submitted_at": "hôm nay"}, "submitted_at", "datetime"),
        ({"appointment_date": "30/11/2026"}, "appointment_date", "date"),
        ({"appointment_date": "2026-11-01"}, "appointment_date", "before"),
        ({"dossier_code": "hồ sơ 1"}, "dossier_code", "dossier code"),
        ({"procedure_code": "1004222"}, "procedure_code", "regex"),
        ({"procedure_name": ""}, "procedure_name", "length"),
        ({"applicant_name": "A|B"}, "applicant_name", "regex"),
        ({"ward_name": "Phường\nX"}, "ward_name", "regex"),
        ({"papers_received": "CT01"}, "papers_received", "array"),
        ({"tracking_url": "javascript:alert(1)"}, "tracking_url", "regex"),
        ({"status": "done"}, "status", "enum"),
        ({"status": "pending"}, "dossier_code", "empty"),
        ({"practice": "yes"}, "practice", "bool"),
        ({"practice": "true"}, "practice", "bool"),
        ({"practice": 1}, "practice", "bool"),
        ({"practice": None}, "practice", "bool"),
        ({"practice": [True]}, "practice", "bool"),
        ({"practice": True, "tap": 1}, "tap", "unknown key"),
    ],
)
def test_bad_values_name_the_key(changes: dict[str, object], key: str, reason: str) -> None:
    with pytest.raises(ReceiptError) as caught:
        decode_with(**changes)
    assert caught.value.key == key
    assert reason in caught.value.reason


def test_not_json_is_an_error_without_a_key() -> None:
    with pytest.raises(ReceiptError, match="not valid JSON"):
        decode_receipt_json(b"{dossier_code:")


def test_a_pending_receipt_needs_its_local_reference() -> None:
    with pytest.raises(ReceiptError) as caught:
        decode_with(status="pending", dossier_code="")
    assert caught.value.key == "local_reference"
    pending = decode_with(status="pending", dossier_code="", local_reference="K01-261123-0007")
    assert pending.pending and pending.reference == "K01-261123-0007"


def test_the_json_form_round_trips() -> None:
    again = decode_receipt_json(msgspec.json.encode(LAN))
    assert again == LAN
    assert isinstance(again.submitted_at, datetime) and again.submitted_at.utcoffset()
    assert again.appointment_date == date(2026, 11, 30)
    assert decode_receipt_json(msgspec.json.encode(PENDING)) == PENDING


def test_the_id_is_masked_but_the_last_four_digits() -> None:
    assert LAN.masked_id == "********2345"
    assert mask_id("001089012345") == "********2345"


def test_repr_never_holds_the_name_or_the_id() -> None:
    for text in (repr(LAN), str(LAN), f"{LAN}"):
        assert "Nguyễn" not in text and "079201012345" not in text and "2345" not in text
        assert LAN.dossier_code in text


def test_the_receipt_is_frozen() -> None:
    with pytest.raises(AttributeError):
        LAN.fee_vnd = 0  # type: ignore[misc]


def test_issuer_defaults_to_the_kiosk() -> None:
    assert LAN.issuer == "Kiosk kiosk-01"
    assert msgspec.structs.replace(LAN, issuing_system="Hệ thống DVC tỉnh").issuer == (
        "Hệ thống DVC tỉnh"
    )


def test_practice_is_false_unless_given_and_round_trips() -> None:
    assert LAN.practice is False
    assert decode_with(practice=...).practice is False  # an old JSON without the key
    practice = decode_with(practice=True, dossier_code="TAP-261123-0001")
    assert practice.practice is True
    assert decode_receipt_json(msgspec.json.encode(practice)) == practice
    assert "practice=True" in repr(practice) and "practice" not in repr(LAN)


def test_a_uuid_local_reference_is_shown_short_and_the_rest_as_they_are() -> None:
    from kiosk.domain.receipt import short_reference

    assert short_reference("35deffe2-b994-41c1-9610-9ef057ac7c19") == "35DEFFE2"
    assert short_reference("K01-261123-0007") == "K01-261123-0007"  # already readable
    assert short_reference("practice-1-abc") == "practice-1-abc"
