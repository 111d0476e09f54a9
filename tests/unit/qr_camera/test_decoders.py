from __future__ import annotations

import random

import numpy as np
import segno

from devices.qr_camera import decoders
from devices.qr_camera.pipeline import decode_frame

_FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ"]
_MIDDLE = ["Văn", "Thị", "Đức", "Ngọc", "Thu", "Minh"]
_GIVEN = ["Án", "Lan", "Hùng", "Hoà", "Đức", "Yến", "Tú", "Hà", "Ân", "Lý"]


def _clean(data: bytes) -> np.ndarray:
    code = segno.make_qr(data, error="m", boost_error=False)
    modules = np.array(list(code.matrix_iter(scale=6, border=4)), np.uint8)
    return np.where(modules == 1, 0, 255).astype(np.uint8)


def _names(n: int) -> list[str]:
    rng = random.Random(3)
    return [f"{rng.choice(_FAMILY)} {rng.choice(_MIDDLE)} {rng.choice(_GIVEN)}" for _ in range(n)]


def test_zbar_binary_mode_returns_vietnamese_exactly_where_charset_guessing_garbles_it() -> None:
    names = _names(40)
    guessed = [decoders.zbar(_clean(n.encode()), binary=False) for n in names]
    binary = [decoders.zbar(_clean(n.encode()), binary=True) for n in names]
    garbled = sum(1 for n, got in zip(names, guessed, strict=True) if got[0].text != n)
    assert garbled >= 8  # zbar's Shift-JIS/Latin-1 guess; 21 of these 40 here
    assert all(got[0].text == n for n, got in zip(names, binary, strict=True))


def test_every_decoder_reads_the_bytes_not_a_charset_guess() -> None:
    text = "Số 12 Ngõ 34, Phường Trúc Bạch"
    image = _clean(text.encode())
    for decode in (decoders.zxing, decoders.zbar, decoders.opencv, decode_frame):
        got = decode(image)
        assert [d.text for d in got] == [text], decode


def test_bytes_that_are_not_utf8_are_flagged_never_returned_as_text() -> None:
    raw = "Hoà Lan".encode("latin-1")  # a printer still configured for a legacy charset
    for decode in (decoders.zxing, decoders.zbar, decode_frame):
        got = decode(_clean(raw))
        assert len(got) == 1 and got[0].raw == raw
        assert got[0].text is None and not got[0].valid
