"""The workbook, recalculated by LibreOffice, agrees with the engine to the displayed precision."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import load_workbook

from svtool.domain.evaluation import Bid, CommitmentValueMethod, PriceFormula, PriceSettings, Question
from svtool.domain.numbers import show
from svtool.export.excel import write_workbook
from svtool.export.report_data import ExportCancelled
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


@pytest.mark.parametrize("name", list(_variants()))
def test_summary_figures_recalculated_by_libreoffice_equal_the_engine(name: str, tmp_path: Path) -> None:
    evaluation = _variants()[name]
    opened = create_evaluation(evaluation, tmp_path / "e.svt", "tester")  # type: ignore[arg-type]
    data = report_data(opened)
    workbook = tmp_path / "e.xlsx"
    write_workbook(data, workbook)
    rows = libreoffice_sheet(workbook, 1, tmp_path)
    envelopes = list(data.evaluation.envelopes)
    for row, bidder in zip(rows[1:], data.results.bidders, strict=False):
        assert row[1] == bidder.name
        assert row[0] == (str(bidder.rank) if bidder.rank else "excluded")
        shown = row[2: 2 + len(envelopes) + 1]
        expected = [show(bidder.envelope_totals[v.id]) for v in envelopes] + [show(bidder.total)]
        assert shown == expected, (bidder.name, shown, expected)
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
    assert summary.page_setup.orientation == "landscape" and summary["C2"].value.startswith("=SUMIFS(")
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
