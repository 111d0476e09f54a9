"""Answer values between their natural form (a date, an Address, a bool …) and the builtins the
serialisable state stores; pre-fill from the identity; `ask_if` conditions."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from kiosk.domain.address import Address
from kiosk.domain.procedure import FieldKind, FormField

_YES = frozenset({"true", "yes", "co", "có", "1"})
_NO = frozenset({"false", "no", "khong", "không", "0"})


def to_stored(value: object) -> Any:
    """The JSON-ready form of an answer (date → ISO text, Address → mapping)."""
    return msgspec.to_builtins(value)


def from_stored(field: FormField, raw: Any) -> object:
    """The natural value of a stored answer, by the field's kind."""
    if raw is None:
        return None
    if field.kind is FieldKind.DATE:
        return raw if isinstance(raw, date) else date.fromisoformat(str(raw))
    if field.kind is FieldKind.ADDRESS and isinstance(raw, dict):  # a str stays: the old text
        return msgspec.convert(raw, Address)
    if field.kind is FieldKind.NUMBER and isinstance(raw, str) and raw.isdigit():
        return int(raw)
    return raw


def identity_prefill(field: FormField, identity: object) -> object | None:
    """The identity's value for `field.prefill_from`, when it has one that fits the field.

    An address pre-fills as an `Address`, or as the card's text (often an old three-level
    address): that text is not confirmed as is, the address picker offers its new units."""
    if field.prefill_from is None or identity is None:
        return None
    value: object = getattr(identity, field.prefill_from, None)
    if value is None or value == "":
        return None
    if field.kind is FieldKind.ADDRESS and not isinstance(value, Address | str):
        return None
    if field.kind is FieldKind.DATE and not isinstance(value, date):
        return None
    return value


def condition_holds(condition: str | None, answers: dict[str, Any]) -> bool:
    """`ask_if: "field_id=value"` (or `field_id!=value`): compared with the stored answer.
    A yes/no answer matches yes/true/có and no/false/không."""
    if not condition:
        return True
    negate = "!=" in condition
    name, _, expected = condition.partition("!=" if negate else "=")
    raw = answers.get(name.strip())
    expected = expected.strip().lower()
    if isinstance(raw, bool):
        matched = expected in (_YES if raw else _NO)
    elif raw is None:
        matched = False
    else:
        matched = str(raw).strip().lower() == expected
    return matched != negate
