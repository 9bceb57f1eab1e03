"""Reasons that defend a score (issue 11): short, reused and restating reasons are warned of, never refused."""

from __future__ import annotations

import random
import re
import string
import unicodedata

from svtool.domain.evaluation import Bidder, Moderation, Score
from svtool.domain.reasons import (
    ReasonProblem,
    ReasonWarning,
    rationale_warnings,
    reason_counts,
    reason_warnings,
    words,
)
from tests.domain.builders import D, care_tender

SHORT, REUSED, RESTATES = ReasonProblem.SHORT, ReasonProblem.REUSED, ReasonProblem.RESTATES
EVIDENCE = "Retention figures for three years are given, with a named lead for mobilisation in Wigan."


def given(bidder: str, question: str, value: int, reason: str, evaluator: str = "e1", stage: str = "written") -> Score:
    return Score(evaluator, bidder, question, stage, D(value), reason)


def warned(*scores: Score, min_words: int = 10) -> list[tuple[ReasonProblem, str, str, str]]:
    return [
        (w.problem, w.evaluator_id, w.bidder_id, w.message) for w in reason_warnings(care_tender(), scores, min_words)
    ]


def test_a_good_reason_gives_no_warning() -> None:
    assert warned(given("A", "Q1", 4, EVIDENCE)) == []
    assert reason_counts([]) == {SHORT: 0, REUSED: 0, RESTATES: 0}


def test_a_short_reason_is_counted_in_words() -> None:
    assert warned(given("A", "Q1", 4, "Clear plan for staff.")) == [
        (SHORT, "e1", "A", "Reason is 4 words; at least 10 words are expected.")
    ]
    assert warned(given("A", "Q1", 4, "Clear plan for staff."), min_words=4) == []
    assert warned(given("A", "Q1", 4, "Clear."), min_words=2) == [
        (SHORT, "e1", "A", "Reason is 1 word; at least 2 words are expected.")
    ]


def test_an_empty_reason_is_short() -> None:
    expected = (SHORT, "e1", "A", "Reason is empty; at least 10 words are expected.")
    assert warned(given("A", "Q1", 4, "")) == [expected]
    assert warned(given("A", "Q1", 4, "  ... -- !  ")) == [expected]


def test_the_same_reason_for_two_bidders_flags_both_naming_the_other() -> None:
    scores = (given("A", "Q1", 4, EVIDENCE), given("C", "Q2", 4, EVIDENCE, evaluator="e2"))
    assert warned(*scores) == [
        (REUSED, "e1", "A", "Same reason word for word as for Leigh Homecare Ltd (Q2)."),
        (REUSED, "e2", "C", "Same reason word for word as for Ashton Care Co-operative (Q1)."),
    ]
    assert reason_counts(reason_warnings(care_tender(), scores)) == {SHORT: 0, REUSED: 2, RESTATES: 0}


def test_reasons_differing_only_in_case_spacing_and_punctuation_are_reused() -> None:
    scores = (given("A", "Q1", 4, EVIDENCE), given("B", "Q1", 4, "  " + EVIDENCE.upper().replace(",", ";  ")))
    assert [(w[0], w[2]) for w in warned(*scores)] == [(REUSED, "A"), (REUSED, "B")]
    assert warned(given("A", "Q1", 4, EVIDENCE), given("B", "Q1", 4, EVIDENCE + " Also Leigh.")) == []


def test_the_same_reason_for_one_bidder_is_not_reuse() -> None:
    assert (
        warned(
            given("A", "Q1", 4, EVIDENCE),
            given("A", "Q1", 4, EVIDENCE, stage="interview"),
            given("A", "Q2", 4, EVIDENCE, evaluator="e2"),
        )
        == []
    )


def test_reuse_across_many_bidders_names_three_and_counts_the_rest() -> None:
    bidders = tuple(Bidder(f"B{i}", f"Bidder {i}") for i in range(6))
    evaluation = care_tender(bidders=bidders)
    scores = [given(f"B{i}", q, 4, EVIDENCE) for i in range(6) for q in ("Q1", "Q2", "S3", "Q9")]
    found = reason_warnings(evaluation, scores)
    assert len(found) == 24 and {w.problem for w in found} == {REUSED}
    assert found[0].message == (
        "Same reason word for word as for Bidder 1 (Q1, Q2, S3 and 1 more), "
        "Bidder 2 (Q1, Q2, S3 and 1 more), Bidder 3 (Q1, Q2, S3 and 1 more) and 2 more."
    )


def test_a_reason_copying_the_descriptor_restates_it() -> None:
    # ZERO_TO_FIVE 5 is "Excellent": "Exceeds it, with clear evidence."
    assert warned(given("A", "Q1", 5, "Exceeds it, with clear evidence."), min_words=0) == [
        (RESTATES, "e1", "A", "Reason restates the scale descriptor for 5 (Excellent).")
    ]
    # Filler and the label count as restating too: every word left is the descriptor's.
    assert warned(
        given("A", "Q1", 5, "Excellent. The bidder's answer exceeds it, with clear evidence."), min_words=0
    ) == [(RESTATES, "e1", "A", "Reason restates the scale descriptor for 5 (Excellent).")]


def test_a_reason_copying_the_question_title_restates_it() -> None:
    assert warned(given("A", "Q2", 4, "Workforce."), min_words=0) == [
        (RESTATES, "e1", "A", "Reason restates the question title (Workforce).")
    ]
    assert warned(given("A", "Q1", 3, "Meets the requirement for quality of care."), min_words=0) == [
        (
            RESTATES,
            "e1",
            "A",
            "Reason restates the scale descriptor for 3 (Satisfactory) and the question title (Quality of care).",
        )
    ]


def test_a_reason_quoting_the_descriptor_with_its_own_evidence_is_not_flagged() -> None:
    assert warned(given("A", "Q1", 5, "Exceeds it, with clear evidence: " + EVIDENCE)) == []
    assert warned(given("A", "Q1", 3, "Does not quite meet the requirement; no staffing plan."), min_words=0) == []


def test_moderation_rationales_get_the_same_checks_without_an_evaluator() -> None:
    evaluation = care_tender()
    moderations = (
        Moderation("A", "Q1", "written", D(3), "Meets the requirement."),
        Moderation("B", "Q1", "written", D(4), EVIDENCE),
        Moderation("C", "Q1", "written", D(4), EVIDENCE),
    )
    assert rationale_warnings(evaluation, moderations) == [
        ReasonWarning(SHORT, "", "A", "Q1", "written", "Rationale is 3 words; at least 10 words are expected."),
        ReasonWarning(
            RESTATES, "", "A", "Q1", "written", "Rationale restates the scale descriptor for 3 (Satisfactory)."
        ),
        ReasonWarning(REUSED, "", "B", "Q1", "written", "Same rationale word for word as for Leigh Homecare Ltd (Q1)."),
        ReasonWarning(REUSED, "", "C", "Q1", "written", "Same rationale word for word as for National Care plc (Q1)."),
    ]


def test_words_ignore_case_spacing_apostrophes_and_punctuation() -> None:
    assert words("The Bidder's plan,\tit’s   GOOD! (n_b)") == ("the", "bidders", "plan", "its", "good", "n", "b")
    assert words("Ｃafe\u0301 ﬁne — ÉTÉ") == ("café", "fine", "été")  # NFKC: width, ligature, accent


def reference_words(text: str) -> tuple[str, ...]:
    """words() without its ASCII fast path."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("'", "").replace("’", "")
    return tuple(re.findall(r"[^\W_]+", folded))


def test_fuzzed_reasons_never_raise_and_only_name_scores_given() -> None:
    rng = random.Random(20260611)
    alphabet = string.printable + "abcXYZ éßİ\u0301\u2019'.,;:!?-_\t\n 0123456789 日本語 مرحبا 😀 \u00a0\ufb01"
    texts = ["Meets the requirement.", "Exceeds it, with clear evidence.", "Workforce", EVIDENCE, ""]
    evaluation = care_tender()
    for _ in range(500):
        pool = texts + ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3)]
        scores = [
            Score(
                rng.choice(("e1", "e2")),
                rng.choice("ABC"),
                rng.choice(("Q1", "Q2", "S3", "P1", "X")),
                rng.choice(("written", "interview")),
                D(rng.randint(0, 10)) / 2,
                rng.choice(pool),
            )
            for _ in range(rng.randint(0, 8))
        ]
        assert all(words(t) == reference_words(t) for t in pool)
        min_words = rng.randint(0, 12)
        found = reason_warnings(evaluation, scores, min_words)
        cells: dict[tuple[str, str, str, str], list[str]] = {}
        for s in scores:
            cells.setdefault((s.evaluator_id, s.bidder_id, s.question_id, s.stage_id), []).append(s.reason)
        for w in found:
            reasons = cells[w.evaluator_id, w.bidder_id, w.question_id, w.stage_id]  # a score that was given
            if w.problem is SHORT:
                assert any(len(words(r)) < min_words for r in reasons)
            if w.problem is REUSED:
                assert any(s.bidder_id != w.bidder_id and words(s.reason) in map(words, reasons) for s in scores)
        assert sum(reason_counts(found).values()) == len(found)
