"""Any bytes or text → a classification, never an exception (10 000 examples each)."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st

from kiosk.services.identity.card_qr import format_card_qr
from kiosk.services.qr_payloads import MAX_PAYLOAD_BYTES, QrKind, QrPayload, classify
from tests.unit.identity.strategies import FUZZ, card_qrs
from tests.unit.qr_payloads import samples as s

SEEDS = [
    s.CARD_2021,
    s.RECEIPT_JSON,
    s.RECEIPT_PIPE,
    s.RECEIPT_URL,
    s.VNEID_URL,
    s.PROCEDURE_URL,
    s.DOSSIER_WARD,
]


def check(result: QrPayload) -> None:
    assert isinstance(result, QrPayload) and result.kind in QrKind
    if result.refused or result.kind is QrKind.UNKNOWN or result.damaged:
        assert result.prompt_id is not None and result.reason
    if result.card is not None:
        assert result.kind is QrKind.CARD_QR and not result.damaged
    repr(result)
    result.as_json()


@FUZZ
@given(st.binary(max_size=MAX_PAYLOAD_BYTES + 64))
def test_any_bytes(payload: bytes) -> None:
    check(classify(payload))


@FUZZ
@given(st.text(max_size=400))
def test_any_text(payload: str) -> None:
    check(classify(payload))


@FUZZ
@given(st.integers(0, 2**64 - 1))
def test_mutated_real_samples(seed: int) -> None:
    """Bytes flipped, dropped, doubled or cut in real payloads: the wedge/serial damage."""
    rng = random.Random(seed)
    raw = bytearray(rng.choice(SEEDS).encode("utf-8"))
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(raw))
        action = rng.randrange(4)
        if action == 0:
            raw[at] = rng.randrange(256)
        elif action == 1:
            del raw[at]
        elif action == 2:
            raw[at:at] = raw[at : at + rng.randint(1, 8)]
        else:
            del raw[at:]
        if not raw:
            raw = bytearray(b"|")
    check(classify(bytes(raw)))


@FUZZ
@given(card_qrs())
def test_every_valid_card_qr_is_a_card(qr: object) -> None:
    from kiosk.services.identity.card_qr import CardQr

    assert isinstance(qr, CardQr)
    result = classify(format_card_qr(qr))
    assert result.kind is QrKind.CARD_QR and not result.damaged, result.reason
    assert result.card is not None and result.card.id_number == qr.id_number
