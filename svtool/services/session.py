"""An evaluation open for work: the one state object, changed only by the operations here.

The state is the setup, the scores and consensus scores entered so far, the version of every row as this session
last read it, the audit sequence it has caught up to, and a scoring engine kept in step. Each operation checks its
input, saves exactly the rows it changes with their audit entry in one short transaction (refused if another
session changed one of them first), updates the state and returns a Changes. refresh() brings in what other
sessions saved, as Changes of the same kind. See docs/architecture.md.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from svtool.domain.engine import Engine
from svtool.domain.evaluation import Evaluation, Moderation, Score
from svtool.domain.moderation import basis_of, consensus_refusal
from svtool.domain.panel import scoring_refusal
from svtool.domain.results import Results
from svtool.domain.text import moderation_refusal, new_text_problems
from svtool.domain.validation import Severity, check_score, validate_setup
from svtool.export.report_data import AuditLine
from svtool.memory import release_kept
from svtool.services import session_bulk, session_catch_up, session_views
from svtool.services.changes import NOTHING, CellKey, Changes, ScoreKey
from svtool.services.entries import cell_key, moderation_text, score_text
from svtool.services.entries import score_key as score_key  # imported from here by other modules
from svtool.services.errors import UserError
from svtool.services.prices import price_problems
from svtool.services.session_views import Snapshot as Snapshot  # imported from here by other modules
from svtool.services.setup_writes import RowWrite, Versions, revert_rows, setup_changes, write_setup
from svtool.store import audit
from svtool.store.database import Document
from svtool.store.mapping import Loaded, load_setup, moderation_values
from svtool.store.models import AuditRow, EvaluationRow
from svtool.store.packs import PackInfo
from svtool.store.rows import StaleRow, delete_row, insert_row, update_row
from svtool.store.tables import key_text


class StaleEdit(UserError):
    """Another session changed what this edit was based on. Nothing was saved; the state now holds theirs."""

    def __init__(self, message: str, changes: Changes) -> None:
        super().__init__(message)
        self.changes = changes


@dataclass(frozen=True)
class SetupChange:
    """What one setup change wrote, so that it can be reverted: its rows, the scores and consensus scores it
    removed with them (for people or questions no longer there), and those it put back (an undo's)."""

    rows: tuple[RowWrite, ...] = ()
    scores: tuple[Score, ...] = ()
    moderations: tuple[Moderation, ...] = ()
    restored_scores: tuple[Score, ...] = ()
    restored_moderations: tuple[Moderation, ...] = ()


@dataclass
class OpenEvaluation:
    """The open evaluation's state. Read it freely; change it only through the methods below."""

    document: Document
    #: The setup as this session knows it (scores and moderations empty: the live ones are below).
    evaluation: Evaluation
    engine: Engine
    actor: str
    scores: dict[ScoreKey, Score]
    moderations: dict[CellKey, Moderation]
    score_versions: dict[ScoreKey, int]
    moderation_versions: dict[CellKey, int]
    setup_versions: Versions
    #: The audit sequence this state reflects: every entry up to it has been applied.
    seen_seq: int
    #: The panel member this session works as (None: not named, as for one officer's evaluation).
    member_id: str | None = None
    #: What makes this file an evaluator's pack, if it is one (services/packs.py).
    pack: PackInfo | None = None
    _own: set[int] = field(default_factory=set)  # entries this session wrote after seen_seq
    _closed: bool = False

    @classmethod
    def from_loaded(cls, document: Document, loaded: Loaded, seen_seq: int, actor: str) -> OpenEvaluation:
        e = loaded.evaluation
        return cls(
            document,
            dataclasses.replace(e, scores=(), moderations=()),
            Engine(e),
            actor,
            loaded.scores_by_key,
            {cell_key(m): m for m in e.moderations},
            loaded.score_versions,
            loaded.moderation_versions,
            loaded.setup_versions,
            seen_seq,
        )

    @property
    def read_only(self) -> bool:
        """Nothing can be saved: the file may not be written, or it is a pack its member has sealed."""
        return self.document.read_only or (self.pack is not None and self.pack.sealed)

    @property
    def location(self) -> str:
        return self.document.location

    def results(self) -> Results:
        return self.engine.results()

    def current(self) -> Evaluation:
        """The evaluation as this session knows it now, with every score and moderation."""
        return dataclasses.replace(
            self.evaluation, scores=tuple(self.scores.values()), moderations=tuple(self.moderations.values())
        )

    # Operations -------------------------------------------------------------------------------------------------

    def panel_refusal(self, score: Score) -> str | None:
        """Why the panel's rules (docs/panel.md) stop this score being entered or withdrawn, or None. The member at
        work is the one this session acts as, or else the score's own evaluator."""
        if self.pack is not None and self.pack.sealed:
            return self._sealed()
        if self.evaluation.lead is None:
            return None
        acting = self.evaluation.member(self.member_id or score.evaluator_id)
        return scoring_refusal(self.evaluation, acting, score) if acting is not None else None

    def act_as(self, member_id: str, login: str) -> None:
        """Work as a named panel member: the audit trail records them and the computer login."""
        member = self.evaluation.member(member_id)
        if member is None:
            raise UserError(f"There is no member '{member_id}' on this evaluation's panel.")
        if self.pack is not None and member.id != self.pack.member:
            owner = self.evaluation.member(self.pack.member)
            raise UserError(f"This pack is {owner.name if owner else self.pack.member}'s: only they work in it.")
        self.member_id, self.actor = member.id, f"{member.name} ({login})"

    def record_score(self, score: Score) -> Changes:
        """Check and save one evaluator's score with its audit entry."""
        self._not_final()
        self._check_people(score.evaluator_id, score.bidder_id)
        problem = (
            check_score(self.evaluation, score)
            or self.panel_refusal(score)
            or self.engine.not_invited(score.bidder_id, score.stage_id)
        )
        if problem:
            raise UserError(problem)
        key = score_key(score)
        before = self.scores.get(key)
        if before == score:
            return NOTHING
        new = {"value": format(score.value, "f"), "reason": score.reason}
        with self._writing() as session:
            if before is None:
                version = insert_row(session, "score", key, {"value": score.value, "reason": score.reason})
            else:
                version = update_row(
                    session, "score", key, {"value": score.value, "reason": score.reason}, self.score_versions[key]
                )
            self._audit(session, "score", "score", "/".join(key), score_text(before), new)
        self.scores[key], self.score_versions[key] = score, version
        self.engine.set_score(score)
        return Changes(scores=frozenset({key}))

    def clear_score(self, evaluator_id: str, bidder_id: str, question_id: str, stage_id: str) -> Changes:
        """Withdraw one evaluator's score (as undo does); the audit trail keeps what it was."""
        self._not_final()
        key = (evaluator_id, bidder_id, question_id, stage_id)
        found = self.scores.get(key)
        refusal = self.panel_refusal(found) if found is not None else None
        if refusal:
            raise UserError(refusal)
        if found is None:
            return NOTHING
        with self._writing() as session:
            delete_row(session, "score", key, self.score_versions[key])
            self._audit(session, "clear", "score", "/".join(key), score_text(found), None)
        del self.scores[key], self.score_versions[key]
        self.engine.remove_score(*key)
        return Changes(scores=frozenset({key}))

    def moderate(self, moderation: Moderation) -> Changes:
        """Record the panel's agreed score, its rationale and feedback for the bidder; the individual scores are
        kept, and the consensus records which of them it was agreed on (docs/panel.md)."""
        return self.moderate_many([moderation])

    def moderate_many(self, moderations: list[Moderation]) -> Changes:
        """Record several consensus scores in one transaction, each with its own audit entry: all or none."""
        self._not_final()
        checked = [self._checked_consensus(m) for m in moderations]
        writes = [(m, self.moderations.get(cell_key(m))) for m in checked]
        writes = [(m, before) for m, before in writes if before != m]
        if not writes:
            return NOTHING
        versions = {}
        with self._writing() as session:
            for moderation, before in writes:
                key = cell_key(moderation)
                values = moderation_values(moderation)
                if before is None:
                    versions[key] = insert_row(session, "moderation", key, values)
                else:
                    versions[key] = update_row(session, "moderation", key, values, self.moderation_versions[key])
                self._audit(
                    session,
                    "moderate",
                    "moderation",
                    "/".join(key),
                    moderation_text(before),
                    moderation_text(moderation),
                    moderation.rationale,
                )
        for moderation, _ in writes:
            key = cell_key(moderation)
            self.moderations[key], self.moderation_versions[key] = moderation, versions[key]
            self.engine.set_moderation(moderation)
        return Changes(moderations=frozenset(versions))

    def _checked_consensus(self, moderation: Moderation) -> Moderation:
        """The consensus as it will be saved, with the scores it is agreed on; or UserError saying why not."""
        words = moderation_refusal(moderation)
        if words:
            raise UserError(words)
        probe = Score(
            "",
            moderation.bidder_id,
            moderation.question_id,
            moderation.stage_id,
            moderation.value,
            moderation.rationale,
        )
        problem = check_score(self.evaluation, probe)
        if problem:
            raise UserError(problem.replace("Every score needs a reason", "Every moderated score needs a rationale"))
        self._check_people(None, moderation.bidder_id)
        counted = self.engine.counted_scores(cell_key(moderation))
        acting = self.evaluation.member(self.member_id) if self.member_id else None
        refusal = consensus_refusal(self.evaluation, moderation, counted, acting)
        if refusal:
            raise UserError(refusal)
        return dataclasses.replace(
            moderation,
            rationale=moderation.rationale.strip(),
            feedback=moderation.feedback.strip(),
            without=moderation.without.strip(),
            basis=basis_of(counted.values()),
        )

    def clear_moderation(self, bidder_id: str, question_id: str, stage_id: str) -> Changes:
        """Withdraw the panel's agreed score, so the evaluators' scores stand for it again."""
        self._not_final()
        key = (bidder_id, question_id, stage_id)
        found = self.moderations.get(key)
        if found is None:
            return NOTHING
        with self._writing() as session:
            delete_row(session, "moderation", key, self.moderation_versions[key])
            self._audit(session, "clear", "moderation", "/".join(key), moderation_text(found), None)
        del self.moderations[key], self.moderation_versions[key]
        self.engine.remove_moderation(*key)
        return Changes(moderations=frozenset({key}))

    def change_setup(self, setup: Evaluation, summary: str, reopening: bool = False) -> tuple[Changes, SetupChange]:
        """Save a changed setup (details, envelopes, questions, bidders, prices, panel...) as the rows it changes.

        Scores and moderations for a bidder, question, stage or evaluator the new setup no longer has are removed
        with it and kept in the returned SetupChange, which revert() puts back. A setup that breaks the rules is
        still saved, so no typing is lost, and validate_setup says what to put right; only a setup the scoring
        engine cannot work with at all is refused, nor is text holding a control character (domain/text.py). A
        final evaluation refuses every change but `reopening` it.
        """
        if not reopening:
            self._not_final()
        members, bidders = {e.id for e in setup.evaluators}, {b.id for b in setup.bidders}
        new = dataclasses.replace(
            setup,
            scores=(),
            moderations=(),
            declarations=tuple(d for d in setup.declarations if d.evaluator_id in members and d.bidder_id in bidders),
            submissions=tuple(
                s for s in setup.submissions if s.evaluator_id in members and s.stage_id in {t.id for t in setup.stages}
            ),
        )
        changes = setup_changes(self.evaluation, new)
        if changes.empty:
            return NOTHING, SetupChange()
        self._refuse_control_characters(new)
        before = self.evaluation
        if changes.setup:  # (a bidder's row alone cannot stop the engine) the engine's update is the check
            self._try_engine(before, new)
        dropped_scores: tuple[Score, ...] = ()
        dropped_mods: tuple[Moderation, ...] = ()
        if changes.structure:
            fits = _fitter(new)
            dropped_scores = tuple(s for k, s in self.scores.items() if not fits(k[1], k[2], k[3], k[0]))
            dropped_mods = tuple(m for k, m in self.moderations.items() if not fits(*k))
        try:
            with self._writing(when_final=reopening) as session:
                for score in dropped_scores:
                    delete_row(session, "score", score_key(score), self.score_versions[score_key(score)])
                for moderation in dropped_mods:
                    delete_row(
                        session, "moderation", cell_key(moderation), self.moderation_versions[cell_key(moderation)]
                    )
                written = write_setup(session, before, new, self.setup_versions)
                old, after = written.audit_parts()
                if dropped_scores or dropped_mods:
                    old["removed"] = _entries_text(dropped_scores, dropped_mods)
                self._audit(session, "setup", "setup", summary, old, after)
        except BaseException:
            if changes.setup:  # not saved: the engine goes back to the setup that is
                self.engine.update_setup(before)
            raise
        for (table, key), version in written.versions.items():
            if version:
                self.setup_versions[(table, key)] = version
            else:
                self.setup_versions.pop((table, key), None)
        self._forget(dropped_scores, dropped_mods)
        self.evaluation = new
        if not changes.setup:
            self._update_engine(before, changes)
        return changes | _touched(dropped_scores, dropped_mods), SetupChange(
            tuple(written.rows), dropped_scores, dropped_mods
        )

    def revert(self, change: SetupChange, summary: str) -> tuple[Changes, SetupChange]:
        """Undo a setup change: put back each row it wrote, and the scores it removed, each only if nobody has
        changed it since. Returns what changed and the SetupChange that redoes it (revert that to redo)."""
        self._not_final()
        with self._writing() as session:
            for score in change.restored_scores:
                delete_row(session, "score", score_key(score), self.score_versions[score_key(score)])
            for moderation in change.restored_moderations:
                delete_row(session, "moderation", cell_key(moderation), self.moderation_versions[cell_key(moderation)])
            undone = revert_rows(session, list(change.rows))
            for score in change.scores:
                insert_row(session, "score", score_key(score), {"value": score.value, "reason": score.reason})
            for moderation in change.moderations:
                insert_row(session, "moderation", cell_key(moderation), moderation_values(moderation))
            old, after = undone.audit_parts()
            if change.restored_scores or change.restored_moderations:
                old["removed"] = _entries_text(change.restored_scores, change.restored_moderations)
            if change.scores or change.moderations:
                after["restored"] = _entries_text(change.scores, change.moderations)
            self._audit(session, "setup", "setup", summary, old, after)
            loaded = load_setup(session)
        self._forget(change.restored_scores, change.restored_moderations)
        for score in change.scores:
            self.scores[score_key(score)], self.score_versions[score_key(score)] = score, 1
            self.engine.set_score(score)
        for moderation in change.moderations:
            self.moderations[cell_key(moderation)] = moderation
            self.moderation_versions[cell_key(moderation)] = 1
            self.engine.set_moderation(moderation)
        changes = setup_changes(self.evaluation, loaded.evaluation)
        before, self.evaluation, self.setup_versions = self.evaluation, loaded.evaluation, loaded.setup_versions
        self._update_engine(before, changes)
        touched = _touched(change.scores + change.restored_scores, change.moderations + change.restored_moderations)
        return changes | touched, SetupChange(
            tuple(undone.rows), restored_scores=change.scores, restored_moderations=change.moderations
        )

    def _forget(self, scores: tuple[Score, ...], moderations: tuple[Moderation, ...]) -> None:
        for score in scores:
            key = score_key(score)
            del self.scores[key], self.score_versions[key]
            self.engine.remove_score(*key)
        for moderation in moderations:
            cell = cell_key(moderation)
            del self.moderations[cell], self.moderation_versions[cell]
            self.engine.remove_moderation(*cell)

    # Other sessions' changes (services/session_catch_up.py) -------------------------------------------------------

    def refresh(self) -> Changes:
        """Bring in what other sessions have saved since this one last looked, as Changes (marked foreign)."""
        return session_catch_up.refresh(self)

    # Bulk writes (services/session_bulk.py) ---------------------------------------------------------------------

    def note(self, action: str, entity: str, key: str, new: object, reason: str = "") -> None:
        """Record in the audit trail something done with the evaluation that changes none of its rows."""
        session_bulk.note(self, action, entity, key, new, reason)

    def write_rows(self, writes: list[RowWrite], summary: str, reason: str = "") -> None:
        """Save rows of the record after award with one audit entry (session_bulk.write_rows)."""
        session_bulk.write_rows(self, writes, summary, reason)

    def save_imported(
        self, setup: Evaluation, scores: list[tuple[Score, str, str]], summary: str, record: dict[str, Any]
    ) -> Changes:
        """Save an evaluator's pack's work in one transaction (session_bulk.save_imported)."""
        return session_bulk.save_imported(self, setup, scores, summary, record)

    # Plumbing ---------------------------------------------------------------------------------------------------

    def _not_final(self) -> None:
        if self.evaluation.finalised is not None:
            raise UserError(self._final())

    def _final(self) -> str:
        done = self.evaluation.finalised
        if done is None:
            return (
                "Another member has just finalised this evaluation, so it can no longer be changed. The lead can "
                "reopen it, with a reason."
            )
        lead = self.evaluation.member(done.by)
        return (
            f"This evaluation is final: {lead.name if lead else done.by} approved it on {done.at[:10]}, and it "
            "is locked. The lead can reopen it, with a reason, which voids every sign-off."
        )

    def _sealed(self) -> str:
        assert self.pack is not None
        return (
            f"This pack was submitted and sealed on {self.pack.sealed_at[:10]}, so it cannot be changed. Send "
            "it to the lead to import."
        )

    def _audit_at(self, session: Session, action: str, entity: str, key: str, old: object, new: object) -> None:
        audit.append(session, self.actor, action, entity, key, old, new)  # not this session's own: refresh reads it

    @contextmanager
    def _writing(self, when_final: bool = False) -> Iterator[Session]:
        """One short transaction; a stale row rolls it back, brings in the other session's changes and explains.
        Refused while the evaluation is final (docs/lifecycle.md), as stored now, not as this session last saw it:
        only reopening it, and notes of what was exported, are written `when_final`."""
        if self.pack is not None and self.pack.sealed:
            raise UserError(self._sealed())
        if not when_final:
            self._not_final()
        try:
            with self.document.writing() as session:
                if not when_final and session.scalar(select(EvaluationRow.finalised_by)) is not None:
                    raise UserError(self._final())
                yield session
        except StaleRow as stale:
            raise self._stale(stale) from None

    def _stale(self, stale: StaleRow) -> StaleEdit:
        with self.document.reading() as session:
            last = session.execute(
                select(AuditRow.actor, AuditRow.at, AuditRow.action, AuditRow.entity_key)
                .where(AuditRow.seq > self.seen_seq)
                .order_by(AuditRow.seq.desc())
                .limit(1)
            ).first()
            changes = session_catch_up.catch_up(self, session)
        who = "Someone else"
        if last is not None:
            when = dt.datetime.fromisoformat(last.at).astimezone().strftime("%H:%M:%S on %d %b")
            who = f"{last.actor} ({last.action} {last.entity_key}, at {when})"
        what = {"score": "this score", "moderation": "this consensus score"}.get(
            stale.table, f"the {stale.table} you edited"
        )
        return StaleEdit(
            f"{who} changed {what} after you last saw it, so your change was not saved. The page now "
            "shows what is saved; make your change again if it is still needed.",
            changes,
        )

    def _audit(
        self, session: Session, action: str, entity: str, key: str, old: object, new: object, reason: str = ""
    ) -> None:
        row = audit.append(session, self.actor, action, entity, key, old, new, reason)
        self._own.add(row.seq)

    def _try_engine(self, before: Evaluation, new: Evaluation) -> None:
        """Move the engine to a new setup and work out the results; if it cannot, put it back and say why."""
        try:
            self.engine.update_setup(new)
            self.engine.results()
        except (KeyError, ValueError, ArithmeticError, ZeroDivisionError):
            self.engine = Engine(self.current())  # rebuilt whole: a half-updated engine is never trusted
            problems = [str(i) for i in validate_setup(new) if i.severity is Severity.ERROR]
            problems = problems or ["the scoring engine cannot work with this setup."]
            raise UserError("That change was not saved, because:\n- " + "\n- ".join(problems)) from None

    def _update_engine(self, before: Evaluation, changes: Changes) -> None:
        if changes.setup or changes.structure or before.bidders != self.evaluation.bidders:
            self.engine.update_setup(self.evaluation)
        else:  # prices or commitments only: the engine rescores the relative questions
            for bid in self.evaluation.bids:
                if bid.bidder_id in changes.bidders:
                    self.engine.set_bid(bid)

    def _refuse_control_characters(self, new: Evaluation) -> None:
        problems = new_text_problems(self.evaluation, new) + price_problems(self.evaluation, new)
        if problems:
            raise UserError("That change was not saved, because:\n- " + "\n- ".join(problems))

    def _check_people(self, evaluator_id: str | None, bidder_id: str) -> None:
        if evaluator_id is not None and evaluator_id not in {e.id for e in self.evaluation.evaluators}:
            raise UserError(f"There is no evaluator '{evaluator_id}' on this evaluation's panel.")
        if bidder_id not in {b.id for b in self.evaluation.bidders}:
            raise UserError(f"There is no bidder '{bidder_id}' in this evaluation.")

    # Reading what is stored (services/session_views.py) ------------------------------------------------------------

    def snapshot(self) -> Snapshot:
        """The evaluation exactly as stored now, with its audit trail, read in one transaction."""
        return session_views.snapshot(self.document)

    def stored_evaluation(self) -> Evaluation:
        """The evaluation exactly as the file holds it now."""
        return session_views.stored_evaluation(self.document)

    def audit_trail(self) -> tuple[AuditLine, ...]:
        """Every entry in the audit trail, oldest first."""
        return session_views.audit_trail(self.document)

    def definition_text(self) -> str:
        return session_views.definition_text(self.document)

    def save_copy(self, destination: Path) -> None:
        session_views.save_copy(self.document, destination)

    def close(self) -> None:
        self._closed = True
        self.document.close()
        release_kept()  # (what was read stays out of the cycle collector's sight while it is open: svtool/memory.py)


def _fitter(setup: Evaluation) -> Callable[..., bool]:
    """Whether a score or consensus (bidder, question, stage[, evaluator]) still has a place in this setup."""
    bidders, evaluators = {b.id for b in setup.bidders}, {e.id for e in setup.evaluators}
    stages_of = {q.id: set(setup.stages_of(q)) for q in setup.questions}

    def fits(bidder_id: str, question_id: str, stage_id: str, evaluator_id: str | None = None) -> bool:
        return (
            bidder_id in bidders
            and stage_id in stages_of.get(question_id, ())
            and (evaluator_id is None or evaluator_id in evaluators)
        )

    return fits


def _touched(scores: tuple[Score, ...], moderations: tuple[Moderation, ...]) -> Changes:
    return Changes(
        scores=frozenset(score_key(s) for s in scores), moderations=frozenset(cell_key(m) for m in moderations)
    )


def _entries_text(scores: tuple[Score, ...], moderations: tuple[Moderation, ...]) -> dict[str, Any]:
    return {
        "scores": [{"key": key_text(score_key(s)), **(score_text(s) or {})} for s in scores],
        "moderations": [{"key": key_text(cell_key(m)), **(moderation_text(m) or {})} for m in moderations],
    }
