"""The emulator's access control and robustness, driven with raw APDUs."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from smartcard.ATR import ATR

from devices.pcsc_card.icao.apdu import CommandApdu, split_response
from devices.pcsc_card.icao.bac import BacKeys, complete_mutual_auth, external_authenticate_data
from devices.pcsc_card.icao.reader import EmrtdClient
from devices.pcsc_card.icao.secure_messaging import SecureMessaging
from devices.simulated.citizens import ANH_MINH, BA_LAN
from tests.emrtd.card import EmrtdCard

H = bytes.fromhex
SELECT_AID = H("00A4040C07A0000002471001")
STATUS_WORDS = {
    0x9000, 0x6282, 0x6300, 0x6700, 0x6982, 0x6985, 0x6987, 0x6988,
    0x6A82, 0x6A86, 0x6B00, 0x6D00, 0x6E00,
}  # fmt: skip


def _open(card: EmrtdCard) -> SecureMessaging:
    assert card.apdu(SELECT_AID) == H("9000")
    rnd_icc = card.apdu(H("0084000008"))[:-2]
    keys = BacKeys.from_key(BA_LAN.bac_key)
    rnd_ifd, k_ifd = bytes(range(8)), bytes(range(16))
    data = external_authenticate_data(keys, rnd_icc, rnd_ifd, k_ifd)
    answer, sw = split_response(card.apdu(H("0082000028") + data + H("28")))
    assert sw == 0x9000
    return SecureMessaging(complete_mutual_auth(keys, rnd_icc, rnd_ifd, k_ifd, answer))


@pytest.mark.parametrize("extended", [True, False])
def test_the_atr_parses_as_a_pcsc_contactless_atr(files: dict[str, bytes], extended: bool) -> None:
    card = EmrtdCard(files, BA_LAN.bac_key, max_response=4096 if extended else None)
    atr = ATR(list(card.atr))  # pyscard's parser as the outside reference
    assert atr.checksumOK and atr.isT1Supported()
    assert card.atr[:4] == H("3B858001")  # PC/SC part 3 pseudo-ATR for ISO 14443-4 cards
    capabilities = atr.getHistoricalBytes()
    assert capabilities[:2] == [0x80, 0x73] and bool(capabilities[4] & 0x40) == extended


def test_every_file_is_refused_before_bac(card: EmrtdCard) -> None:
    assert card.apdu(SELECT_AID) == H("9000")
    for fid in ("011E", "0101", "0102", "010D", "011D"):
        assert card.apdu(H("00A4020C02") + H(fid)) == H("6982")
    assert card.apdu(H("00B0000004")) == H("6982")
    assert card.apdu(H("00B1000003540100")) == H("6982")


def test_ef_atr_info_is_public_and_announces_extended_length(card: EmrtdCard) -> None:
    assert card.apdu(H("00A4020C022F01")) == H("9000")
    data, sw = split_response(card.apdu(H("00B0000000")))
    assert sw == 0x6282 and data.startswith(H("7F66"))  # shorter than the 256 asked


def test_a_wrong_key_gets_6300_and_no_session(card: EmrtdCard) -> None:
    card.apdu(SELECT_AID)
    rnd_icc = card.apdu(H("0084000008"))[:-2]
    data = external_authenticate_data(
        BacKeys.from_key(ANH_MINH.bac_key), rnd_icc, bytes(8), bytes(16)
    )
    assert card.apdu(H("0082000028") + data + H("28")) == H("6300")
    assert not card.authenticated
    assert card.apdu(H("00A4020C020101")) == H("6982")


def test_external_authenticate_needs_a_fresh_challenge(card: EmrtdCard) -> None:
    card.apdu(SELECT_AID)
    assert card.apdu(H("0082000028") + bytes(40) + H("28")) == H("6985")


def test_a_wrong_mac_gets_6988_and_closes_the_session(card: EmrtdCard) -> None:
    sm = _open(card)
    protected = sm.protect(CommandApdu(0x00, 0xA4, 0x02, 0x0C, H("0101"))).encode()
    broken = protected[:-3] + bytes((protected[-3] ^ 0x01,)) + protected[-2:]
    assert card.apdu(broken) == H("6988")
    assert not card.authenticated
    assert card.apdu(protected) == H("6987")
    assert card.apdu(H("00B0000004")) == H("6982")


def test_a_plain_command_ends_the_session(card: EmrtdCard) -> None:
    _open(card)
    assert card.authenticated
    card.apdu(H("00A4020C020101"))
    assert not card.authenticated


def test_reset_drops_the_session(card: EmrtdCard, files: dict[str, bytes]) -> None:
    _open(card)
    card.reset()
    assert not card.authenticated
    assert card.apdu(H("00A4020C020101")) == H("6A82")  # application no longer selected


def test_without_extended_length_an_extended_read_is_refused(files: dict[str, bytes]) -> None:
    card = EmrtdCard(files, BA_LAN.bac_key, max_response=None)
    sm = _open(card)
    card.apdu(sm.protect(CommandApdu(0x00, 0xA4, 0x02, 0x0C, H("0102"))).encode())
    sm.ssc += 1
    answer = card.apdu(sm.protect(CommandApdu(0x00, 0xB0, 0, 0, ne=1000)).encode())
    assert sm.unprotect(answer) == (b"", 0x6700)


def test_reading_past_the_end(card: EmrtdCard, files: dict[str, bytes]) -> None:
    client = EmrtdClient(card.apdu)
    client.select_application()
    client.authenticate(BA_LAN.bac_key)
    client.send(CommandApdu(0x00, 0xA4, 0x02, 0x0C, H("0101")))
    size = len(files["DG1"])
    assert client.send(CommandApdu(0x00, 0xB0, 0, size - 2, ne=10)) == (files["DG1"][-2:], 0x6282)
    assert client.send(CommandApdu(0x00, 0xB0, 0, size, ne=1)) == (b"", 0x6B00)


@settings(max_examples=2000, deadline=None)
@given(command=st.binary(max_size=300))
def test_random_bytes_always_get_a_status_word(files: dict[str, bytes], command: bytes) -> None:
    card = EmrtdCard(files, BA_LAN.bac_key)
    card.apdu(SELECT_AID)
    answer = card.apdu(command)
    assert int.from_bytes(answer[-2:], "big") in STATUS_WORDS


@settings(max_examples=2000, deadline=None)
@given(
    cla=st.sampled_from([0x00, 0x0C, 0x80, 0x04]),
    ins=st.sampled_from([0xA4, 0xB0, 0xB1, 0x84, 0x82, 0x2A, 0xCA]),
    tail=st.binary(max_size=80),
)
def test_random_commands_in_a_session_get_a_status_word(
    files: dict[str, bytes], cla: int, ins: int, tail: bytes
) -> None:
    card = EmrtdCard(files, BA_LAN.bac_key)
    _open(card)
    answer = card.apdu(bytes((cla, ins)) + tail)
    assert int.from_bytes(answer[-2:], "big") in STATUS_WORDS
