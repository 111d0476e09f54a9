"""A card's ATR through PC/SC (pyscard): shows a card is on the reader and answers, without
selecting any application or reading any data from it."""

from __future__ import annotations


def card_atr(reader_match: str) -> str | None:
    """The ATR (hex) of the card in the first reader whose name contains `reader_match`, None
    when no card is on it. Raises LookupError when no reader matches."""
    from smartcard.Exceptions import CardConnectionException, NoCardException
    from smartcard.System import readers

    for reader in readers():
        if reader_match in str(reader):
            connection = reader.createConnection()
            try:
                connection.connect()
            except (NoCardException, CardConnectionException):
                return None
            try:
                return bytes(connection.getATR()).hex().upper()
            finally:
                connection.disconnect()
    raise LookupError(f"no PC/SC reader matches {reader_match!r}")
