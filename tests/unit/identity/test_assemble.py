"""Chip + QR → one CitizenIdentity: DG13 first, DG1 as fallback, the chip wins, sources recorded."""

from __future__ import annotations

from dataclasses import fields
from datetime import date

import pytest

from devices.simulated.citizens import ANH_MINH, BA_LAN, CHU_TU, CITIZENS, SimulatedCitizen
from kiosk.domain.identity import CitizenIdentity, IdentitySource
from kiosk.ports.card_reader import ChipData
from kiosk.services.identity.assemble import identity_from_chip, identity_from_qr, merge
from kiosk.services.identity.card_qr import CardQr, parse_card_qr
from kiosk.services.identity.errors import IdentityError, IdentityErrorCode
from kiosk.services.identity.tlv import encode_tlv


def chip_identity(groups: dict[str, bytes]) -> CitizenIdentity:
    result = identity_from_chip(ChipData(groups))
    assert isinstance(result, CitizenIdentity), result
    return result


def qr_identity(citizen: SimulatedCitizen) -> CitizenIdentity:
    qr = parse_card_qr(citizen.card_qr)
    assert isinstance(qr, CardQr)
    return identity_from_qr(qr)


@pytest.mark.parametrize("citizen", CITIZENS, ids=lambda c: c.slug)
def test_simulated_cards_assemble(citizen: SimulatedCitizen) -> None:
    identity = chip_identity(dict(citizen.card.data_groups))
    assert identity.id_number == citizen.id_number
    assert identity.full_name == citizen.full_name  # with diacritics, from DG13
    assert identity.birth_date == citizen.birth_date
    assert identity.sex == citizen.sex
    assert identity.address == citizen.address
    assert identity.place_of_origin == citizen.place_of_origin
    assert identity.old_id_number == citizen.old_id_number
    assert identity.expiry_date == citizen.expiry_date
    assert identity.no_expiry == (citizen.expiry_date is None)
    assert set(identity.sources.values()) == {IdentitySource.CHIP}
    assert identity.masked_id() == "••••••••" + citizen.id_number[-4:]


def test_dg1_only_gives_the_latin_name() -> None:
    identity = chip_identity({"DG1": ANH_MINH.card.data_groups["DG1"]})
    assert identity.full_name == "LE HOANG MINH"
    assert identity.sex == "Nam" and identity.birth_date == date(1992, 5, 9)
    assert identity.expiry_date == date(2032, 5, 9)
    assert identity.address is None and "address" not in identity.sources


def test_a_broken_dg13_falls_back_to_dg1() -> None:
    groups = {"DG1": BA_LAN.card.data_groups["DG1"], "DG13": b"\x6d\x85"}
    identity = chip_identity(groups)
    assert identity.full_name == "NGUYEN THI LAN" and identity.sex == "Nữ"


@pytest.mark.parametrize(
    ("groups", "code"),
    [
        ({}, IdentityErrorCode.CHIP_UNREADABLE),
        ({"DG13": b"\x6d\x85"}, IdentityErrorCode.DG13_MALFORMED),
        ({"DG1": b"\x61\x01"}, IdentityErrorCode.CHIP_UNREADABLE),
        ({"DG13": encode_tlv(0x6D, b"")}, IdentityErrorCode.CHIP_UNREADABLE),  # no ID inside
        (
            {"DG1": BA_LAN.card.data_groups["DG1"], "DG13": CHU_TU.dg13},
            IdentityErrorCode.CHIP_UNREADABLE,  # DG1 and DG13 of different people
        ),
    ],
)
def test_chip_errors(groups: dict[str, bytes], code: IdentityErrorCode) -> None:
    result = identity_from_chip(ChipData(groups))
    assert isinstance(result, IdentityError) and result.code is code, result


def test_qr_identity_records_its_source() -> None:
    identity = qr_identity(BA_LAN)
    assert identity.full_name == "Nguyễn Thị Lan" and identity.old_id_number == "011234567"
    assert set(identity.sources.values()) == {IdentitySource.CARD_QR}
    assert "ethnicity" not in identity.sources


def test_merge_chip_wins_and_qr_fills_gaps() -> None:
    chip = chip_identity({"DG1": BA_LAN.card.data_groups["DG1"]})  # Latin name, no address
    merged = merge(chip, qr_identity(BA_LAN))
    assert isinstance(merged, CitizenIdentity)
    assert merged.full_name == "NGUYEN THI LAN"
    assert merged.sources["full_name"] is IdentitySource.CHIP
    assert merged.address == BA_LAN.address
    assert merged.sources["address"] is IdentitySource.CARD_QR
    assert merged.old_id_number == BA_LAN.old_id_number


def test_merge_without_qr_is_the_chip() -> None:
    chip = chip_identity(dict(BA_LAN.card.data_groups))
    assert merge(chip, None) is chip


def test_merge_of_another_persons_qr_is_wrong_card() -> None:
    chip = chip_identity(dict(BA_LAN.card.data_groups))
    result = merge(chip, qr_identity(CHU_TU))
    assert isinstance(result, IdentityError) and result.code is IdentityErrorCode.WRONG_CARD
    assert result.prompt_id == "identity.wrong_card"


def test_identity_is_frozen_and_holds_no_face() -> None:
    names = {f.name for f in fields(CitizenIdentity)}
    assert not names & {"face", "face_image", "photo", "portrait", "dg2"}
    identity = chip_identity(dict(BA_LAN.card.data_groups))
    with pytest.raises(AttributeError):
        identity.full_name = "x"  # type: ignore[misc]


def test_old_constructor_still_works() -> None:
    lan = CitizenIdentity(id_number="001056012345", full_name="Nguyễn Thị Lan")
    assert lan.masked_id() == "••••••••2345" and lan.ethnicity is None
