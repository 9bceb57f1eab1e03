"""Method options on the Setup page (docs/scoring-method.md): a question's own written/interview split, set and
cleared in the questions table with anything else refused in words and nothing lost; quality relative to the best
for an envelope or a question; and the affordability ceiling."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from svtool.domain.evaluation import CeilingAction, CeilingReference, QualityBasis, ScaleMethod
from svtool.domain.results import FlagKind
from svtool.ui.main_window import MainWindow
from svtool.ui.setup_page import SetupPage
from tests.ui.conftest import cell

pytestmark = pytest.mark.gui

Q1_ROW, SPLIT = 1, 5


def q1_split(window: MainWindow) -> Mapping[str, Decimal] | None:
    assert window.opened is not None
    method = window.opened.stored_evaluation().question("Q1").method
    assert isinstance(method, ScaleMethod)  # Q1 is a scored quality question
    return method.split


def test_the_lead_sets_and_clears_a_questions_own_split(demo_window: MainWindow) -> None:
    page = demo_window.page("Setup")
    assert isinstance(page, SetupPage)
    demo_window.go_to("Setup")
    header = page.questions.horizontalHeaderItem(SPLIT)
    assert header is not None and header.text() == "Own split"
    split = cell(page.questions, Q1_ROW, SPLIT)
    assert split.text() == "" and "blank to use the evaluation's split" in split.toolTip()
    split.setText("70 / 30")
    assert q1_split(demo_window) == {"written": Decimal(70), "interview": Decimal(30)}
    assert cell(page.questions, Q1_ROW, SPLIT).text() == "70/30"
    assert demo_window.opened is not None
    results = demo_window.opened.results()
    assert results.bidder("ACC").questions["Q1"].split == {"written": 70, "interview": 30}
    assert demo_window.opened.audit_trail()[-1].key == "give Q1 its own split, written 70% / interview 30%"
    cell(page.questions, Q1_ROW, SPLIT).setText("")
    assert q1_split(demo_window) is None
    assert demo_window.opened.audit_trail()[-1].key == "clear Q1's own split: it uses the evaluation's"
    demo_window.undo_action.trigger()
    assert q1_split(demo_window) == {"written": Decimal(70), "interview": Decimal(30)}
    assert cell(page.questions, Q1_ROW, SPLIT).text() == "70/30"


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("60/30", "The shares for Q1 add up to 90%, not 100%."),
        ("-10/110", "Each share must be from 0 to 100 per cent; '-10/110' is not."),
        ("seventy/thirty", "'seventy/thirty' is not a split."),
        ("70", "'70' gives 1 share, but Q1 is scored in 2 stages."),
        ("50/30/20", "'50/30/20' gives 3 shares, but Q1 is scored in 2 stages."),
        ("nan/nan", "Each share must be from 0 to 100 per cent"),
        ("1e999999/0", "Each share must be from 0 to 100 per cent"),
    ],
)
def test_a_split_that_is_not_one_is_refused_and_nothing_is_lost(demo_window: MainWindow, typed: str, says: str) -> None:
    page = demo_window.page("Setup")
    assert isinstance(page, SetupPage)
    cell(page.questions, Q1_ROW, SPLIT).setText("40/60")
    assert demo_window.opened is not None
    trail = len(demo_window.opened.audit_trail())
    cell(page.questions, Q1_ROW, SPLIT).setText(typed)
    assert demo_window.message.isVisibleTo(demo_window)
    message = demo_window.message.label.text()
    assert says in message
    assert "Give Q1's own split as 2 shares in per cent, Written / Interview, such as 70/30" in message
    assert cell(page.questions, Q1_ROW, SPLIT).text() == "40/60"  # what was saved is shown again
    assert q1_split(demo_window) == {"written": Decimal(40), "interview": Decimal(60)}
    assert len(demo_window.opened.audit_trail()) == trail


def test_a_question_scored_in_one_stage_has_no_split_to_set(demo_window: MainWindow) -> None:
    page = demo_window.page("Setup")
    assert isinstance(page, SetupPage)
    assert demo_window.opened is not None
    row = [q.id for q in demo_window.opened.evaluation.questions].index("Q4")  # written only
    assert not cell(page.questions, row, SPLIT).flags() & Qt.ItemFlag.ItemIsEditable
    price_row = 0
    assert not cell(page.questions, price_row, SPLIT).flags() & Qt.ItemFlag.ItemIsEditable


def checks(page: SetupPage) -> list[str]:
    return [page.checks.item(i).text() for i in range(page.checks.count())]


def test_the_affordability_ceiling_is_set_in_the_price_rules(demo_window: MainWindow) -> None:
    """Budget £4,500,000: Ashton Care Co-operative (£4,650,000) and Wigan Borough Care CIC (£4,560,000) are above
    it, excluded with their reasons, or flagged."""
    page = demo_window.page("Setup")
    assert isinstance(page, SetupPage)
    assert demo_window.opened is not None
    page.ceiling.setCurrentIndex(page.ceiling.findText("The budget"))
    assert demo_window.opened.evaluation.price.ceiling is CeilingReference.BUDGET
    assert any("the affordability ceiling is the budget, but no budget is entered" in c for c in checks(page))
    page.budget.setText("£4,500,000")
    page.budget.editingFinished.emit()
    price = demo_window.opened.stored_evaluation().price
    assert (price.ceiling, price.budget, price.ceiling_action) == (
        CeilingReference.BUDGET,
        Decimal(4_500_000),
        CeilingAction.EXCLUDE,
    )
    assert page.budget.text() == "£4,500,000.00"
    results = demo_window.opened.results()
    assert {b.bidder_id for b in results.bidders if b.excluded} == {"ACC", "WSE"}
    assert results.bidder("WSE").exclusion_reasons == (
        "Its price of £4,560,000.00 is above the affordability ceiling, the budget of £4,500,000.00, by £60,000.00.",
    )
    page.ceiling_action.setCurrentIndex(page.ceiling_action.findText("Flagged for the panel to decide"))
    results = demo_window.opened.results()
    assert not any(b.excluded for b in results.bidders)
    assert {f.bidder_id for f in results.flags if f.kind is FlagKind.ABOVE_CEILING} == {"ACC", "WSE"}
    page.budget.setText("lots")
    page.budget.editingFinished.emit()
    assert "The budget must be a number. 'lots' is not." in demo_window.message.label.text()
    assert page.budget.text() == "£4,500,000.00"
    assert demo_window.opened.stored_evaluation().price.budget == Decimal(4_500_000)


def test_quality_relative_to_the_best_for_an_envelope_or_a_question(demo_window: MainWindow) -> None:
    page = demo_window.page("Setup")
    assert isinstance(page, SetupPage)
    assert demo_window.opened is not None
    header = page.envelopes.horizontalHeaderItem(3)
    assert header is not None and header.text() == "Relative to the best"
    cell(page.envelopes, 1, 3).setCheckState(Qt.CheckState.Checked)  # Quality
    assert demo_window.opened.stored_evaluation().envelope("quality").quality_basis is QualityBasis.RELATIVE_TO_BEST
    assert demo_window.opened.audit_trail()[-1].key == "score Quality relative to the best"
    assert demo_window.opened.results().bidder("WSE").questions["Q1"].formula.endswith("envelope relative to the best")
    q2 = [q.id for q in demo_window.opened.evaluation.questions].index("Q2")
    cell(page.questions, q2, 6).setCheckState(Qt.CheckState.Checked)
    method = demo_window.opened.stored_evaluation().question("Q2").method
    assert isinstance(method, ScaleMethod) and method.basis is QualityBasis.RELATIVE_TO_BEST
    assert any("is scored relative to the best inside Quality" in c for c in checks(page))
    cell(page.envelopes, 1, 3).setCheckState(Qt.CheckState.Unchecked)
    assert not any("relative to the best inside" in c for c in checks(page))
    assert demo_window.opened.results().bidder("WSE").questions["Q2"].formula.endswith(", relative to the best")
    assert cell(page.questions, 0, 6).data(Qt.ItemDataRole.CheckStateRole) is None  # the price question: no box
