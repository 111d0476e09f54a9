"""Read an eMRTD over any APDU pipe: SELECT, BAC, secure-messaging reads, passive auth.

Read size. A short Le is at most 256 response bytes, and under BAC secure messaging those carry
DO87 (tag, 81 xx length, padding indicator, 3DES blocks), DO99 (4) and DO8E (10): the plaintext
that fits is 231 bytes (0xE7), so that is the default chunk. Only when EF.ATR/INFO (2F01, ISO
7816-4 §12.7.1, readable without BAC) announces extended length (DO 7F66) do we ask for more: the
chunk is then the largest plaintext whose protected answer fits the announced response size.
We never probe with an oversized protected command, because a chip may close the BAC session on
any secure-messaging error and the whole read would have to start again. Offsets beyond 32767
cannot be written in P1-P2, so those chunks use READ BINARY with odd INS B1 and an offset DO54.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from devices.pcsc_card.icao.apdu import (
    SW_END_OF_FILE,
    SW_FILE_NOT_FOUND,
    SW_OK,
    SW_SM_DATA_INCORRECT,
    SW_SM_MISSING,
    ApduFormatError,
    CommandApdu,
    iter_tlv,
    read_header,
    split_response,
    tlv,
)
from devices.pcsc_card.icao.bac import (
    BacError,
    BacKeys,
    complete_mutual_auth,
    external_authenticate_data,
)
from devices.pcsc_card.icao.passive_auth import passive_auth
from devices.pcsc_card.icao.secure_messaging import SecureMessaging, SecureMessagingError
from kiosk.ports.card_reader import (
    AccessDenied,
    BacKey,
    CardReadError,
    CardRemoved,
    ChipData,
    PassiveAuth,
)

log = logging.getLogger(__name__)

Transmit = Callable[[bytes], bytes]
"""One command APDU in, the response data followed by SW1 SW2 out."""

EMRTD_AID = bytes.fromhex("A0000002471001")
EF_ATR_INFO = 0x2F01
FILE_IDS: Mapping[str, int] = {
    "COM": 0x011E,
    "SOD": 0x011D,
    **{f"DG{n}": 0x0100 + n for n in range(1, 17)},
}
_DG_TAGS = bytes.fromhex("61 75 63 76 65 66 67 68 69 6A 6B 6C 6D 6E 6F 70")
LDS_TAGS: Mapping[str, int] = {
    "COM": 0x60,
    "SOD": 0x77,
    **{f"DG{n}": tag for n, tag in enumerate(_DG_TAGS, start=1)},
}
"""ICAO 9303-10 §4.6: the tag each elementary file starts with; a different one is a misread."""
DEFAULT_GROUPS = ("COM", "DG1", "DG2", "DG13", "SOD")
SHORT_SM_CHUNK = 0xE7
NAIVE_CHUNK = 0xDF  # what many readers use; kept for comparison in bench/card_read.py
HEADER_READ = 4  # tag and up to a 0x82 length: enough to learn the size of any DG below 64 KiB
_SM_OVERHEAD_EXTENDED = 19  # DO87 tag + 82 xx xx + indicator, DO99 (4), DO8E (10)
_MAX_OFFSET_P1P2 = 0x7FFF


def chunk_for_response_size(max_response: int) -> int:
    """Largest plaintext whose protected READ BINARY answer fits `max_response` data bytes."""
    if max_response <= 256:
        return SHORT_SM_CHUNK
    return max(SHORT_SM_CHUNK, (max_response - _SM_OVERHEAD_EXTENDED) // 8 * 8 - 1)


def extended_response_size(ef_atr_info: bytes) -> int | None:
    """Maximum response length announced in DO 7F66 of EF.ATR/INFO, or None if absent."""
    try:
        for obj in iter_tlv(ef_atr_info):
            if obj.tag == 0x7F66:
                sizes = [int.from_bytes(i.value, "big") for i in iter_tlv(obj.value)]
                return sizes[1] if len(sizes) >= 2 else None
    except ApduFormatError:
        return None
    return None


class EmrtdClient:
    """The steps of a chip read; counts every APDU it sends."""

    def __init__(
        self,
        transmit: Transmit,
        *,
        max_read: int | None = None,
        random_bytes: Callable[[int], bytes] = os.urandom,
    ) -> None:
        if max_read is not None and not 1 <= max_read <= 65536:
            raise ValueError(f"max_read must be 1..65536 bytes, got {max_read}")
        self._transmit = transmit
        self._random = random_bytes
        self._sm: SecureMessaging | None = None
        self.chunk = max_read or SHORT_SM_CHUNK
        self._probe = max_read is None
        self.apdu_count = 0

    def _raw(self, command: CommandApdu) -> bytes:
        self.apdu_count += 1
        try:
            return self._transmit(command.encode())
        except CardReadError:
            raise
        except Exception as exc:  # any transport failure mid-read means the card went away
            raise CardRemoved(f"transmit failed: {type(exc).__name__}: {exc}") from exc

    def send(self, command: CommandApdu) -> tuple[bytes, int]:
        """Send plain before BAC and protected after; returns (data, SW)."""
        if self._sm is None:
            try:
                return split_response(self._raw(command))
            except ApduFormatError as exc:
                raise CardReadError(f"malformed response: {exc}") from exc
        response = self._raw(self._sm.protect(command))
        try:
            data, sw = self._sm.unprotect(response)
        except SecureMessagingError as exc:
            self._sm = None
            raise CardReadError(f"secure messaging failed: {exc}") from exc
        if sw in (SW_SM_MISSING, SW_SM_DATA_INCORRECT):
            self._sm = None
            raise CardReadError(f"the chip ended secure messaging with SW {sw:04X}")
        return data, sw

    def probe_extended_length(self) -> None:
        """Read EF.ATR/INFO in the clear and widen the chunk if the chip allows extended Le."""
        if not self._probe:
            return
        _, sw = self.send(CommandApdu(0x00, 0xA4, 0x02, 0x0C, EF_ATR_INFO.to_bytes(2, "big")))
        if sw != SW_OK:
            return
        data, sw = self.send(CommandApdu(0x00, 0xB0, 0x00, 0x00, ne=256))
        size = extended_response_size(data) if sw in (SW_OK, SW_END_OF_FILE) else None
        if size is not None:
            # ISO 7816-4 is read two ways here (with or without SW1-SW2): take the smaller.
            self.chunk = chunk_for_response_size(size - 2)
        log.info("EF.ATR/INFO: max response %s, read chunk %d", size, self.chunk)

    def select_application(self) -> None:
        self._sm = None  # a plain SELECT ends any session on the chip side too
        _, sw = self.send(CommandApdu(0x00, 0xA4, 0x04, 0x0C, EMRTD_AID))
        if sw != SW_OK:
            raise CardReadError(f"SELECT eMRTD application refused with SW {sw:04X}")

    def authenticate(self, key: BacKey) -> None:
        try:
            keys = BacKeys.from_key(key)
        except BacError as exc:
            raise AccessDenied(f"unusable BAC key: {exc}") from exc
        self._sm = None
        rnd_icc, sw = self.send(CommandApdu(0x00, 0x84, 0x00, 0x00, ne=8))
        if sw != SW_OK or len(rnd_icc) != 8:
            raise CardReadError(f"GET CHALLENGE failed: SW {sw:04X}, {len(rnd_icc)} bytes")
        rnd_ifd, k_ifd = self._random(8), self._random(16)
        data = external_authenticate_data(keys, rnd_icc, rnd_ifd, k_ifd)
        answer, sw = self.send(CommandApdu(0x00, 0x82, 0x00, 0x00, data, ne=40))
        if sw != SW_OK:
            raise AccessDenied(f"EXTERNAL AUTHENTICATE refused with SW {sw:04X}: wrong BAC key")
        try:
            self._sm = SecureMessaging(complete_mutual_auth(keys, rnd_icc, rnd_ifd, k_ifd, answer))
        except BacError as exc:
            raise AccessDenied(f"the chip's BAC answer does not verify: {exc}") from exc

    def _read_binary(self, offset: int, length: int) -> bytes:
        if offset > _MAX_OFFSET_P1P2:
            # DO54 holds the offset; the answer comes back wrapped in DO53.
            offset_do = tlv(0x54, offset.to_bytes((offset.bit_length() + 7) // 8, "big"))
            extended = length > SHORT_SM_CHUNK - 4
            command = CommandApdu(0x00, 0xB1, 0x00, 0x00, offset_do, length, extended)
        else:
            # Above 0xE7 the protected answer outgrows a short Le even when the plain one fits.
            extended = length > SHORT_SM_CHUNK
            command = CommandApdu(0x00, 0xB0, offset >> 8, offset & 0xFF, b"", length, extended)
        data, sw = self.send(command)
        if sw not in (SW_OK, SW_END_OF_FILE):
            raise CardReadError(f"READ BINARY at offset {offset} refused with SW {sw:04X}")
        if command.ins == 0xB1:
            try:
                objects = list(iter_tlv(data))
            except ApduFormatError as exc:
                raise CardReadError(f"malformed odd-INS READ BINARY answer: {exc}") from exc
            if len(objects) != 1 or objects[0].tag != 0x53:
                raise CardReadError("odd-INS READ BINARY answer is not one DO53")
            data = objects[0].value
        if not data or len(data) > length:
            raise CardReadError(f"READ BINARY returned {len(data)} bytes for {length} asked")
        return data

    def read_file(self, name: str) -> bytes | None:
        """One elementary file, or None when the chip does not have it."""
        fid = FILE_IDS[name]
        _, sw = self.send(CommandApdu(0x00, 0xA4, 0x02, 0x0C, fid.to_bytes(2, "big")))
        if sw == SW_FILE_NOT_FOUND:
            return None
        if sw != SW_OK:
            raise CardReadError(f"SELECT {name} refused with SW {sw:04X}")
        content = self._read_binary(0, HEADER_READ)
        try:
            tag, length, head = read_header(content)
        except ApduFormatError as exc:
            raise CardReadError(f"{name} does not start with a BER-TLV header: {exc}") from exc
        if tag != LDS_TAGS[name]:
            raise CardReadError(f"{name} starts with tag {tag:X}, expected {LDS_TAGS[name]:X}")
        total = head + length
        while len(content) < total:
            offset = len(content)
            # Past P1-P2's reach the answer grows by its DO53 header (up to 4 bytes, less the
            # padding indicator DO85 lacks), so odd-INS chunks give back 4 bytes to still fit.
            chunk = self.chunk - 4 if offset > _MAX_OFFSET_P1P2 else self.chunk
            content += self._read_binary(offset, min(chunk, total - offset))
        return content[:total]


def read_chip(
    transmit: Transmit,
    key: BacKey,
    groups: tuple[str, ...] = DEFAULT_GROUPS,
    *,
    csca_dir: Path | None = None,
    max_read: int | None = None,
    random_bytes: Callable[[int], bytes] = os.urandom,
) -> ChipData:
    """Authenticate with `key`, read `groups` and check them against the SOD.

    Raises AccessDenied (wrong key), CardRemoved (transmit failed), CardReadError (anything else).
    """
    unknown = [g for g in groups if g not in FILE_IDS]
    if unknown:
        raise CardReadError(f"unknown elementary files requested: {unknown}")
    client = EmrtdClient(transmit, max_read=max_read, random_bytes=random_bytes)
    client.probe_extended_length()
    client.select_application()
    client.authenticate(key)
    files: dict[str, bytes] = {}
    for name in groups:
        content = client.read_file(name)
        if content is not None:
            files[name] = content
    verdict = PassiveAuth.NOT_CHECKED
    if "SOD" in files:
        dgs = {n: v for n, v in files.items() if n.startswith("DG")}
        verdict, detail = passive_auth(dgs, files["SOD"], csca_dir)
        log.info("passive authentication: %s (%s)", verdict.value, detail)
    return ChipData(data_groups=files, passive_auth=verdict, apdu_count=client.apdu_count)
