"""The simulated chip-card reader: presence events, BAC key check, reads and their failures."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

import pytest

from devices.simulated.card_reader import SimulatedCard, SimulatedCardReader
from devices.simulated.citizens import ANH_MINH, BA_LAN, CHU_TU
from kiosk.domain.devices import HealthState
from kiosk.ports.card_reader import (
    AccessDenied,
    BacKey,
    CardEvent,
    CardEventKind,
    CardReader,
    CardReadError,
    CardRemoved,
)
from kiosk.ports.clock import ManualClock

INSERTED, REMOVED = CardEventKind.CARD_INSERTED, CardEventKind.CARD_REMOVED
GROUPS = ("COM", "DG1", "DG2", "DG13")


class HookClock(ManualClock):
    """A ManualClock that runs `on_wait` when a device starts waiting: mid-operation scripting."""

    def __init__(self) -> None:
        super().__init__()
        self.on_wait: Callable[[], None] = lambda: None

    def wait(self, seconds: float, cancel: threading.Event | None = None) -> bool:
        self.on_wait()
        return super().wait(seconds, cancel)


@pytest.fixture
def clock() -> HookClock:
    return HookClock()


@pytest.fixture
def reader(clock: HookClock) -> SimulatedCardReader:
    r = SimulatedCardReader(clock)
    r.open()
    return r


def record(reader: SimulatedCardReader) -> list[CardEventKind]:
    kinds: list[CardEventKind] = []
    reader.subscribe(lambda e: kinds.append(e.kind))
    return kinds


def test_conforms_to_the_port() -> None:
    _: CardReader = SimulatedCardReader(ManualClock())


def test_health_follows_open_and_close(clock: HookClock) -> None:
    reader = SimulatedCardReader(clock)
    assert reader.health().state is HealthState.NOT_READY
    reader.close()  # before open: fine
    reader.open()
    assert reader.health().ready
    reader.close()
    reader.close()
    assert reader.health().state is HealthState.NOT_READY
    reader.open()  # reopen
    assert reader.health().ready


def test_each_subscriber_gets_each_event_once(clock: HookClock) -> None:
    reader = SimulatedCardReader(clock, name="slot-1")
    first: list[CardEvent] = []
    second: list[CardEvent] = []
    reader.subscribe(first.append)  # before open
    reader.open()
    reader.subscribe(second.append)
    reader.insert(BA_LAN.card)
    reader.remove()
    expected = [CardEvent(INSERTED, "slot-1"), CardEvent(REMOVED, "slot-1")]
    assert first == expected
    assert second == expected


def test_a_card_present_at_open_is_announced_and_closed_readers_stay_silent(
    clock: HookClock,
) -> None:
    reader = SimulatedCardReader(clock)
    kinds = record(reader)
    reader.insert(BA_LAN.card)
    assert kinds == []
    reader.open()
    reader.open()  # idempotent: no second announcement
    assert kinds == [INSERTED]
    reader.close()
    reader.remove()
    assert kinds == [INSERTED]
    reader.open()  # empty slot: nothing to announce
    assert kinds == [INSERTED]


def test_inserting_into_a_full_slot_is_a_scripting_error(reader: SimulatedCardReader) -> None:
    kinds = record(reader)
    reader.insert(BA_LAN.card)
    with pytest.raises(ValueError, match="already holds a card"):
        reader.insert(CHU_TU.card)
    assert kinds == [INSERTED]
    assert reader.card == BA_LAN.card


def test_removing_from_an_empty_slot_does_nothing(reader: SimulatedCardReader) -> None:
    kinds = record(reader)
    reader.remove()
    assert kinds == []


def test_read_returns_the_requested_groups_the_card_has(
    reader: SimulatedCardReader, clock: HookClock
) -> None:
    reader.insert(CHU_TU.card)
    t0 = clock.monotonic()
    data = reader.read_chip(CHU_TU.bac_key, ("DG1", "DG2", "DG13"))
    assert clock.monotonic() - t0 == pytest.approx(1.5)
    assert set(data.data_groups) == {"DG1", "DG13"}  # no DG2 on the simulated card
    assert data.data_groups["DG1"] == CHU_TU.card.data_groups["DG1"]
    assert reader.read_chip(CHU_TU.bac_key, ()).data_groups == {}


def test_read_delay_is_configurable_and_validated(clock: HookClock) -> None:
    reader = SimulatedCardReader(clock, read_delay_s=0.25)
    reader.open()
    reader.insert(ANH_MINH.card)
    t0 = clock.monotonic()
    reader.read_chip(ANH_MINH.bac_key, ("DG1",))
    assert clock.monotonic() - t0 == pytest.approx(0.25)
    with pytest.raises(ValueError):
        SimulatedCardReader(clock, read_delay_s=-1)
    with pytest.raises(ValueError):
        SimulatedCardReader(clock, read_delay_s=float("nan"))


def test_document_number_is_compared_as_bac_does(reader: SimulatedCardReader) -> None:
    card = SimulatedCard(BacKey("L898902C", "690806", "940623"), {"DG1": b"x"})
    reader.insert(card)
    assert reader.read_chip(BacKey("L898902C<", "690806", "940623"), ("DG1",)).data_groups
    assert reader.read_chip(BacKey("l898902c", "690806", "940623"), ("DG1",)).data_groups


@pytest.mark.parametrize(
    "wrong",
    [
        BacKey("150004322", "500315", "991231"),  # document number
        BacKey("150004321", "500316", "991231"),  # birth date
        BacKey("150004321", "500315", "351231"),  # expiry guessed from the age rules
        CHU_TU.bac_key,  # someone else's card
    ],
)
def test_a_wrong_key_is_denied_without_reading(
    reader: SimulatedCardReader, clock: HookClock, wrong: BacKey
) -> None:
    reader.insert(BA_LAN.card)
    t0 = clock.monotonic()
    with pytest.raises(AccessDenied):
        reader.read_chip(wrong, GROUPS)
    assert clock.monotonic() == t0
    assert reader.health().ready  # a wrong key is not a broken reader
    assert reader.read_chip(BA_LAN.bac_key, ("DG1",)).data_groups  # the right key still works


def test_reading_an_empty_slot_raises_card_removed(reader: SimulatedCardReader) -> None:
    with pytest.raises(CardRemoved):
        reader.read_chip(BA_LAN.bac_key, GROUPS)


def test_reading_a_closed_reader_raises_card_read_error(clock: HookClock) -> None:
    reader = SimulatedCardReader(clock)
    reader.insert(BA_LAN.card)
    with pytest.raises(CardReadError, match="not open") as caught:
        reader.read_chip(BA_LAN.bac_key, GROUPS)
    assert type(caught.value) is CardReadError


def test_removal_mid_read_raises_card_removed(
    reader: SimulatedCardReader, clock: HookClock
) -> None:
    kinds = record(reader)
    reader.insert(BA_LAN.card)
    clock.on_wait = reader.remove
    with pytest.raises(CardRemoved, match="during the read"):
        reader.read_chip(BA_LAN.bac_key, GROUPS)
    assert kinds == [INSERTED, REMOVED]


def test_remove_and_reinsert_mid_read_still_fails_the_read(
    reader: SimulatedCardReader, clock: HookClock
) -> None:
    reader.insert(BA_LAN.card)

    def swap() -> None:
        reader.remove()
        reader.insert(BA_LAN.card)

    clock.on_wait = swap
    with pytest.raises(CardRemoved):
        reader.read_chip(BA_LAN.bac_key, GROUPS)
    clock.on_wait = lambda: None
    assert reader.read_chip(BA_LAN.bac_key, ("DG1",)).data_groups  # the new insertion reads


def test_close_mid_read_raises_card_removed(reader: SimulatedCardReader, clock: HookClock) -> None:
    reader.insert(BA_LAN.card)
    clock.on_wait = reader.close
    with pytest.raises(CardRemoved):
        reader.read_chip(BA_LAN.bac_key, GROUPS)
    assert reader.health().state is HealthState.NOT_READY


def test_fail_makes_health_failed_and_reads_raise(reader: SimulatedCardReader) -> None:
    reader.insert(BA_LAN.card)
    reader.fail("antenna broken")
    assert reader.health().state is HealthState.FAILED
    assert reader.health().detail == "antenna broken"
    with pytest.raises(CardReadError, match="antenna broken"):
        reader.read_chip(BA_LAN.bac_key, GROUPS)
    reader.recover()
    assert reader.health().ready
    assert reader.read_chip(BA_LAN.bac_key, ("DG1",)).data_groups


def test_failure_during_a_read_raises(reader: SimulatedCardReader, clock: HookClock) -> None:
    reader.insert(BA_LAN.card)
    clock.on_wait = lambda: reader.fail("chip stopped answering")
    with pytest.raises(CardReadError, match="stopped answering"):
        reader.read_chip(BA_LAN.bac_key, GROUPS)


def test_a_failing_subscriber_does_not_stop_the_others(
    reader: SimulatedCardReader, caplog: pytest.LogCaptureFixture
) -> None:
    def broken(event: CardEvent) -> None:
        raise RuntimeError("subscriber bug")

    reader.subscribe(broken)
    kinds = record(reader)
    with caplog.at_level(logging.ERROR):
        reader.insert(BA_LAN.card)
    assert kinds == [INSERTED]
    assert "subscriber bug" in caplog.text


def test_a_subscriber_may_read_the_card_from_its_callback(reader: SimulatedCardReader) -> None:
    names: list[bytes] = []

    def on_event(event: CardEvent) -> None:
        if event.kind is INSERTED:
            names.append(reader.read_chip(BA_LAN.bac_key, ("DG1",)).data_groups["DG1"])

    reader.subscribe(on_event)
    reader.insert(BA_LAN.card)
    assert names == [BA_LAN.card.data_groups["DG1"]]


def test_reads_from_many_threads_while_the_main_thread_scripts(clock: HookClock) -> None:
    reader = SimulatedCardReader(clock)
    reader.open()
    reader.insert(BA_LAN.card)
    outcomes: list[str] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(200):
            try:
                reader.read_chip(BA_LAN.bac_key, ("DG1",))
                result = "ok"
            except CardRemoved:
                result = "removed"
            with lock:
                outcomes.append(result)

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for t in threads:
        t.start()
    for _ in range(100):
        reader.remove()
        reader.insert(BA_LAN.card)
    for t in threads:
        t.join(timeout=10)
    assert not any(t.is_alive() for t in threads)
    assert len(outcomes) == 800
    assert set(outcomes) <= {"ok", "removed"}


ADDED, GONE = CardEventKind.READER_ADDED, CardEventKind.READER_REMOVED


def test_unplug_reports_the_card_then_the_reader_and_plug_reports_them_back(
    reader: SimulatedCardReader,
) -> None:
    kinds = record(reader)
    reader.insert(BA_LAN.card)
    reader.unplug()
    reader.unplug()  # already out: nothing more
    assert reader.health().state is HealthState.NOT_READY
    assert reader.health().detail == "reader unplugged"
    reader.plug()
    reader.plug()
    assert kinds == [INSERTED, REMOVED, GONE, ADDED, INSERTED]
    assert reader.health().state is HealthState.READY


def test_an_empty_reader_unplugged_and_plugged_reports_only_itself(
    reader: SimulatedCardReader,
) -> None:
    kinds = record(reader)
    reader.unplug()
    reader.insert(BA_LAN.card)  # laid on a dead reader: nobody hears of it yet
    reader.plug()
    assert kinds == [GONE, ADDED, INSERTED]


def test_reading_an_unplugged_reader_is_a_device_unavailable_error(
    reader: SimulatedCardReader,
) -> None:
    from kiosk.domain.devices import DeviceUnavailable

    reader.insert(BA_LAN.card)
    reader.unplug()
    with pytest.raises(DeviceUnavailable, match="unplugged"):
        reader.read_chip(BA_LAN.bac_key, GROUPS)


def test_unplug_mid_read_fails_the_read(clock: HookClock, reader: SimulatedCardReader) -> None:
    from kiosk.domain.devices import DeviceUnavailable

    reader.insert(BA_LAN.card)
    clock.on_wait = reader.unplug
    with pytest.raises(DeviceUnavailable):
        reader.read_chip(BA_LAN.bac_key, GROUPS)


def test_a_closed_reader_reports_no_plug_events(clock: HookClock) -> None:
    closed = SimulatedCardReader(clock)
    kinds = record(closed)
    closed.unplug()
    closed.plug()
    assert kinds == []
