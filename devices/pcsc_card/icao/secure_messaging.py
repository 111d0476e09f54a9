"""BAC secure messaging (ICAO 9303-11 §9.8): 3DES, retail MAC, send sequence counter.

Terminal side only; the card emulator in tests/emrtd holds its own mirror image.
"""

from __future__ import annotations

import hmac

from devices.pcsc_card.icao.apdu import (
    EXTENDED_MAX_NE,
    SHORT_MAX_NE,
    ApduFormatError,
    CommandApdu,
    iter_tlv,
    split_response,
    tlv,
)
from devices.pcsc_card.icao.bac import SessionKeys
from devices.pcsc_card.icao.crypto import des3_decrypt, des3_encrypt, pad, retail_mac, unpad


class SecureMessagingError(ValueError):
    """A protected response that does not verify or does not decode: the session is over."""


def encode_le(ne: int, extended: bool) -> bytes:
    if extended:
        return (ne % EXTENDED_MAX_NE).to_bytes(2, "big")
    return bytes((ne % SHORT_MAX_NE,))


class SecureMessaging:
    def __init__(self, keys: SessionKeys) -> None:
        self.ks_enc = keys.ks_enc
        self.ks_mac = keys.ks_mac
        self.ssc = int.from_bytes(keys.ssc, "big")

    def _next_ssc(self) -> bytes:
        self.ssc = (self.ssc + 1) % (1 << 64)
        return self.ssc.to_bytes(8, "big")

    def protect(self, command: CommandApdu) -> CommandApdu:
        ssc = self._next_ssc()
        extended = command.is_extended
        header = bytes((command.cla | 0x0C, command.ins, command.p1, command.p2))
        body = b""
        if command.data:
            cryptogram = des3_encrypt(self.ks_enc, pad(command.data))
            # Odd INS carries BER-TLV data, so it goes in DO85 without a padding indicator.
            body += tlv(0x85, cryptogram) if command.ins & 1 else tlv(0x87, b"\x01" + cryptogram)
        if command.ne is not None:
            body += tlv(0x97, encode_le(command.ne, extended))
        body += tlv(0x8E, retail_mac(self.ks_mac, ssc + pad(header) + body))
        ne = EXTENDED_MAX_NE if extended else SHORT_MAX_NE
        return CommandApdu(header[0], command.ins, command.p1, command.p2, body, ne, extended)

    def unprotect(self, response: bytes) -> tuple[bytes, int]:
        """Verify DO8E over DO85/87 ‖ DO99 and decrypt; returns (plain data, inner SW)."""
        ssc = self._next_ssc()
        try:
            data, sw = split_response(response)
            objects = list(iter_tlv(data))
        except ApduFormatError as exc:
            raise SecureMessagingError(f"malformed protected response: {exc}") from exc
        if not objects:
            # Chips answer errors (6A82 for an absent file, 6987/6988 for an SM fault) as bare
            # status words; that only ever leads to an error path, so it needs no MAC. A bare
            # success would let anyone forge an empty answer, so it is refused.
            if sw in (0x9000, 0x6282) or sw >> 8 == 0x61:
                raise SecureMessagingError(f"unauthenticated SW {sw:04X} to a protected command")
            return b"", sw
        *covered, mac_object = objects
        if mac_object.tag != 0x8E or len(mac_object.value) != 8:
            raise SecureMessagingError("the protected response does not end with an 8-byte DO8E")
        mac_input = ssc + b"".join(o.raw for o in covered)
        if not hmac.compare_digest(retail_mac(self.ks_mac, mac_input), mac_object.value):
            raise SecureMessagingError("the response MAC does not verify")
        tags = [o.tag for o in covered]
        if 0x99 not in tags or tags.count(0x99) > 1 or len(tags) > 2:
            raise SecureMessagingError(f"unexpected data objects {[hex(t) for t in tags]}")
        plain = b""
        inner_sw = sw
        for obj in covered:
            if obj.tag == 0x99:
                if len(obj.value) != 2:
                    raise SecureMessagingError("DO99 must hold two status bytes")
                inner_sw = int.from_bytes(obj.value, "big")
            elif obj.tag in (0x85, 0x87):
                plain = self._decrypt(obj.tag, obj.value)
            else:
                raise SecureMessagingError(f"unexpected data object 0x{obj.tag:X}")
        return plain, inner_sw

    def _decrypt(self, tag: int, value: bytes) -> bytes:
        if tag == 0x87:
            if not value or value[0] != 0x01:
                raise SecureMessagingError("DO87 without padding indicator 01")
            value = value[1:]
        if not value or len(value) % 8:
            raise SecureMessagingError("the cryptogram is not a whole number of 3DES blocks")
        try:
            return unpad(des3_decrypt(self.ks_enc, value))
        except ValueError as exc:
            raise SecureMessagingError(f"the cryptogram does not decrypt: {exc}") from exc
