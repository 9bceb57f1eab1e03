"""Panel > Panel members… (issue 11): the lead adds a member, assigns questions, reopens a submitted stage and
stands a member down, each with what the record needs; other members see the list only."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from svtool.domain.evaluation import Role
from svtool.domain.panel import submitted
from svtool.services.evaluations import open_evaluation
from svtool.ui.main_window import MainWindow
from svtool.ui.panel_members_dialog import COLUMNS, PanelMembersDialog
from svtool.ui.scoring_page import ScoringPage
from tests.ui.conftest import cell, work_as

pytestmark = pytest.mark.gui


def rows(dialog: PanelMembersDialog) -> list[list[str]]:
    table = dialog.table
    return [[cell(table, r, c).text() for c in range(table.columnCount())] for r in range(table.rowCount())]


def opened_dialog(window: MainWindow) -> PanelMembersDialog:
    assert window.members_action.isEnabled()
    window.members_action.trigger()
    dialog = window.findChild(PanelMembersDialog)
    assert isinstance(dialog, PanelMembersDialog) and dialog.isVisible()
    return dialog


def test_the_lead_keeps_the_panel(demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch) -> None:
    dialog = opened_dialog(demo_window)
    assert len(COLUMNS) == 6 and [r[:3] + r[4:] for r in rows(dialog)] == [
        ["Sam Patel, commissioning manager", "E1", "lead", "Written, Interview", "On the panel"],
        ["Jo Robinson, quality assurance officer", "E2", "evaluator", "Written, Interview", "On the panel"],
        ["Chris Doyle, contracts officer", "E3", "evaluator", "Written, Interview", "On the panel"],
    ]
    monkeypatch.setattr(
        dialog, "ask_new_member", lambda: ("Priya  Shah, contracts officer", Role.EVALUATOR, ("Q1", "Q2"))
    )
    dialog.add_button.click()
    assert rows(dialog)[-1] == ["Priya Shah, contracts officer", "PS", "evaluator", "Q1, Q2", "Not yet", "On the panel"]
    assert dialog.selected() is not None and dialog.selected().id == "PS"  # type: ignore[union-attr]
    assert dialog.stand_down_button.isEnabled() and dialog.assign_button.isEnabled()
    assert not dialog.reopen_button.isEnabled()  # nothing submitted yet
    monkeypatch.setattr(dialog, "ask_questions", lambda member: ("Q3",))
    dialog.assign_button.click()
    assert rows(dialog)[-1][3] == "Q3"

    dialog.select("E3")
    monkeypatch.setattr(dialog, "ask_reopen", lambda member: ("written", "  "))
    dialog.reopen_button.click()  # no reason: refused, and said why
    assert "Record why the submitted scores are reopened" in demo_window.message.label.text()
    monkeypatch.setattr(
        dialog, "ask_reopen", lambda member: ("written", "Chris misread Q2 for one bidder; agreed at the panel.")
    )
    dialog.reopen_button.click()
    assert rows(dialog)[2][4] == "Interview"

    dialog.select("E2")
    monkeypatch.setattr(dialog, "ask_reason", lambda title, label: "Long-term sick leave from 1 November.")
    dialog.stand_down_button.click()
    assert rows(dialog)[1][5] == "Stood down: Long-term sick leave from 1 November."
    assert not dialog.stand_down_button.isEnabled() and not dialog.assign_button.isEnabled()
    dialog.select("E1")
    assert not dialog.stand_down_button.isEnabled()  # the lead chairs the panel

    assert demo_window.opened is not None
    stored = open_evaluation(demo_window.opened.location)
    e = stored.evaluation
    assert [(v.id, v.questions, v.stood_down) for v in e.evaluators] == [
        ("E1", (), None),
        ("E2", (), "Long-term sick leave from 1 November."),
        ("E3", (), None),
        ("PS", ("Q3",), None),
    ]
    assert not submitted(e, "E3", "written") and submitted(e, "E3", "interview")
    keys = [entry.key for entry in stored.audit_trail()[-4:]]
    assert keys == [
        "Sam Patel, commissioning manager adds Priya Shah, contracts officer (PS) to the panel as evaluator for Q1, Q2",
        "Sam Patel, commissioning manager assigns Priya Shah, contracts officer Q3",
        "Sam Patel, commissioning manager reopens Chris Doyle, contracts officer's written scores: Chris "
        "misread Q2 for one bidder; agreed at the panel.",
        "Sam Patel, commissioning manager stands Jo Robinson, quality assurance officer down: "
        "Long-term sick leave from 1 November.",
    ]
    stored.close()


def test_a_reopened_stage_can_be_scored_again_in_the_members_window(demo_window: MainWindow) -> None:
    dialog = opened_dialog(demo_window)
    dialog.select("E3")
    dialog.ask_reopen = lambda member: ("written", "Chris misread Q2 for one bidder.")  # type: ignore[method-assign]
    dialog.reopen_button.click()
    dialog.close()
    work_as(demo_window, "E3")
    page = demo_window.page("Scoring")
    assert isinstance(page, ScoringPage)
    page.stage.setCurrentIndex(page.stage.findData("written"))
    assert page.value.isEnabled() and page.save_button.isEnabled()
    page.stage.setCurrentIndex(page.stage.findData("interview"))
    assert not page.value.isEnabled()  # still submitted


def test_other_members_see_the_panel_but_cannot_change_it(demo_window: MainWindow) -> None:
    work_as(demo_window, "E2")
    dialog = opened_dialog(demo_window)
    assert len(rows(dialog)) == 3
    assert not any(
        b.isEnabled() for b in (dialog.add_button, dialog.assign_button, dialog.stand_down_button, dialog.reopen_button)
    )
    assert dialog.table.editTriggers() == dialog.table.EditTrigger.NoEditTriggers
    assert cell(dialog.table, 0, 0).data(Qt.ItemDataRole.UserRole) == "E1"
