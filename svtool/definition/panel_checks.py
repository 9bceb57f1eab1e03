"""Checks of an evaluation definition's panel records against the evaluation read with them: scores, consensus
scores, declarations of interest and sign-offs that name a member, bidder or cell that is not there, or repeat one
(docs/panel.md). Each problem is noted on its record's fields, located. Moved out of definition/reader.py."""

from __future__ import annotations

from svtool.definition.fields import Fields
from svtool.domain.evaluation import Declaration, Evaluation, Moderation, Score, SignOff
from svtool.domain.validation import check_score
from svtool.frameworks.problems import Problem


def check_declarations(
    evaluation: Evaluation, declared: list[tuple[Fields, Declaration]], problems: list[Problem]
) -> None:
    members, bidders = {e.id for e in evaluation.evaluators}, {b.id for b in evaluation.bidders}
    seen: set[tuple[str, str]] = set()
    for f, d in declared:
        if d.evaluator_id not in members:
            f.problem("evaluator", f"'{d.evaluator_id}' is not a member of this evaluation's panel")
        elif d.bidder_id not in bidders:
            f.problem("bidder", f"'{d.bidder_id}' is not a bidder of this evaluation")
        elif (d.evaluator_id, d.bidder_id) in seen:
            f.problem(None, "this member already has a declaration about this bidder", "Keep one for each.")
        seen.add((d.evaluator_id, d.bidder_id))


def check_signoffs(evaluation: Evaluation, top: Fields, signed: list[tuple[Fields, SignOff]]) -> None:
    members, seen = {e.id for e in evaluation.evaluators}, set()
    for f, s in signed:
        if s.evaluator_id not in members:
            f.problem("evaluator", f"'{s.evaluator_id}' is not a member of this evaluation's panel")
        elif s.evaluator_id in seen:
            f.problem(None, "this member has already signed off", "Keep one sign-off for each member.")
        seen.add(s.evaluator_id)
    if evaluation.finalised is not None and evaluation.member(evaluation.finalised.by) is None:
        top.problem("finalised_by", f"'{evaluation.finalised.by}' is not a member of this evaluation's panel")


def check_panel(
    evaluation: Evaluation,
    scores: list[tuple[Fields, Score]],
    moderations: list[tuple[Fields, Moderation]],
    problems: list[Problem],
) -> None:
    evaluators = {e.id for e in evaluation.evaluators}
    bidders = {b.id for b in evaluation.bidders}
    seen: set[tuple[str, str, str, str]] = set()
    for f, score in scores:
        if score.evaluator_id not in evaluators:
            f.problem("evaluator", f"'{score.evaluator_id}' is not an evaluator of this evaluation")
        elif score.bidder_id not in bidders:
            f.problem("bidder", f"'{score.bidder_id}' is not a bidder of this evaluation")
        elif (message := check_score(evaluation, score)) is not None:
            f.problem("value" if "scale" in message else "reason" if "reason" in message else "question", message)
        key = (score.evaluator_id, score.bidder_id, score.question_id, score.stage_id)
        if key in seen:
            f.problem(
                None,
                "this evaluator already has a score for this bidder, question and stage",
                "Keep one score for each.",
            )
        seen.add(key)
    moderated: set[tuple[str, str, str]] = set()
    for f, moderation in moderations:
        probe = Score(
            "",
            moderation.bidder_id,
            moderation.question_id,
            moderation.stage_id,
            moderation.value,
            moderation.rationale,
        )
        if moderation.bidder_id not in bidders:
            f.problem("bidder", f"'{moderation.bidder_id}' is not a bidder of this evaluation")
        elif (message := check_score(evaluation, probe)) is not None:
            f.problem(
                "value" if "scale" in message else "rationale" if "reason" in message else "question",
                message.replace("Every score needs a reason", "Every moderated score needs a rationale"),
            )
        cell = (moderation.bidder_id, moderation.question_id, moderation.stage_id)
        if cell in moderated:
            f.problem(None, "there is already a moderated score for this bidder, question and stage")
        moderated.add(cell)
