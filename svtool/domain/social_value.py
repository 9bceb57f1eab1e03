"""Social value in pounds (docs/scoring-method.md, "Questions"): a bid's commitments valued at the framework's
proxy values, the commitment value question scored relative to the best or against the contract value, and the
LM3 estimate of local spend's worth to the local economy. Moved out of engine.py, which decides when a bid's
figures are to be worked out again."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal
from fractions import Fraction

from svtool.domain import committed, formulas
from svtool.domain.evaluation import Bid, CommitmentValueMethod, Evaluation, Question, ValueBasis
from svtool.domain.numbers import HUNDRED, ZERO, as_fraction
from svtool.domain.results import QuestionResult


def offered(bid: Bid | None, proxies: Mapping[str, Fraction], full_time: Fraction) -> Fraction:
    """The social value a bid offers: each measure with a proxy value counted once, at that value."""
    if bid is None:
        return ZERO
    commitments = {
        m: committed.committed(bid, m, full_time) for m in bid.commitments.keys() | bid.working if m in proxies
    }
    return formulas.commitment_value(commitments, proxies)


def value_results(
    question: Question,
    evaluation: Evaluation,
    values: Mapping[str, Fraction],
    participants: Collection[str],
) -> dict[str, QuestionResult]:
    """Every bidder's result on a commitment value question (values: bidder -> social value offered), worked out
    among the participants where it is relative to the best."""
    method = question.method
    assert isinstance(method, CommitmentValueMethod)
    weight = Fraction(question.weight)

    def result(
        bidder_id: str, raw: Fraction | None, share: Fraction | None, formula: str, inputs: dict[str, Fraction]
    ) -> QuestionResult:
        contribution = weight * share if share is not None else None
        return QuestionResult(question.id, bidder_id, weight, raw, share, contribution, formula, inputs)

    out: dict[str, QuestionResult] = {}
    if method.basis is ValueBasis.RELATIVE_TO_BEST:
        shares = formulas.relative_to_best({b: values[b] for b in participants})
        best = max((values[b] for b in participants), default=ZERO)
        for bidder_id, value in values.items():
            out[bidder_id] = result(
                bidder_id, value, shares.get(bidder_id), "social value relative to best", {"best": best}
            )
    else:
        contract = as_fraction(evaluation.contract_value)
        target = as_fraction(method.target_percent or Decimal(0))
        for bidder_id, value in values.items():
            out[bidder_id] = result(
                bidder_id,
                value,
                formulas.percent_of_contract(value, contract, target),
                "social value against contract value",
                {"contract_value": contract, "target": target},
            )
    return out


def lm3_of(evaluation: Evaluation, local_percent: Fraction | None) -> Fraction | None:
    """The LM3 estimate for a bid committing `local_percent` of the contract to local spend, or None."""
    respend = evaluation.lm3_respend_percent
    if local_percent is None or respend is None:
        return None
    r1 = as_fraction(evaluation.contract_value)
    r2 = r1 * local_percent / HUNDRED
    return formulas.lm3(r1, r2, r2 * as_fraction(respend) / HUNDRED)
