"""Setup validation: plain-English problems, never exceptions."""

from __future__ import annotations

from dataclasses import replace

from svtool.domain.evaluation import Bid, Envelope, EnvelopeKind, PriceFormula, PriceSettings, Question, ScaleMethod
from svtool.domain.validation import Severity, validate_setup
from tests.domain.builders import D, care_tender


def messages(evaluation, severity: Severity = Severity.ERROR) -> list[str]:  # type: ignore[no-untyped-def]
    return [str(i) for i in validate_setup(evaluation) if i.severity is severity]


def test_the_care_tender_is_valid() -> None:
    assert validate_setup(care_tender()) == []


def test_envelope_weights_must_total_100() -> None:
    evaluation = care_tender()
    envelopes = (evaluation.envelopes[0], replace(evaluation.envelopes[1], weight=D(45)), evaluation.envelopes[2])
    problems = messages(replace(evaluation, envelopes=envelopes))
    assert (
        "envelope weights: add up to 105, not 100 (Price 40 + Quality 45 + Social value 20). Change them so "
        "they total 100." in problems
    )
    assert any("its questions' weights add up to 40, but the envelope's weight is 45" in p for p in problems)


def test_social_value_under_ten_percent_is_a_warning_not_an_error() -> None:
    evaluation = care_tender()
    envelopes = (
        Envelope("price", "Price", EnvelopeKind.PRICE, D(45)),
        Envelope("quality", "Quality", EnvelopeKind.QUALITY, D(47)),
        Envelope("sv", "Social value", EnvelopeKind.SOCIAL_VALUE, D(8)),
    )
    weights = {"P1": D(45), "Q1": D(32), "S1": D(2), "S2": D(2), "S3": D(4)}
    questions = tuple(replace(q, weight=weights.get(q.id, q.weight)) for q in evaluation.questions)
    evaluation = replace(evaluation, envelopes=envelopes, questions=questions)
    assert messages(evaluation) == []
    assert messages(evaluation, Severity.WARNING) == [
        "social value: is weighted 8%, under the 10% minimum of the government's Social Value Model (PPN 06/20 "
        "and PPN 002)."
    ]


def test_split_must_total_100_and_name_real_stages() -> None:
    problems = messages(care_tender(split={"written": D(60), "interveiw": D(30)}))
    assert "stage split: names stages that do not exist: interveiw." in problems
    assert "stage split: adds up to 90%, not 100%. For example 50/50 written and interview." in problems


def test_question_problems() -> None:
    evaluation = care_tender()
    bad = (
        Question("Q9", "quality", "Missing scale", D(0), ScaleMethod("0-7", min_score=D(9))),
        Question("Q8", "nowhere", "Lost", D(1), ScaleMethod("0-5", stages=("presentation",))),
    )
    problems = messages(replace(evaluation, questions=evaluation.questions + bad))
    assert "question Q9 ('Missing scale'): needs a weight above 0." in problems
    assert "question Q9 ('Missing scale'): uses scale '0-7', which does not exist." in problems
    assert "question Q8 ('Lost'): is in envelope 'nowhere', which does not exist." in problems
    assert "question Q8 ('Lost'): is scored in stages that do not exist: presentation." in problems


def test_bad_prices_and_price_per_quality_point_with_price_weight() -> None:
    evaluation = care_tender(
        bids=(Bid("A", D(0)), Bid("B", D(-5)), Bid("Z", D(10))),
        price=PriceSettings(formula=PriceFormula.PRICE_PER_QUALITY_POINT),
    )
    problems = messages(evaluation)
    assert "bid from Ashton Care Co-operative: the price 0 must be more than £0." in problems
    assert "bid from 'Z': no bidder has that id." in problems
    assert any(p.startswith("price: price per quality point ranks by price / quality points") for p in problems)


def test_scale_problems() -> None:
    evaluation = care_tender()
    scale = replace(evaluation.scales[0], points=tuple(reversed(evaluation.scales[0].points)))
    assert "scale '0 to 5': its points must go up in value, each once." in messages(
        replace(evaluation, scales=(scale,))
    )
