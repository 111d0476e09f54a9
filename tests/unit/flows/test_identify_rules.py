"""The flow's adapter over kiosk.services.identity, on the scripted citizens' real card data."""

from __future__ import annotations

from datetime import date

import pytest

from devices.simulated.citizens import BA_LAN, CHU_TU
from kiosk.domain.identity import CitizenIdentity, IdentitySource
from kiosk.flows.identify_rules import ServiceRules
from kiosk.ports.card_reader import ChipData
from kiosk.services.identity.errors import IdentityError, IdentityErrorCode

RULES = ServiceRules()
TODAY = date(2026, 11, 23)


def chip_identity(card_data: ChipData) -> CitizenIdentity:
    identity = RULES.identity_from_chip(card_data)
    assert isinstance(identity, CitizenIdentity)
    return identity


def test_qr_keys_open_the_card_and_chip_plus_qr_merge_into_one_identity() -> None:
    qr = RULES.parse_card_qr(BA_LAN.card_qr)
    assert not isinstance(qr, IdentityError)
    assert BA_LAN.bac_key in RULES.bac_key_candidates(qr, TODAY)
    chip = chip_identity(ChipData(dict(BA_LAN.card.data_groups)))
    merged = RULES.merge(chip, RULES.identity_from_qr(qr))
    assert isinstance(merged, CitizenIdentity)
    assert merged.full_name == "Nguyễn Thị Lan" and merged.masked_id() == "••••••••4321"
    assert merged.sources["full_name"] is IdentitySource.CHIP


def test_a_chip_of_someone_else_is_the_wrong_card() -> None:
    qr = RULES.parse_card_qr(BA_LAN.card_qr)
    chip = chip_identity(ChipData(dict(CHU_TU.card.data_groups)))
    merged = RULES.merge(chip, RULES.identity_from_qr(qr))
    assert isinstance(merged, IdentityError) and merged.code is IdentityErrorCode.WRONG_CARD


def test_a_foreign_qr_is_a_typed_error_and_gives_no_keys() -> None:
    error = RULES.parse_card_qr("https://dichvucong.gov.vn/")
    assert isinstance(error, IdentityError) and error.prompt_id.startswith("identity.")
    assert RULES.bac_key_candidates(error, TODAY) == []
    with pytest.raises(TypeError):
        RULES.identity_from_qr(error)
