"""The workbook, recalculated by LibreOffice, agrees with the engine to the displayed precision."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from svtool.domain.evaluation import Bid, CommitmentValueMethod, PriceFormula, PriceSettings, Question
from svtool.domain.numbers import show
from svtool.export.excel import write_workbook
from svtool.export.report_data import ExportCancelled, ReportData
from svtool.services.demo import create_demo, demo_evaluation
from svtool.services.evaluations import create_evaluation
from svtool.services.reporting import report_data
from tests.domain.builders import D, care_tender
from tests.export.helpers import libreoffice_sheet


def _variants() -> dict[str, object]:
    care = care_tender()
    sv = Question("S4", "sv", "Social value offered", D(5), CommitmentValueMethod({"LS": D("1250.50")}))
    questions = (*tuple(replace(q, weight=D(5)) if q.id == "S3" else q for q in care.questions), sv)
    excluded = tuple(replace(m, value=D(1)) if (m.bidder_id, m.question_id) == ("B", "Q1") else m
                     for m in care.moderations)
    return {
        "demo": demo_evaluation(),
        "mean price, social value offered": replace(care, questions=questions,
                                                    price=PriceSettings(formula=PriceFormula.MEAN)),
        "range price, a bidder excluded": replace(care, moderations=excluded,
                                                  price=PriceSettings(formula=PriceFormula.RANGE)),
        "lowest price, a missing price": replace(care, bids=(Bid("A", None, {"LS": D(60)}), *care.bids[1:])),
    }


def assert_summary_shows(rows: list[list[str]], data: ReportData) -> None:
    """The Summary as LibreOffice shows it: a header, exactly one row per bidder in the engine's order with the
    engine's rank and figures, a blank row, then the notes. A sheet cut short, or with a row too many, fails."""
    bidders, envelopes = data.results.bidders, list(data.evaluation.envelopes)
    assert rows[0][:3] == ["Rank", "Bidder ID", "Bidder"], rows[:1]
    assert len(rows) == 1 + len(bidders) + 1 + 2 + (data.split is not None), f"{len(rows)} rows: {rows}"
    for row, bidder in zip(rows[1:1 + len(bidders)], bidders, strict=True):
        assert row[1:3] == [bidder.bidder_id, bidder.name]
        assert row[0] == (str(bidder.rank) if bidder.rank else "excluded")
        shown = row[3: 3 + len(envelopes) + 1]
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
    assert book.sheetnames == ["Summary", "Setup", "Price", "Quality", "Social value", "Scores by evaluator",
                               "Moderation", "Commitments", "Sensitivity", "Audit log"]
    summary = book["Summary"]
    assert summary.freeze_panes == "A2" and summary.print_title_rows == "$1:$1"
    assert summary.page_setup.orientation == "landscape" and summary["D2"].value.startswith("=SUMPRODUCT(--EXACT(")
    assert "ContractValue" in book.defined_names
    price = book["Price"]
    headers = [c.value for c in price[1]]
    assert price.cell(2, headers.index("Reference") + 1).value.startswith("=_xlfn.MINIFS(")
    assert len(list(book["Scores by evaluator"].iter_rows())) == len(opened.scores) + 1
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
