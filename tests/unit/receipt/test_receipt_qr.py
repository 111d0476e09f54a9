"""The receipt QR payload: exact round trips, strict decoding, and the kiosk's own classifier
recognising what we print."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.services.qr_payloads import QrKind, classify
from kiosk.services.receipt_qr import (
    ReceiptQr,
    ReceiptQrError,
    decode_receipt_qr,
    encode_receipt_qr,
    receipt_qr,
)
from tests.unit.receipt.samples import LAN, PENDING

EXPECTED_LAN = (
    "BNHS1|mhs=000.00.12.H29-261123-0001|tthc=1.004222|cccd=********2345"
    "|tieude=Giấy tiếp nhận hồ sơ và hẹn trả kết quả|hethong=Kiosk kiosk-01"
    "|thoigian=2026-11-23T08:15:42+07:00|hentra=2026-11-30"
)

unit = st.from_regex(r"[0-9A-Z]{1,6}(\.[0-9A-Z]{1,6}){0,4}", fullmatch=True)
dossier_codes = st.builds(
    lambda u, d, n: f"{u}-{d}-{n}",
    unit,
    st.from_regex(r"[0-9]{6}", fullmatch=True),
    st.from_regex(r"[0-9]{4,6}", fullmatch=True),
)
free_text = (
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Co"), blacklist_characters="|"),
        min_size=1,
        max_size=80,
    )
    .map(str.strip)
    .filter(bool)
)
offsets = st.integers(-12 * 60, 14 * 60).map(lambda m: timezone(timedelta(minutes=m)))
times = st.builds(
    lambda dt, tz: dt.replace(tzinfo=tz),
    st.datetimes(datetime(2000, 1, 1), datetime(2099, 12, 31)).map(
        lambda d: d.replace(microsecond=0)
    ),
    offsets,
)
received = st.builds(
    ReceiptQr,
    dossier_code=dossier_codes,
    procedure_code=st.from_regex(r"[1-3]\.[0-9]{6}", fullmatch=True),
    applicant=st.one_of(
        st.from_regex(r"[0-9]{12}", fullmatch=True),
        st.from_regex(r"[0-9]{4}", fullmatch=True).map(lambda d: "*" * 8 + d),
    ),
    title=free_text,
    issuer=free_text,
    issued_at=times,
    appointment_date=st.dates(date(2000, 1, 1), date(2099, 12, 31)),
)
pending = st.builds(
    lambda qr, ref: replace(qr, dossier_code="", local_reference=ref),
    received,
    st.from_regex(r"[A-Za-z0-9_.-]{1,40}", fullmatch=True),
)


practice = st.builds(lambda qr: replace(qr, practice=True), st.one_of(received, pending))


@given(st.one_of(received, pending, practice))
def test_every_payload_round_trips_exactly(qr: ReceiptQr) -> None:
    text = encode_receipt_qr(qr)
    back = decode_receipt_qr(text)
    assert back == qr
    assert back.issued_at.utcoffset() == qr.issued_at.utcoffset()
    assert encode_receipt_qr(back) == text


@given(st.one_of(received, received.map(lambda qr: replace(qr, practice=True))))
def test_the_kiosk_classifier_reads_every_received_payload_as_a_receipt(qr: ReceiptQr) -> None:
    payload = classify(encode_receipt_qr(qr))
    assert payload.kind is QrKind.RECEIPT
    assert payload.fields["dossier_code"] == qr.dossier_code
    assert payload.fields["procedure_code"] == qr.procedure_code


def test_a_known_receipt_gives_the_documented_payload() -> None:
    assert encode_receipt_qr(LAN) == EXPECTED_LAN
    assert len(EXPECTED_LAN.encode()) < 230  # compact: a version-10 symbol at level M


def test_the_applicant_is_masked_unless_asked_for_in_full() -> None:
    assert "079201012345" not in encode_receipt_qr(LAN)
    full = decode_receipt_qr(encode_receipt_qr(LAN, full_identifier=True))
    assert full.applicant == "079201012345"


def test_a_pending_receipt_carries_its_local_reference() -> None:
    text = encode_receipt_qr(PENDING)
    assert text.startswith("BNHS1|tam=K01-261123-0007|tthc=1.004194|")
    qr = decode_receipt_qr(text)
    assert qr.pending and qr.local_reference == "K01-261123-0007" and qr.dossier_code == ""


def test_receipt_qr_takes_the_receipts_fields() -> None:
    qr = receipt_qr(LAN)
    assert (qr.dossier_code, qr.procedure_code, qr.appointment_date) == (
        LAN.dossier_code,
        LAN.procedure_code,
        LAN.appointment_date,
    )
    assert qr.issued_at == LAN.submitted_at


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "not a receipt QR"),
        ("079201012345|Nguyễn|...", "not a receipt QR"),
        (EXPECTED_LAN.replace("BNHS1", "BNHS2"), "version 2 is not supported"),
        (EXPECTED_LAN.replace("BNHS1", "BNHSx"), "not a receipt QR"),
        (EXPECTED_LAN.replace("BNHS1", "BNHS\u00b9"), "not a receipt QR"),  # a superscript 1
        (EXPECTED_LAN.replace("BNHS1", "BNHS\u0661"), "not a receipt QR"),  # an Arabic-Indic 1
        (EXPECTED_LAN + "|tap=0", "expected the fields"),
        (EXPECTED_LAN + "|tap=yes", "expected the fields"),
        (EXPECTED_LAN + "|tap=1|tap=1", "expected the fields"),
        (EXPECTED_LAN.replace("|hentra=", "|tap=1|hentra="), "expected the fields"),
        (EXPECTED_LAN.replace("BNHS1|", "BNHS1|tap=1|"), "expected the fields"),
        ("BNHS1|tap=1", "expected the fields"),
        (EXPECTED_LAN.replace("|tthc=", "|tt="), "expected the fields"),
        (EXPECTED_LAN + "|extra=1", "expected the fields"),
        (EXPECTED_LAN.replace("|hentra=", "|hentra"), "expected the fields"),
        (EXPECTED_LAN.replace("2026-11-30", "30/11/2026"), "bad time or date"),
        (EXPECTED_LAN.replace("+07:00", ""), "offset"),
        (EXPECTED_LAN.replace("********2345", "2345"), "applicant"),
        (EXPECTED_LAN.replace("1.004222", "thường trú"), "procedure code"),
        (EXPECTED_LAN.replace("000.00.12.H29-261123-0001", "abc"), "dossier code"),
        (EXPECTED_LAN.replace("Kiosk kiosk-01", ""), "issuer"),
    ],
)
def test_anything_else_is_refused_with_a_reason(text: str, message: str) -> None:
    with pytest.raises(ReceiptQrError, match=message):
        decode_receipt_qr(text)


def test_encoding_refuses_what_could_not_be_read_back() -> None:
    qr = receipt_qr(LAN)
    with pytest.raises(ReceiptQrError, match="issuer"):
        encode_receipt_qr(replace(qr, issuer="A|B"))
    with pytest.raises(ReceiptQrError, match="time"):
        encode_receipt_qr(replace(qr, issued_at=datetime(2026, 1, 1, 8, 0)))
    with pytest.raises(ReceiptQrError, match="time"):
        encode_receipt_qr(replace(qr, issued_at=qr.issued_at.replace(microsecond=5)))


def test_a_practice_receipt_carries_tap_1_last_and_decodes_it() -> None:
    receipt = msgspec.structs.replace(LAN, dossier_code="TAP-261123-0001", practice=True)
    text = encode_receipt_qr(receipt)
    assert text == EXPECTED_LAN.replace("000.00.12.H29-261123-0001", "TAP-261123-0001") + "|tap=1"
    qr = decode_receipt_qr(text)
    assert qr.practice and receipt_qr(receipt) == qr and "practice" in repr(qr)
    pending = msgspec.structs.replace(PENDING, practice=True)
    assert decode_receipt_qr(encode_receipt_qr(pending)).practice
    assert decode_receipt_qr(encode_receipt_qr(pending)).pending


def test_a_normal_receipt_has_no_marker() -> None:
    for receipt in (LAN, PENDING):
        text = encode_receipt_qr(receipt)
        assert "tap=" not in text and not decode_receipt_qr(text).practice
