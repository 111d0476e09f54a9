"""Per-kiosk bearer tokens.

Token file: one `kiosk_id token` or `kiosk_id sha256:<hex of the token>` per line; `#` starts a
comment. The hashed form lets the back office keep no usable secret on disk. Tokens are compared
by SHA-256 digest in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
from pathlib import Path

_KIOSK = re.compile(r"[A-Za-z0-9_.-]{1,40}")
_HASHED = re.compile(r"sha256:([0-9a-f]{64})")
MIN_TOKEN_CHARS = 16


class TokenFileError(ValueError):
    pass


class TokenBook:
    def __init__(self, digests: dict[str, bytes]) -> None:
        if not digests:
            raise TokenFileError("no kiosk tokens")
        self._digests = dict(digests)

    @classmethod
    def from_file(cls, path: Path) -> TokenBook:
        digests: dict[str, bytes] = {}
        for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 2 or not _KIOSK.fullmatch(parts[0]):
                raise TokenFileError(f"{path}:{number}: expected 'kiosk_id token'")
            kiosk, secret = parts
            if kiosk in digests:
                raise TokenFileError(f"{path}:{number}: kiosk {kiosk} listed twice")
            hashed = _HASHED.fullmatch(secret)
            if hashed:
                digests[kiosk] = bytes.fromhex(hashed.group(1))
            elif len(secret) < MIN_TOKEN_CHARS:
                raise TokenFileError(f"{path}:{number}: token shorter than {MIN_TOKEN_CHARS}")
            else:
                digests[kiosk] = hashlib.sha256(secret.encode()).digest()
        return cls(digests)

    def kiosk_for(self, authorization: str | None) -> str | None:
        """The kiosk an `Authorization: Bearer …` header belongs to; None if it belongs to none."""
        if not authorization:
            return None
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        digest = hashlib.sha256(token.strip().encode()).digest()
        found = None
        for kiosk, expected in self._digests.items():  # no early exit: same time for all
            if hmac.compare_digest(digest, expected):
                found = kiosk
        return found
