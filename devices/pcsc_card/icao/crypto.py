"""ICAO 9303-11 BAC primitives: 3DES-CBC with a zero IV, padding method 2, retail MAC, SHA-1 KDF."""

from __future__ import annotations

import hashlib

from cryptography.hazmat.primitives.ciphers import Cipher, modes

try:
    from cryptography.hazmat.decrepit.ciphers.algorithms import TripleDES
except ImportError:  # cryptography < 43 has no decrepit module; newer ones warn on the old path
    from cryptography.hazmat.primitives.ciphers.algorithms import (
        TripleDES,
    )

BLOCK = 8
_ZERO_IV = bytes(BLOCK)


def pad(data: bytes, block: int = BLOCK) -> bytes:
    """ISO/IEC 9797-1 padding method 2: 0x80 then zeros to the block boundary (always adds)."""
    padded = data + b"\x80"
    return padded + bytes(-len(padded) % block)


def unpad(data: bytes) -> bytes:
    """Strip method-2 padding; ValueError when there is none (corrupt or wrongly keyed)."""
    stripped = data.rstrip(b"\x00")
    if not stripped or stripped[-1] != 0x80 or len(data) - len(stripped) >= BLOCK:
        raise ValueError("no ISO 9797-1 method 2 padding")
    return stripped[:-1]


def _check_blocks(data: bytes) -> None:
    if len(data) % BLOCK:
        raise ValueError(f"{len(data)} bytes is not a whole number of DES blocks")


def _three_key(key: bytes) -> bytes:
    # cryptography deprecates 16-byte keys; K1 ‖ K2 ‖ K1 is the same two-key 3DES.
    if len(key) != 16:
        raise ValueError("BAC 3DES keys are 16 bytes")
    return key + key[:8]


def des3_encrypt(key: bytes, data: bytes) -> bytes:
    """Two-key 3DES in CBC mode with a zero IV, as BAC and its secure messaging use it."""
    _check_blocks(data)
    encryptor = Cipher(TripleDES(_three_key(key)), modes.CBC(_ZERO_IV)).encryptor()
    return encryptor.update(data) + encryptor.finalize()


def des3_decrypt(key: bytes, data: bytes) -> bytes:
    _check_blocks(data)
    decryptor = Cipher(TripleDES(_three_key(key)), modes.CBC(_ZERO_IV)).decryptor()
    return decryptor.update(data) + decryptor.finalize()


def _des_ecb(key8: bytes, block: bytes, *, encrypt: bool) -> bytes:
    # cryptography has no single DES; 3DES with K1 = K2 = K3 is single DES by construction.
    cipher = Cipher(TripleDES(key8 * 3), modes.ECB())
    ctx = cipher.encryptor() if encrypt else cipher.decryptor()
    return ctx.update(block) + ctx.finalize()


def retail_mac(key: bytes, data: bytes) -> bytes:
    """ISO/IEC 9797-1 MAC algorithm 3 (DES, final 3DES), padding method 2, 8-byte result."""
    ka, kb = key[:8], key[8:16]
    chained = Cipher(TripleDES(ka * 3), modes.CBC(_ZERO_IV)).encryptor()
    last = (chained.update(pad(data)) + chained.finalize())[-BLOCK:]
    return _des_ecb(ka, _des_ecb(kb, last, encrypt=False), encrypt=True)


def _with_odd_parity(key: bytes) -> bytes:
    return bytes((b & 0xFE) | ((bin(b & 0xFE).count("1") + 1) % 2) for b in key)


ENC_COUNTER = 1
MAC_COUNTER = 2


def derive_key(seed: bytes, counter: int) -> bytes:
    """ICAO 9303-11 §9.7.1: SHA-1(seed ‖ counter), first 16 bytes, DES parity bits set."""
    digest = hashlib.sha1(seed + counter.to_bytes(4, "big"), usedforsecurity=False).digest()
    return _with_odd_parity(digest[:16])


def xor(a: bytes, b: bytes) -> bytes:
    return bytes(x ^ y for x, y in zip(a, b, strict=True))
