"""One session editing a shared evaluation as fast as it can, for the many-writers test.

Run: python -m tests.store.session_writer LOCATION ROLE SEED COUNT

ROLE is ``score:E1:0`` (score as evaluator E1; its own cells are bidder number 0's, and it also writes the
cells every scorer shares) or ``lead`` (changes prices, question weights and question titles). Each saved edit
prints ``ACK``, each edit refused as stale ``STALE``, with what it was, as one JSON line; the session picks up
the others' changes every few edits, as the app's timer does.
"""

from __future__ import annotations

import dataclasses
import json
import random
import sys
from decimal import Decimal

from svtool.domain.evaluation import Bid, Evaluation, ScaleMethod, Score
from svtool.services.evaluations import OpenEvaluation, StaleEdit, open_evaluation
from svtool.store.errors import DocumentBusy

SHARED_BIDDER = 0  # the bidder whose cells every scorer writes, as evaluator E1


def say(kind: str, **detail: object) -> None:
    print(json.dumps({"kind": kind, **detail}), flush=True)


def score_edit(opened: OpenEvaluation, evaluator: str, own: int, rng: random.Random, n: int) -> Score:
    e = opened.evaluation
    shared = rng.random() < 0.3
    bidder = e.bidders[SHARED_BIDDER if shared else own % len(e.bidders)].id
    who = "E1" if shared else evaluator
    question = rng.choice([q for q in e.questions if isinstance(q.method, ScaleMethod)])
    stage = rng.choice(e.stages_of(question))
    return Score(who, bidder, question.id, stage, Decimal(rng.randint(0, 5)), f"edit {n} by {evaluator}/{own}")


def lead_edit(opened: OpenEvaluation, rng: random.Random, n: int) -> tuple[str, Evaluation]:
    e = opened.evaluation
    choice = n % 3
    if choice == 0:
        bidder = rng.choice(e.bidders)
        price = Decimal(rng.randint(3_000_000, 6_000_000))
        bids = tuple(Bid(b.bidder_id, price, b.commitments) if b.bidder_id == bidder.id else b for b in e.bids)
        return f"price {bidder.id} {price}", dataclasses.replace(e, bids=bids)
    question = rng.choice(e.questions)
    if choice == 1:
        weight = Decimal(rng.randint(500, 3000)) / 100
        changed = dataclasses.replace(question, weight=weight)
        what = f"weight {question.id} {weight}"
    else:
        changed = dataclasses.replace(question, title=f"{question.title.split(' #')[0]} #{n}")
        what = f"title {question.id} {changed.title}"
    return what, dataclasses.replace(e, questions=tuple(changed if q.id == question.id else q for q in e.questions))


def main() -> int:
    location, role, seed, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
    rng = random.Random(seed)
    opened = open_evaluation(location, actor=role)
    for n in range(count):
        if n % 5 == 0:
            opened.refresh()
        try:
            if role == "lead":
                what, setup = lead_edit(opened, rng, n)
                changes, _ = opened.change_setup(setup, what)
                say("SAME" if changes.empty else "ACK", what=what)
            else:
                _, evaluator, own = role.split(":")
                score = score_edit(opened, evaluator, int(own), rng, n)
                changes = opened.record_score(score)
                said = [
                    score.evaluator_id,
                    score.bidder_id,
                    score.question_id,
                    score.stage_id,
                    format(score.value, "f"),
                    score.reason,
                ]
                say("SAME" if changes.empty else "ACK", score=said)
        except StaleEdit as stale:
            say("STALE", message=str(stale))
        except DocumentBusy:
            say("BUSY")
    opened.close()
    say("DONE")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
