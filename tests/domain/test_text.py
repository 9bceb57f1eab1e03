"""Control characters are refused in every text field, naming the field (domain/text.py); multi-line fields keep
their line breaks and tabs."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import pytest

from svtool.domain.evaluation import Declaration, Evaluation, Evaluator, Mitigation, Moderation, Score
from svtool.domain.text import moderation_refusal, new_text_problems, refusal
from svtool.domain.validation import Severity, check_score, validate_setup
from tests.domain.builders import D, care_tender

BELL, ESCAPE, NEL = "\x07", "\x1b", "\x85"


def test_one_line_fields_refuse_line_breaks_and_tabs_and_every_control_character() -> None:
    assert refusal("its name", "Ashton Care") is None
    assert refusal("its name", "Ashton\nCare") == (
        "its name contains a line break at character 7, which cannot be saved: keep it on one line."
    )
    assert "a tab at character 1" in (refusal("its name", "\tAshton") or "")
    for char in ("\x00", BELL, ESCAPE, "\x7f", NEL, "\x9f"):
        message = refusal("The title", f"Lot 1{char}") or ""
        assert message.startswith(
            f"The title contains an invisible control character (U+{ord(char):04X}) at character 6"
        ), char


def test_multi_line_fields_keep_line_breaks_and_tabs_but_not_other_control_characters() -> None:
    assert refusal("The reason", "First point.\r\n\tSecond point.\nThird.", multiline=True) is None
    assert "U+001B" in (refusal("The reason", f"Good{ESCAPE}[31m", multiline=True) or "")
    assert "U+0085" in (refusal("The reason", f"Good{NEL}", multiline=True) or "")


def _declared(e: Evaluation) -> Evaluation:
    return replace(
        e,
        evaluators=(*e.evaluators, Evaluator("E9", "Sam Patel", stood_down="Left the council.")),
        declarations=(
            Declaration(
                "E9", "A", True, "My sister works there.", "2026-01-05", Mitigation.STAND_DOWN, "Close family."
            ),
        ),
    )


def _in_scale(e: Evaluation, text: str, descriptor: bool) -> Evaluation:
    scale = e.scales[0]
    point = scale.points[2]
    changed = replace(point, descriptor=text) if descriptor else replace(point, label=text)
    return replace(e, scales=(replace(scale, points=(*scale.points[:2], changed, *scale.points[3:])),))


FIELDS: dict[str, tuple[Callable[[Evaluation, str], Evaluation], str, str]] = {
    "title": (lambda e, t: replace(e, title=t), "the evaluation", "its title"),
    "reference": (lambda e, t: replace(e, reference=t), "the evaluation", "its reference"),
    "envelope name": (
        lambda e, t: replace(e, envelopes=(replace(e.envelopes[0], name=t), *e.envelopes[1:])),
        "envelope 'price'",
        "its name",
    ),
    "stage name": (
        lambda e, t: replace(e, stages=(replace(e.stages[0], name=t), *e.stages[1:])),
        "stage 'written'",
        "its name",
    ),
    "scale name": (lambda e, t: replace(e, scales=(replace(e.scales[0], name=t),)), "scale '0-5'", "its name"),
    "scale label": (lambda e, t: _in_scale(e, t, False), "scale '0-5'", "its label for 2"),
    "scale descriptor": (lambda e, t: _in_scale(e, t, True), "scale '0-5'", "its descriptor for 2"),
    "question title": (
        lambda e, t: replace(e, questions=(*e.questions[:1], replace(e.questions[1], title=t), *e.questions[2:])),
        "question Q1",
        "its title",
    ),
    "bidder name": (
        lambda e, t: replace(e, bidders=(replace(e.bidders[0], name=t), *e.bidders[1:])),
        "bidder 'A'",
        "its name",
    ),
    "exclusion reason": (
        lambda e, t: replace(e, bidders=(replace(e.bidders[0], excluded_reason=t), *e.bidders[1:])),
        "bidder 'A'",
        "its reason for exclusion",
    ),
    "evaluator name": (
        lambda e, t: replace(e, evaluators=(replace(e.evaluators[0], name=t), *e.evaluators[1:])),
        "panel member 'e1'",
        "its name",
    ),
    "standing down": (
        lambda e, t: replace(_declared(e), evaluators=(*e.evaluators, Evaluator("E9", "Sam Patel", stood_down=t))),
        "panel member 'E9'",
        "its reason for standing",
    ),
    "declaration": (
        lambda e, t: replace(_declared(e), declarations=(replace(_declared(e).declarations[0], statement=t),)),
        "E9's declaration about A",
        "its statement",
    ),
    "mitigation": (
        lambda e, t: replace(_declared(e), declarations=(replace(_declared(e).declarations[0], mitigation_reason=t),)),
        "E9's declaration about A",
        "its reason for the lead's decision",
    ),
}


@pytest.mark.parametrize("field", list(FIELDS))
def test_validate_setup_names_the_field_holding_a_control_character(field: str) -> None:
    change, where, subject = FIELDS[field]
    clean = change(care_tender(), "Plain words")
    assert not [i for i in validate_setup(clean) if "control character" in i.message]
    hostile = change(care_tender(), f"Plain{BELL} words")
    found = [i for i in validate_setup(hostile) if "control character" in i.message]
    assert len(found) == 1 and found[0].severity is Severity.ERROR
    assert found[0].where == where and found[0].message.startswith(f"{subject}"), found[0]
    assert "(U+0007) at character 6" in found[0].message
    assert new_text_problems(clean, hostile) == [f"{where}: {found[0].message}"]
    assert new_text_problems(hostile, hostile) == [], "an older file's own problem is listed, not refused again"


def test_a_score_reason_and_a_consensus_are_checked_word_by_word() -> None:
    e = care_tender()
    assert check_score(e, Score("E1", "A", "Q1", "written", D(3), "Good plan.\nClear staffing.")) is None
    assert (check_score(e, Score("E1", "A", "Q1", "written", D(3), f"Good{BELL} plan.")) or "").startswith(
        "The reason contains an invisible control character (U+0007)"
    )
    moderation = Moderation("A", "Q1", "written", D(3), "Agreed.\tClear plan.", "Well evidenced.")
    assert moderation_refusal(moderation) is None
    assert (moderation_refusal(replace(moderation, feedback=f"Well{ESCAPE}")) or "").startswith(
        "The feedback for the bidder contains"
    )
    assert (moderation_refusal(replace(moderation, rationale=f"{NEL}Agreed")) or "").startswith("The rationale")
