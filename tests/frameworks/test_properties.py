"""Property-based tests: generated frameworks round-trip; mutated files give problems, never tracebacks."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from svtool.domain.framework import (
    KNOWN_TAGS,
    UNITS,
    Framework,
    FrameworkInfo,
    Measure,
    MeasureKind,
    Outcome,
    ProxyValue,
    Theme,
)
from svtool.frameworks.problems import FrameworkInvalid
from svtool.frameworks.textformat import read_framework_text, write_framework_text
from svtool.frameworks.workbook import read_framework_xlsx, write_framework_xlsx
from tests.conftest import SHIPPED

# Text a person might type: letters with accents, £, quotes, backslashes, line breaks; no control characters.
_alphabet = st.characters(blacklist_categories=("Cc", "Cs"), whitelist_characters="\n\t")
texts = st.text(_alphabet, min_size=1, max_size=40).map(str.strip).filter(bool)
optional_texts = st.one_of(st.just(""), texts)
ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,11}", fullmatch=True)
money = st.decimals(min_value=0, max_value=10**7, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    unique = draw(st.lists(ids, min_size=30, max_size=30, unique=True))
    pool = iter(unique)
    themes, outcomes, measures = [], [], []
    for _ in range(draw(st.integers(1, 3))):
        theme = Theme(next(pool), draw(texts), draw(optional_texts))
        themes.append(theme)
        for _ in range(draw(st.integers(1, 2))):
            outcome = Outcome(next(pool), theme.id, draw(texts), draw(optional_texts))
            outcomes.append(outcome)
            for _ in range(draw(st.integers(1, 3))):
                kind = draw(st.sampled_from(MeasureKind))
                quantitative = kind is MeasureKind.QUANTITATIVE
                unit = draw(st.sampled_from(sorted(UNITS))) if quantitative else None
                proxy = None
                if quantitative and draw(st.booleans()):
                    proxy = ProxyValue(draw(money), draw(texts), draw(st.integers(1990, 2100)))
                target = draw(st.one_of(st.none(), st.decimals(0, 100, places=1))) if quantitative else None
                tags = tuple(draw(st.lists(st.sampled_from(sorted(KNOWN_TAGS)), max_size=3, unique=True)))
                measures.append(
                    Measure(
                        next(pool),
                        outcome.id,
                        draw(texts),
                        kind,
                        unit,
                        draw(optional_texts),
                        proxy,
                        target,
                        draw(optional_texts),
                        draw(optional_texts),
                        tags,
                    )
                )
    info = FrameworkInfo(
        draw(ids),
        draw(texts),
        draw(texts),
        draw(texts),
        draw(texts),
        draw(texts),
        draw(optional_texts),
        draw(optional_texts),
        draw(optional_texts),
    )
    return Framework(info, tuple(themes), tuple(outcomes), tuple(measures))


@given(frameworks())
@settings(max_examples=150, deadline=None)
def test_any_valid_framework_round_trips_through_text(framework: Framework) -> None:
    assert read_framework_text(write_framework_text(framework)) == framework


@given(frameworks())
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_valid_framework_round_trips_through_a_workbook(framework: Framework) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "f.xlsx"
        write_framework_xlsx(framework, path)
        assert read_framework_xlsx(path) == framework


SOURCE_TEXTS = [p.read_text(encoding="utf-8") for p in SHIPPED]


@st.composite
def mutated_files(draw: st.DrawFn) -> str:
    """A shipped file with a few of the edits people and broken tools make."""
    lines = draw(st.sampled_from(SOURCE_TEXTS)).splitlines()
    for _ in range(draw(st.integers(1, 4))):
        where = draw(st.integers(0, max(len(lines) - 1, 0)))
        edit = draw(st.sampled_from(["delete", "duplicate", "replace", "insert", "truncate", "garble"]))
        if not lines:
            break
        if edit == "delete":
            del lines[where]
        elif edit == "duplicate":
            lines.insert(where, lines[where])
        elif edit == "replace":
            lines[where] = draw(st.text(max_size=30))
        elif edit == "insert":
            lines.insert(
                where,
                draw(
                    st.sampled_from(
                        [
                            'unit = "people"',
                            "proxy_value = -5",
                            'tags = "x"',
                            "[[measures]]",
                            "[framework]",
                            'id = "T1"',
                            "target = 1e999",
                            'kind = "maybe"',
                            "proxy_year = 1066",
                            "[[themes.x]]",
                            "title = 5",
                            'outcome = ["a"]',
                            "format = 99",
                            "measures = 3",
                        ]
                    )
                ),
            )
        elif edit == "truncate":
            lines = lines[:where]
        else:
            line = lines[where]
            if line:
                at = draw(st.integers(0, len(line) - 1))
                lines[where] = line[:at] + draw(st.characters()) + line[at + 1 :]
    return "\n".join(lines)


@given(mutated_files())
@settings(max_examples=400, deadline=None)
def test_mutated_files_load_or_give_located_problems(text: str) -> None:
    try:
        read_framework_text(text, "mutated.toml")
    except FrameworkInvalid as error:
        assert error.problems
        line_count = text.count("\n") + 2
        for problem in error.problems:
            assert problem.where.source == "mutated.toml"
            assert problem.where.line is None or 1 <= problem.where.line <= line_count
            assert str(problem).startswith("mutated.toml")
            assert problem.message


@given(st.binary(max_size=2000))
@settings(max_examples=200, deadline=None)
def test_random_bytes_never_raise_anything_but_framework_invalid(data: bytes) -> None:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return  # covered by read_framework_file's own test
    try:
        read_framework_text(text, "noise.toml")
    except FrameworkInvalid as error:
        assert error.problems


@given(
    st.lists(
        st.tuples(
            st.integers(1, 4),
            st.integers(1, 18),
            st.one_of(
                st.none(),
                st.text(max_size=12),
                st.integers(-5, 10**6),
                st.floats(allow_nan=True, allow_infinity=True),
                st.booleans(),
            ),
        ),
        min_size=1,
        max_size=4,
    )
)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_mutated_workbooks_load_or_give_located_problems(edits: list[tuple[int, int, object]]) -> None:
    source = read_framework_text(SOURCE_TEXTS[0])
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "edited.xlsx"
        write_framework_xlsx(source, path)
        book = load_workbook(path)
        sheet = book["Measures"]
        for row, column, value in edits:
            if isinstance(value, str):
                value = "".join(ch for ch in value if ch.isprintable())
            sheet.cell(row, column).value = value
        book.save(path)
        try:
            read_framework_xlsx(path)
        except FrameworkInvalid as error:
            for problem in error.problems:
                assert problem.where.source == "edited.xlsx"
                assert problem.where.sheet in ("Measures", "Framework", None)


def test_decimal_proxies_survive_exactly() -> None:
    text = write_framework_text(read_framework_text(SOURCE_TEXTS[0]))
    assert all(isinstance(m.proxy.value, Decimal) for m in read_framework_text(text).measures if m.proxy)
