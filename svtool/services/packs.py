"""Offline evaluator packs (docs/panel.md): one member's part of an evaluation, for a laptop with no shared drive.

The lead exports a pack per member: the setup, the bidders, and that member's own declarations and scores, with no
other member's scores or declarations, no consensus scores, and no prices unless the member sees prices. The
member opens it in svtool, declares, scores and submits; submitting the last stage seals it, with a hash over its
content, the member and the time. The lead imports it: refused if it was changed after sealing, belongs to
another evaluation or member, or was imported before; each score keeps the time it was first saved.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select

from svtool.domain.evaluation import Declaration, Evaluation, Evaluator, ScaleMethod
from svtool.domain.panel import scoring_refusal, sees_prices, submitted
from svtool.domain.validation import check_score
from svtool.services.changes import Changes
from svtool.services.errors import UserError
from svtool.services.evaluations import create_evaluation, open_evaluation
from svtool.services.session import OpenEvaluation
from svtool.store import audit
from svtool.store.models import AuditRow
from svtool.store.packs import PackInfo, identity, read_pack_info, write_pack_info

SUFFIX = ".svpack"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def member_view(evaluation: Evaluation, member: Evaluator) -> Evaluation:
    """What one member may see: their own declarations, submissions and scores, and prices only if their role
    sees prices. (Consensus scores reveal colleagues' views, so none are included.)"""
    prices = sees_prices(member)
    return dataclasses.replace(
        evaluation,
        bids=tuple(b if prices else dataclasses.replace(b, price=None) for b in evaluation.bids),
        declarations=tuple(d for d in evaluation.declarations if d.evaluator_id == member.id),
        submissions=tuple(s for s in evaluation.submissions if s.evaluator_id == member.id),
        scores=tuple(s for s in evaluation.scores if s.evaluator_id == member.id),
        moderations=(),
    )


def export_pack(opened: OpenEvaluation, member_id: str, out: Path) -> PackInfo:
    """Write `member_id`'s pack to `out` (never over an existing file), and record the export in the audit."""
    if opened.pack is not None:
        raise UserError("This is itself a pack: export packs from the evaluation the lead keeps.")
    member = opened.evaluation.member(member_id)
    if member is None:
        raise UserError(f"There is no member '{member_id}' on this evaluation's panel.")
    if member.stood_down:
        raise UserError(f"{member.name} was stood down from the panel, so has no pack to fill in.")
    if opened.evaluation.finalised is not None:
        raise UserError("The evaluation is final, so there is nothing left to score: the lead reopens it first.")
    if out.suffix.lower() != SUFFIX:
        raise UserError(f"A pack's file name ends in {SUFFIX}: {out.name} does not.")
    if out.exists():
        raise UserError(f"{out} already exists. Choose another name, or delete it first.")
    snapshot = opened.snapshot()
    with opened.document.reading() as session:
        source = identity(session)
    info = PackInfo(source, snapshot.evaluation.title, member.id, _now(), opened.actor)
    partial = out.with_name(f".{out.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        created = create_evaluation(
            member_view(snapshot.evaluation, member), partial, f"{opened.actor}, exporting {member.name}'s pack"
        )
        try:
            with created.document.writing() as session:
                write_pack_info(session, info)
        finally:
            created.close()
        os.replace(partial, out)  # a pack appears whole, or not at all
    finally:
        partial.unlink(missing_ok=True)
    opened.note("export", "pack", member.id, {"member": member.name, "file": out.name, "at_seq": snapshot.head_seq})
    return info


def _seal_of(opened: OpenEvaluation, info: PackInfo) -> str:
    """The hash over the pack's content (as its definition text), its audit trail's head, the member and the
    time: any change to a score, a declaration, the setup or the trail after sealing changes it."""
    with opened.document.reading() as session:
        head = session.scalar(select(AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)) or audit.GENESIS
    text = "\n".join([info.source, info.member, info.sealed_at, head, opened.definition_text()])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def stages_to_submit(opened: OpenEvaluation, member: Evaluator) -> list[str]:
    """The stages in which the member has questions to score (each is submitted in turn)."""
    e = opened.evaluation
    return [
        s.id
        for s in e.stages
        if any(
            isinstance(q.method, ScaleMethod) and s.id in e.stages_of(q) and member.scores_question(q.id)
            for q in e.questions
        )
    ]


def seal_if_complete(opened: OpenEvaluation) -> bool:
    """Seal a pack once its member has submitted every stage they score in; True if it is now sealed."""
    info = opened.pack
    if info is None or info.sealed:
        return info is not None
    member = opened.evaluation.member(info.member)
    assert member is not None
    if not all(submitted(opened.evaluation, member.id, s) for s in stages_to_submit(opened, member)):
        return False
    stamped = dataclasses.replace(info, sealed_at=_now())
    sealed = dataclasses.replace(stamped, seal=_seal_of(opened, stamped))
    with opened.document.writing() as session:
        write_pack_info(session, sealed)
    opened.pack = sealed
    return True


@dataclass(frozen=True)
class Imported:
    member: str
    scores: int
    declarations: int
    changes: Changes


def import_pack(opened: OpenEvaluation, pack_path: Path) -> Imported:
    """Bring a sealed pack's declarations, scores and submissions into this evaluation, in one transaction."""
    if opened.pack is not None:
        raise UserError("Packs are imported into the evaluation the lead keeps, not into another pack.")
    pack = open_evaluation(pack_path)
    try:
        info = pack.pack
        if info is None:
            raise UserError(f"{pack_path.name} is an evaluation file, not an evaluator's pack.")
        _check_sealed(pack, info, pack_path.name)
        with opened.document.reading() as session:
            here = identity(session)
            done = session.scalar(
                select(AuditRow.seq).where(
                    AuditRow.action == "import", AuditRow.entity == "pack", AuditRow.new.like(f'%"{info.seal}"%')
                )
            )
        if info.source != here:
            raise UserError(
                f"{pack_path.name} was exported from another evaluation ({info.source_title}), not "
                "this one, so it cannot be imported here."
            )
        if done is not None:
            raise UserError(f"{pack_path.name} was imported before (audit entry {done}); it is not imported twice.")
        member = opened.evaluation.member(info.member)
        if member is None:
            raise UserError(f"{pack_path.name} is for member '{info.member}', who is not on this panel.")
        return _apply(opened, pack, info, member, pack_path.name)
    finally:
        pack.close()


def _check_sealed(pack: OpenEvaluation, info: PackInfo, name: str) -> None:
    if not info.sealed:
        raise UserError(f"{name} has not been submitted and sealed by its member yet, so it cannot be imported.")
    with pack.document.reading() as session:
        chain = audit.verify(session)
    if not chain.ok:
        raise UserError(f"{name} was changed outside svtool after it was sealed ({chain.message}); it is refused.")
    if _seal_of(pack, info) != info.seal:
        raise UserError(
            f"{name} was changed after it was sealed on {info.sealed_at[:10]}: its content no longer "
            "matches its seal, so it is refused. Ask the member for the pack as they sent it."
        )


def _apply(opened: OpenEvaluation, pack: OpenEvaluation, info: PackInfo, member: Evaluator, name: str) -> Imported:
    e, theirs = opened.evaluation, pack.evaluation
    for stage in {s.stage_id for s in theirs.submissions}:
        if submitted(e, member.id, stage):
            raise UserError(
                f"{member.name} has already submitted the {stage} stage in this evaluation, so "
                f"{name} cannot replace those scores. The lead can reopen the stage first."
            )
    bidders = {b.id for b in e.bidders}
    stored = pack.stored_evaluation()
    declarations = {(d.evaluator_id, d.bidder_id): d for d in e.declarations}

    def said(d: Declaration | None) -> tuple[bool, str] | None:  # what was declared (the lead's decision aside)
        return (d.conflict, d.statement) if d is not None else None

    arriving = [
        d
        for d in stored.declarations
        if d.bidder_id in bidders and said(declarations.get((d.evaluator_id, d.bidder_id))) != said(d)
    ]
    declarations.update({(d.evaluator_id, d.bidder_id): d for d in arriving})
    submissions = (*e.submissions, *(s for s in stored.submissions if not submitted(e, member.id, s.stage_id)))
    setup = dataclasses.replace(e, declarations=tuple(declarations.values()), submissions=submissions)
    times = _score_times(pack)
    before_submitting = dataclasses.replace(setup, submissions=e.submissions)
    scores = []
    for score in stored.scores:
        refusal = check_score(e, score) or (scoring_refusal(before_submitting, member, score) if e.lead else None)
        if refusal:
            raise UserError(
                f"{name} cannot be imported: a score for {score.bidder_id} on {score.question_id} "
                f"({score.stage_id}) is refused here. {refusal}"
            )
        at, actor = times.get(
            "/".join((score.evaluator_id, score.bidder_id, score.question_id, score.stage_id)),
            (info.sealed_at, member.name),
        )
        scores.append((score, at, actor))
    record = {
        "member": member.name,
        "file": name,
        "seal": info.seal,
        "sealed_at": info.sealed_at,
        "exported_at": info.exported_at,
        "scores": len(scores),
        "declarations": len(arriving),
    }
    changes = opened.save_imported(setup, scores, f"import {member.name}'s pack", record)
    return Imported(member.name, len(scores), len(arriving), changes)


def _score_times(pack: OpenEvaluation) -> dict[str, tuple[str, str]]:
    """When, and by whom, each score in the pack was last saved, from the pack's own audit trail."""
    times: dict[str, tuple[str, str]] = {}
    for line in pack.audit_trail():
        if line.entity == "score":
            times[line.key] = (line.at, line.actor)
    return times


def pack_of(path: Path) -> PackInfo | None:
    """A pack's facts, without opening it for work."""
    opened = open_evaluation(path)
    try:
        with opened.document.reading() as session:
            return read_pack_info(session)
    finally:
        opened.close()
