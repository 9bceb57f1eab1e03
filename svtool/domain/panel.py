"""The panel's rules: who may score what, once conflicts are declared and mitigated (docs/panel.md).

Procurement Act 2023 ss.81-83: conflicts are identified before the procedure and mitigated, and a member with an
unmitigated interest takes no part. Scores are independent until a member submits a stage, and locked after it.
These rules apply once the panel has a lead; an evaluation with no lead is one officer's, scored as before.
"""

from __future__ import annotations

from svtool.domain.evaluation import Declaration, Evaluation, Evaluator, Mitigation, Role, Score


def declaration(evaluation: Evaluation, member_id: str, bidder_id: str) -> Declaration | None:
    return next((d for d in evaluation.declarations if d.evaluator_id == member_id and d.bidder_id == bidder_id), None)


def undeclared(evaluation: Evaluation, member_id: str) -> list[str]:
    """The bidders a member has not yet made a declaration about."""
    made = {d.bidder_id for d in evaluation.declarations if d.evaluator_id == member_id}
    return [b.id for b in evaluation.bidders if b.id not in made]


def awaiting_mitigation(evaluation: Evaluation) -> list[Declaration]:
    """Declared interests the lead has not yet decided on."""
    return [d for d in evaluation.declarations if d.conflict and d.mitigation is None]


def submitted(evaluation: Evaluation, member_id: str, stage_id: str) -> bool:
    return any(s.evaluator_id == member_id and s.stage_id == stage_id for s in evaluation.submissions)


def sees_prices(member: Evaluator | None) -> bool:
    """Only the price assessor and the lead see prices (the Crown Commercial Service keeps the quality panel
    apart from price); anyone, where no member is named."""
    return member is None or member.role in (Role.PRICE_ASSESSOR, Role.LEAD)


def conflict_refusal(evaluation: Evaluation, member: Evaluator, bidder_id: str) -> str | None:
    """Why a member may not score a bidder because of what they declared, or None."""
    bidder = next((b.name for b in evaluation.bidders if b.id == bidder_id), bidder_id)
    found = declaration(evaluation, member.id, bidder_id)
    if found is None:
        return (
            f"{member.name} has not yet declared whether they have an interest in {bidder}. Record a "
            "declaration (none, or the interest) before seeing or scoring this bid."
        )
    if not found.conflict:
        return None
    if found.mitigation is None:
        return (
            f"{member.name} declared an interest in {bidder}: the lead must record how it is mitigated before "
            f"{member.name} can score it."
        )
    if found.mitigation is Mitigation.OFF_BIDDER:
        return f"{member.name} declared an interest in {bidder} and the lead took them off this bidder."
    if found.mitigation is Mitigation.STAND_DOWN:
        return f"{member.name} was stood down from the panel because of an interest in {bidder}."
    return None


def scoring_refusal(evaluation: Evaluation, acting: Evaluator, score: Score) -> str | None:
    """Why the member at work may not save this score, or None. (Only applied where the panel has a lead.)"""
    if score.evaluator_id != acting.id:
        owner = evaluation.member(score.evaluator_id)
        return (
            f"You are working as {acting.name}: only {owner.name if owner else score.evaluator_id} can enter "
            "their own scores."
        )
    if acting.stood_down:
        return f"{acting.name} was stood down from the panel ({acting.stood_down}), so cannot score."
    if acting.role not in (Role.EVALUATOR, Role.LEAD):
        return f"{acting.name} is on the panel as {acting.role.value.replace('_', ' ')}, not to score answers."
    if not acting.scores_question(score.question_id):
        return f"Question {score.question_id} is not assigned to {acting.name}."
    refusal = conflict_refusal(evaluation, acting, score.bidder_id)
    if refusal:
        return refusal
    if submitted(evaluation, acting.id, score.stage_id):
        return (
            f"{acting.name} has submitted their {score.stage_id} scores, so they are locked. The lead can "
            "reopen them, with a reason."
        )
    return None


def may_see(evaluation: Evaluation, viewer: Evaluator | None, score: Score) -> bool:
    """Blind scoring: a member who scores sees only their own scores in a stage until they submit it; members
    who do not score (observers, the price assessor) see them all, as does everyone where no member is named. A
    member stood down (perhaps over a conflict) sees only their own."""
    if viewer is None or score.evaluator_id == viewer.id or evaluation.lead is None:
        return True
    if viewer.stood_down:
        return False
    if viewer.role not in (Role.EVALUATOR, Role.LEAD):
        return True
    return submitted(evaluation, viewer.id, score.stage_id)
