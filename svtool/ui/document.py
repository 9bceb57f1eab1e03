"""The open evaluation as the window sees it: every edit goes through here, to the services, onto the undo stack.

Pages never write to the file themselves. They call record_score, moderate or change_setup; a command is pushed
only once the service has saved the change, so a refused or failed edit leaves nothing half-done to undo.
"""

from __future__ import annotations

import dataclasses
import gc
from collections.abc import Callable
from typing import Generic, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from svtool.domain.evaluation import Evaluation, Evaluator, Moderation, Role, Score
from svtool.domain.panel import may_see, sees_prices
from svtool.domain.results import Results
from svtool.domain.validation import SetupIssue, validate_setup
from svtool.services.changes import NOTHING, Changes
from svtool.services.errors import UserError
from svtool.services.evaluations import OpenEvaluation, SetupChange, StaleEdit
from svtool.store.errors import DocumentError

T = TypeVar("T")
Entry = TypeVar("Entry", Score, Moderation)


class EvaluationDocument(QObject):
    #: Scores or moderations changed: results are new.
    changed = Signal()
    #: The setup changed (and with it, results): pages rebuild what they show.
    setup_changed = Signal()
    #: An edit could not be saved; the words to show the person.
    problem = Signal(str)
    #: Exactly what changed (a services.changes.Changes), emitted after changed or setup_changed, so that a
    #: grid can redraw only the cells concerned.
    changes = Signal(object)

    #: How often to look for other sessions' changes (the issue asks for them within 2 s).
    POLL_MS = 1000

    def __init__(self, opened: OpenEvaluation, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.opened = opened
        self.undo_stack = QUndoStack(self)
        self._results = opened.results()
        self._issues: list[SetupIssue] | None = None
        self._priceless: tuple[Evaluation, Evaluation] | None = None
        # The evaluation just read is hundreds of thousands of long-lived objects: move them out of the cyclic
        # collector's sight, or every few edits a full collection walks them all (200 ms at 60,000 scores).
        gc.freeze()
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self.poll)
        self._poll.start()

    # What pages read -------------------------------------------------------------------------------------------

    @property
    def evaluation(self) -> Evaluation:
        """The setup as the member at work may see it: no prices unless their role sees prices (its scores tuple
        is empty: use score() and moderation() for the live ones)."""
        e = self.opened.evaluation
        if sees_prices(self.member) or all(b.price is None for b in e.bids):
            return e
        if self._priceless is None or self._priceless[0] is not e:
            self._priceless = (
                e,
                dataclasses.replace(e, bids=tuple(dataclasses.replace(b, price=None) for b in e.bids)),
            )
        return self._priceless[1]

    @property
    def member(self) -> Evaluator | None:
        """The panel member this window works as (None where the evaluation names no lead)."""
        return self.opened.evaluation.member(self.opened.member_id) if self.opened.member_id else None

    @property
    def is_lead(self) -> bool:
        """May keep the setup, the bids and the panel, and chair moderation."""
        member = self.member
        return member is None or member.role is Role.LEAD

    @property
    def sees_prices(self) -> bool:
        return sees_prices(self.member)

    @property
    def results(self) -> Results:
        return self._results

    @property
    def read_only(self) -> bool:
        """Nothing on the pages can be changed: the file is read-only, or the evaluation is final (the lead
        reopens it from the Panel menu)."""
        return self.opened.read_only or self.opened.evaluation.finalised is not None

    def issues(self) -> list[SetupIssue]:
        if self._issues is None:
            self._issues = validate_setup(self.opened.evaluation)
        return self._issues

    def score(self, evaluator_id: str, bidder_id: str, question_id: str, stage_id: str) -> Score | None:
        """A score, if the member at work may see it (blind scoring: docs/panel.md)."""
        found = self.opened.scores.get((evaluator_id, bidder_id, question_id, stage_id))
        if (
            found is None
            or evaluator_id == self.opened.member_id
            or may_see(self.opened.evaluation, self.member, found)
        ):
            return found
        return None

    def moderation(self, bidder_id: str, question_id: str, stage_id: str) -> Moderation | None:
        return self.opened.moderations.get((bidder_id, question_id, stage_id))

    # Edits -----------------------------------------------------------------------------------------------------

    def record_score(self, score: Score) -> bool:
        key = (score.evaluator_id, score.bidder_id, score.question_id, score.stage_id)
        before = self.opened.scores.get(key)
        if before == score:
            return True
        changes = self._attempt(lambda: self.opened.record_score(score))
        if changes is None:
            return False
        bidder = self._bidder_name(score.bidder_id)
        self._push(
            _EntryEdit(
                self,
                before,
                score,
                key,
                f"score {score.question_id} for {bidder}",
                self.opened.record_score,
                self.opened.clear_score,
            )
        )
        self.apply(changes)
        return True

    def moderate(self, moderation: Moderation) -> bool:
        key = (moderation.bidder_id, moderation.question_id, moderation.stage_id)
        before = self.opened.moderations.get(key)
        if before == moderation:
            return True
        changes = self._attempt(lambda: self.opened.moderate(moderation))
        if changes is None:
            return False
        bidder = self._bidder_name(moderation.bidder_id)
        self._push(
            _EntryEdit(
                self,
                before,
                moderation,
                key,
                f"consensus on {moderation.question_id} for {bidder}",
                self.opened.moderate,
                self.opened.clear_moderation,
            )
        )
        self.apply(changes)
        return True

    def clear_moderation(self, bidder_id: str, question_id: str, stage_id: str) -> bool:
        key = (bidder_id, question_id, stage_id)
        before = self.opened.moderations.get(key)
        if before is None:
            return True
        changes = self._attempt(lambda: self.opened.clear_moderation(*key))
        if changes is None:
            return False
        self._push(
            _EntryEdit(
                self,
                before,
                None,
                key,
                f"withdraw consensus on {question_id}",
                self.opened.moderate,
                self.opened.clear_moderation,
            )
        )
        self.apply(changes)
        return True

    def change_setup(self, setup: Evaluation, summary: str) -> bool:
        """Save a changed setup; summary is what the Edit menu and audit trail call it ("change Price weight")."""
        if setup == self.opened.evaluation:
            return True
        if not self.is_lead:
            member = self.member
            self.problem.emit(
                f"Only the panel's lead keeps the setup, the bids and the panel; you are working as "
                f"{member.name if member else 'a member'}."
            )
            self.setup_changed.emit()
            return False
        done = self._attempt(lambda: self.opened.change_setup(setup, summary))
        if done is None:
            self.setup_changed.emit()  # put the page's editors back to what is saved
            return False
        changes, change = done
        if not changes.empty:
            self._push(_SetupEdit(self, summary, change))
            self.apply(changes)
        return True

    def act(self, work: Callable[[], Changes]) -> bool:
        """A panel act (a declaration, a submission, accepting agreed scores...): saved and audited by the
        service, shown on every page, and not on the undo stack (the record keeps it; the lead can reopen)."""
        changes = self._attempt(work)
        if changes is None:
            return False
        self.apply(changes | Changes(setup=True))
        return True

    # Other sessions --------------------------------------------------------------------------------------------

    def poll(self) -> Changes:
        """Bring in what other sessions have saved; pages redraw what it changed."""
        try:
            changes = self.opened.refresh()
        except DocumentError:
            return NOTHING  # the file or server is briefly busy or away: look again at the next tick
        if not changes.empty:
            self.apply(changes)
        return changes

    def stop(self) -> None:
        """Stop looking for other sessions' changes (the evaluation is being closed)."""
        self._poll.stop()

    # Plumbing --------------------------------------------------------------------------------------------------

    def apply(self, changes: Changes) -> None:
        """Tell the pages what changed: the results are worked out again (only what the change touched)."""
        self._results = self.opened.results()
        if changes.setup or changes.structure or changes.bidders:
            self._issues = None
        if changes.setup or changes.structure:
            self.setup_changed.emit()
        if changes.scores or changes.moderations or changes.bidders:  # (a bidder's price moves the results)
            self.changed.emit()
        self.changes.emit(changes)

    def _attempt(self, work: Callable[[], T]) -> T | None:
        try:
            return work()
        except StaleEdit as stale:
            self.problem.emit(str(stale))
            self.apply(stale.changes | Changes(setup=True))  # show what is saved now
            return None
        except (UserError, DocumentError) as error:
            self.problem.emit(str(error))
            return None

    def _push(self, command: QUndoCommand) -> None:
        self.undo_stack.push(command)  # its first redo() is a no-op: the change is already saved

    def _bidder_name(self, bidder_id: str) -> str:
        return next((b.name for b in self.opened.evaluation.bidders if b.id == bidder_id), bidder_id)


class _Edit(QUndoCommand):
    def __init__(self, document: EvaluationDocument, text: str) -> None:
        super().__init__(text[:1].upper() + text[1:])
        self.document = document
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
            return
        self.apply(forward=True)

    def undo(self) -> None:
        self.apply(forward=False)

    def apply(self, forward: bool) -> None:
        raise NotImplementedError


class _EntryEdit(_Edit, Generic[Entry]):
    """One score or one consensus: put back as it was before (withdrawn if there was none), or as after."""

    def __init__(
        self,
        document: EvaluationDocument,
        before: Entry | None,
        after: Entry | None,
        key: tuple[str, ...],
        text: str,
        record: Callable[[Entry], Changes],
        withdraw: Callable[..., Changes],
    ) -> None:
        super().__init__(document, text)
        self.before: Entry | None = before
        self.after: Entry | None = after
        self.key = key
        self.record: Callable[[Entry], Changes] = record
        self.withdraw = withdraw

    def apply(self, forward: bool) -> None:
        target = self.after if forward else self.before
        if target is None:
            done = self.document._attempt(lambda: self.withdraw(*self.key))
        else:
            done = self.document._attempt(lambda: self.record(target))
        if done is not None:
            self.document.apply(done)


class _SetupEdit(_Edit):
    """A setup change: undo puts back exactly the rows it wrote (never a colleague's later edit of other rows)."""

    def __init__(self, document: EvaluationDocument, summary: str, change: SetupChange) -> None:
        super().__init__(document, summary)
        self.summary, self.change = summary, change

    def apply(self, forward: bool) -> None:
        word = "redo" if forward else "undo"
        done = self.document._attempt(lambda: self.document.opened.revert(self.change, f"{word}: {self.summary}"))
        if done is not None:
            changes, self.change = done
            self.document.apply(changes)
