"""Where the first of several competitors may change as t moves between two points, without comparing every pair.

Used by the split sensitivity (split_ranges.py) for the recommended bidder, and for the best bidder on a question or
envelope scored relative to the best. Start from a point inside, where the first is found by ranking everyone
once. Moving right, the first can only change where some competitor draws level with it: the earliest root of
their differences. There, only the competitors level with it can be first just beyond (the others are strictly
behind and stay so for a while), so they alone are ranked, just beyond the point and before any of them draw level
with each other. Then on from there; and the same moving left. Each step solves one difference per competitor,
so the work grows with the number of competitors times the number of changes, not with the number of pairs.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from math import floor

from svtool.domain import polynomials as poly
from svtool.domain.polynomials import Poly, Root

#: Crossings closer than this are one crossing (the same point, bracketed from two polynomials, say).
SAME_POINT = Fraction(1, 10**20)

#: The rank of a competitor at t: the lowest ranks first.
Key = Callable[[str, Fraction], tuple[Fraction, ...]]
#: The polynomials whose roots are where two competitors may change places.
Differences = Callable[[str, str], list[Poly]]


def between(low: Fraction, high: Fraction) -> Fraction:
    """A short decimal in the middle third of low to high (the engine is asked at such points, and a sweep starts
    there), else their midpoint."""
    third = (high - low) / 3
    for places in range(30):
        step = Fraction(1, 10**places)
        candidate = (floor((low + third) / step) + 1) * step
        if candidate < high - third:
            return candidate
    return (low + high) / 2


def changes(
    competitors: Sequence[str], key: Key, differences: Differences, low: Fraction, high: Fraction
) -> list[Root]:
    """The points strictly between low and high where the first of the competitors may change, in order."""
    if len(competitors) < 2:
        return []
    start = between(low, high)
    first = min(competitors, key=lambda c: key(c, start))
    found = _onwards(competitors, key, differences, first, start, high, 1) + _onwards(
        competitors, key, differences, first, start, low, -1
    )
    return sorted(found)


def _onwards(
    competitors: Sequence[str],
    key: Key,
    differences: Differences,
    first: str,
    start: Fraction,
    end: Fraction,
    direction: int,
) -> list[Root]:
    found: list[Root] = []
    here = start
    while True:
        level: dict[str, Root] = {}
        for other in competitors:
            if other != first:
                nearest = _nearest(differences(first, other), here, end, direction)
                if nearest is not None:
                    level[other] = nearest
        if not level:
            return found
        point = min(level.values(), key=lambda r: direction * r.value)
        found.append(point)
        group = [first, *(c for c, r in level.items() if abs(r.value - point.value) < SAME_POINT)]
        # Just beyond the point, before any of the group draw level with each other again.
        past = point.value + direction * SAME_POINT
        if direction * (end - past) <= 0:
            return found
        beyond = [
            _nearest(differences(a, b), past, end, direction) for i, a in enumerate(group) for b in group[i + 1 :]
        ]
        limit = min((r.value for r in beyond if r is not None), key=lambda v: direction * v, default=end)
        probe = between(past, limit) if direction > 0 else -between(-past, -limit)
        first = min(group, key=lambda c: key(c, probe))
        here = past


def _nearest(polynomials: list[Poly], here: Fraction, end: Fraction, direction: int) -> Root | None:
    """The root of any of the polynomials nearest to here, going towards end (here and end themselves excluded)."""
    low, high = (here, end) if direction > 0 else (end, here)
    roots = [r for p in polynomials for r in poly.roots_between(p, low, high)]
    return min(roots, key=lambda r: direction * r.value, default=None)
