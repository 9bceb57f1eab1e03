"""svtool status / sign / finalise / reopen: the evaluation's lifecycle from a terminal (docs/lifecycle.md).

Each act works as the member named by --as and exits 0 when saved, 1 when refused (with every reason), 2 when the
command itself was given wrongly. `svtool status` prints the phase and what final still needs; it exits 0.
"""

from __future__ import annotations

import argparse
from typing import Any

from svtool.cli.panel import as_member
from svtool.services import evaluations as service
from svtool.services import lifecycle


def add_commands(commands: Any) -> None:
    status = commands.add_parser("status", help="the evaluation's phase, and what it needs before it is final")
    status.add_argument("file", metavar="FILE", help="an evaluation file (.svt) or a PostgreSQL URL")
    status.set_defaults(handler=_status)
    sign = commands.add_parser("sign", help="a panel member signs off the evaluation as it stands")
    sign.add_argument("file", metavar="FILE", help="an evaluation file (.svt) or a PostgreSQL URL")
    sign.add_argument("--as", dest="member", metavar="ID", required=True, help="the member signing")
    sign.add_argument(
        "--statement",
        metavar="TEXT",
        default=lifecycle.STATEMENT,
        help="what the member signs (default: the standard statement)",
    )
    sign.set_defaults(handler=_sign)
    finalise = commands.add_parser("finalise", help="the lead approves the evaluation: final, and locked")
    finalise.add_argument("file", metavar="FILE", help="an evaluation file (.svt) or a PostgreSQL URL")
    finalise.add_argument("--as", dest="lead", metavar="LEAD", required=True, help="the panel's lead")
    finalise.set_defaults(handler=_finalise)
    reopen = commands.add_parser(
        "reopen", help="the lead reopens a final evaluation, with a reason (every sign-off is void)"
    )
    reopen.add_argument("file", metavar="FILE", help="an evaluation file (.svt) or a PostgreSQL URL")
    reopen.add_argument("--as", dest="lead", metavar="LEAD", required=True, help="the panel's lead")
    reopen.add_argument("--reason", metavar="TEXT", required=True)
    reopen.set_defaults(handler=_reopen)


def _status(args: argparse.Namespace) -> int:
    opened = service.open_evaluation(args.file)
    try:
        now = lifecycle.standing(opened)
        e = opened.evaluation
        print(f"Phase: {now.phase.value}.")
        if e.finalised is not None:
            lead = e.member(e.finalised.by)
            print(f"Final: approved by {lead.name if lead else e.finalised.by} on {e.finalised.at[:10]}.")
        print(f"Answers still to agree: {now.unmoderated}.")
        for s in e.signoffs:
            member = e.member(s.evaluator_id)
            state = "current" if s.evaluator_id in now.current else "made before later changes"
            print(f"Signed off: {member.name if member else s.evaluator_id}, {s.signed_at[:10]} ({state}).")
        for need in now.needs:
            print(f"Needed before final: {need}")
    finally:
        opened.close()
    return 0


def _sign(args: argparse.Namespace) -> int:
    as_member(args.file, args.member, lambda opened: lifecycle.sign(opened, args.member, args.statement))
    print("Signed off.")
    return 0


def _finalise(args: argparse.Namespace) -> int:
    as_member(args.file, args.lead, lambda opened: lifecycle.finalise(opened, args.lead))
    print("The evaluation is final, and locked.")
    return 0


def _reopen(args: argparse.Namespace) -> int:
    as_member(args.file, args.lead, lambda opened: lifecycle.reopen(opened, args.lead, args.reason))
    print("Reopened: every sign-off is void; members sign again before it is final.")
    return 0
