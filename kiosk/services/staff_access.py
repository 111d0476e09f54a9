"""Who may leave the citizen screens: staff and technician PINs, lockout, audit (issue 11).

Pure core (no Qt). `StaffAccess.attempt` runs argon2 and is slow on purpose, so the UI calls it
on a worker thread; attempts are serialised by a lock, so two pads cannot guess in parallel.

Lockout: after `max_pin_attempts` failures in a row (counted across roles: a guesser gains
nothing by switching role) the pad is locked for `lockout_s × 2^(n-1)` (n = lockouts since the
last success), capped at MAX_LOCKOUT_S. The state is rebuilt at start from the audit log (the
last PIN entry holds the counters), so pulling the plug does not reset the count — and no new
table is needed: the audit log must hold every attempt anyway.

The PIN itself is never stored, logged or audited.
"""

from __future__ import annotations

import enum
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from kiosk.pins import MAX_DIGITS, MIN_DIGITS, verify_pin
from kiosk.ports.clock import Clock

MAX_LOCKOUT_S = 4 * 3600.0  # growth stops here: a forgotten PIN must not lock a ward for days
FORGET_AFTER_S = 24 * 3600.0  # a day with no failure forgets earlier lockouts
PIN_ACTIONS = ("pin_granted", "pin_failed", "pin_locked", "pin_disabled")


class Role(enum.StrEnum):
    STAFF = "staff"
    TECHNICIAN = "technician"


class Outcome(enum.StrEnum):
    GRANTED = "granted"
    WRONG = "wrong"  # wrong PIN, or not a PIN at all (letters, too short, too long)
    LOCKED = "locked"  # the pad is locked; nothing was checked
    DISABLED = "disabled"  # no PIN configured for the asked role: that mode is off


@dataclass(frozen=True, slots=True)
class AttemptResult:
    outcome: Outcome
    role: Role | None = None  # set when granted
    attempts_left: int = 0  # before the next lockout (WRONG)
    locked_for_s: float = 0.0  # seconds until the pad opens again (LOCKED, or WRONG that locked)


class AuditSink(Protocol):
    """The store's `AuditLog.record` has this shape."""

    def record(
        self,
        actor_kind: str,
        actor_id: str,
        action: str,
        detail: str | None = None,
        *,
        at: datetime,
    ) -> None: ...


class LastPinEntry(Protocol):
    """The newest PIN audit entry (`kiosk.store.audit_repository.AuditRow` has this shape), to
    rebuild the lockout after a restart."""

    @property
    def at(self) -> datetime: ...
    @property
    def action(self) -> str: ...
    @property
    def detail(self) -> str | None: ...


@dataclass(frozen=True, slots=True)
class PinHashes:
    staff: str
    technician: str

    def for_role(self, role: Role) -> str:
        return self.staff if role == Role.STAFF else self.technician


# ---- staff badge QR ------------------------------------------------------------------------

BADGE_PREFIX = "kiosk:staff:"
_BADGE = re.compile(r"^kiosk:staff:(staff|technician):([A-Za-z0-9_-]{1,32})$")


@dataclass(frozen=True, slots=True)
class Badge:
    """A staff badge names a role and a badge id. It only opens the PIN pad for that role:
    anyone can print a QR, so it is never a credential by itself."""

    role: Role
    badge_id: str

    def payload(self) -> str:
        return f"{BADGE_PREFIX}{self.role.value}:{self.badge_id}"


def parse_badge(text: str) -> Badge | None:
    """The badge in a scanned QR, or None if it is not one (then it is a citizen's QR)."""
    match = _BADGE.match(text.strip())
    if match is None:
        return None
    return Badge(Role(match.group(1)), match.group(2))


# ---- the lockout ---------------------------------------------------------------------------


def lockout_delay_s(lockout_s: float, lockouts: int) -> float:
    """The n-th lockout in a row lasts lockout_s × 2^(n-1), capped."""
    if lockouts <= 0:
        return 0.0
    return min(lockout_s * 2.0 ** min(lockouts - 1, 30), max(lockout_s, MAX_LOCKOUT_S))


def well_formed(pin: str) -> bool:
    """Digits only (ASCII), MIN..MAX long. Checked before argon2 so junk costs nothing."""
    return pin.isascii() and pin.isdigit() and MIN_DIGITS <= len(pin) <= MAX_DIGITS


def _counters(detail: str) -> dict[str, str]:
    return dict(part.split("=", 1) for part in detail.split() if "=" in part)


class StaffAccess:
    def __init__(
        self,
        hashes: PinHashes,
        *,
        max_attempts: int,
        lockout_s: float,
        clock: Clock,
        audit: AuditSink,
        kiosk_id: str,
        verify: Callable[[str, str], bool] = verify_pin,
        last_entry: LastPinEntry | None = None,
    ) -> None:
        self._hashes = hashes
        self._max = max(1, max_attempts)
        self._lockout_s = float(lockout_s)
        self._clock = clock
        self._audit = audit
        self._kiosk = kiosk_id
        self._verify = verify
        self._lock = threading.Lock()
        self._failures = 0  # since the last lockout or success
        self._lockouts = 0  # since the last success
        self._locked_until = 0.0  # monotonic
        self._last_failure = -FORGET_AFTER_S  # monotonic
        if last_entry is not None:
            self._restore(last_entry)

    # -- queries (cheap; the GUI thread may call them) --

    def enabled(self, role: Role | None = None) -> bool:
        """Whether that role (or any role) has a PIN configured."""
        if role is not None:
            return bool(self._hashes.for_role(role))
        return bool(self._hashes.staff or self._hashes.technician)

    # No lock here: an attempt holds it through argon2, and the GUI thread must not wait on
    # that. One attribute read is atomic; a value a moment old only shapes a message.
    def locked_for_s(self) -> float:
        return max(0.0, self._locked_until - self._clock.monotonic())

    def attempts_left(self) -> int:
        return self._max - self._failures

    # -- the attempt (slow: argon2; call it on a worker) --

    def attempt(
        self, pin: str, role: Role | None = None, badge_id: str | None = None
    ) -> AttemptResult:
        """Check `pin` for `role` (from a badge), or for any role when None (the hidden gesture:
        the PIN says who it is). Every call is audited, without the PIN."""
        with self._lock:
            now = self._clock.monotonic()
            if now < self._locked_until:
                left = self._locked_until - now
                self._record("pin_locked", role, badge_id, locked_s=left)
                return AttemptResult(Outcome.LOCKED, locked_for_s=left)
            if now - self._last_failure >= FORGET_AFTER_S:
                self._failures = self._lockouts = 0
            roles = [role] if role is not None else [Role.TECHNICIAN, Role.STAFF]
            roles = [r for r in roles if self._hashes.for_role(r)]
            if not roles:
                self._record("pin_disabled", role, badge_id)
                return AttemptResult(Outcome.DISABLED)
            granted = None
            if well_formed(pin):
                # every configured role is checked, so the time taken does not tell which exists
                matches = [r for r in roles if self._verify(self._hashes.for_role(r), pin)]
                granted = matches[0] if matches else None
            if granted is not None:
                self._failures = self._lockouts = 0
                self._locked_until = 0.0
                self._record("pin_granted", granted, badge_id)
                return AttemptResult(Outcome.GRANTED, role=granted)
            self._failures += 1
            self._last_failure = now
            locked = 0.0
            if self._failures >= self._max:
                self._lockouts += 1
                self._failures = 0
                locked = lockout_delay_s(self._lockout_s, self._lockouts)
                self._locked_until = now + locked
            self._record("pin_failed", role, badge_id, locked_s=locked)
            left = 0 if locked else self._max - self._failures
            return AttemptResult(Outcome.WRONG, attempts_left=left, locked_for_s=locked)

    # -- audit and restart --

    def _record(
        self, action: str, role: Role | None, badge_id: str | None, locked_s: float = 0.0
    ) -> None:
        detail = (
            f"kiosk={self._kiosk} role={role.value if role else 'any'} "
            f"badge={badge_id or '-'} failures={self._failures} lockouts={self._lockouts} "
            f"locked_s={round(locked_s)}"
        )
        kind = role.value if role is not None else "system"
        self._audit.record(kind, badge_id or "pin-pad", action, detail, at=self._clock.now())

    def _restore(self, entry: LastPinEntry) -> None:
        """Counters from the newest PIN audit entry; the rest of a lockout still holds."""
        if entry.action not in PIN_ACTIONS or entry.action == "pin_granted":
            return
        try:
            counters = _counters(entry.detail or "")
            failures = int(counters.get("failures", "0"))
            lockouts = int(counters.get("lockouts", "0"))
            locked_s = float(counters.get("locked_s", "0"))
        except ValueError:
            # an unreadable entry must not open the pad: assume a fresh lockout
            failures, lockouts, locked_s = 0, 1, self._lockout_s
        age = (self._clock.now() - entry.at).total_seconds()
        if age >= FORGET_AFTER_S:
            return
        now = self._clock.monotonic()
        self._failures = min(max(0, failures), self._max - 1)
        self._lockouts = max(0, lockouts)
        self._last_failure = now - max(0.0, age)
        # a wall clock set back must not lengthen it beyond the recorded lockout
        self._locked_until = now + min(max(0.0, locked_s - max(0.0, age)), locked_s)
