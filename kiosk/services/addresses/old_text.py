"""Old printed addresses: split at commas into street, ward, district and province."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class OldAddressParts:
    """An old address split at its commas: what is left before the ward is the street part."""

    street: str
    ward: str
    district: str
    province: str


def split_old(text: str) -> OldAddressParts | None:
    """Split "Số 5, Phường X, Quận Y, Thành phố Z" at commas; None if fewer than two parts.

    With two parts the district is missing ("Xã A, Tỉnh B"); the street is what is before.
    """
    pieces = [s.strip() for s in text.replace(";", ",").split(",") if s.strip()]
    if len(pieces) < 2:
        return None
    if len(pieces) == 2:
        return OldAddressParts(street="", ward=pieces[0], district="", province=pieces[1])
    return OldAddressParts(
        street=", ".join(pieces[:-3]), ward=pieces[-3], district=pieces[-2], province=pieces[-1]
    )


def as_written(text: str) -> str:
    """The text as the citizen wrote it, compared without case, spacing or Unicode form."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())
