"""Identifying the citizen from their card: the front QR plus the chip, as a state machine.

Pure Python: no Qt, no devices. The controller feeds it device events (`card_inserted`,
`card_removed`, `qr_scanned`, `chip_read`, `chip_failed`, `reader_ready`), the citizen's choices
(`choose(way)`, `proceed()`) and `tick()`; it answers with events: a new `IdentifyStatus` to show
and speak, a `ChipReadRequested` the controller runs on the reader's thread, and `CitizenFound`
once an identity is whole. It never hands out half an identity: only `merge(chip, qr)` or, when
the citizen chose it, the QR alone (its fields marked as QR-sourced) becomes one.

    WAITING ──card + QR──▶ READING ──chip ok, IDs agree──▶ IDENTIFIED ──proceed()──▶ NEXT
      │  ▲                   │ AccessDenied: next BAC key candidate (same state)
      │  └──retry / card─────┤ removed / unreadable / wrong card / reader gone
      └─ no QR, no chip, bad QR, reader not ready ─▶ PROBLEM ──ways: use QR · ask staff · retry
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Protocol

from kiosk.domain.identity import CitizenIdentity
from kiosk.ports.card_reader import BacKey, ChipData
from kiosk.ports.clock import Clock
from kiosk.services.identity.errors import IdentityError, IdentityErrorCode

log = logging.getLogger(__name__)

NO_QR_AFTER_S = 6.0  # card on the reader but no QR: the card is probably face down
NO_CHIP_AFTER_S = 8.0  # QR read but the chip reader saw no card: ask to lay it flat
READ_TIMEOUT_S = 30.0  # a read that never reports back counts as unreadable
CHIP_GROUPS = ("COM", "DG1", "DG13", "SOD")


class Phase(StrEnum):
    WAITING = "waiting"
    READING = "reading"
    IDENTIFIED = "identified"
    PROBLEM = "problem"
    STAFF = "staff"  # the citizen asked for staff; they can still retry
    NEXT = "next"  # "Tiếp tục" pressed: the next step belongs to a later issue


class Problem(StrEnum):
    WRONG_CARD = "wrong_card"
    CARD_REMOVED = "card_removed"
    CHIP_UNREADABLE = "chip_unreadable"
    NO_QR = "no_qr"
    NO_CHIP = "no_chip"
    READER_NOT_READY = "reader_not_ready"
    QR_INVALID = "qr_invalid"


class Way(StrEnum):
    USE_QR = "use_qr"
    ASK_STAFF = "ask_staff"
    RETRY = "retry"


class ChipFailure(StrEnum):
    ACCESS_DENIED = "access_denied"  # BAC refused this key: try the next candidate
    REMOVED = "removed"
    UNREADABLE = "unreadable"
    UNAVAILABLE = "unavailable"  # the reader is gone or closed


WAYS: dict[Problem, tuple[Way, ...]] = {
    Problem.WRONG_CARD: (Way.RETRY, Way.ASK_STAFF),
    Problem.CARD_REMOVED: (Way.RETRY, Way.ASK_STAFF),
    Problem.CHIP_UNREADABLE: (Way.USE_QR, Way.ASK_STAFF, Way.RETRY),
    Problem.NO_QR: (Way.ASK_STAFF,),
    Problem.NO_CHIP: (Way.USE_QR, Way.ASK_STAFF),
    Problem.READER_NOT_READY: (Way.USE_QR, Way.ASK_STAFF),
    Problem.QR_INVALID: (Way.RETRY, Way.ASK_STAFF),
}


@dataclass(frozen=True, slots=True)
class IdentifyStatus:
    """What to show and say. `prompt_id` is an `[identify]` (or `[identity]`) catalogue id."""

    phase: Phase
    prompt_id: str
    problem: Problem | None = None
    ways: tuple[Way, ...] = ()
    qr_only: bool = False  # identified (or waiting) from the QR alone


class IdentityRules(Protocol):
    """kiosk.services.identity, as the flow needs it (a fake in unit tests). `qr` is opaque."""

    def parse_card_qr(self, text: str) -> object | IdentityError: ...
    def bac_key_candidates(self, qr: object, today: date) -> list[BacKey]: ...
    def identity_from_chip(self, chip: ChipData) -> CitizenIdentity | IdentityError: ...
    def identity_from_qr(self, qr: object) -> CitizenIdentity: ...
    def merge(
        self, chip: CitizenIdentity, qr: CitizenIdentity | None
    ) -> CitizenIdentity | IdentityError: ...


# ---- events (past tense, like the session flow's) ------------------------------------------


@dataclass(frozen=True, slots=True)
class StatusChanged:
    status: IdentifyStatus


@dataclass(frozen=True, slots=True)
class ChipReadRequested:
    read_id: int  # results carrying another id are stale and dropped
    key: BacKey
    groups: tuple[str, ...] = CHIP_GROUPS


@dataclass(frozen=True, slots=True, repr=False)
class CitizenFound:
    identity: CitizenIdentity
    qr_only: bool = False

    def __repr__(self) -> str:  # never let the identity reach a log line
        return f"CitizenFound(qr_only={self.qr_only})"


IdentifyEvent = StatusChanged | ChipReadRequested | CitizenFound


class IdentifyFlow:
    """Card identification for one session at a time. Not thread-safe: use the GUI thread."""

    def __init__(
        self,
        clock: Clock,
        rules: IdentityRules,
        listener: Callable[[IdentifyEvent], None] | None = None,
        *,
        no_qr_after_s: float = NO_QR_AFTER_S,
        no_chip_after_s: float = NO_CHIP_AFTER_S,
        read_timeout_s: float = READ_TIMEOUT_S,
    ) -> None:
        self._clock = clock
        self._rules = rules
        self._listener = listener
        self._no_qr_after_s = no_qr_after_s
        self._no_chip_after_s = no_chip_after_s
        self._read_timeout_s = read_timeout_s
        self._card_present = False
        self._card_since = 0.0
        self._read_id = 0
        self._reader_ok = True
        self._clear()

    def _clear(self) -> None:
        """Forget everything personal (QR, keys, identity) and go back to waiting."""
        self._active = False
        self._qr: object | None = None
        self._qr_since = 0.0
        self._keys: list[BacKey] = []
        self._attempt = 0
        self._reading: int | None = None
        self._read_started = 0.0
        self._identity: CitizenIdentity | None = None
        self._qr_only_wanted = False
        self._status = IdentifyStatus(Phase.WAITING, "identify.waiting")

    # ---- read side -------------------------------------------------------------------------

    @property
    def status(self) -> IdentifyStatus:
        return self._status

    @property
    def identity(self) -> CitizenIdentity | None:
        return self._identity

    @property
    def reading(self) -> bool:
        return self._reading is not None

    @property
    def card_present(self) -> bool:
        return self._card_present

    # ---- lifecycle -------------------------------------------------------------------------

    def begin(self, reader_ok: bool = True) -> list[IdentifyEvent]:
        """The identify screen opens. A card already on the reader is remembered (not personal);
        nothing else from before is kept. The status is set without an event (the caller renders
        and speaks the new screen anyway)."""
        self._clear()
        self._active = True
        self._reader_ok = reader_ok
        self._card_since = self._clock.monotonic()
        if not reader_ok:
            self._status = self._problem(Problem.READER_NOT_READY)
        return []

    def reset(self) -> list[IdentifyEvent]:
        """Session over or screen left: drop the QR, keys and identity; stale reads are ignored."""
        self._read_id += 1
        self._clear()
        return []

    # ---- device events ---------------------------------------------------------------------

    def reader_ready(self, ok: bool) -> list[IdentifyEvent]:
        self._reader_ok = ok
        if not self._active:
            return []
        phase = self._status.phase
        if not ok and phase in (Phase.WAITING, Phase.READING) and not self._qr_only_wanted:
            self._stop_reading()
            return self._emit(self._set(self._problem(Problem.READER_NOT_READY)))
        if ok and self._status.problem is Problem.READER_NOT_READY:
            return self._emit(self._set(self._waiting()) + self._maybe_read())
        return []

    def card_inserted(self) -> list[IdentifyEvent]:
        self._card_present = True
        self._card_since = self._clock.monotonic()
        if not self._active:
            return []
        if self._status.problem in (Problem.CARD_REMOVED, Problem.NO_CHIP):
            return self._emit(self._set(self._waiting()) + self._maybe_read())
        return self._emit(self._maybe_read())

    def card_removed(self) -> list[IdentifyEvent]:
        self._card_present = False
        if not self._active:
            return []
        if self._status.phase is Phase.READING:
            self._stop_reading()
            return self._emit(self._set(self._problem(Problem.CARD_REMOVED)))
        if self._status.problem is Problem.NO_QR:
            return self._emit(self._set(self._waiting()))
        return []

    def qr_scanned(self, text: str) -> list[IdentifyEvent]:
        phase = self._status.phase
        if not self._active or phase in (Phase.READING, Phase.IDENTIFIED, Phase.NEXT):
            return []  # a second scan of the same card, or a stray one: nothing to redo
        parsed = self._rules.parse_card_qr(text)
        if isinstance(parsed, IdentityError):
            log.info("identify: QR rejected: %s (%s)", parsed.code, parsed.detail)
            self._qr = None
            return self._emit(self._set(self._problem(Problem.QR_INVALID, parsed.prompt_id)))
        self._qr = parsed
        self._qr_since = self._clock.monotonic()
        if self._qr_only_wanted:
            return self._emit(self._found_from_qr())
        events = self._set(self._waiting()) if phase is not Phase.WAITING else []
        return self._emit(events + self._maybe_read())

    def chip_read(self, read_id: int, chip: ChipData) -> list[IdentifyEvent]:
        if read_id != self._reading:
            return []
        self._stop_reading()
        from_chip = self._rules.identity_from_chip(chip)
        if isinstance(from_chip, IdentityError):
            log.warning("identify: chip data rejected: %s (%s)", from_chip.code, from_chip.detail)
            return self._emit(self._set(self._problem(Problem.CHIP_UNREADABLE)))
        assert self._qr is not None  # a read only starts with a QR
        merged = self._rules.merge(from_chip, self._rules.identity_from_qr(self._qr))
        if isinstance(merged, IdentityError):
            log.warning("identify: merge refused: %s (%s)", merged.code, merged.detail)
            wrong = merged.code is IdentityErrorCode.WRONG_CARD
            problem = Problem.WRONG_CARD if wrong else Problem.CHIP_UNREADABLE
            return self._emit(self._set(self._problem(problem)))
        log.info("identify: chip read (passive auth: %s)", chip.passive_auth)
        return self._emit(self._found(merged, qr_only=False))

    def chip_failed(
        self, read_id: int, failure: ChipFailure, detail: str = ""
    ) -> list[IdentifyEvent]:
        if read_id != self._reading:
            return []
        log.info("identify: chip read %d failed: %s %s", read_id, failure, detail)
        if failure is ChipFailure.ACCESS_DENIED and self._attempt + 1 < len(self._keys):
            self._attempt += 1
            return self._emit(self._request_read())
        self._stop_reading()
        problem = {
            ChipFailure.REMOVED: Problem.CARD_REMOVED,
            ChipFailure.UNAVAILABLE: Problem.READER_NOT_READY,
        }.get(failure, Problem.CHIP_UNREADABLE)
        return self._emit(self._set(self._problem(problem)))

    # ---- the citizen's choices -------------------------------------------------------------

    def choose(self, way: Way) -> list[IdentifyEvent]:
        if not self._active or way not in self._status.ways:
            return []
        if way is Way.ASK_STAFF:
            self._stop_reading()
            staff = IdentifyStatus(Phase.STAFF, "identify.staff", None, (Way.RETRY,))
            return self._emit(self._set(staff))
        if way is Way.USE_QR:
            if self._qr is not None:
                return self._emit(self._found_from_qr())
            self._qr_only_wanted = True
            return self._emit(self._set(self._waiting()))
        if self._status.problem in (Problem.WRONG_CARD, Problem.QR_INVALID):
            self._qr = None  # the QR we hold is the doubtful part
        self._qr_only_wanted = False
        self._card_since = self._clock.monotonic()
        return self._emit(self._set(self._waiting()) + self._maybe_read())

    def proceed(self) -> list[IdentifyEvent]:
        """'Tiếp tục' on the greeting."""
        if self._status.phase is not Phase.IDENTIFIED:
            return []
        qr_only = self._status.qr_only
        return self._emit(self._set(IdentifyStatus(Phase.NEXT, "identify.next", qr_only=qr_only)))

    # ---- time ------------------------------------------------------------------------------

    def tick(self) -> list[IdentifyEvent]:
        if not self._active:
            return []
        now = self._clock.monotonic()
        phase = self._status.phase
        if phase is Phase.READING and now - self._read_started >= self._read_timeout_s:
            log.warning("identify: chip read timed out after %.0f s", self._read_timeout_s)
            self._stop_reading()
            return self._emit(self._set(self._problem(Problem.CHIP_UNREADABLE)))
        if phase is not Phase.WAITING or self._qr_only_wanted:
            return []
        no_qr = self._card_present and self._qr is None
        if no_qr and now - self._card_since >= self._no_qr_after_s:
            return self._emit(self._set(self._problem(Problem.NO_QR)))
        no_chip = self._qr is not None and not self._card_present
        if no_chip and now - self._qr_since >= self._no_chip_after_s:
            return self._emit(self._set(self._problem(Problem.NO_CHIP)))
        return []

    # ---- internals -------------------------------------------------------------------------

    def _waiting(self) -> IdentifyStatus:
        if self._qr_only_wanted:
            return IdentifyStatus(Phase.WAITING, "identify.scan_qr", None, (Way.ASK_STAFF,), True)
        return IdentifyStatus(Phase.WAITING, "identify.waiting")

    def _problem(self, problem: Problem, prompt_id: str | None = None) -> IdentifyStatus:
        prompt = prompt_id or f"identify.{problem.value}"
        return IdentifyStatus(Phase.PROBLEM, prompt, problem, WAYS[problem])

    def _maybe_read(self) -> list[IdentifyEvent]:
        if self._status.phase is not Phase.WAITING or self._qr_only_wanted:
            return []
        if not (self._card_present and self._qr is not None and self._reader_ok):
            return []
        self._keys = self._rules.bac_key_candidates(self._qr, self._clock.now().date())
        self._attempt = 0
        if not self._keys:
            log.warning("identify: the QR gave no BAC key candidate")
            return self._set(self._problem(Problem.CHIP_UNREADABLE))
        return self._set(IdentifyStatus(Phase.READING, "identify.reading")) + self._request_read()

    def _request_read(self) -> list[IdentifyEvent]:
        self._read_id += 1
        self._reading = self._read_id
        self._read_started = self._clock.monotonic()
        return [ChipReadRequested(self._read_id, self._keys[self._attempt])]

    def _stop_reading(self) -> None:
        self._reading = None
        self._keys = []

    def _found_from_qr(self) -> list[IdentifyEvent]:
        assert self._qr is not None
        self._stop_reading()
        return self._found(self._rules.identity_from_qr(self._qr), qr_only=True)

    def _found(self, identity: CitizenIdentity, *, qr_only: bool) -> list[IdentifyEvent]:
        self._identity = identity
        self._qr_only_wanted = False
        status = IdentifyStatus(Phase.IDENTIFIED, "identify.greeting", qr_only=qr_only)
        # the identity first: the greeting drawn on the status change reads it from the session
        return [CitizenFound(identity, qr_only), *self._set(status)]

    def _set(self, status: IdentifyStatus) -> list[IdentifyEvent]:
        if status == self._status:
            return []
        self._status = status
        return [StatusChanged(status)]

    def _emit(self, events: list[IdentifyEvent]) -> list[IdentifyEvent]:
        if self._listener is not None:
            for event in events:
                self._listener(event)
        return events
