"""The Checks list's lines on reasons (issue 11): counts of short, reused and restating reasons and consensus
rationales, each naming its first cases, as the Setup page, `svtool results` and the PDF report show them."""

from __future__ import annotations

from dataclasses import replace

from svtool.domain.reason_checks import reason_checks, reason_inputs
from svtool.domain.reasons import ReasonProblem
from svtool.services.analysis import check_reasons
from tests.domain.builders import D, care_tender, weak_reasons

SHORT, REUSED, RESTATES = ReasonProblem.SHORT, ReasonProblem.REUSED, ReasonProblem.RESTATES


def test_each_kind_of_weak_reason_is_counted_in_one_line() -> None:
    checks = check_reasons(weak_reasons())
    assert [(c.problem, c.consensus, c.count) for c in checks] == [
        (SHORT, False, 4),
        (REUSED, False, 3),
        (RESTATES, False, 2),
        (SHORT, True, 1),
        (REUSED, True, 2),
        (RESTATES, True, 1),
    ]
    assert [c.text for c in checks] == [
        "4 reasons are shorter than 10 words.",
        "3 reasons are reused word for word across bidders.",
        "2 reasons restate the scale descriptor or the question.",
        "1 consensus rationale is shorter than 10 words.",
        "2 consensus rationales are reused word for word across bidders.",
        "1 consensus rationale restates the scale descriptor or the question.",
    ]


def test_a_line_names_its_first_cases_and_counts_the_rest() -> None:
    short = reason_checks(weak_reasons(), listed=2)[0]
    assert short.details == (
        "Evaluator 1 – Ashton Care Co-operative – Q1 (Written): Reason is 4 words; at least 10 words are expected.\n"
        "Evaluator 1 – National Care plc – Q1 (Written): Reason is 2 words; at least 10 words are expected.\n"
        "…and 2 more."
    )
    restates = reason_checks(weak_reasons())[-1]
    assert restates.details == (
        "Consensus – Ashton Care Co-operative – Q1 (Written): Rationale restates the scale "
        "descriptor for 3 (Satisfactory)."
    )


def test_the_word_minimum_is_in_the_line_and_sound_reasons_give_no_lines() -> None:
    assert [c.text for c in reason_checks(weak_reasons(), min_words=2) if c.problem is SHORT] == [
        "1 reason is shorter than 2 words."
    ]
    assert [c.text for c in reason_checks(weak_reasons(), min_words=1) if c.problem is SHORT] == []
    assert reason_checks(care_tender(moderations=())) == ()


def test_the_evaluation_sets_its_own_word_minimum() -> None:
    e = weak_reasons()
    assert [
        c.text for c in check_reasons(replace(e, panel=replace(e.panel, reason_min_words=3))) if c.problem is SHORT
    ] == ["2 reasons are shorter than 3 words."]


def test_only_setup_changes_the_checks_read_change_their_inputs() -> None:
    e = weak_reasons()
    assert reason_inputs(
        replace(e, contract_value=D(1), questions=tuple(replace(q, weight=q.weight + 1) for q in e.questions))
    ) == reason_inputs(e)
    scale = e.scales[0]
    reworded = replace(scale, points=(replace(scale.points[0], descriptor="No answer."), *scale.points[1:]))
    for changed in (
        replace(e, questions=(replace(e.questions[1], title="Care"), *e.questions[2:])),
        replace(e, scales=(reworded,)),
        replace(e, bidders=(replace(e.bidders[0], name="Ashton"),)),
        replace(e, stages=e.stages[:1]),
        replace(e, panel=replace(e.panel, reason_min_words=4)),
    ):
        assert reason_inputs(changed) != reason_inputs(e)
