"""Moderation a court accepts (docs/panel.md), on a saved evaluation: answers open only once every assigned
evaluator has submitted; a consensus is a scale point on every assigned score (or the lead's reason for going
without); a later change puts it back to review; agreed answers are settled at once; stages can be gated."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from svtool.domain.evaluation import Declaration, Mitigation, Moderation, Score, Stage
from svtool.domain.moderation import AnswerStatus
from svtool.domain.results import FlagKind
from svtool.services import moderation, panel
from svtool.services.demo import demo_evaluation
from svtool.services.errors import UserError
from svtool.services.evaluations import create_evaluation, open_evaluation
from svtool.services.session import OpenEvaluation

D = Decimal
MEMBERS = ("E1", "E2", "E3")


def _score(member: str, bidder: str, question: str, stage: str, value: int) -> Score:
    return Score(
        member,
        bidder,
        question,
        stage,
        D(value),
        f"{member} weighed {bidder}'s {question} {stage} answer at {value} for its evidence.",
    )


@pytest.fixture
def opened(tmp_path: Path) -> OpenEvaluation:
    """The demonstration's panel, everyone declared no interest, and every answer scored: all three give 3,
    except Jo (E2), who gives 4 on Q1 for everyone, and 5 on ACC's written Q2 (Chris, E3, gives 1 there)."""
    e = demo_evaluation()
    scores = []
    for cell in {(s.bidder_id, s.question_id, s.stage_id) for s in e.scores}:
        for member in MEMBERS:
            value = 4 if (member, cell[1]) == ("E2", "Q1") else 3
            if cell == ("ACC", "Q2", "written"):
                value = {"E1": 3, "E2": 5, "E3": 1}[member]
            scores.append(_score(member, *cell, value))
    fresh = dataclasses.replace(
        e,
        scores=tuple(scores),
        moderations=(),
        submissions=(),
        declarations=tuple(
            Declaration(m, b.id, False, "No conflict of interest.", "2026-09-01") for m in MEMBERS for b in e.bidders
        ),
    )
    path = tmp_path / "panel.svt"
    create_evaluation(fresh, path, "tester").close()
    session = open_evaluation(path)
    session.act_as("E1", "lead")
    return session


def _submit_all(opened: OpenEvaluation) -> None:
    for member in MEMBERS:
        opened.act_as(member, "login")
        panel.submit(opened, member)
    opened.act_as("E1", "lead")


def test_an_answer_opens_for_moderation_once_every_assigned_evaluator_has_submitted(opened: OpenEvaluation) -> None:
    cell = ("LHC", "Q3", "written")
    assert moderation.answer_status(opened, cell) is AnswerStatus.WAITING
    with pytest.raises(
        UserError,
        match="opens when every evaluator assigned to it has submitted the written stage: still to submit, Sam Patel",
    ):
        opened.moderate(Moderation(*cell, D(3), "All gave 3."))
    _submit_all(opened)
    assert moderation.answer_status(opened, cell) is AnswerStatus.OPEN
    opened.act_as("E2", "jo")
    with pytest.raises(UserError, match="Only the panel's lead, Sam Patel, commissioning manager, records"):
        opened.moderate(Moderation(*cell, D(3), "All gave 3."))
    opened.act_as("E1", "lead")
    with pytest.raises(UserError, match=r"2\.5 is not on the 0 to 5 scale"):
        opened.moderate(Moderation(*cell, D("2.5"), "Between the two."))
    opened.moderate(Moderation(*cell, D(3), "All gave 3.", "Clear escalation routes; training is annual."))
    assert moderation.answer_status(opened, cell) is AnswerStatus.AGREED
    assert opened.moderations[cell].basis == "E1=3;E2=3;E3=3"


def test_a_consensus_needs_every_assigned_score_or_the_leads_reason(opened: OpenEvaluation) -> None:
    cell = ("PSS", "S3", "interview")
    _submit_all(opened)
    opened.act_as("E1", "lead")
    panel.unlock(opened, "E1", "E3", "interview", "Chris scored PSS's interview from the wrong notes.")
    opened.act_as("E3", "chris")
    opened.clear_score("E3", *cell)
    opened.act_as("E1", "lead")
    agreed = Moderation(*cell, D(3), "Sam and Jo gave 3; the user forum is described.")
    with pytest.raises(UserError, match="still to submit, Chris Doyle"):
        opened.moderate(agreed)
    with pytest.raises(UserError, match="still to score in the interview stage"):
        panel.submit(opened, "E3", "interview")
    opened.act_as("E1", "lead")
    # Stood down members and members taken off a bidder are not assigned, and their scores do not count.
    opened.moderate(dataclasses.replace(agreed, without="Chris's notes were lost; Sam and Jo agreed on theirs."))
    assert opened.moderations[cell].basis == "E1=3;E2=3"


def test_a_score_changed_after_moderation_puts_the_consensus_back_to_review(opened: OpenEvaluation) -> None:
    cell = ("ACC", "Q2", "written")
    _submit_all(opened)
    far = [f for f in opened.results().flags if f.kind is FlagKind.DIVERGENCE]
    assert [(f.bidder_id, f.question_id, f.stage_id) for f in far] == [cell]  # 1 and 5: far apart
    opened.moderate(Moderation(*cell, D(3), "Discussed: training is planned but not funded."))
    assert not [f for f in opened.results().flags if f.kind in (FlagKind.DIVERGENCE, FlagKind.TO_REVIEW)]
    panel.unlock(opened, "E1", "E2", "written", "Jo reconsidered after the moderation meeting.")
    opened.act_as("E2", "jo")
    opened.record_score(_score("E2", *cell, 4))
    panel.submit(opened, "E2", "written")
    opened.act_as("E1", "lead")
    assert moderation.answer_status(opened, cell) is AnswerStatus.TO_REVIEW
    review = [f for f in opened.results().flags if f.kind is FlagKind.TO_REVIEW]
    assert [(f.bidder_id, f.question_id, f.stage_id) for f in review] == [cell]
    reopened = open_evaluation(opened.location)  # the state is in the file, not in this session
    assert moderation.answer_status(reopened, cell) is AnswerStatus.TO_REVIEW
    reopened.close()
    opened.moderate(Moderation(*cell, D(3), "Reviewed: 3 stands."))
    assert moderation.answer_status(opened, cell) is AnswerStatus.AGREED


def test_accept_agreed_settles_exactly_the_answers_where_everyone_agreed(opened: OpenEvaluation) -> None:
    assert moderation.agreed_answers(opened) == []  # nothing is open before the stages are submitted
    _submit_all(opened)
    agreed = moderation.agreed_answers(opened)
    # 54 answers; Jo differs on Q1 (6 bidders x 2 stages) and ACC's written Q2 is far apart.
    assert len(agreed) == 54 - 12 - 1
    first = agreed[0]
    assert first.rationale.startswith("All 3 evaluators gave 3. Sam Patel: E1 weighed")
    edited = {(first.bidder_id, first.question_id, first.stage_id): "Agreed 3: plans reviewed six-monthly."}
    changes = moderation.accept_agreed(opened, edited)
    assert len(changes.moderations) == 41
    assert (
        opened.moderations[(first.bidder_id, first.question_id, first.stage_id)].rationale
        == "Agreed 3: plans reviewed six-monthly."
    )
    statuses = [moderation.answer_status(opened, c) for c in moderation.cells(opened)]
    assert statuses.count(AnswerStatus.AGREED) == 41 and statuses.count(AnswerStatus.OPEN) == 13
    assert sum(1 for e in opened.audit_trail() if e.action == "moderate") == 41
    assert moderation.accept_agreed(opened).empty


def test_a_gated_stage_takes_no_bidder_below_an_earlier_minimum(opened: OpenEvaluation) -> None:
    e = opened.evaluation
    stages = (e.stages[0], dataclasses.replace(e.stages[1], gated=True))
    opened.change_setup(dataclasses.replace(e, stages=stages), "no interview below the written minimum")
    assert opened.evaluation.stages[1] == Stage("interview", "Interview", True)
    opened.act_as("E1", "lead")
    for member in MEMBERS:
        opened.act_as(member, "login")
        opened.record_score(_score(member, "CUK", "Q1", "written", 1))  # Q1's minimum is 2
    opened.act_as("E2", "jo")
    with pytest.raises(
        UserError,
        match=r"Careline UK Ltd is not invited to the interview stage: Scored 1\.00 on "
        r"question Q1 .* in the written stage, below its minimum of 2\.00",
    ):
        opened.record_score(_score("E2", "CUK", "Q2", "interview", 4))
    opened.record_score(_score("E2", "LHC", "Q2", "interview", 4))  # others are invited
    assert opened.results().bidder("CUK").excluded


def test_a_member_taken_off_a_bidder_no_longer_counts_there(opened: OpenEvaluation) -> None:
    cell = ("NHG", "Q1", "written")
    before = opened.results().bidder("NHG").questions["Q1"].stages[0]
    assert len(before.scores) == 3
    e = opened.evaluation
    opened.change_setup(
        dataclasses.replace(
            e,
            declarations=tuple(
                dataclasses.replace(
                    d,
                    conflict=True,
                    statement="Jo's sister joined NHG in October.",
                    mitigation=Mitigation.OFF_BIDDER,
                    mitigation_reason="A close family tie.",
                )
                if (d.evaluator_id, d.bidder_id) == ("E2", "NHG")
                else d
                for d in e.declarations
            ),
        ),
        "Jo is taken off NHG",
    )
    after = opened.results().bidder("NHG").questions["Q1"].stages[0]
    assert [s.evaluator_id for s in after.scores] == ["E1", "E3"] and after.value == 3
    assert ("E2", *cell) in opened.scores  # still in the record
