"""The Scoring grid's model, without a window: one evaluator's scores in one stage, one cell redrawn per score."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt

from svtool.domain.evaluation import Evaluation, Question
from svtool.services.evaluations import open_evaluation
from svtool.ui.document import EvaluationDocument
from svtool.ui.scoring_model import UNSCORED, ScoringModel
from tests.ui.conftest import reopen


@pytest.fixture
def model(qapp, demo_file: Path) -> ScoringModel:  # type: ignore[no-untyped-def]
    document = EvaluationDocument(open_evaluation(demo_file, actor="Sam Patel"))
    document.stop()
    made = ScoringModel(document)
    made.show("E1", "written")
    return made


def test_the_model_shows_one_evaluators_scores_in_one_stage(model: ScoringModel) -> None:
    assert model.rowCount() == 6 and model.columnCount() == 5
    first = model.score(0, 0)
    assert first is not None and model.index(0, 0).data() == format(first.value, "f")
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == first.reason
    assert model.scored() == 30
    model.show("E1", "interview")
    assert model.columnCount() == 4  # Q4 is scored on paper only


def test_a_score_redraws_its_cell_only(model: ScoringModel, demo_file: Path) -> None:
    reopen(model.document, "E1", "written")
    reopen(model.document, "E2", "written")
    changed: list[tuple[int, int]] = []

    def redrawn(first: QModelIndex, last: QModelIndex, *_: object) -> None:
        changed.extend([(first.row(), first.column()), (last.row(), last.column())])

    model.dataChanged.connect(redrawn)
    score = model.score(2, 1)
    assert score is not None
    assert model.document.record_score(replace(score, value=Decimal(1), reason="Reread."))
    assert changed == [(2, 1), (2, 1)]
    other = model.score(3, 1)
    assert other is not None
    assert model.document.record_score(replace(other, evaluator_id="E2", reason="E2 is not shown here."))
    assert changed == [(2, 1), (2, 1)]  # another evaluator's score: nothing to redraw
    elsewhere = open_evaluation(demo_file, actor="Jo Robinson")
    elsewhere.clear_score(*("E1", model.bidders[4].id, model.questions[0].id, "written"))
    assert model.document.poll().scores
    assert changed[-1] == (4, 0) and model.index(4, 0).data() == ""
    assert model.index(4, 0).data(Qt.ItemDataRole.BackgroundRole).color() == UNSCORED


def test_a_setup_edit_redraws_headers_not_cells(model: ScoringModel) -> None:
    """A new title redraws the column headers; a new weight redraws nothing; only a new question resets."""
    events: list[str] = []
    model.dataChanged.connect(lambda *_: events.append("cells"))
    model.headerDataChanged.connect(lambda orientation, *_: events.append(f"headers {orientation.name}"))
    model.modelReset.connect(lambda: events.append("reset"))
    document = model.document
    e = document.evaluation
    first = e.question("Q1")

    def with_q1(e: Evaluation, changed: Question | None) -> Evaluation:
        questions = (changed if q.id == "Q1" else q for q in e.questions)
        return replace(e, questions=tuple(q for q in questions if q is not None))

    assert document.change_setup(with_q1(e, replace(first, title="Outcomes for people")), "retitle Q1")
    assert events == ["headers Horizontal"]
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Q1\nOutcomes for\npeople"
    assert document.change_setup(with_q1(document.evaluation, replace(first, weight=first.weight + 1)), "reweight")
    assert events == ["headers Horizontal", "headers Horizontal"]  # the title went back with the old question
    assert document.change_setup(with_q1(document.evaluation, None), "remove Q1")
    assert events[2:] == ["reset"] and model.columnCount() == 4
