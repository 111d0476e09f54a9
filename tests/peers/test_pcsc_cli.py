"""`kiosk card read` against the real pcscd and the emulated card."""

from __future__ import annotations

import argparse
import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from devices.pcsc_card.cli import EXIT_FAILED, EXIT_OK, handle_card_read, register
from devices.simulated.citizens import BA_LAN, CHU_TU
from tests.emrtd.card import EmrtdCard
from tests.emrtd.files import card_files
from tests.emrtd.pki import EmrtdPki as Pki
from tests.emrtd.pki import make_pki
from tests.peers.pcscd import wait_card
from tests.peers.vpcd import VirtualCard

pytestmark = pytest.mark.peer


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="kiosk")
    register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


def run(*argv: str) -> tuple[int, dict[str, object]]:
    out = io.StringIO()
    code = handle_card_read(parse(*argv), out)
    return code, json.loads(out.getvalue())


@pytest.fixture(scope="module")
def pki() -> Pki:
    return make_pki("CLI test")


@pytest.fixture
def csca(pki: Pki, tmp_path: Path) -> str:
    pki.write_csca(tmp_path / "csca")
    return str(tmp_path / "csca")


@pytest.fixture
def card(pki: Pki, vpcd_slot: VirtualCard) -> Iterator[None]:
    vpcd_slot.insert(EmrtdCard(card_files(BA_LAN, pki), BA_LAN.bac_key))
    wait_card(present=True)
    yield


def test_read_with_the_card_qr(card: None, csca: str) -> None:
    code, body = run("card", "read", "--json", "--qr", BA_LAN.card_qr, "--csca", csca)
    assert code == EXIT_OK, body
    identity = body["identity"]
    assert isinstance(identity, dict)
    assert identity["id_number"] == "••••••••" + BA_LAN.id_number[-4:]
    assert BA_LAN.id_number not in json.dumps(body)
    assert identity["full_name"] == BA_LAN.full_name
    assert body["passive_auth"] == "valid"
    assert body["bac_key_from"] == "card_qr"
    assert body["groups"] == ["COM", "DG1", "DG13", "DG2", "SOD"]
    assert isinstance(body["apdu_count"], int) and body["apdu_count"] >= 24


def test_read_with_the_mrz(card: None) -> None:
    code, body = run("card", "read", "--json", "--mrz", "\\n".join(BA_LAN.mrz))
    assert code == EXIT_OK, body
    assert body["passive_auth"] == "signature ok, CSCA unknown"  # no --csca given
    assert body["bac_key_from"] == "mrz"


def test_a_qr_for_another_card_is_a_clear_error(card: None) -> None:
    code, body = run("card", "read", "--json", "--qr", CHU_TU.card_qr)
    assert code == EXIT_FAILED
    assert "wrong card" in str(body["error"])


def test_no_card_is_a_clear_error(vpcd_slot: VirtualCard) -> None:
    code, body = run("card", "read", "--json", "--mrz", "\\n".join(BA_LAN.mrz))
    assert code == EXIT_FAILED
    assert "no card" in str(body["error"])


def test_bad_qr_text_is_refused_before_touching_the_reader() -> None:
    code, body = run("card", "read", "--json", "--qr", "https://example.com")
    assert code == EXIT_FAILED
    assert "not a valid card QR" in str(body["error"])


def test_missing_reader_is_a_clear_error(card: None) -> None:
    code, body = run("card", "read", "--json", "--mrz", "\\n".join(BA_LAN.mrz), "--reader", "Nope")
    assert code == EXIT_FAILED
    assert "no reader matching 'Nope'" in str(body["error"])
