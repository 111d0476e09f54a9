"""Basic Access Control (ICAO 9303-11 §4.3, §9.7): keys from the MRZ and mutual authentication."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from devices.pcsc_card.icao.crypto import (
    ENC_COUNTER,
    MAC_COUNTER,
    derive_key,
    des3_decrypt,
    des3_encrypt,
    retail_mac,
    xor,
)
from kiosk.ports.card_reader import BacKey
from kiosk.services.identity.mrz import check_digit

_MRZ_ALPHABET = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ<")


class BacError(ValueError):
    """The BAC inputs or the chip's authentication answer are not acceptable."""


def mrz_information(key: BacKey) -> str:
    """Document number, birth date and expiry date, each followed by its check digit."""
    number = key.document_number.upper().ljust(9, "<")
    if not set(number) <= _MRZ_ALPHABET:
        raise BacError("the document number has characters outside the MRZ alphabet")
    for what, value in (("birth date", key.birth_date), ("expiry date", key.expiry_date)):
        # An unknown date is all filler in the MRZ ("<<<<<<", check digit 0): cards issued
        # after 60 may carry no expiry, and that is one of the candidates we try.
        if len(value) != 6 or not (value.isdigit() or value == "<<<<<<"):
            raise BacError(f"the {what} must be YYMMDD or <<<<<<")
    return "".join(f + check_digit(f) for f in (number, key.birth_date, key.expiry_date))


def key_seed(key: BacKey) -> bytes:
    info = mrz_information(key).encode("ascii")
    return hashlib.sha1(info, usedforsecurity=False).digest()[:16]


@dataclass(frozen=True, slots=True)
class BacKeys:
    k_enc: bytes
    k_mac: bytes

    @classmethod
    def from_seed(cls, seed: bytes) -> BacKeys:
        return cls(derive_key(seed, ENC_COUNTER), derive_key(seed, MAC_COUNTER))

    @classmethod
    def from_key(cls, key: BacKey) -> BacKeys:
        return cls.from_seed(key_seed(key))


@dataclass(frozen=True, slots=True)
class SessionKeys:
    ks_enc: bytes
    ks_mac: bytes
    ssc: bytes  # 8 bytes: low half of RND.ICC ‖ low half of RND.IFD


def session_keys(k_ifd: bytes, k_icc: bytes, rnd_icc: bytes, rnd_ifd: bytes) -> SessionKeys:
    keys = BacKeys.from_seed(xor(k_ifd, k_icc))
    return SessionKeys(keys.k_enc, keys.k_mac, rnd_icc[4:] + rnd_ifd[4:])


def seal(keys: BacKeys, plain: bytes) -> bytes:
    """E ‖ M: the 3DES cryptogram of a 32-byte BAC message and its retail MAC."""
    encrypted = des3_encrypt(keys.k_enc, plain)
    return encrypted + retail_mac(keys.k_mac, encrypted)


def open_sealed(keys: BacKeys, sealed: bytes) -> bytes:
    """Inverse of `seal`; BacError when the MAC does not verify (wrong key or corruption)."""
    if len(sealed) != 40:
        raise BacError(f"a BAC cryptogram is 40 bytes, got {len(sealed)}")
    encrypted, mac = sealed[:32], sealed[32:]
    if not hmac.compare_digest(retail_mac(keys.k_mac, encrypted), mac):
        raise BacError("the BAC cryptogram MAC does not verify")
    return des3_decrypt(keys.k_enc, encrypted)


def external_authenticate_data(
    keys: BacKeys, rnd_icc: bytes, rnd_ifd: bytes, k_ifd: bytes
) -> bytes:
    """Terminal side: E.IFD ‖ M.IFD over S = RND.IFD ‖ RND.ICC ‖ K.IFD."""
    return seal(keys, rnd_ifd + rnd_icc + k_ifd)


def complete_mutual_auth(
    keys: BacKeys, rnd_icc: bytes, rnd_ifd: bytes, k_ifd: bytes, response: bytes
) -> SessionKeys:
    """Terminal side: check the chip's R = RND.ICC ‖ RND.IFD ‖ K.ICC and derive the session."""
    r = open_sealed(keys, response)
    if r[:8] != rnd_icc or r[8:16] != rnd_ifd:
        raise BacError("the chip's answer does not echo our nonces")
    return session_keys(k_ifd, r[16:32], rnd_icc, rnd_ifd)
