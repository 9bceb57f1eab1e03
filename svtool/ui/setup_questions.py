"""The Setup page's questions table: its rows, and what an edit of one of its cells changes. Moved out of
ui/setup_page.py, which builds the page and saves each change through the document."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from PySide6.QtWidgets import QTableWidgetItem

from svtool.domain.evaluation import (
    CommitmentValueMethod,
    EnvelopeKind,
    Evaluation,
    LivingWageMethod,
    LocalSpendMethod,
    MeasureMethod,
    PriceMethod,
    QualityBasis,
    Question,
    ScaleMethod,
)
from svtool.services.errors import UserError
from svtool.services.splits import describe, read_split, split_text
from svtool.ui.figures_box import BASES
from svtool.ui.widgets import cell, check_cell, parse_amount, plain


def method_summary(evaluation: Evaluation, question: Question) -> str:
    """How a question is scored, in a few words, for the questions table."""
    method = question.method
    if isinstance(method, ScaleMethod):
        stages = ", ".join(s.name for s in evaluation.stages if s.id in evaluation.stages_of(question))
        return (
            f"Scored {evaluation.scale(method.scale_id).name} by the panel ({stages})"
            if method.scale_id in {s.id for s in evaluation.scales}
            else "Scored on a missing scale"
        )
    if isinstance(method, PriceMethod):
        return "Price formula"
    if isinstance(method, CommitmentValueMethod):
        return f"£ social value from {len(method.proxies)} measure(s)"
    if isinstance(method, LocalSpendMethod):
        return f"Local spend, full marks at {plain(method.target_percent)}%"
    if isinstance(method, LivingWageMethod):
        return f"Real Living Wage, full marks at {plain(method.target_percent)}%"
    if isinstance(method, MeasureMethod):
        return f"Committed {method.unit} for {method.measure_id}, {BASES[method.basis].lower()}"
    return ""


def question_rows(e: Evaluation) -> list[list[QTableWidgetItem]]:
    """One row for each question: id, envelope, title, weight, threshold, own split, relative, how scored."""
    return [
        [
            cell(q.id, editable=False),
            cell(
                e.envelope(q.envelope_id).name if q.envelope_id in {v.id for v in e.envelopes} else q.envelope_id,
                editable=False,
            ),
            cell(q.title),
            cell(plain(q.weight), right=True),
            cell(
                plain(q.method.min_score) if isinstance(q.method, ScaleMethod) else "",
                editable=isinstance(q.method, ScaleMethod),
                right=True,
                tip="The lowest acceptable combined score; below it the bidder is excluded",
            ),
            split_cell(e, q),
            check_cell(q.method.basis is QualityBasis.RELATIVE_TO_BEST, f"{q.id} relative to the best")
            if isinstance(q.method, ScaleMethod)
            else cell("", editable=False),
            cell(method_summary(e, q), editable=False),
        ]
        for q in e.questions
    ]


def split_cell(e: Evaluation, question: Question) -> QTableWidgetItem:
    """A question's own split, editable where it is scored in two or more stages; blank: the evaluation's."""
    stages = e.stages_of(question)
    if len(stages) < 2:
        return cell("", editable=False)
    names = {s.id: s.name for s in e.stages}
    return cell(
        split_text(e, question),
        right=True,
        tip=f"This question's own {' / '.join(names[s] for s in stages)} split in per cent, such as "
        "70/30; blank to use the evaluation's split",
    )


def edited_question(
    e: Evaluation, question: Question, column: int, text: str, checked: bool
) -> tuple[Question, str] | None:
    """The question as a cell edit changes it, with the words of the change; None if it does not change it.
    UserError says why an entry cannot be saved."""
    if column == 2:
        if not text:
            raise UserError("A question needs a title.")
        changed = dataclasses.replace(question, title=text)
        summary = f"retitle question {question.id}"
    elif column == 3:
        value = parse_amount(text)
        if value is None:
            raise UserError(f"The weight of {question.id} must be a number of points.")
        changed = dataclasses.replace(question, weight=value)
        summary = f"change the weight of {question.id} to {plain(value)}"
    elif column == 6:
        assert isinstance(question.method, ScaleMethod)
        changed = dataclasses.replace(
            question,
            method=dataclasses.replace(
                question.method, basis=QualityBasis.RELATIVE_TO_BEST if checked else QualityBasis.ABSOLUTE
            ),
        )
        summary = f"score {question.id} {'relative to the best' if checked else 'on the scale (absolute)'}"
    elif column == 4:
        assert isinstance(question.method, ScaleMethod)
        value = parse_amount(text)
        if value is None and text:
            raise UserError(f"The threshold for {question.id} must be a score on the scale, or blank.")
        changed = dataclasses.replace(question, method=dataclasses.replace(question.method, min_score=value))
        summary = f"set the threshold for {question.id} to {plain(value) or 'none'}"
    else:
        assert isinstance(question.method, ScaleMethod)
        split = read_split(e, question, text)  # UserError says why not
        if split == question.method.split:
            return None  # the same split, perhaps typed differently: nothing to save
        changed = dataclasses.replace(question, method=dataclasses.replace(question.method, split=split))
        summary = (
            f"give {question.id} its own split, {describe(e, split)}"
            if split is not None
            else f"clear {question.id}'s own split: it uses the evaluation's"
        )
    return changed, summary


def new_question(e: Evaluation, row: int) -> Question:
    """A new question on the scale (the evaluation has one), in the envelope of the question in `row`, or the
    quality envelope if no question is selected."""
    envelope = (
        e.questions[row].envelope_id
        if 0 <= row < len(e.questions)
        else next((v.id for v in e.envelopes if v.kind is EnvelopeKind.QUALITY), e.envelopes[0].id)
    )
    return Question(
        next_question_id(e, "S" if envelope == "sv" else "Q"),
        envelope,
        "New question",
        Decimal(1),
        ScaleMethod(e.scales[0].id),
    )


def next_question_id(evaluation: Evaluation, prefix: str) -> str:
    taken = {q.id for q in evaluation.questions}
    number = 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"
