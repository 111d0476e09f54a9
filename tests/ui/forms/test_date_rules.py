"""The date wheels' rules (pure functions beside the widget): any taps keep a valid date."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from ui.forms.date_wheels import clamp_date, step

TAPS = st.lists(
    st.tuples(st.sampled_from(["day", "month", "year"]), st.sampled_from([1, -1, 10, -10])),
    max_size=60,
)
DATES = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))


@given(DATES, st.integers(0, 40_000), DATES, TAPS)
def test_any_taps_keep_a_real_date_in_range(
    low: date, span: int, start: date, taps: list[tuple[str, int]]
) -> None:
    high = min(low + timedelta(days=span), date(2100, 12, 31))
    current = clamp_date(start.day, start.month, start.year, low, high)
    assert low <= current <= high
    for part, delta in taps:
        current = step(current, part, delta, low, high)
        assert isinstance(current, date)  # date() itself refuses 31/02: it was never built
        assert low <= current <= high


def test_day_shrinks_to_the_month() -> None:
    wide = (date(1900, 1, 1), date(2100, 12, 31))
    assert step(date(2024, 1, 31), "month", 1, *wide) == date(2024, 2, 29)
    assert step(date(2024, 2, 29), "year", -1, *wide) == date(2023, 2, 28)
    assert step(date(2023, 2, 28), "day", 1, *wide) == date(2023, 2, 1)
    assert step(date(2023, 12, 31), "month", 1, *wide) == date(2023, 1, 31)
    assert clamp_date(31, 4, 2025, *wide) == date(2025, 4, 30)
