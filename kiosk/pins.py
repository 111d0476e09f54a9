"""Staff and technician PINs: stored only as argon2id hashes (design §5)."""

from __future__ import annotations

MIN_DIGITS = 6
MAX_DIGITS = 12


class PinError(ValueError):
    pass


def check_pin_format(pin: str) -> None:
    if not pin.isascii() or not pin.isdigit():
        raise PinError("a PIN is digits only")
    if not MIN_DIGITS <= len(pin) <= MAX_DIGITS:
        raise PinError(f"a PIN has {MIN_DIGITS} to {MAX_DIGITS} digits, this one has {len(pin)}")
    if len(set(pin)) == 1 or pin in "0123456789012" or pin in "9876543210987":
        raise PinError("a PIN of one repeated digit or a plain sequence is too easy to guess")


def hash_pin(pin: str) -> str:
    from argon2 import PasswordHasher

    check_pin_format(pin)
    return PasswordHasher().hash(pin)


def verify_pin(stored_hash: str, pin: str) -> bool:
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    if not stored_hash:
        return False  # no PIN set: that mode is off
    try:
        return PasswordHasher().verify(stored_hash, pin)
    except (VerificationError, InvalidHashError):
        return False
