"""The session machine's issue 9 additions (pure, no Qt): the tracking side door of the attract
screen (no session, idle back to attract) and practice sessions."""

from __future__ import annotations

from kiosk.flows.session import Screen, ScreenChanged, SessionFlow, SessionStarted
from kiosk.ports.clock import ManualClock
from kiosk.settings.schema import default_settings


def flow() -> tuple[SessionFlow, ManualClock]:
    clock = ManualClock()
    return SessionFlow(clock, default_settings()), clock


def test_tracking_opens_only_from_attract_and_starts_no_session() -> None:
    f, _ = flow()
    events = f.open_tracking()
    assert events == [ScreenChanged(Screen.TRACKING, Screen.ATTRACT)]
    assert f.session is None and not any(isinstance(e, SessionStarted) for e in events)
    assert f.open_tracking() == []  # already there
    assert f.touched() == []  # a touch on the tracking screen is no new session
    assert f.close_tracking() == [ScreenChanged(Screen.ATTRACT, Screen.TRACKING)]
    assert f.close_tracking() == []
    f.touched()
    assert f.screen is Screen.WELCOME and f.open_tracking() == []  # not mid-session


def test_tracking_left_alone_goes_back_to_attract_and_a_touch_keeps_it() -> None:
    f, clock = flow()
    limit = default_settings().timeouts.form_idle_s
    f.open_tracking()
    clock.advance(limit - 1)
    f.activity()  # typing a code
    clock.advance(limit - 1)
    assert f.tick() == [] and f.screen is Screen.TRACKING
    clock.advance(1)
    assert f.tick() == [ScreenChanged(Screen.ATTRACT, Screen.TRACKING)]


def test_practice_is_a_property_of_the_session_only() -> None:
    f, _ = flow()
    f.touched(practice=True)
    assert f.session is not None and f.session.practice
    f.start_over()
    f.touched()
    assert f.session is not None and not f.session.practice
