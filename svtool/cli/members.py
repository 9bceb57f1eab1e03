"""svtool member add / assign / stand-down / list: the lead keeps the panel from a terminal (docs/panel.md).

Each change works as the lead named by --as, saves one audited change, and exits 0 when saved, 1 when refused
(with the reason on one line), 2 when the command itself was given wrongly.
"""

from __future__ import annotations

import argparse
from typing import Any

from svtool.cli.panel import as_member
from svtool.domain.evaluation import Role
from svtool.domain.panel import submitted
from svtool.services import evaluations as service
from svtool.services import panel_members
from svtool.services.changes import Changes
from svtool.services.session import OpenEvaluation

ROLES = {"evaluator": Role.EVALUATOR, "price-assessor": Role.PRICE_ASSESSOR, "observer": Role.OBSERVER}


def add_commands(commands: Any) -> None:
    member = commands.add_parser("member", help="the lead keeps the panel: add, assign, stand down, list")
    actions = member.add_subparsers(dest="member_command", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a member to the panel (they declare when they first open it)")
    _common(add)
    add.add_argument("--name", required=True, help="the member's full name, as the record shows it")
    add.add_argument("--role", choices=sorted(ROLES), default="evaluator")
    add.add_argument("--id", dest="member_id", metavar="ID", help="their id (default: their initials)")
    add.add_argument("--questions", metavar="Q1,Q2", help="the questions they score (default: every one)")
    add.set_defaults(handler=_add)
    assign = actions.add_parser("assign", help="set the questions an evaluator scores")
    _common(assign)
    assign.add_argument("--member", metavar="ID", required=True)
    assign.add_argument("--questions", metavar="Q1,Q2", required=True, help="the questions, or 'all'")
    assign.set_defaults(handler=_assign)
    down = actions.add_parser("stand-down", help="stand a member down; their scores stay but no longer count")
    _common(down)
    down.add_argument("--member", metavar="ID", required=True)
    down.add_argument("--reason", metavar="TEXT", required=True)
    down.set_defaults(handler=_stand_down)
    listing = actions.add_parser("list", help="the panel: each member's role, questions and submissions")
    listing.add_argument("file", metavar="FILE", help="an evaluation file (.svt) or a PostgreSQL URL")
    listing.set_defaults(handler=_list)


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="an evaluation file (.svt) or a PostgreSQL URL")
    parser.add_argument("--as", dest="lead", metavar="LEAD", required=True, help="the panel's lead")


def _questions(text: str | None) -> tuple[str, ...]:
    if text is None or text.strip().lower() == "all":
        return ()
    return tuple(q.strip() for q in text.split(",") if q.strip())


def _add(args: argparse.Namespace) -> int:
    added: list[str] = []

    def act(opened: OpenEvaluation) -> Changes:
        changes, ident = panel_members.add_member(
            opened, args.lead, args.name, ROLES[args.role], _questions(args.questions), args.member_id
        )
        added.append(ident)
        return changes

    as_member(args.file, args.lead, act)
    print(f"Added {' '.join(args.name.split())} to the panel as {added[0]}: they declare when they first open it.")
    return 0


def _assign(args: argparse.Namespace) -> int:
    changes = as_member(
        args.file,
        args.lead,
        lambda opened: panel_members.assign(opened, args.lead, args.member, _questions(args.questions)),
    )
    print("Saved the questions assigned." if not changes.empty else "Nothing to save: already assigned those.")
    return 0


def _stand_down(args: argparse.Namespace) -> int:
    as_member(
        args.file, args.lead, lambda opened: panel_members.stand_down(opened, args.lead, args.member, args.reason)
    )
    print(f"Stood {args.member} down: their scores stay in the record and no longer count.")
    return 0


def _list(args: argparse.Namespace) -> int:
    opened = service.open_evaluation(args.file)
    try:
        e = opened.evaluation
        for v in e.evaluators:
            stages = [s.id for s in e.stages if submitted(e, v.id, s.id)]
            print(
                "\t".join(
                    (
                        v.id,
                        v.name,
                        v.role.value.replace("_", " "),
                        ", ".join(v.questions) or "all questions",
                        f"submitted: {', '.join(stages)}" if stages else "not submitted",
                        f"stood down: {v.stood_down}" if v.stood_down else "active",
                    )
                )
            )
    finally:
        opened.close()
    return 0
