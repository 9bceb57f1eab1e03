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



def parse_toml(text: str, source: str) -> dict[str, Any]:
    """tomllib.loads with exact decimals, turning a syntax error into a located Problem."""
    try:
        return tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as error:
        message = str(error)
        found = _DECODE_POSITION.search(message)
        line = int(found.group(1)) if found else None
        detail = _DECODE_POSITION.sub("", message).strip().rstrip(".")
        raise FrameworkInvalid([Problem(Location(source, line=line), "the file", None,
                                        f"is not valid TOML: {detail}",
                                        "Check the quotes, brackets and '=' signs on that line.")]) from None


def read_text_file(path: Any) -> str:
    """A file's text (UTF-8, with or without a byte order mark), or a located Problem."""
    source = path.name
    try:
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise FrameworkInvalid([Problem(Location(source), "the file", None, f"cannot be read: {reason}",
                                        "Check the file exists and that you may open it.")]) from None
    try:
        return str(data.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FrameworkInvalid([Problem(Location(source, line=line), "the file", None,
                                        "is not a UTF-8 text file", "Save it as UTF-8 text.")]) from None


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
