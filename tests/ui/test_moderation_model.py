"""The Moderation list's model, without a window: answers side by side, one row redrawn per change."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from svtool.domain.evaluation import Moderation, Score
from svtool.services.demo import FAR_APART
from svtool.services.evaluations import open_evaluation
from svtool.services.panel import submit
from svtool.ui.document import EvaluationDocument
from svtool.ui.moderation_model import DIVERGENT, SHOW_ALL, SHOW_DIVERGENT, SHOW_UNMODERATED, ModerationModel
from tests.ui.conftest import reopen


@pytest.fixture
def model(qapp, demo_file: Path) -> ModerationModel:  # type: ignore[no-untyped-def]
    document = EvaluationDocument(open_evaluation(demo_file, actor="Sam Patel"))
    document.stop()
    made = ModerationModel(document)
    document.changes.connect(made.refresh)
    made.refresh()
    return made


def test_every_answer_is_listed_with_the_evaluators_side_by_side(model: ModerationModel) -> None:
    # bidder, question, stage; three evaluators; spread, consensus, status
    assert model.rowCount() == 54 and model.columnCount() == 3 + 3 + 3
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in (0, 3, 6, 7)] == [
        "Bidder",
        "Sam Patel",
        "Spread",
        "Consensus",
    ]
    answer = model.answer(0)
    assert [model.index(0, c).data() for c in range(3)] == [answer.bidder, answer.question_id, answer.stage]
    scores = [s for s in answer.scores if s is not None]
    assert len(scores) == 3
    assert [model.index(0, 3 + i).data() for i in range(3)] == [format(s.value, "f") for s in scores]
    assert answer.moderation is not None and model.index(0, 7).data() == format(answer.moderation.value, "f")


def test_a_score_or_consensus_redraws_its_row_only(model: ModerationModel, demo_file: Path) -> None:
    target = next(r for r in range(model.rowCount()) if model.answer(r).moderation is None)  # far apart until agreed
    answer = model.answer(target)
    score = answer.scores[0]
    assert score is not None
    reopen(model.document, score.evaluator_id, score.stage_id)
    rows: list[int] = []
    model.dataChanged.connect(lambda a, b, *_: rows.extend({a.row(), b.row()}))
    model.modelReset.connect(lambda: rows.append(-1))
    low = Decimal(0) if score.value >= 2 else Decimal(5)
    assert model.document.record_score(replace(score, value=low, reason="Read again: the evidence is missing."))
    assert rows == [target]
    assert model.index(target, 3).data() == format(low, "f")
    assert model.index(target, 0).data(Qt.ItemDataRole.BackgroundRole).color() == DIVERGENT
    model.set_choice(SHOW_DIVERGENT)
    moderated = model.document.opened.moderations
    # the demo's far apart answers still to moderate (an agreed one is no longer flagged), and this one
    assert rows == [target, -1] and set(model.keys) == {answer.key, *(k for k in FAR_APART if k not in moderated)}
    assert model.document.act(lambda: submit(model.document.opened, score.evaluator_id, score.stage_id))
    model.set_choice(SHOW_ALL)  # (once agreed, the answer leaves the far-apart list)
    row = model.keys.index(answer.key)
    rows.clear()
    elsewhere = open_evaluation(demo_file, actor="Jo Robinson")  # a colleague agrees a consensus meanwhile
    elsewhere.moderate(Moderation(*answer.key, Decimal(3), "Panel agreed 3 after discussion."))
    assert model.document.poll().moderations
    assert rows == [row] and model.index(row, 7).data() == "3"
    assert model.index(row, 8).data() == "agreed"


def test_the_unmoderated_filter_follows_new_consensus_scores(model: ModerationModel) -> None:
    model.set_choice(SHOW_UNMODERATED)
    waiting = list(model.keys)
    assert len(waiting) == 9  # the Q2 interviews, and three written answers the evaluators disagree on
    assert model.document.moderate(Moderation(*waiting[0], Decimal(4), "Agreed after discussion."))
    assert model.keys == waiting[1:]
    reopen(model.document, "E1", waiting[1][2])
    assert model.document.record_score(Score("E1", *waiting[1][:2], waiting[1][2], Decimal(2), "Thin evidence."))
    assert model.keys == waiting[1:]
