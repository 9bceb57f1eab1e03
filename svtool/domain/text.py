"""Text that people type or import, and the characters it may not hold (issue 12, "exports that cannot hurt").

Control characters (Unicode category Cc: C0 U+0000-U+001F, DEL U+007F and C1 U+0080-U+009F) are invisible on
screen and on paper, most of them cannot be stored in a workbook at all (XML 1.0 forbids them), and a pasted one
can make two names that look the same differ. So every text field is refused if it holds one, with a message that
names the field. Fields that may run to several lines (reasons, rationales, feedback, declarations, descriptors)
keep their line breaks (LF, and CR as Windows writes CR LF) and tabs; one-line fields (names, titles, ids,
labels) may not hold those either.

The services check scores, consensus scores and setup changes with these before saving (services/session.py,
services/batch.py); validate_setup lists any an older file holds; the definition reader reports them located.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from svtool.domain.evaluation import (
    CommitmentValueMethod,
    Evaluation,
    LivingWageMethod,
    LocalSpendMethod,
    Moderation,
    ScaleMethod,
)

_ONE_LINE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_LINES = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # tab (09), LF (0A) and CR (0D) allowed


def control_character(text: str, multiline: bool = False) -> re.Match[str] | None:
    """The first character the field may not hold, or None."""
    return (_LINES if multiline else _ONE_LINE).search(text)


def visible(text: str) -> str:
    """Text with each control character shown as '?', for quoting it in a message."""
    return _ONE_LINE.sub("?", text)


def flaw(text: str | None, multiline: bool = False) -> tuple[str, int, str] | None:
    """What is wrong with the text, where (counting characters from 1) and what to do; None if nothing."""
    found = control_character(text or "", multiline)
    if found is None:
        return None
    char = found.group()
    if char in "\r\n":
        return "a line break", found.start() + 1, "keep it on one line"
    if char == "\t":
        return "a tab", found.start() + 1, "keep it on one line, without tabs"
    return (
        f"an invisible control character (U+{ord(char):04X})",
        found.start() + 1,
        "type it again, or paste it as plain text",
    )


def refusal(subject: str, text: str | None, multiline: bool = False) -> str | None:
    """Why `text` cannot be saved as `subject` ('The reason', 'its name'), or None if it can."""
    found = flaw(text, multiline)
    if found is None:
        return None
    what, position, fix = found
    return f"{subject} contains {what} at character {position}, which cannot be saved: {fix}."


def _setup_fields(e: Evaluation) -> Iterator[tuple[str, str, str | None, bool]]:
    """Every text field of a setup: (where, which field, text, may it run to several lines)."""
    yield "the evaluation", "title", e.title, False
    yield "the evaluation", "reference", e.reference, False
    yield "the evaluation", "framework", e.framework_id, False
    for group in e.exclusive_measures:
        for measure in sorted(group):
            yield "exclusive measures", "measure id", measure, False
    for envelope in e.envelopes:
        where = f"envelope '{visible(envelope.id)}'"
        yield where, "id", envelope.id, False
        yield where, "name", envelope.name, False
    for stage in e.stages:
        yield f"stage '{visible(stage.id)}'", "id", stage.id, False
        yield f"stage '{visible(stage.id)}'", "name", stage.name, False
    for scale in e.scales:
        where = f"scale '{visible(scale.id)}'"
        yield where, "id", scale.id, False
        yield where, "name", scale.name, False
        for point in scale.points:
            yield where, f"label for {point.value}", point.label, False
            yield where, f"descriptor for {point.value}", point.descriptor, True
    for question in e.questions:
        where = f"question {visible(question.id)}"
        yield where, "id", question.id, False
        yield where, "title", question.title, False
        yield where, "measure", question.measure_id, False
        method = question.method
        if isinstance(method, ScaleMethod):
            yield where, "scale", method.scale_id, False
            for stage_id in method.stages:
                yield where, "stage", stage_id, False
        elif isinstance(method, CommitmentValueMethod):
            for measure in method.proxies:
                yield where, "measure", measure, False
        elif isinstance(method, LocalSpendMethod | LivingWageMethod):
            yield where, "measure", method.measure_id, False
            if isinstance(method, LivingWageMethod):
                yield where, "accreditation measure", method.accredited_measure_id, False
                yield where, "hourly rate measure", method.hourly_rate_measure_id, False
    for bidder in e.bidders:
        where = f"bidder '{visible(bidder.id)}'"
        yield where, "id", bidder.id, False
        yield where, "name", bidder.name, False
        yield where, "reason for exclusion", bidder.excluded_reason, True
    for member in e.evaluators:
        where = f"panel member '{visible(member.id)}'"
        yield where, "id", member.id, False
        yield where, "name", member.name, False
        yield where, "reason for standing down", member.stood_down, True
        for question_id in member.questions:
            yield where, "question", question_id, False
    for declaration in e.declarations:
        where = f"{visible(declaration.evaluator_id)}'s declaration about {visible(declaration.bidder_id)}"
        yield where, "statement", declaration.statement, True
        yield where, "date", declaration.declared_on, False
        yield where, "reason for the lead's decision", declaration.mitigation_reason, True
    for submission in e.submissions:
        yield f"{visible(submission.evaluator_id)}'s submission", "time", submission.submitted_at, False


def setup_text_problems(evaluation: Evaluation) -> list[tuple[str, str]]:
    """(where, what) for every text field of the setup that holds a character it may not."""
    problems = []
    for where, field, text, multiline in _setup_fields(evaluation):
        message = refusal(f"its {field}", text, multiline)
        if message is not None:
            problems.append((where, message))
    return problems


def new_text_problems(before: Evaluation, after: Evaluation) -> list[str]:
    """The problems a setup change brings in (an older file's own are listed by validate_setup, not refused)."""
    known = set(setup_text_problems(before))
    return [f"{where}: {message}" for where, message in setup_text_problems(after) if (where, message) not in known]


def moderation_refusal(moderation: Moderation) -> str | None:
    """Why a consensus score's words cannot be saved, or None."""
    return (
        refusal("The rationale", moderation.rationale, multiline=True)
        or refusal("The feedback for the bidder", moderation.feedback, multiline=True)
        or refusal("The reason for agreeing without every evaluator's score", moderation.without, multiline=True)
    )
