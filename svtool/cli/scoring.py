"""svtool score / bids: save scores, and bidders from a tender portal's export, from a terminal or a script.

A CSV file is all or nothing: every row is read and checked before anything is saved, every refused row is named
with its line and why, and then either all rows are saved in one transaction or none is (services/batch.py).
Exit status: 0 saved (or nothing needed saving), 1 refused, 2 the command itself was given wrongly.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar

from svtool.cli.csvfile import CsvRow, control_character, has_column, plain_number, read_rows, shown
from svtool.domain.evaluation import Attribute, Score
from svtool.domain.postcodes import PostcodeError, normalise_postcode
from svtool.services import batch
from svtool.services import evaluations as service
from svtool.services.batch import BatchRefused, BidderUpdate
from svtool.services.session import OpenEvaluation, StaleEdit

SCORE_COLUMNS = ("evaluator", "bidder", "question", "stage", "value", "reason")
BID_COLUMNS = ("id", "name", "price")
DETAIL_COLUMNS = ("address", "postcode", "identifier")
#: One score's options, by the CSV column each stands for.
ONE_SCORE = {
    "evaluator": "--as",
    "bidder": "--bidder",
    "question": "--question",
    "stage": "--stage",
    "value": "--value",
    "reason": "--reason",
}
T = TypeVar("T")
PRICE_HINT = "write it in pounds, such as 4650000.00 or £4,650,000.00"
ATTRIBUTE_NAMES = ", ".join(a.value for a in Attribute)
#: Other ways portals write the attributes.
ATTRIBUTE_ALIASES = {
    "co-op": Attribute.CO_OPERATIVE,
    "coop": Attribute.CO_OPERATIVE,
    "cooperative": Attribute.CO_OPERATIVE,
    "socialenterprise": Attribute.SOCIAL_ENTERPRISE,
}


def add_commands(commands: Any) -> None:
    score = commands.add_parser("score", help="save one score, or many from a CSV file (all or nothing)")
    score.add_argument("file", metavar="FILE", help="an evaluation file (.svt) or a PostgreSQL URL")
    score.add_argument(
        "--csv",
        metavar="SCORES.csv",
        type=Path,
        help="columns evaluator, bidder, question, stage, value, reason, and optionally version",
    )
    for column, option in ONE_SCORE.items():
        score.add_argument(option, dest=column, metavar=column.upper())
    score.set_defaults(handler=save_scores)

    bids = commands.add_parser("bids", help="add or update bidders from a tender portal's CSV export")
    bids.add_argument("file", metavar="FILE", help="an evaluation file (.svt) or a PostgreSQL URL")
    bids.add_argument(
        "--csv",
        metavar="BIDS.csv",
        type=Path,
        required=True,
        help=f"columns id, name, price, and optionally attributes ({ATTRIBUTE_NAMES}), address, "
        "postcode and identifier (Companies House number or Central Digital Platform identifier)",
    )
    bids.set_defaults(handler=save_bids)


@dataclass(frozen=True)
class Refusal:
    line: int
    message: str


# svtool score ----------------------------------------------------------------------------------------------------


def save_scores(args: argparse.Namespace) -> int:
    given = [option for column, option in ONE_SCORE.items() if getattr(args, column) is not None]
    if args.csv is not None:
        if given:
            return _usage(f"Give either --csv SCORES.csv or one score's options, not both ({', '.join(given)}).")
        return _save_score_csv(args.file, args.csv)
    missing = [option for column, option in ONE_SCORE.items() if getattr(args, column) is None]
    if missing:
        return _usage(
            f"To save one score give {', '.join(ONE_SCORE.values())} (missing: {', '.join(missing)}); "
            "or give --csv SCORES.csv."
        )
    return _save_one_score(args)


def _save_one_score(args: argparse.Namespace) -> int:
    parsed = _score({column: getattr(args, column).strip() for column in ONE_SCORE})
    if isinstance(parsed, str):
        return _fail(parsed)
    opened = service.open_evaluation(args.file)
    try:
        changes = opened.record_score(parsed)
    finally:
        opened.close()
    what = f"{parsed.evaluator_id}'s score for {parsed.bidder_id}, {parsed.question_id} ({parsed.stage_id})"
    if changes.empty:
        print(f"Nothing to save: {what} is already {format(parsed.value, 'f')}, with that reason.")
    else:
        print(f"Saved {what}: {format(parsed.value, 'f')}.")
    return 0


def _save_score_csv(location: str, path: Path) -> int:
    label = str(path)
    rows = read_rows(path, label, SCORE_COLUMNS, ("version",))
    refusals, good = _parse_rows(rows, _score_row)
    scores = [score for _line, (score, _version) in good]
    versions = [version for _line, (_score, version) in good]
    lines = [line for line, _parsed in good]
    opened = service.open_evaluation(location)
    try:
        refusals += _indexed(lines, batch.check_scores(opened, scores, versions, [f"line {n}" for n in lines]))
        if refusals:
            return _refused(label, refusals, len(rows))
        try:
            saved = len(batch.record_scores(opened, scores, versions).scores)
        except BatchRefused as refused:
            return _refused(label, _indexed(lines, refused.problems), len(rows))
        where = opened.location
    finally:
        opened.close()
    return _scores_saved(label, where, saved, len(scores) - saved)


def _scores_saved(label: str, where: str, saved: int, unchanged: int) -> int:
    if not saved:
        print(
            f"Nothing to save: the {_count(unchanged, 'score')} in {label} {_are(unchanged)} as already stored in "
            f"{where}."
        )
    else:
        also = f" ({unchanged} unchanged, as already stored)" if unchanged else ""
        print(f"Saved {_count(saved, 'score')} from {label} to {where}{also}.")
    return 0


def _score_row(row: CsvRow) -> tuple[Score, int | None] | str:
    score = _score(row.cells)
    if isinstance(score, str):
        return score
    text = row.cells.get("version", "")
    if not text:
        return score, None
    if not text.isdigit() or len(text) > 9:
        return (
            f"The version '{shown(text)}' is not a whole number: give the version of the stored score this row "
            "was based on, 0 if there must be none yet, or leave it blank."
        )
    return score, int(text)


def _score(cells: Mapping[str, str]) -> Score | str:
    """One score from its text, or why it cannot be one (the evaluation's own checks come later)."""
    for column in ("evaluator", "bidder", "question", "stage"):
        problem = _id_problem(column, cells[column])
        if problem:
            return problem
    value = plain_number(cells["value"])
    if value is None:
        return _not_a_number("value", cells["value"], "write it in digits, such as 3 or 2.5")
    control = control_character(cells["reason"], allow_line_breaks=True)
    if control:
        return f"The reason holds a control character ({control}), which cannot be saved. Remove it."
    return Score(cells["evaluator"], cells["bidder"], cells["question"], cells["stage"], value, cells["reason"])


# svtool bids -----------------------------------------------------------------------------------------------------


def save_bids(args: argparse.Namespace) -> int:
    label = str(args.csv)
    rows = read_rows(args.csv, label, BID_COLUMNS, ("attributes", *DETAIL_COLUMNS))
    with_attributes = has_column(rows, "attributes")
    details = tuple(c for c in DETAIL_COLUMNS if has_column(rows, c))
    refusals, good = _parse_rows(rows, lambda row: _bidder_row(row, with_attributes, details))
    updates = [update for _line, update in good]
    lines = [line for line, _update in good]
    refusals += _indexed(lines, batch.check_bidders(updates, [f"line {n}" for n in lines]))
    if refusals:
        return _refused(label, refusals, len(rows))
    opened = service.open_evaluation(args.file)
    try:
        saved = _save_bidders(opened, updates, f"Bidders from {args.csv.name}")
        where = opened.location
    finally:
        opened.close()
    if saved is None:
        return _fail(
            f"{label}: nothing was saved, because another session changed the bidders while these were "
            "being saved. Run it again to check them against what is now stored."
        )
    if not (saved.added or saved.updated):
        unchanged = len(saved.unchanged)
        print(f"Nothing to save: the {_count(unchanged, 'bidder')} in {label} {_are(unchanged)} as already stored.")
    else:
        print(
            f"Saved the bidders from {label} to {where}: {len(saved.added)} added, {len(saved.updated)} updated, "
            f"{len(saved.unchanged)} unchanged."
        )
    return 0


def _save_bidders(opened: OpenEvaluation, updates: list[BidderUpdate], summary: str) -> batch.BiddersSaved | None:
    try:
        return batch.save_bidders(opened, updates, summary)
    except StaleEdit:
        return None


def _bidder_row(row: CsvRow, with_attributes: bool, details: tuple[str, ...] = ()) -> BidderUpdate | str:
    cells = row.cells
    problem = _id_problem("id", cells["id"]) if cells["id"] else None
    control = control_character(cells["name"])
    if problem or control:
        return problem or f"The name holds a control character ({control}), which cannot be saved. Remove it."
    price = _price(cells["price"])
    if isinstance(price, str):
        return price
    attributes = _attributes(cells["attributes"]) if with_attributes else None
    if isinstance(attributes, str):
        return attributes
    given = {column: cells[column] for column in details}
    for column, text in given.items():
        if (control := control_character(text)) is not None:
            return f"The {column} holds a control character ({control}), which cannot be saved. Remove it."
    if "postcode" in given:
        try:
            given["postcode"] = normalise_postcode(given["postcode"])
        except PostcodeError as problem:
            return str(problem)
    return BidderUpdate(cells["id"], cells["name"], price, attributes, **given)


def _price(text: str) -> Decimal | str | None:
    """A price in pounds (4650000.00, £4,650,000.00), None if blank, or why it is not one."""
    if not text:
        return None
    plain = text.removeprefix("£").strip()
    if plain.startswith("-£"):
        plain = "-" + plain[2:]
    whole = plain.partition(".")[0].lstrip("+-")
    groups = whole.split(",")
    if len(groups) > 1 and (not 1 <= len(groups[0]) <= 3 or any(len(g) != 3 for g in groups[1:])):
        return _not_a_number("price", text, PRICE_HINT)
    value = plain_number(plain.replace(",", ""))
    return _not_a_number("price", text, PRICE_HINT) if value is None else value


def _attributes(text: str) -> frozenset[Attribute] | str:
    found: set[Attribute] = set()
    for part in text.replace(",", ";").split(";"):
        word = "-".join(part.strip().lower().replace("_", " ").split())
        if not word:
            continue
        attribute = ATTRIBUTE_ALIASES.get(word.replace("-", "")) or next(
            (a for a in Attribute if a.value == word), None
        )
        if attribute is None:
            return (
                f"'{shown(part.strip())}' is not an attribute svtool knows: use {ATTRIBUTE_NAMES}, separated by "
                "semicolons."
            )
        found.add(attribute)
    return frozenset(found)


# Shared ----------------------------------------------------------------------------------------------------------


def _parse_rows(
    rows: Sequence[CsvRow], parse: Callable[[CsvRow], T | str]
) -> tuple[list[Refusal], list[tuple[int, T]]]:
    """Each row parsed, or refused with why; the good ones with their lines."""
    refusals: list[Refusal] = []
    good: list[tuple[int, T]] = []
    for row in rows:
        parsed = parse(row)
        if row.problem or isinstance(parsed, str):
            refusals.append(Refusal(row.line, row.problem or str(parsed)))
        else:
            good.append((row.line, parsed))
    return refusals, good


def _indexed(lines: Sequence[int], problems: Sequence[batch.RowProblem]) -> list[Refusal]:
    return [Refusal(lines[p.index], p.message) for p in problems]


def _id_problem(column: str, text: str) -> str | None:
    if not text:
        return f"The {column} is blank."
    control = control_character(text, strict=True)
    if control:
        return f"The {column} '{shown(text)}' holds a control or invisible character ({control}). Remove it."
    if len(text) > batch.MAX_ID_LENGTH:
        return f"The {column} '{shown(text)}' is {len(text):,} characters long; an id is at most {batch.MAX_ID_LENGTH}."
    return None


def _not_a_number(column: str, text: str, hint: str) -> str:
    if not text:
        return f"The {column} is blank: {hint}."
    return f"The {column} '{shown(text)}' is not a number svtool accepts: {hint}."


def _refused(label: str, refusals: Sequence[Refusal], rows: int) -> int:
    for refusal in sorted(refusals, key=lambda r: r.line):
        print(_one_line(f"{label}, line {refusal.line}: {refusal.message}"), file=sys.stderr)
    refused = len({r.line for r in refusals})
    print(
        f"Nothing was saved: {refused} of {_count(rows, 'row')} in {label} {_were(refused)} refused. Put them right "
        "and run the command again.",
        file=sys.stderr,
    )
    return 1


def _fail(message: str) -> int:
    print(_one_line(message), file=sys.stderr)
    return 1


def _usage(message: str) -> int:
    print(message, file=sys.stderr)
    return 2


def _one_line(message: str) -> str:
    return " ".join(message.splitlines())


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _are(number: int) -> str:
    return "is" if number == 1 else "are"


def _were(number: int) -> str:
    return "was" if number == 1 else "were"
