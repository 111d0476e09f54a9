"""10 000 random and mutated inputs through every parser: zero uncaught exceptions, round trips.

One hypothesis seed per example drives `random.Random` (see gen.py for why); each example feeds
every parser a valid input (round trip) and either a mutation of it or noise.
"""

from __future__ import annotations

import contextlib
import random

from hypothesis import given
from hypothesis import strategies as st

from kiosk.domain.identity import CitizenIdentity
from kiosk.ports.card_reader import ChipData
from kiosk.services.identity.assemble import identity_from_chip
from kiosk.services.identity.card_qr import CardQr, format_card_qr, parse_card_qr
from kiosk.services.identity.dg13 import Dg13, parse_dg13
from kiosk.services.identity.errors import IdentityError
from kiosk.services.identity.id_number import validate_id_number
from kiosk.services.identity.mrz import Mrz, dg1_from_lines, format_td1, parse_dg1, parse_td1
from kiosk.services.identity.tlv import TlvError, decode_tlv, encode_tree
from tests.unit.identity import gen
from tests.unit.identity.strategies import FUZZ

SEEDS = st.integers(0, 2**64 - 1)
NAME_LENGTHS = (None, 1, 20, 42, 127, 128, 200, 255, 256, 400)


def no_crash(result: object, *types: type) -> None:
    assert isinstance(result, (*types, IdentityError)), result
    if isinstance(result, IdentityError):
        assert "failure" not in result.detail, result.detail  # the boundary caught a bug


def no_correction(text: str, result: Mrz | IdentityError) -> None:
    """A parsed MRZ re-encodes to exactly the characters read: nothing was guessed."""
    if isinstance(result, Mrz) and len(result.document_number) <= 9:
        assert format_td1(result).replace("\n", "") == "".join(
            text.strip().lstrip("\ufeff").split()
        )


@FUZZ
@given(SEEDS)
def test_every_parser(seed: int) -> None:
    """One hypothesis loop for all parsers: its own ~0.4 ms per example is then paid once."""
    check_text_parsers(random.Random(seed))
    check_byte_parsers(random.Random(~seed))


def check_text_parsers(rng: random.Random) -> None:
    qr = gen.card_qr(rng)
    text = format_card_qr(qr)
    assert parse_card_qr(text) == qr
    # One damaged input per parser and example: noise or a mutation of the valid one.
    noisy = rng.random() < 0.5
    for candidate in (gen.noise_text(rng) if noisy else gen.mutate_text(rng, text),):
        result = parse_card_qr(candidate)
        no_crash(result, CardQr)
        if isinstance(result, CardQr):
            assert validate_id_number(result.id_number, birth_date=result.birth_date) is None
    mrz_text = "\n".join(gen.td1(rng, qr))
    mrz = parse_td1(mrz_text)
    assert isinstance(mrz, Mrz) and mrz.id_number == qr.id_number
    assert format_td1(mrz) == mrz_text
    for candidate in (gen.noise_text(rng) if noisy else gen.mutate_text(rng, mrz_text),):
        result_mrz = parse_td1(candidate)
        no_crash(result_mrz, Mrz)
        no_correction(candidate, result_mrz)


def check_byte_parsers(rng: random.Random) -> None:
    qr = gen.card_qr(rng)
    length = rng.choice(NAME_LENGTHS)
    name = qr.full_name if length is None else gen.long_name(length)
    dg13 = gen.dg13(rng, qr, name)
    assert encode_tree(decode_tlv(dg13)) == dg13
    lines = gen.td1(rng, qr)
    dg1 = dg1_from_lines(lines)
    identity = identity_from_chip(ChipData({"DG1": dg1, "DG13": dg13}))
    assert isinstance(identity, CitizenIdentity), identity
    assert identity.id_number == qr.id_number and identity.birth_date == qr.birth_date
    mrz_name = " ".join(lines[2].replace("<", " ").split())
    assert identity.full_name in (name, mrz_name)  # DG13's, or DG1's where DG13 withholds it
    # One damaged input per example, through the TLV decoder, its parser and the chip assembly.
    kind = rng.randrange(3)
    blob = gen.noise_bytes(rng) if kind == 0 else gen.mutate_bytes(rng, dg13 if kind == 1 else dg1)
    with contextlib.suppress(TlvError):
        decode_tlv(blob)
    if kind != 2:
        no_crash(parse_dg13(blob), Dg13)
        no_crash(identity_from_chip(ChipData({"DG13": blob})), CitizenIdentity)
    if kind != 1:
        no_crash(parse_dg1(blob), Mrz)
        no_crash(identity_from_chip(ChipData({"DG1": blob})), CitizenIdentity)
