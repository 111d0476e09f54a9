"""Check procedure data against the `Procedure` types and report EVERY problem with its key path.

msgspec stops at the first error; a technician fixing a file wants them all at once. So the data
is walked beside the types (structs, tuples of structs, leaves converted one by one), then the
rules no type can say are checked on the decoded procedure (cross_checks).
"""

from __future__ import annotations

import re
from typing import Any, get_type_hints

import msgspec
import msgspec.inspect as mi

from kiosk.domain.procedure import FieldKind, FormField, Procedure

Problem = tuple[str, str]  # (key path, reason)

# Which field kinds each identity attribute can fill: a birth date cannot fill a phone number.
PREFILL_KINDS: dict[str, frozenset[FieldKind]] = {
    "id_number": frozenset({FieldKind.ID_NUMBER}),
    "old_id_number": frozenset({FieldKind.NUMBER, FieldKind.TEXT}),
    "birth_date": frozenset({FieldKind.DATE}),
    "issue_date": frozenset({FieldKind.DATE}),
    "sex": frozenset({FieldKind.CHOICE}),
    "address": frozenset({FieldKind.ADDRESS, FieldKind.TEXT}),
    "place_of_origin": frozenset({FieldKind.ADDRESS, FieldKind.TEXT}),
    "full_name": frozenset({FieldKind.TEXT}),
    "father_name": frozenset({FieldKind.TEXT}),
    "mother_name": frozenset({FieldKind.TEXT}),
    "spouse_name": frozenset({FieldKind.TEXT}),
    "nationality": frozenset({FieldKind.TEXT, FieldKind.CHOICE}),
    "ethnicity": frozenset({FieldKind.TEXT, FieldKind.CHOICE}),
    "religion": frozenset({FieldKind.TEXT, FieldKind.CHOICE}),
}
_DATE_RULES = ("past_only", "min_age_years", "max_age_days")
_NUMBER_KINDS = frozenset({FieldKind.NUMBER})
_TEXT_KINDS = frozenset(
    {FieldKind.TEXT, FieldKind.NUMBER, FieldKind.ID_NUMBER, FieldKind.PHONE, FieldKind.DATE}
)


def check_types(data: Any) -> list[Problem]:
    return _struct(data, Procedure, "")


def _struct(value: Any, typ: type, path: str) -> list[Problem]:
    if not isinstance(value, dict):
        return [(path, f"expected a mapping, got {_kind(value)}")]
    info = mi.type_info(typ)
    assert isinstance(info, mi.StructType)
    fields = {f.encode_name: f for f in info.fields}
    hints = get_type_hints(typ, include_extras=True)
    problems: list[Problem] = []
    for key in value:
        if key not in fields:
            known = ", ".join(sorted(fields))
            problems.append((_join(path, str(key)), f"unknown key (known keys here: {known})"))
    for key, f in fields.items():
        if key not in value:
            if f.required:
                problems.append((_join(path, key), "required key is missing"))
            continue
        problems += _value(value[key], hints[f.name], _join(path, key))
    return problems


def _value(value: Any, annotation: Any, path: str) -> list[Problem]:
    info = mi.type_info(annotation)
    if isinstance(info, mi.Metadata):
        info = info.type
    if isinstance(info, mi.StructType):
        return _struct(value, info.cls, path)
    if isinstance(info, mi.VarTupleType | mi.ListType) and isinstance(
        info.item_type, mi.StructType
    ):
        if not isinstance(value, list):
            return [(path, f"expected a list, got {_kind(value)}")]
        item = info.item_type.cls
        return [p for i, v in enumerate(value) for p in _struct(v, item, f"{path}[{i}]")]
    try:
        msgspec.convert(value, annotation)
    except msgspec.ValidationError as exc:
        return [(_deepen(path, exc), _reason(exc, value))]
    return []


def cross_checks(p: Procedure) -> list[Problem]:
    """Rules between keys: unique ids, choices, ask_if targets, prefill kinds, rule kinds."""
    problems: list[Problem] = []
    problems += _duplicates([f.id for f in p.fields], "fields", "field id")
    problems += _duplicates([x.id for x in p.papers], "papers", "paper id")
    seen: dict[str, FormField] = {}
    for i, f in enumerate(p.fields):
        problems += [(f"fields[{i}].{k}", r) for k, r in _field_checks(f, seen)]
        seen.setdefault(f.id, f)
    if p.fee.max_vnd is not None and p.fee.per_page_vnd is None:
        problems.append(("fee.max_vnd", "max_vnd only makes sense with per_page_vnd"))
    if p.papers and "document_scanner" not in p.devices:
        problems.append(("devices", "the papers are copied: add 'document_scanner'"))
    if p.id in p.linked:
        problems.append(("linked", "a procedure cannot link to itself"))
    if (
        p.source is not None
        and p.source.verified_at
        and not _ISO_DATE.fullmatch(p.source.verified_at)
    ):
        problems.append(("source.verified_at", "must be an ISO date such as 2026-11-23"))
    return problems


def _field_checks(f: FormField, earlier: dict[str, FormField]) -> list[Problem]:
    problems: list[Problem] = []
    v = f.validation
    if f.kind is FieldKind.CHOICE and not f.choices:
        problems.append(("choices", "a choice field needs at least one choice"))
    if f.kind is not FieldKind.CHOICE and f.choices:
        problems.append(("choices", f"choices are only for kind 'choice', not {f.kind.value!r}"))
    problems += _duplicates([c.value for c in f.choices], "choices", "choice value")
    if f.prefill_from is not None and f.kind not in PREFILL_KINDS[f.prefill_from]:
        fits = ", ".join(sorted(k.value for k in PREFILL_KINDS[f.prefill_from]))
        problems.append(
            ("prefill_from", f"{f.prefill_from!r} cannot fill a {f.kind.value!r} field ({fits})")
        )
    if f.ask_if is not None:
        problems += [("ask_if", r) for r in _ask_if_problems(f.ask_if, earlier)]
    for rule in _DATE_RULES:
        if getattr(v, rule) not in (None, False) and f.kind is not FieldKind.DATE:
            problems.append((f"validation.{rule}", "only for date fields"))
    for rule in ("min_value", "max_value"):
        if getattr(v, rule) is not None and f.kind not in _NUMBER_KINDS:
            problems.append((f"validation.{rule}", "only for number fields"))
    for rule in ("min_length", "max_length", "pattern"):
        if getattr(v, rule) is not None and f.kind not in _TEXT_KINDS - {FieldKind.DATE}:
            problems.append((f"validation.{rule}", f"not for {f.kind.value!r} fields"))
    if v.min_length is not None and v.max_length is not None and v.min_length > v.max_length:
        problems.append(("validation.min_length", "is larger than max_length"))
    if v.pattern is not None:
        try:
            re.compile(v.pattern)
        except re.error as exc:
            problems.append(("validation.pattern", f"not a valid regular expression: {exc}"))
    return problems


def _ask_if_problems(ask_if: str, earlier: dict[str, FormField]) -> list[str]:
    name, sep, wanted = ask_if.partition("!=" if "!=" in ask_if else "=")
    name, wanted = name.strip(), wanted.strip()
    if not sep or not name or not wanted:
        return [f"must be 'field_id=value' or 'field_id!=value', got {ask_if!r}"]
    target = earlier.get(name)
    if target is None:
        return [f"names {name!r}, which is not an earlier field of this procedure"]
    if target.kind is FieldKind.CHOICE and wanted not in {c.value for c in target.choices}:
        values = ", ".join(c.value for c in target.choices)
        return [f"{wanted!r} is not a choice of {name!r} ({values})"]
    if target.kind is FieldKind.YES_NO and wanted not in ("yes", "no"):
        return [f"a yes/no field is answered 'yes' or 'no', not {wanted!r}"]
    return []


def _duplicates(values: list[str], path: str, what: str) -> list[Problem]:
    first: dict[str, int] = {}
    problems: list[Problem] = []
    for i, value in enumerate(values):
        if value in first:
            problems.append((f"{path}[{i}]", f"duplicate {what} {value!r} (see [{first[value]}])"))
        first.setdefault(value, i)
    return problems


_ISO_DATE = re.compile(r"\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])")
_AT = re.compile(r" - at `\$(.*)`$")


def _deepen(path: str, exc: msgspec.ValidationError) -> str:
    match = _AT.search(str(exc))
    return path + match.group(1) if match else path


def _reason(exc: msgspec.ValidationError, value: Any) -> str:
    msg = _AT.sub("", str(exc))
    return msg if "got" in msg else f"{msg} (got {value!r})"


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(value: Any) -> str:
    return "nothing" if value is None else type(value).__name__
