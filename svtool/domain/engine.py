"""The scoring engine: from an Evaluation to Results, exactly, and again quickly after each edit.

The rules, in the order they apply (Results.rules repeats them in words for reports):

1. A stage score is the panel's moderated score; until the panel moderates, the mean (or median, as fixed
   before scoring) of the evaluators' scores stands in, and is flagged as provisional.
2. A scale question's score is its stage scores combined by its split (the evaluation's split over the
   stages it is scored in, or its own). It earns weight x score / the scale's highest point.
3. Thresholds are judged on scale-scored questions only, before any relative formula: a combined score under a
   question's minimum, or under an envelope's minimum percentage of the marks of its scale-scored questions,
   excludes the bidder. A threshold is judged once every stage it needs has a score. The officer may also exclude a
   bidder with a reason, and a price above the affordability ceiling excludes it where the method says so.
4. Relative formulas (price, best offer, quality relative to the best) are worked out among the bidders not
   excluded; an excluded bidder takes no part and does not move anyone else's score.
5. Ranking: highest total first (for price per quality point: lowest price per point first). Ties are broken by
   the higher total outside the price envelope, then the lower price; bidders still level share a rank.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache

from svtool.domain import affordability, committed, formulas, price_scoring, relative_quality, reserved
from svtool.domain.evaluation import (
    Bid,
    Bidder,
    CeilingAction,
    CommitmentValueMethod,
    EnvelopeKind,
    Evaluation,
    LivingWageMethod,
    LocalSpendMethod,
    MeasureMethod,
    Mitigation,
    Moderation,
    PriceFormula,
    PriceMethod,
    QualityBasis,
    Question,
    ScaleMethod,
    Score,
    UnmoderatedRule,
    ValueBasis,
)
from svtool.domain.moderation import to_review
from svtool.domain.numbers import HUNDRED, ZERO, money, percent, show
from svtool.domain.results import BidderResult, Flag, FlagKind, QuestionResult, Results, StageResult
from svtool.domain.rules import rules
from svtool.memory import collector_paused

Cell = tuple[str, str, str]  # bidder, question, stage


@lru_cache(maxsize=4096)
def _fraction(value: Decimal) -> Fraction:
    return Fraction(value)


@dataclass(frozen=True)
class _ScalePlan:
    """What a scale question needs for every bidder, worked out once."""

    question: Question
    stages: tuple[str, ...]
    percent_split: dict[str, Fraction]  # stage -> per cent, as reported
    maximum: Fraction
    weight: Fraction
    min_score: Fraction | None
    shares: dict[str, Fraction]  # stage -> the multiplier for its score (per cent / 100)
    formula: str
    inputs: dict[str, Fraction]
    #: Scored relative to the best compliant bidder's combined score (ScaleMethod.basis).
    relative: bool = False


def _scored_alike(a: _ScalePlan | None, b: _ScalePlan) -> bool:
    """Two plans score every bidder the same: only the question's title or measure differs."""
    return a is not None and replace(a, question=replace(a.question, title="", measure_id=None)) == replace(
        b, question=replace(b.question, title="", measure_id=None)
    )


@dataclass(frozen=True)
class _Marks:
    """What a bidder's flags need from one scale question, kept so that flags are not re-derived from stages."""

    unscored: int
    provisional: int
    divergent: tuple[Flag, ...]


def _marks(result: QuestionResult, bidder_name: str) -> _Marks:
    unscored = sum(1 for stage in result.stages if stage.value is None)
    provisional = sum(1 for stage in result.stages if stage.value is not None and stage.moderation is None)
    # Far apart matters until the panel agrees; a consensus agreed on other scores than today's is to review.
    divergent = tuple(
        Flag(
            FlagKind.DIVERGENCE,
            result.bidder_id,
            f"Evaluators' scores for {bidder_name} on question {result.question_id} ({stage.stage_id}) are "
            f"{show(stage.spread)} points apart: discuss at moderation.",
            result.question_id,
            stage.stage_id,
        )
        for stage in result.stages
        if stage.divergent and stage.spread is not None and stage.moderation is None
    )
    review = tuple(
        Flag(
            FlagKind.TO_REVIEW,
            result.bidder_id,
            f"An evaluator's score for {bidder_name} on question {result.question_id} ({stage.stage_id}) changed "
            "after the panel agreed its consensus: the panel should review it.",
            result.question_id,
            stage.stage_id,
        )
        for stage in result.stages
        if stage.to_review
    )
    return _Marks(unscored, provisional, divergent + review)


class Engine:
    """Holds an evaluation's scores and its computed results; recomputes only what an edit touches."""

    def __init__(self, evaluation: Evaluation) -> None:
        with collector_paused(keep=True):
            self._load(evaluation)

    def _load(self, evaluation: Evaluation) -> None:
        self.evaluation = evaluation
        self._bidders: dict[str, Bidder] = {b.id: b for b in evaluation.bidders}
        self._bids: dict[str, Bid] = {b.bidder_id: b for b in evaluation.bids}
        self._cells: dict[Cell, dict[str, Score]] = defaultdict(dict)
        for score in evaluation.scores:
            self._cells[(score.bidder_id, score.question_id, score.stage_id)][score.evaluator_id] = score
        self._moderations: dict[Cell, Moderation] = {
            (m.bidder_id, m.question_id, m.stage_id): m for m in evaluation.moderations
        }
        split = {stage: Fraction(share) for stage, share in evaluation.split.items()}
        self._plans: dict[str, _ScalePlan] = {}
        for question in evaluation.questions:
            if isinstance(question.method, ScaleMethod):
                method = question.method
                stages = evaluation.stages_of(question)
                own = {s: Fraction(v) for s, v in method.split.items()} if method.split is not None else None
                self._plans[question.id] = self._plan(question, stages, formulas.effective_split(stages, split, own))
        self._divergence = _fraction(evaluation.panel.divergence_points)
        self._uncounted: frozenset[str | tuple[str, str]] = frozenset(
            {e.id for e in evaluation.evaluators if e.stood_down}
            | {
                (d.evaluator_id, d.bidder_id)
                for d in evaluation.declarations
                if d.mitigation in (Mitigation.OFF_BIDDER, Mitigation.STAND_DOWN)
            }
        )
        #: The panel's order, in which an answer's scores are listed however they arrived (a pack comes later).
        self._panel_rank = {e.id: rank for rank, e in enumerate(evaluation.evaluators)}
        self._scale_marks: dict[str, Fraction] = defaultdict(Fraction)  # envelope -> weight of its scale questions
        for plan in self._plans.values():
            self._scale_marks[plan.question.envelope_id] += plan.weight
        self._other_questions = [q for q in evaluation.questions if not isinstance(q.method, ScaleMethod)]
        self._price_questions = {q.id for q in self._other_questions if isinstance(q.method, PriceMethod)}
        self._proxies = {
            m: _fraction(v)
            for q in self._other_questions
            if isinstance(q.method, CommitmentValueMethod)
            for m, v in q.method.proxies.items()
        }
        self._envelope_kind = {e.id: e.kind for e in evaluation.envelopes}
        self._stage_names = {s.id: s.name.lower() for s in evaluation.stages}
        self._threshold_plans = [plan for plan in self._plans.values() if plan.min_score is not None]
        self._gated_envelopes = [
            (e, [q for q, plan in self._plans.items() if plan.question.envelope_id == e.id])
            for e in evaluation.envelopes
            if e.min_percent is not None
        ]
        # Quality relative to the best: the questions scored so, and the envelopes whose scale questions are.
        self._relative_questions = {q for q, plan in self._plans.items() if plan.relative}
        self._relative_envelopes = {
            e.id: tuple(q for q, plan in self._plans.items() if plan.question.envelope_id == e.id)
            for e in evaluation.envelopes
            if e.quality_basis is QualityBasis.RELATIVE_TO_BEST
        }
        self._relative_scale = self._relative_questions.union(*self._relative_envelopes.values())
        #: question -> bidder -> the result as it counts, for the questions in _relative_scale
        self._relative_cache: dict[str, dict[str, QuestionResult]] = {}
        self._ceiling = affordability.ceiling_of(evaluation.price)
        self._full_time = committed.full_time_year(evaluation)
        self._stage_cache: dict[Cell, StageResult] = {}
        self._scale_cache: dict[tuple[str, str], QuestionResult] = {}
        self._marks: dict[tuple[str, str], _Marks] = {}
        # bidder -> envelope -> points from its scale questions, kept up to date by the change in each result
        self._scale_sums: dict[str, dict[str, Fraction]] = {}
        self._sums_valid = False
        self._other_cache: dict[str, dict[str, QuestionResult]] = {}
        self._bid_facts: dict[str, tuple[Bid | None, Fraction, Fraction | None, Fraction | None]] = {}
        self._bidder_cache: dict[str, BidderResult] = {}
        self._rank_keys: dict[str, tuple[Fraction, ...]] = {}
        self._exclusions: dict[str, tuple[str, ...]] = {}
        self._general_flags: tuple[Flag, ...] = ()
        self._dirty_cells: set[Cell] = {
            (b, q, s) for b in self._bidders for q, plan in self._plans.items() for s in plan.stages
        }
        self._dirty_bidders: set[str] = set(self._bidders)
        self._dirty_other: set[str] = set()  # relative questions to work out again
        self._relative_dirty = True  # every relative question, and the general flags
        self._prices_moved = False  # the abnormally low flags
        self._rescore_all_scale_questions = False
        self._with_flags = True

    def _plan(self, question: Question, stages: tuple[str, ...], split: dict[str, Fraction]) -> _ScalePlan:
        method = question.method
        assert isinstance(method, ScaleMethod)
        scale = self.evaluation.scale(method.scale_id)
        maximum = Fraction(scale.maximum)
        return _ScalePlan(
            question,
            stages,
            split,
            maximum,
            Fraction(question.weight),
            Fraction(method.min_score) if method.min_score is not None else None,
            {stage: share / HUNDRED for stage, share in split.items()},
            f"scale {show(scale.minimum, 0)}-{show(scale.maximum, 0)}",
            {"maximum": maximum},
            method.basis is QualityBasis.RELATIVE_TO_BEST,
        )

    # Edits ------------------------------------------------------------------------------------------------------
    def set_score(self, score: Score) -> None:
        """Record (or replace) an evaluator's score. Check it first with validation.check_score."""
        cell = (score.bidder_id, score.question_id, score.stage_id)
        self._cells[cell][score.evaluator_id] = score
        self._dirty_cells.add(cell)

    def remove_score(self, evaluator_id: str, bidder_id: str, question_id: str, stage_id: str) -> None:
        cell = (bidder_id, question_id, stage_id)
        self._cells[cell].pop(evaluator_id, None)
        self._dirty_cells.add(cell)

    def set_moderation(self, moderation: Moderation) -> None:
        cell = (moderation.bidder_id, moderation.question_id, moderation.stage_id)
        self._moderations[cell] = moderation
        self._dirty_cells.add(cell)

    def remove_moderation(self, bidder_id: str, question_id: str, stage_id: str) -> None:
        cell = (bidder_id, question_id, stage_id)
        self._moderations.pop(cell, None)
        self._dirty_cells.add(cell)

    def with_split(self, split: Mapping[str, Decimal | Fraction]) -> Engine:
        """A copy scored under another stage split, reusing every stage score already worked out.

        The shares are used exactly; a share given as a Fraction with no exact decimal (such as 100/3) appears in
        the copy's evaluation, which only its rules' words read, to 28 significant digits."""
        other = Engine.__new__(Engine)
        other.__dict__.update(self.__dict__)
        other.evaluation = replace(
            self.evaluation,
            split={
                stage: share if isinstance(share, Decimal) else Decimal(share.numerator) / Decimal(share.denominator)
                for stage, share in split.items()
            },
        )
        shares = {stage: Fraction(share) for stage, share in split.items()}
        other._plans = {}
        for question_id, plan in self._plans.items():
            method = plan.question.method
            assert isinstance(method, ScaleMethod)
            own = {s: Fraction(v) for s, v in method.split.items()} if method.split is not None else None
            other._plans[question_id] = other._plan(
                plan.question, plan.stages, formulas.effective_split(plan.stages, shares, own)
            )
        other._cells, other._moderations = self._cells, self._moderations
        other._stage_cache = dict(self._stage_cache)
        other._scale_cache, other._bidder_cache, other._exclusions = {}, {}, {}
        other._marks, other._scale_sums, other._sums_valid = {}, {}, False
        other._other_cache, other._bid_facts, other._rank_keys = {}, dict(self._bid_facts), {}
        other._relative_cache = {}
        other._dirty_cells = set(self._dirty_cells)
        other._dirty_bidders = set(self._bidders)
        other._dirty_other = set()
        other._relative_dirty = True
        other._rescore_all_scale_questions = True
        other._with_flags = False  # a what-if is asked for its ranking; its flags would be the same words again
        return other

    def update_setup(self, evaluation: Evaluation) -> None:
        """Take a changed setup (details, weights, questions, bidders, prices...), keeping the scores entered and
        every stage result the change cannot affect. The scores and moderations in `evaluation` are ignored: the
        engine's own stand, less those for bidders, questions, stages or evaluators the setup no longer has."""
        with collector_paused():
            self._update_setup(evaluation)

    def _update_setup(self, evaluation: Evaluation) -> None:
        names = {b.id: b.name for b in self.evaluation.bidders}
        self._take_setup(evaluation)
        renamed = {b.id for b in evaluation.bidders if names.get(b.id, b.name) != b.name}
        for (bidder_id, question_id), result in self._scale_cache.items():
            if bidder_id in renamed:  # its flags name it
                self._marks[(bidder_id, question_id)] = _marks(result, self._bidders[bidder_id].name)

    def _take_setup(self, evaluation: Evaluation) -> None:
        before = self.__dict__.copy()
        old_panel, old_plans, old_bidders = self.evaluation.panel, self._plans, self._bidders
        old_evaluators = {e.id for e in self.evaluation.evaluators}
        old_uncounted: frozenset[str | tuple[str, str]] = self._uncounted
        cells, moderations, stage_cache, scale_cache = (
            self._cells,
            self._moderations,
            self._stage_cache,
            self._scale_cache,
        )
        marks, sums, sums_valid, dirty_cells = self._marks, self._scale_sums, self._sums_valid, self._dirty_cells
        self._load(replace(evaluation, scores=(), moderations=()))
        evaluators = {e.id for e in evaluation.evaluators}
        # The same cells to score (bidders, scale questions and their stages) and the same panel: every score,
        # consensus and cached stage result still fits, so they are kept as they are.
        same_cells = (
            old_bidders.keys() == self._bidders.keys()
            and old_plans.keys() == self._plans.keys()
            and all(old_plans[q].stages == plan.stages for q, plan in self._plans.items())
        )
        if same_cells and evaluators == old_evaluators:
            self._cells, self._moderations = cells, moderations
        else:
            stage_cache = self._keep_fitting(cells, moderations, stage_cache, evaluators)
        if evaluation.panel != old_panel or self._uncounted != old_uncounted:
            return  # every stage result depends on the panel's rules and who counts: all worked out again
        # A stage result depends only on that cell's scores and the panel's rules: reuse it, and rescore a
        # question only where its plan (weight, scale, split, threshold...) changed; a new title rescores nothing.
        changed = {q for q, plan in self._plans.items() if not _scored_alike(old_plans.get(q), plan)}
        if same_cells:
            self._stage_cache = stage_cache
            self._dirty_cells = dirty_cells | {
                (b, q, s) for q in changed for b in self._bidders for s in self._plans[q].stages
            }
            if evaluators != old_evaluators:  # cells that lost a score
                self._dirty_cells |= {cell for cell in cells if cell not in stage_cache and self._fits(cell)}
            # Kept whole, even for changed questions, so that a rescore moves each envelope sum by its difference.
            self._scale_cache, self._marks = scale_cache, marks
            moved = any(
                old_plans[q].question.envelope_id != plan.question.envelope_id for q, plan in self._plans.items()
            )
            self._scale_sums, self._sums_valid = (sums, sums_valid) if not moved else ({}, False)
            if evaluators == old_evaluators and not moved:
                self._keep_bidder_results(before)
            return
        self._stage_cache = {cell: result for cell, result in stage_cache.items() if self._fits(cell)}
        self._dirty_cells = {cell for cell in self._dirty_cells if cell not in self._stage_cache or cell[1] in changed}
        self._scale_cache = {
            (b, q): result
            for (b, q), result in scale_cache.items()
            if b in self._bidders and q in self._plans and q not in changed
        }
        self._marks = {key: marks[key] for key in self._scale_cache}

    def _keep_bidder_results(self, before: dict[str, object]) -> None:
        """Where the setup changed only in its questions' titles and weights, its bidders and its bids, keep each
        bidder's result unless its bidder, its bid or a question's result for it changed."""
        old: Evaluation = before["evaluation"]  # type: ignore[assignment]
        new = self.evaluation
        if replace(old, questions=(), bidders=(), bids=(), scores=(), moderations=()) != replace(
            new, questions=(), bidders=(), bids=(), scores=(), moderations=()
        ):
            return
        old_questions = {q.id: q for q in old.questions}
        if [(q.id, q.envelope_id) for q in old.questions] != [(q.id, q.envelope_id) for q in new.questions]:
            return
        retitled = {q.id for q in new.questions if q.title != old_questions[q.id].title}
        if any(plan.question.id in retitled for plan in self._threshold_plans):
            return  # the exclusion reasons name the question
        old_others = {q.id: replace(old_questions[q.id], title="") for q in self._other_questions}
        self._dirty_other = {q.id for q in self._other_questions if replace(q, title="") != old_others[q.id]}
        if self._dirty_other - self._price_questions:
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
            setattr(self, name, before[name])
        old_bidders: dict[str, Bidder] = before["_bidders"]  # type: ignore[assignment]
        old_bids: dict[str, Bid] = before["_bids"]  # type: ignore[assignment]
        self._dirty_bidders = {b for b, bidder in self._bidders.items() if bidder != old_bidders[b]}
        self._relative_dirty = False
        self._prices_moved = bool(self._dirty_bidders)  # the abnormally low flags name the bidder
        for bidder_id, bid in list(self._bids.items()):
            if old_bids.get(bidder_id) != bid:
                self._bids.pop(bidder_id)
                if bidder_id in old_bids:
                    self._bids[bidder_id] = old_bids[bidder_id]
                self.set_bid(bid)  # works out what the change moves
        for bidder_id in old_bids.keys() - self._bids.keys():
            self._dirty_other = {q.id for q in self._other_questions}
            self._prices_moved = True
            self._dirty_bidders.add(bidder_id)

    def _fits(self, cell: Cell) -> bool:
        plan = self._plans.get(cell[1])
        return cell[0] in self._bidders and plan is not None and cell[2] in plan.stages

    def _keep_fitting(
        self,
        cells: dict[Cell, dict[str, Score]],
        moderations: dict[Cell, Moderation],
        stage_cache: dict[Cell, StageResult],
        evaluators: set[str],
    ) -> dict[Cell, StageResult]:
        """Keep the scores and consensus scores the new setup still has cells and evaluators for; returns the
        stage results still good (those whose cell lost no score)."""
        stage_cache = dict(stage_cache)
        for cell, by_evaluator in cells.items():
            if self._fits(cell):
                kept = {e: s for e, s in by_evaluator.items() if e in evaluators}
                if kept:
                    self._cells[cell] = kept
                if len(kept) != len(by_evaluator):
                    stage_cache.pop(cell, None)
        self._moderations = {cell: m for cell, m in moderations.items() if self._fits(cell)}
        return stage_cache

    def set_bid(self, bid: Bid) -> None:
        """A changed price or commitment can move every relative score: the questions it feeds are worked out
        again, and each bidder whose result on them moved is rescored."""
        old = self._bids.get(bid.bidder_id)
        self._bids[bid.bidder_id] = bid
        if old is None or old.price != bid.price:
            self._dirty_other |= self._price_questions
            self._prices_moved = True
        if old is None or old.commitments != bid.commitments or old.working != bid.working:
            self._dirty_other |= {q.id for q in self._other_questions} - self._price_questions
        self._dirty_bidders.add(bid.bidder_id)

    # Results ----------------------------------------------------------------------------------------------------
    def results(self) -> Results:
        """The results after every edit so far, recomputing only what the edits touched."""
        with collector_paused():
            return self._results()

    def _results(self) -> Results:
        touched: set[tuple[str, str]] = set()
        for cell in self._dirty_cells:
            if cell[0] in self._bidders and cell[1] in self._plans:
                self._stage_cache[cell] = self._stage_result(cell)
                touched.add((cell[0], cell[1]))
        self._dirty_cells.clear()
        if self._rescore_all_scale_questions:
            touched |= {(b, q) for b in self._bidders for q in self._plans}
            self._rescore_all_scale_questions = False
        for bidder_id, question_id in touched:
            self._rescore(bidder_id, self._plans[question_id])
        if not self._sums_valid:
            self._sum_scale_questions()
        for bidder_id in self._dirty_bidders:
            reasons = self._exclusion_reasons(bidder_id)
            if reasons != self._exclusions.get(bidder_id):
                self._exclusions[bidder_id] = reasons
                self._relative_dirty = True
        if self._relative_dirty:
            self._dirty_other = {q.id for q in self._other_questions}
        relative = (
            set(self._relative_scale) if self._relative_dirty else {q for _, q in touched if q in self._relative_scale}
        )
        if relative:
            self._rescore_relative(relative)
        for question in self._other_questions:
            if question.id in self._dirty_other:
                old, new = self._other_cache.get(question.id, {}), self._other_results(question)
                self._other_cache[question.id] = new
                self._dirty_bidders.update(b for b, result in new.items() if old.get(b) != result)
        if self._relative_dirty or self._prices_moved:
            self._general_flags = self._price_flags()
        self._dirty_other.clear()
        self._relative_dirty = self._prices_moved = False
        for bidder_id in self._dirty_bidders:
            self._bidder_cache[bidder_id] = result = self._bidder_result(bidder_id)
            self._rank_keys[bidder_id] = self._rank_key(result)
        self._dirty_bidders.clear()
        return Results(self._ranked(), rules(self.evaluation), self._general_flags)

    def _rescore(self, bidder_id: str, plan: _ScalePlan) -> None:
        """Work out one bidder's result on one scale question, moving its envelope's sum by the difference."""
        key = (bidder_id, plan.question.id)
        old = self._scale_cache.get(key)
        new = self._scale_cache[key] = self._scale_result(bidder_id, plan)
        self._marks[key] = _marks(new, self._bidders[bidder_id].name)
        self._dirty_bidders.add(bidder_id)
        if self._sums_valid:
            delta = (new.contribution or ZERO) - (old.contribution or ZERO if old is not None else ZERO)
            if delta:
                sums = self._scale_sums[bidder_id]
                envelope = plan.question.envelope_id
                sums[envelope] = sums.get(envelope, ZERO) + delta

    def _rescore_relative(self, question_ids: set[str]) -> None:
        """Work out again the questions scored relative to the best that an edit (or an exclusion) may move: every
        bidder's share depends on the best, so each bidder whose result changed is rescored."""
        participants = set(self._participants())
        for question_id in question_ids & self._relative_questions:
            self._keep_relative(
                question_id,
                relative_quality.question_relative_to_best(
                    {b: self._scale_cache[(b, question_id)] for b in self._bidders}, participants
                ),
            )
        for envelope_id, question_ids_in in self._relative_envelopes.items():
            if question_ids.isdisjoint(question_ids_in):
                continue
            scaled = relative_quality.envelope_relative_to_best(
                {b: {q: self._scale_cache[(b, q)] for q in question_ids_in} for b in self._bidders},
                participants,
                self._scale_marks[envelope_id],
            )
            for question_id in question_ids_in:
                self._keep_relative(question_id, {b: scaled[b][question_id] for b in self._bidders})

    def _keep_relative(self, question_id: str, new: dict[str, QuestionResult]) -> None:
        old = self._relative_cache.get(question_id, {})
        self._relative_cache[question_id] = new
        self._dirty_bidders.update(b for b, result in new.items() if old.get(b) != result)

    def _sum_scale_questions(self) -> None:
        self._scale_sums = {}
        for bidder_id in self._bidders:
            sums: dict[str, Fraction] = {}
            for question_id, plan in self._plans.items():
                envelope = plan.question.envelope_id
                sums[envelope] = sums.get(envelope, ZERO) + (
                    self._scale_cache[(bidder_id, question_id)].contribution or ZERO
                )
            self._scale_sums[bidder_id] = sums
        self._sums_valid = True

    # Scale questions --------------------------------------------------------------------------------------------
    def counted_scores(self, cell: Cell) -> dict[str, Score]:
        """The scores that count for one answer, by evaluator: not those of a member stood down or taken off the
        bidder (their scores stay in the record). In the panel's order."""
        given = self._cells.get(cell, {})
        rank = self._panel_rank
        return {
            e: given[e]
            for e in sorted(given, key=lambda e: rank.get(e, len(rank)))
            if e not in self._uncounted and (e, cell[0]) not in self._uncounted
        }

    def _stage_result(self, cell: Cell) -> StageResult:
        scores = tuple(self.counted_scores(cell).values())
        moderation = self._moderations.get(cell)
        # Scores are short decimals on a scale, so adding and comparing them as Decimals is exact (a sum of
        # a few such numbers is far inside Decimal's 28 digits) and much faster than as Fractions.
        values = [s.value for s in scores]
        spread = _fraction(max(values) - min(values)) if values else None
        divergent = spread is not None and spread >= self._divergence
        if moderation is not None:
            return StageResult(
                cell[2],
                scores,
                moderation,
                _fraction(moderation.value),
                "moderated",
                spread,
                divergent,
                to_review(moderation, scores),
            )
        if not values:
            return StageResult(cell[2], scores, None, None, "not scored", None, False)
        if self.evaluation.panel.unmoderated_rule is UnmoderatedRule.MEDIAN:
            ordered = sorted(values)
            middle = len(ordered) // 2
            median = (
                _fraction(ordered[middle]) if len(ordered) % 2 else Fraction(ordered[middle - 1] + ordered[middle]) / 2
            )
            return StageResult(cell[2], scores, None, median, "median", spread, divergent)
        numerator, denominator = sum(values).as_integer_ratio()
        return StageResult(
            cell[2], scores, None, Fraction(numerator, denominator * len(values)), "mean", spread, divergent
        )

    def _scale_result(self, bidder_id: str, plan: _ScalePlan) -> QuestionResult:
        stages = tuple(self._stage_cache[(bidder_id, plan.question.id, s)] for s in plan.stages)
        # raw = sum of stage score x stage share, added up as one integer ratio so that each result below is
        # a single normalised Fraction (this loop runs for every bidder and question).
        numerator, denominator, scored = 0, 1, False
        for stage in stages:
            if stage.value is not None:
                scored = True
                share = plan.shares.get(stage.stage_id, ZERO)
                n = stage.value.numerator * share.numerator
                d = stage.value.denominator * share.denominator
                numerator, denominator = numerator * d + n * denominator, denominator * d
        if not scored:
            return QuestionResult(
                plan.question.id,
                bidder_id,
                plan.weight,
                None,
                ZERO,
                ZERO,
                plan.formula,
                plan.inputs,
                stages,
                plan.percent_split,
            )
        maximum, weight = plan.maximum, plan.weight
        raw = Fraction(numerator, denominator)
        share_earned = Fraction(numerator * maximum.denominator, denominator * maximum.numerator)
        contribution = Fraction(
            numerator * maximum.denominator * weight.numerator, denominator * maximum.numerator * weight.denominator
        )
        return QuestionResult(
            plan.question.id,
            bidder_id,
            weight,
            raw,
            share_earned,
            contribution,
            plan.formula,
            plan.inputs,
            stages,
            plan.percent_split,
        )

    def _exclusion_reasons(self, bidder_id: str) -> tuple[str, ...]:
        bidder = self._bidders[bidder_id]
        reasons = [f"Excluded by the officer: {bidder.excluded_reason}"] if bidder.excluded_reason else []
        price = self._price(bidder_id)
        if (
            self._ceiling is not None
            and self.evaluation.price.ceiling_action is CeilingAction.EXCLUDE
            and price is not None
            and price > self._ceiling
        ):
            reasons.append(affordability.exclusion_reason(price, self._ceiling, self.evaluation.price))
        if (ineligible := reserved.exclusion_reason(bidder, self.evaluation.reservation)) is not None:
            reasons.append(ineligible)
        for plan in self._threshold_plans:
            reasons += self._below_minimum(bidder_id, plan)
        for envelope, question_ids in self._gated_envelopes:
            if not question_ids or any(self._marks[(bidder_id, q)].unscored for q in question_ids):
                continue
            earned = self._scale_sums[bidder_id].get(envelope.id, ZERO)
            available = self._scale_marks[envelope.id]
            assert envelope.min_percent is not None
            if available and earned * HUNDRED / available < Fraction(envelope.min_percent):
                reasons.append(
                    f"Earned {percent(earned * HUNDRED / available)} of the {envelope.name} marks "
                    f"scored by the panel, below the minimum of {percent(envelope.min_percent)}."
                )
        return tuple(reasons)

    def _below_minimum(self, bidder_id: str, plan: _ScalePlan, stages: Collection[str] | None = None) -> list[str]:
        """Each stage (of those given) in which the bidder scored below the question's minimum: a minimum holds in
        every stage, so 1 written and 3 at interview do not pass a minimum of 2 on average."""
        result = self._scale_cache[(bidder_id, plan.question.id)]
        assert plan.min_score is not None
        several = len(result.stages) > 1
        return [
            f"Scored {show(stage.value)} on question {plan.question.id} ({plan.question.title})"
            f"{f' in the {self._stage_names[stage.stage_id]} stage' if several else ''}, below its minimum of "
            f"{show(plan.min_score)}."
            for stage in result.stages
            if stage.value is not None and stage.value < plan.min_score and (stages is None or stage.stage_id in stages)
        ]

    def not_invited(self, bidder_id: str, stage_id: str) -> str | None:
        """Why a bidder is not invited to a gated stage (below a minimum in an earlier stage), or None."""
        order = [s.id for s in self.evaluation.stages]
        if stage_id not in order or not self.evaluation.stages[order.index(stage_id)].gated:
            return None
        self.results()
        earlier = set(order[: order.index(stage_id)])
        reasons = [r for plan in self._threshold_plans for r in self._below_minimum(bidder_id, plan, earlier)]
        if not reasons:
            return None
        return (
            f"{self._bidders[bidder_id].name} is not invited to the {self._stage_names[stage_id]} stage: "
            + " ".join(reasons)
        )

    # Price and quantitative questions --------------------------------------------------------------------------
    def _participants(self) -> list[str]:
        return [b for b in self._bidders if not self._exclusions.get(b)]

    def _commitment(self, bidder_id: str, measure_id: str) -> Fraction:
        return committed.committed(self._bids.get(bidder_id), measure_id, self._full_time)

    def _price(self, bidder_id: str) -> Fraction | None:
        bid = self._bids.get(bidder_id)
        return _fraction(bid.price) if bid and bid.price is not None and bid.price > 0 else None

    def _other_results(self, question: Question) -> dict[str, QuestionResult]:
        method = question.method
        weight = Fraction(question.weight)
        participants = self._participants()

        def result(
            bidder_id: str, raw: Fraction | None, share: Fraction | None, formula: str, inputs: dict[str, Fraction]
        ) -> QuestionResult:
            contribution = weight * share if share is not None else None
            return QuestionResult(question.id, bidder_id, weight, raw, share, contribution, formula, inputs)

        out: dict[str, QuestionResult] = {}
        if isinstance(method, PriceMethod):
            prices = {b: self._price(b) for b in self._bidders}
            out = price_scoring.question_results(question, self.evaluation.price, prices, participants)
        elif isinstance(method, CommitmentValueMethod):
            proxies = {m: _fraction(v) for m, v in method.proxies.items()}
            values = {b: self._offered(b, proxies) for b in self._bidders}
            if method.basis is ValueBasis.RELATIVE_TO_BEST:
                shares = formulas.relative_to_best({b: values[b] for b in participants})
                best = max((values[b] for b in participants), default=ZERO)
                for bidder_id, value in values.items():
                    out[bidder_id] = result(
                        bidder_id, value, shares.get(bidder_id), "social value relative to best", {"best": best}
                    )
            else:
                contract = _fraction(self.evaluation.contract_value)
                target = _fraction(method.target_percent or Decimal(0))
                for bidder_id, value in values.items():
                    out[bidder_id] = result(
                        bidder_id,
                        value,
                        formulas.percent_of_contract(value, contract, target),
                        "social value against contract value",
                        {"contract_value": contract, "target": target},
                    )
        elif isinstance(method, LocalSpendMethod | LivingWageMethod | MeasureMethod):
            out = committed.question_results(question, self.evaluation, self._bids, self._bidders, participants)
        return out

    def _offered(self, bidder_id: str, proxies: dict[str, Fraction]) -> Fraction:
        bid = self._bids.get(bidder_id)
        if bid is None:
            return ZERO
        commitments = {
            m: committed.committed(bid, m, self._full_time)
            for m in bid.commitments.keys() | bid.working
            if m in proxies
        }
        return formulas.commitment_value(commitments, proxies)

    def _price_flags(self) -> tuple[Flag, ...]:
        prices = {b: p for b in self._participants() if (p := self._price(b)) is not None}
        return price_scoring.abnormally_low_flags(
            self.evaluation.price, prices, {b: bidder.name for b, bidder in self._bidders.items()}
        )

    # One bidder's totals and flags ------------------------------------------------------------------------------
    def _bidder_result(self, bidder_id: str) -> BidderResult:
        bidder = self._bidders[bidder_id]
        questions: dict[str, QuestionResult] = {}
        envelopes = {e.id: ZERO for e in self.evaluation.envelopes}
        for question in self.evaluation.questions:
            if question.id in self._relative_scale:
                # The envelope sums hold absolute points (thresholds are judged on them): count the difference.
                absolute = self._scale_cache[(bidder_id, question.id)]
                counted = questions[question.id] = self._relative_cache[question.id][bidder_id]
                envelopes[question.envelope_id] += (counted.contribution or ZERO) - (absolute.contribution or ZERO)
            elif question.id in self._plans:
                questions[question.id] = self._scale_cache[(bidder_id, question.id)]
            else:
                questions[question.id] = self._other_cache[question.id][bidder_id]
        for envelope, points in self._scale_sums[bidder_id].items():
            envelopes[envelope] += points
        for question in self._other_questions:
            contribution = questions[question.id].contribution
            if contribution is not None:
                envelopes[question.envelope_id] += contribution
        total = sum(envelopes.values(), ZERO)
        reasons = self._exclusions.get(bidder_id, ())
        price = self._price(bidder_id)
        quality = sum((v for e, v in envelopes.items() if self._envelope_kind[e] is not EnvelopeKind.PRICE), ZERO)
        ppqp = price / quality if price is not None and quality > 0 else None
        offered, local, lm3 = self._bid_facts_of(bidder_id)
        flags = self._bidder_flags(bidder, reasons, offered) if self._with_flags else ()
        return BidderResult(
            bidder_id,
            bidder.name,
            None,
            total,
            envelopes,
            questions,
            bool(reasons),
            reasons,
            flags,
            price,
            offered,
            ppqp,
            local,
            lm3,
        )

    def _bid_facts_of(self, bidder_id: str) -> tuple[Fraction, Fraction | None, Fraction | None]:
        """Social value offered (each measure once, even if two questions count it), local spend and its LM3
        estimate: worked out again only when the bid changes."""
        bid = self._bids.get(bidder_id)
        known = self._bid_facts.get(bidder_id)
        if known is None or known[0] is not bid:
            local = self._local_spend(bidder_id)
            known = self._bid_facts[bidder_id] = (bid, self._offered(bidder_id, self._proxies), local, self._lm3(local))
        return known[1], known[2], known[3]

    def _local_spend(self, bidder_id: str) -> Fraction | None:
        for question in self._other_questions:
            if isinstance(question.method, LocalSpendMethod):
                return self._commitment(bidder_id, question.method.measure_id)
        return None

    def _lm3(self, local_percent: Fraction | None) -> Fraction | None:
        respend = self.evaluation.lm3_respend_percent
        if local_percent is None or respend is None:
            return None
        r1 = _fraction(self.evaluation.contract_value)
        r2 = r1 * local_percent / HUNDRED
        return formulas.lm3(r1, r2, r2 * _fraction(respend) / HUNDRED)

    def _bidder_flags(self, bidder: Bidder, reasons: tuple[str, ...], offered: Fraction) -> tuple[Flag, ...]:
        flags = [Flag(FlagKind.EXCLUDED, bidder.id, f"{bidder.name} is excluded. {reason}") for reason in reasons]
        unscored = provisional = 0
        for question in self.evaluation.questions:
            marks = self._marks.get((bidder.id, question.id))
            if marks is None:  # not scored on a scale
                continue
            unscored += marks.unscored
            provisional += marks.provisional
            flags += marks.divergent
        if unscored:
            flags.append(
                Flag(
                    FlagKind.NOT_SCORED,
                    bidder.id,
                    f"{unscored} stage score(s) for {bidder.name} have no scores yet; they count as 0.",
                )
            )
        if provisional:
            flags.append(
                Flag(
                    FlagKind.NOT_MODERATED,
                    bidder.id,
                    f"{provisional} stage score(s) for {bidder.name} are provisional "
                    f"({self.evaluation.panel.unmoderated_rule.value} of the evaluators) until moderated.",
                )
            )
        price = self._price(bidder.id)
        if price is None and any(isinstance(q.method, PriceMethod) for q in self._other_questions):
            flags.append(Flag(FlagKind.MISSING_PRICE, bidder.id, f"{bidder.name} has no price entered."))
        if (
            self._ceiling is not None
            and self.evaluation.price.ceiling_action is CeilingAction.FLAG
            and price is not None
            and price > self._ceiling
        ):
            flags.append(
                Flag(
                    FlagKind.ABOVE_CEILING,
                    bidder.id,
                    affordability.flag_message(bidder.name, price, self._ceiling, self.evaluation.price),
                )
            )
        contract = _fraction(self.evaluation.contract_value)
        if offered > contract:
            flags.append(
                Flag(
                    FlagKind.EXCEEDS_CONTRACT_VALUE,
                    bidder.id,
                    f"{bidder.name} offers {money(offered)} of social value, more than the contract value "
                    f"of {money(contract)}. Check the commitments are credible and not double counted.",
                )
            )
        flags += committed.commitment_flags(self.evaluation, self._bids.get(bidder.id), bidder.name, bidder.id)
        return tuple(flags)

    # Ranking ----------------------------------------------------------------------------------------------------
    def _rank_key(self, r: BidderResult) -> tuple[Fraction, ...]:
        quality = sum(
            (v for e, v in r.envelope_totals.items() if self._envelope_kind[e] is not EnvelopeKind.PRICE), ZERO
        )
        price = r.price if r.price is not None else Fraction(10**18)
        if self.evaluation.price.formula is PriceFormula.PRICE_PER_QUALITY_POINT:
            per = r.price_per_quality_point if r.price_per_quality_point is not None else Fraction(10**18)
            return (per, -quality, price)
        return (-r.total, -quality, price)

    def _ranked(self) -> tuple[BidderResult, ...]:
        keys = self._rank_keys
        results = [self._bidder_cache[b] for b in self._bidders]
        ranked = sorted((r for r in results if not r.excluded), key=lambda r: keys[r.bidder_id])
        excluded = [r for r in results if r.excluded]
        out: list[BidderResult] = []
        previous: tuple[Fraction, ...] | None = None
        rank = 0
        for position, result in enumerate(ranked, start=1):
            current = keys[result.bidder_id]
            if current != previous:
                rank = position
            previous = current
            out.append(result if result.rank == rank else replace(result, rank=rank))
        excluded.sort(key=lambda r: -r.total)
        out += [r if r.rank is None else replace(r, rank=None) for r in excluded]
        return tuple(out)


def evaluate(evaluation: Evaluation) -> Results:
    """Score a whole evaluation once."""
    return Engine(evaluation).results()
