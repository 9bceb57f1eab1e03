"""Prices are amounts a bidder asks to be paid: more than £0. Refused where every change to the setup is saved
(OpenEvaluation.change_setup), so the app, the CLI and a CSV of bids all refuse them alike."""

from __future__ import annotations

from svtool.domain.evaluation import Evaluation
from svtool.domain.numbers import money


def price_problems(before: Evaluation, after: Evaluation) -> list[str]:
    """A located sentence for each price this change sets to £0 or less (prices it leaves alone are not judged
    again: an older file's zero price does not stop every other edit)."""
    old = {b.bidder_id: b.price for b in before.bids}
    names = {b.id: b.name for b in after.bidders}
    problems = []
    for bid in after.bids:
        if bid.price is not None and bid.price <= 0 and old.get(bid.bidder_id) != bid.price:
            shown = money(bid.price) if bid.price else "£0"
            problems.append(
                f"The price for {names.get(bid.bidder_id, bid.bidder_id)} is {shown}: a price must be "
                "more than £0 (leave it blank if there is none yet)."
            )
    return problems
