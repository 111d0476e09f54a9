"""A test PKI, Bà Lan's card files and an emulator holding them, shared by the ICAO tests."""

from __future__ import annotations

import pytest

from devices.simulated.citizens import BA_LAN
from tests.emrtd.card import EmrtdCard
from tests.emrtd.files import card_files
from tests.emrtd.pki import EmrtdPki, make_pki


@pytest.fixture(scope="session")
def pki() -> EmrtdPki:
    return make_pki()


@pytest.fixture(scope="session")
def files(pki: EmrtdPki) -> dict[str, bytes]:
    return card_files(BA_LAN, pki)


@pytest.fixture
def card(files: dict[str, bytes]) -> EmrtdCard:
    return EmrtdCard(files, BA_LAN.bac_key)
