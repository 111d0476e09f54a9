"""Card and reader presence through the real pcscd: events once each, survival of pcscd restarts."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator

import pytest

from devices.pcsc_card.adapter import PcscCardReader
from devices.pcsc_card.transport import ReaderUnavailable
from kiosk.domain.devices import HealthState
from kiosk.ports.card_reader import BacKey, CardEvent, CardEventKind, CardRemoved
from kiosk.ports.clock import SystemClock
from tests.peers.pcscd import READER, Pcscd
from tests.peers.vpcd import FileCard, VirtualCard

pytestmark = pytest.mark.peer

INSERTED, REMOVED = CardEventKind.CARD_INSERTED, CardEventKind.CARD_REMOVED
ADDED, GONE = CardEventKind.READER_ADDED, CardEventKind.READER_REMOVED
KEY = BacKey("012345678", "890101", "340101")


class Recorder:
    """Collects what the monitor thread reports; tests wait on it with a real-time deadline."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self.events: list[CardEventKind] = []
        self.reader_events: list[CardEventKind] = []  # the same port subscription, kept apart
        self.readers: list[str | None] = []

    def card(self, event: CardEvent) -> None:
        assert event.reader == READER
        with self._changed:
            if event.kind in (ADDED, GONE):
                self.reader_events.append(event.kind)
            else:
                self.events.append(event.kind)
            self._changed.notify_all()

    def reader(self, name: str | None) -> None:
        with self._changed:
            self.readers.append(name)
            self._changed.notify_all()

    def wait(self, condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
        with self._changed:
            assert self._changed.wait_for(condition, timeout_s), (self.events, self.readers)


def eventually(condition: Callable[[], bool], timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)  # polling a real daemon's view (peer test)


@pytest.fixture
def recorder() -> Recorder:
    return Recorder()


@pytest.fixture
def reader(recorder: Recorder) -> Iterator[PcscCardReader]:
    adapter = PcscCardReader("Virtual PCD 00 00", clock=SystemClock(), poll_s=0.1)
    adapter.subscribe(recorder.card)
    adapter.subscribe_reader(recorder.reader)
    try:
        yield adapter
    finally:
        adapter.close()
        adapter.close()  # idempotent


def test_insert_and_remove_arrive_once_each(
    reader: PcscCardReader, recorder: Recorder, vpcd_slot: VirtualCard
) -> None:
    reader.open()
    recorder.wait(lambda: recorder.readers == [READER])
    assert reader.health().state is HealthState.READY
    vpcd_slot.insert(FileCard())
    recorder.wait(lambda: recorder.events == [INSERTED])
    vpcd_slot.remove()
    recorder.wait(lambda: recorder.events == [INSERTED, REMOVED])
    time.sleep(0.5)  # five more polls of a real daemon: no repeats, no late duplicates
    assert recorder.events == [INSERTED, REMOVED]


def test_a_card_already_in_the_reader_is_reported_on_open(
    reader: PcscCardReader, recorder: Recorder, vpcd_slot: VirtualCard
) -> None:
    vpcd_slot.insert(FileCard())
    reader.open()
    recorder.wait(lambda: recorder.events == [INSERTED])


def test_wrong_reader_name_is_not_ready_with_a_clear_error(pcscd: Pcscd) -> None:
    adapter = PcscCardReader("Gemalto PC Twin", clock=SystemClock(), poll_s=0.1)
    try:
        adapter.open()
        eventually(lambda: "Gemalto PC Twin" in adapter.health().detail)
        assert adapter.health().state is HealthState.NOT_READY
        with pytest.raises(ReaderUnavailable, match="no reader matching 'Gemalto PC Twin'"):
            adapter.read_chip(KEY, ("DG1",))
    finally:
        adapter.close()


def test_an_empty_reader_is_ready_but_a_read_says_no_card(
    reader: PcscCardReader, vpcd_slot: VirtualCard
) -> None:
    reader.open()
    eventually(lambda: reader.health().state is HealthState.READY)
    with pytest.raises(CardRemoved, match="0x8010000C"):
        reader.read_chip(KEY, ("DG1",))


def test_pcscd_absent_at_start_then_started(
    pcscd: Pcscd,
    reader: PcscCardReader,
    recorder: Recorder,
    vpcd_slot: VirtualCard,
    caplog: pytest.LogCaptureFixture,
) -> None:
    pcscd.stop()
    try:
        with caplog.at_level(logging.INFO, logger="devices.pcsc_card.monitor"):
            reader.open()
            eventually(lambda: "pcscd" in reader.health().detail)
            assert reader.health().state is HealthState.NOT_READY
            with pytest.raises(ReaderUnavailable, match="pcscd"):
                reader.read_chip(KEY, ("DG1",))
            time.sleep(1.0)  # several back-off retries against the absent daemon
        health_lines = [r for r in caplog.records if "health" in r.getMessage()]
        assert len(health_lines) == 1, [r.getMessage() for r in health_lines]  # logged once
    finally:
        pcscd.start()
    recorder.wait(lambda: recorder.readers == [READER], timeout_s=15)
    vpcd_slot.insert(FileCard())
    recorder.wait(lambda: recorder.events == [INSERTED])


@pytest.mark.parametrize("how", ["restart", "crash"])
def test_monitor_recovers_when_pcscd_restarts(
    how: str, pcscd: Pcscd, reader: PcscCardReader, recorder: Recorder, vpcd_slot: VirtualCard
) -> None:
    reader.open()
    vpcd_slot.insert(FileCard())
    recorder.wait(lambda: recorder.events == [INSERTED])
    if how == "crash":
        pcscd.kill()
        pcscd.start()
    else:
        pcscd.restart()  # the card's vpcd connection dies with the old daemon
    recorder.wait(lambda: recorder.events == [INSERTED, REMOVED], timeout_s=15)
    recorder.wait(lambda: recorder.readers[-1:] == [READER], timeout_s=15)
    assert None in recorder.readers  # the outage was reported, then the reader came back
    eventually(lambda: not vpcd_slot.inserted)
    vpcd_slot.insert(FileCard())
    recorder.wait(lambda: recorder.events == [INSERTED, REMOVED, INSERTED], timeout_s=15)
    assert reader.health().state is HealthState.READY


def test_a_failing_subscriber_does_not_stop_the_events(
    reader: PcscCardReader, recorder: Recorder, vpcd_slot: VirtualCard
) -> None:
    def broken(event: CardEvent) -> None:
        raise RuntimeError("subscriber bug")

    reader.subscribe(broken)  # after the recorder; and first in line for the monitor's own
    reader.open()
    vpcd_slot.insert(FileCard())
    recorder.wait(lambda: recorder.events == [INSERTED])
    vpcd_slot.remove()
    recorder.wait(lambda: recorder.events == [INSERTED, REMOVED])


def test_close_interrupts_a_long_status_wait(pcscd: Pcscd) -> None:
    adapter = PcscCardReader(READER, clock=SystemClock(), poll_s=60.0)
    adapter.open()
    eventually(lambda: adapter.health().state is HealthState.READY)
    time.sleep(0.2)  # the monitor is now inside a 60 s SCardGetStatusChange
    started = time.monotonic()
    adapter.close()
    assert time.monotonic() - started < 2.0  # SCardCancel woke it


def test_reader_events_come_through_the_port_subscription_once_each(
    pcscd: Pcscd, reader: PcscCardReader, recorder: Recorder, vpcd_slot: VirtualCard
) -> None:
    reader.open()
    recorder.wait(lambda: recorder.reader_events == [ADDED])
    pcscd.stop()  # the vpcd reader goes with its daemon: unplugged, as far as the kiosk knows
    try:
        recorder.wait(lambda: recorder.reader_events == [ADDED, GONE], timeout_s=15)
        assert reader.health().state is HealthState.NOT_READY
        time.sleep(1.0)  # back-off retries against the absent daemon: no repeated GONE
        assert recorder.reader_events == [ADDED, GONE]
    finally:
        pcscd.start()
    recorder.wait(lambda: recorder.reader_events == [ADDED, GONE, ADDED], timeout_s=15)
    time.sleep(0.5)  # five more polls: no late duplicates
    assert recorder.reader_events == [ADDED, GONE, ADDED]
    assert recorder.events == []  # no card was ever there


def test_a_card_in_a_reader_that_goes_is_removed_before_the_reader(
    pcscd: Pcscd, reader: PcscCardReader, recorder: Recorder, vpcd_slot: VirtualCard
) -> None:
    order: list[CardEventKind] = []
    reader.subscribe(lambda e: order.append(e.kind))
    reader.open()
    vpcd_slot.insert(FileCard())
    recorder.wait(lambda: recorder.events == [INSERTED])
    pcscd.restart()
    recorder.wait(lambda: recorder.reader_events == [ADDED, GONE, ADDED], timeout_s=15)
    assert order[:4] == [ADDED, INSERTED, REMOVED, GONE]  # the flow hears the card go first
