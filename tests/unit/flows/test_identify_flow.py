"""The identify state machine with fake identity rules and a ManualClock: every path."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pytest

from kiosk.domain.identity import CitizenIdentity, IdentitySource
from kiosk.flows.identify import (
    ChipFailure,
    ChipReadRequested,
    CitizenFound,
    IdentifyEvent,
    IdentifyFlow,
    Phase,
    Problem,
    StatusChanged,
    Way,
)
from kiosk.ports.card_reader import BacKey, ChipData
from kiosk.ports.clock import ManualClock
from kiosk.services.identity.bac_keys import bac_key_from_mrz
from kiosk.services.identity.errors import IdentityError, IdentityErrorCode
from kiosk.services.identity.mrz import Mrz, parse_td1

K1, K2, K3 = (BacKey("150004321", "500315", e) for e in ("991231", "000000", "601231"))


@dataclass(frozen=True)
class FakeQr:
    id_number: str
    name: str


class FakeRules:
    """QR text "ID|name"; chip data {"ID": …, "NAME": …}; merge refuses differing IDs."""

    def __init__(self, keys: list[BacKey] | None = None) -> None:
        self.keys = [K1, K2, K3] if keys is None else keys
        self.today: date | None = None

    def parse_card_qr(self, text: str) -> object | IdentityError:
        parts = text.split("|")
        if len(parts) != 2 or len(parts[0]) != 12:
            return IdentityError.of(IdentityErrorCode.QR_NOT_A_CARD, "not ID|name")
        return FakeQr(parts[0], parts[1])

    def bac_key_candidates(self, qr: object, today: date) -> list[BacKey]:
        self.today = today
        return list(self.keys)

    def parse_mrz(self, text: str) -> object | IdentityError:
        return parse_td1(text)  # the real parser: its check digits are what the flow relies on

    def bac_key_from_mrz(self, mrz: object) -> BacKey:
        assert isinstance(mrz, Mrz)
        return bac_key_from_mrz(mrz)

    def identity_from_chip(self, chip: ChipData) -> CitizenIdentity | IdentityError:
        if "ID" not in chip.data_groups:
            return IdentityError.of(IdentityErrorCode.DG13_MALFORMED, "no ID")
        src = {"full_name": IdentitySource.CHIP}
        return CitizenIdentity(
            chip.data_groups["ID"].decode(), chip.data_groups["NAME"].decode(), sources=src
        )

    def identity_from_qr(self, qr: object) -> CitizenIdentity:
        assert isinstance(qr, FakeQr)
        return CitizenIdentity(qr.id_number, qr.name, sources={"full_name": IdentitySource.CARD_QR})

    def merge(
        self, chip: CitizenIdentity, qr: CitizenIdentity | None
    ) -> CitizenIdentity | IdentityError:
        if qr is not None and qr.id_number != chip.id_number:
            return IdentityError.of(IdentityErrorCode.WRONG_CARD, "IDs differ")
        return chip


LAN_QR = "001150004321|Nguyễn Thị Lan"
LAN_CHIP = ChipData({"ID": b"001150004321", "NAME": "Nguyễn Thị Lan".encode()})
TU_CHIP = ChipData({"ID": b"079062001234", "NAME": "Trần Văn Tư".encode()})


def make(keys: list[BacKey] | None = None) -> tuple[IdentifyFlow, ManualClock, list[IdentifyEvent]]:
    clock = ManualClock()
    heard: list[IdentifyEvent] = []
    flow = IdentifyFlow(clock, FakeRules(keys), heard.append)
    flow.begin()
    return flow, clock, heard


def reads(events: list[IdentifyEvent]) -> list[ChipReadRequested]:
    return [e for e in events if isinstance(e, ChipReadRequested)]


def start_read(flow: IdentifyFlow) -> ChipReadRequested:
    flow.qr_scanned(LAN_QR)
    (request,) = reads(flow.card_inserted())
    assert flow.status.phase is Phase.READING and flow.reading
    return request


def test_waiting_then_qr_and_card_read_the_chip_and_identify() -> None:
    flow, _, heard = make()
    assert flow.status.prompt_id == "identify.waiting" and heard == []
    assert flow.qr_scanned(LAN_QR) == []  # no card yet: keep waiting
    events = flow.card_inserted()
    assert events[0] == StatusChanged(flow.status) and flow.status.prompt_id == "identify.reading"
    (request,) = reads(events)
    assert request.key == K1 and "DG13" in request.groups
    events = flow.chip_read(request.read_id, LAN_CHIP)
    found = [e for e in events if isinstance(e, CitizenFound)]
    assert found and found[0].identity.full_name == "Nguyễn Thị Lan" and not found[0].qr_only
    assert flow.status.phase is Phase.IDENTIFIED and flow.status.prompt_id == "identify.greeting"
    assert "Lan" not in repr(found[0])  # events may be logged
    assert heard == events or heard[-len(events) :] == events
    assert flow.proceed()[0] == StatusChanged(flow.status)
    assert flow.status.phase is Phase.NEXT


def test_card_first_then_qr_also_reads() -> None:
    flow, _, _ = make()
    assert flow.card_inserted() == []
    assert reads(flow.qr_scanned(LAN_QR))


def test_keys_are_computed_for_today() -> None:
    clock = ManualClock()
    rules = FakeRules()
    flow = IdentifyFlow(clock, rules)
    flow.begin()
    start_read(flow)
    assert rules.today == clock.now().date()


def test_access_denied_tries_the_next_key_then_gives_up_as_unreadable() -> None:
    flow, _, _ = make()
    first = start_read(flow)
    (second,) = reads(flow.chip_failed(first.read_id, ChipFailure.ACCESS_DENIED))
    assert second.key == K2 and flow.status.phase is Phase.READING
    (third,) = reads(flow.chip_failed(second.read_id, ChipFailure.ACCESS_DENIED))
    assert third.key == K3
    flow.chip_failed(third.read_id, ChipFailure.ACCESS_DENIED)
    assert flow.status.problem is Problem.CHIP_UNREADABLE
    assert flow.status.ways == (Way.USE_QR, Way.ASK_STAFF, Way.RETRY)
    assert flow.identity is None and not flow.reading


def test_second_key_opens_the_chip() -> None:
    flow, _, _ = make()
    first = start_read(flow)
    (second,) = reads(flow.chip_failed(first.read_id, ChipFailure.ACCESS_DENIED))
    flow.chip_read(second.read_id, LAN_CHIP)
    assert flow.status.phase is Phase.IDENTIFIED


def test_no_key_candidate_is_unreadable() -> None:
    flow, _, _ = make(keys=[])
    flow.qr_scanned(LAN_QR)
    assert reads(flow.card_inserted()) == []
    assert flow.status.problem is Problem.CHIP_UNREADABLE


def test_wrong_card_never_gives_half_an_identity_and_retry_forgets_the_qr() -> None:
    flow, _, _ = make()
    request = start_read(flow)
    events = flow.chip_read(request.read_id, TU_CHIP)
    assert not [e for e in events if isinstance(e, CitizenFound)]
    assert flow.status.problem is Problem.WRONG_CARD and flow.identity is None
    assert flow.status.prompt_id == "identify.wrong_card"
    assert Way.USE_QR not in flow.status.ways  # the QR is the doubtful part
    assert reads(flow.choose(Way.RETRY)) == []  # the old QR is dropped: scan again
    assert flow.status.phase is Phase.WAITING
    assert reads(flow.qr_scanned(LAN_QR))  # the card is still on the reader


def test_removed_mid_read_asks_to_put_it_back_and_reads_again_when_it_is() -> None:
    flow, _, _ = make()
    request = start_read(flow)
    flow.card_removed()
    assert flow.status.problem is Problem.CARD_REMOVED and not flow.reading
    assert flow.status.ways == (Way.RETRY, Way.ASK_STAFF)
    assert flow.chip_failed(request.read_id, ChipFailure.REMOVED) == []  # stale: already known
    assert flow.chip_read(request.read_id, LAN_CHIP) == []  # a late result is never used
    (again,) = reads(flow.card_inserted())
    assert again.read_id != request.read_id
    flow.chip_read(again.read_id, LAN_CHIP)
    assert flow.status.phase is Phase.IDENTIFIED


def test_removed_reported_by_the_read_itself() -> None:
    flow, _, _ = make()
    request = start_read(flow)
    flow.chip_failed(request.read_id, ChipFailure.REMOVED)
    assert flow.status.problem is Problem.CARD_REMOVED


def test_unreadable_chip_continues_with_the_qr_only() -> None:
    flow, _, _ = make()
    request = start_read(flow)
    flow.chip_failed(request.read_id, ChipFailure.UNREADABLE, "6F00")
    assert flow.status.problem is Problem.CHIP_UNREADABLE
    events = flow.choose(Way.USE_QR)
    (found,) = [e for e in events if isinstance(e, CitizenFound)]
    assert found.qr_only and found.identity.sources["full_name"] is IdentitySource.CARD_QR
    assert flow.status.phase is Phase.IDENTIFIED and flow.status.qr_only


def test_bad_chip_data_is_unreadable() -> None:
    flow, _, _ = make()
    request = start_read(flow)
    flow.chip_read(request.read_id, ChipData({}))
    assert flow.status.problem is Problem.CHIP_UNREADABLE and flow.identity is None


def test_card_without_qr_asks_to_turn_it_after_a_while() -> None:
    flow, clock, _ = make()
    flow.card_inserted()
    clock.advance(5.9)
    assert flow.tick() == []
    clock.advance(0.1)
    assert flow.tick()[0] == StatusChanged(flow.status)
    assert flow.status.problem is Problem.NO_QR and flow.status.prompt_id == "identify.no_qr"
    assert flow.status.ways == (Way.ASK_STAFF,)
    assert reads(flow.qr_scanned(LAN_QR))  # turned over: the QR arrives, the read starts


def test_no_qr_prompt_is_withdrawn_when_the_card_is_taken() -> None:
    flow, clock, _ = make()
    flow.card_inserted()
    clock.advance(10)
    flow.tick()
    flow.card_removed()
    assert flow.status.phase is Phase.WAITING and flow.status.problem is None


def test_qr_without_chip_card_asks_to_lay_it_flat_or_use_the_qr() -> None:
    flow, clock, _ = make()
    flow.qr_scanned(LAN_QR)
    clock.advance(8)
    flow.tick()
    assert flow.status.problem is Problem.NO_CHIP
    assert reads(flow.card_inserted())


def test_a_stuck_read_times_out_as_unreadable() -> None:
    flow, clock, _ = make()
    request = start_read(flow)
    clock.advance(30)
    flow.tick()
    assert flow.status.problem is Problem.CHIP_UNREADABLE
    assert flow.chip_read(request.read_id, LAN_CHIP) == []


def test_reader_not_ready_offers_the_qr_which_is_then_scanned() -> None:
    clock = ManualClock()
    flow = IdentifyFlow(clock, FakeRules())
    flow.begin(reader_ok=False)
    assert flow.status.problem is Problem.READER_NOT_READY
    assert flow.status.ways == (Way.USE_QR, Way.ASK_STAFF)
    flow.choose(Way.USE_QR)
    assert flow.status.prompt_id == "identify.scan_qr" and flow.status.qr_only
    flow.card_inserted()
    events = flow.qr_scanned(LAN_QR)
    assert reads(events) == [] and flow.status.phase is Phase.IDENTIFIED
    assert flow.status.qr_only


def test_reader_lost_while_reading_and_back() -> None:
    flow, _, _ = make()
    request = start_read(flow)
    flow.chip_failed(request.read_id, ChipFailure.UNAVAILABLE, "reader unplugged")
    assert flow.status.problem is Problem.READER_NOT_READY
    assert reads(flow.reader_ready(True))  # card and QR still there: read again
    flow.reader_ready(False)
    assert flow.status.problem is Problem.READER_NOT_READY


def test_bad_qr_is_spoken_with_the_services_prompt_and_retry_clears_it() -> None:
    flow, _, _ = make()
    flow.qr_scanned("https://example.invalid")
    assert flow.status.problem is Problem.QR_INVALID
    assert flow.status.prompt_id == "identity.qr_not_a_card"
    flow.choose(Way.RETRY)
    assert flow.status.phase is Phase.WAITING


def test_ask_staff_then_retry() -> None:
    flow, _, _ = make()
    request = start_read(flow)
    flow.card_removed()
    flow.choose(Way.ASK_STAFF)
    assert flow.status.phase is Phase.STAFF and flow.status.ways == (Way.RETRY,)
    assert flow.chip_read(request.read_id, LAN_CHIP) == []
    flow.choose(Way.RETRY)
    assert flow.status.phase is Phase.WAITING


@pytest.mark.parametrize("way", list(Way))
def test_a_way_not_offered_does_nothing(way: Way) -> None:
    flow, _, _ = make()
    assert flow.choose(way) == [] and flow.status.phase is Phase.WAITING


def test_events_are_ignored_while_inactive_and_reset_forgets_everything() -> None:
    clock = ManualClock()
    flow = IdentifyFlow(clock, FakeRules())
    assert flow.card_inserted() == [] and flow.qr_scanned(LAN_QR) == [] and flow.tick() == []
    flow.begin()
    (request,) = reads(flow.qr_scanned(LAN_QR))  # the card is still there from before begin()
    flow.reset()
    assert flow.identity is None and not flow.reading
    assert flow.chip_read(request.read_id, LAN_CHIP) == []
    assert flow.qr_scanned(LAN_QR) == []  # inactive again


def test_scans_during_a_read_or_after_identification_change_nothing() -> None:
    flow, _, _ = make()
    request = start_read(flow)
    assert flow.qr_scanned("079062001234|Trần Văn Tư") == []
    flow.chip_read(request.read_id, LAN_CHIP)
    assert flow.qr_scanned("079062001234|Trần Văn Tư") == []
    assert flow.identity is not None and flow.identity.full_name == "Nguyễn Thị Lan"


def test_a_staff_badge_scanned_while_identifying_is_not_a_bad_card() -> None:
    """Chị Hoa scans her badge while Bà Lan is at the identify step: staff mode opens (ui.staff);
    the citizen must not hear "this QR is not a card", and a QR read before is kept."""
    flow, _, heard = make()
    assert flow.qr_scanned("kiosk:staff:staff:hoa-01") == []
    assert flow.status.prompt_id == "identify.waiting" and heard == []
    flow.qr_scanned(LAN_QR)
    assert flow.qr_scanned("kiosk:staff:technician:minh") == []
    (request,) = reads(flow.card_inserted())  # the earlier card QR still counts
    assert request.key == K1
