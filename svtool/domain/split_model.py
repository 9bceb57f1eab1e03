"""Each bidder's total as an exact function of one stage's share of the split, for split_sensitivity
(docs/scoring-method.md, "Sensitivity").

Let t be the per cent given to one stage, the other stages sharing 100 - t in their present proportions (equally,
if they have none). Every stage's share is then linear in t, and so:

- a scale question's combined score is N(t) / L(t), with N (the stage scores x their shares) and L (the shares of
  the stages it is scored in) linear, or constant where the question has its own split;
- its absolute points are weight / highest point x N / L; relative to the best, weight x N / N_best;
- an envelope relative to the best scales its scale points by its marks / the best total: marks x P / P_best,
  where P is a bidder's points over their common denominator.

Every total is therefore a sum of ratios of polynomials whose denominators stay positive for 0 < t < 100. What else
goes into a total (price, social value from the bids) does not depend on the split, only on who is excluded, and
the only exclusion that depends on the split (an envelope minimum) is again a comparison of such ratios. The
engine stays the authority: the parts that do not depend on t are read from its results, and every total the model
gives is checked against the engine's at a point of each stretch of t where the same bidders take part.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction

from svtool.domain import polynomials as poly
from svtool.domain import sweep
from svtool.domain.evaluation import EnvelopeKind, Evaluation, PriceFormula, QualityBasis, ScaleMethod
from svtool.domain.numbers import HUNDRED, ZERO
from svtool.domain.polynomials import Poly, Root
from svtool.domain.results import Results

ONE: Poly = poly.poly(1)
#: A point inside 0 < t < 100 at which every denominator is scaled to 1, so that equal denominators are one key.
MIDDLE = Fraction(50)
#: The rank of a bidder with no price, or no points, under price per quality point (as the engine ranks it).
LAST = Fraction(10**18)


@dataclass(frozen=True)
class Curve:
    """A sum of ratios numerator / denominator of polynomials in t, each denominator positive for 0 < t < 100."""

    terms: Mapping[Poly, Poly]  # denominator (1 at t = 50) -> numerator

    @staticmethod
    def ratio(numerator: Poly, denominator: Poly) -> Curve:
        if not numerator:
            return ZERO_CURVE
        if len(denominator) == 1:  # a constant: most questions, scored in every stage or with their own split
            return Curve({ONE: poly.scale(numerator, 1 / denominator[0])})
        common = poly.gcd(numerator, denominator)
        numerator, denominator = poly.divide(numerator, common)[0], poly.divide(denominator, common)[0]
        middle = poly.value(denominator, MIDDLE)
        return Curve({poly.scale(denominator, 1 / middle): poly.scale(numerator, 1 / middle)})

    @staticmethod
    def constant(value: Fraction) -> Curve:
        return Curve({ONE: poly.poly(value)}) if value else ZERO_CURVE

    def plus(self, other: Curve) -> Curve:
        terms = dict(self.terms)
        for denominator, numerator in other.terms.items():
            terms[denominator] = poly.add(terms.get(denominator, ()), numerator)
        return Curve({d: n for d, n in terms.items() if n})

    def at(self, t: Fraction) -> Fraction:
        return sum((poly.value(n, t) / poly.value(d, t) for d, n in self.terms.items()), ZERO)


ZERO_CURVE = Curve({})


def numerators(curves: Sequence[Curve]) -> list[Poly]:
    """Each curve's numerator over one denominator shared by all (the product of their distinct denominators, so
    positive for 0 < t < 100): the sign of a difference of curves is the sign of the difference of these."""
    denominators = list(dict.fromkeys(d for curve in curves for d in curve.terms))
    out = []
    for curve in curves:
        total: Poly = ()
        for denominator, numerator in curve.terms.items():
            for other in denominators:
                if other != denominator:
                    numerator = poly.mul(numerator, other)
            total = poly.add(total, numerator)
        out.append(total)
    return out


def stage_shares(evaluation: Evaluation, stage_id: str) -> dict[str, Poly] | None:
    """Every stage's per cent as a polynomial in t, the share of stage_id, the others keeping their proportions;
    None where the evaluation's split is not a valid one (adding up to 100, none negative) to move from."""
    split = {s.id: Fraction(evaluation.split.get(s.id, 0)) for s in evaluation.stages}
    if sum(split.values(), ZERO) != HUNDRED or any(v < 0 for v in split.values()):
        return None
    rest = HUNDRED - split[stage_id]
    others = [s for s in split if s != stage_id]
    shares = {stage_id: poly.poly(0, 1)}
    for other in others:
        part = split[other] / rest if rest else Fraction(1, len(others))
        shares[other] = poly.poly(HUNDRED * part, -part)
    return shares


@dataclass(frozen=True)
class Constants:
    """What the engine gave a bidder outside its scale questions, at a share where the same bidders take part."""

    total: Fraction
    quality: Fraction  # the part outside the price envelope
    price: Fraction | None


class SplitModel:
    """The scale-question parts of every bidder's total, as curves in the share t of one stage."""

    def __init__(self, evaluation: Evaluation, results: Results, shares: dict[str, Poly]) -> None:
        self.evaluation = evaluation
        self.shares = shares  # stage_shares(): every stage's per cent, as a polynomial in t
        self.bidders = [b.bidder_id for b in results.bidders]
        self.relative_envelopes = {
            e.id for e in evaluation.envelopes if e.quality_basis is QualityBasis.RELATIVE_TO_BEST
        }
        self.price_envelopes = {e.id for e in evaluation.envelopes if e.kind is EnvelopeKind.PRICE}
        self.questions = [q for q in evaluation.questions if isinstance(q.method, ScaleMethod)]
        #: question -> (bidder -> N, L): the combined score is N / L
        self.combined: dict[str, tuple[dict[str, Poly], Poly]] = {}
        #: (bidder, question) -> absolute points
        self.absolute: dict[tuple[str, str], Curve] = {}
        for question in self.questions:
            method = question.method
            assert isinstance(method, ScaleMethod)
            stages = evaluation.stages_of(question)
            weight = Fraction(question.weight) / Fraction(evaluation.scale(method.scale_id).maximum)
            shares_of, denominator = self._weights(stages, method)
            by_bidder = {}
            for bidder in results.bidders:
                values = {s.stage_id: s.value or ZERO for s in bidder.questions[question.id].stages}
                numerator: Poly = ()
                for stage in stages:
                    numerator = poly.add(numerator, poly.scale(shares_of[stage], values[stage]))
                by_bidder[bidder.bidder_id] = numerator
                self.absolute[(bidder.bidder_id, question.id)] = Curve.ratio(poly.scale(numerator, weight), denominator)
            self.combined[question.id] = (by_bidder, denominator)

    def _weights(self, stages: Sequence[str], method: ScaleMethod) -> tuple[dict[str, Poly], Poly]:
        """Each stage's share of a question's combined score, as numerators over one denominator, as
        formulas.effective_split gives it: the question's own split; else the shares of its stages, scaled to 100;
        else, where its stages have no share at all, equal shares."""
        if method.split is not None:
            return {s: poly.poly(Fraction(method.split.get(s, 0)) / HUNDRED) for s in stages}, ONE
        scored: Poly = ()
        for stage in stages:
            scored = poly.add(scored, self.shares[stage])
        if not scored:
            return {s: poly.poly(Fraction(1, len(stages))) for s in stages}, ONE
        return {s: self.shares[s] for s in stages}, scored

    def envelope_points(self, bidder: str, envelope: str) -> Curve:
        """Absolute points on an envelope's scale questions (what thresholds and envelope scaling use)."""
        total = ZERO_CURVE
        for question in self.questions:
            if question.envelope_id == envelope:
                total = total.plus(self.absolute[(bidder, question.id)])
        return total

    def split_at(self, t: Fraction) -> dict[str, Fraction]:
        return {stage: poly.value(share, t) for stage, share in self.shares.items()}

    # Where things can change ---------------------------------------------------------------------------------------
    def threshold_crossings(self) -> list[Poly]:
        """Where a bidder's absolute points on an envelope reach the envelope's minimum (an exclusion may change)."""
        out = []
        for envelope in self.evaluation.envelopes:
            scale = [q for q in self.questions if q.envelope_id == envelope.id]
            if envelope.min_percent is None or not scale:
                continue
            needed = Fraction(envelope.min_percent) * sum((Fraction(q.weight) for q in scale), ZERO) / HUNDRED
            for bidder in self.bidders:
                (gap,) = numerators([self.envelope_points(bidder, envelope.id).plus(Curve.constant(-needed))])
                out.append(gap)
        return out

    def best_changes(self, participants: Sequence[str], low: Fraction, high: Fraction) -> list[Root]:
        """Where the best participant may change, on a question or an envelope scored relative to the best."""
        out = []
        for question in self.questions:
            method = question.method
            assert isinstance(method, ScaleMethod)
            if method.basis is QualityBasis.RELATIVE_TO_BEST and question.envelope_id not in self.relative_envelopes:
                # The combined scores share one denominator: the best is the highest numerator.
                out += sweep.changes(participants, *_highest(self.combined[question.id][0]), low, high)
        for envelope in self.relative_envelopes:
            points = [self.envelope_points(b, envelope) for b in participants]
            out += sweep.changes(
                participants, *_highest(dict(zip(participants, numerators(points), strict=True))), low, high
            )
        return sorted(out)

    # One stretch of t where the same bidders take part and the same bidders are best ----------------------------
    def stretch(self, constants: Mapping[str, Constants], t: Fraction) -> Stretch:
        """Totals and quality (non-price) points of every participant, with the best on each relative question and
        envelope as they are at t."""
        participants = list(constants)
        totals = {b: Curve.constant(c.total) for b, c in constants.items()}
        quality = {b: Curve.constant(c.quality) for b, c in constants.items()}

        def count(bidder: str, envelope_id: str, points: Curve) -> None:
            totals[bidder] = totals[bidder].plus(points)
            if envelope_id not in self.price_envelopes:
                quality[bidder] = quality[bidder].plus(points)

        for question in self.questions:
            method = question.method
            assert isinstance(method, ScaleMethod)
            if question.envelope_id in self.relative_envelopes:
                continue
            if method.basis is QualityBasis.RELATIVE_TO_BEST:
                # The combined scores share one denominator, so the best is the highest numerator at t.
                by_bidder = self.combined[question.id][0]
                best = max((by_bidder[b] for b in participants), key=lambda n: poly.value(n, t), default=())
                for bidder in participants:
                    count(
                        bidder,
                        question.envelope_id,
                        Curve.ratio(poly.scale(by_bidder[bidder], Fraction(question.weight)), best)
                        if best
                        else ZERO_CURVE,
                    )
            else:
                for bidder in participants:
                    count(bidder, question.envelope_id, self.absolute[(bidder, question.id)])
        for envelope in self.relative_envelopes:
            scale = [q for q in self.questions if q.envelope_id == envelope]
            if not scale or not participants:
                continue
            marks = sum((Fraction(q.weight) for q in scale), ZERO)
            points = numerators([self.envelope_points(b, envelope) for b in participants])
            best = max(points, key=lambda p: poly.value(p, t))
            for bidder, own in zip(participants, points, strict=True):
                count(bidder, envelope, Curve.ratio(poly.scale(own, marks), best) if best else ZERO_CURVE)
        ppqp = self.evaluation.price.formula is PriceFormula.PRICE_PER_QUALITY_POINT
        return Stretch(totals, quality, {b: c.price for b, c in constants.items()}, ppqp)


@dataclass(frozen=True)
class Stretch:
    """The participants' totals as curves over a stretch of t, and who the engine's ranking puts first."""

    totals: Mapping[str, Curve]
    quality: Mapping[str, Curve]
    prices: Mapping[str, Fraction | None]
    per_quality_point: bool

    def changes(self, low: Fraction, high: Fraction) -> list[Root]:
        """Where the bidder ranked first may change between low and high."""
        return sweep.changes(list(self.totals), self.key, self.differences, low, high)

    def differences(self, a: str, b: str) -> list[Poly]:
        """Where a and b may change places: their totals level (or, where their totals are the same throughout,
        their points outside price, the tie-break); under price per quality point, their prices per point level or
        either's points reaching 0 (ranked last below it)."""
        if not self.per_quality_point:
            total_a, total_b = numerators([self.totals[a], self.totals[b]])
            if gap := poly.sub(total_a, total_b):
                return [gap]
            quality_a, quality_b = numerators([self.quality[a], self.quality[b]])
            return [poly.sub(quality_a, quality_b)]
        quality_a, quality_b = numerators([self.quality[a], self.quality[b]])
        price_a, price_b = self.prices[a], self.prices[b]
        out = [quality_a, quality_b]
        if price_a is not None and price_b is not None:
            out.append(poly.sub(poly.scale(quality_a, price_b), poly.scale(quality_b, price_a)))
        return out

    def key(self, bidder: str, t: Fraction) -> tuple[Fraction, ...]:
        """The engine's rank key (engine.py _rank_key), lowest first."""
        quality = self.quality[bidder].at(t)
        price = self.prices[bidder]
        if self.per_quality_point:
            per = price / quality if price is not None and quality > 0 else LAST
            return (per, -quality, price if price is not None else LAST)
        return (-self.totals[bidder].at(t), -quality, price if price is not None else LAST)

    def winner(self, t: Fraction) -> str | None:
        """Who is ranked first at t; None for nobody, or a tie the tie-break cannot separate."""
        keys = sorted((self.key(b, t), b) for b in self.totals)
        if not keys or (len(keys) > 1 and keys[0][0] == keys[1][0]):
            return None
        return keys[0][1]


def _highest(values: Mapping[str, Poly]) -> tuple[sweep.Key, sweep.Differences]:
    """Ranking by the highest value, for sweep.changes."""

    def key(competitor: str, t: Fraction) -> tuple[Fraction, ...]:
        return (-poly.value(values[competitor], t),)

    def differences(a: str, b: str) -> list[Poly]:
        return [poly.sub(values[a], values[b])]

    return key, differences
