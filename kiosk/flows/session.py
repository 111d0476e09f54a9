"""The citizen session as an explicit state machine (design §1, §2, §4).

Pure Python: no Qt, no devices. Time comes from an injected `Clock`, so tests move it by hand and
the UI drives it with a timer that calls `tick()`. Every method returns the events it caused
(named in the past tense) and also hands each one to the optional listener, in order.

    ATTRACT ──touched()──▶ WELCOME ──start()──▶ IDENTIFY ──open_procedure()──▶ PROCEDURE
       ▲                     │  ▲                  │  ▲                            │
       │                     │  └────back()────────┘  └──back() from its first step┘
       │   (any in-session screen) ──idle──▶ WARNING ──extend()──▶ the screen it interrupted
       │                                       │ countdown reaches 0: session ends ("timeout")
       ├──── GOODBYE (goodbye_s) ◀─────────────┘
       ├──── start_over() from any in-session screen: session ends ("cancelled")
       └──open_tracking()──▶ TRACKING ──close_tracking() / idle──▶ ATTRACT   (no session: a
            dossier's status needs no login and shows nothing personal)

`touched(practice=True)` ("Tập sử dụng") starts a practice session: the same screens, the
session says `practice` and the UI shows the banner and submits nowhere (kiosk.flows.practice).

Idle is `form_idle_s`, or `slow_idle_s` while big text or assisted mode is on. While a device works
(`hold_for_device`) no idle time is counted. Personal data lives only in `CitizenSession`, which is
wiped and dropped when the session ends; what survives is the `SessionSummary`.

PROCEDURE's steps (choose … rating) live in an attached `StepFlow` (kiosk.flows.procedure_flow),
as IDENTIFY's live in the identify flow: this machine still owns time (idle, warning, goodbye) and
the session's life; it begins the steps, hands them "back" first, and wipes them when the session
ends. Once the steps say `completed` (the dossier left the citizen's hands), a timeout or start
over ends the session as "completed", with the goodbye that reminds of card and receipt.

The types it speaks in (`Screen`, `CitizenSession`, `SessionSummary`, the events) live in
`kiosk.flows.session_events` and are re-exported here, where callers import them from.
"""

from __future__ import annotations

import math
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from kiosk.domain.identity import CitizenIdentity
from kiosk.flows.session_events import (
    BigTextChanged,
    CitizenIdentified,
    CitizenSession,
    CountdownChanged,
    EndReason,
    Listener,
    Screen,
    ScreenChanged,
    SessionEnded,
    SessionEvent,
    SessionStarted,
    SessionSummary,
    TimeExtended,
    VolumeChanged,
    WarningStarted,
)
from kiosk.ports.clock import Clock
from kiosk.settings.schema import Settings

__all__ = [  # the event types are re-exported: every caller imports them from here
    "IN_SESSION",
    "VOLUME_LEVELS",
    "BigTextChanged",
    "CitizenIdentified",
    "CitizenSession",
    "CountdownChanged",
    "EndReason",
    "Listener",
    "Screen",
    "ScreenChanged",
    "SessionEnded",
    "SessionEvent",
    "SessionFlow",
    "SessionStarted",
    "SessionSummary",
    "StepFlow",
    "TimeExtended",
    "VolumeChanged",
    "WarningStarted",
]

# Screens where a citizen is working: idle time counts, back and start over are offered.
IN_SESSION: frozenset[Screen] = frozenset({Screen.WELCOME, Screen.IDENTIFY, Screen.PROCEDURE})
VOLUME_LEVELS = (0, 1, 2)  # 0 quiet, 1 normal, 2 loud (settings.voice.default_volume)


class StepFlow(Protocol):
    """The steps nested in the PROCEDURE screen, as the session drives them."""

    def begin(self, identity: CitizenIdentity | None) -> object: ...
    def reset(self) -> object: ...
    def back(self) -> bool:
        """One step back inside; False when the session should go back instead."""
        ...

    @property
    def completed(self) -> bool: ...
    @property
    def can_go_back(self) -> bool: ...


class SessionFlow:
    """The one session state machine. Not thread-safe: call it from one thread (the GUI's)."""

    def __init__(self, clock: Clock, settings: Settings, listener: Listener | None = None) -> None:
        self._clock = clock
        self._timeouts = settings.timeouts
        self._default_volume = settings.voice.default_volume
        self._listener = listener
        self._screen = Screen.ATTRACT
        self._history: list[Screen] = []  # in-session screens behind the current one, for back()
        self._session: CitizenSession | None = None
        self._last_activity = clock.monotonic()
        self._holds: dict[str, int] = {}
        self._warning_deadline = 0.0
        self._warning_seconds = 0
        self._resume_to = Screen.WELCOME
        self._goodbye_deadline = 0.0
        self._last_end_reason: EndReason | None = None
        self._steps: StepFlow | None = None

    def attach_procedure(self, steps: StepFlow) -> None:
        """The PROCEDURE screen's steps (one flow for every procedure)."""
        self._steps = steps

    # ---- read side -------------------------------------------------------------------------

    @property
    def screen(self) -> Screen:
        return self._screen

    @property
    def session(self) -> CitizenSession | None:
        return self._session

    @property
    def last_end_reason(self) -> EndReason | None:
        """Why the last session ended (the goodbye screen says it); None before any ended."""
        return self._last_end_reason

    @property
    def idle_limit_s(self) -> int:
        s = self._session
        slow = s is not None and (s.big_text or s.assisted)
        return self._timeouts.slow_idle_s if slow else self._timeouts.form_idle_s

    @property
    def warning_seconds(self) -> int:
        """Seconds left on the warning countdown (meaningful in WARNING)."""
        return self._warning_seconds

    @property
    def can_extend(self) -> bool:
        s = self._session
        return s is not None and s.extensions_used < self._timeouts.max_extensions

    @property
    def extensions_left(self) -> int:
        s = self._session
        return 0 if s is None else max(0, self._timeouts.max_extensions - s.extensions_used)

    @property
    def interrupted(self) -> Screen | None:
        """The screen the warning will return to, while it shows; else None."""
        return self._resume_to if self._screen is Screen.WARNING else None

    @property
    def device_held(self) -> bool:
        return bool(self._holds)

    @property
    def can_go_back(self) -> bool:
        if self._screen is Screen.PROCEDURE and self._steps is not None:
            return self._steps.can_go_back
        return self._screen in IN_SESSION

    @property
    def procedure_completed(self) -> bool:
        return self._steps is not None and self._steps.completed

    # ---- intents ---------------------------------------------------------------------------

    def touched(self, practice: bool = False) -> list[SessionEvent]:
        """The attract screen was touched: a new session starts on the welcome screen
        (`practice`: "Tập sử dụng", the same session with nothing submitted)."""
        if self._screen is not Screen.ATTRACT:
            return self.activity()
        self._session = CitizenSession(
            id=uuid.uuid4(),
            started_at=self._clock.now(),
            volume=self._default_volume,
            practice=practice,
        )
        self._history.clear()
        self._mark_activity()
        events: list[SessionEvent] = [SessionStarted(self._session.id)]
        events += self._go(Screen.WELCOME)
        return self._emit(events)

    def start(self) -> list[SessionEvent]:
        """'Bắt đầu' on the welcome screen."""
        if self._screen is not Screen.WELCOME:
            return []
        self._mark_activity()
        self._history.append(self._screen)
        return self._emit(self._go(Screen.IDENTIFY))

    def open_procedure(self) -> list[SessionEvent]:
        """'Tiếp tục' on the identify greeting: the procedure steps begin, for this identity."""
        s = self._session
        if self._screen is not Screen.IDENTIFY or s is None or s.identity is None:
            return []
        if self._steps is None:
            return []
        self._mark_activity()
        self._steps.begin(s.identity)
        self._history.append(self._screen)
        return self._emit(self._go(Screen.PROCEDURE))

    def back(self) -> list[SessionEvent]:
        """'Quay lại': the previous in-session screen (inside PROCEDURE, its previous step); from
        the first one, the session ends."""
        if self._screen not in IN_SESSION:
            return []
        if self._screen is Screen.PROCEDURE and self._steps is not None:
            self._mark_activity()
            if self._steps.back():
                return []
            self._steps.reset()  # left backwards: no answer survives
        if not self._history:
            return self._emit(self._end("cancelled"))
        self._mark_activity()
        return self._emit(self._go(self._history.pop()))

    def start_over(self) -> list[SessionEvent]:
        """'Làm lại từ đầu': the session ends and everything personal is dropped."""
        if self._screen not in IN_SESSION and self._screen is not Screen.WARNING:
            return []
        return self._emit(self._end("completed" if self.procedure_completed else "cancelled"))

    def finish(self) -> list[SessionEvent]:
        """The procedure was completed (later issues); goodbye, then attract."""
        if self._screen not in IN_SESSION:
            return []
        return self._emit(self._end("completed"))

    def activity(self) -> list[SessionEvent]:
        """Any touch: the idle time starts again. A touch beside the warning's button is not an
        answer to the warning; only `extend()` is."""
        if self._screen in IN_SESSION or self._screen is Screen.TRACKING:
            self._mark_activity()
        return []

    def open_tracking(self) -> list[SessionEvent]:
        """ "Tra cứu hồ sơ" (or a receipt QR) on the attract screen: no session is started."""
        if self._screen is not Screen.ATTRACT:
            return []
        self._mark_activity()
        return self._emit(self._go(Screen.TRACKING))

    def close_tracking(self) -> list[SessionEvent]:
        """ "Xong" on the tracking screen, or its idle time ran out."""
        if self._screen is not Screen.TRACKING:
            return []
        return self._emit(self._go(Screen.ATTRACT))

    def extend(self) -> list[SessionEvent]:
        """'Cần thêm thời gian': back to the interrupted screen with a fresh idle time."""
        if self._screen is not Screen.WARNING or not self.can_extend:
            return []
        assert self._session is not None
        self._session.extensions_used += 1
        self._mark_activity()
        events: list[SessionEvent] = [TimeExtended(self._session.extensions_used)]
        events += self._go(self._resume_to)
        return self._emit(events)

    def identify(self, identity: CitizenIdentity) -> list[SessionEvent]:
        """A card reader (or staff) identified the citizen for this session."""
        if self._session is None or self._screen in (Screen.ATTRACT, Screen.GOODBYE):
            return []
        before = self._session.identity
        if before is not None and before.id_number != identity.id_number and self._steps:
            # another citizen's card: nothing answered for the first may stay
            self._steps.reset()
            if Screen.PROCEDURE in (self._screen, self.interrupted):
                self._steps.begin(identity)
        self._session.identity = identity
        self._mark_activity()
        return self._emit([CitizenIdentified()])

    def set_big_text(self, on: bool) -> list[SessionEvent]:
        if self._session is None or self._session.big_text == on:
            return []
        self._session.big_text = on
        self._mark_activity()
        return self._emit([BigTextChanged(on)])

    def toggle_big_text(self) -> list[SessionEvent]:
        if self._session is None:
            return []
        return self.set_big_text(not self._session.big_text)

    def set_assisted(self, on: bool) -> list[SessionEvent]:
        """Staff are helping: the slower idle time applies."""
        if self._session is not None:
            self._session.assisted = on
            self._mark_activity()
        return []

    def set_volume(self, level: int) -> list[SessionEvent]:
        if level not in VOLUME_LEVELS:
            raise ValueError(f"volume level must be one of {VOLUME_LEVELS}, not {level}")
        if self._session is None or self._session.volume == level:
            return []
        self._session.volume = level
        self._mark_activity()
        return self._emit([VolumeChanged(level)])

    def cycle_volume(self) -> list[SessionEvent]:
        """Quiet → normal → loud → quiet."""
        if self._session is None:
            return []
        return self.set_volume((self._session.volume + 1) % len(VOLUME_LEVELS))

    # ---- devices ---------------------------------------------------------------------------

    def hold_for_device(self, device: str) -> list[SessionEvent]:
        """A device is working for the citizen: no idle time counts until `release_device`.
        A device event during the warning means the citizen is there: the warning is withdrawn
        (not counted as an extension)."""
        self._holds[device] = self._holds.get(device, 0) + 1
        events: list[SessionEvent] = []
        if self._screen is Screen.WARNING:
            events += self._go(self._resume_to)
        self._mark_activity()
        return self._emit(events)

    def release_device(self, device: str) -> list[SessionEvent]:
        n = self._holds.get(device, 0)
        if n <= 1:
            self._holds.pop(device, None)
        else:
            self._holds[device] = n - 1
        self._mark_activity()
        return []

    @contextmanager
    def device_hold(self, device: str) -> Iterator[None]:
        self.hold_for_device(device)
        try:
            yield
        finally:
            self.release_device(device)

    # ---- time ------------------------------------------------------------------------------

    def tick(self) -> list[SessionEvent]:
        """Called often (the UI uses 200 ms); moves time-driven transitions."""
        now = self._clock.monotonic()
        screen = self._screen
        if screen in IN_SESSION:
            if not self._holds and now - self._last_activity >= self.idle_limit_s:
                return self._emit(self._start_warning(now))
        elif screen is Screen.WARNING:
            remaining = self._warning_deadline - now
            if remaining <= 0:
                return self._emit(self._end("completed" if self.procedure_completed else "timeout"))
            seconds = math.ceil(remaining)
            if seconds != self._warning_seconds:
                self._warning_seconds = seconds
                return self._emit([CountdownChanged(seconds)])
        elif screen is Screen.GOODBYE and now >= self._goodbye_deadline:
            return self._emit(self._go(Screen.ATTRACT))
        elif screen is Screen.TRACKING and now - self._last_activity >= self.idle_limit_s:
            return self.close_tracking()  # walked away: the status leaves the glass
        return []

    # ---- internals -------------------------------------------------------------------------

    def _mark_activity(self) -> None:
        self._last_activity = self._clock.monotonic()

    def _go(self, screen: Screen) -> list[SessionEvent]:
        previous, self._screen = self._screen, screen
        return [ScreenChanged(screen, previous)] if screen is not previous else []

    def _start_warning(self, now: float) -> list[SessionEvent]:
        self._resume_to = self._screen
        seconds = self._timeouts.warning_s
        self._warning_deadline = now + seconds
        self._warning_seconds = seconds
        events = self._go(Screen.WARNING)
        events.append(WarningStarted(seconds, self.can_extend, self.extensions_left))
        return events

    def _end(self, reason: EndReason) -> list[SessionEvent]:
        session = self._session
        assert session is not None
        last = self._resume_to if self._screen is Screen.WARNING else self._screen
        summary = SessionSummary(
            session_id=session.id,
            started_at=session.started_at,
            ended_at=self._clock.now(),
            reason=reason,
            last_screen=last,
            big_text=session.big_text,
            extensions=session.extensions_used,
        )
        session.wipe()
        if self._steps is not None:
            self._steps.reset()
        self._session = None
        self._history.clear()
        self._holds.clear()
        self._last_end_reason = reason
        events: list[SessionEvent] = [SessionEnded(summary)]
        if reason == "cancelled":
            events += self._go(Screen.ATTRACT)
        else:
            self._goodbye_deadline = self._clock.monotonic() + self._timeouts.goodbye_s
            events += self._go(Screen.GOODBYE)
        return events

    def _emit(self, events: list[SessionEvent]) -> list[SessionEvent]:
        if self._listener is not None:
            for event in events:
                self._listener(event)
        return events
