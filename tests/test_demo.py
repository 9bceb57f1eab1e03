"""The demonstration evaluation is believable: evaluators disagree a little, reasons are written for each bid,
the panel's consensus is argued from them, and every member has submitted (the demo is at moderation)."""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

import pytest

from svtool.domain.evaluation import Evaluation, Mitigation, Score
from svtool.domain.reasons import ReasonProblem, rationale_warnings, reason_counts, reason_warnings
from svtool.services.demo import create_demo, demo_evaluation
from svtool.services.evaluations import create_evaluation
from svtool.services.record import verify_open

Answer = tuple[str, str, str]  # bidder, question, stage


@pytest.fixture(scope="module")
def demo() -> Evaluation:
    return demo_evaluation()


def answers(evaluation: Evaluation) -> dict[Answer, dict[str, Score]]:
    cells: dict[Answer, dict[str, Score]] = defaultdict(dict)
    for s in evaluation.scores:
        cells[(s.bidder_id, s.question_id, s.stage_id)][s.evaluator_id] = s
    return cells


def spread(given: dict[str, Score]) -> Decimal:
    return max(s.value for s in given.values()) - min(s.value for s in given.values())


def test_the_demo_is_the_same_every_time(demo: Evaluation) -> None:
    assert demo_evaluation() == demo


def test_reasons_and_rationales_are_long_enough_and_never_reused_across_bidders(demo: Evaluation) -> None:
    none = {problem: 0 for problem in ReasonProblem}
    assert reason_counts(reason_warnings(demo, demo.scores)) == none
    assert reason_counts(rationale_warnings(demo, demo.moderations)) == none


def test_evaluators_differ_on_many_answers_but_are_far_apart_on_few(demo: Evaluation) -> None:
    cells = answers(demo)
    assert len(cells) == 54 and all(len(given) == 3 for given in cells.values())
    assert all(Decimal(0) <= s.value <= Decimal(5) for s in demo.scores)
    differ = [a for a, given in cells.items() if spread(given) > 0]
    far = sorted(a for a, given in cells.items() if spread(given) >= demo.panel.divergence_points)
    assert len(differ) == 30
    assert far == [("LHC", "Q3", "written"), ("PSS", "S3", "written"), ("WSE", "Q1", "interview")]
    assert all(spread(given) <= 2 for given in cells.values())


def test_each_consensus_is_a_scale_point_argued_from_the_evaluators_reasons(demo: Evaluation) -> None:
    cells = answers(demo)
    for m in demo.moderations:
        given = cells[(m.bidder_id, m.question_id, m.stage_id)]
        assert m.value in {p.value for p in demo.scales[0].points}
        agreeing = [s for s in given.values() if s.value == m.value]
        assert agreeing, "the consensus is a score an evaluator gave, not an average"
        assert agreeing[0].reason in m.rationale
        for s in given.values():
            if s.value != m.value:  # whoever scored otherwise is named, with their judgement
                assert f"had given {s.value}" in m.rationale


def test_left_to_moderate_are_the_q2_interviews_and_written_answers_in_dispute(demo: Evaluation) -> None:
    cells = answers(demo)
    moderated = {(m.bidder_id, m.question_id, m.stage_id) for m in demo.moderations}
    left = sorted(set(cells) - moderated)
    assert len(moderated) == 45 and len(left) == 9
    assert [a for a in left if a[1:] == ("Q2", "interview")] == [
        (b, "Q2", "interview") for b in sorted(b.id for b in demo.bidders)
    ]
    written = [a for a in left if a[1:] != ("Q2", "interview")]
    assert written == [("CUK", "Q1", "written"), ("LHC", "Q3", "written"), ("PSS", "S3", "written")]
    assert all(spread(cells[a]) > 0 for a in written)


def test_every_member_has_submitted_both_stages_and_the_conflict_is_kept(demo: Evaluation) -> None:
    assert sorted((s.evaluator_id, s.stage_id) for s in demo.submissions) == [
        (member, stage) for member in ("E1", "E2", "E3") for stage in ("interview", "written")
    ]
    assert all(s.submitted_at.startswith("2026-09-") and s.submitted_at.endswith("+00:00") for s in demo.submissions)
    (conflict,) = [d for d in demo.declarations if d.conflict]
    assert (conflict.evaluator_id, conflict.bidder_id, conflict.mitigation) == ("E3", "NHG", Mitigation.CARRY_ON)
    assert len(demo.declarations) == 18


def test_the_demo_file_records_one_evaluators_pack_round_trip(tmp_path: Path) -> None:
    opened = create_demo(tmp_path / "demo.svt")
    trail = opened.audit_trail()
    stored, demo = opened.stored_evaluation(), demo_evaluation()
    assert verify_open(opened).ok
    assert sorted(map(repr, stored.scores)) == sorted(map(repr, demo.scores))
    assert sorted(map(repr, stored.moderations)) == sorted(map(repr, demo.moderations))
    plain = create_evaluation(demo, tmp_path / "plain.svt", "tester")
    assert opened.results() == plain.results()
    plain.close()
    kinds = [(line.action, line.entity) for line in trail]
    exported, imported = kinds.index(("export", "pack")), kinds.index(("import", "pack"))
    assert 1 <= exported < imported < kinds.index(("moderate", "moderation"))
    jo = [line for line in trail if line.entity == "score"]
    assert len(jo) == 54 and all(line.actor.startswith("Jo Robinson") and line.key.startswith("E2/") for line in jo)
    assert trail[imported].actor.startswith("Sam Patel")
    assert json.loads(trail[imported].new or "{}")["scores"] == 54
    assert len([k for k in kinds if k == ("moderate", "moderation")]) == 45
    jo_declared = [d for d in stored.declarations if d.evaluator_id == "E2"]
    assert len(jo_declared) == 6 and not any(d.conflict for d in jo_declared)
    opened.close()


def test_the_demo_computes_local_from_postcodes_and_applies_the_rate_in_force(demo: Evaluation) -> None:
    from datetime import date

    from svtool.domain.evaluation import Attribute
    from svtool.domain.living_wage import Region
    from svtool.domain.postcodes import attributes_of, local_status

    assert not any(Attribute.LOCAL in b.attributes for b in demo.bidders)  # nobody ticked by hand
    local = {b.id for b in demo.bidders if Attribute.LOCAL in attributes_of(b, demo.local_boundary)}
    assert local == {"ACC", "LHC", "WSE"}
    assert local_status(demo.bidders[1], demo.local_boundary).why == "its postcode district LS1 is outside the boundary"
    assert all(b.postcode and b.address and b.identifier for b in demo.bidders)
    assert (demo.tender_date, demo.living_wage_region, demo.living_wage_rate) == (
        date(2026, 7, 1),
        Region.UK,
        Decimal("13.45"),
    )
    assert demo.living_wage_source.startswith("the 2025/26 rate announced 2025-10-22 (Living Wage Foundation")
