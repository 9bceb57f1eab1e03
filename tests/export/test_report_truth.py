"""The cabinet report says what state the evaluation is in: DRAFT until final, INVALID for a setup that breaks the
rules, and what the panel has and has not done (docs/reports.md)."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest
from pypdf import PdfReader

from svtool.export.pdf import write_report
from svtool.export.report_data import ReportData, SignOff
from svtool.services.demo import create_demo
from svtool.services.reporting import ReportSettings, report_data
from tests.export.helpers import pdf_text


@pytest.fixture
def demo(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = create_demo(tmp_path / "demo.svt")
    yield opened
    opened.close()


def page_texts(path: Path) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in PdfReader(str(path)).pages]


def written(data: ReportData, path: Path) -> list[str]:
    write_report(data, path)
    return page_texts(path)


def test_a_draft_says_so_on_every_page_with_the_provisional_count(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = report_data(demo)
    assert not data.final and data.answers == (45, 54)
    pages = written(data, tmp_path / "draft.pdf")
    assert len(pages) > 5
    for number, text in enumerate(pages, 1):
        assert "DRAFT: not final. 9 of 54 answers are provisional (not yet moderated)." in text, number
    whole = " ".join(pages)
    assert "Recommendation: award" not in whole
    # What the panel has done, not what it was meant to do: the old report claimed every answer was agreed.
    assert "agreed a moderated score for each answer" not in whole
    assert (
        "The panel has agreed a moderated score for 45 of the 54 answers; the other 9 are provisional, standing "
        "at the mean of the evaluators' scores until the panel agrees them."
    ) in whole


def test_a_final_evaluation_recommends_and_carries_no_draft_marking(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = dataclasses.replace(report_data(demo), lifecycle_final=True)
    assert data.final
    whole = " ".join(written(data, tmp_path / "final.pdf"))
    assert "DRAFT" not in whole and "INVALID" not in whole
    assert "Recommendation: award the contract to Wigan Borough Care CIC." in whole
    assert "Wigan Borough Care CIC submitted the most advantageous tender, with 80.18 points out of 100" in whole


def test_an_invalid_setup_is_marked_on_every_page_with_its_problems_first(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    setup = demo.evaluation
    envelopes = tuple(dataclasses.replace(v, weight=Decimal(50)) if v.id == "quality" else v for v in setup.envelopes)
    demo.change_setup(dataclasses.replace(setup, envelopes=envelopes), "Quality weighted 50")
    data = dataclasses.replace(report_data(demo), lifecycle_final=True)  # even a finalised one: invalid wins
    assert data.invalid and not data.final
    pages = written(data, tmp_path / "invalid.pdf")
    for number, text in enumerate(pages, 1):
        assert "INVALID: the setup breaks 2 of the evaluation's rules (listed first)." in text, number
    problem = "envelope weights: add up to 110, not 100 (Price 40 + Quality 50 + Social value 20)."
    assert problem in pages[0]
    whole = " ".join(pages)
    assert whole.index(problem) < whole.index("Tender evaluation report: appendix to the cabinet report")
    assert whole.index(problem) < whole.index("1. Executive summary")
    assert "Recommendation: award" not in whole and "ranks first" not in whole
    assert "No recommendation: the evaluation's setup breaks its rules" in whole
    assert "Total 110.00" in whole  # each bidder's total is out of what the weights add up to, not a false 100


def test_the_summary_states_conflicts_and_sign_offs_and_the_report_has_a_sign_off_page(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = report_data(demo)
    whole = pdf_text_of(data, tmp_path / "a.pdf")
    assert (
        "Conflicts of interest: Chris Doyle, contracts officer declared an interest in National Homecare Group "
        "plc: Worked for National Homecare Group plc until 2019; no continuing interest. Mitigation: carries on."
        in whole
    )
    assert "Sign-offs: No sign-offs recorded yet." in whole and "8. Sign-off" in whole
    assert "Lead procurement officer" in whole and "Signature" in whole
    said = SignOff("Sam Patel", "Lead evaluator", "The scores are as the panel agreed them.", "2026-10-02")
    signed = dataclasses.replace(data, sign_offs=(said,))
    whole = pdf_text_of(signed, tmp_path / "b.pdf")
    assert "No sign-offs recorded yet" not in whole
    assert "Sam Patel (Lead evaluator), 2026-10-02: The scores are as the panel agreed them." in whole


def pdf_text_of(data: ReportData, path: Path) -> str:
    write_report(data, path)
    return pdf_text(path)


def test_every_page_carries_the_audit_head_and_version(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = report_data(demo)
    assert data.head_seq == demo.audit_trail()[-1].seq and data.head_hash == demo.audit_trail()[-1].hash
    for number, text in enumerate(written(data, tmp_path / "r.pdf"), 1):
        assert f"Taken from audit entry {data.head_seq}, hash {data.head_hash}. svtool {data.version}." in text, number


def test_the_report_gives_the_council_procedure_budget_and_moderation_record(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    logo = tmp_path / "logo.png"
    from PIL import Image

    Image.new("RGB", (300, 120), (31, 78, 121)).save(logo)
    settings = ReportSettings(council_name="Wigan Council", logo_path=logo, contract_term="3 years, with 2 more")
    data = dataclasses.replace(report_data(demo, settings), lifecycle_final=True)  # no watermark: one image
    path = tmp_path / "r.pdf"
    write_report(data, path)
    first = PdfReader(str(path)).pages[0]
    assert len(first.images) == 1
    whole = pdf_text(path)
    assert whole.startswith("Wigan Council") and "Wigan Council. Tender evaluation report" in whole
    assert "Contract term: 3 years, with 2 more." in whole
    assert "Contract value (the budget the evaluation was set up with): £4,800,000.00." in whole
    assert "Ranked first: Wigan Borough Care CIC £4,560,000.00 5.00% below" in whole
    assert "The evaluation file does not record the procurement procedure" in whole
    assert "The audit trail records 45 moderation entries" in whole and "Appendix D. Moderation record" in whole
    assert "Wigan Borough Care CIC, Q1, Written agreed 4" in whole


def test_a_logo_that_is_not_an_image_is_refused_in_plain_english(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from svtool.services.errors import UserError

    bad = tmp_path / "logo.png"
    bad.write_text("not a picture")
    with pytest.raises(UserError, match="cannot be read as an image"):
        report_data(demo, ReportSettings(logo_path=bad))


def test_a_finalised_evaluation_prints_as_final_with_its_current_sign_offs(tmp_path: Path) -> None:
    from svtool.cli import main
    from svtool.services.evaluations import open_evaluation
    from tests.test_cli_lifecycle import moderate_the_rest

    path = tmp_path / "final.svt"
    create_demo(path).close()
    moderate_the_rest(path)
    assert main(["sign", str(path), "--as", "E2"]) == 0
    opened = open_evaluation(path)
    assert not report_data(opened).final and report_data(opened).sign_offs[0].name.startswith("Jo Robinson")
    opened.close()
    for member in ("E1", "E2", "E3"):
        assert main(["sign", str(path), "--as", member]) == 0
    assert main(["finalise", str(path), "--as", "E1"]) == 0
    opened = open_evaluation(path)
    data = report_data(opened)
    assert data.final and [(s.name.split(",")[0], s.role) for s in data.sign_offs] == [
        ("Sam Patel", "lead"),
        ("Jo Robinson", "evaluator"),
        ("Chris Doyle", "evaluator"),
    ]
    whole = " ".join(written(data, tmp_path / "final.pdf"))
    assert "DRAFT" not in whole and "Recommendation: award the contract to" in whole
    assert "No sign-offs recorded yet" not in whole and "Chris Doyle" in whole
    opened.close()
