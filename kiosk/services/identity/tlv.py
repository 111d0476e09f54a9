"""BER-TLV (ISO/IEC 8825-1) as the chip's data groups use it: our own small decoder and encoder.

Why not asn1crypto (which the project has, and uses for CMS/SOD): DG13 is an untyped, Vietnam-only
structure with no ASN.1 module to hand asn1crypto, whose generic `Asn1Value.load` parses lazily
and surfaces damage later, from whichever attribute touches it, as assorted exception types. Card
data needs the opposite: every length read from the data and checked against what is left,
eagerly, with one error type, so the parsers above can turn any damage into a typed error.
Definite lengths only (ICAO 9303 LDS is DER); tags up to 4 bytes, lengths up to 4 bytes.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_DEPTH = 16  # nesting deeper than any data group; stops hostile input from recursing forever


class TlvError(ValueError):
    """The bytes are not well-formed BER-TLV; the message says where (an offset), not what."""


@dataclass(frozen=True, slots=True)
class Tlv:
    tag: int  # the tag bytes read big-endian: 0x61, 0x5F1F, 0x6D …
    value: bytes
    children: tuple[Tlv, ...] = ()  # decoded value of a constructed TLV

    @property
    def constructed(self) -> bool:
        return bool(_first_tag_byte(self.tag) & 0x20)


def _first_tag_byte(tag: int) -> int:
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")[0]


def read_tag(data: bytes, i: int) -> tuple[int, int]:
    first = data[i]
    i += 1
    tag = first
    if first & 0x1F == 0x1F:
        for n in range(3):
            if i >= len(data):
                raise TlvError(f"tag truncated at offset {i}")
            byte = data[i]
            i += 1
            tag = tag << 8 | byte
            if not byte & 0x80:
                break
            if n == 2:
                raise TlvError(f"tag longer than 4 bytes at offset {i}")
    return tag, i


def read_length(data: bytes, i: int) -> tuple[int, int]:
    if i >= len(data):
        raise TlvError(f"length missing at offset {i}")
    first = data[i]
    i += 1
    if first < 0x80:
        return first, i
    count = first & 0x7F
    if count == 0:
        raise TlvError(f"indefinite length at offset {i - 1}")
    if count > 4:
        raise TlvError(f"{count}-byte length at offset {i - 1}")
    if i + count > len(data):
        raise TlvError(f"length truncated at offset {i}")
    return int.from_bytes(data[i : i + count], "big"), i + count


def decode_tlv(data: bytes, *, depth: int = 0) -> tuple[Tlv, ...]:
    """Every TLV in `data`, constructed ones decoded recursively. Raises TlvError, only."""
    if depth > MAX_DEPTH:
        raise TlvError("nested too deeply")
    items: list[Tlv] = []
    i = 0
    end = len(data)
    while i < end:
        first = data[i]
        constructed = first & 0x20
        if first & 0x1F != 0x1F and i + 1 < end and data[i + 1] < 0x80:
            tag, length, i = first, data[i + 1], i + 2  # the common case, without calls
        else:
            tag, i = read_tag(data, i)
            length, i = read_length(data, i)
        if length > end - i:
            raise TlvError(f"value of {length} bytes overruns the data at offset {i}")
        value = bytes(data[i : i + length])
        i += length
        items.append(Tlv(tag, value, decode_tlv(value, depth=depth + 1) if constructed else ()))
    return tuple(items)


def encode_length(n: int) -> bytes:
    if n < 0:
        raise ValueError("negative length")
    if n < 0x80:
        return bytes([n])
    size = (n.bit_length() + 7) // 8
    if size > 4:
        raise ValueError("value too long for a 4-byte length")
    return bytes([0x80 | size]) + n.to_bytes(size, "big")


def encode_tag(tag: int) -> bytes:
    if tag < 0:
        raise ValueError("negative tag")
    return tag.to_bytes(max(1, (tag.bit_length() + 7) // 8), "big")


def encode_tlv(tag: int, value: bytes) -> bytes:
    """One TLV, DER-minimal length."""
    return encode_tag(tag) + encode_length(len(value)) + value


def encode_tree(items: tuple[Tlv, ...]) -> bytes:
    """The inverse of decode_tlv for DER input: children re-encoded when present."""
    out = bytearray()
    for item in items:
        body = encode_tree(item.children) if item.children else item.value
        out += encode_tlv(item.tag, body)
    return bytes(out)
