"""Operations on an open evaluation: each saves only the rows it changes, the engine keeps in step with a fresh
one, a setup the engine cannot work with is refused whole, and undo puts back exactly what a change wrote."""

from __future__ import annotations

import dataclasses
import json
from decimal import Decimal
from pathlib import Path

import pytest

from svtool.domain.engine import Engine
from svtool.domain.evaluation import Bid, ScaleMethod
from svtool.services.demo import demo_evaluation
from svtool.services.errors import UserError
from svtool.services.evaluations import OpenEvaluation, create_evaluation, open_evaluation


@pytest.fixture
def opened(tmp_path: Path) -> OpenEvaluation:
    return create_evaluation(demo_evaluation(), tmp_path / "care.svt", actor="Sam Patel")


def _last_entry(opened: OpenEvaluation) -> tuple[dict[str, object], dict[str, object]]:
    entry = opened.audit_trail()[-1]
    return json.loads(entry.old or "{}"), json.loads(entry.new or "{}")


def test_a_price_edit_writes_one_bidder_row(opened: OpenEvaluation) -> None:
    e = opened.evaluation
    bid = e.bids[2]
    changes, _ = opened.change_setup(
        dataclasses.replace(
            e, bids=tuple(Bid(b.bidder_id, Decimal("4444444"), b.commitments) if b == bid else b for b in e.bids)
        ),
        "enter a price",
    )
    assert changes.bidders == {bid.bidder_id} and not changes.setup and not changes.structure
    old, new = _last_entry(opened)
    assert new == {"bidder": {bid.bidder_id: {"price": "4444444"}}}
    assert old == {"bidder": {bid.bidder_id: {"price": format(bid.price, "f")}}}


def test_the_engine_after_setup_edits_matches_a_fresh_one(opened: OpenEvaluation) -> None:
    opened.results()  # every stage result worked out and cached, as in the app, before the edits
    e = opened.evaluation
    q = next(q for q in e.questions if isinstance(q.method, ScaleMethod))  # scored by the panel
    changed = dataclasses.replace(q, weight=q.weight + 3, title="Renamed")
    opened.change_setup(
        dataclasses.replace(e, questions=tuple(changed if x == q else x for x in e.questions)), "reweight and rename"
    )
    assert opened.results() == Engine(opened.stored_evaluation()).results()
    e = opened.evaluation
    opened.change_setup(dataclasses.replace(e, bidders=e.bidders[1:], bids=e.bids[1:]), "remove a bidder")
    assert opened.results() == Engine(opened.stored_evaluation()).results()
    e = opened.evaluation
    opened.change_setup(
        dataclasses.replace(e, panel=dataclasses.replace(e.panel, divergence_points=Decimal(1))),
        "divergence at 1 point",
    )
    assert opened.results() == Engine(opened.stored_evaluation()).results()
    assert opened.current().scores and set(opened.current().scores) == set(opened.stored_evaluation().scores)


def test_a_setup_the_engine_cannot_work_with_is_refused_whole(opened: OpenEvaluation) -> None:
    before_results, before_entries = opened.results(), len(opened.audit_trail())
    e = opened.evaluation
    broken = next(q for q in e.questions if isinstance(q.method, ScaleMethod))
    assert isinstance(broken.method, ScaleMethod)
    wrong = dataclasses.replace(broken, method=dataclasses.replace(broken.method, scale_id="no-such-scale"))
    with pytest.raises(UserError, match="That change was not saved"):
        opened.change_setup(
            dataclasses.replace(e, questions=tuple(wrong if q == broken else q for q in e.questions)),
            "break a question",
        )
    assert opened.evaluation == e and opened.results() == before_results
    assert len(opened.audit_trail()) == before_entries
    assert opened.stored_evaluation().questions == e.questions
    q = e.questions[1]  # and the next edit works
    opened.change_setup(
        dataclasses.replace(
            e, questions=tuple(dataclasses.replace(q, title="Still works") if x == q else x for x in e.questions)
        ),
        "retitle",
    )
    assert opened.results() == Engine(opened.stored_evaluation()).results()


def test_undo_of_a_setup_change_keeps_a_colleagues_later_edit(opened: OpenEvaluation) -> None:
    e = opened.evaluation
    _, price_change = opened.change_setup(
        dataclasses.replace(
            e,
            bids=tuple(
                Bid(b.bidder_id, Decimal(1000000), b.commitments) if b.bidder_id == e.bids[0].bidder_id else b
                for b in e.bids
            ),
        ),
        "enter a price",
    )
    colleague = open_evaluation(opened.location, actor="Jo Robinson")
    c = colleague.evaluation
    colleague.change_setup(
        dataclasses.replace(
            c,
            bids=tuple(
                Bid(b.bidder_id, Decimal(2000000), b.commitments) if b.bidder_id == c.bids[1].bidder_id else b
                for b in c.bids
            ),
        ),
        "enter another price",
    )
    opened.refresh()
    opened.revert(price_change, "undo: enter a price")
    stored = {b.bidder_id: b.price for b in opened.stored_evaluation().bids}
    assert stored[e.bids[0].bidder_id] == e.bids[0].price  # undone
    assert stored[e.bids[1].bidder_id] == Decimal(2000000)  # the colleague's edit stands


def test_undoing_two_edits_of_one_row_in_turn_puts_back_both(opened: OpenEvaluation) -> None:
    """Undo reverts the newest change first: by then the row has moved on (the newer undo wrote it), but the
    columns the older change wrote still hold what it wrote, so it is undone too."""
    e = opened.evaluation
    _, titled = opened.change_setup(dataclasses.replace(e, title="Care at home, Lot 2"), "change the title")
    _, referenced = opened.change_setup(
        dataclasses.replace(opened.evaluation, reference="DEMO-2"), "change the reference"
    )
    opened.revert(referenced, "undo: change the reference")
    opened.revert(titled, "undo: change the title")
    stored = opened.stored_evaluation()
    assert (stored.title, stored.reference) == (e.title, e.reference)


def test_undoing_an_added_question_after_undoing_its_retitling_removes_it(opened: OpenEvaluation) -> None:
    e = opened.evaluation
    extra = dataclasses.replace(e.questions[1], id="QX", title="Added")
    _, added = opened.change_setup(dataclasses.replace(e, questions=(*e.questions, extra)), "add a question")
    now = opened.evaluation
    retitled = tuple(dataclasses.replace(q, title="Renamed") if q.id == "QX" else q for q in now.questions)
    _, renamed = opened.change_setup(dataclasses.replace(now, questions=retitled), "rename it")
    opened.revert(renamed, "undo: rename it")
    opened.revert(added, "undo: add a question")
    assert [q.id for q in opened.stored_evaluation().questions] == [q.id for q in e.questions]


def test_an_undo_still_leaves_a_colleagues_later_edit_of_the_same_column_alone(opened: OpenEvaluation) -> None:
    e = opened.evaluation
    _, titled = opened.change_setup(dataclasses.replace(e, title="Care at home, Lot 2"), "change the title")
    colleague = open_evaluation(opened.location, actor="Jo Robinson")
    colleague.change_setup(dataclasses.replace(colleague.evaluation, title="Care at home, Lot 3"), "retitle")
    colleague.close()
    opened.refresh()
    with pytest.raises(UserError):
        opened.revert(titled, "undo: change the title")
    assert opened.stored_evaluation().title == "Care at home, Lot 3"
