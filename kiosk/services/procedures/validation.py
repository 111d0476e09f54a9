"""Check one answer against its field's rule (contract 3).

`check_answer` returns None when the answer is fine, else the id of a short, polite, spoken
message (config/prompts/vi/procedures.toml, section [procedure_invalid]) that says how to fix it.
The messages never repeat the value: it may be personal and the loudspeaker is public.

Answer types, as the form widgets emit them: TEXT/ID_NUMBER/PHONE → str; NUMBER → int or a digit
string; DATE → datetime.date; CHOICE → the choice's value (str); YES_NO → bool or "yes"/"no";
ADDRESS → kiosk.domain.address.Address.
"""

from __future__ import annotations

import re
from datetime import date

from kiosk.domain.address import Address
from kiosk.domain.procedure import FieldKind, FormField
from kiosk.services.identity.id_number import validate_id_number

P = "procedure_invalid."
REQUIRED = P + "required"
TOO_SHORT = P + "too_short"
TOO_LONG = P + "too_long"
PATTERN = P + "pattern"
NOT_A_DATE = P + "not_a_date"
DATE_IN_FUTURE = P + "date_in_future"
TOO_YOUNG = P + "too_young"
TOO_LONG_AGO = P + "too_long_ago"
ID_NUMBER = P + "id_number"
PHONE = P + "phone"
NOT_A_NUMBER = P + "not_a_number"
NUMBER_TOO_SMALL = P + "number_too_small"
NUMBER_TOO_LARGE = P + "number_too_large"
CHOICE = P + "choice"
YES_NO = P + "yes_no"
ADDRESS = P + "address"
PROMPT_IDS = (
    REQUIRED, TOO_SHORT, TOO_LONG, PATTERN, NOT_A_DATE, DATE_IN_FUTURE, TOO_YOUNG, TOO_LONG_AGO,
    ID_NUMBER, PHONE, NOT_A_NUMBER, NUMBER_TOO_SMALL, NUMBER_TOO_LARGE, CHOICE, YES_NO, ADDRESS,
)  # fmt: skip

# Vietnamese mobile numbers: 10 digits starting 03/05/07/08/09; landlines 02x + 8 digits (11
# digits). "+84"/"84" is accepted in place of the leading 0.
_PHONE = re.compile(r"0(?:[35789]\d{8}|2\d{9})")
_YES = ("yes", True)
_NO = ("no", False)


def is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_answer(field: FormField, value: object, today: date) -> str | None:
    rule = field.validation
    if is_empty(value):
        return REQUIRED if rule.required else None
    kind = field.kind
    if kind is FieldKind.DATE:
        return _check_date(field, value, today)
    if kind is FieldKind.CHOICE:
        return None if value in {c.value for c in field.choices} else CHOICE
    if kind is FieldKind.YES_NO:
        return None if value in _YES or value in _NO else YES_NO
    if kind is FieldKind.ADDRESS:
        return None if isinstance(value, Address) else ADDRESS
    if kind is FieldKind.NUMBER:
        return _check_number(field, value)
    if not isinstance(value, str):
        return PATTERN
    text = value.strip()
    if kind is FieldKind.ID_NUMBER:
        return ID_NUMBER if validate_id_number(text) is not None else _check_text(field, text)
    if kind is FieldKind.PHONE:
        return PHONE if normalise_phone(text) is None else _check_text(field, text)
    return _check_text(field, text)


def normalise_phone(text: str) -> str | None:
    """ "+84 912 345 678" → "0912345678"; None when it is not a Vietnamese phone number."""
    digits = re.sub(r"[\s.\-()]", "", text)
    if digits.startswith("+84"):
        digits = "0" + digits[3:]
    elif digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    return digits if _PHONE.fullmatch(digits) else None


def _check_text(field: FormField, text: str) -> str | None:
    rule = field.validation
    if rule.min_length is not None and len(text) < rule.min_length:
        return TOO_SHORT
    if rule.max_length is not None and len(text) > rule.max_length:
        return TOO_LONG
    if rule.pattern is not None and re.fullmatch(rule.pattern, text) is None:
        return PATTERN
    return None


def _check_number(field: FormField, value: object) -> str | None:
    if isinstance(value, bool):
        return NOT_A_NUMBER
    if isinstance(value, str):
        text = value.strip()
        if not (text.isascii() and text.isdigit()):
            return NOT_A_NUMBER
        number = int(text)
    elif isinstance(value, int):
        number = value
    else:
        return NOT_A_NUMBER
    rule = field.validation
    if rule.min_value is not None and number < rule.min_value:
        return NUMBER_TOO_SMALL
    if rule.max_value is not None and number > rule.max_value:
        return NUMBER_TOO_LARGE
    return None


def _check_date(field: FormField, value: object, today: date) -> str | None:
    # datetime is a date subclass; a time of day means the widget sent the wrong thing.
    if not isinstance(value, date) or type(value) is not date:
        return NOT_A_DATE
    rule = field.validation
    if rule.past_only and value > today:
        return DATE_IN_FUTURE
    if rule.min_age_years is not None and today < anniversary(value, rule.min_age_years):
        return TOO_YOUNG
    if rule.max_age_days is not None and (today - value).days > rule.max_age_days:
        return TOO_LONG_AGO
    return None


def anniversary(born: date, years: int) -> date:
    """The day someone born on `born` turns `years` old; 29 February → 28 February."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return born.replace(year=born.year + years, day=28)
