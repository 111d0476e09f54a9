"""The PC/SC transport: APDU chaining rules (no peer) and real pcscd + vpcd connections (peer)."""

from __future__ import annotations

import pytest

from devices.pcsc_card.transport import (
    PcscTransport,
    ReadCancelled,
    ReaderUnavailable,
    exchange,
    find_reader,
    pcsc_error,
)
from kiosk.domain.devices import DeviceUnavailable
from kiosk.ports.card_reader import CardReadError, CardRemoved
from tests.peers.pcscd import READER, Pcscd
from tests.peers.vpcd import FileCard, VirtualCard

READ_256 = bytes.fromhex("00B0000000")


class Script:
    """A card answering from a list, recording what it was sent."""

    def __init__(self, *answers: str) -> None:
        self.answers = [bytes.fromhex(a) for a in answers]
        self.sent: list[bytes] = []

    def __call__(self, apdu: bytes) -> bytes:
        self.sent.append(apdu)
        return self.answers.pop(0)


def test_exchange_follows_61xx_with_get_response() -> None:
    card = Script("0102 6102", "0304 9000")
    assert exchange(card, bytes.fromhex("00B0000004")) == (bytes.fromhex("010203049000"), 2)
    assert card.sent[1] == bytes.fromhex("00C0000002")


def test_exchange_resends_with_the_le_the_card_asks_for() -> None:
    card = Script("6C03", "AABBCC 9000")
    assert exchange(card, bytes.fromhex("00B0000010")) == (bytes.fromhex("AABBCC9000"), 2)
    assert card.sent[1] == bytes.fromhex("00B0000003")


def test_exchange_passes_other_status_words_through() -> None:
    assert exchange(Script("6982"), READ_256) == (bytes.fromhex("6982"), 1)


def test_exchange_gives_up_on_a_card_that_chains_forever() -> None:
    with pytest.raises(CardReadError, match="61xx"):
        exchange(lambda _apdu: b"\x61\x01", READ_256)


def test_find_reader_matches_a_substring_case_insensitively() -> None:
    readers = ["ACS ACR39U 00 00", "Virtual PCD 00 00", "Virtual PCD 00 01"]
    assert find_reader(readers, "pcd 00 01") == "Virtual PCD 00 01"
    assert find_reader(readers, "") == "ACS ACR39U 00 00"
    assert find_reader(readers, "Gemalto") is None


def test_pcsc_errors_map_to_port_errors() -> None:
    from smartcard import scard

    assert isinstance(pcsc_error(scard.SCARD_W_REMOVED_CARD, "x"), CardRemoved)
    assert isinstance(pcsc_error(scard.SCARD_W_UNPOWERED_CARD, "x"), CardRemoved)
    assert isinstance(pcsc_error(scard.SCARD_E_NO_SMARTCARD, "x"), CardRemoved)
    gone = pcsc_error(scard.SCARD_E_NO_SERVICE, "x")
    assert isinstance(gone, DeviceUnavailable) and isinstance(gone, CardReadError)
    assert "0x8010001D" in str(gone)
    assert type(pcsc_error(scard.SCARD_E_INVALID_PARAMETER, "x")) is CardReadError


@pytest.mark.peer
def test_reads_a_file_through_pcscd(vpcd_slot: VirtualCard) -> None:
    card = FileCard(chain=True, exact_le=True, content=bytes(range(200)))
    vpcd_slot.insert(card)
    transport = PcscTransport("PCD 00 00")
    connect_when_ready(transport)
    try:
        assert transport.reader == READER
        assert transport.transmit(bytes.fromhex("00A4020C020101")) == b"\x90\x00"
        # 6C then 61: the card says "200 bytes", then hands them over in one GET RESPONSE.
        assert transport.transmit(READ_256) == bytes(range(200)) + b"\x90\x00"
        assert transport.apdu_count == 4
        assert vpcd_slot.apdus[-1] == bytes.fromhex("00C00000C8")
    finally:
        transport.disconnect()
        transport.disconnect()  # idempotent


@pytest.mark.peer
def test_no_card_is_card_removed(vpcd_slot: VirtualCard) -> None:
    transport = PcscTransport(READER)
    with pytest.raises(CardRemoved):
        transport.connect()


@pytest.mark.peer
def test_wrong_reader_name_is_reader_unavailable(pcscd: Pcscd) -> None:
    transport = PcscTransport("no such reader")
    with pytest.raises(ReaderUnavailable, match="no such reader"):
        transport.connect()


@pytest.mark.peer
def test_card_pulled_mid_transmit_is_card_removed(vpcd_slot: VirtualCard) -> None:
    vpcd_slot.insert(FileCard())
    transport = PcscTransport(READER)
    connect_when_ready(transport)
    try:
        vpcd_slot.remove_after(1)
        with pytest.raises(CardRemoved):
            transport.transmit(READ_256)
    finally:
        transport.disconnect()


@pytest.mark.peer
def test_cancel_stops_the_read_at_the_next_apdu(vpcd_slot: VirtualCard) -> None:
    vpcd_slot.insert(FileCard())
    transport = PcscTransport(READER)
    connect_when_ready(transport)
    try:
        transport.transmit(READ_256)
        sent = len(vpcd_slot.apdus)
        transport.cancel()
        with pytest.raises(ReadCancelled):
            transport.transmit(READ_256)
        assert len(vpcd_slot.apdus) == sent
    finally:
        transport.disconnect()


def connect_when_ready(transport: PcscTransport, timeout_s: float = 10.0) -> None:
    """pcscd polls vpcd for the card; a just-inserted card takes a few hundred ms to appear."""
    import time

    deadline = time.monotonic() + timeout_s
    while True:
        try:
            transport.connect()
            return
        except CardRemoved:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)  # waiting on a real daemon (peer test)
