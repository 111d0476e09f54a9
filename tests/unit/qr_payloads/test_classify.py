"""classify(): every kind from its real-format sample, damage and refusals, safety."""

from __future__ import annotations

import json
import logging
import socket
from pathlib import Path

import pytest

from kiosk.prompts import load_prompts
from kiosk.services.qr_payloads import (
    MAX_PAYLOAD_BYTES,
    PROMPT_IDS,
    QrKind,
    QrPayload,
    classify,
)
from tests.unit.qr_payloads import samples as s

PROMPTS = Path(__file__).resolve().parents[3] / "config" / "prompts" / "vi"

KINDS = [
    (s.CARD_2021, QrKind.CARD_QR, {"id_number": "001150004321", "full_name": "Nguyễn Thị Lan"}),
    (s.CARD_2024, QrKind.CARD_QR, {"variant": "can_cuoc_2024"}),
    (s.CARD_PEERS, QrKind.CARD_QR, {"birth_date": "1989-01-01", "sex": "Nam"}),
    (s.DOSSIER_STRICT, QrKind.DOSSIER_CODE, {"dossier_code": s.DOSSIER_STRICT}),
    (s.DOSSIER_WARD, QrKind.DOSSIER_CODE, {"dossier_code": s.DOSSIER_WARD}),
    ("h29.12-251123-0001\r\n", QrKind.DOSSIER_CODE, {"dossier_code": s.DOSSIER_WARD}),
    (s.DOSSIER_BHXH, QrKind.DOSSIER_CODE, {"dossier_code": s.DOSSIER_BHXH}),
    ("1.001193", QrKind.PROCEDURE, {"procedure_code": "1.001193"}),
    ("2.000986", QrKind.PROCEDURE, {"procedure_code": "2.000986"}),
    (s.PROCEDURE_URL, QrKind.PROCEDURE, {"procedure_code": "1.001193", "url": s.PROCEDURE_URL}),
    (
        "https://dichvucong.gov.vn/thu-tuc/1.004227/chi-tiet",
        QrKind.PROCEDURE,
        {"procedure_code": "1.004227", "host": "dichvucong.gov.vn"},
    ),
    (
        s.RECEIPT_JSON,
        QrKind.RECEIPT,
        {
            "dossier_code": s.DOSSIER_WARD,
            "procedure_code": "1.001193",
            "applicant": "001089012345",
            "title": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
            "issuer": "Hệ thống giải quyết TTHC",
            "issued_at": "2025-11-23T10:15:00+07:00",
            "appointment": "2025-12-05",
            "url": "https://dichvucong.gov.vn/tra-cuu?maHoSo=H29.12-251123-0001",
        },
    ),
    (
        s.RECEIPT_URL,
        QrKind.RECEIPT,
        {"dossier_code": s.DOSSIER_WARD, "procedure_code": "2.000986", "url": s.RECEIPT_URL},
    ),
    (
        s.RECEIPT_PIPE,
        QrKind.RECEIPT,
        {
            "dossier_code": s.DOSSIER_WARD,
            "procedure_code": "1.001193",
            "applicant": "001089012345",
            "title": "Giấy tiếp nhận hồ sơ",
            "issuer": "Một cửa điện tử",
            "issued_at": "23/11/2025 10:15",
            "appointment": "05/12/2025",
        },
    ),
    (
        s.RECEIPT_PAIRS,
        QrKind.RECEIPT,
        {"dossier_code": s.DOSSIER_WARD, "procedure_code": "1.001193", "appointment": "05/12/2025"},
    ),
    (
        s.VNEID_URL,
        QrKind.VNEID,
        {"host": "vneid.gov.vn", "session": "7f3a9c21", "action": "qr-login", "url": s.VNEID_URL},
    ),
    (s.VNEID_APP, QrKind.VNEID, {"session": "ab12cd34"}),
    (s.VNEID_JSON, QrKind.VNEID, {"issuer": "Bộ Công an", "session": "5c1e"}),
    ("https://dichvucong.gov.vn/", QrKind.UNKNOWN, {"host": "dichvucong.gov.vn"}),
    ("Xin chào", QrKind.UNKNOWN, {}),
    ("00020101021238540010A00000072701240006970403011301234567", QrKind.UNKNOWN, {}),
]


@pytest.mark.parametrize(("payload", "kind", "fields"), KINDS)
def test_each_kind_is_recognised_with_its_fields(
    payload: str, kind: QrKind, fields: dict[str, str]
) -> None:
    result = classify(payload)
    assert result.kind is kind and not result.damaged and not result.refused
    assert {k: result.fields.get(k) for k in fields} == fields
    assert result.usable is (kind is not QrKind.UNKNOWN)
    assert (result.prompt_id is None) is (kind is QrKind.CARD_QR)


def test_bytes_are_decoded_as_utf8() -> None:
    result = classify(s.CARD_2021.encode("utf-8"))
    assert result.kind is QrKind.CARD_QR and result.card is not None
    assert result.card.full_name == "Nguyễn Thị Lan"


def test_card_qr_reuses_the_identity_parser() -> None:
    result = classify(s.CARD_2021)
    assert result.card is not None and result.card.id_number == "001150004321"
    assert result.card.sex == "Nữ"


def test_a_receipt_whose_fields_hold_an_id_number_is_not_taken_for_a_card() -> None:
    assert classify(s.RECEIPT_PIPE).kind is QrKind.RECEIPT


DAMAGED_CARDS: dict[str, str | bytes] = {
    "replacement characters": s.CARD_2021.replace("Nữ", "N\ufffd"),
    "wrong field count": s.CARD_2021.replace("|Nữ|", "Nữ|"),
    "impossible birth date": s.CARD_2021.replace("15031950", "31021950"),
    "issue before birth": s.CARD_2021.replace("10042021", "10041940"),
    "dropped letters in the sex field": s.CARD_2021.replace("|Nữ|", "|N|"),
    "garbled ID start": "0011500O4321" + s.CARD_2021[12:],
    "non-UTF-8 bytes": s.CARD_2021.encode("utf-8").replace("ữ".encode(), b"\xe1\xbb"),
}


@pytest.mark.parametrize("payload", DAMAGED_CARDS.values(), ids=DAMAGED_CARDS.keys())
def test_a_garbled_card_qr_is_damaged_and_gives_nothing(payload: str | bytes) -> None:
    result = classify(payload)
    assert result.kind is QrKind.CARD_QR and result.damaged
    assert result.card is None and not result.fields
    assert result.prompt_id == "qr.damaged" and result.reason.startswith("card QR damaged")
    assert not result.usable


def test_a_dossier_code_with_an_impossible_date_is_damaged() -> None:
    result = classify("H29.12-251399-0001")
    assert result.kind is QrKind.DOSSIER_CODE and result.damaged and not result.usable


def test_scanner_framing_and_aim_prefix_are_stripped() -> None:
    result = classify("]Q1" + s.CARD_2021 + "\r\n")
    assert result.kind is QrKind.CARD_QR and not result.damaged
    assert "AIM symbology prefix removed" in result.quirks
    assert classify("\tH29.12-251123-0001\n").fields["dossier_code"] == s.DOSSIER_WARD


def test_mojibake_card_is_repaired_before_parsing() -> None:
    garbled = s.CARD_2021.encode("utf-8").decode("latin-1")
    result = classify(garbled)
    assert result.kind is QrKind.CARD_QR and result.card is not None
    assert result.card.full_name == "Nguyễn Thị Lan" and "mojibake repaired" in result.quirks


REFUSED = {
    "escape sequence": "H29.12-251123-0001\x1b[2J",
    "NUL": "abc\x00def",
    "bell in a card": s.CARD_2021.replace("|", "\x07|", 1),
    "too long": "A" * (MAX_PAYLOAD_BYTES + 1),
    "too long in bytes": "ễ" * (MAX_PAYLOAD_BYTES // 3 + 1),
    "lone surrogate": "abc\ud800",
}


@pytest.mark.parametrize("payload", REFUSED.values(), ids=REFUSED.keys())
def test_refused_payloads_are_logged_in_english_with_a_prompt(
    payload: str, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, "kiosk.services.qr_payloads"):
        result = classify(payload)
    assert result.refused and result.kind is QrKind.UNKNOWN and result.prompt_id == "qr.refused"
    assert result.text == "" and not result.fields
    assert caplog.records and "refused" in caplog.records[-1].getMessage()


def test_just_under_the_limit_is_looked_at() -> None:
    assert not classify("A" * MAX_PAYLOAD_BYTES).refused


def test_empty_and_whitespace_are_unknown() -> None:
    for payload in ("", "\r\n", b"", "   "):
        result = classify(payload)
        assert result.kind is QrKind.UNKNOWN and result.prompt_id == "qr.unknown"


def test_not_text_is_refused_not_raised() -> None:
    result = classify(12345)  # type: ignore[arg-type]
    assert result.refused


def test_a_url_is_returned_as_data_and_never_opened(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the classifier touched the network")

    monkeypatch.setattr(socket, "socket", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    monkeypatch.setattr(socket, "create_connection", no_network)
    for payload in (s.PROCEDURE_URL, s.RECEIPT_URL, s.VNEID_URL, "http://10.0.0.1:8080/x"):
        result = classify(payload)
        assert result.fields["url"] == payload


def test_prompts_exist_and_speech_never_holds_a_slash() -> None:
    catalogue = load_prompts(PROMPTS)
    catalogue.require(PROMPT_IDS)
    for prompt_id in PROMPT_IDS:
        assert "/" not in catalogue.speech(prompt_id), prompt_id
    for payload, _, _ in KINDS:
        pid = classify(payload).prompt_id
        assert pid is None or pid in catalogue


def test_repr_and_log_hold_nothing_personal(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        results = [classify(p) for p in (s.CARD_2021, s.RECEIPT_JSON, *DAMAGED_CARDS.values())]
    said = " ".join(map(repr, results)) + caplog.text
    for fragment in ("Nguyễn", "Lan", "001150004321", "001089012345", "Hào Nam"):
        assert fragment not in said


def test_as_json_is_serialisable() -> None:
    for payload, _, _ in KINDS:
        body = classify(payload).as_json()
        assert json.loads(json.dumps(body, ensure_ascii=False)) == body


def test_payload_is_frozen() -> None:
    result = classify(s.RECEIPT_JSON)
    assert isinstance(result, QrPayload)
    with pytest.raises(TypeError):
        result.fields["dossier_code"] = "x"  # type: ignore[index]


def test_a_receipt_for_a_dossier_filed_through_vneid_is_a_receipt() -> None:
    payload = '{"maHoSo":"H29.12-251123-0001","heThong":"VNeID"}'
    result = classify(payload)
    assert result.kind is QrKind.RECEIPT and result.fields["issuer"] == "VNeID"
