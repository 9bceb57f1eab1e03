"""svtool frameworks ...: list, show and check framework files, and turn them into and out of workbooks."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from svtool.domain.framework import ROLE_WORDS, Framework, Measure, MeasureKind, MeasureRole
from svtool.domain.numbers import money
from svtool.services import frameworks as service


def add_commands(commands: Any) -> None:
    group = commands.add_parser(
        "frameworks", help="social value frameworks: list, show, check, import-xlsx, export-xlsx"
    )
    sub = group.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = sub.add_parser("list", help="list the frameworks svtool has")
    listing.set_defaults(handler=list_frameworks)

    show = sub.add_parser("show", help="print a framework's themes, outcomes and measures")
    show.add_argument("reference", metavar="ID", help="a framework id from 'list', or a .toml/.xlsx path")
    show.set_defaults(handler=show_framework)

    check = sub.add_parser("check", help="check framework files; exit 1 if any has problems")
    check.add_argument("files", metavar="FILE", nargs="+", type=Path)
    check.set_defaults(handler=check_files)

    imports = sub.add_parser("import-xlsx", help="turn a framework workbook into a framework text file")
    imports.add_argument("source", metavar="IN", type=Path, help="the .xlsx workbook")
    imports.add_argument("destination", metavar="OUT", type=Path, help="the .toml file to write")
    imports.set_defaults(handler=import_xlsx)

    exports = sub.add_parser("export-xlsx", help="write a framework as a workbook, one row per measure")
    exports.add_argument("reference", metavar="ID", help="a framework id from 'list', or a .toml path")
    exports.add_argument("destination", metavar="OUT", type=Path, help="the .xlsx file to write")
    exports.set_defaults(handler=export_xlsx)


def list_frameworks(_: argparse.Namespace) -> int:
    entries = service.library()
    if not entries:
        print("No frameworks found.")
        return 0
    rows = [("ID", "NAME", "VERSION", "MEASURES", "LICENCE")]
    for entry in entries:
        fw = entry.framework
        if fw is None:
            rows.append(("(invalid)", entry.path.name, "", "", f"{len(entry.problems)} problem(s)"))
        else:
            licence = fw.info.licence if len(fw.info.licence) <= 48 else fw.info.licence[:47] + "…"
            rows.append((fw.id, fw.info.name, fw.info.version, str(len(fw.measures)), licence))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    for row in rows:
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip())
    return 0


def show_framework(args: argparse.Namespace) -> int:
    print(describe(service.load_framework(args.reference)))
    return 0


def describe(framework: Framework) -> str:
    info = framework.info
    lines = [
        f"{info.name}  [{info.id}]",
        f"Publisher: {info.publisher}    Version: {info.version}",
        f"Licence: {info.licence}",
        f"Source: {info.source}",
    ]
    if info.url:
        lines.append(f"Link: {info.url}")
    lines.append(framework.contents())
    if info.note:
        lines.append(f"Note: {info.note}")
    if any(_unconfirmed(framework)):
        lines.append("[unconfirmed] marks wording not checked against the published source.")
    for theme in framework.themes:
        lines += ["", f"{theme.id}  {theme.title}{_mark(theme.unconfirmed)}"]
        for outcome in framework.outcomes_of(theme.id):
            lines.append(f"  {outcome.id}  {outcome.title}{_mark(outcome.unconfirmed)}")
            for measure in framework.measures_of(outcome.id):
                lines.append(
                    f"    {measure.id}  {measure.label}  ({_measure_facts(measure)}){_mark(measure.unconfirmed)}"
                )
    return "\n".join(lines)


def _unconfirmed(framework: Framework) -> list[bool]:
    return (
        [t.unconfirmed for t in framework.themes]
        + [o.unconfirmed for o in framework.outcomes]
        + [m.unconfirmed for m in framework.measures]
    )


def _mark(unconfirmed: bool) -> str:
    return "  [unconfirmed]" if unconfirmed else ""


def _measure_facts(measure: Measure) -> str:
    facts = [] if measure.role is MeasureRole.MEASURE else [ROLE_WORDS[measure.role][0]]
    facts += ["qualitative"] if measure.kind is MeasureKind.QUALITATIVE else [f"unit {measure.unit}"]
    if measure.target is not None:
        facts.append(f"target {measure.target}{'%' if measure.unit == '%' else ''}")
    if measure.proxy:
        facts.append(f"proxy {money(measure.proxy.value)} per unit ({measure.proxy.year} prices)")
    return "; ".join(facts)


def check_files(args: argparse.Namespace) -> int:
    results = service.check_files(args.files)
    for result in results:
        if result.ok and result.framework is not None:
            fw = result.framework
            print(
                f"OK       {result.path}: {fw.info.name} ({len(fw.themes)} themes, {len(fw.outcomes)} "
                f"outcomes, {len(fw.measures)} measures)"
            )
        else:
            print(f"INVALID  {result.path}: {len(result.problems)} problem(s)")
            for problem in result.problems:
                print(f"  - {problem}")
    bad = sum(not r.ok for r in results)
    if bad:
        print(f"{bad} of {len(results)} file(s) have problems.")
    return 1 if bad else 0


def import_xlsx(args: argparse.Namespace) -> int:
    framework = service.import_xlsx(args.source, args.destination)
    print(f"Imported {framework.info.name}: {len(framework.measures)} measures written to {args.destination}")
    return 0


def export_xlsx(args: argparse.Namespace) -> int:
    framework = service.export_xlsx(args.reference, args.destination)
    print(f"Wrote {framework.info.name} ({len(framework.measures)} measures) to {args.destination}")
    return 0
