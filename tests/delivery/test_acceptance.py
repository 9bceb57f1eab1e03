"""From a final evaluation to the delivery report, through the command line as an officer would: award, a return
template filled with openpyxl and imported, a rating, and the report, whose text holds the KPIs, their ratings and
the cumulative figures (docs/delivery.md)."""

from __future__ import annotations

import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from svtool.cli import main
from svtool.services import delivery
from svtool.services.evaluations import open_evaluation


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def fill(template: Path, out: Path, spend: object, figures: dict[str, object]) -> None:
    book = load_workbook(template)
    sheet = book["Return"]
    sheet["B7"] = spend
    for row in range(10, sheet.max_row + 1):
        kpi = sheet.cell(row, 1).value
        if kpi in figures:
            sheet.cell(row, 5).value = figures[kpi]
            sheet.cell(row, 6).value = f"Evidence for {kpi}"
    book.save(out)


def test_award_return_rating_report(final_file: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = str(final_file)
    code, out, _ = run(capsys, "delivery", "award", f, "--as", "E1", "--start", "2027-Q1")
    assert code == 0 and "Awarded" in out
    code, _, err = run(capsys, "delivery", "award", f, "--as", "E1", "--start", "2027-Q1")
    assert code == 1 and "already awarded, to Wigan Borough Care CIC" in err
    code, _, _ = run(
        capsys,
        "delivery",
        "add-kpi",
        f,
        "--as",
        "E1",
        "--title",
        "Local jobs",
        "--unit",
        "people",
        "--target",
        "40",
        "--role",
        "local-jobs",
        "--owner",
        "Contracts officer",
    )
    assert code == 0
    opened = open_evaluation(final_file)
    kpis = {k.id: k for k in delivery.awarded(delivery.load(opened)).kpis}
    opened.close()
    assert [(k.measure_id, k.unit, k.committed) for k in kpis.values()] == [
        ("EC-L2", "%", Decimal(80)),
        ("EC-W1", "%", Decimal(100)),
        (None, "people", Decimal(40)),
    ]
    assert kpis["K3"].profile == (Decimal(5),) * 8

    template = tmp_path / "q1.xlsx"
    assert run(capsys, "delivery", "template", f, "--period", "2027-Q1", str(template))[0] == 0
    filled = tmp_path / "q1-filled.xlsx"
    fill(template, filled, 400000, {"K1": 76, "K2": 100, "K3": 3})
    code, out, err = run(capsys, "delivery", "import", f, str(filled))
    assert (code, err) == (0, "") and "2027-Q1" in out
    template2 = tmp_path / "q2.xlsx"
    assert run(capsys, "delivery", "template", f, "--period", "2027-Q2", str(template2))[0] == 0
    fill(template2, tmp_path / "q2-filled.xlsx", "400,000", {"K1": 84, "K2": "100", "K3": 2})
    assert run(capsys, "delivery", "import", f, str(tmp_path / "q2-filled.xlsx"))[0] == 0

    code, out, _ = run(capsys, "delivery", "status", f)
    assert (
        "K1 Contract spend with suppliers based in the borough: delivered 80% against profile 80% (100%); green." in out
    )
    assert "K3 Local jobs: delivered 5 people against profile 10 people (50%); red." in out
    assert "Local spend: £640,000.00 (80%); LM3 2.12" in out
    assert "Needed: KPI K3 (Local jobs) is behind its profile after 2027-Q1" in out
    assert (
        run(
            capsys,
            "delivery",
            "shortfall",
            f,
            "--kpi",
            "K3",
            "--period",
            "2027-Q1",
            "--explanation",
            "Few local applicants.",
            "--action",
            "Use the jobs brokerage.",
        )[0]
        == 0
    )
    code, _, err = run(
        capsys,
        "delivery",
        "rate",
        f,
        "--as",
        "E1",
        "--kpi",
        "K3",
        "--year-to",
        "2027-Q2",
        "--rating",
        "Inadequate",
        "--reason",
        "Half the profile.",
    )
    assert code == 1 and "does not end a contract year" in err
    for kpi, rating in (("K1", "Good"), ("K2", "good"), ("K3", "Requires improvement")):
        assert (
            run(
                capsys,
                "delivery",
                "rate",
                f,
                "--as",
                "E1",
                "--kpi",
                kpi,
                "--year-to",
                "2027-Q4",
                "--rating",
                rating,
                "--reason",
                f"Reasons for {kpi}.",
            )[0]
            == 0
        )
    code, _, err = run(
        capsys,
        "delivery",
        "rate",
        f,
        "--as",
        "E2",
        "--kpi",
        "K1",
        "--year-to",
        "2027-Q4",
        "--rating",
        "Good",
        "--reason",
        "x",
    )
    assert code == 1 and "Only the panel's lead" in err
    code, out, _ = run(capsys, "delivery", "notice", f, "--year-to", "2027-Q4")
    assert "Period assessed: 2027-Q1 to 2027-Q4" in out and "Rating: Requires improvement" in out

    pdf, xlsx = tmp_path / "report.pdf", tmp_path / "report.xlsx"
    assert run(capsys, "delivery", "report", f, "--pdf", str(pdf), "--xlsx", str(xlsx))[0] == 0
    words = " ".join(
        subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout.split()
    )
    for expected in (
        "Contract spend with suppliers based in the borough",
        "Local jobs",
        "Requires improvement",
        "Good",
        "5 people 10 people 50% 12.5% RED",
        "£800,000.00",
        "Use the jobs brokerage.",
        "CONTRACT PERFORMANCE ASSESSMENT",
    ):
        assert expected in words, expected
    book = load_workbook(xlsx)
    assert [c.value for c in book["KPIs"][4]][:3] == ["K3", "Local jobs", "people"]
    assert book["KPIs"]["H4"].value == "=100*F4/G4"
    assert run(capsys, "verify", f)[0] == 0
