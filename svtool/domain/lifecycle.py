"""The evaluation's lifecycle (docs/lifecycle.md): setup, scoring, moderation, final.

The first three phases follow from what has been done; final is the lead's act, and locks the evaluation until the
lead reopens it with a reason, which voids every sign-off. What final needs is listed by `final_needs`, each line a
plain sentence, so that the app, the command line and the report say the same thing.
"""

from __future__ import annotations

from enum import StrEnum

from svtool.domain.evaluation import Evaluation, Evaluator, Role, ScaleMethod
from svtool.domain.panel import awaiting_mitigation, submitted, undeclared
from svtool.domain.validation import Severity, validate_setup


class Phase(StrEnum):
    SETUP = "setup"  # no score yet
    SCORING = "scoring"  # members still to submit (or, with no panel lead, nothing moderated yet)
    MODERATION = "moderation"  # every member has submitted, or moderation has begun
    FINAL = "final"  # finalised by the lead: locked


def active_members(evaluation: Evaluation) -> list[Evaluator]:
    return [v for v in evaluation.evaluators if not v.stood_down]


def _scores_in(evaluation: Evaluation, member: Evaluator) -> list[str]:
    """The stages a member scores in (those with a scale question assigned to them)."""
    return [
        s.id
        for s in evaluation.stages
        if any(
            isinstance(q.method, ScaleMethod) and s.id in evaluation.stages_of(q) and member.scores_question(q.id)
            for q in evaluation.questions
        )
    ]


def phase(evaluation: Evaluation) -> Phase:
    if evaluation.finalised is not None:
        return Phase.FINAL
    if not evaluation.scores:
        return Phase.SETUP
    if evaluation.moderations:
        return Phase.MODERATION
    if evaluation.lead is None:
        return Phase.SCORING
    waiting = [
        m for m in active_members(evaluation) for s in _scores_in(evaluation, m) if not submitted(evaluation, m.id, s)
    ]
    return Phase.SCORING if waiting else Phase.MODERATION


def signoff_needs(evaluation: Evaluation, unmoderated: int) -> list[str]:
    """What must hold before anyone signs: the setup within the rules, every answer moderated, every conflict
    assessed. (`unmoderated` counts the answers without an agreed consensus, worked out by the caller.)"""
    needs = []
    errors = [i for i in validate_setup(evaluation) if i.severity is Severity.ERROR]
    if errors:
        needs.append(f"The setup breaks {len(errors)} rule(s), starting with: {errors[0]}")
    if unmoderated:
        needs.append(f"{unmoderated} answer(s) still need an agreed consensus score.")
    for member in active_members(evaluation):
        missing = undeclared(evaluation, member.id)
        if missing:
            needs.append(f"{member.name} has not declared about {len(missing)} bidder(s).")
    for found in awaiting_mitigation(evaluation):
        who = evaluation.member(found.evaluator_id)
        needs.append(
            f"The lead has not decided on {who.name if who else found.evaluator_id}'s declared "
            f"interest in {found.bidder_id}."
        )
    return needs


def final_needs(evaluation: Evaluation, unmoderated: int, content: str) -> list[str]:
    """Everything that stops the lead finalising, in plain sentences; empty when it may be finalised.
    `content` is the evaluation's content hash now, against which each sign-off is checked."""
    needs = signoff_needs(evaluation, unmoderated)
    if evaluation.lead is None:
        needs.append("The panel has no lead to approve the evaluation: name a lead first.")
    signed = {s.evaluator_id: s for s in evaluation.signoffs}
    for member in active_members(evaluation):
        found = signed.get(member.id)
        if found is None:
            needs.append(f"{member.name} has not signed off the evaluation.")
        elif found.content != content:
            needs.append(f"{member.name} signed off on {found.signed_at[:10]}, before later changes: they sign again.")
    return needs


def current_signoffs(evaluation: Evaluation, content: str) -> list[str]:
    """The members whose sign-off stands for the evaluation as it is now."""
    return [s.evaluator_id for s in evaluation.signoffs if s.content == content]


def role_name(member: Evaluator) -> str:
    return {
        Role.LEAD: "lead",
        Role.EVALUATOR: "evaluator",
        Role.PRICE_ASSESSOR: "price assessor",
        Role.OBSERVER: "observer",
    }[member.role]
