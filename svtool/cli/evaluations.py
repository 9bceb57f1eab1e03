"""svtool demo / new / dump / results / verify: evaluation documents from a terminal."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

from svtool.domain.numbers import show
from svtool.domain.results import FlagKind
from svtool.domain.sensitivity import split_sensitivity
from svtool.services import evaluations as service
from svtool.services.analysis import check_reasons
from svtool.services.demo import create_demo
from svtool.services.reporting import ReportSettings, Standstill, results_json


def add_commands(commands: Any) -> None:
    demo = commands.add_parser("demo", help="write a realistic demonstration evaluation")
    demo.add_argument("output", metavar="OUT.svt", type=Path)
    demo.add_argument(
        "--delivery",
        action="store_true",
        help="the evaluation final and awarded, with two years of quarterly returns (docs/delivery.md)",
    )
    demo.set_defaults(handler=write_demo)

    new = commands.add_parser("new", help="create an evaluation file from a definition file")
    new.add_argument("--from", dest="definition", metavar="DEF.toml", type=Path, required=True)
    new.add_argument("output", metavar="OUT.svt", help="a new .svt file, or an empty PostgreSQL database URL")
    new.set_defaults(handler=new_from_definition)

    dump = commands.add_parser("dump", help="print an evaluation file as a definition file")
    dump.add_argument("file", metavar="FILE.svt")
    dump.set_defaults(handler=dump_definition)

    results = commands.add_parser("results", help="the ranking, subtotals and flags")
    results.add_argument("file", metavar="FILE.svt")
    results.add_argument("--json", action="store_true", help="print JSON (docs/results-json.md)")
    results.set_defaults(handler=show_results)

    verify = commands.add_parser(
        "verify",
        help="prove the file is what its audit trail says: the chain intact, and the trail replayed "
        "giving exactly the stored data (docs/audit-trail.md); exit 1 if not",
    )
    verify.add_argument("file", metavar="FILE.svt", help="an evaluation file, or a PostgreSQL database URL")
    verify.add_argument(
        "--anchor",
        metavar="HASH",
        help="a head hash recorded earlier (whole, or its first 12 characters or more): fail unless "
        "the trail still holds that entry, so a trail cut short or rebuilt since is caught",
    )
    verify.set_defaults(handler=verify_file)
    add_export_command(commands)


def write_demo(args: argparse.Namespace) -> int:
    if args.delivery:
        from svtool.services.demo_delivery import create_delivery_demo

        create_delivery_demo(args.output).close()
        print(f"Wrote the demonstration contract, awarded with two years of returns, to {args.output}")
        return 0
    opened = create_demo(args.output)
    opened.close()
    print(f"Wrote the demonstration evaluation to {args.output}")
    return 0


def new_from_definition(args: argparse.Namespace) -> int:
    opened = service.create_from_definition(args.definition, args.output)
    evaluation, scores = opened.evaluation, len(opened.scores)
    opened.close()
    print(
        f"Created {args.output}: {evaluation.title} ({len(evaluation.bidders)} bidders, "
        f"{len(evaluation.questions)} questions, {scores} scores)"
    )
    return 0


def dump_definition(args: argparse.Namespace) -> int:
    opened = service.open_evaluation(args.file)
    try:
        sys.stdout.write(opened.definition_text())
    finally:
        opened.close()
    return 0


def show_results(args: argparse.Namespace) -> int:
    opened = service.open_evaluation(args.file)
    try:
        results = opened.results()
        if args.json:
            print(json.dumps(results_json(opened.evaluation, opened.engine, results), indent=2, ensure_ascii=False))
            return 0
        evaluation = opened.evaluation
        print(f"{evaluation.title}" + (f"  ({evaluation.reference})" if evaluation.reference else ""))
        envelopes = [e for e in evaluation.envelopes]
        header = ["Rank", "Bidder", *[e.name for e in envelopes], "Total"]
        rows = [
            [
                str(b.rank) if b.rank else "excl.",
                b.name,
                *[show(b.envelope_totals[e.id]) for e in envelopes],
                show(b.total),
            ]
            for b in results.bidders
        ]
        widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
        for row in [header, *rows]:
            print(
                "  ".join(
                    c.rjust(w) if i != 1 else c.ljust(w) for i, (c, w) in enumerate(zip(row, widths, strict=True))
                )
            )
        winner = results.winner
        print()
        print(f"Recommended: {winner.name}" if winner else "No single recommended bidder.")
        for bidder in results.bidders:
            for reason in bidder.exclusion_reasons:
                print(f"Excluded: {bidder.name}: {reason}")
        shown = [f for f in results.flags if f.kind not in (FlagKind.EXCLUDED, FlagKind.DIVERGENCE)]
        divergent = sum(f.kind is FlagKind.DIVERGENCE for f in results.flags)
        for flag in shown:
            print(f"Flag: {flag.message}")
        if divergent:
            print(
                f"Flag: {divergent} stage score(s) where evaluators were {show(evaluation.panel.divergence_points)} "
                "or more points apart (see the breakdown)."
            )
        split = split_sensitivity(opened.engine, results)
        if split:
            print(split.statement)
        for check in check_reasons(opened.current()):  # the Setup page's Checks, as counts
            print(f"Warning: {check.text}")
    finally:
        opened.close()
    return 0


def verify_file(args: argparse.Namespace) -> int:
    check = service.verify_file(args.file, args.anchor)
    for line in check.lines:
        print(line)
    return 0 if check.ok else 1


def add_export_command(commands: Any) -> None:
    export = commands.add_parser("export", help="write the Excel workbook, the PDF report and assessment summaries")
    export.add_argument("file", metavar="FILE.svt")
    export.add_argument("--xlsx", metavar="OUT.xlsx", type=Path, help="the workbook for finance and audit")
    export.add_argument("--pdf", metavar="OUT.pdf", type=Path, help="the report for the cabinet paper")
    export.add_argument("--summaries", metavar="DIR", type=Path, help="a folder for one assessment summary per bidder")
    export.add_argument("--council", metavar="NAME", default="", help="the council's name, on every document")
    export.add_argument("--logo", metavar="FILE", type=Path, help="the council's logo (PNG or JPEG), on the report")
    export.add_argument(
        "--published",
        metavar="WHERE",
        default="the tender documents",
        help="where the award criteria were published, for the summaries",
    )
    export.add_argument(
        "--notice-date",
        metavar="YYYY-MM-DD",
        type=dt.date.fromisoformat,
        help="the day the contract award notice is published (default: today), for the standstill",
    )
    export.add_argument(
        "--standstill",
        choices=[s.value for s in Standstill],
        default=Standstill.MANDATORY.value,
        help="mandatory (Procurement Act 2023 s.51), or for a light touch contract voluntary or none",
    )
    export.add_argument("--term", metavar="TEXT", default="", help="the contract term, such as '3 years plus 2'")
    export.add_argument(
        "--procedure",
        metavar="TEXT",
        default="",
        help="the procurement procedure followed, for the report, such as 'Open procedure'",
    )
    export.set_defaults(handler=export_files)


def export_files(args: argparse.Namespace) -> int:
    from svtool.services.reporting import ExportRequest, export

    if not (args.xlsx or args.pdf or args.summaries):
        print("Say what to export: --xlsx OUT.xlsx, --pdf OUT.pdf and/or --summaries DIR.", file=sys.stderr)
        return 2
    settings = ReportSettings(
        council_name=args.council,
        logo_path=args.logo,
        criteria_published=args.published,
        notice_date=args.notice_date,
        standstill=Standstill(args.standstill),
        contract_term=args.term,
        procedure=args.procedure,
    )
    opened = service.open_evaluation(args.file)
    try:
        written = export(opened, ExportRequest(args.xlsx, args.pdf, args.summaries, settings))
    finally:
        opened.close()
    for path in written:
        print(f"Wrote {path}")
    return 0
