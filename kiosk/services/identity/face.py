"""EF.DG2 → the face image (JPEG or JPEG 2000), for display during the session only.

DG2 (ICAO 9303-10 §4.7.2) wraps an ISO/IEC 19794-5:2005 facial record in a biometric template:
75 { 7F61 { 02 count, 7F60 { A1 header, 5F2E (or 7F2E) record }, … } }. The record's own header
(format "FAC\\0", version, lengths, facial information, feature points, image information) is
stripped by reading its lengths from the data, never by fixed offsets.

The walk is shallow, one level at a time, with the BER-TLV primitives of `tlv`: `decode_tlv`
decodes every constructed value recursively, and a constructed 7F2E holds the record, which is
not TLV, so decoding the whole file would fail on a valid DG2.

Pure and total: any damage comes back as an IdentityError; nothing here raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kiosk.services.identity.errors import IdentityError, IdentityErrorCode
from kiosk.services.identity.tlv import TlvError, read_length, read_tag

FaceFormat = Literal["jpeg", "jpeg2000"]

TAG_DG2 = 0x75
TAG_GROUP = 0x7F61  # biometric information group template
TAG_COUNT = 0x02
TAG_INSTANCE = 0x7F60  # biometric information template
RECORD_TAGS = (0x5F2E, 0x7F2E)  # biometric data block (plain, enciphered-form tag)

FORMAT_ID = b"FAC\x00"
HEADER_LEN = 14  # format id 4, version 4, record length 4, number of images 2
FACIAL_INFO_LEN = 20  # data length 4, feature points 2, gender … pose uncertainty 14
FEATURE_POINT_LEN = 8
IMAGE_INFO_LEN = 12  # face type 1, data type 1, width 2, height 2, colour, source, device, quality
IMAGE_TYPES: dict[int, FaceFormat] = {0: "jpeg", 1: "jpeg2000"}

JPEG_MAGIC = b"\xff\xd8\xff"
JP2_MAGIC = b"\x00\x00\x00\x0cjP  "  # JP2 file signature box
J2K_MAGIC = b"\xff\x4f\xff\x51"  # raw JPEG 2000 codestream: SOC then SIZ


@dataclass(frozen=True, slots=True)
class FaceImage:
    """The encoded face as the chip holds it. Display only: never stored, never logged."""

    format: FaceFormat
    data: bytes
    width: int  # as the facial record states (0 when it does not say)
    height: int

    def __repr__(self) -> str:  # the picture of a person must not reach a log line
        return f"FaceImage({self.format}, {self.width}x{self.height}, {len(self.data)} bytes)"


def sniff(data: bytes) -> FaceFormat | None:
    """The format the bytes themselves announce, if any."""
    if data.startswith(JPEG_MAGIC):
        return "jpeg"
    if data.startswith(JP2_MAGIC) or data.startswith(J2K_MAGIC):
        return "jpeg2000"
    return None


def extract_face(dg2: bytes) -> FaceImage | IdentityError:
    """The first face image in EF.DG2, or a typed error saying (in English) what was wrong."""
    try:
        return _extract(bytes(dg2))
    except (TlvError, IndexError, ValueError) as exc:
        return _error(f"DG2 malformed: {exc}")
    except Exception as exc:  # the boundary: a bug must not take the greeting down
        return _error(f"DG2 extraction failure: {type(exc).__name__}")


def _error(detail: str) -> IdentityError:
    return IdentityError.of(IdentityErrorCode.CHIP_UNREADABLE, detail)


def _items(data: bytes) -> list[tuple[int, bytes]]:
    """One level of BER-TLV: (tag, value) pairs, lengths checked against what is left."""
    items: list[tuple[int, bytes]] = []
    i = 0
    while i < len(data):
        if data[i] in (0x00, 0xFF):  # ISO 7816-4 padding between or after objects
            i += 1
            continue
        tag, i = read_tag(data, i)
        length, i = read_length(data, i)
        if length > len(data) - i:
            raise TlvError(f"value of {length} bytes overruns the data at offset {i}")
        items.append((tag, data[i : i + length]))
        i += length
    return items


def _only(data: bytes, tag: int, where: str) -> bytes:
    for found, value in _items(data):
        if found == tag:
            return value
    raise ValueError(f"no {tag:X} in {where}")


def _extract(dg2: bytes) -> FaceImage | IdentityError:
    top = _items(dg2)
    if not top or top[0][0] != TAG_DG2:
        return _error("not an EF.DG2 (tag 75 missing)")
    group = _items(_only(top[0][1], TAG_GROUP, "DG2"))
    counts = [v for t, v in group if t == TAG_COUNT]
    if not counts or not 1 <= int.from_bytes(counts[0], "big") <= 255:
        return _error("DG2 has no valid instance count")
    instances = [v for t, v in group if t == TAG_INSTANCE]
    if not instances:
        return _error("DG2 has no biometric information template")
    last: IdentityError = _error("DG2 holds no face image")
    for instance in instances:  # the first instance that yields a face wins
        records = [v for t, v in _items(instance) if t in RECORD_TAGS]
        if not records:
            continue
        face = _from_record(records[0])
        if isinstance(face, FaceImage):
            return face
        last = face
    return last


def _from_record(record: bytes) -> FaceImage | IdentityError:
    """Strip the ISO/IEC 19794-5 header of the first facial image in `record`."""
    if len(record) < HEADER_LEN or record[:4] != FORMAT_ID:
        return _error("facial record without the FAC format identifier")
    record_len = int.from_bytes(record[8:12], "big")
    images = int.from_bytes(record[12:14], "big")
    if record_len > len(record) or record_len < HEADER_LEN or images < 1:
        return _error(f"facial record header inconsistent ({record_len} of {len(record)} bytes)")
    start = HEADER_LEN
    info = record[start : start + FACIAL_INFO_LEN]
    if len(info) < FACIAL_INFO_LEN:
        return _error("facial information block truncated")
    block_len = int.from_bytes(info[0:4], "big")
    points = int.from_bytes(info[4:6], "big")
    end = start + block_len
    image_info_at = start + FACIAL_INFO_LEN + points * FEATURE_POINT_LEN
    data_at = image_info_at + IMAGE_INFO_LEN
    if end > record_len or data_at >= end:
        return _error(f"facial record data block of {block_len} bytes does not fit")
    image_info = record[image_info_at:data_at]
    width = int.from_bytes(image_info[2:4], "big")
    height = int.from_bytes(image_info[4:6], "big")
    data = record[data_at:end]
    stated = IMAGE_TYPES.get(image_info[1])
    seen = sniff(data)
    if seen is None:  # the bytes are the evidence: no known magic, no picture
        what = stated or f"image type {image_info[1]}"
        return _error(f"face data does not start like {what}")
    return FaceImage(seen, data, width, height)  # the magic wins over the header's type byte
