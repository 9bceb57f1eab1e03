"""The standstill period: when a contract may be entered into after the contract award notice (docs/reports.md).

Procurement Act 2023 s.51: the mandatory standstill period is eight working days *beginning with* the day the
contract award notice is published, so a notice published on a working day is day 1 of the eight (the Cabinet
Office guidance "Contract award notices and standstill" says the same). A working day is not a Saturday, a Sunday
or a bank holiday. A light touch contract (most care contracts) has no mandatory standstill; an authority may
observe a voluntary one of the same length.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

#: Working days in the mandatory standstill period (Procurement Act 2023 s.51).
STANDSTILL_WORKING_DAYS = 8

D = dt.date

#: Bank holidays in England and Wales, 2025 to 2028 (Banking and Financial Dealings Act 1971 and royal
#: proclamations). Source: GOV.UK "UK bank holidays" (gov.uk/bank-holidays) for 2025 to 2027; 2028 follows the
#: same statutory pattern and substitution rule (a holiday on a weekend moves to the next weekday) and should be
#: checked against GOV.UK when it is published. A one-off holiday (a coronation, a jubilee) must be added here.
BANK_HOLIDAYS_ENGLAND_AND_WALES: frozenset[dt.date] = frozenset(
    {
        # 2025
        D(2025, 1, 1),
        D(2025, 4, 18),
        D(2025, 4, 21),
        D(2025, 5, 5),
        D(2025, 5, 26),
        D(2025, 8, 25),
        D(2025, 12, 25),
        D(2025, 12, 26),
        # 2026: Boxing Day is a Saturday, so Monday 28 December is the substitute day
        D(2026, 1, 1),
        D(2026, 4, 3),
        D(2026, 4, 6),
        D(2026, 5, 4),
        D(2026, 5, 25),
        D(2026, 8, 31),
        D(2026, 12, 25),
        D(2026, 12, 28),
        # 2027: Christmas Day and Boxing Day fall on the weekend: Monday 27 and Tuesday 28 December instead
        D(2027, 1, 1),
        D(2027, 3, 26),
        D(2027, 3, 29),
        D(2027, 5, 3),
        D(2027, 5, 31),
        D(2027, 8, 30),
        D(2027, 12, 27),
        D(2027, 12, 28),
        # 2028: New Year's Day is a Saturday, so Monday 3 January
        D(2028, 1, 3),
        D(2028, 4, 14),
        D(2028, 4, 17),
        D(2028, 5, 1),
        D(2028, 5, 29),
        D(2028, 8, 28),
        D(2028, 12, 25),
        D(2028, 12, 26),
    }
)

#: The years the table above covers: a date outside them cannot be counted reliably.
CALENDAR_YEARS = range(2025, 2029)


class OutsideCalendar(ValueError):
    """A working day was needed in a year the bank holiday table does not cover."""


def is_working_day(day: dt.date, holidays: Collection[dt.date] = BANK_HOLIDAYS_ENGLAND_AND_WALES) -> bool:
    if day.year not in CALENDAR_YEARS:
        raise OutsideCalendar(
            f"svtool's bank holiday table covers {CALENDAR_YEARS.start} to "
            f"{CALENDAR_YEARS.stop - 1}, not {day.year}: add that year's bank holidays to "
            "svtool/domain/standstill.py."
        )
    return day.weekday() < 5 and day not in holidays


def standstill_end(
    notice_date: dt.date,
    holidays: Collection[dt.date] = BANK_HOLIDAYS_ENGLAND_AND_WALES,
    working_days: int = STANDSTILL_WORKING_DAYS,
) -> dt.date:
    """The last day of the standstill period for a contract award notice published on notice_date.

    The notice day counts as the first working day if it is one; the contract may be entered into once the day
    returned has ended. Raises OutsideCalendar for a date the bank holiday table does not cover.
    """
    day, counted = notice_date, 0
    while True:
        if is_working_day(day, holidays):
            counted += 1
            if counted == working_days:
                return day
        day += dt.timedelta(days=1)
