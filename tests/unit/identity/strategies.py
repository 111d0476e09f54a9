"""Hypothesis strategies shared by the identity tests: valid inputs and their mutations."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from kiosk.services.identity.card_qr import CardQr, QrVariant
from kiosk.services.identity.id_number import FEMALE, MALE, PROVINCE_CODES, century_sex_digit
from kiosk.services.identity.mrz import check_digit, mrz_name, td1_lines

# The acceptance bar of issue 4: 10 000 inputs per parser. No deadline: CI machines stall.
FUZZ = settings(
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

VIETNAMESE_LETTERS = (
    "aàáảãạăằắẳẵặâầấẩẫậbcdđeèéẻẽẹêềếểễệghiìíỉĩịklmnoòóỏõọôồốổỗộơờớởỡợpqrstuùúủũụưừứửữựvxyỳýỷỹỵ"
)
LETTERS = VIETNAMESE_LETTERS + VIETNAMESE_LETTERS.upper()


def words(min_words: int = 1, max_words: int = 6, max_len: int = 12) -> st.SearchStrategy[str]:
    word = st.text(LETTERS, min_size=1, max_size=max_len)
    return st.lists(word, min_size=min_words, max_size=max_words).map(" ".join)


addresses = st.lists(words(1, 5), min_size=1, max_size=5).map(", ".join)
birth_dates = st.dates(date(1900, 1, 1), date(2025, 12, 31))
sexes = st.sampled_from([MALE, FEMALE])


@st.composite
def card_qrs(draw: st.DrawFn) -> CardQr:
    born = draw(birth_dates)
    sex = draw(sexes)
    province = draw(st.sampled_from(sorted(PROVINCE_CODES)))
    serial = draw(st.text("0123456789", min_size=6, max_size=6))
    id_number = f"{province}{century_sex_digit(born.year, sex)}{born.year % 100:02d}{serial}"
    issued = born + timedelta(days=draw(st.integers(0, 100 * 365)))
    variant = draw(st.sampled_from(list(QrVariant)))
    extra = ("", "", "", "") if variant is QrVariant.CAN_CUOC_2024 else ()
    return CardQr(
        id_number=id_number,
        old_id=draw(st.none() | st.text("0123456789", min_size=9, max_size=9)),
        full_name=draw(words(2, 5)),
        birth_date=born,
        sex=sex,
        address=draw(addresses),
        issue_date=issued,
        variant=variant,
        extra_fields=extra,
    )


latin = st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=8)


@st.composite
def vn_td1(draw: st.DrawFn) -> str:
    qr = draw(card_qrs())
    surname = draw(latin)
    given = draw(st.lists(latin, min_size=1, max_size=2).map(" ".join))
    name = mrz_name(surname, given)[:30]
    expiry = draw(
        st.sampled_from(["991231", "<<<<<<"]) | st.dates().map(lambda d: d.strftime("%y%m%d"))
    )
    lines = td1_lines(
        document_number=qr.id_number[-9:],
        optional_data_1=qr.id_number + "<<" + check_digit(qr.id_number),
        birth_date=qr.birth_date.strftime("%y%m%d"),
        sex="F" if qr.sex == FEMALE else "M",
        expiry_date=expiry,
        name=name,
    )
    return "\n".join(lines)


@st.composite
def mutated_text(draw: st.DrawFn, valid: st.SearchStrategy[str]) -> str:
    """A valid input damaged the way scanners and OCR damage it."""
    text = draw(valid)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete", "repeat"]))
        i = draw(st.integers(0, len(text)))
        if kind == "truncate":
            text = text[:i]
        elif kind == "flip" and i < len(text):
            text = text[:i] + draw(st.characters()) + text[i + 1 :]
        elif kind == "insert":
            sep = draw(st.sampled_from(["|", "\n", " ", "\t", "\ufeff", "<", "0", "\r\n", "/"]))
            text = text[:i] + sep + text[i:]
        elif kind == "delete":
            text = text[:i] + text[i + 1 :]
        elif kind == "repeat":
            text = text + draw(st.sampled_from(["", "\n", "\r\n"])) + text
    return text


@st.composite
def mutated_bytes(draw: st.DrawFn, valid: st.SearchStrategy[bytes]) -> bytes:
    data = bytearray(draw(valid))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["truncate", "flip", "insert", "delete"]))
        i = draw(st.integers(0, len(data)))
        if kind == "truncate":
            del data[i:]
        elif kind == "flip" and i < len(data):
            data[i] ^= 1 << draw(st.integers(0, 7))
        elif kind == "insert":
            data[i:i] = bytes([draw(st.sampled_from([0x00, 0x30, 0x81, 0x82, 0x84, 0x85, 0xFF]))])
        elif kind == "delete":
            del data[i : i + 1]
    return bytes(data)
