"""Property-based tests of the engine over generated evaluations."""

from __future__ import annotations

import itertools
from dataclasses import replace
from decimal import Decimal
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from svtool.domain.engine import Engine, evaluate
from svtool.domain.evaluation import (
    Bid,
    Bidder,
    CeilingAction,
    CeilingReference,
    Envelope,
    EnvelopeKind,
    Evaluation,
    Evaluator,
    LocalSpendMethod,
    Moderation,
    PriceFormula,
    PriceMethod,
    PriceSettings,
    QualityBasis,
    Question,
    Scale,
    ScaleMethod,
    ScalePoint,
    Score,
    Stage,
)
from svtool.domain.formulas import effective_split
from svtool.domain.results import RELATIVE_ENVELOPE
from svtool.domain.validation import Severity, validate_setup

D = Decimal
SCALES = {
    "0-4": Scale("0-4", "0 to 4", tuple(ScalePoint(D(v), str(v)) for v in range(5))),
    "0-10": Scale("0-10", "0 to 10", tuple(ScalePoint(D(v), str(v)) for v in range(11))),
    "0-100": Scale(
        "0-100",
        "0 to 100",
        (ScalePoint(D(0), "None"), ScalePoint(D(50), "Half"), ScalePoint(D(100), "Full")),
        continuous=True,
    ),
}
STAGES = (Stage("written", "Written"), Stage("interview", "Interview"))


def parts(draw: st.DrawFn, total: int, count: int) -> list[int]:
    """count positive whole numbers adding up to total."""
    cuts = sorted(draw(st.lists(st.integers(1, total - 1), min_size=count - 1, max_size=count - 1, unique=True)))
    edges = [0, *cuts, total]
    return [b - a for a, b in itertools.pairwise(edges)]


@st.composite
def evaluations(draw: st.DrawFn, relative: bool = True) -> Evaluation:
    n_bidders = draw(st.integers(2, 5))
    n_scale = draw(st.integers(1, 4))
    with_price = relative and draw(st.booleans())
    price_weight, quality_weight = (draw(st.integers(10, 60)), 0) if with_price else (0, 0)
    quality_weight = 100 - price_weight - 10
    # Quality relative to the best (per envelope, or per question) is a relative formula too.
    envelope_basis = draw(st.sampled_from(QualityBasis)) if relative else QualityBasis.ABSOLUTE
    envelopes = [
        Envelope("quality", "Quality", EnvelopeKind.QUALITY, D(quality_weight), quality_basis=envelope_basis),
        Envelope("sv", "Social value", EnvelopeKind.SOCIAL_VALUE, D(10)),
    ]
    questions: list[Question] = []
    for number, weight in enumerate(parts(draw, quality_weight, n_scale), start=1):
        scale_id = draw(st.sampled_from(sorted(SCALES)))
        stages = draw(st.sampled_from([(), ("written",), ("interview",), ("written", "interview")]))
        minimum = draw(st.one_of(st.none(), st.just(SCALES[scale_id].points[1].value)))
        basis = (
            draw(st.sampled_from(QualityBasis))
            if relative and envelope_basis is QualityBasis.ABSOLUTE
            else QualityBasis.ABSOLUTE
        )
        questions.append(
            Question(
                f"Q{number}",
                "quality",
                f"Question {number}",
                D(weight),
                ScaleMethod(scale_id, stages=stages, min_score=minimum, basis=basis),
            )
        )
    questions.append(Question("LS", "sv", "Local spend", D(10), LocalSpendMethod("LS", target_percent=D(40))))
    if with_price:
        envelopes.insert(0, Envelope("price", "Price", EnvelopeKind.PRICE, D(price_weight)))
        questions.append(Question("P", "price", "Price", D(price_weight), PriceMethod()))
    bidders = tuple(Bidder(f"B{i}", f"Bidder {i}") for i in range(n_bidders))
    bids = tuple(Bid(b.id, D(draw(st.integers(1000, 5000))), {"LS": D(draw(st.integers(0, 100)))}) for b in bidders)
    written = draw(st.integers(0, 100))
    evaluators = tuple(Evaluator(f"E{i}", f"Evaluator {i}") for i in range(draw(st.integers(1, 3))))
    scores, moderations = [], []
    for question in questions:
        if not isinstance(question.method, ScaleMethod):
            continue
        scale = SCALES[question.method.scale_id]
        values = (
            st.sampled_from([p.value for p in scale.points]) if not scale.continuous else st.integers(0, 100).map(D)
        )
        for bidder in bidders:
            for stage in question.method.stages or ("written", "interview"):
                for evaluator in evaluators:
                    if draw(st.booleans()):
                        scores.append(Score(evaluator.id, bidder.id, question.id, stage, draw(values), "reason"))
                if draw(st.integers(0, 3)) == 0:
                    moderations.append(Moderation(bidder.id, question.id, stage, draw(values), "agreed"))
    formula = draw(st.sampled_from([PriceFormula.LOWEST, PriceFormula.MEAN, PriceFormula.RANGE]))
    budget = draw(st.one_of(st.none(), st.integers(1000, 5000).map(D))) if relative else None
    price = PriceSettings(
        formula=formula,
        ceiling=CeilingReference.BUDGET if budget else None,
        budget=budget,
        ceiling_action=draw(st.sampled_from(CeilingAction)),
    )
    return Evaluation(
        "generated",
        D(1_000_000),
        tuple(envelopes),
        tuple(questions),
        tuple(SCALES.values()),
        STAGES,
        {"written": D(written), "interview": D(100 - written)},
        bidders,
        bids,
        evaluators,
        tuple(scores),
        tuple(moderations),
        price,
    )


@given(evaluations())
@settings(max_examples=150, deadline=None)
def test_totals_stay_between_zero_and_one_hundred(evaluation: Evaluation) -> None:
    assert [i for i in validate_setup(evaluation) if i.severity is Severity.ERROR] == []
    for bidder in evaluate(evaluation).bidders:
        assert 0 <= bidder.total <= 100
        assert sum(bidder.envelope_totals.values(), Fraction(0)) == bidder.total
        for result in bidder.questions.values():
            # Scaled to the best envelope total, one question's share may pass 1; the envelope's never does.
            if not result.formula.endswith(RELATIVE_ENVELOPE):
                assert result.share is None or 0 <= result.share <= 1
        scale_weight = sum((q.weight for q in evaluation.questions if isinstance(q.method, ScaleMethod)), D(0))
        scale_points = sum(
            (r.contribution or 0 for r in bidder.questions.values() if r.formula.startswith("scale")), Fraction(0)
        )
        assert scale_points <= scale_weight


@given(evaluations(), st.randoms(use_true_random=False))
@settings(max_examples=100, deadline=None)
def test_bidder_order_does_not_change_results(evaluation: Evaluation, random) -> None:  # type: ignore[no-untyped-def]
    shuffled = list(evaluation.bidders)
    random.shuffle(shuffled)
    bids = list(evaluation.bids)
    random.shuffle(bids)
    before = {b.bidder_id: (b.total, b.rank, b.excluded) for b in evaluate(evaluation).bidders}
    after = {
        b.bidder_id: (b.total, b.rank, b.excluded)
        for b in evaluate(replace(evaluation, bidders=tuple(shuffled), bids=tuple(bids))).bidders
    }
    assert before == after


@given(evaluations(relative=False), st.data())
@settings(max_examples=150, deadline=None)
def test_raising_a_score_never_lowers_the_total(evaluation: Evaluation, data: st.DataObject) -> None:
    """With absolute formulas only, a higher moderated score on any stage cannot lower a bidder's total."""
    question = data.draw(st.sampled_from([q for q in evaluation.questions if isinstance(q.method, ScaleMethod)]))
    assert isinstance(question.method, ScaleMethod)
    bidder = data.draw(st.sampled_from(evaluation.bidders))
    stage = data.draw(st.sampled_from(evaluation.stages_of(question)))
    scale = SCALES[question.method.scale_id]
    low: int | Decimal = data.draw(st.integers(0, int(scale.maximum)))
    high: int | Decimal = data.draw(st.integers(int(low), int(scale.maximum)))
    if not scale.continuous:
        low, high = (min((p.value for p in scale.points if p.value >= v), default=scale.maximum) for v in (low, high))
    others = tuple(
        m for m in evaluation.moderations if (m.bidder_id, m.question_id, m.stage_id) != (bidder.id, question.id, stage)
    )

    def total(value: int | Decimal) -> Fraction:
        moderation = Moderation(bidder.id, question.id, stage, D(value), "agreed")
        result = evaluate(replace(evaluation, moderations=(*others, moderation))).bidder(bidder.id)
        return result.total

    assert total(high) >= total(low)


@given(evaluations(), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 100), st.booleans()), max_size=12))
@settings(max_examples=100, deadline=None)
def test_incremental_updates_equal_a_full_recompute(evaluation: Evaluation, edits: list[tuple[int, int, bool]]) -> None:
    engine = Engine(evaluation)
    engine.results()
    cells = [
        (q, b.id, s)
        for q in evaluation.questions
        if isinstance(q.method, ScaleMethod)
        for b in evaluation.bidders
        for s in evaluation.stages_of(q)
    ]
    scores = {(s.evaluator_id, s.bidder_id, s.question_id, s.stage_id): s for s in evaluation.scores}
    moderations = {(m.bidder_id, m.question_id, m.stage_id): m for m in evaluation.moderations}
    for pick, raw, moderate in edits:
        question, bidder_id, stage = cells[pick % len(cells)]
        assert isinstance(question.method, ScaleMethod)
        scale = SCALES[question.method.scale_id]
        value = D(raw) if scale.continuous else scale.points[raw % len(scale.points)].value
        if moderate:
            moderation = Moderation(bidder_id, question.id, stage, value, "agreed")
            engine.set_moderation(moderation)
            moderations[(bidder_id, question.id, stage)] = moderation
        else:
            evaluator = evaluation.evaluators[raw % len(evaluation.evaluators)].id
            new = Score(evaluator, bidder_id, question.id, stage, value, "reason")
            engine.set_score(new)
            scores[(evaluator, bidder_id, question.id, stage)] = new
        full = evaluate(replace(evaluation, scores=tuple(scores.values()), moderations=tuple(moderations.values())))
        assert engine.results() == full


@given(st.lists(st.integers(0, 100), min_size=1, max_size=4), st.integers(1, 4))
def test_effective_split_always_sums_to_one_hundred(shares: list[int], count: int) -> None:
    stages = [f"s{i}" for i in range(len(shares))]
    split = {s: Fraction(v) for s, v in zip(stages, shares, strict=True)}
    chosen = stages[: min(count, len(stages))]
    result = effective_split(chosen, split, None)
    assert sum(result.values()) == 100
    assert set(result) <= set(chosen)


@given(st.lists(st.integers(0, 60), min_size=1, max_size=4))
def test_envelope_weights_not_totalling_100_are_always_an_error(weights: list[int]) -> None:
    from tests.domain.builders import care_tender

    evaluation = care_tender()
    envelopes = tuple(Envelope(f"e{i}", f"Envelope {i}", EnvelopeKind.OTHER, D(w)) for i, w in enumerate(weights))
    issues = validate_setup(replace(evaluation, envelopes=envelopes, questions=()))
    flagged = any(i.where == "envelope weights" for i in issues)
    assert flagged == (sum(weights) != 100)


def _setup_edit(evaluation: Evaluation, kind: int, pick: int, amount: int) -> Evaluation:
    """One change to the setup, bidders or bids, of the kinds the Setup and Bidders pages make."""
    questions, bidders, bids = list(evaluation.questions), list(evaluation.bidders), list(evaluation.bids)
    q, b = pick % len(questions), pick % len(bidders)
    if kind == 0:  # a question's weight
        questions[q] = replace(questions[q], weight=D(amount % 40))
    elif kind == 1:  # a question's title (a threshold question's title is in the exclusion reason)
        questions[q] = replace(questions[q], title=f"Retitled {amount}")
    elif kind == 2:  # a price
        bids[b] = replace(bids[b], price=D(1000 + amount * 37) if amount % 7 else None)
    elif kind == 3:  # a commitment
        bids[b] = replace(bids[b], commitments={"LS": D(amount % 101)})
    elif kind == 4:  # a bidder's name, or the officer excluding it
        bidders[b] = (
            replace(bidders[b], name=f"Renamed {amount}")
            if amount % 2
            else replace(bidders[b], excluded_reason=None if bidders[b].excluded_reason else "Failed selection")
        )
    elif kind == 5:  # a threshold
        method = questions[q].method
        if isinstance(method, ScaleMethod):
            questions[q] = replace(
                questions[q],
                method=replace(method, min_score=None if method.min_score else SCALES[method.scale_id].points[1].value),
            )
    elif kind == 6:  # the split
        return replace(evaluation, split={"written": D(amount % 101), "interview": D(100 - amount % 101)})
    elif kind == 7:  # the panel's rule for unmoderated scores
        return replace(evaluation, panel=replace(evaluation.panel, divergence_points=D(1 + amount % 3)))
    elif kind == 8 and len(bidders) > 2:  # a bidder withdrawn, with its bid and scores
        gone = bidders.pop(b).id
        bids = [bid for bid in bids if bid.bidder_id != gone]
    elif kind == 9 and len(evaluation.evaluators) > 1:  # an evaluator stood down
        return replace(evaluation, evaluators=evaluation.evaluators[:-1])
    elif kind == 10:  # a question scored relative to the best, or absolute again
        method = questions[q].method
        if isinstance(method, ScaleMethod):
            other = (
                QualityBasis.ABSOLUTE
                if method.basis is QualityBasis.RELATIVE_TO_BEST
                else QualityBasis.RELATIVE_TO_BEST
            )
            questions[q] = replace(questions[q], method=replace(method, basis=other))
    elif kind == 11:  # the quality envelope relative to the best, or absolute again
        return replace(
            evaluation,
            envelopes=tuple(
                replace(
                    v,
                    quality_basis=QualityBasis.ABSOLUTE
                    if v.quality_basis is QualityBasis.RELATIVE_TO_BEST
                    else QualityBasis.RELATIVE_TO_BEST,
                )
                if v.id == "quality"
                else v
                for v in evaluation.envelopes
            ),
        )
    elif kind == 12:  # an affordability ceiling, or none
        ceiling = None if evaluation.price.ceiling else CeilingReference.BUDGET
        return replace(
            evaluation,
            price=replace(
                evaluation.price,
                ceiling=ceiling,
                budget=D(1000 + amount % 4000),
                ceiling_action=CeilingAction.FLAG if amount % 2 else CeilingAction.EXCLUDE,
            ),
        )
    return replace(evaluation, questions=tuple(questions), bidders=tuple(bidders), bids=tuple(bids))


@given(
    evaluations(),
    st.lists(st.tuples(st.integers(0, 14), st.integers(0, 10**6), st.integers(0, 10**4)), min_size=1, max_size=10),
)
@settings(max_examples=150, deadline=None)
def test_setup_and_bid_edits_equal_a_full_recompute(evaluation: Evaluation, edits: list[tuple[int, int, int]]) -> None:
    """The engine keeps results across setup changes; after each, they equal scoring the whole evaluation."""
    engine = Engine(evaluation)
    engine.results()
    setup = replace(evaluation, scores=(), moderations=())
    scores = {(s.evaluator_id, s.bidder_id, s.question_id, s.stage_id): s for s in evaluation.scores}
    for kind, pick, amount in edits:
        if kind >= 13:  # a score between setup changes, as evaluators keep scoring
            scale_questions = [q for q in setup.questions if isinstance(q.method, ScaleMethod)]
            question = scale_questions[pick % len(scale_questions)]
            assert isinstance(question.method, ScaleMethod)
            points = SCALES[question.method.scale_id].points
            score = Score(
                setup.evaluators[pick % len(setup.evaluators)].id,
                setup.bidders[amount % len(setup.bidders)].id,
                question.id,
                setup.stages_of(question)[amount % len(setup.stages_of(question))],
                points[amount % len(points)].value,
                "reason",
            )
            engine.set_score(score)
            scores[(score.evaluator_id, score.bidder_id, score.question_id, score.stage_id)] = score
        else:
            before = setup
            setup = _setup_edit(setup, kind, pick, amount)
            changed_bids = [bid for bid in setup.bids if bid not in before.bids]
            if kind in (2, 3) and len(changed_bids) == 1 and pick % 2:
                engine.set_bid(changed_bids[0])  # as the session does for a price or commitment alone
            else:
                engine.update_setup(setup)
        people = {e.id for e in setup.evaluators}, {b.id for b in setup.bidders}
        scores = {k: s for k, s in scores.items() if s.evaluator_id in people[0] and s.bidder_id in people[1]}
        kept_moderations = tuple(m for m in evaluation.moderations if m.bidder_id in people[1])
        assert engine.results() == evaluate(replace(setup, scores=tuple(scores.values()), moderations=kept_moderations))
