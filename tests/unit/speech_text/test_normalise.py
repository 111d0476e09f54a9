"""Vietnamese text normalisation: a table of what a ward officer would say aloud."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.services.speech_text.normalise import normalise
from kiosk.services.speech_text.numbers import number_words

NUMBERS = [
    (0, "không"),
    (5, "năm"),
    (10, "mười"),
    (11, "mười một"),
    (14, "mười bốn"),
    (15, "mười lăm"),
    (20, "hai mươi"),
    (21, "hai mươi mốt"),
    (24, "hai mươi tư"),
    (25, "hai mươi lăm"),
    (55, "năm mươi lăm"),
    (100, "một trăm"),
    (101, "một trăm linh một"),
    (105, "một trăm linh năm"),
    (110, "một trăm mười"),
    (115, "một trăm mười lăm"),
    (1000, "một nghìn"),
    (1001, "một nghìn không trăm linh một"),
    (2005, "hai nghìn không trăm linh năm"),
    (2025, "hai nghìn không trăm hai mươi lăm"),
    (1956, "một nghìn chín trăm năm mươi sáu"),
    (20_000, "hai mươi nghìn"),
    (1_000_000, "một triệu"),
    (1_005_000, "một triệu không trăm linh năm nghìn"),
    (1_500_000, "một triệu năm trăm nghìn"),
    (2_000_000_000, "hai tỷ"),
    (3_000_000_021, "ba tỷ không trăm hai mươi mốt"),
]

TEXTS = [
    ("2025", "hai nghìn không trăm hai mươi lăm"),
    ("21 người", "hai mươi mốt người"),
    ("Lệ phí 20.000 đồng", "Lệ phí hai mươi nghìn đồng"),
    ("20.000đ", "hai mươi nghìn đồng"),
    ("1.500.000 VNĐ", "một triệu năm trăm nghìn đồng"),
    ("Lệ phí: 50.000 VND", "Lệ phí: năm mươi nghìn đồng"),
    ("5/7/2025", "ngày mùng năm tháng bảy năm hai nghìn không trăm hai mươi lăm"),
    ("ngày 05/07/2025", "ngày mùng năm tháng bảy năm hai nghìn không trăm hai mươi lăm"),
    ("Hẹn ngày 24/4/2026", "Hẹn ngày hai mươi tư tháng tư năm hai nghìn không trăm hai mươi sáu"),
    ("15-12-2025", "ngày mười lăm tháng mười hai năm hai nghìn không trăm hai mươi lăm"),
    ("2025-07-05", "ngày mùng năm tháng bảy năm hai nghìn không trăm hai mươi lăm"),
    ("tháng 4/2025", "tháng tư năm hai nghìn không trăm hai mươi lăm"),
    ("14:30", "mười bốn giờ ba mươi phút"),
    ("lúc 8h", "lúc tám giờ"),
    ("Từ 7h30 đến 17h", "Từ bảy giờ ba mươi phút đến mười bảy giờ"),
    ("08:05", "tám giờ năm phút"),
    (
        "Mã hồ sơ HS-2025-000123",
        "Mã hồ sơ hát ét xì, hai không hai năm, không không không, một hai ba",
    ),
    ("Số thứ tự A012", "Số thứ tự a không một hai"),
    ("Số 001056012345", "Số không không một, không năm sáu, không một hai, ba bốn năm"),
    ("001 056 012 345", "không không một, không năm sáu, không một hai, ba bốn năm"),
    ("0912345678", "không chín một, hai ba bốn, năm sáu, bảy tám"),
    ("0243-825-111", "không hai bốn ba, tám hai năm, một một một"),
    ("UBND phường", "Ủy ban nhân dân phường"),
    ("HĐND xã", "Hội đồng nhân dân xã"),
    ("Mang theo CCCD", "Mang theo căn cước công dân"),
    ("Thẻ BHYT", "Thẻ bảo hiểm y tế"),
    ("sổ BHXH", "sổ bảo hiểm xã hội"),
    ("TP. Hà Nội", "thành phố Hà Nội"),
    ("Tp. Huế", "thành phố Huế"),
    ("CMND cũ", "chứng minh nhân dân cũ"),
    ("Câu 2/5", "Câu hai trên năm"),
    ("15-20 ngày", "mười lăm đến hai mươi ngày"),
    ("3 ngày làm việc", "ba ngày làm việc"),
    ("50%", "năm mươi phần trăm"),
    ("2,5 triệu", "hai phẩy năm triệu"),
    ("ông/bà", "ông bà"),
    ("Quầy số 3", "Quầy số ba"),
    ("không có số", "không có số"),
    ("31/13/2025", "ba mươi mốt trên mười ba trên hai nghìn không trăm hai mươi lăm"),
    ("Mã 000.00.12.H26", "Mã không không không, không không, một hai, hát hai sáu"),
]


@pytest.mark.parametrize(("n", "words"), NUMBERS)
def test_number_words(n: int, words: str) -> None:
    assert number_words(n) == words


@pytest.mark.parametrize(("text", "spoken"), TEXTS)
def test_normalise(text: str, spoken: str) -> None:
    assert normalise(text) == spoken


def test_table_is_big_enough() -> None:
    assert len(TEXTS) + len(NUMBERS) >= 40


@given(st.integers(min_value=0, max_value=10**12))
def test_number_words_uses_only_words(n: int) -> None:
    words = number_words(n)
    assert not re.search(r"\d", words)
    assert "mươi một" not in words  # 21 is "hai mươi mốt"
    assert "mười năm" not in words and "mươi năm" not in words  # 15, 25: "lăm"


@given(st.text(alphabet="0123456789/.:-, đhABCDHST%", max_size=40))
def test_normalise_leaves_no_digits_and_is_idempotent(text: str) -> None:
    spoken = normalise(text)
    assert not re.search(r"\d", spoken)
    assert normalise(spoken) == spoken
