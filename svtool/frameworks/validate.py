"""Turn raw records (from a TOML file or a workbook) into a Framework, or a list of precise problems.

Both readers produce the same RawRecords, so every rule lives here once and an error in a workbook reads
exactly like the same error in a text file, only with a sheet, row and column instead of a line.
"""

from __future__ import annotations

from collections.abc import Sequence

from svtool.domain.framework import (
    UNITS,
    Framework,
    FrameworkInfo,
    Measure,
    MeasureKind,
    MeasureRole,
    Outcome,
    ProxyValue,
    Theme,
)
from svtool.frameworks.problems import FrameworkInvalid, Location, Problem
from svtool.frameworks.records import WORD_PATTERN, FieldReader, RawRecord, describe, did_you_mean, to_decimal

#: The newest framework file format this svtool reads and writes.
FORMAT_VERSION = 1


def build_framework(records: Sequence[RawRecord], source: str) -> Framework:
    """Check every record and build the framework; raise FrameworkInvalid listing every problem found."""
    problems: list[Problem] = []
    meta = [r for r in records if r.kind == "framework"]
    if not meta:
        where = records[0].locate(None) if records else Location(source)
        raise FrameworkInvalid(
            [
                Problem(
                    where,
                    "the file",
                    None,
                    "has no [framework] table",
                    "Start the file with a [framework] table giving id, name, publisher, version, source and licence.",
                )
            ]
        )
    info = _read_info(meta[0], problems)
    if problems and problems[-1].field == "format" and "newer" in problems[-1].message:
        raise FrameworkInvalid(problems)  # a newer format: the rest would only be noise

    themes: list[Theme] = []
    outcomes: list[Outcome] = []
    measures: list[Measure] = []
    seen: dict[str, tuple[str, Location]] = {}
    parents: list[tuple[FieldReader, str, str]] = []  # (reader, parent field, parent id) checked at the end

    def claim(reader: FieldReader, ident: str) -> bool:
        if not ident:
            return False
        if ident in seen:
            kind, where = seen[ident]
            reader.problem(
                "id",
                f"'{ident}' is already the id of a {kind} ({where})",
                "Give every theme, outcome and measure its own id.",
            )
            return False
        seen[ident] = (reader.record.kind, reader.record.locate("id"))
        return True

    for position, record in enumerate(records, start=1):
        if record.kind == "framework":
            continue
        raw_id = record.values.get("id")
        label = (
            f"{record.kind} '{raw_id}'"
            if isinstance(raw_id, str) and raw_id.strip()
            else f"{record.kind} (record {position})"
        )
        reader = FieldReader(record, label, problems)
        reader.unknown_fields()
        ident = reader.ident("id")
        title = reader.text("title", required=True)
        description = reader.text("description")
        unique = claim(reader, ident)
        if record.kind == "theme":
            unconfirmed, note = reader.flag("unconfirmed"), reader.text("note")
            if unique:
                themes.append(Theme(ident, title, description, unconfirmed, note))
        elif record.kind == "outcome":
            theme_id = reader.text("theme", required=True)
            parents.append((reader, "theme", theme_id))
            unconfirmed, note = reader.flag("unconfirmed"), reader.text("note")
            if unique:
                outcomes.append(Outcome(ident, theme_id, title, description, unconfirmed, note))
        elif record.kind == "measure":
            outcome_id = reader.text("outcome", required=True)
            parents.append((reader, "outcome", outcome_id))
            measure = _read_measure(reader, ident, outcome_id, title, description)
            if unique and measure is not None:
                measures.append(measure)

    _check_tree(themes, outcomes, measures, parents, records, problems, source)
    _check_counts(info, meta[0], themes, outcomes, measures, problems)
    if problems:
        raise FrameworkInvalid(sorted(problems, key=lambda p: (p.where.line or 0, p.where.row or 0)))
    # Canonical order: outcomes follow their themes and measures their outcomes (stable within each), so
    # a file, its workbook copy and the tree on screen all list things the same way.
    theme_rank = {t.id: i for i, t in enumerate(themes)}
    outcomes.sort(key=lambda o: theme_rank[o.theme_id])
    outcome_rank = {o.id: i for i, o in enumerate(outcomes)}
    measures.sort(key=lambda m: outcome_rank[m.outcome_id])
    return Framework(info, tuple(themes), tuple(outcomes), tuple(measures))


def _read_info(record: RawRecord, problems: list[Problem]) -> FrameworkInfo:
    reader = FieldReader(record, "the [framework] table", problems)
    if reader.present("format"):
        version = to_decimal(record.values["format"])
        if version is None or version != version.to_integral_value() or version < 1:
            reader.problem(
                "format",
                f"{describe(record.values['format'])} is not a format version",
                f"Write format = {FORMAT_VERSION}.",
            )
        elif version > FORMAT_VERSION:
            reader.problem(
                "format",
                f"this file uses format {version}, from a newer svtool; this svtool "
                f"reads format {FORMAT_VERSION} and earlier",
                "Update svtool to open it, or ask whoever sent it for a format 1 copy.",
            )
            return FrameworkInfo("", "", "", "", "", "")
    reader.unknown_fields()
    return FrameworkInfo(
        id=reader.ident("id"),
        name=reader.text("name", required=True),
        publisher=reader.text("publisher", required=True),
        version=reader.text("version", required=True),
        source=reader.text("source", required=True),
        licence=reader.text("licence", required=True),
        url=reader.text("url"),
        published=reader.text("published"),
        description=reader.text("description"),
        theme_word=_theme_word(reader),
        note=reader.text("note"),
        published_themes=reader.count("published_themes"),
        published_outcomes=reader.count("published_outcomes"),
        published_criteria=reader.count("published_criteria"),
        published_metrics=reader.count("published_metrics"),
    )


def _theme_word(reader: FieldReader) -> str:
    word = reader.text("theme_word")
    if word and not WORD_PATTERN.match(word):
        reader.problem(
            "theme_word",
            f"'{word}' is not a plain lower-case word",
            'Write the singular word the source uses for its top level, such as theme_word = "mission".',
        )
        return ""
    return word


def _check_counts(
    info: FrameworkInfo,
    record: RawRecord,
    themes: list[Theme],
    outcomes: list[Outcome],
    measures: list[Measure],
    problems: list[Problem],
) -> None:
    """A file may hold fewer than its source publishes, never more: more means a count or a record is wrong."""
    held = {
        "published_themes": (len(themes), "themes"),
        "published_outcomes": (len(outcomes), "outcomes"),
        "published_criteria": (
            sum(m.role is MeasureRole.AWARD_CRITERION for m in measures),
            'measures with role = "award-criterion"',
        ),
        "published_metrics": (
            sum(m.role is MeasureRole.REPORTING_METRIC for m in measures),
            'measures with role = "reporting-metric"',
        ),
    }
    for key, (count, what) in held.items():
        total = getattr(info, key)
        if total is not None and count > total:
            problems.append(
                Problem(
                    record.locate(key),
                    "the [framework] table",
                    key,
                    f"says the source publishes {total}, but the file holds {count} {what}",
                    "Correct the count, or remove the records the source does not have.",
                )
            )


def _read_measure(reader: FieldReader, ident: str, outcome_id: str, title: str, description: str) -> Measure | None:
    before = len(reader.problems)
    role_text = reader.text("role") or MeasureRole.MEASURE.value
    guessed = False
    try:
        role = MeasureRole(role_text)
    except ValueError:
        guessed = True
        choices = [r.value for r in MeasureRole]
        reader.problem(
            "role",
            f"'{role_text}' is not a role{did_you_mean(role_text, choices)}",
            'Write role = "award-criterion" (a published criterion, scored on the scale), '
            'role = "reporting-metric" (a published metric with a unit), or leave it out.',
        )
        role = MeasureRole.MEASURE
    # An award criterion is scored on the scale, so it is qualitative unless the file says otherwise.
    # With a mistyped role, the unit says which was meant, so the typo is the only problem reported.
    qualitative = role is MeasureRole.AWARD_CRITERION or (guessed and not reader.present("unit"))
    default_kind = MeasureKind.QUALITATIVE if qualitative else MeasureKind.QUANTITATIVE
    kind_text = reader.text("kind") or default_kind.value
    try:
        kind = MeasureKind(kind_text)
    except ValueError:
        reader.problem(
            "kind",
            f"'{kind_text}' is not a kind of measure",
            'Write kind = "quantitative" (a bidder commits a number) or kind = "qualitative" '
            "(a method statement scored on the scale).",
        )
        kind = MeasureKind.QUANTITATIVE
    unit = reader.text("unit") or None
    proxy_value = reader.number("proxy_value")
    proxy_source = reader.text("proxy_source")
    proxy_year = reader.year("proxy_year")
    target = reader.number("target")
    target_note = reader.text("target_note")
    evidence = reader.text("evidence")
    tags = reader.tags("tags")

    if kind is MeasureKind.QUALITATIVE:
        for key in ("unit", "proxy_value", "proxy_source", "proxy_year", "target"):
            if reader.present(key):
                reader.problem(
                    key,
                    "a qualitative measure is scored on the evaluation's scale, so it takes no "
                    f"{key.replace('_', ' ')}",
                    "Remove the field, or make the measure quantitative.",
                )
        unit = None
    elif unit is None:
        reader.problem(
            "unit", "is missing: a quantitative measure needs a unit", f'Add unit = "...", one of: {", ".join(UNITS)}.'
        )
    elif unit not in UNITS:
        reader.problem(
            "unit", f"'{unit}' is not a known unit{did_you_mean(unit, UNITS)}", f"Use one of: {', '.join(UNITS)}."
        )
    if role is MeasureRole.AWARD_CRITERION and kind is not MeasureKind.QUALITATIVE:
        reader.problem(
            "kind",
            "an award criterion is scored on the evaluation's scale, so it is qualitative",
            "Remove kind, or make it a reporting metric or a plain measure.",
        )
    if role is MeasureRole.REPORTING_METRIC and kind is not MeasureKind.QUANTITATIVE:
        reader.problem(
            "kind",
            "a reporting metric is a quantity in a unit, so it is quantitative",
            "Remove kind and give the metric a unit, or make it an award criterion.",
        )
    ref = reader.text("ref")
    unconfirmed = reader.flag("unconfirmed")
    note = reader.text("note")
    if target is not None and unit == "%" and target > 100:
        reader.problem("target", f"{target} is more than 100 per cent", "A percentage target is 0 to 100.")

    proxy = None
    proxy_keys = [k for k in ("proxy_value", "proxy_source", "proxy_year") if reader.present(k)]
    if proxy_keys and kind is MeasureKind.QUANTITATIVE and len(proxy_keys) < 3:
        for missing in sorted({"proxy_value", "proxy_source", "proxy_year"} - set(proxy_keys)):
            reader.problem(
                missing,
                "is missing: a proxy value needs its value, source and year",
                "Cite where the proxy value comes from and the year of its prices, or remove it.",
            )
    elif proxy_value is not None and proxy_year is not None and proxy_source:
        proxy = ProxyValue(proxy_value, proxy_source, proxy_year)

    if len(reader.problems) > before:
        return None
    return Measure(
        ident,
        outcome_id,
        title,
        kind,
        unit,
        description,
        proxy,
        target,
        target_note,
        evidence,
        tags,
        role,
        ref,
        unconfirmed,
        note,
    )


def _check_tree(
    themes: list[Theme],
    outcomes: list[Outcome],
    measures: list[Measure],
    parents: list[tuple[FieldReader, str, str]],
    records: Sequence[RawRecord],
    problems: list[Problem],
    source: str,
) -> None:
    theme_ids = [t.id for t in themes]
    outcome_ids = [o.id for o in outcomes]
    for reader, field, parent_id in parents:
        known = theme_ids if field == "theme" else outcome_ids
        if parent_id and parent_id not in known:
            listed = ", ".join(known[:12]) + (" ..." if len(known) > 12 else "")
            reader.problem(
                field,
                f"names {field} '{parent_id}', which is not in this file{did_you_mean(parent_id, known)}",
                f"Use the id of one of the {field}s: {listed}." if known else f"Add a {field} first.",
            )
    if not themes and not problems:
        problems.append(
            Problem(
                Location(source),
                "the file",
                None,
                "has no themes",
                "Add at least one [[themes]] table, with outcomes and measures under it.",
            )
        )
    used_themes = {o.theme_id for o in outcomes}
    used_outcomes = {m.outcome_id for m in measures}
    located = {(r.kind, _raw_text(r.values.get("id"))): r for r in records}
    for theme in themes:
        if theme.id not in used_themes and not _named_by("outcome", "theme", theme.id, records):
            record = located[("theme", theme.id)]
            problems.append(
                Problem(
                    record.locate(None),
                    f"theme '{theme.id}'",
                    None,
                    "has no outcomes",
                    'Add an outcome with theme = "' + theme.id + '", or remove the theme.',
                )
            )
    for outcome in outcomes:
        if outcome.id not in used_outcomes and not _named_by("measure", "outcome", outcome.id, records):
            record = located[("outcome", outcome.id)]
            problems.append(
                Problem(
                    record.locate(None),
                    f"outcome '{outcome.id}'",
                    None,
                    "has no measures",
                    'Add a measure with outcome = "' + outcome.id + '", or remove the outcome.',
                )
            )


def _named_by(kind: str, field: str, parent_id: str, records: Sequence[RawRecord]) -> bool:
    """True when a child record names this parent but was rejected: its own problem is already reported."""
    return any(r.kind == kind and _raw_text(r.values.get(field)) == parent_id for r in records)


def _raw_text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""
