"""Seeded generators for the 10 000-input fuzz tests.

Hypothesis spends ~0.4 ms of its own on every example, and several ms on composite strategies;
10 000 examples per parser within the test budget only fits if hypothesis draws one seed and
plain `random.Random` builds the input from it. Shrinking then works on the seed, which is fine:
a failure prints the seed and the input. Structured strategies (strategies.py) cover shrinking.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from kiosk.services.identity.card_qr import CardQr, QrVariant
from kiosk.services.identity.id_number import FEMALE, MALE, PROVINCE_CODES, century_sex_digit
from kiosk.services.identity.mrz import check_digit, dg1_from_lines, mrz_name, td1_lines
from kiosk.services.identity.tlv import encode_tlv
from tests.unit.identity.strategies import LETTERS

_PROVINCES = sorted(PROVINCE_CODES)
_NOISE_CHARS = "0123456789|/<\n\r\t ,.-" + LETTERS + "\ufeff\u200b\x00\x7f\ufffd😀\u0301"


def word(rng: random.Random, max_len: int = 10) -> str:
    return "".join(rng.choices(LETTERS, k=rng.randint(1, max_len)))


def phrase(rng: random.Random, max_words: int = 6, max_len: int = 10) -> str:
    return " ".join(word(rng, max_len) for _ in range(rng.randint(1, max_words)))


def digits(rng: random.Random, n: int) -> str:
    return "".join(rng.choices("0123456789", k=n))


def yymmdd(day: date) -> str:
    return f"{day.year % 100:02d}{day.month:02d}{day.day:02d}"


def slashed(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def card_qr(rng: random.Random) -> CardQr:
    born = date(1900, 1, 1) + timedelta(days=rng.randint(0, 125 * 365))
    sex = rng.choice((MALE, FEMALE))
    id_number = (
        rng.choice(_PROVINCES) + century_sex_digit(born.year, sex) + f"{born.year % 100:02d}"
    ) + digits(rng, 6)
    variant = rng.choice(list(QrVariant))
    return CardQr(
        id_number=id_number,
        old_id=rng.choice((None, digits(rng, 9))),
        full_name=phrase(rng, 4, 7),
        birth_date=born,
        sex=sex,
        address=", ".join(phrase(rng, 3, 7) for _ in range(rng.randint(1, 4))),
        issue_date=born + timedelta(days=rng.randint(0, 100 * 365)),
        variant=variant,
        extra_fields=("", "", "", "") if variant is QrVariant.CAN_CUOC_2024 else (),
    )


def _latin(rng: random.Random) -> str:
    return "".join(rng.choices("ABCDEFGHIJKLMNOPQRSTUVWXYZ", k=rng.randint(1, 8)))


def td1(rng: random.Random, qr: CardQr | None = None) -> tuple[str, str, str]:
    qr = qr or card_qr(rng)
    expiry = rng.choice(
        (
            "991231",
            "<<<<<<",
            yymmdd(qr.birth_date + timedelta(days=rng.randint(1, 36500))),
        )
    )
    return td1_lines(
        document_number=qr.id_number[-9:],
        optional_data_1=qr.id_number + "<<" + check_digit(qr.id_number),
        birth_date=yymmdd(qr.birth_date),
        sex="F" if qr.sex == FEMALE else "M",
        expiry_date=expiry,
        name=mrz_name(_latin(rng), " ".join(_latin(rng) for _ in range(rng.randint(1, 2))))[:30],
    )


def dg1(rng: random.Random) -> bytes:
    return dg1_from_lines(td1(rng))


def _string(rng: random.Random, text: str) -> bytes:
    if rng.random() < 0.05:  # a field the newer cards encrypt: opaque bytes
        return encode_tlv(rng.choice((0x04, 0x0C)), rng.randbytes(rng.randint(16, 48)))
    return encode_tlv(0x0C, text.encode("utf-8"))


def long_name(length: int) -> str:
    """A name of `length` characters (multi-byte in UTF-8) to exercise 0x81/0x82 lengths."""
    return ("Nguyễn " * length)[:length].strip() or "A"


def dg13(rng: random.Random, qr: CardQr | None = None, name: str | None = None) -> bytes:
    qr = qr or card_qr(rng)
    name = name or qr.full_name

    def item(n: int, *values: bytes) -> bytes:
        return encode_tlv(0x30, encode_tlv(0x02, bytes([n])) + b"".join(values))

    items = [
        item(1, encode_tlv(0x13, qr.id_number.encode())),
        item(2, _string(rng, name)),
        item(3, encode_tlv(0x13, slashed(qr.birth_date).encode())),
        item(4, _string(rng, qr.sex)),
        item(5, _string(rng, "Việt Nam")),
        item(6, _string(rng, "Kinh")),
        item(7, _string(rng, "Không")),
        item(8, _string(rng, phrase(rng, 4, 7))),
        item(9, _string(rng, qr.address)),
        item(10, _string(rng, phrase(rng, 5, 7))),
        item(11, encode_tlv(0x13, slashed(qr.issue_date).encode())),
        item(12, _string(rng, rng.choice(("Không thời hạn", "01/01/2040")))),
        item(
            13,
            encode_tlv(0x30, _string(rng, phrase(rng, 3, 7))),
            encode_tlv(0x30, _string(rng, phrase(rng, 3, 7))),
        ),
        item(
            14, *([encode_tlv(0x30, _string(rng, phrase(rng, 3, 7)))] if rng.random() < 0.5 else [])
        ),
        item(15, encode_tlv(0x13, (qr.old_id or digits(rng, 9)).encode())),
        item(16, encode_tlv(0x13, digits(rng, 16).encode())),
    ]
    rng.shuffle(items)  # keyed on the INTEGER, so order must not matter
    return encode_tlv(0x6D, b"".join(items))


def noise_text(rng: random.Random) -> str:
    if rng.random() < 0.3:
        return "".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(0, 60)))
    return "".join(rng.choices(_NOISE_CHARS, k=rng.randint(0, 200)))


def mutate_text(rng: random.Random, text: str) -> str:
    for _ in range(rng.randint(1, 3)):
        i = rng.randint(0, len(text))
        kind = rng.randrange(5)
        if kind == 0:
            text = text[:i]
        elif kind == 1:
            text = text[:i] + rng.choice(_NOISE_CHARS) + text[i + 1 :]
        elif kind == 2:
            text = (
                text[:i] + rng.choice(("|", "\n", " ", "\t", "\ufeff", "<", "\r\n", "/")) + text[i:]
            )
        elif kind == 3:
            text = text[:i] + text[i + 1 :]
        else:
            text = text + rng.choice(("", "\n", "\r\n")) + text
    return text


def mutate_bytes(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 3)):
        i = rng.randint(0, len(out))
        kind = rng.randrange(4)
        if kind == 0:
            del out[i:]
        elif kind == 1 and i < len(out):
            out[i] ^= 1 << rng.randrange(8)
        elif kind == 2:
            out[i:i] = bytes(
                [rng.choice((0x00, 0x1F, 0x30, 0x5F, 0x80, 0x81, 0x82, 0x84, 0x85, 0xFF))]
            )
        else:
            del out[i : i + 1]
    return bytes(out)


def noise_bytes(rng: random.Random) -> bytes:
    return rng.randbytes(rng.randint(0, 120))
