"""The lead keeps the panel (docs/panel.md): adds members, assigns them questions, and stands them down.

A member stood down stays on the panel's list with the reason, and every score they gave stays in the record; the
engine no longer counts them. Each change is one audited setup change, refused if a colleague changed it first.
"""

from __future__ import annotations

import dataclasses
import re

from svtool.domain.evaluation import Evaluator, Role, ScaleMethod
from svtool.services.changes import Changes
from svtool.services.errors import UserError
from svtool.services.panel import acting_lead, member_named
from svtool.services.session import OpenEvaluation

#: A member's id: short, as it is typed in commands and shown in the workbook's columns.
MEMBER_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,31}")


def member_id_for(opened: OpenEvaluation, name: str) -> str:
    """An id for a new member: the initials of their name before any comma, where a job title follows (Priya
    Shah, contracts officer: PS), numbered if taken (PS2)."""
    person = name.split(",")[0]
    initials = "".join(word[0] for word in re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*", person)).upper()[:6] or "M"
    taken = {v.id.upper() for v in opened.evaluation.evaluators}
    ident, number = initials, 1
    while ident.upper() in taken:
        number += 1
        ident = f"{initials}{number}"
    return ident


def add_member(
    opened: OpenEvaluation,
    lead_id: str,
    name: str,
    role: Role,
    questions: tuple[str, ...] = (),
    member_id: str | None = None,
) -> tuple[Changes, str]:
    """Add a member to the panel; they declare about every bidder when they first open the evaluation. Returns
    the changes and the new member's id."""
    lead = acting_lead(opened, lead_id)
    name = " ".join(name.split())
    if not name:
        raise UserError("Give the new member's full name, as it is to appear in the record.")
    if role is Role.LEAD:
        raise UserError(f"The panel has a lead already ({lead.name}); add the new member in another role.")
    ident = member_id.strip() if member_id is not None else member_id_for(opened, name)
    if not MEMBER_ID.fullmatch(ident):
        raise UserError(f"'{ident}' cannot be a member's id: use up to 32 letters, digits, '.', '_' or '-'.")
    holder = opened.evaluation.member(ident)
    if holder is not None:
        raise UserError(f"The id '{ident}' is taken by {holder.name}; choose another.")
    _check_questions(opened, role, questions)
    member = Evaluator(ident, name, role, questions)
    what = f"{role.value.replace('_', ' ')}" + (f" for {', '.join(questions)}" if questions else "")
    changes, _ = opened.change_setup(
        dataclasses.replace(opened.evaluation, evaluators=(*opened.evaluation.evaluators, member)),
        f"{lead.name} adds {name} ({ident}) to the panel as {what}",
    )
    return changes, ident


def assign(opened: OpenEvaluation, lead_id: str, member_id: str, questions: tuple[str, ...]) -> Changes:
    """Assign an evaluator the questions they score (none: every question). Scores they gave to questions no
    longer theirs stay in the record and stop counting; a stage they had submitted stays submitted."""
    lead, member = acting_lead(opened, lead_id), member_named(opened, member_id)
    if member.role not in (Role.EVALUATOR, Role.LEAD):
        raise UserError(
            f"{member.name} is on the panel as {member.role.value.replace('_', ' ')}, and scores no questions."
        )
    _check_questions(opened, member.role, questions)
    if questions == member.questions:
        return Changes()
    evaluators = tuple(
        dataclasses.replace(v, questions=questions) if v.id == member.id else v for v in opened.evaluation.evaluators
    )
    what = ", ".join(questions) if questions else "every question"
    changes, _ = opened.change_setup(
        dataclasses.replace(opened.evaluation, evaluators=evaluators), f"{lead.name} assigns {member.name} {what}"
    )
    return changes


def stand_down(opened: OpenEvaluation, lead_id: str, member_id: str, reason: str) -> Changes:
    """Stand a member down, with the reason; their scores stay in the record but no longer count."""
    lead, member = acting_lead(opened, lead_id), member_named(opened, member_id)
    if member.id == lead.id:
        raise UserError("The lead cannot stand themselves down: the panel needs a lead to chair it.")
    if member.stood_down:
        raise UserError(f"{member.name} was already stood down ({member.stood_down}).")
    if not reason.strip():
        raise UserError(f"Record why {member.name} is stood down: the record must show it.")
    evaluators = tuple(
        dataclasses.replace(v, stood_down=reason.strip()) if v.id == member.id else v
        for v in opened.evaluation.evaluators
    )
    changes, _ = opened.change_setup(
        dataclasses.replace(opened.evaluation, evaluators=evaluators),
        f"{lead.name} stands {member.name} down: {reason.strip()}",
    )
    return changes


def _check_questions(opened: OpenEvaluation, role: Role, questions: tuple[str, ...]) -> None:
    if questions and role not in (Role.EVALUATOR, Role.LEAD):
        raise UserError(f"Only evaluators are assigned questions; a {role.value.replace('_', ' ')} scores none.")
    scored = [q.id for q in opened.evaluation.questions if isinstance(q.method, ScaleMethod)]
    unknown = [q for q in questions if q not in scored]
    if unknown:
        raise UserError(f"'{unknown[0]}' is not a question the panel scores. Choose from {', '.join(scored)}.")
    if len(set(questions)) != len(questions):
        raise UserError("A question is assigned twice; name each once.")
