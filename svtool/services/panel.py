"""The panel's operations (docs/panel.md): declarations, the lead's mitigations, submitting and reopening a stage.

Each is a setup change saved through OpenEvaluation.change_setup, so it writes only its own rows, is refused if a
colleague changed them first, and has its audit entry, whose summary says what was done and why.
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from svtool.domain.evaluation import Declaration, Evaluator, Mitigation, Role, ScaleMethod, Submission
from svtool.domain.moderation import takes_part
from svtool.domain.panel import awaiting_mitigation, declaration, submitted, undeclared
from svtool.domain.text import refusal
from svtool.services.changes import Changes
from svtool.services.errors import UserError
from svtool.services.packs import seal_if_complete, stages_to_submit
from svtool.services.session import OpenEvaluation

NO_INTEREST = "No conflict of interest."


def member_named(opened: OpenEvaluation, member_id: str) -> Evaluator:
    member = opened.evaluation.member(member_id)
    if member is None:
        raise UserError(f"There is no member '{member_id}' on this evaluation's panel.")
    return member


def acting_lead(opened: OpenEvaluation, lead_id: str) -> Evaluator:
    lead = member_named(opened, lead_id)
    if lead.role is not Role.LEAD or lead.stood_down:
        raise UserError(
            f"Only the panel's lead can do that; {lead.name} is on the panel as {lead.role.value.replace('_', ' ')}."
        )
    return lead


def _bidder_name(opened: OpenEvaluation, bidder_id: str) -> str:
    for bidder in opened.evaluation.bidders:
        if bidder.id == bidder_id:
            return bidder.name
    raise UserError(f"There is no bidder '{bidder_id}' in this evaluation.")


def _today() -> str:
    return datetime.now(UTC).date().isoformat()


def declare(opened: OpenEvaluation, member_id: str, bidder_id: str | None, interest: str | None) -> Changes:
    """Record a member's declaration: with bidder_id None and no interest, none about every bidder not yet
    declared about; else about one bidder, an interest described or none. A changed declaration about a bidder
    replaces the earlier one (the audit trail keeps both) and needs the lead's mitigation again."""
    member = member_named(opened, member_id)
    e = opened.evaluation
    if interest is not None and not interest.strip():
        raise UserError("Describe the interest declared (who, what and when), or declare none.")
    if bidder_id is None:
        if interest is not None:
            raise UserError("Name the bidder the interest is in (--bidder).")
        targets = [b.id for b in e.bidders if declaration(e, member.id, b.id) is None]
    else:
        _bidder_name(opened, bidder_id)
        targets = [bidder_id]
    made = {
        b: Declaration(member.id, b, interest is not None, interest.strip() if interest else NO_INTEREST, _today())
        for b in targets
    }
    if not made:
        return Changes()
    kept = tuple(d for d in e.declarations if not (d.evaluator_id == member.id and d.bidder_id in made))
    names = ", ".join(_bidder_name(opened, b) for b in targets)
    what = f"an interest in {names}: {interest.strip()}" if interest else f"no interest in {names}"
    changes, _ = opened.change_setup(
        dataclasses.replace(e, declarations=kept + tuple(made.values())), f"{member.name} declares {what}"
    )
    return changes


def mitigate(
    opened: OpenEvaluation, lead_id: str, member_id: str, bidder_id: str, action: Mitigation, reason: str
) -> Changes:
    """The lead's decision on a declared interest; standing the member down takes them off the panel."""
    lead, member = acting_lead(opened, lead_id), member_named(opened, member_id)
    bidder = _bidder_name(opened, bidder_id)
    found = declaration(opened.evaluation, member.id, bidder_id)
    if found is None or not found.conflict:
        raise UserError(f"{member.name} has declared no interest in {bidder}, so there is nothing to mitigate.")
    if not reason.strip():
        raise UserError("Record the reason for the decision: the record must show why it was thought enough.")
    e = opened.evaluation
    decided = dataclasses.replace(found, mitigation=action, mitigation_reason=reason.strip())
    declarations = tuple(decided if d is found else d for d in e.declarations)
    evaluators = tuple(
        dataclasses.replace(v, stood_down=reason.strip())
        if v.id == member.id and action is Mitigation.STAND_DOWN
        else v
        for v in e.evaluators
    )
    words = {
        Mitigation.CARRY_ON: "may carry on scoring",
        Mitigation.OFF_BIDDER: "takes no part in",
        Mitigation.STAND_DOWN: "is stood down over an interest in",
    }[action]
    summary = f"{lead.name} decides {member.name} {words} {bidder}: {reason.strip()}"
    changes, _ = opened.change_setup(dataclasses.replace(e, declarations=declarations, evaluators=evaluators), summary)
    return changes


def unscored(opened: OpenEvaluation, member: Evaluator, stage_id: str) -> list[tuple[str, str]]:
    """The (bidder, question) answers a member is to score in a stage and has not. A bidder the member declared
    an interest in, not yet decided on by the lead, is not among them: the member may not score it until the
    lead decides (in a pack, the lead decides after importing it), and the lead can reopen the stage if so."""
    e = opened.evaluation
    waiting = {d.bidder_id for d in awaiting_mitigation(e) if d.evaluator_id == member.id}
    return [
        (b.id, q.id)
        for q in e.questions
        if isinstance(q.method, ScaleMethod) and stage_id in e.stages_of(q)
        for b in e.bidders
        if takes_part(e, member, b.id, q.id)
        and b.id not in waiting
        and (member.id, b.id, q.id, stage_id) not in opened.scores
    ]


def submit(opened: OpenEvaluation, member_id: str, stage_id: str | None = None) -> Changes:
    """A member submits their scores for a stage (None: every stage they score in): every answer assigned to them
    scored, then locked. In a pack, submitting the last stage seals the pack for the lead to import."""
    member = member_named(opened, member_id)
    stage_ids = [stage_id] if stage_id is not None else stages_to_submit(opened, member)
    changes = Changes()
    for sid in stage_ids:
        changes |= _submit_stage(opened, member, sid)
    seal_if_complete(opened)
    return changes


def _submit_stage(opened: OpenEvaluation, member: Evaluator, stage_id: str) -> Changes:
    e = opened.evaluation
    stage = next((s.name for s in e.stages if s.id == stage_id), None)
    if stage is None:
        raise UserError(f"There is no stage '{stage_id}' in this evaluation.")
    if submitted(e, member.id, stage_id):
        return Changes()
    undeclared_about = undeclared(e, member.id)
    if undeclared_about:
        raise UserError(
            f"{member.name} has not yet declared whether they have an interest in "
            f"{len(undeclared_about)} bidder(s), starting with {_bidder_name(opened, undeclared_about[0])}"
            ": declare about every bidder before submitting."
        )
    missing = unscored(opened, member, stage_id)
    if missing:
        raise UserError(
            f"{member.name} has {len(missing)} answer(s) still to score in the {stage.lower()} stage, "
            f"starting with {missing[0][0]} on {missing[0][1]}: score them all before submitting."
        )
    now = datetime.now(UTC).isoformat(timespec="seconds")
    changes, _ = opened.change_setup(
        dataclasses.replace(e, submissions=(*e.submissions, Submission(member.id, stage_id, now))),
        f"{member.name} submits their {stage.lower()} scores",
    )
    return changes


def unlock(opened: OpenEvaluation, lead_id: str, member_id: str, stage_id: str, reason: str) -> Changes:
    """The lead reopens a member's submitted stage, with a reason; the scores already saved stay in the record."""
    lead, member, e = acting_lead(opened, lead_id), member_named(opened, member_id), opened.evaluation
    if not submitted(e, member.id, stage_id):
        raise UserError(f"{member.name} has not submitted the {stage_id} stage, so it is not locked.")
    if not reason.strip():
        raise UserError("Record why the submitted scores are reopened.")
    text = refusal("The reason", reason, multiline=True)
    if text is not None:
        raise UserError(text)
    kept = tuple(s for s in e.submissions if not (s.evaluator_id == member.id and s.stage_id == stage_id))
    changes, _ = opened.change_setup(
        dataclasses.replace(e, submissions=kept),
        f"{lead.name} reopens {member.name}'s {stage_id} scores: {reason.strip()}",
    )
    return changes
