"""The loader's quick way of building Scores gives the same Score as its constructor (domain/stored_scores.py)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from decimal import Decimal

import pytest

from svtool.domain.evaluation import Score
from svtool.domain.stored_scores import IdsBy, stored_scores


def by_id(rows: Sequence[tuple[object, ...]]) -> IdsBy:
    """Id lookups for rows that name their evaluator, bidder, question and stage by id, as PostgreSQL's do."""
    return tuple({row[n]: row[n] for row in rows} for n in range(4))  # type: ignore[return-value]


def stored_score(*fields: object) -> Score:
    """One score through the bulk builder, as the loader builds each."""
    rows = [(*fields, 1)]
    scores, _versions = stored_scores(rows, Decimal, by_id(rows))
    (score,) = scores.values()
    return score


def test_a_stored_score_is_the_score_its_constructor_makes() -> None:
    fields = ("E1", "ACC", "Q1", "written", Decimal("3.5"), "Clear plan, few examples.")
    quick, made = stored_score(*fields), Score(*fields)
    assert type(quick) is Score and quick == made and hash(quick) == hash(made)
    assert dataclasses.astuple(quick) == fields
    assert dataclasses.replace(quick, value=Decimal(4)) == Score(*fields[:4], Decimal(4), fields[5])
    assert quick != stored_score(*fields[:5], "Another reason.")


def test_a_stored_score_is_as_frozen_as_any() -> None:
    score = stored_score("E1", "ACC", "Q1", "written", Decimal(3), "Reason.")
    with pytest.raises(dataclasses.FrozenInstanceError):
        score.value = Decimal(5)  # type: ignore[misc]
    with pytest.raises((AttributeError, TypeError)):
        score.note = "x"  # type: ignore[attr-defined]


def test_stored_scores_build_each_row_as_the_constructor_does_keyed_with_its_kept_field() -> None:
    rows = [
        ("E1", "ACC", "Q1", "written", "3", "Clear.", 1),
        ("E2", "LHC", "Q2", "interview", "4.5", "Good.", 7),
        ("E1", "ACC", "Q1", "written", "4", "Changed.", 2),  # the same answer again: the later row stands
    ]
    scores, kept = stored_scores(rows, Decimal, by_id(rows))
    assert list(scores) == [("E1", "ACC", "Q1", "written"), ("E2", "LHC", "Q2", "interview")]
    assert list(scores.values()) == [Score(*row[:4], Decimal(row[4]), row[5]) for row in (rows[2], rows[1])]
    assert kept == {("E1", "ACC", "Q1", "written"): 2, ("E2", "LHC", "Q2", "interview"): 7}
    assert stored_scores([], Decimal, by_id([])) == ({}, {})


def test_stored_scores_look_up_ids_a_store_names_by_its_own_keys() -> None:
    ids_by = ({1: "E1", 2: "E2"}, {10: "ACC"}, {5: "Q1"}, {1: "written", 2: "interview"})
    rows = [(1, 10, 5, 1, "3", "Clear.", 1), (2, 10, 5, 2, "4.5", "Good.", 3)]
    scores, kept = stored_scores(rows, Decimal, ids_by)
    assert list(scores.values()) == [
        Score("E1", "ACC", "Q1", "written", Decimal(3), "Clear."),
        Score("E2", "ACC", "Q1", "interview", Decimal("4.5"), "Good."),
    ]
    assert kept == {("E1", "ACC", "Q1", "written"): 1, ("E2", "ACC", "Q1", "interview"): 3}
    # Each id is the one object the store named it by, shared by every key and score.
    (first, second) = scores
    assert first[2] is second[2] is ids_by[2][5]
    with pytest.raises(KeyError):
        stored_scores([(3, 10, 5, 1, "3", "x", 1)], Decimal, ids_by)
