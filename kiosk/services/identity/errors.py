"""Typed identity errors: a code for the flow, a prompt id for the citizen, a detail for the log."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class IdentityErrorCode(StrEnum):
    QR_UNREADABLE = "qr_unreadable"  # scanned text damaged (mixed payloads, broken characters)
    QR_NOT_A_CARD = "qr_not_a_card"  # some other QR (a URL, a VNeID code, a receipt)
    BAD_ID_NUMBER = "bad_id_number"
    BAD_DATE = "bad_date"
    BAD_SEX = "bad_sex"
    MRZ_CHECK_DIGIT = "mrz_check_digit"
    MRZ_FORMAT = "mrz_format"
    CHIP_UNREADABLE = "chip_unreadable"
    DG13_MALFORMED = "dg13_malformed"
    WRONG_CARD = "wrong_card"  # the QR and the chip belong to different people


# Several codes share one prompt: the citizen needs a way forward, not our taxonomy.
PROMPT_IDS: dict[IdentityErrorCode, str] = {
    IdentityErrorCode.QR_UNREADABLE: "identity.unreadable",
    IdentityErrorCode.QR_NOT_A_CARD: "identity.qr_not_a_card",
    IdentityErrorCode.BAD_ID_NUMBER: "identity.card_data_invalid",
    IdentityErrorCode.BAD_DATE: "identity.card_data_invalid",
    IdentityErrorCode.BAD_SEX: "identity.card_data_invalid",
    IdentityErrorCode.MRZ_CHECK_DIGIT: "identity.mrz_unreadable",
    IdentityErrorCode.MRZ_FORMAT: "identity.mrz_unreadable",
    IdentityErrorCode.CHIP_UNREADABLE: "identity.chip_unreadable",
    IdentityErrorCode.DG13_MALFORMED: "identity.chip_unreadable",
    IdentityErrorCode.WRONG_CARD: "identity.wrong_card",
}


@dataclass(frozen=True, slots=True)
class IdentityError:
    """What went wrong. `detail` is English for the log and never holds personal data."""

    code: IdentityErrorCode
    prompt_id: str
    detail: str = ""

    @classmethod
    def of(cls, code: IdentityErrorCode, detail: str = "") -> IdentityError:
        return cls(code, PROMPT_IDS[code], detail)
