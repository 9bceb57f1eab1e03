"""The main window's panel actions (docs/panel.md): who is working, their declarations, the lead's decisions on
declared interests, and evaluator packs out and in. Kept apart from the window's pages and files."""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMainWindow, QMessageBox

from svtool.domain.evaluation import Bidder, Declaration, Evaluator, Mitigation, Role
from svtool.domain.panel import awaiting_mitigation, undeclared
from svtool.services import lifecycle, packs, panel
from svtool.services.errors import UserError
from svtool.services.evaluations import OpenEvaluation, current_user
from svtool.store.errors import DocumentError
from svtool.ui.document import EvaluationDocument
from svtool.ui.lifecycle_dialogs import FinaliseDialog, ReopenDialog, SignOffDialog
from svtool.ui.panel_dialogs import (
    DeclarationDialog,
    MitigationDialog,
    WorkingAsDialog,
    describe,
    remember_member,
    remembered_member,
)
from svtool.ui.panel_members_dialog import PanelMembersDialog

if TYPE_CHECKING:
    from svtool.ui.message_bar import MessageBar

PAGES = ("Setup", "Framework", "Bidders", "Scoring", "Moderation", "Results", "Audit", "Delivery")


def pages_for(member: Evaluator | None) -> tuple[str, ...]:
    """The pages a panel member's role may see (docs/panel.md): results and the audit trail show prices and every
    score, so only the lead and the price assessor see them; the price assessor scores no answers."""
    if member is None or member.role is Role.LEAD:
        return PAGES
    if member.role is Role.PRICE_ASSESSOR:
        return ("Setup", "Framework", "Bidders", "Results", "Audit")
    if member.role is Role.OBSERVER:
        return ("Setup", "Framework", "Bidders", "Moderation")
    return ("Setup", "Framework", "Bidders", "Scoring", "Moderation")


class PanelActions(QMainWindow):
    """The panel's part of the main window; MainWindow provides the document, message bar and opening."""

    document: EvaluationDocument | None
    message: MessageBar
    sign_action: QAction
    finalise_action: QAction
    reopen_final_action: QAction

    def open_path(self, path: str) -> bool:
        raise NotImplementedError

    def _join_panel(self, opened: OpenEvaluation) -> bool:
        """Where the evaluation has a panel: work as a named member (remembered on this machine), who declares
        about every bidder before seeing any bid. False if the person would rather not (the evaluation closes)."""
        e = opened.evaluation
        if e.lead is None:
            return True
        key = opened.location if opened.document.path is None else str(Path(opened.location).resolve())
        if opened.member_id is None:  # (a pack is its member's already)
            members = [m for m in e.evaluators if not m.stood_down]
            remembered = remembered_member(key)
            chosen = (
                remembered
                if remembered in {m.id for m in members}
                else self.choose_member(members, remembered, e.title)
            )
            if chosen is None:
                return False
            try:
                opened.act_as(chosen, current_user())
            except UserError as error:
                QMessageBox.warning(self, "svtool", str(error))
                return False
            remember_member(key, chosen)
        member = opened.evaluation.member(opened.member_id or "")
        missing = undeclared(e, member.id) if member and not member.stood_down and not opened.read_only else []
        if member is None or not missing:
            return True
        declared = self.ask_declarations(member, [b for b in e.bidders if b.id in missing])
        if declared is None:
            return False
        try:
            for bidder_id, interest in declared.items():
                panel.declare(opened, member.id, bidder_id, interest)
        except UserError as error:
            QMessageBox.warning(self, "The declarations could not be saved", str(error))
            return False
        return True

    def choose_member(self, members: list[Evaluator], remembered: str | None, title: str) -> str | None:
        """Ask who is working (tests answer for the person)."""
        dialog = WorkingAsDialog(members, remembered, title, self)
        return dialog.chosen() if dialog.exec() else None

    def ask_declarations(self, member: Evaluator, bidders: list[Bidder]) -> dict[str, str | None] | None:
        """Ask for the member's declaration about each bidder (tests answer for the person)."""
        dialog = DeclarationDialog(member, bidders, self)
        return dialog.declared() if dialog.exec() else None

    def work_as_another(self) -> None:
        """Forget who works on this machine and ask again (the evaluation is opened afresh)."""
        if self.document is None:
            return
        opened = self.document.opened
        key = opened.location if opened.document.path is None else str(Path(opened.location).resolve())
        QSettings().remove(f"working_as/{key}")
        self.open_path(opened.location)

    def show_panel(self) -> PanelMembersDialog | None:
        """The panel's members; the lead adds, assigns, stands down and reopens here. Window-modal, not blocking,
        so tests work the dialog it returns."""
        if self.document is None:
            return None
        dialog = PanelMembersDialog(self.document, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # The lifecycle (docs/lifecycle.md) ---------------------------------------------------------------------------

    def _enable_lifecycle(self, panel_kept_here: bool) -> None:
        """Sign off: any member still on the panel; finalise and reopen: the lead; none in a read-only file."""
        d = self.document
        final = d is not None and d.opened.evaluation.finalised is not None
        writable = d is not None and not d.opened.read_only and panel_kept_here
        member = d.member if d is not None else None
        self.sign_action.setEnabled(writable and not final and member is not None and not member.stood_down)
        self.finalise_action.setEnabled(writable and not final and d is not None and d.is_lead)
        self.reopen_final_action.setEnabled(writable and final and d is not None and d.is_lead)

    def sign_off(self) -> bool:
        """The member at work signs off the evaluation as it stands."""
        d = self.document
        if d is None or d.member is None:
            return False
        d.poll()  # colleagues' latest sign-offs and changes, shown on the pages too
        statement = self.ask_statement(d.member, lifecycle.standing(d.opened))
        if statement is None:
            return False
        done = d.act(functools.partial(lifecycle.sign, d.opened, d.member.id, statement))
        if done:
            self.statusBar().showMessage("Signed off.", 8000)
        return done

    def finalise(self) -> bool:
        """The lead approves the evaluation; the window opens it afresh, locked."""
        d = self.document
        if d is None or d.member is None:
            return False
        d.poll()
        if not self.confirm_final(lifecycle.standing(d.opened)):
            return False
        if not d.act(functools.partial(lifecycle.finalise, d.opened, d.member.id)):
            return False
        self.open_path(d.opened.location)
        self.statusBar().showMessage("The evaluation is final, and locked.", 8000)
        return True

    def reopen_final(self) -> bool:
        """The lead reopens a final evaluation with a reason; the window opens it afresh, unlocked."""
        d = self.document
        if d is None or d.member is None:
            return False
        reason = self.ask_reopen_reason()
        if reason is None or not d.act(functools.partial(lifecycle.reopen, d.opened, d.member.id, reason)):
            return False
        self.open_path(d.opened.location)
        self.statusBar().showMessage("Reopened: every sign-off is void.", 8000)
        return True

    def ask_statement(self, member: Evaluator, standing: lifecycle.Standing) -> str | None:
        dialog = SignOffDialog(member, lifecycle.STATEMENT, standing, self)
        return dialog.statement.toPlainText() if dialog.exec() else None

    def confirm_final(self, standing: lifecycle.Standing) -> bool:
        return bool(FinaliseDialog(standing, self).exec())

    def ask_reopen_reason(self) -> str | None:
        dialog = ReopenDialog(self)
        return dialog.reason.text() if dialog.exec() else None

    def decide_interests(self) -> int:
        """The lead decides on each declared interest not yet decided; returns how many were decided."""
        d = self.document
        if d is None or not d.is_lead or d.member is None:
            return 0
        lead, decided = d.member, 0
        for found in awaiting_mitigation(d.opened.evaluation):
            member = d.opened.evaluation.member(found.evaluator_id)
            bidder = next((b for b in d.evaluation.bidders if b.id == found.bidder_id), None)
            if member is None or bidder is None:
                continue
            answer = self.ask_mitigation(member, bidder, found)
            if answer is None:
                break
            if d.act(functools.partial(panel.mitigate, d.opened, lead.id, member.id, bidder.id, *answer)):
                decided += 1
        return decided

    def ask_mitigation(
        self, member: Evaluator, bidder: Bidder, declaration: Declaration
    ) -> tuple[Mitigation, str] | None:
        """Ask the lead's decision on one declared interest (tests answer for the person)."""
        dialog = MitigationDialog(member, bidder, declaration, self)
        return dialog.decision() if dialog.exec() else None

    def export_pack(self) -> None:
        """The lead writes one member's pack, for a laptop with no shared drive (docs/panel.md)."""
        if self.document is None:
            return
        members = [m for m in self.document.evaluation.evaluators if not m.stood_down]
        names = [describe(m) for m in members]
        choice, ok = QInputDialog.getItem(self, "Export an evaluator's pack", "Pack for:", names, 0, False)
        if not ok:
            return
        member = members[names.index(choice)]
        start = Path(self.document.opened.location).with_name(f"{member.id} pack{packs.SUFFIX}")
        name, _ = QFileDialog.getSaveFileName(
            self, "Save the pack as", str(start), f"svtool evaluator packs (*{packs.SUFFIX})"
        )
        if name:
            self.export_pack_to(member.id, Path(name if name.endswith(packs.SUFFIX) else name + packs.SUFFIX))

    def export_pack_to(self, member_id: str, out: Path) -> bool:
        if self.document is None:
            return False
        try:
            packs.export_pack(self.document.opened, member_id, out)
        except (UserError, DocumentError) as error:
            self.message.show_message(str(error))
            return False
        self.statusBar().showMessage(f"Wrote {out.name}: send it to the member to fill in.", 8000)
        return True

    def import_pack(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Import an evaluator's pack", "", f"svtool evaluator packs (*{packs.SUFFIX})"
        )
        if name:
            self.import_pack_from(Path(name))

    def import_pack_from(self, pack: Path) -> bool:
        """Bring a member's sealed pack into this evaluation; any reason it is refused is shown."""
        d = self.document
        if d is None:
            return False
        done = d.act(lambda: packs.import_pack(d.opened, pack).changes)
        if done:
            self.statusBar().showMessage(f"Imported {pack.name}.", 8000)
            waiting = len(awaiting_mitigation(d.opened.evaluation))
            if waiting:
                self.message.show_message(
                    f"{waiting} declared interest(s) await your decision: Panel > Decide on declared interests."
                )
        return done
