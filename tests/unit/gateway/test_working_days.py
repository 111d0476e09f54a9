"""The working-day calendar against known 2026 Vietnamese dates (holidays.VN)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import pytest

from kiosk.services.portal_local.working_days import VIETNAM, WorkingDayCalendar


@pytest.fixture(scope="module")
def calendar() -> WorkingDayCalendar:
    return WorkingDayCalendar()


def vn(y: int, m: int, d: int, hh: int = 9, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=VIETNAM)


# (day, working?, why) — 2026 per the Labour Code and the Government's 2026 schedule.
DAYS_2026 = [
    (date(2026, 1, 1), False, "Tết Dương lịch"),
    (date(2026, 1, 2), True, "Friday after New Year"),
    (date(2026, 2, 13), True, "Friday before the Tết break"),
    (date(2026, 2, 16), False, "Lunar New Year's Eve (29 Tết)"),
    (date(2026, 2, 17), False, "Mùng 1 Tết (lunar 1/1)"),
    (date(2026, 2, 18), False, "Mùng 2 Tết"),
    (date(2026, 2, 19), False, "Mùng 3 Tết"),
    (date(2026, 2, 20), False, "Mùng 4 Tết"),
    (date(2026, 2, 23), True, "first Monday after Tết"),
    (date(2026, 4, 26), False, "Giỗ Tổ Hùng Vương (lunar 10/3), a Sunday"),
    (date(2026, 4, 27), False, "Hùng Kings observed on Monday"),
    (date(2026, 4, 28), True, "Tuesday after Hùng Kings"),
    (date(2026, 4, 30), False, "Reunification Day"),
    (date(2026, 5, 1), False, "Labour Day"),
    (date(2026, 8, 22), True, "Saturday worked in exchange for 31/8"),
    (date(2026, 8, 31), False, "bridge day off before Quốc khánh"),
    (date(2026, 9, 1), False, "Quốc khánh (extra day)"),
    (date(2026, 9, 2), False, "Quốc khánh"),
    (date(2026, 9, 3), True, "Thursday after Quốc khánh"),
    (date(2026, 11, 21), False, "an ordinary Saturday"),
    (date(2026, 11, 22), False, "an ordinary Sunday"),
    (date(2026, 11, 23), True, "an ordinary Monday"),
    (date(2026, 11, 24), False, "Ngày Văn hóa Việt Nam (24/11, a day off from 2026)"),
    (date(2026, 12, 31), True, "New Year's Eve is worked"),
]


@pytest.mark.parametrize(("day", "working", "why"), DAYS_2026, ids=[d[2] for d in DAYS_2026])
def test_2026_days(calendar: WorkingDayCalendar, day: date, working: bool, why: str) -> None:
    assert calendar.is_working_day(day) is working, why


def test_tet_has_a_name(calendar: WorkingDayCalendar) -> None:
    name = calendar.holiday_name(date(2026, 2, 17))
    assert name is not None and "Lunar New Year" in name
    assert calendar.holiday_name(date(2026, 11, 23)) is None


# (received, processing days, appointment)
APPOINTMENTS = [
    (vn(2026, 11, 23), 0, date(2026, 11, 23)),  # same day, in office hours
    (vn(2026, 11, 23, 17, 30), 0, date(2026, 11, 25)),  # after hours; 24/11 is a holiday too
    (vn(2026, 11, 20), 1, date(2026, 11, 23)),  # Friday + 1 → Monday
    (vn(2026, 11, 21), 0, date(2026, 11, 23)),  # received on Saturday → Monday
    (vn(2026, 2, 13), 1, date(2026, 2, 23)),  # across the whole Tết break
    (vn(2026, 2, 12), 3, date(2026, 2, 24)),  # 13/2, 23/2, 24/2
    (vn(2026, 4, 24), 1, date(2026, 4, 28)),  # Friday + 1 across Hùng Kings observed
    (vn(2026, 4, 29), 1, date(2026, 5, 4)),  # across 30/4 and 1/5
    (vn(2026, 8, 21), 1, date(2026, 8, 22)),  # the working Saturday counts
    (vn(2026, 8, 28), 2, date(2026, 9, 4)),  # 31/8, 1/9, 2/9 off: 3/9, 4/9
    (vn(2026, 12, 31), 1, date(2027, 1, 4)),  # into the next year
]


@pytest.mark.parametrize(("received", "days", "expected"), APPOINTMENTS)
def test_appointment_dates(
    calendar: WorkingDayCalendar, received: datetime, days: int, expected: date
) -> None:
    assert calendar.appointment_date(received, days) == expected


def test_utc_input_uses_vietnam_date(calendar: WorkingDayCalendar) -> None:
    # 2026-11-22 20:00 UTC is Monday 23/11 03:00 in Hà Nội.
    assert calendar.reception_day(datetime(2026, 11, 22, 20, 0, tzinfo=UTC)) == date(2026, 11, 23)


def test_no_cutoff_counts_the_evening_as_that_day() -> None:
    late = WorkingDayCalendar(cutoff=None)
    assert late.appointment_date(vn(2026, 11, 23, 21, 0), 0) == date(2026, 11, 23)
    early = WorkingDayCalendar(cutoff=time(15, 0))
    assert early.appointment_date(vn(2026, 11, 25, 15, 1), 0) == date(2026, 11, 26)


def test_bad_inputs(calendar: WorkingDayCalendar) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        calendar.reception_day(datetime(2026, 11, 23, 9, 0))
    with pytest.raises(ValueError, match=">= 0"):
        calendar.appointment_date(vn(2026, 11, 23), -1)
