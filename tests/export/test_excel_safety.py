"""A workbook that cannot hurt (export/xlsx_cells.py): text that looks like a formula stays text in every field,
ids that look like patterns do not change a total, and every formula carries the engine's figure, so a viewer that
does not calculate shows the same numbers as LibreOffice does when it recalculates."""

from __future__ import annotations

import math
import re
import zipfile
from dataclasses import replace
from fractions import Fraction
from pathlib import Path
from xml.etree import ElementTree

import pytest
from openpyxl import load_workbook

from svtool.domain.engine import Engine
from svtool.domain.evaluation import (
    Bid,
    Bidder,
    CommitmentValueMethod,
    Declaration,
    Evaluation,
    Evaluator,
    Question,
    Score,
)
from svtool.export.excel import write_workbook
from svtool.export.report_data import AuditLine, ReportData
from svtool.services.demo import create_demo
from svtool.services.evaluations import create_evaluation
from svtool.services.reporting import report_data
from tests.domain.builders import D, care_tender
from tests.export.helpers import libreoffice_recalculated, libreoffice_sheet
from tests.export.test_excel import _variants, assert_summary_shows

LINK = '=HYPERLINK("http://x","click")'
DDE = "=cmd|' /C calc'!A0"
#: Each text field below gets one of these; ids get the wildcards.
HOSTILE = (LINK, "+1+1", "-2+3", "@SUM(1)", "=1+1", DDE, "_x0041_ stays as typed")
IDS = {"A": "A*", "B": "A?", "C": "~"}


def _id(bidder: str) -> str:
    return IDS.get(bidder, bidder)


def hostile_tender() -> Evaluation:
    """care_tender() with a formula-like value in every text field that reaches the workbook, and bidder ids that
    are criteria wildcards ('A*' once made a total 154.56 instead of 76.60): A*, A? and ~, with ? excluded."""
    base = care_tender()
    questions = [
        replace(q, title={"P1": "@SUM(1)", "Q1": LINK, "Q2": "+1+1", "S1": DDE, "S2": "=1+1", "S3": "-2+3"}[q.id])
        for q in base.questions
    ]
    questions = [replace(q, weight=D(5)) if q.id == "S3" else q for q in questions]
    # A second relative question in the same envelope, with a wildcard id: its reference must not take in S1..S3.
    questions.append(Question("S*", "sv", "_x0041_ stays as typed", D(5), CommitmentValueMethod({"LS": D("0.01")})))
    scale = base.scales[0]
    points = tuple(
        replace(p, label=HOSTILE[n % len(HOSTILE)], descriptor=HOSTILE[(n + 1) % len(HOSTILE)])
        for n, p in enumerate(scale.points)
    )
    bidders = (
        Bidder("A*", LINK, address="=1+1", identifier="@SUM(1)"),
        Bidder("A?", "+1+1", address=DDE, identifier="-2+3"),
        Bidder("~", "@SUM(1)"),
        Bidder("?", "-2+3", excluded_reason=DDE),
    )
    bids = (*[replace(b, bidder_id=_id(b.bidder_id)) for b in base.bids], Bid("?", D(700_000), {"LS": D(90)}))
    moderations = tuple(
        replace(m, bidder_id=_id(m.bidder_id), rationale=f"{LINK} agreed at moderation", feedback="-2+3")
        for m in base.moderations
    )
    scores = (
        Score("e1", "A*", "Q1", "written", D(3), LINK),
        Score("e2", "A*", "Q1", "written", D(4), "=1+1"),
        Score("e1", "~", "Q2", "interview", D(2), "@SUM(1)"),
    )
    return replace(
        base,
        title=LINK,
        reference="-2+3",
        living_wage_source=LINK,
        questions=tuple(questions),
        scales=(replace(scale, name="+1+1", points=points),),
        stages=(replace(base.stages[0], name="=1+1"), replace(base.stages[1], name="@SUM(1)")),
        envelopes=(base.envelopes[0], replace(base.envelopes[1], name=LINK), replace(base.envelopes[2], name=DDE)),
        bidders=bidders,
        bids=bids,
        moderations=moderations,
        scores=scores,
        evaluators=(Evaluator("e1", LINK), Evaluator("e2", "-2+3")),
        declarations=(Declaration("e1", "A*", False, DDE, "2026-01-05"),),
    )


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, ReportData]:
    folder = tmp_path_factory.mktemp("hostile")
    opened = create_evaluation(hostile_tender(), folder / "e.svt", actor="@SUM(1)")
    data = report_data(opened)
    opened.close()
    workbook = folder / "e.xlsx"
    write_workbook(data, workbook)
    return workbook, data


#: What a formula may quote: the empty result and the pieces of the wildcard escape (xlsx_cells.exactly).
OWN_LITERALS = {
    '""',
    '"="',
    '"~"',
    '"~~"',
    '"*"',
    '"~*"',
    '"?"',
    '"~?"',
    '"yes"',
}  # and the Community wealth sheet's COUNTIF of its own yes/no cells


def test_no_cell_holding_typed_text_is_a_formula(hostile: tuple[Path, ReportData]) -> None:
    workbook, _data = hostile
    book = load_workbook(workbook)
    texts: set[str] = set()
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "s":
                    texts.add(str(cell.value))
                elif cell.data_type == "f":
                    formula = re.sub(r"'(?:[^']|'')*'!", "", str(cell.value))  # quoted sheet names are references
                    literals = set(re.findall(r'"[^"]*"', formula))
                    assert literals <= OWN_LITERALS, (sheet.title, cell.coordinate, cell.value)
                    for hostile_text in HOSTILE:
                        assert f'"{hostile_text}"' not in formula and "HYPERLINK" not in formula, cell.value
    for value in (*HOSTILE, *IDS.values(), "?", f"{LINK} agreed at moderation"):
        assert value in texts, f"{value!r} is not in any text cell"
    assert {
        "Summary",
        "Setup",
        "Price",
        "Scores by evaluator",
        "Moderation",
        "Commitments",
        "Sensitivity",
        "Audit log",
    } <= set(book.sheetnames)


def test_libreoffice_shows_the_text_as_typed_and_the_engine_s_totals(
    hostile: tuple[Path, ReportData], tmp_path: Path
) -> None:
    workbook, data = hostile
    summary = libreoffice_sheet(workbook, 1, tmp_path)
    assert_summary_shows(summary, data)  # ids A*, A? and ~ each get their own points, names shown as typed
    assert [row[1:3] for row in summary[1:5]] == [[b.bidder_id, b.name] for b in data.results.bidders]
    assert {b.bidder_id for b in data.results.bidders} == {"A*", "A?", "~", "?"}
    setup = libreoffice_sheet(workbook, 2, tmp_path)
    assert setup[0][:2] == ["Evaluation", LINK] and setup[1][:2] == ["Reference", "-2+3"]
    scores = libreoffice_sheet(workbook, 6, tmp_path)
    assert scores[1:] == [
        [LINK, LINK, "Q1", "=1+1", "3.00", LINK],
        ["-2+3", LINK, "Q1", "=1+1", "4.00", "=1+1"],
        [LINK, "@SUM(1)", "Q2", "@SUM(1)", "2.00", "@SUM(1)"],
    ]


def test_a_previewer_that_does_not_calculate_sees_the_engine_s_figures(tmp_path: Path) -> None:
    opened = create_demo(tmp_path / "demo.svt")
    data = report_data(opened)
    opened.close()
    write_workbook(data, tmp_path / "demo.xlsx")
    summary = load_workbook(tmp_path / "demo.xlsx", data_only=True)["Summary"]  # the stored values, as saved
    envelopes = list(data.evaluation.envelopes)
    for row, bidder in enumerate(data.results.bidders, start=2):
        cells = [summary.cell(row, n).value for n in range(1, 5 + len(envelopes))]
        assert cells[:3] == [bidder.rank, bidder.bidder_id, bidder.name]
        assert cells[3:] == [float(bidder.envelope_totals[v.id]) for v in envelopes] + [float(bidder.total)]
    detail = load_workbook(tmp_path / "demo.xlsx", data_only=True)["Quality"]
    headers = [c.value for c in detail[1]]
    points = [r[headers.index("Points")] for r in detail.iter_rows(min_row=2, values_only=True)]
    assert points == [
        _number(q.contribution)
        for b in data.results.bidders
        for q in b.questions.values()
        if data.evaluation.question(q.question_id).envelope_id == "quality"
    ]


def _number(value: Fraction | None) -> float:
    assert value is not None
    return float(value)


def _same(ours: object, theirs: object) -> bool:
    if ours in ("", None) and theirs in ("", None):
        return True
    if isinstance(ours, int | float) and isinstance(theirs, int | float) and not isinstance(theirs, bool):
        return math.isclose(ours, theirs, rel_tol=1e-12, abs_tol=1e-9)
    return ours == theirs


@pytest.mark.parametrize(
    "name",
    [
        "demo",
        "mean price, social value offered",
        "range price, a bidder excluded",
        "lowest price, a missing price",
        "hostile",
    ],
)
def test_every_stored_value_is_what_libreoffice_calculates(name: str, tmp_path: Path) -> None:
    evaluation = hostile_tender() if name == "hostile" else _variants()[name]
    opened = create_evaluation(evaluation, tmp_path / "e.svt", "tester")  # type: ignore[arg-type]
    workbook = tmp_path / "e.xlsx"
    write_workbook(report_data(opened), workbook)
    opened.close()
    formulas = load_workbook(workbook)
    ours = load_workbook(workbook, data_only=True)
    theirs = load_workbook(libreoffice_recalculated(workbook, tmp_path), data_only=True)
    checked = 0
    for sheet in formulas.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type != "f":
                    continue
                stored = ours[sheet.title][cell.coordinate].value
                calculated = theirs[sheet.title][cell.coordinate].value
                assert _same(stored, calculated), (sheet.title, cell.coordinate, cell.value, stored, calculated)
                checked += 1
    assert checked > 50


def test_text_an_older_version_saved_with_control_characters_is_written_not_crashed_on(tmp_path: Path) -> None:
    base = care_tender()
    bad = "Ashton\x07 Care\x00 \x1b[31m\ud800\uffff Co-op"
    evaluation = replace(
        base,
        title="Lot\x0b1",
        bidders=(replace(base.bidders[0], name=bad), *base.bidders[1:]),
        moderations=(replace(base.moderations[0], rationale="Agreed\x1f.\n\tSecond line."), *base.moderations[1:]),
    )
    data = ReportData(
        evaluation,
        Engine(evaluation).results(),
        None,
        (),
        (
            AuditLine(
                1, "2026-01-05T10:00:00", "tester\x08", "create", "evaluation", "Lot\x0b1", None, "x" * 40_000, ""
            ),
        ),
        "5 January 2026",
    )
    write_workbook(data, tmp_path / "old.xlsx")
    with zipfile.ZipFile(tmp_path / "old.xlsx") as package:  # every part is XML a strict reader accepts
        for part in package.namelist():
            if part.endswith(".xml"):
                ElementTree.fromstring(package.read(part))
    book = load_workbook(tmp_path / "old.xlsx")
    names = [row[2] for row in book["Summary"].iter_rows(min_row=2, max_row=4, values_only=True)]
    assert "Ashton\ufffd Care\ufffd \ufffd[31m\ufffd\ufffd Co-op" in names
    assert book["Setup"]["B1"].value == "Lot\ufffd1"
    rationales = [row[-1] for row in book["Moderation"].iter_rows(min_row=2, values_only=True)]
    assert "Agreed\ufffd.\n\tSecond line." in rationales
    after = book["Audit log"]["H2"].value
    assert after.startswith("x" * 1000) and after.endswith("audit trail]") and len(after) < 32_767
