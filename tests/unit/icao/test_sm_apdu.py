"""APDU codec, padding and secure-messaging unwrap under random and mutated input."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from devices.pcsc_card.icao.apdu import (
    ApduFormatError,
    CommandApdu,
    iter_tlv,
    parse_command,
    split_response,
    tlv,
)
from devices.pcsc_card.icao.bac import SessionKeys
from devices.pcsc_card.icao.crypto import pad, unpad
from devices.pcsc_card.icao.secure_messaging import SecureMessaging, SecureMessagingError
from tests.unit.icao.test_appendix_d import D4, KS_ENC, KS_MAC, SSC

H = bytes.fromhex
FUZZ = settings(max_examples=10_000, deadline=None)
SELECT_RESPONSE = H(D4[0][2])


def _session() -> SecureMessaging:
    sm = SecureMessaging(SessionKeys(KS_ENC, KS_MAC, SSC))
    sm.ssc += 1  # as after protecting the D.4 SELECT
    return sm


commands = st.builds(
    CommandApdu,
    cla=st.integers(0, 255),
    ins=st.integers(0, 255),
    p1=st.integers(0, 255),
    p2=st.integers(0, 255),
    data=st.binary(max_size=600),
    ne=st.none() | st.integers(1, 65536),
    extended=st.booleans(),
)


@settings(max_examples=2000, deadline=None)
@given(command=commands)
def test_command_encoding_round_trips(command: CommandApdu) -> None:
    parsed = parse_command(command.encode())
    assert (parsed.header, parsed.data, parsed.ne) == (command.header, command.data, command.ne)
    if command.data or command.ne is not None:  # a bare header has no length encoding at all
        assert parsed.is_extended == command.is_extended


@FUZZ
@given(raw=st.binary(max_size=300))
def test_parse_command_accepts_or_raises_format_error(raw: bytes) -> None:
    with contextlib.suppress(ApduFormatError):
        parse_command(raw)


@FUZZ
@given(raw=st.binary(max_size=300))
def test_tlv_walk_accepts_or_raises_format_error(raw: bytes) -> None:
    try:
        for obj in iter_tlv(raw):
            assert obj.raw.endswith(obj.value)
    except ApduFormatError:
        pass


@given(tag=st.sampled_from([0x53, 0x87, 0x7F66, 0x5F1F]), value=st.binary(max_size=70_000))
@settings(max_examples=200, deadline=None)
def test_tlv_round_trips(tag: int, value: bytes) -> None:
    (obj,) = iter_tlv(tlv(tag, value))
    assert (obj.tag, obj.value) == (tag, value)


@given(data=st.binary(max_size=64))
def test_padding_round_trips(data: bytes) -> None:
    padded = pad(data)
    assert len(padded) % 8 == 0 and unpad(padded) == data


def test_response_needs_two_status_bytes() -> None:
    with pytest.raises(ApduFormatError):
        split_response(b"\x90")


def test_the_d4_select_response_unprotects() -> None:
    assert _session().unprotect(SELECT_RESPONSE) == (b"", 0x9000)


@FUZZ
@given(raw=st.binary(max_size=300))
def test_unprotect_random_bytes_raises_only_sm_errors(raw: bytes) -> None:
    if len(raw) == 2 and raw not in (H("9000"), H("6282")) and raw[0] != 0x61:
        assert _session().unprotect(raw) == (b"", int.from_bytes(raw, "big"))
        return
    with pytest.raises(SecureMessagingError):
        _session().unprotect(raw)


@settings(max_examples=3000, deadline=None)  # 16 bytes × 256 values: a small space
@given(edits=st.lists(st.tuples(st.integers(0, 15), st.integers(0, 255)), min_size=1, max_size=3))
def test_unprotect_mutated_responses(edits: list[tuple[int, int]]) -> None:
    mutated = bytearray(SELECT_RESPONSE)
    for position, value in edits:
        mutated[position] = value
    if bytes(mutated[:-2]) == SELECT_RESPONSE[:-2]:
        _session().unprotect(bytes(mutated))  # only the outer SW changed: still authentic
        return
    with pytest.raises(SecureMessagingError):
        _session().unprotect(bytes(mutated))


def test_a_bare_error_status_passes_but_a_bare_success_does_not() -> None:
    assert _session().unprotect(H("6A82")) == (b"", 0x6A82)
    for sw in ("9000", "6282", "6110"):
        with pytest.raises(SecureMessagingError, match="unauthenticated"):
            _session().unprotect(H(sw))


def test_extended_commands_carry_two_byte_le() -> None:
    sm = _session()
    protected = sm.protect(CommandApdu(0x00, 0xB0, 0x00, 0x00, ne=4071))
    assert protected.is_extended and protected.ne == 65536
    assert tlv(0x97, (4071).to_bytes(2, "big")) in protected.data
    assert protected.encode()[-2:] == b"\x00\x00"


def test_odd_ins_data_goes_in_do85() -> None:
    protected = _session().protect(CommandApdu(0x00, 0xB1, 0, 0, tlv(0x54, b"\x80\x00"), 0xE7))
    assert protected.data[0] == 0x85 and protected.data[1] == 8
