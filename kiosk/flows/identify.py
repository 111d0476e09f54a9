"""Identifying the citizen from their card: the front QR (or the back's MRZ) plus the chip.

Pure Python: no Qt, no devices. The controller feeds it device events, the citizen's choices
(`choose(way)`, `proceed()`) and `tick()`; it answers with `IdentifyEvent`s (status to show and
speak, a chip read or MRZ scan to run off the GUI thread, `CitizenFound` once an identity is
whole). It never hands out half an identity. States and events: kiosk/flows/identify_model.py.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from kiosk.domain.identity import CitizenIdentity
from kiosk.flows.identify_model import (
    WAYS,
    ChipFailure,
    ChipReadRequested,
    CitizenFound,
    IdentifyEvent,
    IdentifyStatus,
    IdentityRules,
    KeySource,
    MrzScanRequested,
    Phase,
    Problem,
    StatusChanged,
    Way,
    answered,
    judge_scan,
)
from kiosk.ports.card_reader import BacKey, ChipData
from kiosk.ports.clock import Clock
from kiosk.services.identity.errors import IdentityError, IdentityErrorCode
from kiosk.services.staff_access import BADGE_PREFIX

__all__ = [
    "WAYS",
    "ChipFailure",
    "ChipReadRequested",
    "CitizenFound",
    "IdentifyEvent",
    "IdentifyFlow",
    "IdentifyStatus",
    "IdentityRules",
    "KeySource",
    "MrzScanRequested",
    "Phase",
    "Problem",
    "StatusChanged",
    "Way",
]

log = logging.getLogger(__name__)

NO_QR_AFTER_S = 6.0  # card on the reader but no QR: the card is probably face down
NO_CHIP_AFTER_S = 8.0  # QR read but the chip reader saw no card: ask to lay it flat
READ_TIMEOUT_S = 30.0  # a read (or scan) that never reports back counts as failed
_READER_GONE_OVERRIDES = frozenset({Problem.CARD_REMOVED, Problem.NO_CHIP})  # moot, reader gone
_BUSY_OR_DONE = frozenset({Phase.READING, Phase.SCANNING, Phase.IDENTIFIED, Phase.NEXT})


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
        self._clock, self._rules, self._listener = clock, rules, listener
        self._no_qr_after_s, self._no_chip_after_s = no_qr_after_s, no_chip_after_s
        self._read_timeout_s = read_timeout_s
        self._card_present = False
        self._card_since = 0.0
        self._read_id = 0
        self._reader_ok = True
        self._mrz_ok = False
        self._clear()

    def _clear(self) -> None:
        """Forget everything personal (QR, keys, identity) and go back to waiting."""
        self._active = False
        self._qr: object | None = None
        self._qr_since = 0.0
        self._keys: list[BacKey] = []
        self._key_source = KeySource.QR
        self._mrz_key: BacKey | None = None  # from the card back: used instead of the QR's
        self._scanning: int | None = None
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

    def begin(self, reader_ok: bool = True, mrz_ok: bool = False) -> list[IdentifyEvent]:
        """The identify screen opens. A card already on the reader is remembered (not personal);
        nothing else from before is kept. The status is set without an event (the caller renders
        and speaks the new screen anyway). `mrz_ok`: an MRZ reader is there to offer."""
        self._clear()
        self._active = True
        self._reader_ok, self._mrz_ok = reader_ok, mrz_ok
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
        moot = self._status.problem in _READER_GONE_OVERRIDES  # the card went with the reader
        active = phase in (Phase.WAITING, Phase.READING) or moot
        if not ok and active and not self._qr_only_wanted:
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
        if not self._active or phase in _BUSY_OR_DONE:
            return []  # a second scan of the same card, or a stray one: nothing to redo
        if text.startswith(BADGE_PREFIX):
            return []  # a staff badge opens staff mode; it is not the citizen's card
        verdict = judge_scan(self._rules, text)
        log.info("identify: QR scan: %s", verdict.detail)
        if verdict.qr is None and verdict.invalid:
            self._qr = None  # the doubtful scan may be of another card: keep nothing
            return self._emit(self._set(self._problem(Problem.QR_INVALID, verdict.prompt_id)))
        events: list[IdentifyEvent] = []
        if verdict.qr is not None:
            self._qr, self._qr_since = verdict.qr, self._clock.monotonic()
            if self._qr_only_wanted:
                return self._emit(self._found_from_qr())
            events = self._set(self._waiting()) if phase is not Phase.WAITING else []
            events += self._maybe_read()
        if verdict.confirm or verdict.qr is None:  # said: what the scan was, or that it was read
            self._status, events = answered(self._status, verdict, events)
        return self._emit(events)

    def chip_read(self, read_id: int, chip: ChipData) -> list[IdentifyEvent]:
        if read_id != self._reading:
            return []
        self._stop_reading()
        from_chip = self._rules.identity_from_chip(chip)
        if isinstance(from_chip, IdentityError):
            log.warning("identify: chip data rejected: %s (%s)", from_chip.code, from_chip.detail)
            return self._emit(self._set(self._problem(Problem.CHIP_UNREADABLE)))
        source, candidate = self._key_source, self._attempt + 1
        qr = self._rules.identity_from_qr(self._qr) if self._qr is not None else None
        merged = self._rules.merge(from_chip, qr)
        if isinstance(merged, IdentityError):
            log.warning("identify: merge refused: %s (%s)", merged.code, merged.detail)
            wrong = merged.code is IdentityErrorCode.WRONG_CARD
            problem = Problem.WRONG_CARD if wrong else Problem.CHIP_UNREADABLE
            return self._emit(self._set(self._problem(problem)))
        log.info(
            "identify: chip read with the %s key%s (passive auth: %s)",
            source,
            f" candidate {candidate}" if source is KeySource.QR else "",
            chip.passive_auth,
        )
        key = (source, candidate if source is KeySource.QR else 0)
        return self._emit(self._found(merged, qr_only=False, key=key))

    def chip_failed(
        self, read_id: int, failure: ChipFailure, detail: str = ""
    ) -> list[IdentifyEvent]:
        if read_id != self._reading:
            return []
        log.info("identify: chip read %d failed: %s %s", read_id, failure, detail)
        if failure is ChipFailure.ACCESS_DENIED and self._attempt + 1 < len(self._keys):
            self._attempt += 1
            return self._emit(self._request_read())
        from_qr = self._key_source is KeySource.QR
        self._stop_reading()
        problem = {
            ChipFailure.REMOVED: Problem.CARD_REMOVED,
            ChipFailure.UNAVAILABLE: Problem.READER_NOT_READY,
        }.get(failure, Problem.CHIP_UNREADABLE)
        if failure is ChipFailure.ACCESS_DENIED and from_qr and self._mrz_ok:
            problem = Problem.KEY_REFUSED  # the card back may still give the right key
        return self._emit(self._set(self._problem(problem)))

    def mrz_scanned(self, scan_id: int, text: str) -> list[IdentifyEvent]:
        """The MRZ reader read the card back; the check digits are verified here."""
        if scan_id != self._scanning:
            return []
        self._scanning = None
        mrz = self._rules.parse_mrz(text)
        if isinstance(mrz, IdentityError):
            log.info("identify: MRZ rejected: %s (%s)", mrz.code, mrz.detail)
            return self._emit(self._set(self._problem(Problem.MRZ_FAILED, mrz.prompt_id)))
        self._mrz_key = self._rules.bac_key_from_mrz(mrz)
        log.info("identify: MRZ read from the card back; the chip is read with its key")
        if not self._reader_ok:
            return self._emit(self._set(self._problem(Problem.READER_NOT_READY)))
        return self._emit(self._set(self._waiting()) + self._maybe_read())

    def mrz_failed(self, scan_id: int, prompt_id: str, detail: str = "") -> list[IdentifyEvent]:
        if scan_id != self._scanning:
            return []
        self._scanning = None
        log.info("identify: MRZ scan %d failed: %s", scan_id, detail)
        return self._emit(self._set(self._problem(Problem.MRZ_FAILED, prompt_id)))

    # ---- the citizen's choices -------------------------------------------------------------

    def choose(self, way: Way) -> list[IdentifyEvent]:
        if not self._active or way not in self._status.ways:
            return []
        if way is Way.ASK_STAFF:
            self._stop_reading()
            self._scanning = None
            staff = IdentifyStatus(Phase.STAFF, "identify.staff", None, (Way.RETRY,))
            return self._emit(self._set(staff))
        if way is Way.USE_QR:
            if self._qr is not None:
                return self._emit(self._found_from_qr())
            self._qr_only_wanted = True
            return self._emit(self._set(self._waiting()))
        if way is Way.USE_MRZ or self._status.problem is Problem.MRZ_FAILED:
            return self._emit(self._scan_back())
        if self._status.problem in (Problem.WRONG_CARD, Problem.QR_INVALID):
            self._qr = None  # the QR we hold is the doubtful part
            self._mrz_key = None
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
        timed_out = now - self._read_started >= self._read_timeout_s
        if phase is Phase.READING and timed_out:
            log.warning("identify: chip read timed out after %.0f s", self._read_timeout_s)
            self._stop_reading()
            return self._emit(self._set(self._problem(Problem.CHIP_UNREADABLE)))
        if phase is Phase.SCANNING and timed_out:
            log.warning("identify: MRZ scan timed out after %.0f s", self._read_timeout_s)
            self._scanning = None
            return self._emit(self._set(self._problem(Problem.MRZ_FAILED, "mrz_ocr.unavailable")))
        if phase is not Phase.WAITING or self._qr_only_wanted:
            return []
        no_qr = self._card_present and self._qr is None and self._mrz_key is None
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
        if self._mrz_key is not None:  # the back was read: now the card goes on the chip reader
            return IdentifyStatus(Phase.WAITING, "identify.mrz_done", None, (Way.ASK_STAFF,))
        return IdentifyStatus(Phase.WAITING, "identify.waiting")

    def _problem(self, problem: Problem, prompt_id: str | None = None) -> IdentifyStatus:
        prompt = prompt_id or f"identify.{problem.value}"
        ways = tuple(w for w in WAYS[problem] if w is not Way.USE_MRZ or self._mrz_ok)
        return IdentifyStatus(Phase.PROBLEM, prompt, problem, ways)

    def _scan_back(self) -> list[IdentifyEvent]:
        """Ask the MRZ reader for the card back; until it answers, the card may leave the
        chip reader (it is on the scanner) without that being a problem."""
        self._stop_reading()
        self._mrz_key = None
        self._read_id += 1
        self._scanning = self._read_id
        self._read_started = self._clock.monotonic()
        status = IdentifyStatus(Phase.SCANNING, "identify.place_back", None, (Way.ASK_STAFF,))
        return [*self._set(status), MrzScanRequested(self._read_id)]

    def _maybe_read(self) -> list[IdentifyEvent]:
        if self._status.phase is not Phase.WAITING or self._qr_only_wanted:
            return []
        if not (self._card_present and self._reader_ok):
            return []
        if self._mrz_key is not None:
            self._keys, self._key_source = [self._mrz_key], KeySource.MRZ
        elif self._qr is not None:
            self._keys = self._rules.bac_key_candidates(self._qr, self._clock.now().date())
            self._key_source = KeySource.QR
        else:
            return []
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

    def _found(
        self,
        identity: CitizenIdentity,
        *,
        qr_only: bool,
        key: tuple[KeySource | None, int] = (None, 0),
    ) -> list[IdentifyEvent]:
        self._identity = identity
        self._qr_only_wanted = False
        status = IdentifyStatus(Phase.IDENTIFIED, "identify.greeting", qr_only=qr_only)
        # the identity first: the greeting drawn on the status change reads it from the session
        return [CitizenFound(identity, qr_only, *key), *self._set(status)]

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
