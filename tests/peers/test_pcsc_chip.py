"""A full chip read through the real pcscd: BAC, secure messaging, every group, passive auth."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.pcsc_card.adapter import DEFAULT_GROUPS, PcscCardReader
from devices.pcsc_card.transport import PcscTransport
from devices.simulated.citizens import BA_LAN
from kiosk.ports.card_reader import AccessDenied, BacKey, CardRemoved, PassiveAuth
from kiosk.ports.clock import SystemClock
from tests.emrtd.card import EmrtdCard
from tests.emrtd.files import card_files
from tests.emrtd.pki import EmrtdPki as Pki
from tests.emrtd.pki import make_pki
from tests.peers.pcscd import READER, wait_card
from tests.peers.vpcd import VirtualCard

pytestmark = pytest.mark.peer

WRONG_KEY = BacKey(BA_LAN.bac_key.document_number, "991231", BA_LAN.bac_key.expiry_date)


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki("Peer test")


@pytest.fixture(scope="module")
def files(pki: Pki) -> dict[str, bytes]:
    return card_files(BA_LAN, pki)


@pytest.fixture
def csca_dir(pki: Pki, tmp_path: Path) -> Path:
    pki.write_csca(tmp_path / "csca")
    return tmp_path / "csca"


@pytest.fixture
def card(files: dict[str, bytes], vpcd_slot: VirtualCard) -> Iterator[EmrtdCard]:
    emulator = EmrtdCard(files, BA_LAN.bac_key)
    vpcd_slot.insert(emulator)
    wait_card(present=True)
    yield emulator
    assert vpcd_slot.error is None, vpcd_slot.error


def open_reader(csca_dir: Path | None, max_read: int | None = None) -> PcscCardReader:
    reader = PcscCardReader(READER, clock=SystemClock(), csca_dir=csca_dir, max_read=max_read)
    reader.open()
    return reader


@pytest.mark.parametrize("max_read", [None, 0xDF])
def test_right_key_reads_every_group_and_passive_auth_is_valid(
    card: EmrtdCard, files: dict[str, bytes], csca_dir: Path, max_read: int | None
) -> None:
    reader = open_reader(csca_dir, max_read)
    try:
        chip = reader.read_chip(BA_LAN.bac_key, DEFAULT_GROUPS)
    finally:
        reader.close()
    assert dict(chip.data_groups) == files
    assert len(files["DG2"]) > 15_000
    assert chip.passive_auth is PassiveAuth.VALID
    assert chip.apdu_count > 10


def test_unknown_csca_is_reported_as_such(card: EmrtdCard, tmp_path: Path) -> None:
    reader = open_reader(tmp_path)  # an empty CSCA folder: nobody trusted
    try:
        chip = reader.read_chip(BA_LAN.bac_key, ("DG1", "SOD"))
    finally:
        reader.close()
    assert chip.passive_auth is PassiveAuth.CSCA_UNKNOWN


def test_wrong_key_is_access_denied_and_the_chip_stays_closed(
    card: EmrtdCard, csca_dir: Path
) -> None:
    reader = open_reader(csca_dir)
    try:
        with pytest.raises(AccessDenied):
            reader.read_chip(WRONG_KEY, DEFAULT_GROUPS)
    finally:
        reader.close()
    transport = PcscTransport(READER)
    transport.connect()
    try:
        assert transport.transmit(bytes.fromhex("00A4040C07A0000002471001")) == b"\x90\x00"
        # The emulator may refuse already at SELECT EF; the data must stay out of reach either way.
        assert transport.transmit(bytes.fromhex("00A4020C020101")) in (b"\x90\x00", b"\x69\x82")
        assert transport.transmit(bytes.fromhex("00B0000004")) == b"\x69\x82"
    finally:
        transport.disconnect()


# The default read is 24 APDUs: EF.ATR/INFO 2, SELECT 1, BAC 2, COM 3, DG1 3, DG2 7, DG13 3, SOD 3.
@pytest.mark.parametrize("after_apdus", [3, 10, 16, 23])
def test_card_pulled_mid_read_is_card_removed(
    card: EmrtdCard, vpcd_slot: VirtualCard, csca_dir: Path, after_apdus: int
) -> None:
    reader = open_reader(csca_dir)
    try:
        vpcd_slot.remove_after(after_apdus)  # before BAC, in DG1, inside DG2, in the SOD
        with pytest.raises(CardRemoved):
            reader.read_chip(BA_LAN.bac_key, DEFAULT_GROUPS)
    finally:
        reader.close()


def test_the_card_put_back_reads_again(
    card: EmrtdCard, files: dict[str, bytes], vpcd_slot: VirtualCard, csca_dir: Path
) -> None:
    reader = open_reader(csca_dir)
    try:
        vpcd_slot.remove_after(20)
        with pytest.raises(CardRemoved):
            reader.read_chip(BA_LAN.bac_key, DEFAULT_GROUPS)
        wait_card(present=False)
        vpcd_slot.insert(EmrtdCard(files, BA_LAN.bac_key))
        wait_card(present=True)
        started = time.monotonic()
        chip = reader.read_chip(BA_LAN.bac_key, DEFAULT_GROUPS)
        assert time.monotonic() - started < 10
    finally:
        reader.close()
    assert chip.passive_auth is PassiveAuth.VALID
