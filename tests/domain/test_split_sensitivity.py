"""Split sensitivity solved exactly (docs/scoring-method.md, "Sensitivity"): two stages, three stages, quality
relative to the best, and an envelope minimum that a split can cross; every range checked against the engine."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction as F

from hypothesis import given, settings
from hypothesis import strategies as st

from svtool.domain import polynomials as poly
from svtool.domain import sweep
from svtool.domain.engine import Engine, evaluate
from svtool.domain.evaluation import (
    Bidder,
    Envelope,
    EnvelopeKind,
    Evaluation,
    Moderation,
    PriceFormula,
    QualityBasis,
    Question,
    ScaleMethod,
    Stage,
)
from svtool.domain.sensitivity import SplitSensitivity, split_sensitivity
from svtool.services.demo import demo_evaluation
from tests.domain.builders import ZERO_TO_FIVE, D, care_tender

TINY = F(1, 10**9)


def sensitivity(evaluation: Evaluation) -> SplitSensitivity:
    engine = Engine(evaluation)
    result = split_sensitivity(engine, engine.results())
    assert result is not None
    return result


def winner_at(evaluation: Evaluation, shares: dict[str, F]) -> str | None:
    winner = Engine(evaluation).with_split(shares).results().winner
    return winner.bidder_id if winner else None


def two_stage(evaluation: Evaluation, written: F) -> dict[str, F]:
    return {"written": written, "interview": 100 - written}


def test_two_stages_match_the_hand_worked_crossing() -> None:
    """docs/scoring-method.md: with t the written share, A = 87 - t/10 and B = 70.75 + 4t/25 (C stays below A),
    level at t = 16.25 / 0.26 = 62.5: A holds from 0/100 to 62.50/37.50, then B."""
    evaluation = care_tender()
    result = sensitivity(evaluation)
    (stage,) = result.stages
    assert (stage.stage_id, stage.share, stage.holds_from, stage.holds_to) == ("written", F(50), F(0), F(125, 2))
    assert (stage.below_id, stage.above_id, stage.exact) == (None, "B", True)
    assert [(s.low, s.high, s.winner_id) for s in stage.segments] == [(0, F(125, 2), "A"), (F(125, 2), 100, "B")]
    assert result.statement == (
        "The recommendation (Ashton Care Co-operative) holds for written/interview splits "
        "from 0.00/100.00 to 62.50/37.50; above 62.50/37.50 National Care plc would be "
        "ranked first."
    )
    assert winner_at(evaluation, two_stage(evaluation, F(125, 2) - TINY)) == "A"
    assert winner_at(evaluation, two_stage(evaluation, F(125, 2) + TINY)) == "B"
    # The engine's own results are untouched by the variants asked of it.
    engine = Engine(evaluation)
    split_sensitivity(engine, engine.results())
    assert engine.results() == evaluate(evaluation)


def test_the_demo_crossings_are_exact() -> None:
    """The demonstration (services/demo.py): Wigan Borough Care CIC leads at 50/50. Its total is level with Ashton
    Care Co-operative's at a written share of 21610/589 = 36.689...% and with National Homecare Group's at
    383775/5434 = 70.624...%. Sampling every 5 points said only 'from 40/60 to 70/30'."""
    evaluation = demo_evaluation()
    result = sensitivity(evaluation)
    (stage,) = result.stages
    assert (stage.holds_from, stage.holds_to) == (F(21610, 589), F(383775, 5434))
    assert (stage.below_id, stage.above_id) == ("ACC", "NHG")
    assert result.statement == (
        "The recommendation (Wigan Borough Care CIC) holds for written/interview splits from 36.69/63.31 to "
        "70.62/29.38; below 36.69/63.31 Ashton Care Co-operative would be ranked first and above 70.62/29.38 "
        "National Homecare Group plc would be ranked first."
    )
    assert stage.holds_from is not None and stage.holds_to is not None
    for share, expected in (
        (stage.holds_from - TINY, "ACC"),
        (stage.holds_from + TINY, "WSE"),
        (stage.holds_to - TINY, "WSE"),
        (stage.holds_to + TINY, "NHG"),
    ):
        assert winner_at(evaluation, two_stage(evaluation, share)) == expected


def three_stage_tender() -> Evaluation:
    """docs/scoring-method.md, three stages: one question, weight 100, written 40 / interview 40 /
    presentation 20. A scores 5, 2, 3 (68 points), B 2, 4, 4 (64 points)."""
    stages = (Stage("written", "Written"), Stage("interview", "Interview"), Stage("presentation", "Presentation"))
    scores = {
        ("A", "written"): 5,
        ("A", "interview"): 2,
        ("A", "presentation"): 3,
        ("B", "written"): 2,
        ("B", "interview"): 4,
        ("B", "presentation"): 4,
    }
    return Evaluation(
        "Three stages",
        D(100_000),
        (Envelope("quality", "Quality", EnvelopeKind.QUALITY, D(100)),),
        (Question("Q1", "quality", "Service delivery", D(100), ScaleMethod("0-5")),),
        (ZERO_TO_FIVE,),
        stages,
        {"written": D(40), "interview": D(40), "presentation": D(20)},
        (Bidder("A", "Alpha"), Bidder("B", "Beta")),
        moderations=tuple(Moderation(b, "Q1", s, D(v), "Agreed at moderation.") for (b, s), v in scores.items()),
    )


def test_three_stages_each_stage_has_its_exact_range() -> None:
    """Written share t, interview and presentation 2:1 of the rest: A = 5t + (100-t) x 7/3, B = 2t + 4(100-t)
    (in hundredths of a point of the combined score), level at t = 250/7 = 35.71%. Interview share t: A = 2t +
    (100-t) x 13/3, B = 4t + (100-t) x 8/3, level at 500/11 = 45.45%. Presentation share t: A = 3t + 3.5(100-t),
    B = 4t + 3(100-t), level at 100/3 = 33.33%."""
    evaluation = three_stage_tender()
    assert evaluate(evaluation).bidder("A").total == 68 and evaluate(evaluation).bidder("B").total == 64
    result = sensitivity(evaluation)
    ranges = {r.stage_id: (r.share, r.holds_from, r.holds_to, r.below_id, r.above_id) for r in result.stages}
    assert ranges == {
        "written": (F(40), F(250, 7), F(100), "B", None),
        "interview": (F(40), F(0), F(500, 11), None, "B"),
        "presentation": (F(20), F(0), F(100, 3), None, "B"),
    }
    assert result.statement == (
        "The recommendation (Alpha) holds while one stage's share moves, the others scaled in proportion, within "
        "these ranges: Written from 35.71% to 100.00% (now 40.00%; below, Beta); Interview from 0.00% to 45.45% "
        "(now 40.00%; above, Beta); Presentation from 0.00% to 33.33% (now 20.00%; above, Beta)."
    )
    assert result.stages[1].statement == (
        "Interview is 40.00% of the split: the recommendation (Alpha) holds with its share from 0.00% to 45.45%, "
        "the other stages scaled in proportion; above 45.45% Beta would be ranked first."
    )
    # Check against the engine either side of each crossing, the other stages scaled as described.
    for stage in result.stages:
        crossing = stage.holds_to if stage.holds_to != 100 else stage.holds_from
        assert crossing is not None
        for share, expected in (
            (crossing - TINY, "A" if stage.stage_id != "written" else "B"),
            (crossing + TINY, "B" if stage.stage_id != "written" else "A"),
        ):
            assert winner_at(evaluation, scaled(evaluation, stage.stage_id, share)) == expected


def scaled(evaluation: Evaluation, stage_id: str, share: F) -> dict[str, F]:
    """stage_id at share, the other stages keeping their proportions of the rest (equal parts, if they had none)."""
    rest = 100 - F(evaluation.split[stage_id])
    others = len(evaluation.stages) - 1
    return {
        s.id: share
        if s.id == stage_id
        else (100 - share) * (F(evaluation.split[s.id]) / rest if rest else F(1, others))
        for s in evaluation.stages
    }


def test_a_question_in_some_stages_and_quality_relative_to_the_best_give_curved_totals() -> None:
    """A question scored in written and interview only, of three stages, has a combined score whose weights move
    non-linearly with the presentation share; relative to the best, shares are ratios of those. The crossings are
    still found, checked by the engine either side."""
    evaluation = three_stage_tender()
    questions = (
        replace(evaluation.questions[0], weight=D(60)),
        Question(
            "Q2",
            "quality",
            "Staffing",
            D(40),
            ScaleMethod("0-5", stages=("written", "interview"), basis=QualityBasis.RELATIVE_TO_BEST),
        ),
    )
    extra = (
        Moderation("A", "Q2", "written", D(1), "Agreed."),
        Moderation("A", "Q2", "interview", D(5), "Agreed."),
        Moderation("B", "Q2", "written", D(4), "Agreed."),
        Moderation("B", "Q2", "interview", D(2), "Agreed."),
    )
    evaluation = replace(evaluation, questions=questions, moderations=evaluation.moderations + extra)
    result = sensitivity(evaluation)
    assert_ranges_agree_with_the_engine(evaluation, result)
    assert any(s.holds_from not in (0, 100) or s.holds_to not in (0, 100) for s in result.stages)


def test_an_envelope_minimum_crossed_by_the_split_is_followed() -> None:
    """Quality minimum 70% in the care tender: B's quality (Q1 15 + t/10 and Q2 6 + 3t/50, of 40) reaches 70%
    only at t = 7/0.16 = 43.75, so below that B is excluded; C (20 - t/10 + 9) never reaches 28 except below
    t = 10. A's total is 87 - t/10 throughout and A stays first up to 62.5 as before."""
    evaluation = care_tender()
    evaluation = replace(
        evaluation,
        envelopes=tuple(replace(v, min_percent=D(70)) if v.id == "quality" else v for v in evaluation.envelopes),
    )
    result = sensitivity(evaluation)
    (stage,) = result.stages
    assert (stage.holds_from, stage.holds_to, stage.above_id) == (F(0), F(125, 2), "B")
    assert_ranges_agree_with_the_engine(evaluation, result)


def test_no_single_recommended_bidder() -> None:
    evaluation = care_tender()
    # B given A's scores and price: level on every figure, so no single bidder at any split.
    a_scores = {(m.question_id, m.stage_id): m.value for m in evaluation.moderations if m.bidder_id == "A"}
    moderations = tuple(
        replace(m, value=a_scores[(m.question_id, m.stage_id)]) if m.bidder_id == "B" else m
        for m in evaluation.moderations
    )
    bids = (evaluation.bids[0], replace(evaluation.bids[0], bidder_id="B"), evaluation.bids[2])
    result = sensitivity(replace(evaluation, moderations=moderations, bids=bids))
    assert result.winner_id is None
    assert result.statement == "There is no single recommended bidder at the current split."


def test_polynomial_roots() -> None:
    assert poly.roots_between(poly.poly(-5, 2), F(0), F(100)) == [poly.Root(F(5, 2))]
    # (t - 1/3)(t - 40): both exact, the first recovered from bisection as a fraction.
    assert [r.value for r in poly.roots_between(poly.mul(poly.poly(F(-1, 3), 1), poly.poly(-40, 1)), F(0), F(100))] == [
        F(1, 3),
        F(40),
    ]
    (root,) = poly.roots_between(poly.poly(-2, 0, 1), F(0), F(100))  # the square root of 2
    assert not root.exact and abs(root.value**2 - 2) < F(1, 10**20)
    assert poly.roots_between(poly.poly(1, 0, 1), F(0), F(100)) == []  # t^2 + 1 has no real root
    assert poly.roots_between(poly.mul(poly.poly(-3, 1), poly.poly(-3, 1)), F(0), F(100)) == [poly.Root(F(3))]


def assert_ranges_agree_with_the_engine(evaluation: Evaluation, result: SplitSensitivity) -> None:
    """Inside every segment the engine ranks its bidder first, and the segments cover 0 to 100."""
    for stage in result.stages:
        assert stage.segments[0].low == 0 and stage.segments[-1].high == 100
        for segment in stage.segments:
            for fraction in (F(1, 3), F(1, 2), F(2, 3)):
                share = segment.low + (segment.high - segment.low) * fraction
                if segment.high - segment.low > 2 * TINY:
                    shares = (
                        scaled(evaluation, stage.stage_id, share)
                        if len(evaluation.stages) > 2
                        else two_stage(evaluation, share)
                    )
                    assert winner_at(evaluation, shares) == segment.winner_id, (stage.stage_id, segment, share)


@st.composite
def tenders(draw: st.DrawFn) -> Evaluation:
    """The care tender with two or three stages, random moderated scores, questions in some stages, quality
    relative to the best per question or per envelope, an envelope minimum, and each price formula (price per
    quality point ranks by price / points, a ratio of curves)."""
    evaluation = care_tender()
    three = draw(st.booleans())
    stages = evaluation.stages + ((Stage("presentation", "Presentation"),) if three else ())
    written = draw(st.integers(0, 100))
    interview = draw(st.integers(0, 100 - written)) if three else 100 - written
    split = {"written": D(written), "interview": D(interview)}
    if three:
        split["presentation"] = D(100 - written - interview)
    subsets = [(), ("written",), ("interview",), ("written", "interview")] + (
        [("presentation",), ("written", "presentation"), ("interview", "presentation")] if three else []
    )
    relative_envelope = draw(st.booleans())
    questions = []
    for q in evaluation.questions:
        if isinstance(q.method, ScaleMethod):
            basis = (
                QualityBasis.ABSOLUTE
                if relative_envelope or q.envelope_id != "quality"
                else draw(st.sampled_from(QualityBasis))
            )
            q = replace(q, method=replace(q.method, stages=draw(st.sampled_from(subsets)), basis=basis, min_score=None))
        questions.append(q)
    envelopes = tuple(
        replace(
            v,
            quality_basis=QualityBasis.RELATIVE_TO_BEST if relative_envelope else QualityBasis.ABSOLUTE,
            min_percent=draw(st.sampled_from([None, D(40), D(60)])),
        )
        if v.id == "quality"
        else v
        for v in evaluation.envelopes
    )
    price = replace(evaluation.price, formula=draw(st.sampled_from(PriceFormula)))
    evaluation = replace(
        evaluation, stages=stages, split=split, questions=tuple(questions), envelopes=envelopes, price=price
    )
    moderations = tuple(
        Moderation(b.id, q.id, s, D(draw(st.integers(0, 5))), "Agreed.")
        for q in evaluation.questions
        if isinstance(q.method, ScaleMethod)
        for b in evaluation.bidders
        for s in evaluation.stages_of(q)
    )
    return replace(evaluation, moderations=moderations)


@given(tenders())
@settings(max_examples=60, deadline=None)
def test_every_range_agrees_with_the_engine(evaluation: Evaluation) -> None:
    result = sensitivity(evaluation)
    assert_ranges_agree_with_the_engine(evaluation, result)
    winner = evaluate(evaluation).winner
    for stage in result.stages:
        if winner is not None:
            assert stage.holds_from is not None and stage.holds_to is not None
            assert stage.holds_from <= stage.share <= stage.holds_to


def test_the_sweep_finds_changes_on_both_sides_of_its_start() -> None:
    """Four lines: a = 10, b = t/2 - 5, c = 90 - t, d = 0. c is the highest until it meets b at 90 - t = t/2 - 5,
    t = 190/3; b is the highest after. Started to the right of that point, the sweep must find it moving left."""
    lines = {"a": poly.poly(10), "b": poly.poly(-5, F(1, 2)), "c": poly.poly(90, -1), "d": poly.poly(0)}

    def key(name: str, t: F) -> tuple[F, ...]:
        return (-poly.value(lines[name], t),)

    def differences(x: str, y: str) -> list[poly.Poly]:
        return [poly.sub(lines[x], lines[y])]

    assert sweep.changes(list(lines), key, differences, F(0), F(100)) == [poly.Root(F(190, 3))]
    assert sweep.changes(list(lines), key, differences, F(70), F(100)) == []
    assert sweep.between(F(50), F(100)) == 67
    assert sweep.changes(list(lines), key, differences, F(50), F(100)) == [poly.Root(F(190, 3))]
