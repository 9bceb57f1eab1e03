"""From an unscored evaluation to a moderated recommendation, entirely through the window: two evaluators score
every answer in the written and interview stages, the panel moderates where they are far apart, and the Results
page names the winner. The same scores given straight to the engine must rank the same way."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from svtool.domain.engine import evaluate
from svtool.domain.evaluation import Moderation, Score
from svtool.services.demo import demo_evaluation
from svtool.services.evaluations import create_evaluation, open_evaluation
from svtool.ui.main_window import MainWindow
from svtool.ui.moderation_page import SHOW_DIVERGENT, ModerationPage
from svtool.ui.results_page import ResultsPage
from svtool.ui.scoring_page import ScoringPage
from tests.ui.conftest import work_as

pytestmark = pytest.mark.gui

# What each evaluator gives each bidder in each stage (written, interview): Jo marks the co-operative's interview
# two points lower than Sam, so the panel has something to moderate.
GIVEN = {
    "E1": {"ACC": (3, 5), "NHG": (5, 3), "LHC": (3, 3), "WSE": (4, 4), "PSS": (4, 3), "CUK": (3, 2)},
    "E2": {"ACC": (3, 3), "NHG": (4, 3), "LHC": (3, 2), "WSE": (4, 5), "PSS": (4, 3), "CUK": (2, 2)},
}


def test_score_moderate_and_see_the_winner(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    demo = demo_evaluation()
    unscored = dataclasses.replace(
        demo,
        evaluators=demo.evaluators[:2],
        scores=(),
        moderations=(),
        submissions=(),
        declarations=tuple(d for d in demo.declarations if d.evaluator_id != "E3"),
    )
    path = tmp_path / "lot1.svt"
    create_evaluation(unscored, path).close()
    window = MainWindow(open_evaluation(path))
    qtbot.addWidget(window)
    window.show()

    for evaluator in ("E1", "E2"):
        work_as(window, evaluator)  # blind: each scores in their own session, and submits
        scoring = window.page("Scoring")
        assert isinstance(scoring, ScoringPage)
        window.go_to("Scoring")
        for s_index, stage in enumerate(("written", "interview")):
            scoring.stage.setCurrentIndex(s_index)
            scoring.select(0, 0)
            cells = scoring.model.rowCount() * scoring.model.columnCount()
            for _ in range(cells):  # Save moves down the bidders, then across the questions
                bidder = unscored.bidders[scoring.current_cell()[0]]
                value = GIVEN[evaluator][bidder.id][s_index]
                scoring.value.setText(str(value))
                scoring.reason.setPlainText(f"{evaluator} gives {bidder.name} {value} in the {stage} stage.")
                assert scoring.save(), window.message.label.text()
            assert f"{cells} of {cells} answers scored" in scoring.progress.text()
            assert scoring.submit(), window.message.label.text()
    work_as(window, "E1")

    moderation = window.page("Moderation")
    assert isinstance(moderation, ModerationPage)
    window.go_to("Moderation")
    moderation.show_filter.setCurrentIndex(SHOW_DIVERGENT)
    far_apart = moderation.model.rowCount()
    assert far_apart == 4  # the co-operative's four interview answers: Sam 5, Jo 3
    for _ in range(far_apart):
        moderation.select(0)
        assert moderation.model.index(0, 0).data() == "Ashton Care Co-operative"
        moderation.consensus.setText("4")
        moderation.rationale.setPlainText("Panel agreed 4: strong on co-production, less specific on rotas.")
        assert moderation.save()
        moderation.show_filter.setCurrentIndex(SHOW_DIVERGENT)  # moderated rows stay listed: move on
        moderation.select(min(_ + 1, far_apart - 1))

    results = window.page("Results")
    assert isinstance(results, ResultsPage)
    window.go_to("Results")
    model = results.table.model()
    ranking = [model.index(r, 1).data() for r in range(model.rowCount())]
    assert ranking[0] == "Wigan Borough Care CIC"
    assert model.index(0, model.columnCount() - 1).data() == "Leading (provisional)"  # not final yet
    assert "Leading, provisional: Wigan Borough Care CIC" in results.details.toPlainText()

    # The same scores, straight to the engine: the window added nothing and lost nothing.
    opened = window.opened
    assert opened is not None
    scores = tuple(
        Score(e, b, q.id, stage, Decimal(GIVEN[e][b][n]), "r")
        for e in GIVEN
        for b in GIVEN[e]
        for q in unscored.questions
        for n, stage in enumerate(("written", "interview"))
        if stage in unscored.stages_of(q)
    )
    moderations = tuple(Moderation("ACC", q, "interview", Decimal(4), "r") for q in ("Q1", "Q2", "Q3", "S3"))
    direct = evaluate(dataclasses.replace(unscored, scores=scores, moderations=moderations))
    assert [b.name for b in direct.ranked] == ranking
    assert [b.total for b in direct.ranked] == [b.total for b in window.document.results.ranked]  # type: ignore[union-attr]
    assert len(opened.stored_evaluation().scores) == len(scores)
