"""Availability from the ports' health states: which adaptations each combination makes, and
the debouncing that keeps a flapping device from making screens jump."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from kiosk.domain.devices import HealthState
from kiosk.services.availability import (
    ALL_UP,
    NOTICE_PRINTER,
    NOTICE_SCANNER,
    NOTICE_SPEAKER,
    PROMPT_IDS,
    Availability,
    AvailabilityTracker,
    availability_of,
)

R, NR, NT, F = (
    HealthState.READY,
    HealthState.NOT_READY,
    HealthState.NEEDS_TECHNICIAN,
    HealthState.FAILED,
)
PORTS = (
    "card_reader",
    "qr_source",
    "mrz_reader",
    "document_scanner",
    "receipt_printer",
    "speaker",
    "portal",
)
T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


def states(**down: HealthState) -> dict[str, HealthState]:
    found = dict.fromkeys(PORTS, R)
    found.update(down)
    return found


# (case, down states, identify, scan, print, portal online, notices)
CASES = [
    ("all ready", {}, True, True, True, True, ()),
    ("printer out of paper", {"receipt_printer": NT}, True, True, False, True, (NOTICE_PRINTER,)),
    ("printer failed", {"receipt_printer": F}, True, True, False, True, (NOTICE_PRINTER,)),
    ("scanner not ready", {"document_scanner": NR}, True, False, True, True, (NOTICE_SCANNER,)),
    (
        "printer and scanner",
        {"receipt_printer": F, "document_scanner": F},
        True,
        False,
        False,
        True,
        (NOTICE_PRINTER, NOTICE_SCANNER),
    ),
    ("portal down: the outbox queues", {"portal": NR}, True, True, True, False, ()),
    ("speaker down", {"speaker": F}, True, True, True, True, (NOTICE_SPEAKER,)),
    ("card reader only down", {"card_reader": NR}, True, True, True, True, ()),
    ("reader and qr down, mrz up", {"card_reader": F, "qr_source": F}, True, True, True, True, ()),
    (
        "every identity device down",
        {"card_reader": F, "qr_source": NR, "mrz_reader": F},
        False,
        True,
        True,
        True,
        (),
    ),
    (
        "identity down hides the other notices",
        {"card_reader": F, "qr_source": F, "mrz_reader": F, "receipt_printer": F},
        False,
        True,
        False,
        True,
        (),
    ),
]


@pytest.mark.parametrize(
    ("case", "down", "identify", "scan", "prints", "online", "notices"),
    CASES,
    ids=[c[0] for c in CASES],
)
def test_availability_of_each_combination(
    case: str,
    down: dict[str, HealthState],
    identify: bool,
    scan: bool,
    prints: bool,
    online: bool,
    notices: tuple[str, ...],
) -> None:
    a = availability_of(states(**down))
    assert a.can_identify is identify and a.closed is (not identify)
    assert a.can_scan_papers is scan and a.papers_at_counter is (not scan)
    assert a.can_print_receipt is prints and a.receipt_on_screen is (not prints)
    assert a.portal_online is online
    assert a.notices == notices
    assert set(a.notices) <= set(PROMPT_IDS)


def test_a_port_never_reported_counts_as_up() -> None:
    assert availability_of({}) == ALL_UP
    assert availability_of({"receipt_printer": R}).can_print_receipt


def test_a_first_reading_must_hold_too() -> None:
    """At start the adapters pass through "not open": no notice flashes for that."""
    tracker = AvailabilityTracker(settle_s=10)
    assert tracker.update(states(document_scanner=NR), T0) is None  # "looking for it"
    assert tracker.update(states(), T0 + timedelta(seconds=5)) is None  # found
    assert tracker.current == ALL_UP
    assert tracker.update(states(receipt_printer=NT), T0 + timedelta(seconds=5)) is None
    changed = tracker.update(states(receipt_printer=NT), T0 + timedelta(seconds=15))
    assert changed is not None and changed.receipt_on_screen
    assert tracker.current is changed
    assert tracker.update(states(receipt_printer=NT), T0 + timedelta(seconds=20)) is None


def test_a_flapping_device_does_not_change_the_availability() -> None:
    tracker = AvailabilityTracker(settle_s=10)
    assert tracker.update(states(), T0) is None  # all up: as before
    # down for 5 s, up again, down for 4 s, up again: never settled
    t = T0
    for state in (F, F, R, F, R, R):
        t += timedelta(seconds=5 if state is F else 4)
        assert tracker.update(states(receipt_printer=state), t) is None, (state, t)
    assert tracker.current == ALL_UP


def test_a_device_down_for_the_settle_time_changes_it_and_back() -> None:
    tracker = AvailabilityTracker(settle_s=10)
    tracker.update(states(), T0)
    assert tracker.update(states(document_scanner=F), T0 + timedelta(seconds=5)) is None
    assert tracker.update(states(document_scanner=F), T0 + timedelta(seconds=10)) is None
    down = tracker.update(states(document_scanner=F), T0 + timedelta(seconds=15))
    assert down == Availability(frozenset({"document_scanner"}))
    # back: it also has to hold, then the notice goes
    assert tracker.update(states(), T0 + timedelta(seconds=20)) is None
    assert tracker.update(states(), T0 + timedelta(seconds=30)) == ALL_UP


def test_a_change_of_kind_of_failure_is_still_down() -> None:
    tracker = AvailabilityTracker(settle_s=10)
    tracker.update(states(receipt_printer=NT), T0)
    tracker.update(states(receipt_printer=NT), T0 + timedelta(seconds=10))
    # paper out → failed: still down, and no new availability (nothing to re-render)
    assert tracker.update(states(receipt_printer=F), T0 + timedelta(seconds=11)) is None
    assert tracker.update(states(receipt_printer=F), T0 + timedelta(seconds=30)) is None
    assert tracker.current.receipt_on_screen


def test_zero_settle_applies_every_change() -> None:
    tracker = AvailabilityTracker(settle_s=0)
    tracker.update(states(), T0)
    assert tracker.update(states(speaker=F), T0) == Availability(frozenset({"speaker"}))


def test_negative_settle_is_refused() -> None:
    with pytest.raises(ValueError, match="settle_s"):
        AvailabilityTracker(settle_s=-1)


def test_health_tracker_hands_the_current_states() -> None:
    from kiosk.domain.devices import HealthReport
    from kiosk.services.device_health import HealthTracker

    def printer() -> HealthReport:
        return HealthReport(NT, "paper out")

    def speaker() -> HealthReport:
        return HealthReport(R)

    tracker = HealthTracker({"receipt_printer": printer, "speaker": speaker})
    assert tracker.states() == {}
    tracker.poll(T0)
    assert tracker.states() == {"receipt_printer": NT, "speaker": R}
    assert availability_of(tracker.states()).receipt_on_screen
