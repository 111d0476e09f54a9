"""ICAO Doc 9303 Part 11 Appendix D worked example, byte for byte, on both sides.

The values are the published ones (D.2 key derivation, D.3 mutual authentication, D.4 secure
messaging); the same numbers appear in the test suites of gmrtd, jmrtd-based readers and others.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from devices.pcsc_card.icao.apdu import parse_command
from devices.pcsc_card.icao.bac import (
    BacKeys,
    complete_mutual_auth,
    external_authenticate_data,
    key_seed,
    mrz_information,
)
from devices.pcsc_card.icao.crypto import retail_mac
from devices.pcsc_card.icao.reader import EmrtdClient
from devices.pcsc_card.icao.secure_messaging import SecureMessaging
from kiosk.ports.card_reader import BacKey
from tests.emrtd.card import EmrtdCard

H = bytes.fromhex
KEY = BacKey("L898902C<", "690806", "940623")
K_SEED = H("239AB9CB282DAF66231DC5A4DF6BFBAE")
K_ENC = H("AB94FDECF2674FDFB9B391F85D7F76F2")
K_MAC = H("7962D9ECE03D1ACD4C76089DCE131543")
RND_ICC = H("4608F91988702212")
RND_IFD = H("781723860C06C226")
K_IFD = H("0B795240CB7049B01C19B33E32804F0B")
K_ICC = H("0B4F80323EB3191CB04970CB4052790B")
CMD_DATA = H("72C29C2371CC9BDB65B779B8E8D37B29ECC154AA56A8799FAE2F498F76ED92F25F1448EEA8AD90A7")
RESP_DATA = H("46B9342A41396CD7386BF5803104D7CEDC122B9132139BAF2EEDC94EE178534F2F2D235D074D7449")
KS_ENC = H("979EC13B1CBFE9DCD01AB0FED307EAE5")
KS_MAC = H("F1CB1F1FB5ADF208806B89DC579DC1F8")
SSC = H("887022120C06C226")
EF_COM = H("60145F0104303130365F36063034303030305C026175")
# D.4: (plain command, protected command, protected response, plain data)
D4 = [
    (
        "00A4020C02011E",
        "0CA4020C158709016375432908C044F68E08BF8B92D635FF24F800",
        "990290008E08FA855A5D4C50A8ED9000",
        "",
    ),
    (
        "00B0000004",
        "0CB000000D9701048E08ED6705417E96BA5500",
        "8709019FF0EC34F9922651990290008E08AD55CC17140B2DED9000",
        "60145F01",
    ),
    (
        "00B0000412",
        "0CB000040D9701128E082EA28A70F3C7B53500",
        "871901FB9235F4E4037F2327DCC8964F1F9B8C30F42C8E2FFF224A990290008E08C8B2787EAEA07D749000",
        "04303130365F36063034303030305C026175",
    ),
]


def _scripted(*values: bytes) -> Callable[[int], bytes]:
    queue: Iterator[bytes] = iter(values)

    def next_value(n: int) -> bytes:
        value = next(queue)
        assert len(value) == n
        return value

    return next_value


def test_d2_key_seed_and_basic_access_keys() -> None:
    assert mrz_information(KEY) == "L898902C<369080619406236"
    assert key_seed(KEY) == K_SEED
    keys = BacKeys.from_key(KEY)
    assert (keys.k_enc, keys.k_mac) == (K_ENC, K_MAC)


def test_d3_terminal_builds_the_external_authenticate_data() -> None:
    keys = BacKeys.from_key(KEY)
    assert external_authenticate_data(keys, RND_ICC, RND_IFD, K_IFD) == CMD_DATA


def test_d3_terminal_derives_session_keys_and_ssc() -> None:
    session = complete_mutual_auth(BacKeys.from_key(KEY), RND_ICC, RND_IFD, K_IFD, RESP_DATA)
    assert (session.ks_enc, session.ks_mac, session.ssc) == (KS_ENC, KS_MAC, SSC)


def test_d3_d4_retail_macs() -> None:
    assert retail_mac(K_MAC, CMD_DATA[:32]) == CMD_DATA[32:]
    assert retail_mac(K_MAC, RESP_DATA[:32]) == RESP_DATA[32:]
    mac_input = H("887022120C06C2270CA4020C800000008709016375432908C044F6")
    assert retail_mac(KS_MAC, mac_input) == H("BF8B92D635FF24F8")


def test_d4_terminal_protects_and_unprotects_byte_for_byte() -> None:
    session = complete_mutual_auth(BacKeys.from_key(KEY), RND_ICC, RND_IFD, K_IFD, RESP_DATA)
    sm = SecureMessaging(session)
    for plain, protected, response, data in D4:
        assert sm.protect(parse_command(H(plain))).encode().hex().upper() == protected
        assert sm.unprotect(H(response)) == (H(data), 0x9000)
    assert sm.ssc == int.from_bytes(SSC, "big") + 6


def _appendix_d_card() -> EmrtdCard:
    return EmrtdCard({"COM": EF_COM}, KEY, random_bytes=_scripted(RND_ICC, K_ICC))


def test_d3_d4_emulator_answers_byte_for_byte() -> None:
    card = _appendix_d_card()
    assert card.apdu(H("00A4040C07A0000002471001")) == H("9000")
    assert card.apdu(H("0084000008")) == RND_ICC + H("9000")
    assert card.apdu(H("0082000028") + CMD_DATA + H("28")) == RESP_DATA + H("9000")
    for _, protected, response, _ in D4:
        assert card.apdu(H(protected)).hex().upper() == response


def test_terminal_and_emulator_run_the_worked_example_end_to_end() -> None:
    card = _appendix_d_card()
    sent: list[str] = []

    def transmit(command: bytes) -> bytes:
        sent.append(command.hex().upper())
        return card.apdu(command)

    client = EmrtdClient(transmit, max_read=0xE7, random_bytes=_scripted(RND_IFD, K_IFD))
    client.select_application()
    client.authenticate(KEY)
    assert client.read_file("COM") == EF_COM
    assert sent[2] == "0082000028" + CMD_DATA.hex().upper() + "28"
    assert sent[3:] == [protected for _, protected, _, _ in D4]
