"""The identify flow's reader events and its second key source, the MRZ on the card back."""

from __future__ import annotations

import pytest

from devices.simulated.citizens import BA_LAN
from kiosk.flows.identify import (
    ChipFailure,
    ChipReadRequested,
    CitizenFound,
    IdentifyEvent,
    IdentifyFlow,
    KeySource,
    MrzScanRequested,
    Phase,
    Problem,
    Way,
)
from kiosk.ports.clock import ManualClock
from tests.unit.flows.test_identify_flow import K1, K2, K3, LAN_CHIP, LAN_QR, FakeRules

LAN_MRZ = "\n".join(BA_LAN.mrz)  # its BAC key is K1


def make(mrz_ok: bool = True, reader_ok: bool = True) -> tuple[IdentifyFlow, ManualClock]:
    clock = ManualClock()
    flow = IdentifyFlow(clock, FakeRules())
    flow.begin(reader_ok=reader_ok, mrz_ok=mrz_ok)
    return flow, clock


def reads(events: list[IdentifyEvent]) -> list[ChipReadRequested]:
    return [e for e in events if isinstance(e, ChipReadRequested)]


def scan(events: list[IdentifyEvent]) -> MrzScanRequested:
    (request,) = [e for e in events if isinstance(e, MrzScanRequested)]
    return request


def found(events: list[IdentifyEvent]) -> CitizenFound:
    (event,) = [e for e in events if isinstance(e, CitizenFound)]
    return event


def refuse_every_qr_key(flow: IdentifyFlow) -> None:
    flow.qr_scanned(LAN_QR)
    (request,) = reads(flow.card_inserted())
    for _ in (K1, K2, K3)[1:]:
        (request,) = reads(flow.chip_failed(request.read_id, ChipFailure.ACCESS_DENIED))
    flow.chip_failed(request.read_id, ChipFailure.ACCESS_DENIED)


def lift_card_and_scan_back(flow: IdentifyFlow) -> MrzScanRequested:
    """'Dùng mặt sau thẻ': the card leaves the chip reader for the scanner; not a problem."""
    request = scan(flow.choose(Way.USE_MRZ))
    assert flow.status.phase is Phase.SCANNING
    assert flow.status.prompt_id == "identify.place_back"
    assert flow.status.ways == (Way.ASK_STAFF,)
    assert flow.card_removed() == [] and flow.status.phase is Phase.SCANNING
    return request


# ---- reader unplugged / plugged -------------------------------------------------------------


def test_reader_unplugged_mid_read_is_not_ready_and_plugging_it_back_reads_again() -> None:
    flow, _ = make()
    flow.qr_scanned(LAN_QR)
    (request,) = reads(flow.card_inserted())
    flow.card_removed()  # the monitor reports the card gone with its reader, then the reader
    flow.reader_ready(False)
    assert flow.status.problem is Problem.READER_NOT_READY and not flow.reading
    assert flow.chip_failed(request.read_id, ChipFailure.UNAVAILABLE) == []  # stale
    flow.reader_ready(True)
    assert flow.status.phase is Phase.WAITING and flow.status.prompt_id == "identify.waiting"
    (again,) = reads(flow.card_inserted())  # the card still lies on it
    assert again.key == K1
    assert found(flow.chip_read(again.read_id, LAN_CHIP)).key_source is KeySource.QR


def test_reader_unplugged_while_waiting_then_plugged_clears_the_problem() -> None:
    flow, _ = make()
    flow.reader_ready(False)
    assert flow.status.problem is Problem.READER_NOT_READY
    flow.reader_ready(True)
    assert flow.status.phase is Phase.WAITING and flow.status.problem is None


# ---- the MRZ way ------------------------------------------------------------------------------


def test_mrz_way_is_offered_only_with_an_mrz_reader() -> None:
    with_mrz, clock = make()
    with_mrz.card_inserted()
    clock.advance(6)
    with_mrz.tick()
    assert with_mrz.status.problem is Problem.NO_QR
    assert with_mrz.status.ways == (Way.USE_MRZ, Way.ASK_STAFF)
    without, _ = make(mrz_ok=False)
    refuse_every_qr_key(without)
    assert without.status.problem is Problem.CHIP_UNREADABLE  # as before there was an MRZ way
    assert without.choose(Way.USE_MRZ) == []


def test_every_qr_key_refused_offers_the_back_and_its_key_opens_the_chip() -> None:
    flow, _ = make()
    refuse_every_qr_key(flow)
    assert flow.status.problem is Problem.KEY_REFUSED
    assert flow.status.ways == (Way.USE_MRZ, Way.USE_QR, Way.ASK_STAFF)
    request = lift_card_and_scan_back(flow)
    flow.mrz_scanned(request.scan_id, LAN_MRZ)
    assert flow.status.phase is Phase.WAITING and flow.status.prompt_id == "identify.mrz_done"
    (read,) = reads(flow.card_inserted())
    assert read.key == K1
    event = found(flow.chip_read(read.read_id, LAN_CHIP))
    assert (event.key_source, event.key_candidate) == (KeySource.MRZ, 0)
    assert "mrz" in repr(event) and "Lan" not in repr(event)
    assert flow.status.phase is Phase.IDENTIFIED and not flow.status.qr_only


def test_no_qr_at_all_the_back_alone_identifies_from_the_chip() -> None:
    flow, clock = make()
    flow.card_inserted()
    clock.advance(6)
    flow.tick()
    request = lift_card_and_scan_back(flow)
    clock.advance(20)
    assert flow.tick() == []  # a scan in progress is not a missing QR
    flow.mrz_scanned(request.scan_id, LAN_MRZ)
    (read,) = reads(flow.card_inserted())
    event = found(flow.chip_read(read.read_id, LAN_CHIP))
    assert event.key_source is KeySource.MRZ and event.identity.id_number == BA_LAN.id_number


def test_a_foreign_qr_offers_the_back() -> None:
    flow, _ = make()
    flow.qr_scanned("https://example.com")
    assert flow.status.problem is Problem.QR_INVALID
    assert Way.USE_MRZ in flow.status.ways


def damaged(lines: tuple[str, str, str], row: int, col: int) -> tuple[str, str, str]:
    """`lines` with the check digit at (row, col) off by one: what a misread digit looks like."""
    rows = list(lines)
    rows[row] = rows[row][:col] + str((int(rows[row][col]) + 1) % 10) + rows[row][col + 1 :]
    return (rows[0], rows[1], rows[2])


@pytest.mark.parametrize(
    ("row", "col"), [(0, 14), (1, 6), (1, 14)], ids=["document-number", "birth-date", "expiry"]
)
def test_an_mrz_whose_check_digits_fail_is_never_used_as_a_key(row: int, col: int) -> None:
    flow, _ = make()
    refuse_every_qr_key(flow)
    request = lift_card_and_scan_back(flow)
    bad = damaged(BA_LAN.mrz, row, col)
    events = flow.mrz_scanned(request.scan_id, "\n".join(bad))
    assert reads(events) == [] and reads(flow.card_inserted()) == []
    assert flow.status.problem is Problem.MRZ_FAILED
    assert flow.status.prompt_id == "identity.mrz_unreadable"
    assert flow.status.ways == (Way.RETRY, Way.ASK_STAFF)
    again = scan(flow.choose(Way.RETRY))  # retry scans the back again
    assert again.scan_id != request.scan_id and flow.status.phase is Phase.SCANNING


def test_a_failed_scan_is_spoken_with_its_prompt_and_a_way_forward() -> None:
    flow, _ = make()
    refuse_every_qr_key(flow)
    request = lift_card_and_scan_back(flow)
    flow.mrz_failed(request.scan_id, "mrz_ocr.no_card", "empty glass")
    assert flow.status.problem is Problem.MRZ_FAILED
    assert flow.status.prompt_id == "mrz_ocr.no_card"
    flow.choose(Way.ASK_STAFF)
    assert flow.status.phase is Phase.STAFF
    assert flow.mrz_scanned(request.scan_id, LAN_MRZ) == []  # stale


def test_mrz_read_but_the_chip_refuses_its_key_is_unreadable() -> None:
    flow, _ = make()
    refuse_every_qr_key(flow)
    request = lift_card_and_scan_back(flow)
    flow.mrz_scanned(request.scan_id, LAN_MRZ)
    (read,) = reads(flow.card_inserted())
    flow.chip_failed(read.read_id, ChipFailure.ACCESS_DENIED)
    assert flow.status.problem is Problem.CHIP_UNREADABLE  # no further key to try
    assert not flow.reading


def test_a_scan_that_never_answers_fails_after_the_read_timeout() -> None:
    flow, clock = make()
    refuse_every_qr_key(flow)
    request = lift_card_and_scan_back(flow)
    clock.advance(31)
    flow.tick()
    assert flow.status.problem is Problem.MRZ_FAILED
    assert flow.status.prompt_id == "mrz_ocr.unavailable"
    assert flow.mrz_scanned(request.scan_id, LAN_MRZ) == []  # too late


def test_mrz_read_with_the_reader_gone_says_so_and_reads_when_it_is_back() -> None:
    flow, _ = make()
    refuse_every_qr_key(flow)
    request = lift_card_and_scan_back(flow)
    flow.reader_ready(False)
    assert flow.status.phase is Phase.SCANNING  # the scan goes on
    flow.mrz_scanned(request.scan_id, LAN_MRZ)
    assert flow.status.problem is Problem.READER_NOT_READY
    flow.card_inserted()
    flow.reader_ready(True)
    assert flow.status.phase is Phase.READING and flow.reading


def test_reset_forgets_the_mrz_key() -> None:
    flow, _ = make()
    refuse_every_qr_key(flow)
    request = lift_card_and_scan_back(flow)
    flow.mrz_scanned(request.scan_id, LAN_MRZ)
    flow.reset()
    flow.begin(mrz_ok=True)
    assert reads(flow.card_inserted()) == []  # no QR and no MRZ: nothing to open the chip with
    assert flow.status.prompt_id == "identify.waiting"


def test_qr_key_candidate_number_is_recorded() -> None:
    flow, _ = make()
    flow.qr_scanned(LAN_QR)
    (first,) = reads(flow.card_inserted())
    (second,) = reads(flow.chip_failed(first.read_id, ChipFailure.ACCESS_DENIED))
    event = found(flow.chip_read(second.read_id, LAN_CHIP))
    assert (event.key_source, event.key_candidate) == (KeySource.QR, 2)
    qr_only, _ = make()
    qr_only.qr_scanned(LAN_QR)
    qr_only.reader_ready(False)
    assert found(qr_only.choose(Way.USE_QR)).key_source is None
