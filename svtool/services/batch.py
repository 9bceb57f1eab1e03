"""Many edits at once: a panel's scores from a spreadsheet or a script, and bidders from a tender portal's export.

Every row is checked before anything is written, and then all of them are saved in one transaction, or none is:
a batch is never half-saved. Each score is saved exactly as OpenEvaluation.record_score saves one (its row, with
its version, and the same audit entry), so the audit trail, other sessions and `svtool verify` cannot tell a score
saved in a batch from one typed into the app. Bidders go through OpenEvaluation.change_setup, once for the batch.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from svtool.domain.evaluation import Attribute, Bid, Bidder, Evaluation, Score
from svtool.domain.text import refusal, visible
from svtool.domain.validation import check_score
from svtool.services.changes import NOTHING, Changes, ScoreKey
from svtool.services.errors import UserError
from svtool.services.session import OpenEvaluation, StaleEdit, score_key
from svtool.store.models import AuditRow
from svtool.store.rows import insert_row, update_row

#: The longest id the store keeps (its id columns are VARCHAR(64), which PostgreSQL enforces).
MAX_ID_LENGTH = 64


@dataclass(frozen=True)
class RowProblem:
    """Why one row of a batch was refused; index is its position in the list given (0 for the first)."""

    index: int
    message: str


class BatchRefused(UserError):
    """Some rows cannot be saved, so none was. problems says which and why; changes is what this session picked
    up from other sessions if the batch was refused as stale while it was being written."""

    def __init__(self, problems: Sequence[RowProblem], changes: Changes = NOTHING) -> None:
        self.problems = tuple(problems)
        self.changes = changes
        super().__init__("\n".join(f"row {p.index + 1}: {p.message}" for p in self.problems))


# Scores -----------------------------------------------------------------------------------------------------------


def check_scores(
    opened: OpenEvaluation,
    scores: Sequence[Score],
    expected_versions: Sequence[int | None] | None = None,
    labels: Sequence[str] | None = None,
) -> list[RowProblem]:
    """Everything that stops these scores being saved, at most one problem a row. An expected version is the
    version of the stored score the row was based on (0: there must be no score yet; None: not checked). labels
    name the rows where a problem refers to another row (by default "row 1", "row 2"...)."""
    expected = _expected(scores, expected_versions)
    names = _labels(len(scores), labels)
    problems: list[RowProblem] = []
    first_row: dict[ScoreKey, str] = {}
    people = _People({e.id for e in opened.evaluation.evaluators}, {b.id for b in opened.evaluation.bidders})
    for index, (score, version) in enumerate(zip(scores, expected, strict=True)):
        problem = _score_problem(opened, people, score, version, first_row)
        first_row.setdefault(score_key(score), names[index])
        if problem:
            problems.append(RowProblem(index, problem))
    return problems


def record_scores(
    opened: OpenEvaluation, scores: Sequence[Score], expected_versions: Sequence[int | None] | None = None
) -> Changes:
    """Check every score, then save those that differ from what is stored in one transaction, each with the audit
    entry record_score writes. Raises BatchRefused (nothing saved) if any row cannot be saved."""
    expected = _expected(scores, expected_versions)
    problems = check_scores(opened, scores, expected)
    if problems:
        raise BatchRefused(problems)
    changed = [(index, score) for index, score in enumerate(scores) if opened.scores.get(score_key(score)) != score]
    if not changed:
        return NOTHING
    versions = _save_scores(opened, changed)
    for (_index, score), version in zip(changed, versions, strict=True):
        key = score_key(score)
        opened.scores[key], opened.score_versions[key] = score, version
        opened.engine.set_score(score)
    return Changes(scores=frozenset(score_key(score) for _index, score in changed))


def _labels(count: int, labels: Sequence[str] | None) -> Sequence[str]:
    if labels is not None and len(labels) != count:
        raise ValueError(f"{count} rows but {len(labels)} labels")
    return labels if labels is not None else [f"row {n}" for n in range(1, count + 1)]


def _expected(scores: Sequence[Score], expected_versions: Sequence[int | None] | None) -> list[int | None]:
    if expected_versions is None:
        return [None] * len(scores)
    if len(expected_versions) != len(scores):
        raise ValueError(f"{len(scores)} scores but {len(expected_versions)} expected versions")
    return list(expected_versions)


@dataclass(frozen=True)
class _People:
    evaluators: set[str]
    bidders: set[str]


def _score_problem(
    opened: OpenEvaluation, people: _People, score: Score, expected: int | None, first_row: dict[ScoreKey, str]
) -> str | None:
    if score.evaluator_id not in people.evaluators:
        return f"There is no evaluator '{score.evaluator_id}' on this evaluation's panel."
    if score.bidder_id not in people.bidders:
        return f"There is no bidder '{score.bidder_id}' in this evaluation."
    problem = check_score(opened.evaluation, score) or opened.panel_refusal(score)
    if problem:
        return problem
    key = score_key(score)
    if key in first_row:
        return f"A duplicate: {first_row[key]} already scores {'/'.join(key)}. Keep one of them."
    stored = opened.score_versions.get(key, 0)
    if expected is not None and expected != stored:
        return _stale_message(opened, key, expected, stored)
    return None


def _stale_message(opened: OpenEvaluation, key: ScoreKey, expected: int, stored: int) -> str:
    if expected == 0:
        what = f"this row expects no score yet, but one is stored (version {stored})"
    elif stored == 0:
        what = f"this row was based on version {expected} of the score, which is no longer stored"
    else:
        what = f"this row was based on version {expected} of the score, but version {stored} is stored"
    return f"Stale: {what}{_last_change(opened, key)}. Check the score now stored before entering it again."


def _last_change(opened: OpenEvaluation, key: ScoreKey) -> str:
    """Who last changed this score and when, from the audit trail (empty if it was never changed)."""
    with opened.document.reading() as session:
        last = session.execute(
            select(AuditRow.actor, AuditRow.at)
            .where(AuditRow.entity == "score", AuditRow.entity_key == "/".join(key))
            .order_by(AuditRow.seq.desc())
            .limit(1)
        ).first()
    if last is None:
        return ""
    when = dt.datetime.fromisoformat(last.at).astimezone().strftime("%H:%M:%S on %d %b %Y")
    return f"; last changed by {last.actor} at {when}"


def _save_scores(opened: OpenEvaluation, changed: Sequence[tuple[int, Score]]) -> list[int]:
    """Write the scores in one transaction; a row another session changed meanwhile refuses them all."""
    versions: list[int] = []
    try:
        with opened._writing() as session:
            for _index, score in changed:
                versions.append(_save_score(opened, session, score))
    except StaleEdit as stale:
        at = changed[min(len(versions), len(changed) - 1)][0]  # the row being written when it turned out stale
        message = (
            "Stale: another session changed this score, or what it belongs to, while the scores were being "
            "saved. Check what is now stored before entering them again."
        )
        raise BatchRefused([RowProblem(at, message)], stale.changes) from None
    return versions


def _save_score(opened: OpenEvaluation, session: Session, score: Score) -> int:
    """One score's row and audit entry, exactly as OpenEvaluation.record_score writes them."""
    key = score_key(score)
    before = opened.scores.get(key)
    values = {"value": score.value, "reason": score.reason}
    if before is None:
        version = insert_row(session, "score", key, values)
    else:
        version = update_row(session, "score", key, values, opened.score_versions[key])
    opened._audit(
        session,
        "score",
        "score",
        "/".join(key),
        _score_text(before),
        {"value": format(score.value, "f"), "reason": score.reason},
    )
    return version


def _score_text(score: Score | None) -> dict[str, str] | None:
    return None if score is None else {"value": format(score.value, "f"), "reason": score.reason}


# Bidders ----------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BidderUpdate:
    """A bidder as a tender portal lists it. A new id adds a bidder; a known one updates its name and price (None:
    no price) and, unless attributes is None, its attributes; likewise its address, postcode (normalised) and
    identifier. Commitments and exclusions are kept."""

    bidder_id: str
    name: str
    price: Decimal | None
    attributes: frozenset[Attribute] | None = None
    address: str | None = None
    postcode: str | None = None
    identifier: str | None = None


@dataclass(frozen=True)
class BiddersSaved:
    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    changes: Changes


def check_bidders(updates: Sequence[BidderUpdate], labels: Sequence[str] | None = None) -> list[RowProblem]:
    """Everything that stops these bidders being saved, at most one problem a row (labels as for check_scores)."""
    names = _labels(len(updates), labels)
    problems: list[RowProblem] = []
    first_row: dict[str, str] = {}
    for index, update in enumerate(updates):
        problem = _bidder_problem(update, first_row)
        first_row.setdefault(update.bidder_id, names[index])
        if problem:
            problems.append(RowProblem(index, problem))
    return problems


def save_bidders(opened: OpenEvaluation, updates: Sequence[BidderUpdate], summary: str) -> BiddersSaved:
    """Add and update bidders as one setup change (one transaction, one audit entry), or refuse them all."""
    problems = check_bidders(updates)
    if problems:
        raise BatchRefused(problems)
    known = {b.id: b for b in opened.evaluation.bidders}
    bids = {b.bidder_id: b for b in opened.evaluation.bids}
    added = tuple(u.bidder_id for u in updates if u.bidder_id not in known)
    updated = tuple(
        u.bidder_id
        for u in updates
        if u.bidder_id in known and _changes_bidder(u, known[u.bidder_id], bids.get(u.bidder_id))
    )
    unchanged = tuple(u.bidder_id for u in updates if u.bidder_id not in added and u.bidder_id not in updated)
    if not (added or updated):
        return BiddersSaved((), (), unchanged, NOTHING)
    changes, _undo = opened.change_setup(merge_bidders(opened.evaluation, updates), summary)
    return BiddersSaved(added, updated, unchanged, changes)


def merge_bidders(setup: Evaluation, updates: Sequence[BidderUpdate]) -> Evaluation:
    """The setup with these bidders added or updated; new bidders go after the others, in the order given."""
    by_id = {u.bidder_id: u for u in updates}
    bidders = [_updated_bidder(b, by_id[b.id]) if b.id in by_id else b for b in setup.bidders]
    bids = [dataclasses.replace(b, price=by_id[b.bidder_id].price) if b.bidder_id in by_id else b for b in setup.bids]
    known, with_bid = {b.id for b in setup.bidders}, {b.bidder_id for b in setup.bids}
    bidders += [_updated_bidder(Bidder(u.bidder_id, u.name), u) for u in updates if u.bidder_id not in known]
    bids += [Bid(u.bidder_id, u.price) for u in updates if u.bidder_id not in with_bid]
    return dataclasses.replace(setup, bidders=tuple(bidders), bids=tuple(bids))


def _updated_bidder(bidder: Bidder, update: BidderUpdate) -> Bidder:
    attributes = bidder.attributes if update.attributes is None else update.attributes
    return dataclasses.replace(
        bidder,
        name=update.name,
        attributes=attributes,
        address=bidder.address if update.address is None else update.address,
        postcode=bidder.postcode if update.postcode is None else update.postcode,
        identifier=bidder.identifier if update.identifier is None else update.identifier,
    )


def _changes_bidder(update: BidderUpdate, bidder: Bidder, bid: Bid | None) -> bool:
    return _updated_bidder(bidder, update) != bidder or (bid.price if bid else None) != update.price


def _bidder_problem(update: BidderUpdate, first_row: dict[str, str]) -> str | None:
    if not update.bidder_id.strip():
        return "No id: give each bidder the id the tender portal gave it."
    if len(update.bidder_id) > MAX_ID_LENGTH:
        return f"The id is {len(update.bidder_id):,} characters long; an id can be at most {MAX_ID_LENGTH}."
    if not update.name.strip():
        return f"Bidder '{update.bidder_id}' has no name."
    text = refusal("The id", update.bidder_id) or refusal(
        f"The name of bidder '{visible(update.bidder_id)}'", update.name
    )
    if text is not None:
        return text
    if update.price is not None and update.price < 0:
        return f"The price {format(update.price, 'f')} is negative: a price must be more than £0."
    if update.price is not None and update.price == 0:
        return "The price is £0: a price must be more than £0 (leave it blank if there is none yet)."
    if update.bidder_id in first_row:
        return f"A duplicate: {first_row[update.bidder_id]} already has bidder '{update.bidder_id}'. Keep one of them."
    return None
