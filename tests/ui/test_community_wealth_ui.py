"""Community wealth building in the app (docs/community-wealth.md): the targets and the reservation on the Setup
page, each bidder's eligibility for a reserved contract on the Bidders page (an ineligible bidder excluded with its
reason), and an FTE commitment given as hours a week x weeks, pro-rated (docs/scoring-method.md, "FTE
pro-rating"). Every change is checked in the file reopened, and undone."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTableWidget, QTableWidgetItem

from svtool.domain.evaluation import Attribute, Evaluation, FteWorking, MeasureMethod, Question, Reservation
from svtool.services.evaluations import open_evaluation
from svtool.ui import bidders_page
from svtool.ui.bidders_model import ELIGIBLE_COLUMN, ELIGIBLE_REASON_COLUMN
from svtool.ui.bidders_page import COMMITTED, PRO_RATED, WORKING, BiddersPage
from svtool.ui.document import EvaluationDocument
from svtool.ui.main_window import MainWindow
from svtool.ui.results_page import ResultsPage
from svtool.ui.setup_page import SetupPage

pytestmark = pytest.mark.gui


def reopened(window: MainWindow) -> Evaluation:
    """The evaluation as the file holds it, read by a fresh session."""
    assert window.opened is not None and window.opened.document.path is not None
    fresh = open_evaluation(window.opened.document.path)
    try:
        return fresh.stored_evaluation()
    finally:
        fresh.close()


def doc(window: MainWindow) -> EvaluationDocument:
    assert window.document is not None
    return window.document


def cell_at(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    item = table.item(row, column)
    assert item is not None
    return item


def setup_page(window: MainWindow) -> SetupPage:
    page = window.page("Setup")
    assert isinstance(page, SetupPage)
    window.go_to("Setup")
    return page


def bidders(window: MainWindow) -> BiddersPage:
    page = window.page("Bidders")
    assert isinstance(page, BiddersPage)
    window.go_to("Bidders")
    return page


def test_targets_are_set_cleared_refused_and_undone(demo_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    box = setup_page(demo_window).community
    assert reopened(demo_window).cwb_targets == {Attribute.SME: 30, Attribute.VCSE: 15, Attribute.LOCAL: 40}
    assert box.targets[Attribute.SME].text() == "30" and box.targets[Attribute.CO_OPERATIVE].text() == ""
    box.targets[Attribute.CO_OPERATIVE].setText("12.5")
    box.targets[Attribute.CO_OPERATIVE].editingFinished.emit()
    assert reopened(demo_window).cwb_targets[Attribute.CO_OPERATIVE] == Decimal("12.5")
    assert demo_window.opened is not None
    assert demo_window.opened.audit_trail()[-1].key == "set the Co-operative target to 12.5%"
    demo_window.undo_action.trigger()
    assert Attribute.CO_OPERATIVE not in reopened(demo_window).cwb_targets
    assert box.targets[Attribute.CO_OPERATIVE].text() == ""
    # Blank: no target.
    box.targets[Attribute.VCSE].setText("")
    box.targets[Attribute.VCSE].editingFinished.emit()
    assert reopened(demo_window).cwb_targets == {Attribute.SME: 30, Attribute.LOCAL: 40}
    assert demo_window.opened.audit_trail()[-1].key == "set the VCSE target to none"
    # Above 100, below 0 or not a number: refused in words, the saved target shown again, nothing lost.
    for bad in ("101", "-1", "lots"):
        with qtbot.waitSignal(doc(demo_window).problem) as said:
            box.targets[Attribute.SME].setText(bad)
            box.targets[Attribute.SME].editingFinished.emit()
        assert said.args[0].startswith("The SME target must be a percentage from 0 to 100")
        assert f"'{bad}'" in said.args[0]
        assert box.targets[Attribute.SME].text() == "30"
    assert reopened(demo_window).cwb_targets == {Attribute.SME: 30, Attribute.LOCAL: 40}
    demo_window.undo_action.trigger()  # the VCSE target comes back
    assert reopened(demo_window).cwb_targets[Attribute.VCSE] == 15 and box.targets[Attribute.VCSE].text() == "15"


def test_the_reservation_is_chosen_explained_and_undone(demo_window: MainWindow) -> None:
    box = setup_page(demo_window).community
    assert box.reservation.currentText() == "Not reserved"
    box.reservation.setCurrentIndex(box.reservation.findData(Reservation.PUBLIC_SERVICE_MUTUAL.value))
    assert reopened(demo_window).reservation is Reservation.PUBLIC_SERVICE_MUTUAL
    assert "public service mutuals" in box.explanation.text()
    demo_window.undo_action.trigger()
    assert reopened(demo_window).reservation is None and box.reservation.currentText() == "Not reserved"
    assert "Any supplier may bid" in box.explanation.text()
    box.reservation.setCurrentIndex(box.reservation.findData(Reservation.SUPPORTED_EMPLOYMENT.value))
    assert reopened(demo_window).reservation is Reservation.SUPPORTED_EMPLOYMENT
    assert "at least 30% of staff disabled or disadvantaged" in box.explanation.text()


def test_an_ineligible_bidder_is_excluded_with_its_reason(  # type: ignore[no-untyped-def]
    demo_window: MainWindow, qtbot, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = bidders(demo_window)
    model = page.model
    # Not reserved: the eligibility columns are hidden and cannot be edited.
    assert page.table.isColumnHidden(ELIGIBLE_COLUMN) and page.table.isColumnHidden(ELIGIBLE_REASON_COLUMN)
    assert not model.flags(model.index(0, ELIGIBLE_COLUMN)) & Qt.ItemFlag.ItemIsEditable
    community = setup_page(demo_window).community
    community.reservation.setCurrentIndex(community.reservation.findData(Reservation.SUPPORTED_EMPLOYMENT.value))
    page = bidders(demo_window)
    assert not page.table.isColumnHidden(ELIGIBLE_COLUMN) and not page.table.isColumnHidden(ELIGIBLE_REASON_COLUMN)
    row = next(r for r in range(model.rowCount()) if model.bidder(r).id == "NHG")
    assert model.index(row, ELIGIBLE_COLUMN).data() == "not recorded"
    # "No" needs the reason: cancelled, nothing is recorded.
    monkeypatch.setattr(bidders_page, "ask_reason", lambda _parent, _name: None)
    with qtbot.waitSignal(doc(demo_window).problem) as said:
        assert not model.setData(model.index(row, ELIGIBLE_COLUMN), "no")
    assert "without the reason" in said.args[0]
    assert next(b for b in reopened(demo_window).bidders if b.id == "NHG").reserved_eligible is None
    # Something else than yes, no or not recorded is refused.
    with qtbot.waitSignal(doc(demo_window).problem) as said:
        assert not model.setData(model.index(row, ELIGIBLE_COLUMN), "perhaps")
    assert "yes, no or not recorded" in said.args[0]
    reason = "fewer than 30% of its staff are disabled or disadvantaged (its workforce return)"
    monkeypatch.setattr(bidders_page, "ask_reason", lambda _parent, _name: reason)
    assert model.setData(model.index(row, ELIGIBLE_COLUMN), "no")
    stored = next(b for b in reopened(demo_window).bidders if b.id == "NHG")
    assert (stored.reserved_eligible, stored.reserved_reason) == (False, reason)
    assert (
        model.index(row, ELIGIBLE_COLUMN).data() == "no" and model.index(row, ELIGIBLE_REASON_COLUMN).data() == reason
    )
    # The reason cannot be cleared while the bidder is recorded as not eligible.
    with qtbot.waitSignal(doc(demo_window).problem):
        assert not model.setData(model.index(row, ELIGIBLE_REASON_COLUMN), "  ")
    assert next(b for b in reopened(demo_window).bidders if b.id == "NHG").reserved_reason == reason
    # The results exclude the bidder, saying why.
    results = demo_window.page("Results")
    assert isinstance(results, ResultsPage)
    demo_window.go_to("Results")
    ranking = results.model
    excluded = next(r for r in range(ranking.rowCount()) if ranking.index(r, 1).data() == "National Homecare Group plc")
    assert ranking.index(excluded, ranking.columnCount() - 1).data() == "Excluded"
    assert reason in ranking.index(excluded, 0).data(Qt.ItemDataRole.ToolTipRole)
    # Undo readmits it.
    demo_window.undo_action.trigger()
    assert next(b for b in reopened(demo_window).bidders if b.id == "NHG").reserved_eligible is None
    assert not next(b for b in doc(demo_window).results.bidders if b.bidder_id == "NHG").excluded
    # Another bidder recorded eligible, with its evidence.
    assert model.setData(model.index(0, ELIGIBLE_COLUMN), "yes")
    assert model.setData(model.index(0, ELIGIBLE_REASON_COLUMN), "DWP supported business certificate")
    first = reopened(demo_window).bidders[0]
    assert (first.reserved_eligible, first.reserved_reason) == (True, "DWP supported business certificate")


def _with_fte_question(window: MainWindow) -> None:
    """A committed-figure question on local jobs in FTE (the demo's framework has no FTE measure)."""
    e = doc(window).evaluation
    question = Question("S9", "sv", "Local jobs", Decimal(4), MeasureMethod("LJ1", "FTE", target=Decimal(2)), "LJ1")
    assert doc(window).change_setup(dataclasses.replace(e, questions=(*e.questions, question)), "add S9")


def test_an_fte_commitment_is_given_as_hours_and_weeks_and_pro_rated(demo_window: MainWindow, qtbot) -> None:  # type: ignore[no-untyped-def]
    _with_fte_question(demo_window)
    page = bidders(demo_window)
    page.select(0)
    table = page.commitments
    row = doc(demo_window).evaluation.commitment_measures().index("LJ1")
    assert cell_at(table, row, 2).text() == "FTE"
    assert cell_at(table, row, WORKING).flags() & Qt.ItemFlag.ItemIsEditable
    other = doc(demo_window).evaluation.commitment_measures().index("EC-L2")  # a % measure: no hours
    assert not cell_at(table, other, WORKING).flags() & Qt.ItemFlag.ItemIsEditable
    cell_at(table, row, WORKING).setText("20 x 39")
    bid = reopened(demo_window).bids[0]
    assert bid.working["LJ1"] == FteWorking(Decimal(20), Decimal(39))
    table = page.commitments
    assert cell_at(table, row, COMMITTED).text() == "0.4"  # 20 x 39 / (37.5 x 52) = 780 / 1,950
    assert cell_at(table, row, WORKING).text() == "20 × 39"
    assert cell_at(table, row, PRO_RATED).text() == "20 hours a week × 39 weeks ÷ (37.5 × 52 full-time) = 0.40 FTE"
    # Not hours x weeks, or more hours than a week has: refused in words, the working kept.
    for bad in ("twenty", "200 x 39", "20 x"):
        with qtbot.waitSignal(doc(demo_window).problem) as said:
            cell_at(page.commitments, row, WORKING).setText(bad)
        assert "The working for LJ1 must be" in said.args[0] and f"'{bad}'" in said.args[0]
        assert cell_at(page.commitments, row, WORKING).text() == "20 × 39"
    assert reopened(demo_window).bids[0].working["LJ1"] == FteWorking(Decimal(20), Decimal(39))
    # A figure entered outright clears the hours and weeks.
    cell_at(page.commitments, row, COMMITTED).setText("1.5")
    bid = reopened(demo_window).bids[0]
    assert bid.commitments["LJ1"] == Decimal("1.5") and "LJ1" not in bid.working
    assert (
        cell_at(page.commitments, row, WORKING).text() == "" and cell_at(page.commitments, row, PRO_RATED).text() == ""
    )
    # Undo brings the hours and weeks back.
    demo_window.undo_action.trigger()
    bid = reopened(demo_window).bids[0]
    assert bid.working["LJ1"] == FteWorking(Decimal(20), Decimal(39)) and bid.commitments["LJ1"] == Decimal("0.4")
    assert cell_at(page.commitments, row, COMMITTED).text() == "0.4"


def test_the_hours_and_weeks_score_the_pro_rated_figure(demo_window: MainWindow) -> None:
    _with_fte_question(demo_window)
    page = bidders(demo_window)
    page.select(0)
    row = doc(demo_window).evaluation.commitment_measures().index("LJ1")
    cell_at(page.commitments, row, WORKING).setText("20 hours x 39 weeks")
    results = doc(demo_window).results
    first = doc(demo_window).evaluation.bidders[0].id
    scored = next(b.questions["S9"] for b in results.bidders if b.bidder_id == first)
    assert scored.raw == Decimal("0.4") and scored.contribution == Decimal("0.8")  # 0.4 / 2 of 4 points
    assert scored.explain().startswith(
        "Committed 0.40 FTE (20.00 hours a week x 39.00 weeks / a full-time 37.50 hours a week x 52.00 weeks)"
    )


def test_the_eligibility_list_offers_the_three_answers(demo_window: MainWindow) -> None:
    page = bidders(demo_window)
    delegate = page.table.itemDelegateForColumn(ELIGIBLE_COLUMN)
    assert isinstance(delegate, bidders_page.EligibilityDelegate)
    editor = delegate.createEditor(page.table, None, page.model.index(0, ELIGIBLE_COLUMN))  # type: ignore[arg-type]
    assert [editor.itemText(i) for i in range(editor.count())] == ["not recorded", "yes", "no"]  # type: ignore[attr-defined]
