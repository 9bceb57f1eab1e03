"""Seeded damage for every kind of file svtool reads, and a runner that sorts what the command made of it.

Shared by tests/test_fuzz_inputs.py (a few seconds per kind) and bench/fuzz_inputs.py (longer runs, counts per
outcome). Each input goes through the real command (svtool.cli.main), in this process, with a time limit.
"""

from __future__ import annotations

import contextlib
import io
import random
import signal
import sqlite3
import time
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from svtool.cli import main

#: Numbers that have broken parsers and arithmetic: not a number, infinite, far too large or too precise.
HOSTILE_NUMBERS = (
    "nan",
    "-nan",
    "inf",
    "-inf",
    "+inf",
    "1e26",
    "-1e26",
    "1e999999",
    "1e-999999",
    "9" * 400,
    "0.0000000000000000000000001",
    "1e308",
    "-0",
    "0x7fffffffffffffff",
    "1_000_000_000_000_000_000",
)
NOISE = ("\x00", "\ufeff", '"', "'", "[", "]", "{", "}", "=", "\n", "\\", "#", "\u202e", "é", ",", "'''", '"""')


class Hang(BaseException):
    """Raised by the time limit: a BaseException, so svtool's last-resort handler (which catches Exception) does
    not mistake it for an ordinary failure."""


@dataclass
class Tally:
    """What the command made of each input: ok (exit 0), refused (exit 1, a message), crash (exit 70, the
    last-resort handler), hang (over the time limit), other (any other exit)."""

    outcomes: Counter[str] = field(default_factory=Counter)
    examples: dict[str, list[str]] = field(default_factory=dict)
    slowest: float = 0.0

    @property
    def tried(self) -> int:
        return sum(self.outcomes.values())

    def note(self, outcome: str, detail: str) -> None:
        self.outcomes[outcome] += 1
        if outcome not in ("ok", "refused"):
            self.examples.setdefault(outcome, []).append(detail)

    def line(self, kind: str) -> str:
        counts = ", ".join(f"{name} {self.outcomes[name]}" for name in ("ok", "refused", "crash", "hang", "other"))
        return f"{kind}: {self.tried} tried: {counts}; slowest {self.slowest:.2f} s"


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def expire(_signum: int, _frame: object) -> None:
        raise Hang

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def run_command(tally: Tally, args: list[str], label: str, seconds: float = 10.0) -> str:
    """Run svtool with args; note and return the outcome."""
    out, err = io.StringIO(), io.StringIO()
    started = time.perf_counter()
    try:
        with time_limit(seconds), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(args)
    except Hang:
        code = -1
    except SystemExit as stop:  # argparse
        code = int(stop.code or 0)
    elapsed = time.perf_counter() - started
    tally.slowest = max(tally.slowest, elapsed)
    message = err.getvalue()
    if code == -1:
        outcome = "hang"
    elif code == 0:
        outcome = "ok"
    elif code == 1 and (message.strip() or "INVALID" in out.getvalue()):
        outcome = "refused"
    elif code == 70:
        outcome = "crash"
    else:
        outcome = "other"
    if "Traceback" in message:
        outcome = "crash"
    tally.note(outcome, f"{label}: exit {code}: {message[-300:]}")
    return outcome


# Text files: frameworks and definitions ------------------------------------------------------------------------


def _deep(rng: random.Random) -> str:
    depth = rng.choice((60, 300, 1_000, 5_000, 50_000))
    style = rng.randrange(3)
    if style == 0:
        return "deep = " + "[" * depth + "]" * depth
    if style == 1:
        return "deep = " + "{a = " * depth + "1" + "}" * depth
    return "deep = " + "[{a = " * depth + "1" + "}]" * depth


def mutate_text(rng: random.Random, text: str, keys: tuple[str, ...]) -> str:
    """One random damage to a TOML text: hostile numbers in numeric fields, deep nesting, a path where an id goes,
    and plain garbling (bytes in, bytes out, lines repeated or dropped)."""
    lines = text.split("\n")
    choice = rng.randrange(8)
    index = rng.randrange(len(lines))
    if choice == 0:  # a hostile number in a field that takes a number
        key = rng.choice(keys)
        lines.insert(index, f"{key} = {rng.choice(HOSTILE_NUMBERS)}")
    elif choice == 1:  # a value replaced by a hostile number
        if "=" in lines[index]:
            lines[index] = lines[index].split("=")[0] + "= " + rng.choice(HOSTILE_NUMBERS)
    elif choice == 2:
        lines.insert(index, _deep(rng))
    elif choice == 3:
        at = rng.randrange(len(lines[index]) + 1)
        lines[index] = lines[index][:at] + rng.choice(NOISE) * rng.randint(1, 3) + lines[index][at:]
    elif choice == 4:
        del lines[index]
    elif choice == 5:
        lines[index : index + 1] = [lines[index]] * rng.randint(2, 4)
    elif choice == 6:
        lines.insert(index, f'framework = "{rng.choice(("/dev/zero", "../../etc/passwd", "/", "C:/x.toml"))}"')
    else:
        lines = lines[: rng.randrange(len(lines) + 1)]
    return "\n".join(lines)


FRAMEWORK_NUMBER_KEYS = ("proxy_value", "target", "proxy_year", "format")
DEFINITION_NUMBER_KEYS = (
    "weight",
    "contract_value",
    "price",
    "budget",
    "value",
    "split",
    "min_score",
    "target_percent",
    "divergence_points",
    "reason_min_words",
    "format",
)


# Workbooks -----------------------------------------------------------------------------------------------------


def mutate_workbook(rng: random.Random, data: bytes) -> bytes:
    """One random damage to an .xlsx: the zip itself, or one of its XML parts."""
    choice = rng.randrange(6)
    if choice == 0:  # bytes of the zip file flipped
        raw = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            raw[rng.randrange(len(raw))] = rng.randrange(256)
        return bytes(raw)
    if choice == 1:
        return data[: rng.randrange(len(data))]
    source = zipfile.ZipFile(io.BytesIO(data))
    parts = {info.filename: source.read(info) for info in source.infolist()}
    name = rng.choice(sorted(parts))
    xml = parts[name]
    if choice == 2:  # an XML part garbled
        at = rng.randrange(len(xml) + 1)
        parts[name] = xml[:at] + rng.choice(NOISE).encode() * rng.randint(1, 5) + xml[at + rng.randint(0, 20) :]
    elif choice == 3:  # a part lost
        del parts[name]
    elif choice == 4:  # a number cell (or any value) made hostile
        value = rng.choice(HOSTILE_NUMBERS).encode()
        target = max(
            ("xl/worksheets/sheet1.xml", "xl/worksheets/sheet2.xml", "xl/sharedStrings.xml"),
            key=lambda n: rng.random() if n in parts else -1,
        )
        body = parts.get(target, b"")
        start = body.find(b"<v>", rng.randrange(len(body) + 1))
        if start < 0:
            start = body.find(b"<v>")
        if start >= 0:
            end = body.find(b"</v>", start)
            parts[target] = body[: start + 3] + value + body[end:]
    else:  # deeply nested elements inside a part
        depth = rng.choice((100, 2_000, 20_000))
        at = xml.find(b">", xml.find(b"<", 10)) + 1
        parts[name] = xml[:at] + b"<a>" * depth + b"</a>" * depth + xml[at:]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as book:
        for part, body in parts.items():
            book.writestr(part, body)
    return out.getvalue()


# Evaluation files ----------------------------------------------------------------------------------------------

_SQL_VALUES = (
    "'{'",
    "'NaN'",
    "'[1e999999]'",
    "'[NaN]'",
    "'{\"a\": Infinity}'",
    "1e308",
    "-1",
    "9223372036854775807",
    "NULL",
    "X'00FF'",
    "'" + "x" * 5000 + "'",
    "''",
    "'not json'",
    "'" + "[" * 20 + "1" + "]" * 20 + "'",
    "'" + "[" * 100_000 + "'",
    "'1e999999'",
    "'-inf'",
    "0.5",
)


def mutate_svt(rng: random.Random, path: Path) -> None:
    """One random damage to an evaluation file in place: a stored value, an object svtool did not create, or the
    file's bytes."""
    choice = rng.randrange(5)
    if choice == 4:
        raw = bytearray(path.read_bytes())
        for _ in range(rng.randint(1, 6)):
            raw[rng.randrange(100, len(raw))] = rng.randrange(256)
        path.write_bytes(bytes(raw))
        return
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("PRAGMA foreign_keys = OFF")
        tables = [
            row[0]
            for row in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
        ]
        if choice == 3:
            sql = rng.choice(
                (
                    "CREATE VIEW loop AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) "
                    "SELECT x FROM r",
                    "CREATE TRIGGER sneak AFTER INSERT ON audit BEGIN UPDATE bidders SET name = 'x'; END",
                    "CREATE VIEW self AS SELECT 1",
                )
            )
            if "loop" in sql and rng.random() < 0.5:  # the view takes a table's place
                table = rng.choice(tables)
                connection.execute(f'ALTER TABLE "{table}" RENAME TO "{table}_old"')
                sql = (
                    f'CREATE VIEW "{table}" AS WITH RECURSIVE r(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM r) '
                    f'SELECT * FROM "{table}_old", r'
                )
            connection.execute(sql)
            return
        table = rng.choice([t for t in tables if t != "audit"] or tables)
        columns = [row[1] for row in connection.execute(f'PRAGMA table_info("{table}")')]
        column = rng.choice(columns)
        connection.execute("DROP TRIGGER IF EXISTS audit_no_update")
        connection.execute(
            f'UPDATE "{table}" SET "{column}" = {rng.choice(_SQL_VALUES)} '
            f'WHERE rowid IN (SELECT rowid FROM "{table}" ORDER BY random() LIMIT {rng.randint(1, 3)})'
        )
        if rng.random() < 0.7:  # put the trigger back, so that the file fails on the value, not the missing trigger
            connection.execute(
                "CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit "
                "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
            )
    except (sqlite3.Error, UnicodeDecodeError, ValueError):
        pass  # (the file is already too damaged to change this way: it is read as it is)
    finally:
        connection.close()


Maker = Callable[[random.Random, Path], list[str]]


class Inputs:
    """The well-formed starting points (made once per folder) and one run of each kind of input."""

    def __init__(self, folder: Path) -> None:
        from svtool.definition.writer import write_definition_text
        from svtool.frameworks.textformat import read_framework_file
        from svtool.frameworks.workbook import write_framework_xlsx
        from svtool.services.demo import create_demo, demo_evaluation
        from svtool.store.database import copy_sqlite

        self.folder = folder
        folder.mkdir(parents=True, exist_ok=True)
        shipped = sorted((Path(__file__).resolve().parent.parent / "frameworks").glob("*.toml"))
        self.frameworks = [path.read_text(encoding="utf-8") for path in shipped]
        self.definition = write_definition_text(demo_evaluation())
        self.workbooks = []
        for number, path in enumerate(shipped):
            book = folder / f"base{number}.xlsx"
            write_framework_xlsx(read_framework_file(path), book)
            self.workbooks.append(book.read_bytes())
        demo = folder / "demo.svt"
        create_demo(demo).close()
        self.svt = folder / "base.svt"
        copy_sqlite(demo, self.svt)
        demo.unlink()

    def framework_text(self, rng: random.Random, tally: Tally, attempt: int) -> None:
        text = rng.choice(self.frameworks)
        for _ in range(rng.randint(1, 3)):
            text = mutate_text(rng, text, FRAMEWORK_NUMBER_KEYS)
        path = self.folder / "fuzz-framework.toml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        run_command(tally, ["frameworks", "check", str(path)], f"framework {attempt}")

    def definition_text(self, rng: random.Random, tally: Tally, attempt: int) -> None:
        text = self.definition
        for _ in range(rng.randint(1, 3)):
            text = mutate_text(rng, text, DEFINITION_NUMBER_KEYS)
        path = self.folder / "fuzz-definition.toml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        output = self.folder / "fuzz-new.svt"
        output.unlink(missing_ok=True)
        run_command(tally, ["new", "--from", str(path), str(output)], f"definition {attempt}")

    def workbook(self, rng: random.Random, tally: Tally, attempt: int) -> None:
        data = rng.choice(self.workbooks)
        for _ in range(rng.randint(1, 2)):
            try:
                data = mutate_workbook(rng, data)
            except Exception:  # (a zip already too damaged to take apart)
                break  # already past repair: read it as it is
        path = self.folder / "fuzz.xlsx"
        path.write_bytes(data)
        output = self.folder / "fuzz-imported.toml"
        output.unlink(missing_ok=True)
        run_command(tally, ["frameworks", "import-xlsx", str(path), str(output)], f"workbook {attempt}")

    def evaluation_file(self, rng: random.Random, tally: Tally, attempt: int) -> None:
        path = self.folder / "fuzz.svt"
        path.write_bytes(self.svt.read_bytes())
        for _ in range(rng.randint(1, 2)):
            mutate_svt(rng, path)
        run_command(tally, ["results", str(path)], f"evaluation file {attempt}")


KINDS = {
    "framework": Inputs.framework_text,
    "definition": Inputs.definition_text,
    "workbook": Inputs.workbook,
    "evaluation": Inputs.evaluation_file,
}


def fuzz(inputs: Inputs, kind: str, count: int, seed: int) -> Tally:
    rng = random.Random(f"{kind}-{seed}")
    tally = Tally()
    for attempt in range(count):
        KINDS[kind](inputs, rng, tally, attempt)
    return tally
