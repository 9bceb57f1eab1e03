"""Moving the engine to another setup or stage split, keeping every result the change cannot affect
(docs/architecture.md, "The engine rescores only what moved"). Moved out of engine.py: these functions work on
an Engine's own state, which only the engine and this module touch; the engine's methods with_split and
update_setup call them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING

from svtool.domain import formulas
from svtool.domain.evaluation import Bid, Bidder, Evaluation, Moderation, ScaleMethod, Score
from svtool.domain.flags import marks_of
from svtool.domain.results import StageResult
from svtool.domain.scale_scoring import scale_plan, scored_alike

if TYPE_CHECKING:
    from svtool.domain.engine import Cell, Engine


def with_split(engine: Engine, split: Mapping[str, Decimal | Fraction]) -> Engine:
    """A copy scored under another stage split, reusing every stage score already worked out.

    The shares are used exactly; a share given as a Fraction with no exact decimal (such as 100/3) appears in
    the copy's evaluation, which only its rules' words read, to 28 significant digits."""
    other = type(engine).__new__(type(engine))  # a shallow copy: the fields below are replaced, not changed
    other.__dict__.update(engine.__dict__)
    other.evaluation = replace(
        engine.evaluation,
        split={
            stage: share if isinstance(share, Decimal) else Decimal(share.numerator) / Decimal(share.denominator)
            for stage, share in split.items()
        },
    )
    shares = {stage: Fraction(share) for stage, share in split.items()}
    other._plans = {}
    for question_id, plan in engine._plans.items():
        method = plan.question.method
        assert isinstance(method, ScaleMethod)
        own = {s: Fraction(v) for s, v in method.split.items()} if method.split is not None else None
        other._plans[question_id] = scale_plan(
            other.evaluation, plan.question, plan.stages, formulas.effective_split(plan.stages, shares, own)
        )
    other._cells, other._moderations = engine._cells, engine._moderations
    other._stage_cache = dict(engine._stage_cache)
    other._scale_cache, other._bidder_cache, other._exclusions = {}, {}, {}
    other._marks, other._scale_sums, other._sums_valid = {}, {}, False
    other._other_cache, other._bid_facts, other._rank_keys = {}, dict(engine._bid_facts), {}
    other._relative_cache = {}
    other._dirty_cells = set(engine._dirty_cells)
    other._dirty_bidders = set(engine._bidders)
    other._dirty_other = set()
    other._relative_dirty = True
    other._rescore_all_scale_questions = True
    other._with_flags = False  # a what-if is asked for its ranking; its flags would be the same words again
    return other


def update_setup(engine: Engine, evaluation: Evaluation) -> None:
    """Engine.update_setup's work (the caller pauses the garbage collector): a renamed bidder's flags are
    worded again."""
    names = {b.id: b.name for b in engine.evaluation.bidders}
    _take_setup(engine, evaluation)
    renamed = {b.id for b in evaluation.bidders if names.get(b.id, b.name) != b.name}
    for (bidder_id, question_id), result in engine._scale_cache.items():
        if bidder_id in renamed:  # its flags name it
            engine._marks[(bidder_id, question_id)] = marks_of(result, engine._bidders[bidder_id].name)


def _take_setup(engine: Engine, evaluation: Evaluation) -> None:
    before = engine.__dict__.copy()
    old_panel, old_plans, old_bidders = engine.evaluation.panel, engine._plans, engine._bidders
    old_evaluators = {e.id for e in engine.evaluation.evaluators}
    old_uncounted: frozenset[str | tuple[str, str]] = engine._uncounted
    cells, moderations, stage_cache, scale_cache = (
        engine._cells,
        engine._moderations,
        engine._stage_cache,
        engine._scale_cache,
    )
    marks, sums, sums_valid, dirty_cells = engine._marks, engine._scale_sums, engine._sums_valid, engine._dirty_cells
    engine._load(replace(evaluation, scores=(), moderations=()))
    evaluators = {e.id for e in evaluation.evaluators}
    # The same cells to score (bidders, scale questions and their stages) and the same panel: every score,
    # consensus and cached stage result still fits, so they are kept as they are.
    same_cells = (
        old_bidders.keys() == engine._bidders.keys()
        and old_plans.keys() == engine._plans.keys()
        and all(old_plans[q].stages == plan.stages for q, plan in engine._plans.items())
    )
    if same_cells and evaluators == old_evaluators:
        engine._cells, engine._moderations = cells, moderations
    else:
        stage_cache = _keep_fitting(engine, cells, moderations, stage_cache, evaluators)
    if evaluation.panel != old_panel or engine._uncounted != old_uncounted:
        return  # every stage result depends on the panel's rules and who counts: all worked out again
    # A stage result depends only on that cell's scores and the panel's rules: reuse it, and rescore a
    # question only where its plan (weight, scale, split, threshold...) changed; a new title rescores nothing.
    changed = {q for q, plan in engine._plans.items() if not scored_alike(old_plans.get(q), plan)}
    if same_cells:
        engine._stage_cache = stage_cache
        engine._dirty_cells = dirty_cells | {
            (b, q, s) for q in changed for b in engine._bidders for s in engine._plans[q].stages
        }
        if evaluators != old_evaluators:  # cells that lost a score
            engine._dirty_cells |= {cell for cell in cells if cell not in stage_cache and _fits(engine, cell)}
        # Kept whole, even for changed questions, so that a rescore moves each envelope sum by its difference.
        engine._scale_cache, engine._marks = scale_cache, marks
        moved = any(old_plans[q].question.envelope_id != plan.question.envelope_id for q, plan in engine._plans.items())
        engine._scale_sums, engine._sums_valid = (sums, sums_valid) if not moved else ({}, False)
        if evaluators == old_evaluators and not moved:
            _keep_bidder_results(engine, before)
        return
    engine._stage_cache = {cell: result for cell, result in stage_cache.items() if _fits(engine, cell)}
    engine._dirty_cells = {
        cell for cell in engine._dirty_cells if cell not in engine._stage_cache or cell[1] in changed
    }
    engine._scale_cache = {
        (b, q): result
        for (b, q), result in scale_cache.items()
        if b in engine._bidders and q in engine._plans and q not in changed
    }
    engine._marks = {key: marks[key] for key in engine._scale_cache}


def _keep_bidder_results(engine: Engine, before: dict[str, object]) -> None:
    """Where the setup changed only in its questions' titles and weights, its bidders and its bids, keep each
    bidder's result unless its bidder, its bid or a question's result for it changed."""
    old: Evaluation = before["evaluation"]  # type: ignore[assignment]
    new = engine.evaluation
    if replace(old, questions=(), bidders=(), bids=(), scores=(), moderations=()) != replace(
        new, questions=(), bidders=(), bids=(), scores=(), moderations=()
    ):
        return
    old_questions = {q.id: q for q in old.questions}
    if [(q.id, q.envelope_id) for q in old.questions] != [(q.id, q.envelope_id) for q in new.questions]:
        return
    retitled = {q.id for q in new.questions if q.title != old_questions[q.id].title}
    if any(plan.question.id in retitled for plan in engine._threshold_plans):
        return  # the exclusion reasons name the question
    old_others = {q.id: replace(old_questions[q.id], title="") for q in engine._other_questions}
    engine._dirty_other = {q.id for q in engine._other_questions if replace(q, title="") != old_others[q.id]}
    if engine._dirty_other - engine._price_questions:
        before["_bid_facts"] = {}  # the proxy values may have changed
    for name in (
        "_other_cache",
        "_bid_facts",
        "_bidder_cache",
        "_rank_keys",
        "_exclusions",
        "_general_flags",
        "_relative_cache",
    ):
        setattr(engine, name, before[name])
    old_bidders: dict[str, Bidder] = before["_bidders"]  # type: ignore[assignment]
    old_bids: dict[str, Bid] = before["_bids"]  # type: ignore[assignment]
    engine._dirty_bidders = {b for b, bidder in engine._bidders.items() if bidder != old_bidders[b]}
    engine._relative_dirty = False
    engine._prices_moved = bool(engine._dirty_bidders)  # the abnormally low flags name the bidder
    for bidder_id, bid in list(engine._bids.items()):
        if old_bids.get(bidder_id) != bid:
            engine._bids.pop(bidder_id)
            if bidder_id in old_bids:
                engine._bids[bidder_id] = old_bids[bidder_id]
            engine.set_bid(bid)  # works out what the change moves
    for bidder_id in old_bids.keys() - engine._bids.keys():
        engine._dirty_other = {q.id for q in engine._other_questions}
        engine._prices_moved = True
        engine._dirty_bidders.add(bidder_id)


def _fits(engine: Engine, cell: Cell) -> bool:
    plan = engine._plans.get(cell[1])
    return cell[0] in engine._bidders and plan is not None and cell[2] in plan.stages


def _keep_fitting(
    engine: Engine,
    cells: dict[Cell, dict[str, Score]],
    moderations: dict[Cell, Moderation],
    stage_cache: dict[Cell, StageResult],
    evaluators: set[str],
) -> dict[Cell, StageResult]:
    """Keep the scores and consensus scores the new setup still has cells and evaluators for; returns the
    stage results still good (those whose cell lost no score)."""
    stage_cache = dict(stage_cache)
    for cell, by_evaluator in cells.items():
        if _fits(engine, cell):
            kept = {e: s for e, s in by_evaluator.items() if e in evaluators}
            if kept:
                engine._cells[cell] = kept
            if len(kept) != len(by_evaluator):
                stage_cache.pop(cell, None)
    engine._moderations = {cell: m for cell, m in moderations.items() if _fits(engine, cell)}
    return stage_cache
