"""Where each table and key of a TOML text stands: tomllib gives values but no line numbers.

A light scan maps each [table] / [[array]] header and each key under it to its line. Arrays of tables come
back from tomllib in document order, so the n-th [[measures]] header is the n-th measure. A file written with
inline tables still loads; its problems then name the record, not the line.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from svtool.frameworks.problems import FrameworkInvalid, Location, Problem

_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(#.*)?$")
_KEY = re.compile(r"^\s*([A-Za-z0-9_\-]+|\"[^\"]*\")\s*=")
_DECODE_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass
class _Block:
    line: int
    keys: dict[str, int] = field(default_factory=dict)


class LineIndex:
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


#: No framework or definition nests arrays and inline tables more than a few deep; tomllib recurses once per
#: level, so a file nested thousands deep would exhaust Python's stack. Refused before parsing.
MOST_NESTING = 24
#: The largest framework or definition file read (the National TOMs as text is well under 2 MB).
MOST_TEXT_BYTES = 20_000_000


def nesting_depth(text: str) -> tuple[int, int]:
    """The deepest nesting of [ and { in the text outside strings and comments, and the line it is first reached
    on. A table header ([[measures]]) counts as well, which only adds two."""
    depth = deepest = 0
    line = deepest_line = 1
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
            continue
        elif ch in "\"'":
            quote = ch * 3 if text.startswith(ch * 3, i) else ch
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                if text[i] == "\n":
                    if len(quote) == 1:
                        break  # an unclosed one-line string: tomllib will say so
                    line += 1
                elif text[i] == "\\" and quote[0] == '"':
                    i += 1
                i += 1
            i += len(quote)
            continue
        elif ch in "[{":
            depth += 1
            if depth > deepest:
                deepest, deepest_line = depth, line
        elif ch in "]}":
            depth = max(0, depth - 1)
        i += 1
    return deepest, deepest_line


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """tomllib.loads with exact decimals, turning a syntax error into a located Problem; nesting deeper than any
    svtool file needs is refused first (it would exhaust the stack)."""
    depth, deepest_line = nesting_depth(text)
    if depth > MOST_NESTING:
        raise FrameworkInvalid(
            [
                Problem(
                    Location(source, line=deepest_line),
                    "the file",
                    None,
                    f"nests lists or tables {depth} deep (at most {MOST_NESTING} is accepted)",
                    "This is not a framework or definition file svtool wrote; check that you chose the right file.",
                )
            ]
        )
    try:
        # (inf, nan and 1e999999 come back as Decimals, refused with their field's name where they are read:
        # definition/fields.py and frameworks/validate.py)
        return tomllib.loads(text, parse_float=Decimal)
    except ValueError as error:  # (not a TOMLDecodeError: an integer of more than 4,300 digits)
        if isinstance(error, tomllib.TOMLDecodeError):
            raise _located(error, source) from None
        raise FrameworkInvalid(
            [
                Problem(
                    Location(source),
                    "the file",
                    None,
                    "holds a number far too long to be one svtool can use",
                    "Write an ordinary number, such as 12.5.",
                )
            ]
        ) from None


def _located(error: tomllib.TOMLDecodeError, source: str) -> FrameworkInvalid:
    message = str(error)
    found = _DECODE_POSITION.search(message)
    line = int(found.group(1)) if found else None
    detail = _DECODE_POSITION.sub("", message).strip().rstrip(".")
    return FrameworkInvalid(
        [
            Problem(
                Location(source, line=line),
                "the file",
                None,
                f"is not valid TOML: {detail}",
                "Check the quotes, brackets and '=' signs on that line.",
            )
        ]
    )


def read_text_file(path: Any) -> str:
    """A file's text (UTF-8, with or without a byte order mark), or a located Problem."""
    source = path.name
    try:
        if path.exists() and not path.is_file():  # a device such as /dev/zero, a pipe or a folder: never read
            raise FrameworkInvalid(
                [
                    Problem(
                        Location(source), "the file", None, "is not an ordinary file", "Give the path of a .toml file."
                    )
                ]
            )
        with path.open("rb") as handle:
            data = handle.read(MOST_TEXT_BYTES + 1)
        if len(data) > MOST_TEXT_BYTES:
            raise FrameworkInvalid(
                [
                    Problem(
                        Location(source),
                        "the file",
                        None,
                        f"is larger than {MOST_TEXT_BYTES // 1_000_000} MB, far more than any framework or definition",
                        "Check that you chose the right file.",
                    )
                ]
            )
    except OSError as error:
        reason = error.strerror or str(error)
        raise FrameworkInvalid(
            [
                Problem(
                    Location(source),
                    "the file",
                    None,
                    f"cannot be read: {reason}",
                    "Check the file exists and that you may open it.",
                )
            ]
        ) from None
    try:
        return str(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FrameworkInvalid(
            [
                Problem(
                    Location(source, line=line), "the file", None, "is not a UTF-8 text file", "Save it as UTF-8 text."
                )
            ]
        ) from None


def toml_string(value: str) -> str:
    """A TOML basic string that reads back as exactly value."""
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
