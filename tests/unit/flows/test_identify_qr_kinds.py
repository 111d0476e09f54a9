"""The identify flow with the real rules: every kind of QR a citizen may hold up to the scanner."""

from __future__ import annotations

import pytest

from devices.simulated.citizens import BA_LAN
from kiosk.flows.identify import (
    ChipReadRequested,
    CitizenFound,
    IdentifyEvent,
    IdentifyFlow,
    Phase,
    Problem,
    StatusChanged,
    Way,
)
from kiosk.flows.identify_model import QrClassifier
from kiosk.flows.identify_rules import ServiceRules
from kiosk.ports.card_reader import ChipData
from kiosk.ports.clock import ManualClock
from tests.unit.qr_payloads import samples as s

DAMAGED = BA_LAN.card_qr.replace("|Nữ|", "|N\ufffd|")


def make(mrz_ok: bool = True) -> tuple[IdentifyFlow, list[IdentifyEvent]]:
    heard: list[IdentifyEvent] = []
    flow = IdentifyFlow(ManualClock(), ServiceRules(), heard.append)
    flow.begin(mrz_ok=mrz_ok)
    return flow, heard


def reads(events: list[IdentifyEvent]) -> list[ChipReadRequested]:
    return [e for e in events if isinstance(e, ChipReadRequested)]


def statuses(events: list[IdentifyEvent]) -> list[str]:
    return [e.status.prompt_id for e in events if isinstance(e, StatusChanged)]


def test_the_service_rules_classify() -> None:
    assert isinstance(ServiceRules(), QrClassifier)


def test_a_card_qr_is_confirmed_then_the_chip_is_read() -> None:
    flow, _ = make()
    events = flow.qr_scanned(BA_LAN.card_qr)
    assert statuses(events) == ["qr.card_read"] and flow.status.phase is Phase.WAITING
    (request,) = reads(flow.card_inserted())
    assert request.key == BA_LAN.bac_key and flow.status.prompt_id == "identify.reading"
    found = flow.chip_read(request.read_id, ChipData(dict(BA_LAN.card.data_groups)))
    assert any(isinstance(e, CitizenFound) for e in found)


def test_card_first_then_qr_confirms_while_reading() -> None:
    flow, _ = make()
    flow.card_inserted()
    events = flow.qr_scanned(BA_LAN.card_qr)
    assert statuses(events) == ["qr.card_read_reading"] and flow.status.phase is Phase.READING
    assert isinstance(events[0], StatusChanged) and len(reads(events)) == 1


def test_scanning_the_card_twice_is_confirmed_twice() -> None:
    flow, _ = make()
    flow.qr_scanned(BA_LAN.card_qr)
    assert statuses(flow.qr_scanned(BA_LAN.card_qr)) == ["qr.card_read"]


def test_a_mojibake_card_qr_still_opens_the_chip() -> None:
    flow, _ = make()
    flow.qr_scanned(BA_LAN.card_qr.encode("utf-8").decode("latin-1"))
    (request,) = reads(flow.card_inserted())
    assert request.key == BA_LAN.bac_key


@pytest.mark.parametrize(
    "payload",
    [
        DAMAGED,
        BA_LAN.card_qr.replace("15031950", "31021950"),
        BA_LAN.card_qr.replace("|Nữ|", "Nữ|"),
    ],
    ids=["replacement char", "impossible date", "field count"],
)
def test_a_damaged_card_qr_prefills_nothing_and_offers_the_chip_ways(payload: str) -> None:
    flow, heard = make()
    flow.qr_scanned(payload)
    assert flow.status.problem is Problem.QR_INVALID and flow.status.prompt_id == "qr.damaged"
    assert set(flow.status.ways) == {Way.RETRY, Way.USE_MRZ, Way.ASK_STAFF}
    assert reads(flow.card_inserted()) == []  # no key from a garbled QR
    assert not any(isinstance(e, CitizenFound) for e in heard)
    flow.choose(Way.USE_MRZ)
    assert flow.status.phase is Phase.SCANNING


def test_a_damaged_scan_after_a_good_one_drops_the_good_one_too() -> None:
    flow, _ = make()
    flow.qr_scanned(BA_LAN.card_qr)
    flow.qr_scanned(DAMAGED)
    assert reads(flow.card_inserted()) == []


def test_a_rescan_after_a_damaged_one_reads_the_chip() -> None:
    flow, _ = make()
    flow.card_inserted()
    flow.qr_scanned(DAMAGED)
    assert reads(flow.qr_scanned(BA_LAN.card_qr))


ASIDES = [
    (s.VNEID_URL, "qr.vneid_unsupported"),
    (s.VNEID_APP, "qr.vneid_unsupported"),
    (s.RECEIPT_JSON, "qr.receipt_not_card"),
    (s.RECEIPT_PIPE, "qr.receipt_not_card"),
    (s.DOSSIER_WARD, "qr.receipt_not_card"),
    (s.PROCEDURE_URL, "qr.procedure_not_card"),
    ("1.001193", "qr.procedure_not_card"),
]


@pytest.mark.parametrize(("payload", "prompt_id"), ASIDES)
def test_other_kinds_are_named_and_the_card_is_still_awaited(payload: str, prompt_id: str) -> None:
    flow, _ = make()
    events = flow.qr_scanned(payload)
    assert statuses(events) == [prompt_id]
    assert flow.status.phase is Phase.WAITING and flow.status.problem is None
    assert flow.qr_scanned(payload) == events  # said again on a second scan
    flow.qr_scanned(BA_LAN.card_qr)
    assert reads(flow.card_inserted())


def test_a_receipt_after_the_card_qr_keeps_the_card_qr() -> None:
    flow, _ = make()
    flow.qr_scanned(BA_LAN.card_qr)
    flow.qr_scanned(s.RECEIPT_JSON)
    assert flow.status.prompt_id == "qr.receipt_not_card"
    (request,) = reads(flow.card_inserted())
    assert request.key == BA_LAN.bac_key


def test_an_aside_during_a_problem_keeps_its_ways() -> None:
    flow, _ = make(mrz_ok=False)
    flow.reader_ready(False)
    ways = flow.status.ways
    flow.qr_scanned(s.VNEID_URL)
    assert flow.status.problem is Problem.READER_NOT_READY and flow.status.ways == ways
    assert flow.status.prompt_id == "qr.vneid_unsupported"


def test_an_aside_while_only_the_qr_is_wanted_keeps_waiting_for_it() -> None:
    flow, _ = make()
    flow.reader_ready(False)
    flow.choose(Way.USE_QR)
    flow.qr_scanned(s.RECEIPT_URL)
    assert flow.status.qr_only and flow.status.phase is Phase.WAITING
    events = flow.qr_scanned(BA_LAN.card_qr)
    assert any(isinstance(e, CitizenFound) and e.qr_only for e in events)


@pytest.mark.parametrize(
    ("payload", "prompt_id"),
    [
        ("https://dichvucong.gov.vn/", "identity.qr_not_a_card"),
        ("Xin chào", "identity.qr_not_a_card"),
        ("H29.12-251123-0001\x1b[2J", "qr.refused"),
        ("A" * 5000, "qr.refused"),
    ],
)
def test_unknown_and_refused_scans_are_a_problem_with_retry(payload: str, prompt_id: str) -> None:
    flow, _ = make()
    flow.qr_scanned(payload)
    assert flow.status.problem is Problem.QR_INVALID and flow.status.prompt_id == prompt_id
    flow.choose(Way.RETRY)
    assert flow.status.phase is Phase.WAITING


def test_scans_while_reading_are_ignored() -> None:
    flow, _ = make()
    flow.card_inserted()
    flow.qr_scanned(BA_LAN.card_qr)
    assert flow.qr_scanned(s.RECEIPT_JSON) == [] and flow.status.phase is Phase.READING
