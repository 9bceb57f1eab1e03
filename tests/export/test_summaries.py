"""Assessment summaries to Procurement Regulations 2024 r.31: what each bidder is told, and what it never is
(docs/reports.md)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from fractions import Fraction
from pathlib import Path

import pytest

from svtool.domain.numbers import money, show
from svtool.domain.results import BidderResult
from svtool.export.report_data import ReportData, Standstill
from svtool.export.summaries import WINDOWS_RESERVED, summary_file_names, write_summaries
from svtool.services.demo import EVIDENCE, create_demo
from svtool.services.reporting import ReportSettings, report_data
from tests.export.helpers import pdf_text


@pytest.fixture
def demo(tmp_path: Path):  # type: ignore[no-untyped-def]
    opened = create_demo(tmp_path / "demo.svt")
    yield opened
    opened.close()


def summaries(data: ReportData, folder: Path) -> dict[str, str]:
    """Every summary's text, by bidder id."""
    paths = write_summaries(data, folder)
    assert len(paths) == len(data.results.bidders)
    names = summary_file_names(data.results.bidders)
    return {b.bidder_id: pdf_text(folder / names[b.bidder_id]) for b in data.results.bidders}


def figures(bidder: BidderResult) -> set[str]:
    """A tender's points as a summary would print them: its total, subtotals and points per criterion."""
    values: list[Fraction] = [bidder.total, *bidder.envelope_totals.values()]
    values += [q.contribution for q in bidder.questions.values() if q.contribution is not None]
    return {show(v) for v in values}


def printed(figure: str, text: str) -> bool:
    """The figure as a number of its own in the text, not as the tail of another (2.00 in 12.00)."""
    return re.search(rf"(?<![\d.,]){re.escape(figure)}(?![\d])", text) is not None


def test_no_loser_learns_of_another_loser_and_no_one_sees_internal_notes(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    data = report_data(demo)
    texts = summaries(data, tmp_path / "summaries")
    winner = data.results.winner
    assert winner is not None
    losers = [b for b in data.results.bidders if b.bidder_id != winner.bidder_id]
    weights = {show(q.weight) for q in data.evaluation.questions} | {show(v.weight) for v in data.evaluation.envelopes}
    for bidder in losers:
        text = texts[bidder.bidder_id]
        assert f"Assessment summary: {bidder.name}" in text and show(bidder.total) in text
        assert winner.name in text and show(winner.total) in text  # the successful tender's scores (r.31(3))
        allowed = figures(bidder) | figures(winner) | weights | {"100.00"}
        for other in losers:
            if other is bidder:
                continue
            assert other.name not in text, (bidder.name, other.name)
            assert other.price is not None
            assert money(other.price) not in text and show(other.price) not in text, (bidder.name, other.name)
            leaked = {f for f in figures(other) - allowed if printed(f, text)}
            assert not leaked, (bidder.name, other.name, leaked)
    # Not even the lowest price, which only the winner's and the bidder's own shares imply.
    lowest = min(b.price for b in data.results.ranked if b.price is not None)
    assert all(money(lowest) not in texts[b.bidder_id] for b in losers if b.price != lowest)
    internal = {s.reason for s in data.evaluation.scores} | {m.rationale for m in data.evaluation.moderations}
    evidence = {said for answers in EVIDENCE.values() for stages in answers.values() for said in stages}
    people = {m.name for m in data.evaluation.evaluators} | {m.name.split(",")[0] for m in data.evaluation.evaluators}
    assert len(internal) > 100 and len(evidence) > 50 and len(people) == 6  # the demo has plenty to leak
    for bidder_id, text in texts.items():
        assert not [note for note in internal if note in text], bidder_id
        assert not [said for said in evidence if said in text], bidder_id
        assert not [person for person in people if person in text], bidder_id
    # What the bidder is told instead: the panel's feedback, and that unmoderated answers are provisional.
    ashton = texts["ACC"]
    assert "Scored 3 of 5. Plans are agreed with the person and family and reviewed" in ashton
    assert "Provisional: the panel has not yet agreed this score or its feedback." in ashton


def test_a_summary_gives_the_supplier_criteria_stages_subtotals_and_standstill(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    settings = ReportSettings(
        council_name="Wigan Council",
        criteria_published="the invitation to tender, part B",
        notice_date=dt.date(2026, 12, 22),
    )
    text = summaries(report_data(demo, settings), tmp_path / "s")["ACC"]
    assert text.startswith("Wigan Council Assessment summary: Ashton Care Co-operative")
    assert "Address: 12 Gerard Street, Ashton-in-Makerfield, WN4 9AB" in text
    assert "Unique identifier: IP031842" in text and "Email: not recorded" in text
    assert "set out in full in the invitation to tender, part B" in text
    assert "Price: the lowest compliant price earns full marks" in text
    assert "5 Excellent Exceeds the requirement" in text
    assert "full marks at 60% or more, in proportion below it" in text  # a target
    assert "Written: 3 (Satisfactory); Interview: 5 (Excellent); combined 4 of 5" in text  # per stage
    assert "Quality subtotal 40.00 31.00" in text and "Total 100.00 77.96" in text
    assert "Your tender: £4,650,000.00." in text  # its own price, never the one it is compared with
    assert (
        "For a notice published on 22 December 2026 (the day the contract award notice is to be published), it "
        "ends at the end of 5 January 2027."
    ) in text
    assert "DRAFT: not final." in text and "This summary is not to be sent until the evaluation is final." in text


def test_feedback_that_names_its_stage_is_not_labelled_twice(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    agreed = next(
        m
        for m in demo.stored_evaluation().moderations
        if (m.bidder_id, m.question_id, m.stage_id) == ("ACC", "Q1", "interview")
    )
    demo.moderate(dataclasses.replace(agreed, feedback="Interview: a clear account of reablement, with outcomes."))
    text = summaries(report_data(demo), tmp_path / "s")["ACC"]
    assert "Interview: a clear account of reablement, with outcomes." in text
    assert "Interview: Interview:" not in text


def test_light_touch_contracts_say_the_mandatory_standstill_does_not_apply(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = summaries(report_data(demo, ReportSettings(standstill=Standstill.NONE)), tmp_path / "s")["NHG"]
    assert (
        "This is a light touch contract: the mandatory standstill period (Procurement Act 2023 s.51) does not "
        "apply, and no voluntary standstill period has been set."
    ) in text


def test_an_excluded_bidder_is_told_why_in_place_of_scores(demo, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    setup = demo.evaluation
    reason = "The financial standing check found accounts overdue at Companies House."
    bidders = tuple(dataclasses.replace(b, excluded_reason=reason) if b.id == "PSS" else b for b in setup.bidders)
    demo.change_setup(dataclasses.replace(setup, bidders=bidders), "Pennine excluded")
    data = report_data(demo)
    text = summaries(data, tmp_path / "s")["PSS"]
    assert "Your tender was excluded from the evaluation, so it has no scores. The reason: " + reason in text
    assert "Excluded by the officer" not in text and "not evaluated further" not in text
    assert "How your tender was assessed" not in text
    pennine, winner = data.results.bidder("PSS"), data.results.winner
    assert winner is not None
    own = {show(q.contribution) for q in pennine.questions.values() if q.contribution} - figures(winner)
    assert not [f for f in own if printed(f, text)]  # none of its own scores either
    assert "How the successful tender was assessed: Wigan Borough Care CIC" in text


def test_summary_file_names_are_unique_on_every_system(tmp_path: Path) -> None:
    from svtool.domain.evaluation import Bid, Bidder
    from svtool.services.demo import demo_evaluation
    from svtool.services.evaluations import create_evaluation

    odd = [("X", "A&B Care Ltd"), ("x", "A B Care Ltd"), ("ab", "a b care ltd"), ("CON", "CON"), ("nul", "Nul.")]
    evaluation = demo_evaluation()
    evaluation = dataclasses.replace(
        evaluation,
        bidders=evaluation.bidders + tuple(Bidder(i, n) for i, n in odd),
        bids=evaluation.bids + tuple(Bid(i, evaluation.bids[0].price) for i, _ in odd),
    )
    opened = create_evaluation(evaluation, tmp_path / "odd.svt")
    try:
        data = report_data(opened)
    finally:
        opened.close()
    names = summary_file_names(data.results.bidders)
    chosen = [names[i] for i, _ in odd]
    assert len({n.casefold() for n in names.values()}) == len(names)  # unique ignoring case (Windows, macOS)
    assert all(n.split(".")[0].casefold() not in WINDOWS_RESERVED for n in names.values())
    assert all(not set(n) & set('<>:"/\\|?*&') for n in names.values())
    assert "A-B-Care-Ltd" in chosen[0] and "A-B-Care-Ltd" in chosen[1] and chosen[0] != chosen[1]
    written = write_summaries(data, tmp_path / "summaries")
    assert sorted(p.name for p in written) == sorted(names.values())
    assert len(list((tmp_path / "summaries").iterdir())) == len(data.results.bidders)
