"""The session's screens, records and events (the types `kiosk.flows.session` speaks in).

Pure data, no behaviour beyond `CitizenSession.wipe()`: kept apart from the state machine so each
module stays small. `kiosk.flows.session` re-exports every name here; import them from there.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime
from enum import StrEnum
from typing import Literal

import msgspec

from kiosk.domain.identity import CitizenIdentity


class Screen(StrEnum):
    ATTRACT = "attract"
    WELCOME = "welcome"
    IDENTIFY = "identify"  # card → greeting (kiosk.flows.identify has the steps within)
    PROCEDURE = "procedure"  # choose … rating (kiosk.flows.procedure_flow has the steps within)
    WARNING = "warning"
    GOODBYE = "goodbye"
    TRACKING = "tracking"  # a side door of the attract screen: no session, nothing personal


EndReason = Literal["timeout", "cancelled", "completed"]


class CitizenSession(msgspec.Struct, kw_only=True):
    """Everything personal about one session. Dropped (and wiped first) when the session ends."""

    id: uuid.UUID
    started_at: datetime
    volume: int
    big_text: bool = False
    assisted: bool = False
    identity: CitizenIdentity | None = None
    extensions_used: int = 0
    practice: bool = False  # "Tập sử dụng": nothing is submitted, the receipt says so

    def wipe(self) -> None:
        self.identity = None


class SessionSummary(msgspec.Struct, frozen=True, kw_only=True):
    """What the store may log about a session: no personal data."""

    session_id: uuid.UUID
    started_at: datetime
    ended_at: datetime
    reason: EndReason
    last_screen: Screen
    big_text: bool
    extensions: int


# ---- events (past tense) -------------------------------------------------------------------
# msgspec Structs rather than dataclasses: as immutable and comparable, far cheaper to define
# (this module is on the path to the first painted screen), and the summary encodes to JSON as is.


class _Event(msgspec.Struct, frozen=True):
    pass


class SessionStarted(_Event, frozen=True):
    session_id: uuid.UUID


class ScreenChanged(_Event, frozen=True):
    screen: Screen
    previous: Screen


class WarningStarted(_Event, frozen=True):
    seconds: int
    can_extend: bool
    extensions_left: int


class CountdownChanged(_Event, frozen=True):
    seconds: int


class TimeExtended(_Event, frozen=True):
    extensions_used: int


class CitizenIdentified(_Event, frozen=True):
    """Carries no data: ask the flow's session for the identity."""


class BigTextChanged(_Event, frozen=True):
    on: bool


class VolumeChanged(_Event, frozen=True):
    level: int


class SessionEnded(_Event, frozen=True):
    summary: SessionSummary


SessionEvent = (
    SessionStarted
    | ScreenChanged
    | WarningStarted
    | CountdownChanged
    | TimeExtended
    | CitizenIdentified
    | BigTextChanged
    | VolumeChanged
    | SessionEnded
)
Listener = Callable[[SessionEvent], None]
