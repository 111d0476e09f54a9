"""Chip data and card QR → one CitizenIdentity, with the source of every field recorded."""

from __future__ import annotations

import dataclasses
from typing import Any

from kiosk.domain.identity import CitizenIdentity, IdentitySource
from kiosk.ports.card_reader import ChipData
from kiosk.services.identity.card_qr import CardQr
from kiosk.services.identity.dg13 import Dg13, parse_dg13
from kiosk.services.identity.errors import IdentityError, IdentityErrorCode
from kiosk.services.identity.id_number import FEMALE, MALE
from kiosk.services.identity.mrz import Mrz, parse_dg1

_MRZ_SEX = {"M": MALE, "F": FEMALE}
# Fields of CitizenIdentity that are data (not bookkeeping), in declaration order.
_DATA_FIELDS = tuple(
    f.name for f in dataclasses.fields(CitizenIdentity) if f.name not in ("sources", "no_expiry")
)


def _with_sources(values: dict[str, Any], source: IdentitySource) -> CitizenIdentity:
    sources = {name: source for name in _DATA_FIELDS if values.get(name) is not None}
    if values.get("no_expiry"):
        sources["no_expiry"] = source
    return CitizenIdentity(**values, sources=sources)


def identity_from_chip(chip: ChipData) -> CitizenIdentity | IdentityError:
    """DG13 first (Vietnamese names with diacritics), DG1's MRZ where DG13 says nothing."""
    try:
        return _from_chip(chip)
    except Exception as exc:  # the boundary
        return IdentityError.of(IdentityErrorCode.CHIP_UNREADABLE, f"assembly failure: {exc!r}")


def _from_chip(chip: ChipData) -> CitizenIdentity | IdentityError:
    groups = chip.data_groups
    dg13: Dg13 | IdentityError | None = parse_dg13(groups["DG13"]) if "DG13" in groups else None
    mrz: Mrz | IdentityError | None = parse_dg1(groups["DG1"]) if "DG1" in groups else None
    d = dg13 if isinstance(dg13, Dg13) else None
    m = mrz if isinstance(mrz, Mrz) else None
    if d is None and m is None:
        for failure in (mrz, dg13):
            if isinstance(failure, IdentityError):
                return failure
        return IdentityError.of(IdentityErrorCode.CHIP_UNREADABLE, "neither DG1 nor DG13 read")
    if d and m and d.id_number and m.id_number and d.id_number != m.id_number:
        return IdentityError.of(IdentityErrorCode.CHIP_UNREADABLE, "DG1 and DG13 IDs differ")
    id_number = (d.id_number if d else None) or (m.id_number if m else None)
    if id_number is None:
        return IdentityError.of(IdentityErrorCode.CHIP_UNREADABLE, "no 12-digit ID on the chip")
    full_name = (d.full_name if d else None) or (m.name if m else "")
    if not full_name:
        return IdentityError.of(IdentityErrorCode.CHIP_UNREADABLE, "no name on the chip")
    values: dict[str, Any] = {"id_number": id_number, "full_name": full_name}
    if d is not None:
        values |= {
            "birth_date": d.birth_date,
            "sex": d.sex,
            "address": d.place_of_residence,
            "old_id_number": d.old_id_number,
            "nationality": d.nationality,
            "ethnicity": d.ethnicity,
            "religion": d.religion,
            "place_of_origin": d.place_of_origin,
            "identifying_marks": d.identifying_marks,
            "issue_date": d.issue_date,
            "expiry_date": d.expiry_date,
            "no_expiry": d.no_expiry,
            "father_name": d.father_name,
            "mother_name": d.mother_name,
            "spouse_name": d.spouse_name,
        }
    if m is not None:
        if values.get("birth_date") is None:
            values["birth_date"] = m.birth_date
        if values.get("sex") is None:
            values["sex"] = _MRZ_SEX.get(m.sex)
        if values.get("expiry_date") is None and not values.get("no_expiry"):
            values["expiry_date"] = m.expiry_date
    return _with_sources(values, IdentitySource.CHIP)


def identity_from_qr(qr: CardQr) -> CitizenIdentity:
    return _with_sources(
        {
            "id_number": qr.id_number,
            "full_name": qr.full_name,
            "birth_date": qr.birth_date,
            "sex": qr.sex,
            "address": qr.address or None,
            "old_id_number": qr.old_id,
            "issue_date": qr.issue_date,
        },
        IdentitySource.CARD_QR,
    )


def merge(chip: CitizenIdentity, qr: CitizenIdentity | None) -> CitizenIdentity | IdentityError:
    """The chip wins field by field; the QR fills what the chip withholds (e.g. the old ID)."""
    if qr is None:
        return chip
    if qr.id_number != chip.id_number:
        return IdentityError.of(IdentityErrorCode.WRONG_CARD, "QR and chip carry different IDs")
    values: dict[str, Any] = {}
    sources = dict(chip.sources)
    for name in (*_DATA_FIELDS, "no_expiry"):
        mine, theirs = getattr(chip, name), getattr(qr, name)
        if (mine is None or mine is False) and theirs not in (None, False):
            values[name] = theirs
            if name in qr.sources:
                sources[name] = qr.sources[name]
        else:
            values[name] = mine
    return CitizenIdentity(**values, sources=sources)
