"""Every kind of QR a ward sees is recognised from a camera-like frame, not only from text:
the corpus camera model (pose, blur, noise, JPEG) with each kind's real-format sample."""

from __future__ import annotations

import pytest

from devices.qr_camera.pipeline import decode_frame
from kiosk.services.qr_payloads import QrKind, classify
from tests.qr_corpus.generate import make_frame
from tests.unit.qr_payloads import samples

CASES = [
    ("cccd", samples.CARD_PEERS, QrKind.CARD_QR),
    ("dossier", samples.VNEID_URL, QrKind.VNEID),
    ("receipt", samples.RECEIPT_JSON, QrKind.RECEIPT),
    ("receipt", samples.PROCEDURE_URL, QrKind.PROCEDURE),
    ("dossier", samples.DOSSIER_WARD, QrKind.DOSSIER_CODE),
]


@pytest.mark.parametrize(("carrier", "text", "kind"), CASES, ids=[c[2].value for c in CASES])
@pytest.mark.parametrize("index", [0, 31])  # a clean 720p and a clean 1080p frame
def test_each_kind_is_read_and_classified_from_a_frame(
    carrier: str, text: str, kind: QrKind, index: int
) -> None:
    frame = make_frame(7, index, payload=(carrier, text))
    found = decode_frame(frame.gray)
    assert [d.text for d in found] == [text]
    assert classify(found[0].raw).kind is kind
