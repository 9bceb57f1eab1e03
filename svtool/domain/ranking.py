"""Ranking (docs/scoring-method.md, rule 5): highest total first, or lowest price per quality point first; ties
broken by the higher total outside the price envelope, then the lower price; bidders still level share a rank;
excluded bidders follow, unranked. Moved out of engine.py, which keeps each bidder's key between edits."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from fractions import Fraction

from svtool.domain.evaluation import EnvelopeKind, PriceFormula
from svtool.domain.numbers import ZERO
from svtool.domain.results import BidderResult

#: Stands in for a missing price or price per point, so that a bidder without one ranks after those with one.
_NO_PRICE = Fraction(10**18)


def rank_key(r: BidderResult, envelope_kind: Mapping[str, EnvelopeKind], formula: PriceFormula) -> tuple[Fraction, ...]:
    """What a bidder is ranked by: lowest first."""
    quality = sum((v for e, v in r.envelope_totals.items() if envelope_kind[e] is not EnvelopeKind.PRICE), ZERO)
    price = r.price if r.price is not None else _NO_PRICE
    if formula is PriceFormula.PRICE_PER_QUALITY_POINT:
        per = r.price_per_quality_point if r.price_per_quality_point is not None else _NO_PRICE
        return (per, -quality, price)
    return (-r.total, -quality, price)


def ranked(results: Iterable[BidderResult], keys: Mapping[str, tuple[Fraction, ...]]) -> tuple[BidderResult, ...]:
    """The results in rank order, each with its rank (None for the excluded, who come last, highest total first)."""
    results = list(results)
    ordered = sorted((r for r in results if not r.excluded), key=lambda r: keys[r.bidder_id])
    excluded = [r for r in results if r.excluded]
    out: list[BidderResult] = []
    previous: tuple[Fraction, ...] | None = None
    rank = 0
    for position, result in enumerate(ordered, start=1):
        current = keys[result.bidder_id]
        if current != previous:
            rank = position
        previous = current
        out.append(result if result.rank == rank else replace(result, rank=rank))
    excluded.sort(key=lambda r: -r.total)
    out += [r if r.rank is None else replace(r, rank=None) for r in excluded]
    return tuple(out)
