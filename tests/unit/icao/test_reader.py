"""The terminal read against the emulator: BAC, every DG, failures, APDU counts."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

import pytest

from devices.pcsc_card.icao.reader import (
    NAIVE_CHUNK,
    SHORT_SM_CHUNK,
    EmrtdClient,
    chunk_for_response_size,
    read_chip,
)
from devices.simulated.citizens import ANH_MINH, BA_LAN
from kiosk.ports.card_reader import (
    AccessDenied,
    BacKey,
    CardReadError,
    CardRemoved,
    PassiveAuth,
)
from tests.emrtd.card import EmrtdCard
from tests.emrtd.pki import EmrtdPki

H = bytes.fromhex
ALL = ("COM", "DG1", "DG2", "DG13", "SOD")


def test_bac_with_the_right_key_reads_every_group_through_sm(
    card: EmrtdCard, files: dict[str, bytes]
) -> None:
    chip = read_chip(card.apdu, BA_LAN.bac_key)
    assert card.authenticated
    assert dict(chip.data_groups) == files
    assert chip.passive_auth is PassiveAuth.CSCA_UNKNOWN


def test_passive_auth_is_valid_with_the_csca_folder(
    card: EmrtdCard, pki: EmrtdPki, tmp_path: Path
) -> None:
    folder = pki.write_csca(tmp_path / "csca").parent
    assert read_chip(card.apdu, BA_LAN.bac_key, csca_dir=folder).passive_auth is PassiveAuth.VALID


def test_a_wrong_key_is_denied_and_the_chip_stays_closed(card: EmrtdCard) -> None:
    with pytest.raises(AccessDenied, match="6300"):
        read_chip(card.apdu, ANH_MINH.bac_key)
    assert not card.authenticated
    assert card.apdu(H("00A4020C020101")) == H("6982")
    assert card.apdu(H("00B0000004")) == H("6982")


def test_a_key_outside_the_mrz_alphabet_is_denied_without_touching_bac(card: EmrtdCard) -> None:
    with pytest.raises(AccessDenied, match="alphabet"):
        read_chip(card.apdu, BacKey("12345678é", "500315", "991231"))


def test_one_client_can_try_several_keys(card: EmrtdCard, files: dict[str, bytes]) -> None:
    client = EmrtdClient(card.apdu)
    client.select_application()
    with pytest.raises(AccessDenied):
        client.authenticate(ANH_MINH.bac_key)
    client.authenticate(BA_LAN.bac_key)
    assert client.read_file("DG1") == files["DG1"]
    client.select_application()  # starting over mid-session falls back to plain APDUs
    client.authenticate(BA_LAN.bac_key)
    assert client.read_file("DG13") == files["DG13"]


@pytest.mark.parametrize("max_read", [0, -1, 65537])
def test_max_read_out_of_range_is_refused(card: EmrtdCard, max_read: int) -> None:
    with pytest.raises(ValueError, match="max_read"):
        read_chip(card.apdu, BA_LAN.bac_key, max_read=max_read)


def test_without_sod_passive_auth_is_not_checked(card: EmrtdCard) -> None:
    chip = read_chip(card.apdu, BA_LAN.bac_key, ("DG1",))
    assert set(chip.data_groups) == {"DG1"}
    assert chip.passive_auth is PassiveAuth.NOT_CHECKED


def test_a_group_the_card_lacks_is_left_out(card: EmrtdCard) -> None:
    assert "DG11" not in read_chip(card.apdu, BA_LAN.bac_key, ("DG1", "DG11")).data_groups


def test_a_file_with_the_wrong_lds_tag_is_a_read_error(files: dict[str, bytes]) -> None:
    card = EmrtdCard(files | {"DG13": b"\x61\x03abc"}, BA_LAN.bac_key)
    with pytest.raises(CardReadError, match="DG13 starts with tag 61, expected 6D"):
        read_chip(card.apdu, BA_LAN.bac_key)


def test_an_unknown_group_name_is_a_read_error(card: EmrtdCard) -> None:
    with pytest.raises(CardReadError, match="unknown"):
        read_chip(card.apdu, BA_LAN.bac_key, ("DG99",))


def test_selecting_the_application_refused_before_bac(card: EmrtdCard) -> None:
    def refuse(command: bytes) -> bytes:
        return H("6982") if command[1] == 0xA4 and command[2] == 0x04 else card.apdu(command)

    with pytest.raises(CardReadError, match="6982") as info:
        read_chip(refuse, BA_LAN.bac_key)
    assert not isinstance(info.value, AccessDenied)


def _after(card: EmrtdCard, n: int, mangle: Callable[[bytes], bytes]) -> Callable[[bytes], bytes]:
    """A transmit that passes the first `n` answers through and mangles the later ones."""
    count = 0

    def transmit(command: bytes) -> bytes:
        nonlocal count
        count += 1
        answer = card.apdu(command)
        return mangle(answer) if count > n else answer

    return transmit


MANGLERS: dict[str, Callable[[bytes], bytes]] = {
    "empty": lambda r: b"",
    "one byte": lambda r: r[:1],
    "truncated": lambda r: r[: len(r) // 2] + r[-2:],
    "bit flip": lambda r: bytes((r[0] ^ 0x01,)) + r[1:],
    "mac flip": lambda r: r[:-3] + bytes((r[-3] ^ 0x80,)) + r[-2:],
    "status only": lambda r: r[-2:],
    "extra bytes": lambda r: r[:-2] + b"\x00\x00" + r[-2:],
    "wrong sw": lambda r: r[:-2] + H("6A82"),
}


@pytest.mark.parametrize("name", sorted(MANGLERS))
@pytest.mark.parametrize("after", [0, 2, 4, 6, 9, 14, 20])
def test_corrupt_answers_are_read_errors_never_other_exceptions(
    card: EmrtdCard, name: str, after: int
) -> None:
    transmit = _after(card, after, MANGLERS[name])
    # AccessDenied is a CardReadError too: a corrupted BAC answer cannot open the chip.
    with contextlib.suppress(CardReadError):
        read_chip(transmit, BA_LAN.bac_key)


def test_a_bare_sm_error_status_ends_the_read(card: EmrtdCard) -> None:
    with pytest.raises(CardReadError, match="ended secure messaging with SW 6988"):
        read_chip(_after(card, 8, lambda r: H("6988")), BA_LAN.bac_key)


def test_a_bare_file_not_found_skips_the_group(card: EmrtdCard) -> None:
    def transmit(command: bytes) -> bytes:
        answer = card.apdu(command)
        # SELECT DG13 answered the way many chips do: a bare 6A82, no secure messaging.
        return H("6A82") if command[:4] == H("0CA4020C") and card.current_file == 0x010D else answer

    chip = read_chip(transmit, BA_LAN.bac_key)
    assert "DG13" not in chip.data_groups and "DG2" in chip.data_groups


def test_a_corrupted_dg_answer_after_bac_is_a_read_error(card: EmrtdCard) -> None:
    with pytest.raises(CardReadError, match="secure messaging"):
        read_chip(_after(card, 8, MANGLERS["mac flip"]), BA_LAN.bac_key)


def test_a_card_removed_mid_read_is_card_removed(card: EmrtdCard) -> None:
    count = 0

    def transmit(command: bytes) -> bytes:
        nonlocal count
        count += 1
        if count > 12:
            raise OSError("card unpowered")
        return card.apdu(command)

    with pytest.raises(CardRemoved, match="card unpowered"):
        read_chip(transmit, BA_LAN.bac_key)


def test_card_removed_raised_by_the_transport_passes_through(card: EmrtdCard) -> None:
    def transmit(command: bytes) -> bytes:
        raise CardRemoved("gone")

    with pytest.raises(CardRemoved, match="gone"):
        read_chip(transmit, BA_LAN.bac_key)


def test_chunk_sizes_follow_the_sm_overhead() -> None:
    assert chunk_for_response_size(256) == SHORT_SM_CHUNK == 0xE7
    assert chunk_for_response_size(4096) == 4071
    assert chunk_for_response_size(65536) == 65511


@pytest.mark.parametrize(("max_response", "largest"), [(None, 0xE7), (4096, 4071)])
def test_the_chunk_is_the_largest_the_card_accepts(
    files: dict[str, bytes], max_response: int | None, largest: int
) -> None:
    card = EmrtdCard(files, BA_LAN.bac_key, max_response=max_response)
    chip = read_chip(card.apdu, BA_LAN.bac_key, ("DG2",), max_read=largest)
    assert chip.data_groups["DG2"] == files["DG2"]
    with pytest.raises(CardReadError, match="6700"):
        read_chip(card.apdu, BA_LAN.bac_key, ("DG2",), max_read=largest + 1)


@pytest.mark.parametrize("size", [0xE7 + 4, 0xE8 + 4, 0x100 + 4, 0x101 + 4])
def test_tails_between_short_and_extended_sizes_are_read(size: int) -> None:
    content = b"\x6d\x82" + (size - 4).to_bytes(2, "big") + bytes(size - 4)
    card = EmrtdCard({"DG13": content}, BA_LAN.bac_key)
    assert read_chip(card.apdu, BA_LAN.bac_key, ("DG13",)).data_groups["DG13"] == content


def test_apdu_counts_max_size_versus_naive(files: dict[str, bytes]) -> None:
    extended = EmrtdCard(files, BA_LAN.bac_key)
    short_only = EmrtdCard(files, BA_LAN.bac_key, max_response=None)
    counts = {
        "extended 4096": read_chip(extended.apdu, BA_LAN.bac_key).apdu_count,
        "short 0xE7": read_chip(short_only.apdu, BA_LAN.bac_key).apdu_count,
        "naive 0xDF": read_chip(short_only.apdu, BA_LAN.bac_key, max_read=NAIVE_CHUNK).apdu_count,
    }
    # 5 for EF.ATR/INFO + SELECT + BAC, 2 per file for SELECT + header, then the chunks.
    dg2_rest = len(files["DG2"]) - 4
    small = sum(-(-(len(files[n]) - 4) // 0xE7) for n in ("COM", "DG1", "DG13", "SOD"))
    assert counts["extended 4096"] == 5 + 10 + 4 + -(-dg2_rest // 4071)
    assert counts["short 0xE7"] == 4 + 10 + small + -(-dg2_rest // 0xE7)
    assert counts["naive 0xDF"] > counts["short 0xE7"] > 4 * counts["extended 4096"]


def test_offsets_past_32767_use_odd_ins_read_binary(pki: EmrtdPki) -> None:
    big = b"\x75\x82\xa0\x00" + bytes(range(256)) * 160  # a 40 KiB DG2
    files = {"DG2": big}
    for max_response in (None, 4096):
        card = EmrtdCard(files, BA_LAN.bac_key, max_response=max_response)
        seen: list[int] = []

        def transmit(command: bytes, card: EmrtdCard = card, seen: list[int] = seen) -> bytes:
            seen.append(command[1])
            return card.apdu(command)

        assert read_chip(transmit, BA_LAN.bac_key, ("DG2",)).data_groups["DG2"] == big
        assert 0xB1 in seen and 0xB0 in seen
