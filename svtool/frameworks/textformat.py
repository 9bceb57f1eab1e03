"""The framework text format: TOML, with one table per theme, outcome and measure (docs/framework-format.md).

tomllib gives values but no line numbers, so a light scan of the text maps each table and key to its line.
Arrays of tables come back from tomllib in document order, so the n-th [[measures]] header is the n-th
measure. A file written with inline tables still loads; its problems then name the record, not the line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from svtool.domain.framework import Framework, MeasureKind
from svtool.frameworks.problems import FrameworkInvalid, Location, Problem
from svtool.frameworks.validate import FORMAT_VERSION, RawRecord, build_framework, did_you_mean

SECTIONS = {"framework": "framework", "themes": "theme", "outcomes": "outcome", "measures": "measure"}

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=")
_DECODE_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass
class _Block:
    line: int
    keys: dict[str, int] = field(default_factory=dict)


class _LineIndex:
    """Where each [table] / [[array]] header and each key under it stands in the text."""

    def __init__(self, text: str) -> None:
        self.blocks: dict[str, list[_Block]] = {"": [_Block(1)]}
        current = self.blocks[""][0]
        in_multiline: str | None = None
        for number, line in enumerate(text.split("\n"), start=1):  # TOML ends lines at \n only
            if in_multiline:
                if line.count(in_multiline) % 2 == 1:
                    in_multiline = None
                continue
            key = _KEY.match(line)
            header = None if key else _HEADER.match(line)
            if header:
                current = _Block(number)
                self.blocks.setdefault(header.group(2).strip(), []).append(current)
                continue
            if key:
                current.keys.setdefault(key.group(1).strip('"'), number)
                if "'''" in line or '"""' in line:
                    for quote in ('"""', "'''"):
                        if line.count(quote) % 2 == 1:
                            in_multiline = quote
                            break

    def locator(self, source: str, section: str, index: int) -> Callable[[str | None], Location]:
        blocks = self.blocks.get(section, [])
        block = blocks[index] if index < len(blocks) else None

        def locate(key: str | None) -> Location:
            if block is None:
                return Location(source)
            line = block.keys.get(key, block.line) if key else block.line
            return Location(source, line=line)

        return locate


def read_framework_text(text: str, source: str = "<text>") -> Framework:
    """Parse and validate framework text; raise FrameworkInvalid with every problem found."""
    try:
        document = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _DECODE_POSITION.search(message)
        line = int(found.group(1)) if found else None
        detail = _DECODE_POSITION.sub("", message).strip().rstrip(".")
        raise FrameworkInvalid([Problem(Location(source, line=line), "the file", None,
                                        f"is not valid TOML: {detail}",
                                        "Check the quotes, brackets and '=' signs on that line.")]) from None
    index = _LineIndex(text)
    problems: list[Problem] = []
    records: list[RawRecord] = []
    for key, value in document.items():
        where = index.locator(source, "", 0)(key)
        if key not in SECTIONS:
            problems.append(Problem(where, "the file", key, f"'{key}' is not a section of a framework file"
                                    f"{did_you_mean(key, SECTIONS)}",
                                    "Use [framework], [[themes]], [[outcomes]] and [[measures]]."))
            continue
        kind = SECTIONS[key]
        if key == "framework":
            if not isinstance(value, dict):
                problems.append(Problem(where, "the file", key, "should be a table", "Write it as [framework]."))
                continue
            records.append(RawRecord(kind, value, index.locator(source, key, 0)))
            continue
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            problems.append(Problem(where, "the file", key, "should be a list of tables",
                                    f"Write each {kind} under its own [[{key}]] header."))
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
    source = path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise FrameworkInvalid([Problem(Location(source), "the file", None, f"cannot be read: {reason}",
                                        "Check the file exists and that you may open it.")]) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FrameworkInvalid([Problem(Location(source, line=line), "the file", None,
                                        "is not a UTF-8 text file",
                                        "Save it as UTF-8 text, or import a workbook with "
                                        "'svtool frameworks import-xlsx'.")]) from None
    return read_framework_text(text, source)


def _string(value: str) -> str:
    out = ['"']
    for ch in value:
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\t":
            out.append("\\t")
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def _number(value: Decimal) -> str:
    return format(value, "f")


def write_framework_text(framework: Framework) -> str:
    """The framework as canonical text: reading it back gives an equal Framework."""
    info = framework.info
    lines = [
        f"# {info.name}",
        "# An svtool framework file: see docs/framework-format.md for every field.",
        "",
        "[framework]",
        f"format = {FORMAT_VERSION}",
    ]
    for key in ("id", "name", "publisher", "version", "source", "licence", "url", "published", "description"):
        value = getattr(info, key)
        if value:
            lines.append(f"{key} = {_string(value)}")
    for theme in framework.themes:
        lines += ["", "[[themes]]", f"id = {_string(theme.id)}", f"title = {_string(theme.title)}"]
        if theme.description:
            lines.append(f"description = {_string(theme.description)}")
        for outcome in framework.outcomes_of(theme.id):
            lines += ["", "[[outcomes]]", f"id = {_string(outcome.id)}", f"theme = {_string(theme.id)}",
                      f"title = {_string(outcome.title)}"]
            if outcome.description:
                lines.append(f"description = {_string(outcome.description)}")
            for measure in framework.measures_of(outcome.id):
                lines += ["", "[[measures]]", f"id = {_string(measure.id)}",
                          f"outcome = {_string(outcome.id)}", f"title = {_string(measure.title)}"]
                if measure.kind is not MeasureKind.QUANTITATIVE:
                    lines.append(f"kind = {_string(measure.kind.value)}")
                if measure.unit:
                    lines.append(f"unit = {_string(measure.unit)}")
                if measure.description:
                    lines.append(f"description = {_string(measure.description)}")
                if measure.proxy:
                    lines += [f"proxy_value = {_number(measure.proxy.value)}",
                              f"proxy_source = {_string(measure.proxy.source)}",
                              f"proxy_year = {measure.proxy.year}"]
                if measure.target is not None:
                    lines.append(f"target = {_number(measure.target)}")
                if measure.target_note:
                    lines.append(f"target_note = {_string(measure.target_note)}")
                if measure.evidence:
                    lines.append(f"evidence = {_string(measure.evidence)}")
                if measure.tags:
                    lines.append("tags = [" + ", ".join(_string(t) for t in measure.tags) + "]")
    return "\n".join(lines) + "\n"
