"""BER-TLV: tag and length forms, bounds, nesting; the decoder never overreads."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kiosk.services.identity.tlv import Tlv, TlvError, decode_tlv, encode_tlv, encode_tree


def test_multi_byte_tag_and_short_length() -> None:
    [item] = decode_tlv(bytes.fromhex("5f1f03414243"))
    assert item == Tlv(0x5F1F, b"ABC")
    assert not item.constructed


@pytest.mark.parametrize(
    ("length_bytes", "n"),
    [("7f", 0x7F), ("8180", 0x80), ("81ff", 0xFF), ("820100", 0x100), ("83010000", 0x10000)],
)
def test_length_forms(length_bytes: str, n: int) -> None:
    [item] = decode_tlv(bytes.fromhex("04" + length_bytes) + b"x" * n)
    assert len(item.value) == n
    assert encode_tlv(0x04, b"x" * n) == bytes.fromhex("04" + length_bytes) + b"x" * n


def test_non_minimal_length_is_read_from_the_data() -> None:
    assert decode_tlv(bytes.fromhex("0481020102")) == (Tlv(0x04, b"\x01\x02"),)


def test_constructed_children_are_decoded() -> None:
    data = bytes.fromhex("6d0a" + "3008" + "020101" + "1303414243")
    [top] = decode_tlv(data)
    assert top.constructed and top.tag == 0x6D
    [seq] = top.children
    assert seq.children == (Tlv(0x02, b"\x01"), Tlv(0x13, b"ABC"))
    assert encode_tree((top,)) == data


def test_three_byte_tag() -> None:
    assert decode_tlv(bytes.fromhex("7f8101" + "00"))[0].tag == 0x7F8101


@pytest.mark.parametrize(
    ("hex_data", "message"),
    [
        ("04", "length missing"),
        ("0405414243", "overruns"),
        ("0480", "indefinite"),
        ("0485" + "00" * 5, "5-byte length"),
        ("0482ff", "truncated"),
        ("5f", "tag truncated"),
        ("5f818181", "tag longer"),
        ("3003" + "0405", "length missing|overruns"),  # the damage is inside a child
    ],
)
def test_damage_is_a_tlv_error(hex_data: str, message: str) -> None:
    with pytest.raises(TlvError, match=message):
        decode_tlv(bytes.fromhex(hex_data))


def test_deep_nesting_stops() -> None:
    data = b""
    for _ in range(40):
        data = encode_tlv(0x30, data)
    with pytest.raises(TlvError, match="deeply"):
        decode_tlv(data)


def test_encoder_refuses_what_cannot_be_encoded() -> None:
    with pytest.raises(ValueError):
        encode_tlv(-1, b"")


tags = st.sampled_from([0x02, 0x04, 0x0C, 0x13, 0x5F1F, 0x5F0E, 0x5F8101])  # primitive
leaves = st.builds(lambda t, v: Tlv(t, v), tags, st.binary(max_size=300))
trees = st.recursive(
    leaves,
    lambda kids: st.builds(
        lambda t, c: Tlv(t, encode_tree(tuple(c)), tuple(c)),
        st.sampled_from([0x30, 0x61, 0x6D, 0x7F61]),
        st.lists(kids, max_size=4),
    ),
    max_leaves=12,
)


@given(st.lists(trees, max_size=4))
def test_round_trip(items: list[Tlv]) -> None:
    data = encode_tree(tuple(items))
    assert decode_tlv(data) == tuple(items)
    assert encode_tree(decode_tlv(data)) == data


@given(st.binary(max_size=200))
def test_random_bytes_give_items_or_a_tlv_error(data: bytes) -> None:
    try:
        items = decode_tlv(data)
    except TlvError:
        return
    assert encode_tree(items) == data or any(b >= 0x81 for b in data)  # non-minimal lengths
