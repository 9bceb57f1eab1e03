"""svtool delivery ...: after award, from a terminal (docs/delivery.md).

The lead's acts (award, add-kpi, profile, thresholds, rate) name the lead with --as; returns, shortfalls and
follow-ups are recorded as the computer's login. Exit 0 when saved, 1 when refused (with every reason, located),
2 when the command itself was given wrongly.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, TypeVar

from svtool.cli.panel import as_member
from svtool.domain.delivery import standing, wealth
from svtool.domain.delivery_notice import figure
from svtool.domain.numbers import show
from svtool.services import delivery as service
from svtool.services import delivery_files as files
from svtool.services import evaluations
from svtool.services.changes import NOTHING, Changes
from svtool.services.session import OpenEvaluation

T = TypeVar("T")
FILE_HELP = "an evaluation file (.svt) or a PostgreSQL URL"


def _number(text: str) -> Decimal:
    try:
        value = Decimal(text.replace(",", ""))
    except InvalidOperation:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number") from None
    if not value.is_finite():
        raise argparse.ArgumentTypeError(f"'{text}' is not a number")
    return value


def _numbers(text: str) -> tuple[Decimal, ...]:
    return tuple(_number(part) for part in text.split(";") if part.strip())


def add_commands(commands: Any) -> None:
    delivery = commands.add_parser("delivery", help="after award: KPIs, returns, ratings, shortfalls, reports")
    sub = delivery.add_subparsers(dest="delivery_command", metavar="ACTION", required=True)

    def command(name: str, help_text: str, handler: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
        parser: argparse.ArgumentParser = sub.add_parser(name, help=help_text)
        parser.add_argument("file", metavar="FILE", help=FILE_HELP)
        parser.set_defaults(handler=handler)
        return parser

    award = command("award", "the lead awards the final evaluation to its recommended bidder", _award)
    award.add_argument("--as", dest="lead", metavar="LEAD", required=True)
    award.add_argument("--start", metavar="PERIOD", required=True, help="the first reporting period: 2027-Q1, or 2027")
    award.add_argument("--frequency", choices=("quarter", "year"), default="quarter")
    award.add_argument("--periods", type=int, default=8, help="reporting periods in the term (default 8)")
    kpi = command("add-kpi", "the lead adds a KPI not tied to a commitment (service quality, say)", _add_kpi)
    kpi.add_argument("--as", dest="lead", metavar="LEAD", required=True)
    kpi.add_argument("--title", required=True)
    kpi.add_argument("--unit", required=True, help="%%, people, GBP, hours, yes/no...")
    kpi.add_argument("--target", type=_number, required=True, help="the whole term's total, or the level to hold")
    kpi.add_argument("--owner", default="")
    kpi.add_argument("--role", default="", help="local-spend, living-wage, local-jobs or apprenticeships")
    kpi.add_argument("--profile", type=_numbers, help="one figure a period, separated by ';' (default: even)")
    profile = command("profile", "the lead sets a KPI's profile over the term, its owner or title", _profile)
    profile.add_argument("--as", dest="lead", metavar="LEAD", required=True)
    profile.add_argument("--kpi", required=True)
    profile.add_argument("--profile", type=_numbers)
    profile.add_argument("--owner")
    profile.add_argument("--title")
    thresholds = command("thresholds", "the lead sets the RAG thresholds (per cent of profile)", _thresholds)
    thresholds.add_argument("--as", dest="lead", metavar="LEAD", required=True)
    thresholds.add_argument("--green", type=_number, required=True)
    thresholds.add_argument("--amber", type=_number, required=True)
    template = command("template", "write the return workbook for a period", _template)
    template.add_argument("--period", required=True)
    template.add_argument("output", metavar="OUT.xlsx", type=Path)
    imported = command("import", "import a filled return workbook (refused whole, with every problem located)", _import)
    imported.add_argument("workbook", metavar="RETURN.xlsx", type=Path)
    imported.add_argument("--period", help="refuse the return unless it is for this period")
    shortfall = command("shortfall", "record a shortfall: the supplier's explanation and the agreed action", _shortfall)
    shortfall.add_argument("--kpi", required=True)
    shortfall.add_argument("--period", required=True)
    shortfall.add_argument("--explanation", required=True)
    shortfall.add_argument("--action", required=True)
    follow = command("follow-up", "record what became of a shortfall's action", _follow_up)
    follow.add_argument("--kpi", required=True)
    follow.add_argument("--period", required=True, help="the period the shortfall was recorded in")
    follow.add_argument("--note", required=True)
    follow.add_argument("--closed", action="store_true", help="the shortfall is put right")
    rate = command("rate", "the lead rates a KPI for a contract year (Procurement Act 2023 s.71)", _rate)
    rate.add_argument("--as", dest="lead", metavar="LEAD", required=True)
    rate.add_argument("--kpi", required=True)
    rate.add_argument("--year-to", dest="assessment", required=True, help="the last period of the year rated")
    rate.add_argument(
        "--rating", required=True, help="Good, Approaching target, Requires improvement, Inadequate or Other"
    )
    rate.add_argument("--reason", required=True)
    notice = command("notice", "print the annual assessment, ready to publish", _notice)
    notice.add_argument("--year-to", dest="assessment", required=True)
    command("status", "each KPI delivered against promised, and what the record still needs", _status)
    report = command("report", "write the delivery report for a scrutiny committee", _report)
    report.add_argument("--pdf", type=Path)
    report.add_argument("--xlsx", type=Path)


def _opened(location: str, act: Callable[[OpenEvaluation], T]) -> T:
    opened = evaluations.open_evaluation(location)
    try:
        return act(opened)
    finally:
        opened.close()


def _as_lead(args: argparse.Namespace, act: Callable[[OpenEvaluation], object]) -> None:
    def done(opened: OpenEvaluation) -> Changes:
        act(opened)
        return NOTHING

    as_member(args.file, args.lead, done)


def _award(args: argparse.Namespace) -> int:
    found: list[str] = []
    _as_lead(args, lambda o: found.extend(service.award(o, args.lead, args.start, args.frequency, args.periods)))
    print("Awarded: the recommended bidder's commitments are the contract's KPIs.")
    for need in found:
        print(f"Needed: {need}")
    return 0


def _add_kpi(args: argparse.Namespace) -> int:
    made: list[str] = []
    _as_lead(
        args,
        lambda o: made.append(
            service.add_kpi(o, args.lead, args.title, args.unit, args.target, args.owner, args.role, args.profile)
        ),
    )
    print(f"Added KPI {made[0]}.")
    return 0


def _profile(args: argparse.Namespace) -> int:
    _as_lead(args, lambda o: service.set_kpi(o, args.lead, args.kpi, args.profile, args.owner, args.title))
    print("Saved.")
    return 0


def _thresholds(args: argparse.Namespace) -> int:
    _as_lead(args, lambda o: service.set_thresholds(o, args.lead, args.green, args.amber))
    print("Saved.")
    return 0


def _template(args: argparse.Namespace) -> int:
    _opened(args.file, lambda o: files.write_template(o, args.period, args.output))
    print(f"Wrote the return template for {args.period} to {args.output}")
    return 0


def _import(args: argparse.Namespace) -> int:
    period = _opened(args.file, lambda o: files.import_return(o, args.workbook, args.period))
    print(f"Imported the return for {period}.")
    return 0


def _shortfall(args: argparse.Namespace) -> int:
    _opened(args.file, lambda o: service.record_shortfall(o, args.kpi, args.period, args.explanation, args.action))
    print("Recorded the shortfall and the agreed action.")
    return 0


def _follow_up(args: argparse.Namespace) -> int:
    _opened(args.file, lambda o: service.follow_up(o, args.kpi, args.period, args.note, args.closed))
    print("Recorded the follow-up.")
    return 0


def _rate(args: argparse.Namespace) -> int:
    _as_lead(args, lambda o: service.rate(o, args.lead, args.kpi, args.assessment, args.rating, args.reason))
    print("Rated.")
    return 0


def _notice(args: argparse.Namespace) -> int:
    print(_opened(args.file, lambda o: service.notice(o, args.assessment)))
    return 0


def _status(args: argparse.Namespace) -> int:
    def status(opened: OpenEvaluation) -> None:
        d = service.awarded(service.load(opened))
        reported = d.reported()
        upto = reported[-1] if reported else None
        print(
            f"Contract: {d.contract.supplier}, {d.contract.labels[0]} to {d.contract.labels[-1]}; returns: "
            f"{len(reported)} of {d.contract.periods}."
        )
        for kpi in d.kpis:
            now = standing(d, kpi, upto)
            print(
                f"{kpi.id} {kpi.title}: delivered {figure(now.delivered, kpi.unit)} against profile "
                f"{figure(now.profile, kpi.unit)} ({figure(now.of_profile, '%')}); {now.rag.value}."
            )
        w = wealth(d, opened.evaluation.lm3_respend_percent, upto)
        print(
            f"Local spend: {figure(w.local_pounds, 'GBP')} ({figure(w.local_percent, '%')}); LM3 "
            f"{'-' if w.lm3 is None else show(w.lm3)}; Real Living Wage coverage "
            f"{figure(w.living_wage_percent, '%')}."
        )
        for need in service.needs(d):
            print(f"Needed: {need}")

    _opened(args.file, status)
    return 0


def _report(args: argparse.Namespace) -> int:
    _opened(args.file, lambda o: files.write_report(o, args.pdf, args.xlsx))
    print("Wrote the delivery report to " + " and ".join(str(p) for p in (args.pdf, args.xlsx) if p) + ".")
    return 0
