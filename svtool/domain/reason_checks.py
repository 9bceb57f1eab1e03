"""The reason warnings (reasons.py) counted into lines of a Checks list, each naming its first few cases.

The Setup page, ``svtool results`` and the PDF report show the same lines, so an officer reads one wording
everywhere. Each line is a warning, never an error: a weak reason is for the panel to put right before moderation
closes, and never stops a score being saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from svtool.domain.evaluation import Evaluation, ScaleMethod
from svtool.domain.reasons import (
    MIN_WORDS,
    ReasonProblem,
    ReasonWarning,
    rationale_warnings,
    reason_warnings,
)

#: Cases named under a line; the rest are counted, so that a tooltip stays readable at 60,000 scores.
LISTED = 5


@dataclass(frozen=True)
class ReasonCheck:
    """One line of the Checks list: how many evaluators' reasons (or consensus rationales) have one problem."""

    problem: ReasonProblem
    consensus: bool  # True for the panel's consensus rationales, False for the evaluators' own reasons
    count: int
    text: str  # "14 reasons are shorter than 10 words."
    cases: tuple[str, ...]  # the first few: "Evaluator 1 – Bidder – Q1 (Written): Reason is 4 words; ..."

    @property
    def details(self) -> str:
        """The cases named, one a line, and how many more there are: where the officer looks first."""
        more = self.count - len(self.cases)
        return "\n".join(self.cases) + (f"\n…and {more} more." if more > 0 else "")


def _words(n: int) -> str:
    return "1 word" if n == 1 else f"{n} words"


def _line(problem: ReasonProblem, count: int, consensus: bool, min_words: int) -> str:
    noun = "consensus rationale" if consensus else "reason"
    one = count == 1
    said = {
        ReasonProblem.SHORT: f"{'is' if one else 'are'} shorter than {_words(min_words)}",
        ReasonProblem.REUSED: f"{'is' if one else 'are'} reused word for word across bidders",
        ReasonProblem.RESTATES: f"{'restates' if one else 'restate'} the scale descriptor or the question",
    }[problem]
    return f"{count} {noun}{'' if one else 's'} {said}."


def _lines(
    evaluation: Evaluation, warnings: Iterable[ReasonWarning], consensus: bool, min_words: int, listed: int
) -> list[ReasonCheck]:
    people = {v.id: v.name for v in evaluation.evaluators}
    bidders = {b.id: b.name for b in evaluation.bidders}
    stages = {s.id: s.name for s in evaluation.stages}
    found: dict[ReasonProblem, list[ReasonWarning]] = {problem: [] for problem in ReasonProblem}
    for warning in warnings:
        found[warning.problem].append(warning)
    out = []
    for problem, these in found.items():
        if not these:
            continue
        # Dashes between the parts, as a member's name may hold a comma ("Sam Patel, commissioning manager").
        cases = tuple(
            f"{'Consensus' if consensus else people.get(w.evaluator_id, w.evaluator_id)} – "
            f"{bidders.get(w.bidder_id, w.bidder_id)} – {w.question_id} ({stages.get(w.stage_id, w.stage_id)}): "
            f"{w.message}"
            for w in these[:listed]
        )
        out.append(ReasonCheck(problem, consensus, len(these), _line(problem, len(these), consensus, min_words), cases))
    return out


def reason_checks(evaluation: Evaluation, min_words: int = MIN_WORDS, listed: int = LISTED) -> tuple[ReasonCheck, ...]:
    """The lines for every kind of problem found (none for a kind with no cases): the evaluators' reasons first,
    then the consensus rationales. Takes about 0.35 s at 60,000 scores, so a window runs it off the GUI thread."""
    return (
        *_lines(evaluation, reason_warnings(evaluation, evaluation.scores, min_words), False, min_words, listed),
        *_lines(evaluation, rationale_warnings(evaluation, evaluation.moderations, min_words), True, min_words, listed),
    )


def reason_inputs(evaluation: Evaluation) -> tuple[object, ...]:
    """The parts of the setup the checks read: question titles and scales, scale points, the names in the lines,
    and the fewest words. A setup change that leaves these alone (a weight, a price) cannot change the checks."""
    return (
        tuple(
            (q.id, q.title, q.method.scale_id if isinstance(q.method, ScaleMethod) else None)
            for q in evaluation.questions
        ),
        evaluation.scales,
        evaluation.stages,
        tuple((b.id, b.name) for b in evaluation.bidders),
        tuple((v.id, v.name) for v in evaluation.evaluators),
        evaluation.panel.reason_min_words,
    )
