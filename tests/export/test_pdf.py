"""The PDF report and the assessment summaries: their text, their pages, and what they must not disclose."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from svtool.cli import main
from svtool.domain.numbers import show
from svtool.export.pdf import write_report
from svtool.export.report_data import ExportCancelled
from svtool.export.summaries import summary_file_names, write_summaries
from svtool.services.demo import create_demo
from svtool.services.reporting import ExportRequest, export, report_data
from tests.domain.builders import D
from tests.export.helpers import pdf_fonts, pdf_text, render_pages


@pytest.fixture
def demo(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = create_demo(tmp_path / "demo.svt")
    yield opened
    opened.close()


def test_the_report_states_the_ranking_totals_and_recommendation(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = report_data(demo)
    path = tmp_path / "report.pdf"
    write_report(data, path)
    text = pdf_text(path)
    assert "OFFICIAL-SENSITIVE: COMMERCIAL" in text
    # The demo is at moderation, so the report is a draft: it names the leader and recommends nothing.
    assert (
        "No recommendation yet: this is a draft. Wigan Borough Care CIC ranks first on the scores so far, with "
        "9 answers still provisional."
    ) in text
    assert "Recommendation: award" not in text and "It is recommended" not in text
    for bidder in data.results.bidders:
        assert f"{bidder.name}: rank {bidder.rank}, {show(bidder.total)} points" in text
        assert show(bidder.total) in text
    ranking = " ".join(
        f"{b.rank} {b.name} " + " ".join(show(v) for v in b.envelope_totals.values()) + f" {show(b.total)}"
        for b in data.results.bidders
    )
    assert ranking in text  # the results table, row by row in rank order
    assert "holds for written/interview splits from 36.69/63.31 to 70.62/29.38" in text
    # Three answers are far apart; the panel has agreed one (its flag ends there), two are still to moderate.
    assert (
        "On 2 answer(s) the evaluators' scores are far apart and the panel has not yet agreed a score: each is "
        "to be discussed at moderation."
    ) in text
    assert "£4,800,000.00" in text and "Real Living Wage" in text
    assert "Sam Patel, commissioning manager" in text and "Worked for National Homecare Group plc" in text
    pages = len(PdfReader(str(path)).pages)
    assert f"Page 1 of {pages}" in text and f"Page {pages} of {pages}" in text


def test_every_report_page_renders(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "report.pdf"
    write_report(report_data(demo), path)
    images = render_pages(path, tmp_path)
    assert len(images) == len(PdfReader(str(path)).pages) >= 5
    assert all(image.stat().st_size > 3000 for image in images)  # a blank page is tiny


def test_fonts_are_embedded_and_unusual_names_print(tmp_path: Path) -> None:
    from dataclasses import replace

    from svtool.services.demo import demo_evaluation
    from svtool.services.evaluations import create_evaluation

    evaluation = demo_evaluation()
    bidders = tuple(
        replace(b, name="Ysgol Gymraeg & Café <Łódź> Ltd") if b.id == "LHC" else b for b in evaluation.bidders
    )
    opened = create_evaluation(replace(evaluation, bidders=bidders), tmp_path / "odd.svt")
    path = tmp_path / "odd.pdf"
    write_report(report_data(opened), path)
    assert "Ysgol Gymraeg & Café <Łódź> Ltd" in pdf_text(path)
    fonts = pdf_fonts(path)
    assert any("DejaVuSans" in font for font in fonts)
    opened.close()


def test_the_report_counts_weak_reasons_for_the_decision_maker(tmp_path: Path) -> None:
    from svtool.services.evaluations import create_evaluation
    from tests.domain.builders import weak_reasons

    opened = create_evaluation(weak_reasons(), tmp_path / "reasons.svt")
    path = tmp_path / "reasons.pdf"
    write_report(report_data(opened), path)
    opened.close()
    assert (
        "The recorded reasons were checked; these may not defend their scores well if challenged: 4 reasons are "
        "shorter than 10 words. 3 reasons are reused word for word across bidders. 2 reasons restate the scale "
        "descriptor or the question. 1 consensus rationale is shorter than 10 words. 2 consensus rationales are "
        "reused word for word across bidders. 1 consensus rationale restates the scale descriptor or the "
        "question."
    ) in pdf_text(path)


def test_the_report_states_how_committed_figures_are_scored(tmp_path: Path) -> None:
    from dataclasses import replace

    from svtool.services.evaluations import create_evaluation
    from tests.export.test_excel import committed_figures

    evaluation = committed_figures()
    evaluation = replace(
        evaluation,
        bids=tuple(
            replace(b, commitments={**b.commitments, "VC1": D(120)}) if b.bidder_id == "C" else b
            for b in evaluation.bids
        ),
    )
    opened = create_evaluation(evaluation, tmp_path / "figures.svt")
    path = tmp_path / "figures.pdf"
    write_report(report_data(opened), path)
    opened.close()
    words = " ".join(pdf_text(path).split())
    for said in (
        "The figure committed to measure JOBS, in FTE: full marks at 2.00 FTE or more, in proportion below "
        "it. Posts given as hours a week for some weeks count as hours × weeks ÷ (37.5 × 52) FTE.",
        "The figure committed to measure VC1, in %: the highest commitment among compliant tenders earns "
        "full marks, others in proportion.",
        "The figure committed to measure CO2, in tCO2e: full marks at 50.00 tCO2e or more, none below.",
        "Leigh Homecare Ltd commits 120.00% to VC1: a percentage cannot be above 100%.",
    ):
        assert said in words, said


def test_assessment_summaries_disclose_no_other_bidder(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = report_data(demo)
    paths = write_summaries(data, tmp_path / "summaries")
    assert len(paths) == 6
    winner = data.results.winner
    assert winner is not None
    names = summary_file_names(data.results.bidders)
    for bidder in data.results.bidders:
        text = pdf_text(tmp_path / "summaries" / names[bidder.bidder_id])
        assert f"Assessment summary: {bidder.name}" in text and show(bidder.total) in text
        others = [b for b in data.results.bidders if b.bidder_id not in (bidder.bidder_id, winner.bidder_id)]
        for other in others:
            assert other.name not in text, (bidder.name, other.name)
            if other.price is not None:
                assert show(other.price) not in text  # no other tender's price, not even as the lowest
        if bidder.bidder_id != winner.bidder_id:
            assert winner.name in text and show(winner.total) in text
        for image in render_pages(tmp_path / "summaries" / names[bidder.bidder_id], tmp_path / bidder.bidder_id):
            assert image.stat().st_size > 3000


def test_export_from_the_command_line(demo, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    location = demo.location
    demo.close()
    assert (
        main(
            [
                "export",
                location,
                "--xlsx",
                str(tmp_path / "e.xlsx"),
                "--pdf",
                str(tmp_path / "e.pdf"),
                "--summaries",
                str(tmp_path / "s"),
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.count("Wrote ") == 8
    assert (tmp_path / "e.xlsx").exists() and (tmp_path / "e.pdf").exists()
    assert main(["export", location]) == 2


def test_a_cancelled_export_leaves_no_files(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    steps: list[str] = []

    def cancelled() -> bool:
        return len(steps) >= 2

    with pytest.raises(ExportCancelled):
        export(
            demo, ExportRequest(tmp_path / "a.xlsx", tmp_path / "a.pdf"), lambda _p, what: steps.append(what), cancelled
        )
    assert (tmp_path / "a.xlsx").exists()  # finished before the cancel
    assert not (tmp_path / "a.pdf").exists()
    assert not list(tmp_path.glob("*.part"))


def test_the_command_line_takes_the_council_logo_and_standstill(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from PIL import Image

    Image.new("RGB", (200, 80), (200, 30, 30)).save(tmp_path / "logo.png")
    location = demo.location
    demo.close()
    assert (
        main(
            [
                "export",
                location,
                "--pdf",
                str(tmp_path / "e.pdf"),
                "--summaries",
                str(tmp_path / "s"),
                "--council",
                "Wigan Council",
                "--logo",
                str(tmp_path / "logo.png"),
                "--notice-date",
                "2026-04-01",
                "--standstill",
                "voluntary",
                "--published",
                "the tender pack",
                "--term",
                "3 years",
            ]
        )
        == 0
    )
    report = pdf_text(tmp_path / "e.pdf")
    assert report.startswith("Wigan Council") and "Contract term: 3 years." in report
    summary = pdf_text(next((tmp_path / "s").glob("*ACC*.pdf")))
    assert "set out in full in the tender pack" in summary
    assert "voluntary standstill period" in summary and "it ends at the end of 14 April 2026" in summary
    (tmp_path / "bad.png").write_text("no")
    assert main(["export", location, "--pdf", str(tmp_path / "f.pdf"), "--logo", str(tmp_path / "bad.png")]) == 1
    assert not (tmp_path / "f.pdf").exists()
