"""One card connection over pyscard's PC/SC layer, with errors translated into the port's.

The raw `smartcard.scard` API is used rather than pyscard's object layer: it hands back the PC/SC
return codes themselves, which is what the error mapping needs (pyscard's exceptions hide the
"unpowered" and "removed" cases behind one CardConnectionException).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from smartcard import scard

from kiosk.domain.devices import DeviceUnavailable
from kiosk.ports.card_reader import CardReadError, CardRemoved

log = logging.getLogger(__name__)


class ReaderUnavailable(CardReadError, DeviceUnavailable):
    """pcscd or the reader is gone: a CardReadError for the read, DeviceUnavailable for health."""


class ReadCancelled(CardReadError):
    pass


_CARD_GONE = {
    scard.SCARD_E_NO_SMARTCARD,
    scard.SCARD_W_REMOVED_CARD,
    scard.SCARD_W_UNPOWERED_CARD,  # vpcd's card hung up: pcscd sees an unpowered slot
    scard.SCARD_W_UNRESPONSIVE_CARD,
    scard.SCARD_W_RESET_CARD,  # someone reset it: the chip's session is lost, read again
    scard.SCARD_E_NOT_TRANSACTED,  # the transmit died with the card
}
_READER_GONE = {
    scard.SCARD_E_NO_SERVICE,
    scard.SCARD_E_SERVICE_STOPPED,
    scard.SCARD_E_INVALID_HANDLE,  # our handle belonged to a pcscd that restarted
    scard.SCARD_E_UNKNOWN_READER,
    scard.SCARD_E_READER_UNAVAILABLE,
    scard.SCARD_E_NO_READERS_AVAILABLE,
    scard.SCARD_F_COMM_ERROR,
    scard.SCARD_E_COMM_DATA_LOST,
}


def pcsc_error(hresult: int, what: str) -> CardReadError:
    """The port error for a failed PC/SC call; the detail is English, for the log."""
    message = f"{what}: {scard.SCardGetErrorMessage(hresult)} (0x{hresult & 0xFFFFFFFF:08X})"
    if hresult in _CARD_GONE:
        return CardRemoved(message)
    if hresult in _READER_GONE:
        return ReaderUnavailable(message)
    if hresult == scard.SCARD_E_CANCELLED:
        return ReadCancelled(message)
    return CardReadError(message)


def exchange(send: Callable[[bytes], bytes], apdu: bytes) -> tuple[bytes, int]:
    """Send `apdu`, following 61xx (GET RESPONSE) and 6Cxx (resend with Le=xx) as ISO 7816-4
    asks; returns the whole response with its final status word, and how many APDUs it took."""
    response = send(apdu)
    count = 1
    if len(response) >= 2 and response[-2] == 0x6C and len(apdu) >= 5:
        response = send(_with_short_le(apdu, response[-1]))
        count += 1
    data = bytearray()
    while len(response) >= 2 and response[-2] == 0x61:
        data += response[:-2]
        response = send(bytes([apdu[0] & 0x03, 0xC0, 0x00, 0x00, response[-1]]))
        count += 1
        if count > 512:  # a card that chains forever would otherwise hang the kiosk
            raise CardReadError("card kept answering 61xx")
    return bytes(data) + response, count


def _with_short_le(apdu: bytes, le: int) -> bytes:
    # Only a case 2/4 short APDU can be asked again with another Le; its last byte is Le.
    return apdu[:-1] + bytes([le])


def find_reader(readers: list[str], match: str) -> str | None:
    """The first reader whose name contains `match` (case-insensitive); "" takes the first."""
    for reader in readers:
        if match.lower() in reader.lower():
            return reader
    return None


class PcscTransport:
    """A connection to the card in one reader. Not thread-safe, except `cancel()`.

    `transmit` is what the ICAO reader drives; `apdu_count` counts what went on the wire,
    GET RESPONSEs included.
    """

    def __init__(self, reader_match: str = "") -> None:
        self._match = reader_match
        self._lock = threading.Lock()
        self._context: int | None = None
        self._card: int | None = None
        self._protocol = 0
        self._cancelled = threading.Event()
        self.reader: str | None = None
        self.apdu_count = 0

    def connect(self) -> None:
        hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
        if hresult != scard.SCARD_S_SUCCESS:
            raise ReaderUnavailable(str(pcsc_error(hresult, "PC/SC service (pcscd)")))
        with self._lock:
            self._context = context
        hresult, readers = scard.SCardListReaders(context, [])
        if hresult != scard.SCARD_S_SUCCESS and hresult != scard.SCARD_E_NO_READERS_AVAILABLE:
            self.disconnect()
            raise pcsc_error(hresult, "listing readers")
        reader = find_reader(list(readers or []), self._match)
        if reader is None:
            self.disconnect()
            raise ReaderUnavailable(f"no reader matching {self._match!r} (readers: {readers})")
        hresult, card, protocol = scard.SCardConnect(
            context,
            reader,
            scard.SCARD_SHARE_SHARED,
            scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
        )
        if hresult != scard.SCARD_S_SUCCESS:
            self.disconnect()
            raise pcsc_error(hresult, f"connecting to the card in {reader!r}")
        self._card, self._protocol, self.reader = card, protocol, reader

    def transmit(self, apdu: bytes) -> bytes:
        response, count = exchange(self._send, apdu)
        self.apdu_count += count
        return response

    def _send(self, apdu: bytes) -> bytes:
        if self._cancelled.is_set():
            raise ReadCancelled("read cancelled (the reader is closing)")
        if self._card is None:
            raise CardReadError("transmit before connect()")
        hresult, response = scard.SCardTransmit(self._card, self._protocol, list(apdu))
        if hresult != scard.SCARD_S_SUCCESS:
            raise pcsc_error(hresult, "transmit")
        if len(response) < 2:
            # vpcd (and some readers) report success with no bytes when the card went mid-APDU;
            # a live card always ends with a status word, so this is a lost contact: retry.
            raise CardRemoved("response without a status word: the card left the reader")
        return bytes(response)

    def cancel(self) -> None:
        """From any thread: end a blocking PC/SC wait on this connection's context, and make the
        next transmit raise ReadCancelled (PC/SC cannot interrupt an APDU already sent)."""
        self._cancelled.set()
        with self._lock:
            context = self._context
        if context is not None:
            scard.SCardCancel(context)

    def disconnect(self) -> None:
        """Idempotent. Resets the card so the chip's BAC session ends with our read."""
        card, self._card = self._card, None
        if card is not None:
            scard.SCardDisconnect(card, scard.SCARD_RESET_CARD)
        with self._lock:
            context, self._context = self._context, None
        if context is not None:
            scard.SCardReleaseContext(context)
