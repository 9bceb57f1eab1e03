"""An FTE commitment typed as hours a week x weeks on the Bidders page, and the pro-rated figure shown with its
working (docs/scoring-method.md, "FTE pro-rating"; the arithmetic is domain/committed.py's)."""

from __future__ import annotations

import re
from decimal import Decimal

from svtool.domain.committed import committed, full_time_year
from svtool.domain.evaluation import Bid, Evaluation, FteWorking, MeasureMethod
from svtool.domain.framework import Framework
from svtool.domain.numbers import rounded
from svtool.ui.widgets import parse_amount, plain

#: "20 x 39", "20 × 39", "20 hours x 39 weeks", "20h by 39w".
_PAIR = re.compile(
    r"^\s*(?P<hours>[0-9.,]+)\s*(?:hours?(?:\s+a\s+week)?|hrs?|h)?\s*(?:x|×|\*|by)\s*"
    r"(?P<weeks>[0-9.,]+)\s*(?:weeks?|wks?|w)?\s*$",
    re.IGNORECASE,
)
MOST_HOURS, MOST_WEEKS = Decimal(168), Decimal(53)
FORMAT = "hours a week × weeks, such as 20 × 39"


class WorkingError(ValueError):
    """What was typed is not hours a week x weeks; the message says what to write."""


def measure_unit(evaluation: Evaluation, measure_id: str, framework: Framework | None) -> str:
    """The unit a commitment to the measure is in: its committed-figure question's, else the framework's."""
    for question in evaluation.questions:
        method = question.method
        if isinstance(method, MeasureMethod) and method.measure_id == measure_id:
            return method.unit
    measure = framework.find_measure(measure_id) if framework else None
    return (measure.unit or "") if measure else ""


def read_working(text: str, measure_id: str) -> FteWorking | None:
    """The working typed for a measure; None for a blank cell (no working). Raises WorkingError."""
    if not text.strip():
        return None
    found = _PAIR.match(text)
    hours = parse_amount(found["hours"]) if found else None
    weeks = parse_amount(found["weeks"]) if found else None
    if hours is None or weeks is None:
        raise WorkingError(f"The working for {measure_id} must be {FORMAT}. '{text.strip()}' is not.")
    if not (0 <= hours <= MOST_HOURS and 0 <= weeks <= MOST_WEEKS):
        raise WorkingError(
            f"The working for {measure_id} must be 0 to {MOST_HOURS} hours a week for 0 to {MOST_WEEKS} weeks. "
            f"'{text.strip()}' is not."
        )
    return FteWorking(hours, weeks)


def working_text(working: FteWorking | None) -> str:
    """The working as the officer types it."""
    return "" if working is None else f"{plain(working.hours_per_week)} × {plain(working.weeks)}"


def committed_text(evaluation: Evaluation, bid: Bid | None, measure_id: str) -> str:
    """The figure committed: the pro-rated FTE (to 4 places, as stored) where the working is given."""
    if bid is None:
        return ""
    if measure_id in bid.working:
        return plain(rounded(committed(bid, measure_id, full_time_year(evaluation)), 4))
    return plain(bid.commitments.get(measure_id))


def pro_rating(evaluation: Evaluation, bid: Bid | None, measure_id: str) -> str:
    """How the pro-rated figure is worked out, in words; empty where the figure was entered outright."""
    working = bid.working.get(measure_id) if bid else None
    if working is None:
        return ""
    figure = rounded(committed(bid, measure_id, full_time_year(evaluation)), 2)
    return (
        f"{plain(working.hours_per_week)} hours a week × {plain(working.weeks)} weeks ÷ "
        f"({plain(evaluation.full_time_hours)} × {plain(evaluation.full_time_weeks)} full-time) = {figure:.2f} FTE"
    )
