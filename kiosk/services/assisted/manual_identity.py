"""The identity staff enter by hand when the chip cannot be read (issue 11).

One field per page, as the citizen's form asks (the UI shows each with the form widgets): full
name, birth date, sex, the 12-digit ID number, then the address. The ID number comes after the
birth date and sex so its century, year and sex digits can be checked against them at once
(kiosk.services.identity.id_number). A refused answer keeps every answer given so far and says
why with a prompt id; the log gets the error's detail (never the value). Every field of the
identity it builds carries `IdentitySource.STAFF_ENTRY`.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass
from datetime import date

from kiosk.domain.identity import CitizenIdentity, IdentitySource
from kiosk.services.identity.id_number import FEMALE, MALE, validate_id_number

log = logging.getLogger(__name__)

MAX_NAME = 80
MAX_ADDRESS = 200
OLDEST = date(1900, 1, 1)


class ManualField(enum.StrEnum):
    FULL_NAME = "full_name"
    BIRTH_DATE = "birth_date"
    SEX = "sex"
    ID_NUMBER = "id_number"
    ADDRESS = "address"


ORDER = (
    ManualField.FULL_NAME,
    ManualField.BIRTH_DATE,
    ManualField.SEX,
    ManualField.ID_NUMBER,
    ManualField.ADDRESS,
)
SEXES = (MALE, FEMALE)

# prompt ids (config/prompts/vi/assisted.toml) of each refusal
NAME_EMPTY = "assisted.manual_name_empty"
NAME_LONG = "assisted.manual_name_long"
DATE_BAD = "assisted.manual_date_bad"
SEX_BAD = "assisted.manual_sex_bad"
ID_BAD = "assisted.manual_id_bad"
ID_MISMATCH = "assisted.manual_id_mismatch"
ADDRESS_EMPTY = "assisted.manual_address_empty"
ERROR_IDS = (NAME_EMPTY, NAME_LONG, DATE_BAD, SEX_BAD, ID_BAD, ID_MISMATCH, ADDRESS_EMPTY)


@dataclass
class ManualIdentityForm:
    """Not thread-safe: the GUI thread's. `today` bounds the birth date."""

    today: date
    index: int = 0
    error: str | None = None  # prompt id of the last refusal, None when none

    def __post_init__(self) -> None:
        self.answers: dict[ManualField, object] = {}

    @property
    def field(self) -> ManualField:
        return ORDER[self.index]

    @property
    def done(self) -> bool:
        return self.index >= len(ORDER)

    def value(self, field: ManualField) -> object:
        return self.answers.get(field)

    def answer(self, value: object) -> str | None:
        """Check and keep the answer to the field shown; None when taken (the next field is
        shown), else the prompt id of the refusal (the same field stays, nothing is lost)."""
        if self.done:
            return None
        field = self.field
        checked, problem = self._check(field, value)
        self.error = problem
        if problem is not None:
            log.info("manual identity: %s refused (%s)", field.value, problem)
            return problem
        self.answers[field] = checked
        if field in (ManualField.BIRTH_DATE, ManualField.SEX):
            self.answers.pop(ManualField.ID_NUMBER, None)  # to be checked again against it
        self.index += 1
        while not self.done and self.field in self.answers:
            self.index += 1  # a correction from further on goes back there
        return None

    def back(self) -> bool:
        """The previous field; False at the first (the caller leaves the form)."""
        self.error = None
        if self.index == 0:
            return False
        self.index -= 1
        return True

    def identity(self) -> CitizenIdentity:
        if not self.done:
            raise ValueError("the form is not complete")
        a = self.answers
        sources = dict.fromkeys((f.value for f in ORDER), IdentitySource.STAFF_ENTRY)
        birth = a[ManualField.BIRTH_DATE]
        assert isinstance(birth, date)
        return CitizenIdentity(
            id_number=str(a[ManualField.ID_NUMBER]),
            full_name=str(a[ManualField.FULL_NAME]),
            birth_date=birth,
            sex=str(a[ManualField.SEX]),
            address=str(a[ManualField.ADDRESS]),
            sources=sources,
        )

    def wipe(self) -> None:
        self.answers.clear()
        self.index, self.error = 0, None

    # ---- checks ------------------------------------------------------------------------

    def _check(self, field: ManualField, value: object) -> tuple[object, str | None]:
        if field is ManualField.FULL_NAME:
            name = " ".join(str(value or "").split())
            if not name:
                return None, NAME_EMPTY
            return (name, None) if len(name) <= MAX_NAME else (None, NAME_LONG)
        if field is ManualField.BIRTH_DATE:
            ok = isinstance(value, date) and OLDEST <= value <= self.today
            return (value, None) if ok else (None, DATE_BAD)
        if field is ManualField.SEX:
            return (value, None) if value in SEXES else (None, SEX_BAD)
        if field is ManualField.ID_NUMBER:
            return self._check_id(str(value or "").strip())
        text = getattr(value, "one_line", None)  # an Address from the picker
        address = " ".join((text() if callable(text) else str(value or "")).split())
        if not address:
            return None, ADDRESS_EMPTY
        return address[:MAX_ADDRESS], None

    def _check_id(self, number: str) -> tuple[object, str | None]:
        if validate_id_number(number) is not None:
            return None, ID_BAD
        birth = self.answers.get(ManualField.BIRTH_DATE)
        sex = self.answers.get(ManualField.SEX)
        problem = validate_id_number(
            number,
            birth_date=birth if isinstance(birth, date) else None,
            sex=sex if isinstance(sex, str) else None,
        )
        if problem is not None:
            log.info("manual identity: the ID number disagrees: %s", problem.detail)
            return None, ID_MISMATCH
        return number, None
