"""Slow questions about the results, asked of a snapshot so that they can run off the GUI thread."""

from __future__ import annotations

from svtool.domain.engine import Engine
from svtool.domain.evaluation import Evaluation
from svtool.domain.reason_checks import ReasonCheck, reason_checks
from svtool.domain.sensitivity import split_sensitivity, weight_sensitivity


def sensitivity_statements(snapshot: Evaluation) -> list[str]:
    """How far the split and the envelope weights can move before the recommendation changes, in words.

    The snapshot is an immutable copy of the evaluation (OpenEvaluation.current()), scored here by an engine of its
    own, so nothing the person does meanwhile can change it half-way through."""
    engine = Engine(snapshot)
    results = engine.results()
    if results.winner is None:
        return []
    statements = []
    split = split_sensitivity(engine, results)
    if split is not None:
        statements.append(split.statement)
    statements.extend(w.statement for w in weight_sensitivity(snapshot, results))
    return statements


def check_reasons(snapshot: Evaluation) -> tuple[ReasonCheck, ...]:
    """The Checks list's lines on short, reused and restating reasons and consensus rationales.

    Every reason is compared with every other (about 0.35 s at 60,000 scores), so a window asks it of a snapshot
    off the GUI thread. The fewest words is the evaluation's own setting (Setup page, `reason_min_words`)."""
    return reason_checks(snapshot, snapshot.panel.reason_min_words)
