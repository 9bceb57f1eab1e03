"""The workbook, recalculated by LibreOffice, agrees with the engine to the displayed precision."""

from __future__ import annotations

from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import pytest
from openpyxl import load_workbook

from svtool.domain.evaluation import (
    Bid,
    CeilingReference,
    CommitmentValueMethod,
    Evaluation,
    FteWorking,
    MeasureMethod,
    PercentBasis,
    PriceFormula,
    PriceSettings,
    QualityBasis,
    Question,
    ScaleMethod,
)
from svtool.domain.numbers import show
from svtool.export.excel import write_workbook
from svtool.export.report_data import ExportCancelled, ReportData
from svtool.services.demo import create_demo, demo_evaluation
from svtool.services.evaluations import create_evaluation
from svtool.services.reporting import report_data
from tests.domain.builders import D, care_tender
from tests.export.helpers import libreoffice_sheet


def committed_figures() -> Evaluation:
    """care_tender() with a committed-figure question for each basis (docs/scoring-method.md, "Committed
    figures"): FTE linear to 2 (B's given as 20 hours a week x 39 weeks), VCSE % relative to the best, tCO2e pass or
    fail at 50."""
    care = care_tender()
    jobs = MeasureMethod("JOBS", "FTE", PercentBasis.LINEAR_TO_TARGET, D(2))
    added = (
        Question("S4", "sv", "Local jobs", D(2), jobs),
        Question("S5", "sv", "VCSE spend", D(2), MeasureMethod("VC1", "%", PercentBasis.RELATIVE_TO_BEST)),
        Question("S6", "sv", "Carbon saved", D(2), MeasureMethod("CO2", "tCO2e", PercentBasis.PASS_FAIL, D(50))),
    )
    figures = {
        "A": ({"JOBS": D(3), "VC1": D(12), "CO2": D(50)}, {}),
        "B": ({"JOBS": D("0.4"), "VC1": D(18), "CO2": D("49.9")}, {"JOBS": FteWorking(D(20), D(39))}),
        "C": ({"VC1": D(30)}, {}),
    }
    return replace(
        care,
        questions=(*(replace(q, weight=D(4)) if q.id == "S3" else q for q in care.questions), *added),
        bids=tuple(
            replace(b, commitments={**b.commitments, **figures[b.bidder_id][0]}, working=figures[b.bidder_id][1])
            for b in care.bids
        ),
    )


def _relative_to_best(question: Question) -> Question:
    assert isinstance(question.method, ScaleMethod)
    return replace(question, method=replace(question.method, basis=QualityBasis.RELATIVE_TO_BEST))


def _variants() -> dict[str, object]:
    care = care_tender()
    sv = Question("S4", "sv", "Social value offered", D(5), CommitmentValueMethod({"LS": D("1250.50")}))
    questions = (*tuple(replace(q, weight=D(5)) if q.id == "S3" else q for q in care.questions), sv)
    excluded = tuple(
        replace(m, value=D(1)) if (m.bidder_id, m.question_id) == ("B", "Q1") else m for m in care.moderations
    )
    return {
        "demo": demo_evaluation(),
        "mean price, social value offered": replace(
            care, questions=questions, price=PriceSettings(formula=PriceFormula.MEAN)
        ),
        "range price, a bidder excluded": replace(
            care, moderations=excluded, price=PriceSettings(formula=PriceFormula.RANGE)
        ),
        "lowest price, a missing price": replace(care, bids=(Bid("A", None, {"LS": D(60)}), *care.bids[1:])),
        # Q2 relative to the best among B and C, A (the best on Q2) excluded above the budget.
        "quality relative to the best, a bid above the budget": replace(
            care,
            questions=tuple(_relative_to_best(q) if q.id == "Q2" else q for q in care.questions),
            price=PriceSettings(ceiling=CeilingReference.BUDGET, budget=D(950_000)),
        ),
        # B's Q1 raised to 5 and 5: B is best on Q1 and on the envelope (25 + 9 = 34), A on Q2, so scaling the
        # envelope differs from scaling each question.
        "an envelope relative to the best": replace(
            care,
            envelopes=tuple(
                replace(v, quality_basis=QualityBasis.RELATIVE_TO_BEST) if v.id == "quality" else v
                for v in care.envelopes
            ),
            moderations=tuple(
                replace(m, value=D(5)) if (m.bidder_id, m.question_id) == ("B", "Q1") else m for m in care.moderations
            ),
        ),
        "committed figures": committed_figures(),
    }


def assert_summary_shows(rows: list[list[str]], data: ReportData) -> None:
    """The Summary as LibreOffice shows it: a header, exactly one row per bidder in the engine's order with the
    engine's rank and figures, a blank row, then the notes. A sheet cut short, or with a row too many, fails."""
    bidders, envelopes = data.results.bidders, list(data.evaluation.envelopes)
    assert rows[0][:3] == ["Rank", "Bidder ID", "Bidder"], rows[:1]
    assert len(rows) == 1 + len(bidders) + 1 + 2 + (data.split is not None), f"{len(rows)} rows: {rows}"
    for row, bidder in zip(rows[1 : 1 + len(bidders)], bidders, strict=True):
        assert row[1:3] == [bidder.bidder_id, bidder.name]
        assert row[0] == (str(bidder.rank) if bidder.rank else "excluded")
        shown = row[3 : 3 + len(envelopes) + 1]
        expected = [show(bidder.envelope_totals[v.id]) for v in envelopes] + [show(bidder.total)]
        assert shown == expected, (bidder.name, shown, expected)
    assert not any(rows[1 + len(bidders)]) and rows[2 + len(bidders)][2] == "Recommendation"


@pytest.mark.parametrize("name", list(_variants()))
def test_summary_figures_recalculated_by_libreoffice_equal_the_engine(name: str, tmp_path: Path) -> None:
    evaluation = _variants()[name]
    opened = create_evaluation(evaluation, tmp_path / "e.svt", "tester")  # type: ignore[arg-type]
    data = report_data(opened)
    workbook = tmp_path / "e.xlsx"
    write_workbook(data, workbook)
    rows = libreoffice_sheet(workbook, 1, tmp_path)
    assert_summary_shows(rows, data)
    for cut in (rows[:1], rows[:-1], [*rows[:2], *rows[3:]], [*rows[:2], *rows[1:]]):  # the check itself can fail
        with pytest.raises(AssertionError):
            assert_summary_shows(cut, data)
    opened.close()


def test_workbook_layout(tmp_path: Path) -> None:
    opened = create_demo(tmp_path / "demo.svt")
    path = tmp_path / "demo.xlsx"
    write_workbook(report_data(opened), path)
    book = load_workbook(path)
    assert book.sheetnames == [
        "Summary",
        "Setup",
        "Price",
        "Quality",
        "Social value",
        "Scores by evaluator",
        "Moderation",
        "Commitments",
        "Community wealth",
        "Sensitivity",
        "Audit log",
    ]
    summary = book["Summary"]
    assert summary.freeze_panes == "A2" and summary.print_title_rows == "$1:$1"
    assert summary.page_setup.orientation == "landscape" and summary["D2"].value.startswith("=SUMPRODUCT(--EXACT(")
    assert "ContractValue" in book.defined_names
    price = book["Price"]
    headers = [c.value for c in price[1]]
    assert price.cell(2, headers.index("Reference") + 1).value.startswith("=_xlfn.MINIFS(")
    assert len(list(book["Scores by evaluator"].iter_rows())) == len(opened.scores) + 1
    sensitivity = [[c.value for c in row] for row in book["Sensitivity"].iter_rows(max_col=2)]
    assert sensitivity[1:5] == [
        ["Written share (%)", "Ranked first"],
        ["0.00 to 36.69", "Ashton Care Co-operative"],
        ["36.69 to 70.62", "Wigan Borough Care CIC"],
        ["70.62 to 100.00", "National Homecare Group plc"],
    ]
    opened.close()


def test_quality_relative_to_the_best_is_a_live_formula_and_an_envelope_scaling_says_it_is_not(tmp_path: Path) -> None:
    variants = _variants()
    opened = create_evaluation(
        variants["quality relative to the best, a bid above the budget"],  # type: ignore[arg-type]
        tmp_path / "q.svt",
        "tester",
    )
    write_workbook(report_data(opened), tmp_path / "q.xlsx")
    quality = load_workbook(tmp_path / "q.xlsx")["Quality"]
    headers = [c.value for c in quality[1]]
    rows = {(r[0].value, r[2].value): r for r in quality.iter_rows(min_row=2)}
    assert rows[("B", "Q2")][headers.index("Reference")].value.startswith("=_xlfn.MAXIFS(")
    assert rows[("A", "Q2")][headers.index("Takes part")].value is False  # excluded: sets no best
    assert rows[("A", "Q1")][headers.index("Takes part")].value is True  # absolute: keeps its score
    opened.close()
    opened = create_evaluation(
        variants["an envelope relative to the best"],  # type: ignore[arg-type]
        tmp_path / "e.svt",
        "tester",
    )
    write_workbook(report_data(opened), tmp_path / "e.xlsx")
    quality = load_workbook(tmp_path / "e.xlsx")["Quality"]
    rows = {(r[0].value, r[2].value): r for r in quality.iter_rows(min_row=2)}
    share = headers.index("Share of marks")
    assert rows[("A", "Q1")][share].value == pytest.approx(0.8 * 40 / 34)  # A's Q1, 20 of 25, scaled: a value
    assert rows[("B", "Q1")][share].value == pytest.approx(40 / 34)  # full marks scaled up: past the weight
    assert "does not recalculate it" in rows[("A", "Q1")][headers.index("Working")].value
    opened.close()


def test_committed_figures_recalculated_by_libreoffice_equal_the_engine(tmp_path: Path) -> None:
    opened = create_evaluation(committed_figures(), tmp_path / "f.svt", "tester")
    data = report_data(opened)
    write_workbook(data, tmp_path / "f.xlsx")
    sheets = load_workbook(tmp_path / "f.xlsx").sheetnames
    rows = libreoffice_sheet(tmp_path / "f.xlsx", sheets.index("Social value") + 1, tmp_path)
    questions = [q for q in data.evaluation.questions if q.envelope_id == "sv"]
    headers = rows[0]
    assert len(rows) == 1 + len(data.results.bidders) * len(questions), rows  # a row per bidder and question
    at = {(r[0], r[2]): r for r in rows[1:]}
    checked = 0
    for bidder in data.results.bidders:
        for question_id in ("S1", "S4", "S5", "S6"):
            result = bidder.questions[question_id]
            row = at[(bidder.bidder_id, question_id)]
            assert result.share is not None and result.contribution is not None
            assert row[headers.index("Share of marks")] == f"{show(result.share * 100)}%", (bidder.name, question_id)
            assert row[headers.index("Points")] == show(result.contribution), (bidder.name, question_id)
            checked += 1
    assert checked == 12
    b = data.results.bidder("B")
    assert (b.questions["S4"].contribution, b.questions["S5"].contribution, b.questions["S6"].contribution) == (
        Fraction(2, 5),
        Fraction(6, 5),
        Fraction(0),
    )  # 0.4 FTE of 2; 18 / 30 (C the best); 49.9 below 50
    assert at[("B", "S4")][headers.index("Input")] == "0.40"  # 20 x 39 / (37.5 x 52), pro-rated live
    commitments = libreoffice_sheet(tmp_path / "f.xlsx", sheets.index("Commitments") + 1, tmp_path)
    jobs = [r for r in commitments if r[1:3] == ["S4", "JOBS"]]
    assert [r[3] for r in jobs] == ["3.00", "0.40", "0.00"] and jobs[1][7:10] == ["FTE", "20", "39"]
    opened.close()


def test_cancelling_saves_nothing(tmp_path: Path) -> None:
    opened = create_demo(tmp_path / "demo.svt")
    asked = []

    def cancelled() -> bool:
        asked.append(1)
        return len(asked) > 2

    with pytest.raises(ExportCancelled):
        write_workbook(report_data(opened), tmp_path / "never.xlsx", cancelled)
    assert not (tmp_path / "never.xlsx").exists()
    opened.close()
