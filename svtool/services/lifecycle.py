"""The lifecycle's operations (docs/lifecycle.md): members sign off, the lead finalises, and the lead reopens.

A sign-off and the finalisation each record the SHA-256 of the evaluation's content (its definition text, without
sign-offs or finalisation), so a sign-off made before a later change is seen to be out of date. A final evaluation
is locked: OpenEvaluation refuses every change but reopening, which is recorded with its reason and voids every
sign-off.
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
from dataclasses import dataclass
from datetime import UTC, datetime

from svtool.definition.writer import write_definition_text
from svtool.domain.evaluation import Evaluation, Finalised, SignOff
from svtool.domain.lifecycle import Phase, final_needs, phase, signoff_needs
from svtool.domain.moderation import AnswerStatus
from svtool.services.changes import Changes
from svtool.services.errors import UserError
from svtool.services.moderation import answer_status, cells
from svtool.services.panel import acting_lead, member_named
from svtool.services.session import OpenEvaluation

#: What a member signs unless they write their own statement.
STATEMENT = (
    "I scored independently, declared every interest I have in the bidders, and agree that this "
    "evaluation records the panel's moderated scores and the reasons for them."
)


def content_hash(evaluation: Evaluation) -> str:
    """The SHA-256 of everything in the evaluation but its sign-offs and finalisation."""
    text = write_definition_text(dataclasses.replace(evaluation, signoffs=(), finalised=None))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def unmoderated(opened: OpenEvaluation) -> int:
    """Answers without an agreed consensus, leaving out excluded bidders and those not invited to a stage."""
    excluded = {b.id for b in opened.evaluation.bidders if b.excluded_reason}
    return sum(
        1
        for cell in cells(opened)
        if cell[0] not in excluded
        and opened.engine.not_invited(cell[0], cell[2]) is None
        and answer_status(opened, cell) is not AnswerStatus.AGREED
    )


@dataclass(frozen=True)
class Standing:
    """Where the evaluation stands: its phase, what final still needs, and whose sign-offs are current."""

    phase: Phase
    unmoderated: int
    needs: tuple[str, ...]
    current: tuple[str, ...]  # member ids whose sign-off stands for the evaluation as it is


def standing(opened: OpenEvaluation) -> Standing:
    """As this session has it: a window polls first, so that its pages show whatever that brings in."""
    e = opened.current()
    content = content_hash(e)
    open_answers = unmoderated(opened)
    needs = () if e.finalised else tuple(final_needs(e, open_answers, content))
    return Standing(phase(e), open_answers, needs, tuple(s.evaluator_id for s in e.signoffs if s.content == content))


def phase_now(opened: OpenEvaluation) -> Phase:
    """The phase, without gathering every score (a status bar asks it of a large evaluation)."""
    light = dataclasses.replace(
        opened.evaluation,
        scores=tuple(itertools.islice(opened.scores.values(), 1)),
        moderations=tuple(itertools.islice(opened.moderations.values(), 1)),
    )
    return phase(light)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def sign(opened: OpenEvaluation, member_id: str, statement: str = STATEMENT) -> Changes:
    """A member signs off the evaluation as it stands now (colleagues' latest work brought in first), replacing
    any earlier sign-off of theirs."""
    caught_up = opened.refresh()
    member, e = member_named(opened, member_id), opened.current()
    if member.stood_down:
        raise UserError(f"{member.name} was stood down from the panel, so does not sign it off.")
    if not statement.strip():
        raise UserError("Write the statement you sign, or keep the one offered.")
    needs = signoff_needs(e, unmoderated(opened))
    if needs:
        raise UserError("The evaluation is not ready to sign off: " + " ".join(needs))
    signed = SignOff(member.id, " ".join(statement.split()), _now(), content_hash(e))
    kept = tuple(s for s in opened.evaluation.signoffs if s.evaluator_id != member.id)
    changes, _ = opened.change_setup(
        dataclasses.replace(opened.evaluation, signoffs=(*kept, signed)),
        f"{member.name} signs off the evaluation: {signed.statement}",
    )
    return caught_up | changes


def finalise(opened: OpenEvaluation, lead_id: str) -> Changes:
    """The lead's approval: refused, listing every reason, unless final needs nothing more, judged on what is
    stored now (colleagues' sign-offs and changes brought in first)."""
    caught_up = opened.refresh()
    lead, e = acting_lead(opened, lead_id), opened.current()
    content = content_hash(e)
    needs = final_needs(e, unmoderated(opened), content)
    if needs:
        raise UserError(
            f"The evaluation cannot be finalised yet ({len(needs)} thing(s) to do):\n- " + "\n- ".join(needs)
        )
    done = Finalised(lead.id, _now(), content)
    changes, _ = opened.change_setup(
        dataclasses.replace(opened.evaluation, finalised=done),
        f"{lead.name} approves the evaluation: final, and locked",
    )
    return caught_up | changes


def reopen(opened: OpenEvaluation, lead_id: str, reason: str) -> Changes:
    """The lead reopens a final evaluation, with a reason; every sign-off is void and members sign again."""
    lead = acting_lead(opened, lead_id)
    if opened.evaluation.finalised is None:
        raise UserError("The evaluation is not final, so there is nothing to reopen.")
    if not reason.strip():
        raise UserError("Record why the final evaluation is reopened: the record must show it.")
    voided = len(opened.evaluation.signoffs)
    changes, _ = opened.change_setup(
        dataclasses.replace(opened.evaluation, finalised=None, signoffs=()),
        f"{lead.name} reopens the final evaluation: {reason.strip()} ({voided} sign-off(s) void)",
        reopening=True,
    )
    return changes
