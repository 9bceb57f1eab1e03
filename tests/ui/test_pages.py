"""Each page of the document window, driven as an officer would, on a copy of the demonstration evaluation."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from types import UnionType

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

from svtool.domain.evaluation import Evaluation, ScaleMethod, Score
from svtool.services.evaluations import open_evaluation
from svtool.services.record import audit_head
from svtool.ui import colours, unsaved
from svtool.ui.audit_page import AuditPage
from svtool.ui.bidders_page import PRICE_COLUMN, BiddersPage
from svtool.ui.framework_model import NODE_ROLE
from svtool.ui.framework_page import FrameworkPage
from svtool.ui.main_window import PAGES, MainWindow
from svtool.ui.moderation_page import SHOW_DIVERGENT, ModerationPage
from svtool.ui.results_page import ResultsPage
from svtool.ui.scoring_page import ScoringPage
from svtool.ui.setup_page import SetupPage
from tests.ui.conftest import cell, reopen, work_as

pytestmark = pytest.mark.gui


def stored(window: MainWindow) -> Evaluation:
    """The evaluation as the file holds it, read afresh: what survives closing the app."""
    assert window.opened is not None
    return window.opened.stored_evaluation()


# Setup -------------------------------------------------------------------------------------------------------


def test_setup_weights_are_checked_live_saved_and_undoable(demo_window: MainWindow) -> None:
    page = demo_window.page("Setup")
    assert isinstance(page, SetupPage)
    demo_window.go_to("Setup")
    assert "<b>100</b> of 100 ✓" in page.weights_total.text()
    cell(page.envelopes, 0, 1).setText("50")  # Price 40 -> 50
    assert stored(demo_window).envelopes[0].weight == Decimal(50)
    assert "<b>110</b>" in page.weights_total.text() and "must total 100" in page.weights_total.text()
    checks = [page.checks.item(i).text() for i in range(page.checks.count())]
    assert any("envelope weights: add up to 110, not 100" in c for c in checks)
    results = demo_window.page("Results")
    assert isinstance(results, ResultsPage)
    results.refresh()
    assert "Not final" in results.warning.text()
    demo_window.undo_action.trigger()
    assert stored(demo_window).envelopes[0].weight == Decimal(40)
    assert cell(page.envelopes, 0, 1).text() == "40"
    assert "<b>100</b> of 100 ✓" in page.weights_total.text()
    demo_window.redo_action.trigger()
    assert stored(demo_window).envelopes[0].weight == Decimal(50)


def test_setup_refuses_words_for_numbers_and_keeps_what_was_saved(demo_window: MainWindow) -> None:
    page = demo_window.page("Setup")
    assert isinstance(page, SetupPage)
    cell(page.envelopes, 1, 1).setText("forty")
    assert demo_window.message.isVisibleTo(demo_window)
    assert "must be a number of points" in demo_window.message.label.text()
    assert cell(page.envelopes, 1, 1).text() == "40"
    assert stored(demo_window).envelopes[1].weight == Decimal(40)


def test_setup_details_save_as_they_are_left(demo_window: MainWindow) -> None:
    page = demo_window.page("Setup")
    assert isinstance(page, SetupPage)
    demo_window.go_to("Setup")
    page.contract_value.setFocus()
    page.contract_value.selectAll()
    QTest.keyClicks(page.contract_value, "£5,100,000")
    QTest.keyClick(page.contract_value, Qt.Key.Key_Return)
    assert stored(demo_window).contract_value == Decimal("5100000")
    assert page.contract_value.text() == "£5,100,000.00"
    cell(page.questions, 1, 4).setText("3")  # Q1's threshold
    method = stored(demo_window).questions[1].method
    assert isinstance(method, ScaleMethod) and method.min_score == Decimal(3)
    assert demo_window.opened is not None
    trail = demo_window.opened.audit_trail()
    assert [line.key for line in trail[-2:]] == [
        "change the contract value to £5,100,000.00",
        "set the threshold for Q1 to 3",
    ]


# Framework ---------------------------------------------------------------------------------------------------


def test_framework_page_picks_the_measures_the_evaluation_uses(demo_window: MainWindow) -> None:
    page = demo_window.page("Framework")
    assert isinstance(page, FrameworkPage)
    assert page.browser.framework is not None and page.browser.framework.id == "ethical-care"
    used = [page.used.item(i).text() for i in range(page.used.count())]
    assert [u.split()[0] for u in used] == ["EC-L2", "EC-W1", "EC-W2", "EC-P1"]
    page.browser.search.setText("EC-T1")  # a measure not yet used
    tree = page.browser.tree
    model = tree.model()
    index = model.index(0, 0)
    while model.rowCount(index):
        index = model.index(0, 0, index)
    assert index.data(NODE_ROLE).id == "EC-T1"
    tree.setCurrentIndex(index)
    page.use_selected()
    assert "EC-T1" in [q.measure_id for q in stored(demo_window).questions]
    assert page.used.count() == 5
    page.used.setCurrentRow(4)
    page.stop_selected()
    assert "EC-T1" not in [q.measure_id for q in stored(demo_window).questions]


def answer_yes(asked: list[str]) -> Callable[..., QMessageBox.StandardButton]:
    """A stand-in for QMessageBox.question that notes the question's text in asked and answers Yes."""

    def question(_parent: object, _title: str, text: str, *_rest: object) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    return question


# Bidders -----------------------------------------------------------------------------------------------------


def test_bidders_are_added_priced_and_described(demo_window: MainWindow) -> None:
    page = demo_window.page("Bidders")
    assert isinstance(page, BiddersPage)
    page.add_bidder()
    model = page.model
    assert model.rowCount() == 7
    assert model.setData(model.index(6, 0), "Hindley Home Support CIC")
    assert model.setData(model.index(6, PRICE_COLUMN), "4,400,000")
    assert model.setData(model.index(6, 1), Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)  # SME
    page.select(6)
    cell(page.commitments, 0, 3).setText("55")  # EC-L2 local spend %
    evaluation = stored(demo_window)
    bidder = evaluation.bidders[-1]
    bid = next(b for b in evaluation.bids if b.bidder_id == bidder.id)
    assert bidder.name == "Hindley Home Support CIC"
    assert [a.value for a in bidder.attributes] == ["sme"]
    assert bid.price == Decimal("4400000") and bid.commitments == {"EC-L2": Decimal(55)}
    assert not model.setData(model.index(6, PRICE_COLUMN), "a lot")
    assert "must be an amount in pounds" in demo_window.message.label.text()
    assert model.index(6, PRICE_COLUMN).data() == "£4,400,000.00"  # the grid shows what is saved
    cell(page.commitments, 0, 3).setText("-5")  # refused at entry, the 55 kept
    assert "must be a number of 0 or more. '-5' is not." in demo_window.message.label.text()
    assert next(b for b in stored(demo_window).bids if b.bidder_id == bidder.id).commitments == {"EC-L2": Decimal(55)}
    assert cell(page.commitments, 0, 3).text() == "55"


def test_removing_a_bidder_asks_first_and_undo_brings_their_scores_back(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = demo_window.page("Bidders")
    assert isinstance(page, BiddersPage)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", answer_yes(asked))
    page.select(5)  # Careline UK Ltd
    page.remove_bidder()
    assert "Remove Careline UK Ltd from this evaluation? Their 27 score(s) go with them" in asked[0]
    evaluation = stored(demo_window)
    assert len(evaluation.bidders) == 5 and len(evaluation.scores) == 135
    demo_window.undo_action.trigger()
    evaluation = stored(demo_window)
    assert len(evaluation.bidders) == 6 and len(evaluation.scores) == 162 and len(evaluation.moderations) == 45


# Scoring -----------------------------------------------------------------------------------------------------


def test_scoring_from_the_keyboard_alone(demo_window: MainWindow) -> None:
    page = demo_window.page("Scoring")
    assert isinstance(page, ScoringPage)
    demo_window.go_to("Scoring")
    reopen(demo_window.document, "E2", "interview")
    work_as(demo_window, "E2")  # Jo Robinson scores, in her own session
    assert demo_window.opened is not None
    page = demo_window.page("Scoring")
    assert isinstance(page, ScoringPage)
    demo_window.go_to("Scoring")
    assert page.evaluator.currentData() == "E2" and page.evaluator.count() == 1
    page.stage.setCurrentIndex(1)  # interview
    headers = [page.model.headerData(c, Qt.Orientation.Horizontal) for c in range(page.model.columnCount())]
    assert [h.split("\n")[0] for h in headers] == ["Q1", "Q2", "Q3", "S3"]  # Q4 is scored on paper only
    page.select(2, 1)  # Leigh Homecare, Q2
    page.grid.setFocus()
    QTest.keyClick(page.grid, Qt.Key.Key_5)
    assert page.value.hasFocus() and page.value.text() == "5"
    assert page.value_meaning.text() == "Excellent"
    QTest.keyClick(page.value, Qt.Key.Key_Tab)
    assert page.reason.hasFocus()
    page.reason.selectAll()
    QTest.keyClicks(page.reason, "Care academy with guaranteed hours; turnover down to 11%.")
    QTest.keyClick(page.reason, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    score = demo_window.opened.scores[("E2", "LHC", "Q2", "interview")]
    assert score.value == Decimal(5) and score.reason.startswith("Care academy")
    assert page.current_cell() == (3, 1)  # on to the next bidder
    assert page.model.index(2, 1).data() == "5"
    reopened = open_evaluation(demo_window.opened.location)
    assert reopened.scores[("E2", "LHC", "Q2", "interview")].value == Decimal(5)
    reopened.close()


def test_scores_off_the_scale_or_without_a_reason_are_refused(demo_window: MainWindow) -> None:
    page = demo_window.page("Scoring")
    assert isinstance(page, ScoringPage)
    assert demo_window.opened is not None
    before = dict(demo_window.opened.scores)
    page.select(0, 0)
    page.value.setText("7")
    page.reason.setPlainText("Very good")
    assert not page.save()
    assert "7 is not on the 0 to 5 scale: enter one of 0, 1, 2, 3, 4, 5" in demo_window.message.label.text()
    page.value.setText("4")
    page.reason.setPlainText("   ")
    assert not page.save()
    assert "Every score needs a reason" in demo_window.message.label.text()
    assert demo_window.opened.scores == before
    assert page.current_cell() == (0, 0)


def test_a_descriptor_chosen_sets_the_score(demo_window: MainWindow) -> None:
    page = demo_window.page("Scoring")
    assert isinstance(page, ScoringPage)
    page.select(1, 0)
    assert page.descriptors.count() == 6 and page.descriptors.item(2).text().startswith("2 – Weak: Some of")
    page.descriptors.setCurrentRow(2)
    page._descriptor_chosen()
    assert page.value.text() == "2" and page.value_meaning.text() == "Weak"


# Moderation --------------------------------------------------------------------------------------------------


def test_moderation_highlights_divergence_and_records_a_consensus(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = demo_window.page("Moderation")
    assert isinstance(page, ModerationPage)
    demo_window.go_to("Moderation")
    model = page.model
    assert model.rowCount() == 54  # 6 bidders x (4 questions x 2 stages + Q4 written)
    assert model.headerData(3, Qt.Orientation.Horizontal) == "Sam Patel"
    # (three far apart, but the panel agreed one: its flag ends there)
    assert "45 of 54 answers moderated; 2 with evaluators 2 or more points apart" in page.summary.text()
    page.show_filter.setCurrentIndex(2)  # not yet moderated: the demo's Q2 interviews and three written answers
    assert model.rowCount() == 9
    assert [(model.index(r, 1).data(), model.index(r, 2).data()) for r in range(9)] == [
        ("Q1", "Written"),
        *[("Q2", "Interview")] * 6,
        ("Q3", "Written"),
        ("S3", "Written"),
    ]
    assert model.index(1, 0).data() == "Ashton Care Co-operative"
    page.select(1)
    assert "Sam Patel, commissioning manager: " in page.reasons.toPlainText()
    page.consensus.setText("4")
    page.rationale.setPlainText("Panel agreed the care academy is well evidenced.")
    assert page.save()
    assert demo_window.opened is not None
    moderation = demo_window.opened.moderations[("ACC", "Q2", "interview")]
    assert moderation.value == Decimal(4)
    assert "46 of 54 answers moderated" in page.summary.text()
    assert model.rowCount() == 8
    document = demo_window.document
    assert document is not None  # one evaluator now marks an answer far below the others
    reopen(document, "E1", "written")
    assert document.record_score(
        Score("E1", "WSE", "Q2", "written", Decimal(0), "No workforce plan was submitted with the answer.")
    )
    # That answer was agreed, so it is back to review, not far apart; the demo's two far apart answers still to
    # moderate stay highlighted (its third, WSE's Q1 interview, was agreed).
    page.show_filter.setCurrentIndex(0)
    row = model.row_of(("WSE", "Q2", "written"))
    assert row is not None and model.index(row, model.columnCount() - 1).data() == "to review"
    page.show_filter.setCurrentIndex(SHOW_DIVERGENT)
    assert [(model.index(r, 0).data(), model.index(r, 1).data()) for r in range(model.rowCount())] == [
        ("Leigh Homecare Ltd", "Q3"),
        ("Pennine Support Services Ltd", "S3"),
    ]
    for row in range(model.rowCount()):
        assert model.index(row, 0).data(Qt.ItemDataRole.BackgroundRole).color().name() == colours.DIVERGENT
    page.show_filter.setCurrentIndex(0)
    page.select(0)
    page.rationale.setPlainText("")
    assert not page.save()
    assert "Every moderated score needs a rationale" in demo_window.message.label.text()
    asked: list[str] = []

    def discard(_parent: object, what: str) -> unsaved.Choice:
        asked.append(what)
        return unsaved.Choice.DISCARD

    monkeypatch.setattr(unsaved, "ask", discard)
    demo_window.close()  # the refused consensus is still typed: closing asks about it
    assert asked == ["The consensus you typed for Ashton Care Co-operative on Q1"]


# Results and audit -------------------------------------------------------------------------------------------


def test_results_follow_a_new_score(demo_window: MainWindow) -> None:
    results = demo_window.page("Results")
    assert isinstance(results, ResultsPage)
    demo_window.go_to("Results")
    assert results.chart.sizeHint().height() > 6 * 22
    assert (
        "Leading, provisional: Wigan Borough Care CIC (9 answer(s) still to moderate" in results.details.toPlainText()
    )
    assert "Sensitivity" in results.details.toPlainText()
    model = results.table.model()
    assert [model.index(r, 1).data() for r in range(2)] == ["Wigan Borough Care CIC", "Ashton Care Co-operative"]
    assert model.index(1, model.columnCount() - 2).data() == "77.96"
    moderation = demo_window.page("Moderation")
    assert isinstance(moderation, ModerationPage)
    moderation.select(0)  # Ashton Care Co-operative, Q1, written: agreed 3 so far
    moderation.consensus.setText("5")
    moderation.rationale.setPlainText("Panel agreed on review: outcomes evidenced for every person.")
    assert moderation.save()
    # Q1 is worth 15 points, half of them written: 3 -> 5 of 5 adds 3 points, enough to overtake.
    assert [model.index(r, 1).data() for r in range(2)] == ["Ashton Care Co-operative", "Wigan Borough Care CIC"]
    assert model.index(0, model.columnCount() - 2).data() == "80.96"
    assert "Leading, provisional: Ashton Care Co-operative (9 answer(s)" in results.details.toPlainText()


def test_audit_page_lists_and_filters_the_trail(demo_window: MainWindow) -> None:
    setup = demo_window.page("Setup")
    assert isinstance(setup, SetupPage)
    cell(setup.envelopes, 2, 2).setText("30")  # a minimum for social value
    page = demo_window.page("Audit")
    assert isinstance(page, AuditPage)
    demo_window.go_to("Audit")
    assert page.proxy.rowCount() == 104  # the demo's 103 (Jo's pack, 45 consensus scores) and the change
    assert page.proxy.index(0, 3).data() == "Setup"
    assert page.proxy.index(0, 4).data() == "change the Social value minimum to 30"
    page.action.setCurrentIndex(page.action.findData("create"))
    assert page.proxy.rowCount() == 1
    page.action.setCurrentIndex(0)
    page.search.setText("minimum")
    assert page.proxy.rowCount() == 1
    page.search.setText("")
    for action in ("export", "import"):  # Jo's pack, out and back in
        page.action.setCurrentIndex(page.action.findData(action))
        assert page.proxy.rowCount() == 1 and page.proxy.index(0, 3).data() == action.capitalize() + "ed"
    page.action.setCurrentIndex(0)
    page.verify()
    assert (
        "OK: 104 audit entries, the hash chain is intact, and replaying it gives exactly the stored data."
        in page.verified.text()
    )
    assert demo_window.opened is not None
    head = audit_head(demo_window.opened)
    assert f"Head: entry 104, hash {head.hash}" in page.verified.text()
    page.anchor.setText("not a hash")
    page.verify()
    assert "is not an anchor" in page.verified.text()
    page.anchor.setText(head.anchor)
    page.verify()
    assert "Anchor: entry 104 has the hash" in page.verified.text() and "FAILED" not in page.verified.text()


# Accessibility -----------------------------------------------------------------------------------------------


def _inside(widget: QWidget, kinds: type | UnionType) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, kinds):
            return True
        parent = parent.parentWidget()
    return False


@pytest.mark.parametrize("name", PAGES)
def test_every_control_on_every_page_has_a_name_for_screen_readers(demo_window: MainWindow, name: str) -> None:
    page = demo_window.page(name)
    unnamed = []
    for widget in page.findChildren(QWidget):
        if not isinstance(widget, QLineEdit | QComboBox | QAbstractItemView | QPlainTextEdit | QAbstractButton):
            continue
        if _inside(widget, QComboBox | QLineEdit | QAbstractItemView):
            continue  # a pop-up list, clear button or header: part of a named control
        if isinstance(widget, QAbstractButton) and widget.text():
            continue
        if not widget.accessibleName():
            unnamed.append(f"{type(widget).__name__} {widget.objectName()!r}")
    assert not unnamed, unnamed


def test_read_only_file_pages_cannot_be_edited(qtbot: QtBot, tmp_path: Path, demo_file: Path) -> None:
    demo_file.chmod(0o444)
    try:
        window = MainWindow(open_evaluation(demo_file))
        qtbot.addWidget(window)
        for name in ("Setup", "Bidders", "Scoring", "Moderation"):
            assert not window.page(name).isEnabled()
        window.close()
    finally:
        demo_file.chmod(0o644)


def test_the_living_wage_rate_comes_from_the_foundations_table(demo_window: MainWindow) -> None:
    page = demo_window.page("Setup")
    assert isinstance(page, SetupPage)
    menu = page.rate_table.menu()
    assert menu is not None
    labels = [a.text() for a in menu.actions()]
    assert labels[:2] == [
        "2025/26 UK: £13.45 an hour (to be paid by 1 May 2026)",
        "2025/26 London: £14.80 an hour (to be paid by 1 May 2026)",
    ]
    menu.actions()[1].trigger()
    assert stored(demo_window).living_wage_rate == Decimal("14.80")
    assert page.living_wage.text() == "14.8"


def test_the_local_boundary_is_a_list_of_postcode_districts(demo_window: MainWindow, qtbot: QtBot) -> None:
    page = demo_window.page("Setup")
    assert isinstance(page, SetupPage)
    demo_window.go_to("Setup")
    assert page.boundary.text() == "WN1, WN2, WN3, WN4, WN5, WN6, WN7, M29, M46"
    page.boundary.setText("wn1 wn2, BL5;Wigan")
    page.boundary.editingFinished.emit()
    assert stored(demo_window).local_boundary == ("WN1", "WN2", "BL5", "WIGAN")
    checks = [page.checks.item(i).text() for i in range(page.checks.count())]
    assert any("'WIGAN' is not a postcode district" in c for c in checks)


def test_questions_are_added_and_removed_on_the_setup_page(
    demo_window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = demo_window.page("Setup")
    assert isinstance(page, SetupPage)
    page.questions.setCurrentCell(2, 0)  # Q2, quality
    page.add_question()
    cell(page.questions, 8, 2).setText("Digital care records")
    added = stored(demo_window).questions[-1]
    assert (added.id, added.envelope_id, added.title, added.weight) == (
        "Q5",
        "quality",
        "Digital care records",
        Decimal(1),
    )
    checks = [page.checks.item(i).text() for i in range(page.checks.count())]
    assert any("its questions' weights add up to 41" in c for c in checks)
    asked: list[str] = []
    monkeypatch.setattr(QMessageBox, "question", answer_yes(asked))
    page.questions.setCurrentCell(2, 0)
    page.remove_question()
    assert "Remove question Q2 ('Recruiting, retaining and developing care workers')? Its 36 score(s)" in asked[0]
    assert "Q2" not in [q.id for q in stored(demo_window).questions]
    demo_window.undo_action.trigger()
    assert "Q2" in [q.id for q in stored(demo_window).questions]
    assert len(stored(demo_window).scores) == 162


def test_undo_and_redo_a_new_score_and_a_changed_one(demo_window: MainWindow) -> None:
    assert demo_window.document is not None and demo_window.opened is not None
    from svtool.domain.evaluation import Score

    reopen(demo_window.document, "E1", "written")
    scores = demo_window.opened.scores
    old = scores[("E1", "ACC", "Q1", "written")]
    changed = Score("E1", "ACC", "Q1", "written", Decimal(5), "On reflection: outcomes evidenced for everyone.")
    assert demo_window.document.record_score(changed)
    demo_window.undo_action.trigger()
    assert scores[("E1", "ACC", "Q1", "written")] == old
    assert (
        next(
            s
            for s in stored(demo_window).scores
            if (s.evaluator_id, s.bidder_id, s.question_id, s.stage_id) == ("E1", "ACC", "Q1", "written")
        )
        == old
    )
    demo_window.redo_action.trigger()
    assert scores[("E1", "ACC", "Q1", "written")] == changed
    # Undoing a first moderation withdraws it: the evaluators' scores stand again.
    from svtool.domain.evaluation import Moderation

    assert demo_window.document.moderate(Moderation("ACC", "Q2", "interview", Decimal(4), "Agreed 4."))
    demo_window.undo_action.trigger()
    assert ("ACC", "Q2", "interview") not in demo_window.opened.moderations
    assert ("ACC", "Q2", "interview") not in {
        (m.bidder_id, m.question_id, m.stage_id) for m in stored(demo_window).moderations
    }
    assert demo_window.undo_action.text() == "&Undo Score Q1 for Ashton Care Co-operative"


def test_bidders_get_an_address_postcode_and_identifier_and_local_follows_the_postcode(demo_window: MainWindow) -> None:
    from svtool.ui.bidders_model import ADDRESS_COLUMN, IDENTIFIER_COLUMN, LOCAL_COLUMN, POSTCODE_COLUMN

    page = demo_window.page("Bidders")
    assert isinstance(page, BiddersPage)
    model = page.model
    row = [model.bidder(r).id for r in range(model.rowCount())].index("PSS")  # Oldham: not local
    local = model.index(row, LOCAL_COLUMN)
    assert local.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert not model.flags(local) & Qt.ItemFlag.ItemIsUserCheckable  # computed, never ticked
    assert model.setData(model.index(row, POSTCODE_COLUMN), "wn3 5aa")  # moves to Wigan
    assert model.setData(model.index(row, ADDRESS_COLUMN), "5 Library Street, Wigan")
    assert model.setData(model.index(row, IDENTIFIER_COLUMN), "07654322")
    bidder = next(b for b in stored(demo_window).bidders if b.id == "PSS")
    assert (bidder.postcode, bidder.address, bidder.identifier) == ("WN3 5AA", "5 Library Street, Wigan", "07654322")
    assert model.index(row, POSTCODE_COLUMN).data() == "WN3 5AA"
    assert local.data(Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert local.data(Qt.ItemDataRole.ToolTipRole) == "Computed: its postcode district WN3 is inside the boundary."
    assert not model.setData(model.index(row, POSTCODE_COLUMN), "Wigan")
    assert "'Wigan' is not a UK postcode" in demo_window.message.label.text()
    assert next(b for b in stored(demo_window).bidders if b.id == "PSS").postcode == "WN3 5AA"  # nothing lost


def test_the_rate_dialog_adds_a_new_rate_and_applies_the_one_in_force(
    demo_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QDate

    from svtool.domain.living_wage import Region
    from svtool.ui.living_wage_dialog import LivingWageDialog

    monkeypatch.setenv("SVTOOL_CONFIG_DIR", str(tmp_path / "config"))
    assert demo_window.document is not None
    dialog = LivingWageDialog(demo_window.document, demo_window)
    assert cell(dialog.rates, 0, 0).text() == "2025/26" and dialog.rates.rowCount() == 3
    dialog.label.setText("2026/27")
    dialog.announced.setDate(QDate(2026, 10, 20))
    dialog.implement_by.setDate(QDate(2027, 5, 1))
    dialog.uk.setText("14.10")
    dialog.london.setText("abc")
    dialog.add_button.click()
    assert "Give the UK and London rates" in dialog.message.text() and dialog.rates.rowCount() == 3
    dialog.london.setText("15.50")
    dialog.add_button.click()
    assert "Say where the rate was published" in dialog.message.text()
    dialog.source.setText("Living Wage Foundation announcement, 20 October 2026")
    dialog.add_button.click()
    assert dialog.rates.rowCount() == 4 and cell(dialog.rates, 0, 0).text() == "2026/27"
    assert (tmp_path / "config" / "living_wage_rates.toml").exists()
    # A tender issued before the announcement keeps the 2025/26 rate; after it, London takes the new one.
    dialog.tender_date.setDate(QDate(2026, 10, 19))
    dialog.region.setCurrentIndex(dialog.region.findData("london"))
    dialog.apply_button.click()
    before = stored(demo_window)
    assert (before.living_wage_rate, before.living_wage_region) == (Decimal("14.80"), Region.LONDON)
    dialog.tender_date.setDate(QDate(2026, 10, 20))
    dialog.apply_button.click()
    after = stored(demo_window)
    assert after.living_wage_rate == Decimal("15.50") and "2026/27" in after.living_wage_source
    assert "£15.50 an hour (London rate), in force at the tender date 2026-10-20" in dialog.applied.text()
    dialog.tender_date.setDate(QDate(2019, 1, 1))
    dialog.apply_button.click()
    assert "No Real Living Wage rate" in dialog.message.text() and stored(demo_window) == after
    dialog.close()
