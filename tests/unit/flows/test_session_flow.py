"""The session state machine, driven by a ManualClock: every transition, extension limit, holds."""

from __future__ import annotations

import msgspec
import pytest

from kiosk.domain.identity import CitizenIdentity
from kiosk.flows.session import (
    BigTextChanged,
    CitizenIdentified,
    CountdownChanged,
    Screen,
    ScreenChanged,
    SessionEnded,
    SessionEvent,
    SessionFlow,
    SessionStarted,
    TimeExtended,
    VolumeChanged,
    WarningStarted,
)
from kiosk.ports.clock import ManualClock
from kiosk.settings.schema import Settings, default_settings

LAN = CitizenIdentity(id_number="001056012345", full_name="Nguyễn Thị Lan")


def make(**timeouts: int) -> tuple[SessionFlow, ManualClock, list[SessionEvent], Settings]:
    settings = msgspec.convert({"timeouts": timeouts}, Settings) if timeouts else default_settings()
    clock = ManualClock()
    heard: list[SessionEvent] = []
    return SessionFlow(clock, settings, heard.append), clock, heard, settings


def advance(
    flow: SessionFlow, clock: ManualClock, seconds: float, step: float = 0.2
) -> list[SessionEvent]:
    """Move time like the UI timer does, collecting what ticks say."""
    events: list[SessionEvent] = []
    n = round(seconds / step)
    for _ in range(n):
        clock.advance(step)
        events += flow.tick()
    return events


def to_identify(flow: SessionFlow) -> None:
    flow.touched()
    flow.start()


def test_attract_touch_starts_a_session_on_welcome() -> None:
    flow, _, heard, settings = make()
    assert flow.screen is Screen.ATTRACT and flow.session is None
    events = flow.touched()
    assert isinstance(events[0], SessionStarted)
    assert events[1] == ScreenChanged(Screen.WELCOME, Screen.ATTRACT)
    assert heard == events
    s = flow.session
    assert s is not None and s.identity is None and not s.big_text
    assert s.volume == settings.voice.default_volume and s.extensions_used == 0
    assert s.started_at.tzinfo is not None


def test_start_goes_to_identify_and_back_returns() -> None:
    flow, *_ = make()
    flow.touched()
    assert flow.start() == [ScreenChanged(Screen.IDENTIFY, Screen.WELCOME)]
    assert flow.start() == []  # only from welcome
    assert flow.back() == [ScreenChanged(Screen.WELCOME, Screen.IDENTIFY)]
    assert flow.session is not None


def test_back_from_welcome_ends_the_session_cancelled() -> None:
    flow, *_ = make()
    flow.touched()
    events = flow.back()
    assert isinstance(events[0], SessionEnded) and events[0].summary.reason == "cancelled"
    assert events[1] == ScreenChanged(Screen.ATTRACT, Screen.WELCOME)
    assert flow.session is None


def test_intents_outside_their_screen_do_nothing() -> None:
    flow, _, heard, _ = make()
    assert flow.start() == flow.back() == flow.start_over() == flow.extend() == []
    assert flow.finish() == flow.activity() == flow.toggle_big_text() == flow.cycle_volume() == []
    assert flow.identify(LAN) == [] and flow.set_big_text(True) == [] and flow.set_volume(2) == []
    assert heard == []


def test_idle_on_a_session_screen_starts_the_warning() -> None:
    flow, clock, _, _ = make()
    to_identify(flow)
    assert advance(flow, clock, 89.8) == []
    events = advance(flow, clock, 0.2)
    assert events == [
        ScreenChanged(Screen.WARNING, Screen.IDENTIFY),
        WarningStarted(seconds=30, can_extend=True, extensions_left=20),
    ]
    assert flow.screen is Screen.WARNING and flow.warning_seconds == 30


def test_idle_on_welcome_also_warns() -> None:
    flow, clock, _, _ = make()
    flow.touched()
    events = advance(flow, clock, 90)
    assert ScreenChanged(Screen.WARNING, Screen.WELCOME) in events


def test_activity_restarts_the_idle_time() -> None:
    flow, clock, _, _ = make()
    to_identify(flow)
    advance(flow, clock, 80)
    flow.activity()
    assert advance(flow, clock, 89.8) == []
    assert flow.screen is Screen.IDENTIFY
    assert advance(flow, clock, 0.2)[0] == ScreenChanged(Screen.WARNING, Screen.IDENTIFY)


def test_big_text_and_assisted_use_the_slow_idle_time() -> None:
    flow, clock, _, _ = make()
    flow.touched()
    assert flow.toggle_big_text() == [BigTextChanged(True)]
    assert flow.idle_limit_s == 180
    assert advance(flow, clock, 179.8) == []
    assert flow.screen is Screen.WELCOME
    flow.set_big_text(False)
    flow.set_assisted(True)
    assert flow.idle_limit_s == 180
    flow.set_assisted(False)
    assert flow.idle_limit_s == 90


def test_countdown_counts_each_second_then_the_session_times_out_to_goodbye() -> None:
    flow, clock, heard, _ = make()
    to_identify(flow)
    flow.identify(LAN)
    advance(flow, clock, 90)
    events = advance(flow, clock, 29.8)
    assert [e.seconds for e in events if isinstance(e, CountdownChanged)] == list(range(29, 0, -1))
    assert flow.screen is Screen.WARNING
    events = advance(flow, clock, 0.2)
    ended = events[0]
    assert isinstance(ended, SessionEnded)
    assert ended.summary.reason == "timeout" and ended.summary.last_screen is Screen.IDENTIFY
    assert events[1] == ScreenChanged(Screen.GOODBYE, Screen.WARNING)
    assert flow.session is None and flow.last_end_reason == "timeout"
    # goodbye lasts goodbye_s, then attract
    assert advance(flow, clock, 29.8) == []
    assert advance(flow, clock, 0.2) == [ScreenChanged(Screen.ATTRACT, Screen.GOODBYE)]
    assert heard[-1] == ScreenChanged(Screen.ATTRACT, Screen.GOODBYE)


def test_extend_returns_to_the_interrupted_screen_with_a_fresh_idle_time() -> None:
    flow, clock, _, _ = make()
    to_identify(flow)
    advance(flow, clock, 90)
    advance(flow, clock, 10)
    assert flow.extend() == [TimeExtended(1), ScreenChanged(Screen.IDENTIFY, Screen.WARNING)]
    assert flow.session is not None and flow.session.extensions_used == 1
    assert advance(flow, clock, 89.8) == []
    assert flow.screen is Screen.IDENTIFY
    warned = advance(flow, clock, 0.2)
    assert warned[-1] == WarningStarted(seconds=30, can_extend=True, extensions_left=19)


def test_touch_beside_the_warning_button_is_not_an_answer() -> None:
    flow, clock, _, _ = make()
    to_identify(flow)
    advance(flow, clock, 90)
    assert flow.activity() == []
    advance(flow, clock, 30)
    assert flow.screen is Screen.GOODBYE


def test_extension_limit_then_the_button_is_not_offered() -> None:
    flow, clock, _, settings = make(max_extensions=10)
    to_identify(flow)
    for i in range(10):
        warned = advance(flow, clock, 90)
        assert warned[-1] == WarningStarted(30, can_extend=True, extensions_left=10 - i)
        assert flow.extend()[0] == TimeExtended(i + 1)
    warned = advance(flow, clock, 90)
    assert warned[-1] == WarningStarted(30, can_extend=False, extensions_left=0)
    assert not flow.can_extend
    assert flow.extend() == []
    assert flow.screen is Screen.WARNING
    events = advance(flow, clock, 30)
    ended = next(e for e in events if isinstance(e, SessionEnded))
    assert ended.summary.extensions == 10 and ended.summary.reason == "timeout"
    assert settings.timeouts.max_extensions == 10


def test_start_over_ends_the_session_and_drops_personal_data() -> None:
    flow, _, _, _ = make()
    to_identify(flow)
    assert flow.identify(LAN) == [CitizenIdentified()]
    session = flow.session
    assert session is not None and session.identity == LAN
    events = flow.start_over()
    assert isinstance(events[0], SessionEnded) and events[0].summary.reason == "cancelled"
    assert events[1] == ScreenChanged(Screen.ATTRACT, Screen.IDENTIFY)
    assert flow.session is None and session.identity is None  # wiped, not just dropped
    summary = events[0].summary
    assert LAN.full_name not in repr(summary) and LAN.id_number not in repr(summary)


def test_start_over_from_the_warning() -> None:
    flow, clock, _, _ = make()
    to_identify(flow)
    advance(flow, clock, 90)
    events = flow.start_over()
    assert isinstance(events[0], SessionEnded)
    assert events[0].summary.last_screen is Screen.IDENTIFY
    assert flow.screen is Screen.ATTRACT


def test_finish_goes_to_goodbye_completed() -> None:
    flow, clock, _, _ = make()
    to_identify(flow)
    clock.advance(42)
    events = flow.finish()
    summary = events[0].summary  # type: ignore[union-attr]
    assert summary.reason == "completed"
    assert (summary.ended_at - summary.started_at).total_seconds() == 42
    assert flow.screen is Screen.GOODBYE


def test_device_hold_suspends_the_idle_timeout() -> None:
    flow, clock, _, _ = make()
    to_identify(flow)
    flow.hold_for_device("card_reader")
    assert flow.device_held
    assert advance(flow, clock, 300) == []
    assert flow.screen is Screen.IDENTIFY
    flow.release_device("card_reader")
    assert not flow.device_held
    assert advance(flow, clock, 89.8) == []  # idle counts again from the release
    assert advance(flow, clock, 0.2)[0] == ScreenChanged(Screen.WARNING, Screen.IDENTIFY)


def test_nested_holds_and_the_context_manager() -> None:
    flow, clock, _, _ = make()
    to_identify(flow)
    with flow.device_hold("scanner"):
        flow.hold_for_device("scanner")
        flow.release_device("scanner")
        assert flow.device_held
        advance(flow, clock, 200)
    assert not flow.device_held
    flow.release_device("scanner")  # an extra release is harmless
    assert flow.screen is Screen.IDENTIFY


def test_a_device_event_during_the_warning_withdraws_it_without_counting() -> None:
    flow, clock, _, _ = make()
    to_identify(flow)
    advance(flow, clock, 90)
    assert flow.hold_for_device("card_reader") == [ScreenChanged(Screen.IDENTIFY, Screen.WARNING)]
    assert flow.session is not None and flow.session.extensions_used == 0
    flow.release_device("card_reader")


def test_volume_cycles_and_resets_for_each_session() -> None:
    flow, _, _, settings = make()
    flow.touched()
    assert settings.voice.default_volume == 1
    assert flow.cycle_volume() == [VolumeChanged(2)]
    assert flow.cycle_volume() == [VolumeChanged(0)]
    assert flow.set_volume(0) == []
    with pytest.raises(ValueError):
        flow.set_volume(3)
    flow.toggle_big_text()
    flow.start_over()
    flow.touched()
    assert flow.session is not None
    assert flow.session.volume == 1 and not flow.session.big_text


def test_each_session_has_its_own_id_and_summary() -> None:
    flow, _, heard, _ = make()
    flow.touched()
    flow.start_over()
    flow.touched()
    flow.toggle_big_text()
    flow.start_over()
    started = [e.session_id for e in heard if isinstance(e, SessionStarted)]
    ended = [e.summary for e in heard if isinstance(e, SessionEnded)]
    assert len(set(started)) == 2 and [s.session_id for s in ended] == started
    assert [s.big_text for s in ended] == [False, True]


def test_identify_only_in_a_session() -> None:
    flow, clock, _, _ = make()
    to_identify(flow)
    advance(flow, clock, 120)
    assert flow.screen is Screen.GOODBYE
    assert flow.identify(LAN) == []


def test_interrupted_names_the_screen_the_warning_returns_to() -> None:
    flow, clock, _, settings = make()
    flow.touched()
    flow.start()
    assert flow.interrupted is None
    advance(flow, clock, settings.timeouts.form_idle_s)
    assert flow.screen is Screen.WARNING and flow.interrupted is Screen.IDENTIFY
    flow.extend()
    assert flow.interrupted is None
