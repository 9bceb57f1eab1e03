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
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction

from svtool.domain import (
    affordability,
    committed,
    engine_setup,
    formulas,
    price_scoring,
    ranking,
    relative_quality,
    social_value,
    thresholds,
)
from svtool.domain.evaluation import (
    Bid,
    Bidder,
    CommitmentValueMethod,
    EnvelopeKind,
    Evaluation,
    LivingWageMethod,
    LocalSpendMethod,
    MeasureMethod,
    Mitigation,
    Moderation,
    PriceMethod,
    QualityBasis,
    Question,
    ScaleMethod,
    Score,
)
from svtool.domain.flags import Marks, bidder_flags, marks_of
from svtool.domain.numbers import ZERO, as_fraction
from svtool.domain.results import BidderResult, Flag, QuestionResult, Results, StageResult
from svtool.domain.rules import rules
from svtool.domain.scale_scoring import ScalePlan, scale_plan, scale_result, stage_result
from svtool.memory import collector_paused

Cell = tuple[str, str, str]  # bidder, question, stage


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
        self._plans: dict[str, ScalePlan] = {}
        for question in evaluation.questions:
            if isinstance(question.method, ScaleMethod):
                method = question.method
                stages = evaluation.stages_of(question)
                own = {s: Fraction(v) for s, v in method.split.items()} if method.split is not None else None
                self._plans[question.id] = scale_plan(
                    evaluation, question, stages, formulas.effective_split(stages, split, own)
                )
        self._divergence = as_fraction(evaluation.panel.divergence_points)
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
            m: as_fraction(v)
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
        self._marks: dict[tuple[str, str], Marks] = {}
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
        return engine_setup.with_split(self, split)

    def update_setup(self, evaluation: Evaluation) -> None:
        """Take a changed setup (details, weights, questions, bidders, prices...), keeping the scores entered and
        every stage result the change cannot affect. The scores and moderations in `evaluation` are ignored: the
        engine's own stand, less those for bidders, questions, stages or evaluators the setup no longer has."""
        # (what is worked out is kept until the next edit: out of the collector's sight, or its next collection walks
        # all of it at once on the window's thread, 30-50 ms at 60,000 scores; bench/bench_scale.py)
        with collector_paused(keep=True):
            engine_setup.update_setup(self, evaluation)

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
        with collector_paused(keep=True):  # (kept, as in update_setup)
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

    def _rescore(self, bidder_id: str, plan: ScalePlan) -> None:
        """Work out one bidder's result on one scale question, moving its envelope's sum by the difference."""
        key = (bidder_id, plan.question.id)
        old = self._scale_cache.get(key)
        new = self._scale_cache[key] = self._scale_result(bidder_id, plan)
        self._marks[key] = marks_of(new, self._bidders[bidder_id].name)
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
        return stage_result(
            cell[2],
            tuple(self.counted_scores(cell).values()),
            self._moderations.get(cell),
            self._divergence,
            self.evaluation.panel.unmoderated_rule,
        )

    def _scale_result(self, bidder_id: str, plan: ScalePlan) -> QuestionResult:
        return scale_result(
            bidder_id, plan, tuple(self._stage_cache[(bidder_id, plan.question.id, s)] for s in plan.stages)
        )

    def _exclusion_reasons(self, bidder_id: str) -> tuple[str, ...]:
        reasons = thresholds.set_aside(self.evaluation, self._bidders[bidder_id], self._price(bidder_id), self._ceiling)
        for plan in self._threshold_plans:
            reasons += thresholds.below_minimum(
                self._scale_cache[(bidder_id, plan.question.id)], plan, self._stage_names
            )
        for envelope, question_ids in self._gated_envelopes:
            if not question_ids or any(self._marks[(bidder_id, q)].unscored for q in question_ids):
                continue
            earned = self._scale_sums[bidder_id].get(envelope.id, ZERO)
            if (short := thresholds.envelope_shortfall(envelope, earned, self._scale_marks[envelope.id])) is not None:
                reasons.append(short)
        return tuple(reasons)

    def not_invited(self, bidder_id: str, stage_id: str) -> str | None:
        """Why a bidder is not invited to a gated stage (below a minimum in an earlier stage), or None."""
        order = [s.id for s in self.evaluation.stages]
        if stage_id not in order or not self.evaluation.stages[order.index(stage_id)].gated:
            return None
        self.results()
        earlier = set(order[: order.index(stage_id)])
        reasons = [
            r
            for plan in self._threshold_plans
            for r in thresholds.below_minimum(
                self._scale_cache[(bidder_id, plan.question.id)], plan, self._stage_names, earlier
            )
        ]
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
        return as_fraction(bid.price) if bid and bid.price is not None and bid.price > 0 else None

    def _other_results(self, question: Question) -> dict[str, QuestionResult]:
        method = question.method
        participants = self._participants()
        if isinstance(method, PriceMethod):
            prices = {b: self._price(b) for b in self._bidders}
            return price_scoring.question_results(question, self.evaluation.price, prices, participants)
        if isinstance(method, CommitmentValueMethod):
            proxies = {m: as_fraction(v) for m, v in method.proxies.items()}
            values = {b: social_value.offered(self._bids.get(b), proxies, self._full_time) for b in self._bidders}
            return social_value.value_results(question, self.evaluation, values, participants)
        if isinstance(method, LocalSpendMethod | LivingWageMethod | MeasureMethod):
            return committed.question_results(question, self.evaluation, self._bids, self._bidders, participants)
        return {}

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
        flags = (
            bidder_flags(
                self.evaluation, bidder, reasons, offered, self._marks, price, self._ceiling, self._bids.get(bidder_id)
            )
            if self._with_flags
            else ()
        )
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
            offered = social_value.offered(bid, self._proxies, self._full_time)
            known = self._bid_facts[bidder_id] = (bid, offered, local, social_value.lm3_of(self.evaluation, local))
        return known[1], known[2], known[3]

    def _local_spend(self, bidder_id: str) -> Fraction | None:
        for question in self._other_questions:
            if isinstance(question.method, LocalSpendMethod):
                return self._commitment(bidder_id, question.method.measure_id)
        return None

    # Ranking ----------------------------------------------------------------------------------------------------
    def _rank_key(self, r: BidderResult) -> tuple[Fraction, ...]:
        return ranking.rank_key(r, self._envelope_kind, self.evaluation.price.formula)

    def _ranked(self) -> tuple[BidderResult, ...]:
        return ranking.ranked((self._bidder_cache[b] for b in self._bidders), self._rank_keys)


def evaluate(evaluation: Evaluation) -> Results:
    """Score a whole evaluation once."""
    return Engine(evaluation).results()
