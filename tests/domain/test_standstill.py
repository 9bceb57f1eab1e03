"""The standstill period counted in working days over bank holidays (svtool/domain/standstill.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from svtool.domain.standstill import BANK_HOLIDAYS_ENGLAND_AND_WALES, OutsideCalendar, is_working_day, standstill_end

D = dt.date


def test_an_ordinary_fortnight_is_eight_working_days_counting_the_notice_day() -> None:
    # Monday 9 March 2026: Mon-Fri that week are days 1-5, Mon-Wed the next are days 6-8.
    assert standstill_end(D(2026, 3, 9)) == D(2026, 3, 18)


def test_christmas_and_new_year_are_skipped() -> None:
    # Tuesday 22 December 2026: 22, 23, 24 (days 1-3); 25 Christmas, 26-27 weekend, 28 the Boxing Day substitute;
    # 29, 30, 31 (days 4-6); 1 January a bank holiday, 2-3 weekend; 4 and 5 January (days 7-8).
    assert standstill_end(D(2026, 12, 22)) == D(2027, 1, 5)


def test_easter_is_skipped() -> None:
    # Wednesday 1 April 2026: 1, 2 (days 1-2); Good Friday 3 April, the weekend, Easter Monday 6 April;
    # 7-10 (days 3-6); the weekend; 13 and 14 (days 7-8).
    assert standstill_end(D(2026, 4, 1)) == D(2026, 4, 14)


def test_a_notice_at_the_weekend_starts_counting_on_the_next_working_day() -> None:
    # Easter Saturday 2027: Easter Monday 29 March is a holiday, so Tuesday 30 March is day 1 and 8 April day 8.
    assert standstill_end(D(2027, 3, 27)) == D(2027, 4, 8)


def test_the_table_has_eight_holidays_a_year_on_weekdays() -> None:
    for year in range(2025, 2029):
        days = [d for d in BANK_HOLIDAYS_ENGLAND_AND_WALES if d.year == year]
        assert len(days) == 8 and all(d.weekday() < 5 for d in days), year
    assert not is_working_day(D(2025, 12, 25)) and is_working_day(D(2025, 12, 24))


def test_a_year_outside_the_table_is_refused_not_guessed() -> None:
    with pytest.raises(OutsideCalendar, match="2029"):
        standstill_end(D(2028, 12, 22))
