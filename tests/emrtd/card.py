"""An eMRTD card emulator: the LDS application with BAC, secure messaging and access control.

Written from ICAO 9303-11 and ISO/IEC 7816-4, and checked against the Appendix D worked example,
so it is a peer for the terminal code rather than its mirror. It answers every byte string with a
status word and never raises.
"""

from __future__ import annotations

import hmac
import os
from collections.abc import Callable, Mapping

from devices.pcsc_card.icao.apdu import (
    SHORT_MAX_NE,
    SW_AUTH_FAILED,
    SW_CLA_NOT_SUPPORTED,
    SW_CONDITIONS_NOT_SATISFIED,
    SW_END_OF_FILE,
    SW_FILE_NOT_FOUND,
    SW_INCORRECT_P1P2,
    SW_INS_NOT_SUPPORTED,
    SW_OK,
    SW_SECURITY_NOT_SATISFIED,
    SW_SM_DATA_INCORRECT,
    SW_SM_MISSING,
    SW_WRONG_LENGTH,
    SW_WRONG_P1P2,
    ApduFormatError,
    CommandApdu,
    iter_tlv,
    parse_command,
    tlv,
)
from devices.pcsc_card.icao.bac import BacError, BacKeys, open_sealed, seal, session_keys
from devices.pcsc_card.icao.crypto import des3_decrypt, des3_encrypt, pad, retail_mac, unpad
from devices.pcsc_card.icao.reader import EF_ATR_INFO, EMRTD_AID, FILE_IDS
from kiosk.ports.card_reader import BacKey

DEFAULT_MAX_RESPONSE = 4096  # announced in EF.ATR/INFO; None = short APDUs only


def atr_for(*, extended_length: bool) -> bytes:
    """A T=1 ATR (ISO 7816-3) whose historical bytes carry card capabilities (7816-4 §12.1.1.9).

    Capabilities: selection by DF name and by file identifier; third byte bit 7 = extended Lc/Le.
    """
    historical = bytes((0x80, 0x73, 0xA0, 0x21, 0x40 if extended_length else 0x00))
    body = bytes((0x80 | len(historical), 0x80, 0x01)) + historical  # T0, TD1 (T=0), TD2 (T=1)
    tck = 0
    for byte in body:
        tck ^= byte
    return b"\x3b" + body + bytes((tck,))


def _ef_atr_info(max_response: int) -> bytes:
    """EF.ATR/INFO with DO 7F66: maximum command and response lengths (ISO 7816-4 §12.7.1)."""
    sizes = tlv(0x02, (1024).to_bytes(2, "big")) + tlv(0x02, max_response.to_bytes(3, "big"))
    return tlv(0x7F66, sizes)


class _Session:
    def __init__(self, ks_enc: bytes, ks_mac: bytes, ssc: bytes) -> None:
        self.ks_enc, self.ks_mac, self.ssc = ks_enc, ks_mac, int.from_bytes(ssc, "big")

    def next_ssc(self) -> bytes:
        self.ssc = (self.ssc + 1) % (1 << 64)
        return self.ssc.to_bytes(8, "big")


class _SmError(Exception):
    pass


def _wrapped_size(n: int, *, odd: bool) -> int:
    """Bytes of DO85/87 + DO99 + DO8E around `n` bytes of plaintext."""
    cryptogram = (n // 8 + 1) * 8 if n else 0
    data_object = len(tlv(0x85, bytes(cryptogram + (0 if odd else 1)))) if n else 0
    return data_object + 4 + 10


class EmrtdCard:
    def __init__(
        self,
        files: Mapping[str, bytes],
        key: BacKey,
        *,
        max_response: int | None = DEFAULT_MAX_RESPONSE,
        random_bytes: Callable[[int], bytes] = os.urandom,
    ) -> None:
        self.atr = atr_for(extended_length=max_response is not None)
        self._files = {FILE_IDS[name]: content for name, content in files.items()}
        self._keys = BacKeys.from_key(key)
        self._max_ne = max_response or SHORT_MAX_NE
        self._public = {EF_ATR_INFO: _ef_atr_info(max_response)} if max_response else {}
        self._random = random_bytes
        self.reset()

    def reset(self) -> None:
        """Power cycle: nothing selected, no challenge, no BAC session."""
        self._app_selected = False
        self._current: int | None = None
        self._challenge: bytes | None = None
        self._session: _Session | None = None

    @property
    def authenticated(self) -> bool:
        return self._session is not None

    @property
    def current_file(self) -> int | None:
        return self._current

    def apdu(self, command: bytes) -> bytes:
        try:
            cmd = parse_command(command)
        except ApduFormatError:
            return SW_WRONG_LENGTH.to_bytes(2, "big")
        if cmd.cla & 0x0C == 0x0C and cmd.cla & 0xF0 == 0:
            return self._secure(cmd)
        if cmd.cla != 0x00:
            return SW_CLA_NOT_SUPPORTED.to_bytes(2, "big")
        # A plain command in the middle of an SM session ends it (ICAO 9303-11 §9.8.6.1).
        self._session = None
        data, sw = self._execute(cmd)
        return data + sw.to_bytes(2, "big")

    # --- plain command processing -------------------------------------------------------------

    def _execute(self, cmd: CommandApdu) -> tuple[bytes, int]:
        if cmd.is_extended and self._max_ne <= SHORT_MAX_NE:
            return b"", SW_WRONG_LENGTH
        handlers = {0xA4: self._select, 0x84: self._get_challenge, 0x82: self._external_auth}
        handler = handlers.get(cmd.ins)
        if handler is not None:
            return handler(cmd)
        if cmd.ins in (0xB0, 0xB1):
            return self._read_binary(cmd)
        return b"", SW_INS_NOT_SUPPORTED

    def _select(self, cmd: CommandApdu) -> tuple[bytes, int]:
        if cmd.p2 not in (0x0C, 0x00):
            return b"", SW_INCORRECT_P1P2
        if cmd.p1 == 0x04:
            if cmd.data != EMRTD_AID:
                return b"", SW_FILE_NOT_FOUND
            self._app_selected, self._current = True, None
            return b"", SW_OK
        if cmd.p1 not in (0x00, 0x02) or len(cmd.data) != 2:
            return b"", SW_INCORRECT_P1P2
        fid = int.from_bytes(cmd.data, "big")
        if fid in self._public:
            self._current = fid
            return b"", SW_OK
        if not self._app_selected or fid not in self._files:
            return b"", SW_FILE_NOT_FOUND
        if self._session is None:
            return b"", SW_SECURITY_NOT_SATISFIED
        self._current = fid
        return b"", SW_OK

    def _get_challenge(self, cmd: CommandApdu) -> tuple[bytes, int]:
        if cmd.ne != 8 or cmd.data:
            return b"", SW_WRONG_LENGTH
        if not self._app_selected:
            return b"", SW_CONDITIONS_NOT_SATISFIED
        self._challenge = self._random(8)
        return self._challenge, SW_OK

    def _external_auth(self, cmd: CommandApdu) -> tuple[bytes, int]:
        challenge, self._challenge = self._challenge, None  # one attempt per challenge
        if challenge is None:
            return b"", SW_CONDITIONS_NOT_SATISFIED
        if len(cmd.data) != 40:
            return b"", SW_WRONG_LENGTH
        try:
            s = open_sealed(self._keys, cmd.data)
        except BacError:
            return b"", SW_AUTH_FAILED
        rnd_ifd, rnd_icc, k_ifd = s[:8], s[8:16], s[16:32]
        if rnd_icc != challenge:
            return b"", SW_AUTH_FAILED
        k_icc = self._random(16)
        keys = session_keys(k_ifd, k_icc, rnd_icc, rnd_ifd)
        self._session = _Session(keys.ks_enc, keys.ks_mac, keys.ssc)
        return seal(self._keys, rnd_icc + rnd_ifd + k_icc), SW_OK

    def _read_binary(self, cmd: CommandApdu) -> tuple[bytes, int]:
        if self._current not in self._public and self._session is None:
            return b"", SW_SECURITY_NOT_SATISFIED
        if self._current is None:
            return b"", SW_CONDITIONS_NOT_SATISFIED
        content = self._public.get(self._current) or self._files[self._current]
        if cmd.ins == 0xB0:
            if cmd.p1 & 0x80:  # short EF identifier: not offered by this card
                return b"", SW_INCORRECT_P1P2
            offset = (cmd.p1 << 8) | cmd.p2
        else:
            try:
                objects = list(iter_tlv(cmd.data))
            except ApduFormatError:
                return b"", SW_WRONG_LENGTH
            if len(objects) != 1 or objects[0].tag != 0x54 or not 0 < len(objects[0].value) <= 3:
                return b"", SW_INCORRECT_P1P2
            offset = int.from_bytes(objects[0].value, "big")
        if cmd.ne is None:
            return b"", SW_WRONG_LENGTH
        if offset >= len(content):
            return b"", SW_WRONG_P1P2
        chunk = content[offset : offset + min(cmd.ne, self._max_ne)]
        if cmd.ins == 0xB1:
            chunk = tlv(0x53, chunk)
        short = offset + cmd.ne > len(content)
        return chunk, SW_END_OF_FILE if short else SW_OK

    # --- secure messaging -----------------------------------------------------------------------

    def _secure(self, cmd: CommandApdu) -> bytes:
        session = self._session
        if session is None:
            return SW_SM_MISSING.to_bytes(2, "big")
        try:
            plain = self._unprotect(session, cmd)
        except _SmError:
            self._session = None  # any SM error ends the session (ICAO 9303-11 §9.8.6.1)
            return SW_SM_DATA_INCORRECT.to_bytes(2, "big")
        if plain.ins in (0x82, 0x84):  # BAC itself is never wrapped
            data, sw = b"", SW_CONDITIONS_NOT_SATISFIED
        else:
            data, sw = self._execute(plain)
        # The protected answer, not the plaintext, has to fit the response size.
        limit = min(cmd.ne or SHORT_MAX_NE, self._max_ne)
        if _wrapped_size(len(data), odd=bool(cmd.ins & 1)) > limit:
            data, sw = b"", SW_WRONG_LENGTH
        return self._protect(session, data, sw, odd=bool(cmd.ins & 1)) + sw.to_bytes(2, "big")

    def _unprotect(self, session: _Session, cmd: CommandApdu) -> CommandApdu:
        ssc = session.next_ssc()
        try:
            objects = list(iter_tlv(cmd.data))
        except ApduFormatError as exc:
            raise _SmError from exc
        if not objects or objects[-1].tag != 0x8E or len(objects[-1].value) != 8:
            raise _SmError
        *covered, mac = objects
        header = bytes((cmd.cla, cmd.ins, cmd.p1, cmd.p2))
        mac_input = ssc + pad(header) + b"".join(o.raw for o in covered)
        if not hmac.compare_digest(retail_mac(session.ks_mac, mac_input), mac.value):
            raise _SmError
        data, ne = b"", None
        for obj in covered:
            if obj.tag == 0x87 and obj.value[:1] == b"\x01":
                data = self._decrypt(session, obj.value[1:])
            elif obj.tag == 0x85:
                data = self._decrypt(session, obj.value)
            elif obj.tag == 0x97 and len(obj.value) <= 2:
                ne = int.from_bytes(obj.value, "big") or (256 if len(obj.value) < 2 else 65536)
            else:
                raise _SmError
        return CommandApdu(cmd.cla & ~0x0C & 0xFF, cmd.ins, cmd.p1, cmd.p2, data, ne)

    @staticmethod
    def _decrypt(session: _Session, cryptogram: bytes) -> bytes:
        if not cryptogram or len(cryptogram) % 8:
            raise _SmError
        try:
            return unpad(des3_decrypt(session.ks_enc, cryptogram))
        except ValueError as exc:
            raise _SmError from exc

    @staticmethod
    def _protect(session: _Session, data: bytes, sw: int, *, odd: bool) -> bytes:
        ssc = session.next_ssc()
        body = b""
        if data:
            cryptogram = des3_encrypt(session.ks_enc, pad(data))
            body = tlv(0x85, cryptogram) if odd else tlv(0x87, b"\x01" + cryptogram)
        body += tlv(0x99, sw.to_bytes(2, "big"))
        return body + tlv(0x8E, retail_mac(session.ks_mac, ssc + body))
