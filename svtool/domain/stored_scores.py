"""Scores built as a store reads them in bulk: the same frozen Score as Score(...), with its slots filled directly.

A large evaluation holds 235,000 scores (bench/bench_scale.py); a frozen dataclass's __init__ sets each field through
object.__setattr__, and filling the slots directly takes a third less of such an open."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any

from svtool.domain.evaluation import Score

#: Each field's slot setter (the member descriptor's __set__), looked up once.
_SCORE_SETTERS: tuple[Callable[[Score, Any], None], ...] = tuple(
    Score.__dict__[name].__set__ for name in ("evaluator_id", "bidder_id", "question_id", "stage_id", "value", "reason")
)

ScoreKey = tuple[str, str, str, str]

#: Where a store names a row's evaluator, bidder, question and stage by a key of its own (SQLite's rowid), each
#: such key's id: the evaluators', bidders', questions' and stages' in that order.
IdsBy = tuple[Mapping[Any, str], Mapping[Any, str], Mapping[Any, str], Mapping[Any, str]]


def stored_scores(
    rows: Iterable[tuple[Any, ...]], value: Callable[[Any], Decimal], ids_by: IdsBy
) -> tuple[dict[ScoreKey, Score], dict[ScoreKey, Any]]:
    """A Score, the same as Score(...), for each of many rows as a store reads them: (evaluator, bidder, question,
    stage, the value as stored, reason, and one more field the store keeps, such as the row's version), the value
    converted by `value`. The first four fields are what the store names each by (its id, or SQLite's rowid), looked
    up in ids_by (a KeyError names one that is not there). Returns the scores and the kept fields, each keyed by
    (evaluator, bidder, question, stage), in the rows' order (a later row for the same key replaces an earlier).
    One loop with the setters at hand, without a call per score: a loader's bulk."""
    new = object.__new__
    set_evaluator, set_bidder, set_question, set_stage, set_value, set_reason = _SCORE_SETTERS
    scores: dict[ScoreKey, Score] = {}
    kept: dict[ScoreKey, Any] = {}
    evaluators, bidders, questions, stages = ids_by
    for e, b, q, s, stored, reason, extra in rows:
        # The ids looked up are the same string objects in every key, each hashed once: that saves about as much
        # as the lookups cost, and about a fifth of a large evaluation's memory.
        evaluator_id, bidder_id, question_id, stage_id = evaluators[e], bidders[b], questions[q], stages[s]
        score = new(Score)
        set_evaluator(score, evaluator_id)
        set_bidder(score, bidder_id)
        set_question(score, question_id)
        set_stage(score, stage_id)
        set_value(score, value(stored))
        set_reason(score, reason)
        key = (evaluator_id, bidder_id, question_id, stage_id)
        scores[key] = score
        kept[key] = extra
    return scores, kept
