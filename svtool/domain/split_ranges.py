"""Split sensitivity, solved exactly: over what range of a stage's share the recommendation holds, the other stages
keeping their proportions (docs/scoring-method.md, "Sensitivity").

The share t runs from 0 to 100. Where each bidder's total is a ratio of polynomials in t (split_model.py), the
recommended bidder can change only where two totals are level, a bidder crosses an envelope minimum, or the best
bidder on a relative question or envelope changes: roots of polynomials. Between consecutive roots nothing changes,
so the winner at one point of each stretch is the winner throughout it. The engine is asked at one point of each
stretch where the same bidders take part, and at 0 and 100 themselves, and its totals there must equal the model's.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction

from svtool.domain import polynomials as poly
from svtool.domain.engine import Engine
from svtool.domain.evaluation import EnvelopeKind, ScaleMethod
from svtool.domain.numbers import HUNDRED, ZERO, show
from svtool.domain.polynomials import Root
from svtool.domain.results import Results
from svtool.domain.split_model import Constants, SplitModel, Stretch, stage_shares
from svtool.domain.sweep import SAME_POINT, between


@dataclass(frozen=True)
class SplitSegment:
    """A stretch of the varied stage's share (per cent) over which one bidder is ranked first."""

    low: Fraction
    high: Fraction
    winner_id: str | None  # None: no single bidder (a tie the tie-break cannot separate)
    #: False where an end is an irrational crossing, given to within polynomials.TOLERANCE.
    exact: bool = True


@dataclass(frozen=True)
class StageRange:
    """How far one stage's share can move, the others keeping their proportions, before the recommendation
    changes."""

    stage_id: str
    share: Fraction  # its share now, per cent
    segments: tuple[SplitSegment, ...]  # from 0 to 100, who is ranked first
    #: The range of shares, around the present one, over which the recommended bidder stays first; None where
    #: there is no single recommended bidder.
    holds_from: Fraction | None
    holds_to: Fraction | None
    #: False where an end is an irrational crossing, given to within polynomials.TOLERANCE.
    exact: bool
    #: Who would be ranked first just below holds_from and just above holds_to; None for no single bidder, or
    #: where the range reaches 0 (or 100).
    below_id: str | None
    above_id: str | None
    statement: str


@dataclass(frozen=True)
class SplitSensitivity:
    """For two stages, the first stage's range (the second has the rest); for three or more, every stage's."""

    winner_id: str | None
    stages: tuple[StageRange, ...]
    statement: str


def split_sensitivity(engine: Engine, results: Results) -> SplitSensitivity | None:
    """The exact ranges; None with fewer than two stages, or a split that does not add up to 100."""
    evaluation = engine.evaluation
    if len(evaluation.stages) < 2:
        return None
    varied = evaluation.stages[:1] if len(evaluation.stages) == 2 else evaluation.stages
    winner = results.winner
    ranges = []
    for stage in varied:
        shares = stage_shares(evaluation, stage.id)
        if shares is None:
            return None
        pieces = _segments(engine, results, SplitModel(evaluation, results, shares))
        ranges.append(_range(engine, results, stage.id, pieces))
    if winner is None:
        return SplitSensitivity(None, tuple(ranges), "There is no single recommended bidder at the current split.")
    if len(evaluation.stages) == 2:
        statement = ranges[0].statement
    else:
        statement = (
            f"The recommendation ({winner.name}) holds while one stage's share moves, the others scaled "
            "in proportion, within these ranges: "
            + "; ".join(_stage_words(results, r, s.name) for r, s in zip(ranges, varied, strict=True))
            + "."
        )
    return SplitSensitivity(winner.bidder_id, tuple(ranges), statement)


# Finding who is first, stretch by stretch -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Piece:
    low: Root
    high: Root
    winner_id: str | None


def _segments(engine: Engine, results: Results, model: SplitModel) -> list[_Piece]:
    pieces: list[_Piece] = []
    thresholds = [r for p in dict.fromkeys(model.threshold_crossings()) for r in poly.roots_between(p, ZERO, HUNDRED)]
    for low, high in _stretches(_points(Root(ZERO), thresholds, Root(HUNDRED))):
        middle = between(low.value, high.value)
        variant = engine.with_split(model.split_at(middle)).results()
        constants = _constants(engine, variant)
        bests = model.best_changes(list(constants), low.value, high.value)
        for start, end in _stretches(_points(low, bests, high)):
            stretch = model.stretch(constants, between(start.value, end.value))
            if start.value < middle < end.value:
                _check(stretch, variant, middle)
            for first, last in _stretches(_points(start, stretch.changes(start.value, end.value), end)):
                pieces.append(_Piece(first, last, stretch.winner(between(first.value, last.value))))
    for edge in (ZERO, HUNDRED):  # a stage with no share drops out of every question: ask the engine there
        winner = engine.with_split(model.split_at(edge)).results().winner
        at = winner.bidder_id if winner else None
        if at != (pieces[0] if edge == ZERO else pieces[-1]).winner_id:
            pieces.insert(0 if edge == ZERO else len(pieces), _Piece(Root(edge), Root(edge), at))
    merged: list[_Piece] = []
    for piece in pieces:
        if merged and merged[-1].winner_id == piece.winner_id:
            merged[-1] = _Piece(merged[-1].low, piece.high, piece.winner_id)
        else:
            merged.append(piece)
    return merged


def _points(low: Root, found: list[Root], high: Root) -> list[Root]:
    """low, the points found strictly between low and high in order (each crossing once), and high."""
    kept: list[Root] = [low]
    for root in sorted(r for r in found if low.value < r.value < high.value):
        if root.value - kept[-1].value >= SAME_POINT:
            kept.append(root)
        elif root.exact and not kept[-1].exact and len(kept) > 1:
            kept[-1] = root  # the same crossing, found exactly from another polynomial
    if len(kept) > 1 and high.value - kept[-1].value < SAME_POINT:
        kept.pop()
    return [*kept, high]


def _stretches(points: list[Root]) -> list[tuple[Root, Root]]:
    return list(itertools.pairwise(points))


def _constants(engine: Engine, variant: Results) -> dict[str, Constants]:
    """Each participant's points outside its scale questions, which do not depend on the split."""
    evaluation = engine.evaluation
    priced = {e.id for e in evaluation.envelopes if e.kind is EnvelopeKind.PRICE}
    others = {q.id: q.envelope_id in priced for q in evaluation.questions if not isinstance(q.method, ScaleMethod)}
    out = {}
    for bidder in variant.ranked:
        points = {q: bidder.questions[q].contribution or ZERO for q in others}
        out[bidder.bidder_id] = Constants(
            sum(points.values(), ZERO), sum((v for q, v in points.items() if not others[q]), ZERO), bidder.price
        )
    return out


def _check(stretch: Stretch, variant: Results, t: Fraction) -> None:
    """The model must give the engine's totals exactly; a difference is a fault in svtool, never rounded away."""
    for bidder in variant.ranked:
        if stretch.totals[bidder.bidder_id].at(t) != bidder.total:
            raise RuntimeError(f"split sensitivity: the total for {bidder.bidder_id} at {t} differs from the engine's")
    winner = variant.winner
    if stretch.winner(t) != (winner.bidder_id if winner else None):
        raise RuntimeError(f"split sensitivity: the recommended bidder at {t} differs from the engine's")


# The range around the present share, in words --------------------------------------------------------------------


def _range(engine: Engine, results: Results, stage_id: str, pieces: list[_Piece]) -> StageRange:
    share = Fraction(engine.evaluation.split.get(stage_id, 0))
    segments = tuple(SplitSegment(p.low.value, p.high.value, p.winner_id, p.low.exact and p.high.exact) for p in pieces)
    winner = results.winner
    if winner is None:
        return StageRange(
            stage_id,
            share,
            segments,
            None,
            None,
            True,
            None,
            None,
            "There is no single recommended bidder at the current split.",
        )
    inside = [p for p in pieces if p.low.value < share < p.high.value]
    if inside and inside[0].winner_id != winner.bidder_id:
        raise RuntimeError("split sensitivity: the recommended bidder at the present split differs from the engine's")
    holding = [
        i for i, p in enumerate(pieces) if p.low.value <= share <= p.high.value and p.winner_id == winner.bidder_id
    ]
    if holding:
        low, high = pieces[holding[0]].low, pieces[holding[-1]].high
        below = pieces[holding[0] - 1].winner_id if holding[0] > 0 else None
        above = pieces[holding[-1] + 1].winner_id if holding[-1] + 1 < len(pieces) else None
    else:  # first only at the present share itself, a crossing where the tie-break favours it
        low = high = Root(share)
        below = next((p.winner_id for p in reversed(pieces) if p.low.value < share), None)
        above = next((p.winner_id for p in pieces if p.high.value > share), None)
    below, above = (below if low.value > 0 else None), (above if high.value < HUNDRED else None)
    names = {b.bidder_id: b.name for b in results.bidders}
    stages = engine.evaluation.stages
    if len(stages) == 2:
        first, second = (s.name.lower() for s in stages)
        statement = (
            f"The recommendation ({winner.name}) holds for {first}/{second} splits from {_pair(low.value)} "
            f"to {_pair(high.value)}"
        )
    else:
        name = next(s.name for s in stages if s.id == stage_id)
        statement = (
            f"{name} is {show(share)}% of the split: the recommendation ({winner.name}) holds with its share "
            f"from {show(low.value)}% to {show(high.value)}%, the other stages scaled in proportion"
        )
    shown = _pair if len(stages) == 2 else (lambda v: f"{show(v)}%")
    limits = [
        f"{side} {shown(end.value)} {names[who] if who else 'no single bidder'} would be ranked first"
        for side, end, who, reached in (
            ("below", low, below, low.value > 0),
            ("above", high, above, high.value < HUNDRED),
        )
        if reached
    ]
    statement += "; " + " and ".join(limits) + "." if limits else ", the whole range."
    return StageRange(
        stage_id, share, segments, low.value, high.value, low.exact and high.exact, below, above, statement
    )


def _pair(first: Fraction) -> str:
    """A two-stage split as shown: the first share rounded by the display rule, the second the rest of 100, so the
    pair always adds up to 100 (docs/scoring-method.md)."""
    shown = Fraction(show(first).replace(",", ""))
    return f"{show(shown)}/{show(HUNDRED - shown)}"


def _stage_words(results: Results, stage: StageRange, name: str) -> str:
    names = {b.bidder_id: b.name for b in results.bidders}
    low, high = stage.holds_from or ZERO, stage.holds_to or HUNDRED
    words = f"{name} from {show(low)}% to {show(high)}% (now {show(stage.share)}%"
    if low > 0:
        words += f"; below, {names[stage.below_id] if stage.below_id else 'no single bidder'}"
    if high < HUNDRED:
        words += f"; above, {names[stage.above_id] if stage.above_id else 'no single bidder'}"
    return words + ")"
