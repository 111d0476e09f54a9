"""A tiny in-test catalogue and answer check for the procedure flow's unit and property tests."""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec

from kiosk.domain.identity import CitizenIdentity
from kiosk.domain.procedure import FieldKind, FormField, LifeEvent, Procedure

LAN = CitizenIdentity(
    id_number="001056012345",
    full_name="Nguyễn Thị Lan",
    birth_date=date(1956, 3, 2),
    address="12 Hàng Bạc, Hoàn Kiếm",
    spouse_name="Trần Văn Hùng",
)
TU = CitizenIdentity(id_number="079088004321", full_name="Chu Văn Tư", birth_date=date(1988, 1, 9))

BIRTH: dict[str, Any] = {
    "id": "birth",
    "national_code": "1.001193",
    "name": "Đăng ký khai sinh",
    "short_name": "Khai sinh",
    "group": "sinh_con",
    "icon": "baby",
    "papers": [{"id": "birth_cert", "name": "Giấy chứng sinh"}],
    "fields": [
        {"id": "parent_name", "kind": "text", "question": "Họ tên người đi khai?",
         "prefill_from": "full_name"},
        {"id": "child_name", "kind": "text", "question": "Họ tên cháu bé?"},
        {"id": "child_birth", "kind": "date", "question": "Ngày sinh của cháu?",
         "validation": {"past_only": True}},
        {"id": "married", "kind": "yes_no", "question": "Cha mẹ đã đăng ký kết hôn?"},
        {"id": "marriage_place", "kind": "text", "question": "Nơi đăng ký kết hôn?",
         "ask_if": "married=yes"},
    ],
}  # fmt: skip
COPY: dict[str, Any] = {
    "id": "copy",
    "name": "Chứng thực bản sao từ bản chính",
    "short_name": "Chứng thực bản sao",
    "group": "chung_thuc",
    "icon": "stamp",
    "fields": [
        {"id": "copies", "kind": "number", "question": "Số bản sao?",
         "validation": {"min_value": 1, "max_value": 20}},
    ],
}  # fmt: skip


class FakeCatalogue:
    def __init__(self, *data: dict[str, Any]) -> None:
        self._all = tuple(msgspec.convert(d, Procedure) for d in (data or (BIRTH, COPY)))

    def all(self) -> tuple[Procedure, ...]:
        return self._all

    def get(self, procedure_id: str) -> Procedure:
        for p in self._all:
            if p.id == procedure_id:
                return p
        raise KeyError(procedure_id)

    def by_group(self, group: LifeEvent) -> tuple[Procedure, ...]:
        return tuple(p for p in self._all if p.group is group)

    def search(self, text: str) -> list[Procedure]:
        return [p for p in self._all if text.lower() in p.name.lower()]

    def by_qr(self, text: str) -> Procedure | None:
        return next((p for p in self._all if text == f"kiosk:procedure:{p.id}"), None)


def fake_check(field: FormField, value: object, today: date) -> str | None:
    """Enough of contract 3's rules to exercise the flow: required, past dates, number range."""
    if value is None or value == "":
        return "procedure_invalid.required" if field.validation.required else None
    if field.kind is FieldKind.DATE:
        if not isinstance(value, date):
            return "procedure_invalid.not_a_date"
        if field.validation.past_only and value > today:
            return "procedure_invalid.date_in_future"
    if field.kind is FieldKind.NUMBER:
        v = field.validation
        if not isinstance(value, int):
            return "procedure_invalid.not_a_number"
        if v.min_value is not None and value < v.min_value:
            return "procedure_invalid.number_too_small"
    return None
