"""Working days in Vietnam: the appointment date ("ngày hẹn trả") of a dossier.

Processing times of procedures are counted in working days (ngày làm việc): Monday to Friday,
minus public holidays (Labour Code 2019 Art. 112: Tết Dương lịch, Tết Âm lịch, Hùng Kings,
30/4, 1/5, Quốc khánh), minus the bridge days the Government moves each year, plus the Saturdays
it makes working days in exchange. The maintained `holidays` library (MIT, python-holidays
project) carries all of that, lunar dates included: `holidays.VN` has the Tết days, Hùng Kings'
day (10/3 lunar) with its observed Monday, the substituted days off and the weekend workdays
(`weekend_workdays`, e.g. Saturday 2026-08-22 worked for Monday 2026-08-31).
"""

from __future__ import annotations

import threading
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")
# Past this local time a dossier counts as received on the next working day (office hours end;
# the exact hour is set by each ward's one-stop regulation, so it is a parameter).
DEFAULT_CUTOFF = time(17, 0)


class WorkingDayCalendar:
    """Thread-safe: the library fills its years lazily, so lookups go through a lock."""

    def __init__(self, cutoff: time | None = DEFAULT_CUTOFF) -> None:
        import holidays  # 0.1-0.2 s to import: only when a portal is built

        self._calendar: Any = holidays.country_holidays("VN")
        self._lock = threading.Lock()
        self._cutoff = cutoff

    def is_working_day(self, day: date) -> bool:
        with self._lock:
            return bool(self._calendar.is_working_day(day))

    def holiday_name(self, day: date) -> str | None:
        with self._lock:
            name = self._calendar.get(day)
        return None if name is None else str(name)

    def reception_day(self, received_at: datetime) -> date:
        """The working day a dossier received at `received_at` counts from."""
        if received_at.tzinfo is None:
            raise ValueError("received_at must be timezone-aware")
        local = received_at.astimezone(VIETNAM)
        day = local.date()
        if self._cutoff is not None and local.time() >= self._cutoff:
            day += timedelta(days=1)
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def appointment_date(self, received_at: datetime, processing_days: int) -> date:
        """The `processing_days`-th working day after the reception day (0 = that same day)."""
        if processing_days < 0:
            raise ValueError(f"processing_days must be >= 0, not {processing_days}")
        day = self.reception_day(received_at)
        left = processing_days
        while left > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                left -= 1
        return day
