"""A framework file's raw records, and reading their typed fields with a located problem for each bad one
instead of stopping. Both readers (frameworks/textformat.py, frameworks/workbook.py) produce RawRecords;
frameworks/validate.py builds the Framework from them. Moved out of validate.py."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from svtool.domain.framework import KNOWN_TAGS
from svtool.frameworks.problems import Location, Problem

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._\-]{0,39}$")
TAG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

#: Counts of what the source publishes, which the file may hold fewer of.
COUNT_FIELDS = ("published_themes", "published_outcomes", "published_criteria", "published_metrics")
#: A framework's own details, as text, in the order files write them.
INFO_TEXT_FIELDS = (
    "id",
    "name",
    "publisher",
    "version",
    "source",
    "licence",
    "url",
    "published",
    "description",
    "theme_word",
    "note",
)
FRAMEWORK_FIELDS = ("format", *INFO_TEXT_FIELDS, *COUNT_FIELDS)
THEME_FIELDS = ("id", "title", "description", "unconfirmed", "note")
OUTCOME_FIELDS = ("id", "theme", "title", "description", "unconfirmed", "note")
MEASURE_FIELDS = (
    "id",
    "outcome",
    "title",
    "kind",
    "unit",
    "description",
    "proxy_value",
    "proxy_source",
    "proxy_year",
    "target",
    "target_note",
    "evidence",
    "tags",
    "role",
    "ref",
    "unconfirmed",
    "note",
)
WORD_PATTERN = re.compile(r"^[a-z]+( [a-z]+)?$")
_TRUE = {"true", "yes", "y", "1"}
_FALSE = {"false", "no", "n", "0"}
FIELDS = {"framework": FRAMEWORK_FIELDS, "theme": THEME_FIELDS, "outcome": OUTCOME_FIELDS, "measure": MEASURE_FIELDS}


@dataclass(frozen=True)
class RawRecord:
    """One record as read from a file, before any checking, with a way to say where each field is."""

    kind: str  # "framework", "theme", "outcome" or "measure"
    values: Mapping[str, object]
    locate: Callable[[str | None], Location]  # the place of a field, or of the record itself for None


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """' (did you mean 'x'?)' for a near miss, else ''."""
    lowered = {c.lower(): c for c in choices}
    if word.lower() in lowered:
        return f" (did you mean '{lowered[word.lower()]}'?)"
    close = difflib.get_close_matches(word.lower(), list(lowered), n=1, cutoff=0.75)
    return f" (did you mean '{lowered[close[0]]}'?)" if close else ""


# Control characters (Unicode category Cc) other than tab and newline, and lone surrogates (Cs): a
# spreadsheet cannot hold them and no person means to type them.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def _control_character(text: str) -> str | None:
    found = _CONTROL.search(text)
    return f"U+{ord(found.group()):04X}" if found else None


class FieldReader:
    """Reads typed fields from one record, noting a problem for each bad one instead of stopping."""

    def __init__(self, record: RawRecord, label: str, problems: list[Problem]) -> None:
        self.record = record
        self.label = label
        self.problems = problems

    def problem(self, key: str | None, message: str, fix: str = "") -> None:
        self.problems.append(Problem(self.record.locate(key), self.label, key, message, fix))

    def present(self, key: str) -> bool:
        value = self.record.values.get(key)
        return value is not None and not (isinstance(value, str) and not value.strip())

    def text(self, key: str, *, required: bool = False) -> str:
        value = self.record.values.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(key, "is missing or empty", f"Give this {self.record.kind} a {key}.")
            return ""
        if not isinstance(value, str):
            self.problem(
                key, f"should be text, but is {describe(value)}", f'Put the value in double quotes: {key} = "{value}".'
            )
            return ""
        bad = _control_character(value)
        if bad:
            self.problem(key, f"contains an invisible control character ({bad})", "Delete that character.")
            return ""
        return value.strip()

    def ident(self, key: str) -> str:
        value = self.text(key, required=True)
        if value and not ID_PATTERN.match(value):
            self.problem(
                key,
                f"'{value}' is not a usable id",
                "Ids are up to 40 letters, digits, dots, hyphens or underscores, starting with a "
                "letter or digit, with no spaces.",
            )
            return ""
        return value

    def number(self, key: str) -> Decimal | None:
        if not self.present(key):
            return None
        value = self.record.values[key]
        number = to_decimal(value)
        if number is None:
            self.problem(
                key,
                f"{describe(value)} is not a number",
                "Write a plain number such as 12.50, with no units or currency sign.",
            )
            return None
        if number < 0:
            self.problem(key, f"must not be negative (it is {number})", "Use zero or a positive number.")
            return None
        if number >= LARGEST or number.as_tuple().exponent < -MOST_PLACES:  # type: ignore[operator]
            self.problem(
                key,
                f"{number:.3g} is not a figure a framework holds (at most {LARGEST:,}, with up to "
                f"{MOST_PLACES} decimal places)",
                "Check the figure; write it as a plain number.",
            )
            return None
        return number

    def flag(self, key: str) -> bool:
        """A true/false field; a spreadsheet cell may also say yes or no."""
        value = self.record.values.get(key)
        if value is None or isinstance(value, bool):
            return bool(value)
        if isinstance(value, str) and value.strip().lower() in _TRUE | _FALSE:
            return value.strip().lower() in _TRUE
        self.problem(
            key, f"{describe(value)} is not true or false", f"Write {key} = true, or leave the field out (false)."
        )
        return False

    def count(self, key: str) -> int | None:
        number = self.number(key)
        if number is None:
            return None
        if number != number.to_integral_value():
            self.problem(key, f"{number} is not a whole number", "Write how many the source publishes, such as 33.")
            return None
        return int(number)

    def year(self, key: str) -> int | None:
        number = self.number(key)
        if number is None:
            return None
        if number != number.to_integral_value() or not 1990 <= number <= 2100:
            self.problem(key, f"{number} is not a year", "Write a four-digit year such as 2024.")
            return None
        return int(number)

    def tags(self, key: str) -> tuple[str, ...]:
        value = self.record.values.get(key)
        if value is None:
            return ()
        if isinstance(value, str):  # spreadsheets hold a list as comma-separated text
            items: list[object] = [part.strip() for part in value.split(",") if part.strip()]
        elif isinstance(value, list):
            items = list(value)
        else:
            self.problem(
                key,
                f"should be a list of tags, but is {describe(value)}",
                'Write tags = ["local-spend", "living-wage"].',
            )
            return ()
        tags: list[str] = []
        for item in items:
            if not isinstance(item, str) or not TAG_PATTERN.match(item):
                suggestion = _slug(str(item))
                self.problem(
                    key,
                    f"{describe(item)} is not a usable tag",
                    "Tags are lower-case words joined by hyphens"
                    + (f", such as '{suggestion}'." if suggestion else "."),
                )
                continue
            if item not in KNOWN_TAGS:
                hint = did_you_mean(item, KNOWN_TAGS)
                if hint:
                    self.problem(
                        key,
                        f"'{item}' is not a known tag{hint}",
                        "Use the known tag so the scoring engine recognises the measure.",
                    )
                    continue
            if item in tags:
                self.problem(key, f"'{item}' is listed twice", "List each tag once.")
                continue
            tags.append(item)
        return tuple(tags)

    def unknown_fields(self) -> None:
        allowed = FIELDS[self.record.kind]
        for key in self.record.values:
            if key not in allowed:
                self.problem(
                    key,
                    f"'{key}' is not a field of a {self.record.kind}{did_you_mean(key, allowed)}",
                    f"Fields allowed here: {', '.join(allowed)}.",
                )


def describe(value: object) -> str:
    if isinstance(value, bool):
        return f"true/false ({str(value).lower()})"
    if isinstance(value, str):
        return f"'{value}'"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return f"'{value}'"


def _slug(text: str) -> str:
    return "-".join(re.findall(r"[a-z0-9]+", text.lower()))


#: As for an evaluation's figures (definition/fields.py): a proxy value or target of a thousand million million or
#: more, or with more than twenty decimal places (1e999999, 1e-999999), is a mistake, refused before any
#: arithmetic (which on such a number can run for minutes).
LARGEST = Decimal(10) ** 15
MOST_PLACES = 20


def to_decimal(value: object) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))  # the shortest decimal that round-trips, as a spreadsheet shows it
    elif isinstance(value, str):
        cleaned = value.strip().replace(",", "").removeprefix("£").strip()
        try:
            number = Decimal(cleaned)
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None
