"""A bidder's working, opened from its row on the Results page: for each question the stage scores, the moderated
score, the formula and the points, in the words the report uses (domain/results.py QuestionResult.explain), and
each envelope's points against its maximum (docs/scoring-method.md)."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from svtool.domain.evaluation import Evaluation
from svtool.domain.numbers import show
from svtool.domain.results import Results
from svtool.ui.widgets import describe_buttons, described, plain


def to_moderate(results: Results) -> int:
    """Answers (bidder, scale question, stage) with no consensus yet: their points are provisional."""
    return sum(1 for b in results.bidders for q in b.questions.values() for s in q.stages if s.moderation is None)


def working_html(evaluation: Evaluation, results: Results, bidder_id: str) -> str:
    bidder = results.bidder(bidder_id)
    stage_names = {s.id: s.name for s in evaluation.stages}
    parts = [
        f"<h2>{escape(bidder.name)}</h2>",
        f"<p>Total <b>{show(bidder.total)}</b> points" + (f"; rank {bidder.rank}" if bidder.rank else "") + ".</p>",
    ]
    if bidder.excluded:
        parts.append("<p><b>Excluded:</b> " + escape("; ".join(bidder.exclusion_reasons)) + "</p>")
    for envelope in evaluation.envelopes:
        points = bidder.envelope_totals.get(envelope.id)
        parts.append(
            f"<h3>{escape(envelope.name)}: {show(points) if points is not None else '–'} / "
            f"{plain(envelope.weight)}</h3><ul>"
        )
        for question in (q for q in evaluation.questions if q.envelope_id == envelope.id):
            result = bidder.questions.get(question.id)
            if result is None:
                continue
            parts.append(
                f"<li><b>{escape(question.id)}: {escape(question.title)}</b> – "
                f"{show(result.contribution) if result.contribution is not None else '–'} of "
                f"{show(result.weight)} points<br>{escape(result.explain(stage_names))}</li>"
            )
        parts.append("</ul>")
    return "".join(parts)


class WorkingDialog(QDialog):
    def __init__(self, evaluation: Evaluation, results: Results, bidder_id: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"The working: {results.bidder(bidder_id).name}")
        self.text = QTextBrowser()
        self.text.setAccessibleName("How the bidder's points were worked out, question by question")
        described(
            self.text,
            "Read only: each question's stage scores, agreed score, formula and points, then each envelope's "
            "points out of its maximum. Arrow keys and Page Down scroll",
        )
        self.text.setHtml(working_html(evaluation, results, bidder_id))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        describe_buttons(buttons, "")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(640, 520)
