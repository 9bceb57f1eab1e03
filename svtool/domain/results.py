"""The full breakdown of an evaluation: every report and screen is built from this, and nothing recomputes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from fractions import Fraction

from svtool.domain.evaluation import Moderation, Score
from svtool.domain.numbers import money, percent, show

#: How QuestionResult.formula ends for quality scored relative to the best (domain/relative_quality.py), so that
#: explain() and the workbook can tell the bases apart.
RELATIVE_QUESTION = "relative to the best"
RELATIVE_ENVELOPE = "envelope relative to the best"
#: The formulas of a committed figure in a measure's unit (domain/committed.py).
MEASURE_TO_TARGET = "committed figure to target"
MEASURE_RELATIVE = "committed figure relative to best"
MEASURE_PASS_FAIL = "committed figure pass or fail"


def figure(value: Fraction, unit: str) -> str:
    """A committed figure in its unit, as shown: 40.00%, £1,000.00, 2.50 FTE."""
    if unit == "%":
        return percent(value)
    if unit == "GBP":
        return money(value)
    return f"{show(value)} {unit}"


class FlagKind(StrEnum):
    EXCLUDED = "excluded"  # failed a threshold, or excluded by the officer
    ABNORMALLY_LOW = "abnormally_low"
    DIVERGENCE = "divergence"  # evaluators' scores far apart
    DOUBLE_COUNTING = "double_counting"  # commitments to measures declared mutually exclusive
    EXCEEDS_CONTRACT_VALUE = "exceeds_contract_value"  # social value offered above the contract value
    NOT_SCORED = "not_scored"  # a stage with no scores yet
    NOT_MODERATED = "not_moderated"  # a provisional stage score (mean or median of evaluators)
    MISSING_PRICE = "missing_price"
    BELOW_LIVING_WAGE = "below_living_wage"  # a committed hourly rate under the Real Living Wage
    TO_REVIEW = "to_review"  # a consensus whose individual scores changed after it was agreed
    IMPLAUSIBLE = "implausible"  # a committed figure that cannot be right: negative, above 100%, above the contract
    ABOVE_CEILING = "above_ceiling"  # a price above the affordability ceiling, where the method flags it


@dataclass(frozen=True)
class Flag:
    kind: FlagKind
    bidder_id: str
    message: str
    question_id: str | None = None
    stage_id: str | None = None


@dataclass(frozen=True)
class StageResult:
    """One stage of one scale-scored question for one bidder."""

    stage_id: str
    scores: tuple[Score, ...]
    moderation: Moderation | None
    #: The score this stage contributes: the moderated score, else the provisional one; None if unscored.
    value: Fraction | None
    #: How value was arrived at: "moderated", "mean", "median" or "not scored".
    basis: str
    spread: Fraction | None
    divergent: bool
    #: A consensus agreed on other individual scores than those now saved (domain/moderation.py).
    to_review: bool = False


@dataclass(frozen=True)
class QuestionResult:
    """How one bidder scored on one question, with the facts to explain it."""

    question_id: str
    bidder_id: str
    weight: Fraction
    #: The question's measured result before weighting: the combined scale score, the price in pounds, the
    #: social value in pounds or the committed percentage. None when there is nothing to measure yet.
    raw: Fraction | None
    #: The share of the question's marks earned (0 to 1); None where the bidder takes no part (excluded from a
    #: relative formula).
    share: Fraction | None
    #: Points earned: weight x share.
    contribution: Fraction | None
    #: The formula used, in a word or two, e.g. "scale 0-5", "lowest price".
    formula: str
    #: Named inputs of the formula, e.g. {"lowest": 10000, "maximum": 5}.
    inputs: Mapping[str, Fraction] = field(default_factory=dict)
    stages: tuple[StageResult, ...] = ()
    split: Mapping[str, Fraction] = field(default_factory=dict)
    #: The unit of a committed figure (raw), such as "%", "FTE" or "GBP"; empty for other formulas.
    unit: str = ""

    def explain(self, stage_names: Mapping[str, str] | None = None) -> str:
        """The working, in words, as a report prints it (figures rounded by the display rule)."""
        names = stage_names or {}
        if self.share is None or self.contribution is None:
            return "Not scored: the bidder is excluded, so takes no part in this relative formula."
        points = f"{show(self.share * 100)}% of {show(self.weight)} = {show(self.contribution)} points"
        raw = self.raw
        if self.formula.startswith("scale"):
            maximum = self.inputs["maximum"]
            parts = []
            for stage in self.stages:
                shown = "not scored (0)" if stage.value is None else f"{show(stage.value)} ({stage.basis})"
                parts.append(
                    f"{names.get(stage.stage_id, stage.stage_id)} {shown} x "
                    f"{percent(self.split.get(stage.stage_id, Fraction(0)), 0)}"
                )
            combined = show(raw) if raw is not None else "0"
            working = f"{' + '.join(parts)} = {combined} out of {show(maximum)}"
            if self.formula.endswith(f", {RELATIVE_QUESTION}"):
                best = self.inputs["best"]
                if best <= 0:
                    return f"{working}; the best compliant combined score is 0, so no bidder earns marks: {points}."
                return f"{working}, against the best compliant combined score of {show(best)}: {points}."
            if self.formula.endswith(f", {RELATIVE_ENVELOPE}"):
                best = self.inputs["best_envelope_points"]
                if best <= 0:
                    return f"{working}; the best compliant envelope total is 0, so no bidder earns marks: {points}."
                return (
                    f"{working}, scaled by the envelope's {show(self.inputs['scale_marks'])} marks / the best "
                    f"compliant total of {show(best)} (this bidder's total "
                    f"{show(self.inputs['envelope_points'])}): {points}."
                )
            return f"{working}: {points}."
        if raw is None:
            return f"Nothing to score yet: {points}."
        if self.formula == "lowest price":
            return f"Lowest price {money(self.inputs['lowest'])} / this price {money(raw)}: {points}."
        if self.formula == "mean price":
            return (
                f"Price {money(raw)} against the mean {money(self.inputs['mean'])}; the mean earns 50%, "
                f"each 1% difference {show(self.inputs['points_per_percent'])} points: {points}."
            )
        if self.formula == "range price":
            return (
                f"(highest {money(self.inputs['highest'])} - this price {money(raw)}) / (highest - lowest "
                f"{money(self.inputs['lowest'])}): {points}."
            )
        if self.formula == "social value relative to best":
            return f"Social value offered {money(raw)} / the best offer {money(self.inputs['best'])}: {points}."
        if self.formula == "social value against contract value":
            return (
                f"Social value offered {money(raw)} is {percent(raw * 100 / self.inputs['contract_value'])} "
                f"of the contract value, against a target of {percent(self.inputs['target'])}: {points}."
            )
        if self.formula == "percentage to target":
            return f"Committed {percent(raw)} against a target of {percent(self.inputs['target'])}: {points}."
        if self.formula == "percentage relative to best":
            return f"Committed {percent(raw)} / the best commitment {percent(self.inputs['best'])}: {points}."
        if self.formula == "pass or fail":
            return f"Committed {percent(raw)}, pass mark {percent(self.inputs['target'])}: {points}."
        if self.formula.startswith("committed figure"):
            return self._explain_figure(points)
        if self.formula == "accredited":
            return f"Accredited Living Wage Employer: {points}."
        return f"{show(raw)}: {points}."

    def _explain_figure(self, points: str) -> str:
        """A committed figure in its unit, with an FTE's pro-rating where the bid gave hours and weeks."""
        assert self.raw is not None
        inputs, unit = self.inputs, self.unit
        shown = figure(self.raw, unit)
        if "hours_per_week" in inputs:
            shown = (
                f"{shown} ({show(inputs['hours_per_week'])} hours a week x {show(inputs['weeks'])} weeks / a "
                f"full-time {show(inputs['full_time_hours'])} hours a week x {show(inputs['full_time_weeks'])} "
                "weeks)"
            )
        if self.formula == MEASURE_RELATIVE:
            best = inputs["best"]
            if best <= 0:
                return f"Committed {shown}; the best compliant commitment is 0, so no bidder earns marks: {points}."
            return f"Committed {shown} / the best compliant commitment {figure(best, unit)}: {points}."
        target = figure(inputs["target"], unit)
        if self.formula == MEASURE_PASS_FAIL:
            return f"Committed {shown}, pass mark {target}: {points}."
        return f"Committed {shown} against a target of {target}: {points}."


@dataclass(frozen=True)
class BidderResult:
    bidder_id: str
    name: str
    #: 1 for the recommended bidder; equal ranks for a tie the tie-break rule cannot separate; None if excluded.
    rank: int | None
    total: Fraction
    envelope_totals: Mapping[str, Fraction]
    questions: Mapping[str, QuestionResult]
    excluded: bool
    exclusion_reasons: tuple[str, ...]
    flags: tuple[Flag, ...]
    price: Fraction | None
    #: Pounds of social value offered across the evaluation's commitment-value questions.
    social_value_offered: Fraction
    #: Price / quality points, for price per quality point evaluations (lower is better).
    price_per_quality_point: Fraction | None = None
    local_spend_percent: Fraction | None = None
    #: LM3 estimate, reported alongside, never scored.
    lm3: Fraction | None = None


@dataclass(frozen=True)
class Results:
    #: Ranked bidders first (best first), then excluded bidders.
    bidders: tuple[BidderResult, ...]
    #: The rules applied, in plain words, for the method section of a report.
    rules: tuple[str, ...]
    flags_general: tuple[Flag, ...] = ()

    @property
    def ranked(self) -> tuple[BidderResult, ...]:
        return tuple(b for b in self.bidders if not b.excluded)

    @property
    def winner(self) -> BidderResult | None:
        """The recommended bidder; None if there is none, or if a tie could not be broken."""
        ranked = self.ranked
        if not ranked or (len(ranked) > 1 and ranked[1].rank == 1):
            return None
        return ranked[0]

    @property
    def flags(self) -> tuple[Flag, ...]:
        return self.flags_general + tuple(f for b in self.bidders for f in b.flags)

    def bidder(self, bidder_id: str) -> BidderResult:
        for result in self.bidders:
            if result.bidder_id == bidder_id:
                return result
        raise KeyError(bidder_id)
