"""svtool declare / mitigate / submit / unlock: the panel's acts from a terminal (docs/panel.md).

Each works as the member named by --as, saves one audited change, and exits 0 when saved, 1 when refused (with
the reason on one line), 2 when the command itself was given wrongly.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from svtool.domain.evaluation import Mitigation
from svtool.services import evaluations as service
from svtool.services import packs, panel
from svtool.services.changes import Changes
from svtool.services.session import OpenEvaluation


def add_commands(commands: Any) -> None:
    declare = commands.add_parser("declare", help="record a panel member's declaration of interests, per bidder")
    declare.add_argument("file", metavar="FILE", help="an evaluation file (.svt) or a PostgreSQL URL")
    declare.add_argument("--as", dest="member", metavar="ID", required=True, help="the member declaring")
    what = declare.add_mutually_exclusive_group(required=True)
    what.add_argument("--none", action="store_true", help="no interest (in --bidder, or in every bidder)")
    what.add_argument("--interest", metavar="TEXT", help="the interest in --bidder: who, what and when")
    declare.add_argument("--bidder", metavar="B", help="the bidder the declaration is about")
    declare.set_defaults(handler=_declare)

    mitigate = commands.add_parser("mitigate", help="the lead's decision on a member's declared interest")
    mitigate.add_argument("file", metavar="FILE", help="an evaluation file (.svt) or a PostgreSQL URL")
    mitigate.add_argument("--as", dest="lead", metavar="LEAD", required=True, help="the panel's lead")
    mitigate.add_argument("--member", metavar="ID", required=True)
    mitigate.add_argument("--bidder", metavar="B", required=True)
    action = mitigate.add_mutually_exclusive_group(required=True)
    for option, meaning in (
        ("--carry-on", "the member scores this bidder"),
        ("--off-bidder", "the member takes no part in this bidder"),
        ("--stand-down", "the member leaves the panel"),
    ):
        action.add_argument(option, metavar="REASON", help=f"{meaning}, for this reason")
    mitigate.set_defaults(handler=_mitigate)

    submit = commands.add_parser("submit", help="submit a member's scores for a stage, which locks them")
    submit.add_argument("file", metavar="FILE", help="an evaluation file (.svt) or a PostgreSQL URL")
    submit.add_argument("--as", dest="member", metavar="ID", required=True)
    submit.add_argument("--stage", metavar="S", help="the stage (default: every stage the member scores in)")
    submit.set_defaults(handler=_submit)

    pack = commands.add_parser("pack", help="offline evaluator packs: export one per member, import them back")
    pack_commands = pack.add_subparsers(dest="pack_command", metavar="ACTION", required=True)
    export = pack_commands.add_parser("export", help="write one member's pack (no other member's scores)")
    export.add_argument("file", metavar="FILE", help="the evaluation the lead keeps (.svt or a PostgreSQL URL)")
    export.add_argument("--evaluator", metavar="ID", required=True, help="the member the pack is for")
    export.add_argument("out", metavar="OUT.svpack")
    export.set_defaults(handler=_pack_export)
    load = pack_commands.add_parser("import", help="bring a member's sealed pack back into the evaluation")
    load.add_argument("file", metavar="FILE", help="the evaluation the lead keeps (.svt or a PostgreSQL URL)")
    load.add_argument("pack", metavar="PACK.svpack")
    load.set_defaults(handler=_pack_import)

    unlock = commands.add_parser("unlock", help="the lead reopens a member's submitted stage, with a reason")
    unlock.add_argument("file", metavar="FILE", help="an evaluation file (.svt) or a PostgreSQL URL")
    unlock.add_argument("--as", dest="lead", metavar="LEAD", required=True)
    unlock.add_argument("--member", metavar="ID", required=True)
    unlock.add_argument("--stage", metavar="S", required=True)
    unlock.add_argument("--reason", metavar="TEXT", required=True)
    unlock.set_defaults(handler=_unlock)


def as_member(location: str, member_id: str, act: Callable[[OpenEvaluation], Changes]) -> Changes:
    """Open the evaluation, work as the member (audited with the computer login), do one act, close."""
    opened = service.open_evaluation(location)
    try:
        opened.act_as(member_id, getpass.getuser())
        return act(opened)
    finally:
        opened.close()


def _declare(args: argparse.Namespace) -> int:
    if args.interest is not None and args.bidder is None:
        print("Name the bidder the interest is in: --bidder B.", file=sys.stderr)
        return 2
    changes = as_member(
        args.file, args.member, lambda opened: panel.declare(opened, args.member, args.bidder, args.interest)
    )
    print("Saved the declaration." if not changes.empty else "Nothing to save: already declared.")
    return 0


def _mitigate(args: argparse.Namespace) -> int:
    chosen = [
        (Mitigation.CARRY_ON, args.carry_on),
        (Mitigation.OFF_BIDDER, args.off_bidder),
        (Mitigation.STAND_DOWN, args.stand_down),
    ]
    action, reason = next((a, r) for a, r in chosen if r is not None)
    as_member(
        args.file, args.lead, lambda opened: panel.mitigate(opened, args.lead, args.member, args.bidder, action, reason)
    )
    print("Saved the decision.")
    return 0


def _submit(args: argparse.Namespace) -> int:
    sealed = False

    def act(opened: OpenEvaluation) -> Changes:
        nonlocal sealed
        changes = panel.submit(opened, args.member, args.stage)
        sealed = opened.pack is not None and opened.pack.sealed
        return changes

    changes = as_member(args.file, args.member, act)
    what = f"the {args.stage} scores are" if args.stage else "the scores are"
    print(f"Submitted: {what} locked." if not changes.empty else "Already submitted.")
    if sealed:
        print("The pack is sealed: send it to the lead to import.")
    return 0


def _unlock(args: argparse.Namespace) -> int:
    as_member(
        args.file, args.lead, lambda opened: panel.unlock(opened, args.lead, args.member, args.stage, args.reason)
    )
    print(f"Reopened: {args.member}'s {args.stage} scores can be changed again.")
    return 0


def _pack_export(args: argparse.Namespace) -> int:
    opened = service.open_evaluation(args.file)
    try:
        info = packs.export_pack(opened, args.evaluator, Path(args.out))
    finally:
        opened.close()
    print(f"Wrote {args.out}: {info.member}'s pack of {info.source_title}.")
    return 0


def _pack_import(args: argparse.Namespace) -> int:
    opened = service.open_evaluation(args.file)
    try:
        imported = packs.import_pack(opened, Path(args.pack))
    finally:
        opened.close()
    print(f"Imported {imported.member}'s pack: {imported.scores} score(s), {imported.declarations} declaration(s).")
    return 0
