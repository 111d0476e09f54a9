"""The identify flow's `IdentityRules`, backed by kiosk.services.identity.

A separate module so the flow (and its unit tests) do not pull in every parser, and so the UI can
import it after the first paint.
"""

from __future__ import annotations

from datetime import date

from kiosk.domain.identity import CitizenIdentity
from kiosk.ports.card_reader import BacKey, ChipData
from kiosk.services.identity.assemble import identity_from_chip, identity_from_qr, merge
from kiosk.services.identity.bac_keys import bac_key_candidates, bac_key_from_mrz
from kiosk.services.identity.card_qr import CardQr, parse_card_qr
from kiosk.services.identity.errors import IdentityError, IdentityErrorCode
from kiosk.services.identity.mrz import Mrz, parse_td1
from kiosk.services.qr_payloads import QrPayload, classify


class ServiceRules:
    """Adapts the service's typed `CardQr` and `Mrz` to the flow's opaque QR and MRZ."""

    def parse_card_qr(self, text: str) -> object | IdentityError:
        return parse_card_qr(text)

    def classify_qr(self, text: str) -> QrPayload:
        """Every scan goes through here (the flow prefers it to `parse_card_qr`): a receipt or a
        VNeID QR is answered for what it is, a garbled card QR pre-fills nothing."""
        return classify(text)

    def bac_key_candidates(self, qr: object, today: date) -> list[BacKey]:
        if not isinstance(qr, CardQr):
            return []
        return list(bac_key_candidates(qr, today))

    def parse_mrz(self, text: str) -> object | IdentityError:
        return parse_td1(text)

    def bac_key_from_mrz(self, mrz: object) -> BacKey:
        if not isinstance(mrz, Mrz):
            raise TypeError(f"not a parsed MRZ: {type(mrz).__name__}")
        return bac_key_from_mrz(mrz)

    def identity_from_chip(self, chip: ChipData) -> CitizenIdentity | IdentityError:
        return identity_from_chip(chip)

    def identity_from_qr(self, qr: object) -> CitizenIdentity:
        if not isinstance(qr, CardQr):
            raise TypeError(f"not a parsed card QR: {type(qr).__name__}")
        return identity_from_qr(qr)

    def merge(
        self, chip: CitizenIdentity, qr: CitizenIdentity | None
    ) -> CitizenIdentity | IdentityError:
        merged = merge(chip, qr)
        if isinstance(merged, CitizenIdentity) and qr and merged.id_number != qr.id_number:
            return IdentityError.of(IdentityErrorCode.WRONG_CARD, "merged ID differs from QR")
        return merged
