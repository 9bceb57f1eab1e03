"""The framework text format: TOML, with one table per theme, outcome and measure (docs/framework-format.md)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from svtool.domain.framework import Framework, MeasureKind, MeasureRole
from svtool.frameworks.lines import LineIndex, parse_toml, read_text_file, toml_string
from svtool.frameworks.problems import FrameworkInvalid, Problem
from svtool.frameworks.records import COUNT_FIELDS, INFO_TEXT_FIELDS, RawRecord, did_you_mean
from svtool.frameworks.validate import FORMAT_VERSION, build_framework

SECTIONS = {"framework": "framework", "themes": "theme", "outcomes": "outcome", "measures": "measure"}


def read_framework_text(text: str, source: str = "<text>") -> Framework:
    """Parse and validate framework text; raise FrameworkInvalid with every problem found."""
    document = parse_toml(text, source)
    index = LineIndex(text)
    problems: list[Problem] = []
    records: list[RawRecord] = []
    for key, value in document.items():
        where = index.locator(source, "", 0)(key)
        if key not in SECTIONS:
            problems.append(
                Problem(
                    where,
                    "the file",
                    key,
                    f"'{key}' is not a section of a framework file{did_you_mean(key, SECTIONS)}",
                    "Use [framework], [[themes]], [[outcomes]] and [[measures]].",
                )
            )
            continue
        kind = SECTIONS[key]
        if key == "framework":
            if not isinstance(value, dict):
                problems.append(Problem(where, "the file", key, "should be a table", "Write it as [framework]."))
                continue
            records.append(RawRecord(kind, value, index.locator(source, key, 0)))
            continue
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            problems.append(
                Problem(
                    where,
                    "the file",
                    key,
                    "should be a list of tables",
                    f"Write each {kind} under its own [[{key}]] header.",
                )
            )
            continue
        for position, item in enumerate(value):
            records.append(RawRecord(kind, item, index.locator(source, key, position)))
    if problems:
        raise FrameworkInvalid(problems)
    # Put the [framework] table first whatever its place in the file, so problems read in a sensible order.
    records.sort(key=lambda r: r.kind != "framework")
    return build_framework(records, source)


def read_framework_file(path: Path) -> Framework:
    """Read a framework file from disk; unreadable or non-text files give a FrameworkInvalid too."""
    return read_framework_text(read_text_file(path), path.name)


def _number(value: Decimal) -> str:
    return format(value, "f")


def write_framework_text(framework: Framework) -> str:
    """The framework as canonical text: reading it back gives an equal Framework."""
    info = framework.info
    lines = [
        "# " + " ".join(info.name.split()),  # a comment is one line, whatever the name holds
        "# An svtool framework file: see docs/framework-format.md for every field.",
        "",
        "[framework]",
        f"format = {FORMAT_VERSION}",
    ]
    for key in INFO_TEXT_FIELDS:
        value = getattr(info, key)
        if value:
            lines.append(f"{key} = {toml_string(value)}")
    for key in COUNT_FIELDS:
        if getattr(info, key) is not None:
            lines.append(f"{key} = {getattr(info, key)}")
    for theme in framework.themes:
        lines += ["", "[[themes]]", f"id = {toml_string(theme.id)}", f"title = {toml_string(theme.title)}"]
        if theme.description:
            lines.append(f"description = {toml_string(theme.description)}")
        lines += _marks(theme.unconfirmed, theme.note)
        for outcome in framework.outcomes_of(theme.id):
            lines += [
                "",
                "[[outcomes]]",
                f"id = {toml_string(outcome.id)}",
                f"theme = {toml_string(theme.id)}",
                f"title = {toml_string(outcome.title)}",
            ]
            if outcome.description:
                lines.append(f"description = {toml_string(outcome.description)}")
            lines += _marks(outcome.unconfirmed, outcome.note)
            for measure in framework.measures_of(outcome.id):
                lines += [
                    "",
                    "[[measures]]",
                    f"id = {toml_string(measure.id)}",
                    f"outcome = {toml_string(outcome.id)}",
                    f"title = {toml_string(measure.title)}",
                ]
                if measure.role is not MeasureRole.MEASURE:
                    lines.append(f"role = {toml_string(measure.role.value)}")
                if measure.ref:
                    lines.append(f"ref = {toml_string(measure.ref)}")
                if measure.kind is not MeasureKind.QUANTITATIVE:
                    lines.append(f"kind = {toml_string(measure.kind.value)}")
                if measure.unit:
                    lines.append(f"unit = {toml_string(measure.unit)}")
                if measure.description:
                    lines.append(f"description = {toml_string(measure.description)}")
                if measure.proxy:
                    lines += [
                        f"proxy_value = {_number(measure.proxy.value)}",
                        f"proxy_source = {toml_string(measure.proxy.source)}",
                        f"proxy_year = {measure.proxy.year}",
                    ]
                if measure.target is not None:
                    lines.append(f"target = {_number(measure.target)}")
                if measure.target_note:
                    lines.append(f"target_note = {toml_string(measure.target_note)}")
                if measure.evidence:
                    lines.append(f"evidence = {toml_string(measure.evidence)}")
                if measure.tags:
                    lines.append("tags = [" + ", ".join(toml_string(t) for t in measure.tags) + "]")
                lines += _marks(measure.unconfirmed, measure.note)
    return "\n".join(lines) + "\n"


def _marks(unconfirmed: bool, note: str) -> list[str]:
    return (["unconfirmed = true"] if unconfirmed else []) + ([f"note = {toml_string(note)}"] if note else [])
