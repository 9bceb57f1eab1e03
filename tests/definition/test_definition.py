"""Definition files: exact round trips, and bad files that say where the problem is."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from svtool.definition.reader import read_definition_text
from svtool.definition.writer import write_definition_text
from svtool.frameworks.problems import FrameworkInvalid, Problem
from svtool.services.demo import demo_evaluation
from tests.conftest import ROOT
from tests.domain.builders import care_tender

DEMO_TEXT = write_definition_text(demo_evaluation())


def problems(text: str) -> list[Problem]:
    with pytest.raises(FrameworkInvalid) as caught:
        read_definition_text(text, "def.toml")
    return caught.value.problems


def line_of(text: str, fragment: str, after: str = "") -> int:
    start = text.index(after) if after else 0
    return text[: text.index(fragment, start)].count("\n") + 1


@pytest.mark.parametrize("evaluation", [care_tender(), demo_evaluation()], ids=["care", "demo"])
def test_round_trip_is_exact(evaluation) -> None:  # type: ignore[no-untyped-def]
    text = write_definition_text(evaluation)
    assert read_definition_text(text) == evaluation
    assert write_definition_text(read_definition_text(text)) == text


def test_a_score_off_the_scale_names_its_line() -> None:
    target = 'value = 5\nreason = "Outcome-focused'
    assert target in DEMO_TEXT
    text = DEMO_TEXT.replace(target, 'value = 7\nreason = "Outcome-focused', 1)
    (problem,) = problems(text)
    assert problem.field == "value" and problem.where.line == line_of(text, "value = 7")
    assert "7 is not on the 0 to 5 scale" in problem.message


def test_wrong_types_unknown_fields_and_choices() -> None:
    text = (
        DEMO_TEXT.replace("contract_value = 4800000.00", 'contract_value = "lots"')
        .replace('price_formula = "lowest"', 'price_formula = "cheapest"')
        .replace('kind = "quality"', 'kind = "quality"\ncolour = "blue"')
    )
    found = {(p.field, p.where.line): p.message for p in problems(text)}
    assert "'lots' is not a number" in found[("contract_value", line_of(text, "contract_value"))]
    assert "'cheapest' is not one of the choices" in found[("price_formula", line_of(text, "price_formula"))]
    assert "'colour' is not a field here" in found[("colour", line_of(text, "colour"))]


@pytest.mark.parametrize("given", ["0", "201", "1e26", "12.5", '"ten"', "true"])
def test_a_word_minimum_off_its_range_names_its_line(given: str) -> None:
    text = DEMO_TEXT.replace("reason_min_words = 10", f"reason_min_words = {given}", 1)
    (problem,) = problems(text)
    assert problem.field == "reason_min_words" and problem.where.line == line_of(text, "reason_min_words")
    assert "is not a whole number from 1 to 200" in problem.message
    assert (
        read_definition_text(DEMO_TEXT.replace("reason_min_words = 10", "reason_min_words = 25")).panel.reason_min_words
        == 25
    )


def test_a_score_for_an_unknown_evaluator() -> None:
    scores = DEMO_TEXT.index("[[scores]]")
    text = DEMO_TEXT[:scores] + DEMO_TEXT[scores:].replace('evaluator = "E3"', 'evaluator = "E9"', 1)
    (problem,) = problems(text)
    assert problem.field == "evaluator" and problem.where.line == line_of(text, 'evaluator = "E9"')
    assert "not an evaluator" in problem.message


def test_a_declaration_about_an_unknown_bidder_or_twice() -> None:
    text = DEMO_TEXT.replace('bidder = "CUK"\nconflict = false', 'bidder = "XYZ"\nconflict = false', 1)
    (problem,) = problems(text)
    assert problem.field == "bidder" and "'XYZ' is not a bidder" in problem.message
    text = DEMO_TEXT.replace('bidder = "CUK"\nconflict = false', 'bidder = "PSS"\nconflict = false', 1)
    (problem,) = problems(text)
    assert "already has a declaration about this bidder" in problem.message


def test_setup_errors_are_reported() -> None:
    text = DEMO_TEXT.replace(
        'id = "quality"\nname = "Quality"\nkind = "quality"\nweight = 40',
        'id = "quality"\nname = "Quality"\nkind = "quality"\nweight = 45',
    )
    messages = [f"{p.record}: {p.message}" for p in problems(text)]
    assert any(m.startswith("envelope weights: add up to 105, not 100") for m in messages)


def test_a_newer_format_is_refused() -> None:
    (problem,) = problems(DEMO_TEXT.replace("format = 1", "format = 2"))
    assert "newer svtool" in problem.message


SECTIONS = [line for line in DEMO_TEXT.splitlines() if line]


def _figures_text() -> str:
    from tests.store.test_documents import with_committed_figures

    return write_definition_text(with_committed_figures(care_tender()))


FIGURES_TEXT = _figures_text()


@given(
    st.lists(
        st.tuples(
            st.integers(0, len(SECTIONS) - 1),
            st.sampled_from(["delete", "duplicate", "garble", "insert"]),
            st.text(max_size=20),
        ),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from([DEMO_TEXT, FIGURES_TEXT]),
)
@settings(max_examples=200, deadline=None, derandomize=True)
def test_mutated_definitions_give_located_problems(edits: list[tuple[int, str, str]], original: str) -> None:
    lines = original.splitlines()
    for where, how, junk in edits:
        where %= len(lines)
        if how == "delete":
            del lines[where]
        elif how == "duplicate":
            lines.insert(where, lines[where])
        elif how == "garble":
            lines[where] = lines[where][: len(lines[where]) // 2] + junk
        else:
            lines.insert(where, junk)
        if not lines:
            lines = [""]
    text = "\n".join(lines)
    try:
        read_definition_text(text, "mutated.toml")
    except FrameworkInvalid as error:
        assert error.problems
        for problem in error.problems:
            assert str(problem).startswith("mutated.toml")


def test_cli_new_and_dump_round_trip(tmp_path: Path) -> None:
    definition = tmp_path / "lot.toml"
    definition.write_text(DEMO_TEXT, encoding="utf-8")
    run = [sys.executable, "-m", "svtool"]
    subprocess.run(
        [*run, "new", "--from", str(definition), str(tmp_path / "lot.svt")],
        check=True,
        cwd=ROOT,
        capture_output=True,
        timeout=60,
    )
    dumped = subprocess.run(
        [*run, "dump", str(tmp_path / "lot.svt")], check=True, cwd=ROOT, capture_output=True, text=True, timeout=60
    ).stdout
    assert dumped == DEMO_TEXT


def test_cli_new_from_a_bad_definition_says_where(tmp_path: Path) -> None:
    definition = tmp_path / "bad.toml"
    definition.write_text(DEMO_TEXT.replace('title = "Care at home', "title = Care at home"), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "svtool", "new", "--from", str(definition), str(tmp_path / "x.svt")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "bad.toml, line 6: the file: is not valid TOML" in result.stderr
    assert not (tmp_path / "x.svt").exists()


def test_method_options_round_trip() -> None:
    from tests.store.test_documents import with_method_options

    evaluation = with_method_options(care_tender())
    text = write_definition_text(evaluation)
    assert 'price_ceiling = "budget"\nceiling_action = "flag"\n' in text and "budget = 950000\n" in text
    assert 'quality_basis = "relative_to_best"' in text and 'basis = "relative_to_best"' in text
    assert read_definition_text(text) == evaluation
    assert write_definition_text(read_definition_text(text)) == text
    # The defaults are not written, so a definition from before these options reads and writes the same.
    assert "ceiling" not in DEMO_TEXT and "budget" not in DEMO_TEXT and 'basis = "absolute"' not in DEMO_TEXT


HOSTILE_NUMBERS = ["nan", "inf", "-inf", "1e999999", "1e-999999", "-5", '"lots"', "[1]", "true"]


@pytest.mark.parametrize("given", HOSTILE_NUMBERS)
def test_a_hostile_budget_names_its_line(given: str) -> None:
    text = DEMO_TEXT.replace('price_formula = "lowest"', f'price_formula = "lowest"\nbudget = {given}')
    (problem,) = problems(text)
    assert problem.field == "budget" and problem.where.line == line_of(text, "budget =")


@pytest.mark.parametrize("given", HOSTILE_NUMBERS)
def test_a_hostile_question_split_names_its_line(given: str) -> None:
    question = 'id = "Q2"'
    text = DEMO_TEXT.replace(question, question, 1)
    at = text.index(question)
    scale = text.index('scale = "0-5"', at)
    text = text[:scale] + f"split = {{ written = {given}, interview = 50 }}\n" + text[scale:]
    found = problems(text)
    located = [p for p in found if p.field == "split"]
    assert located and located[0].where.line == line_of(text, "split = { written")
    assert "the value for 'written'" in located[0].message


@pytest.mark.parametrize(
    ("field", "table", "given"),
    [
        ("price_ceiling", "evaluation", '"wallet"'),
        ("price_ceiling", "evaluation", "5"),
        ("ceiling_action", "evaluation", '"shout"'),
        ("quality_basis", "envelope", '"best"'),
        ("basis", "question", '"best"'),
    ],
)
def test_a_method_option_off_its_choices_names_its_line(field: str, table: str, given: str) -> None:
    anchor = {"evaluation": 'price_formula = "lowest"', "envelope": 'kind = "quality"', "question": 'method = "scale"'}[
        table
    ]
    text = DEMO_TEXT.replace(anchor, f"{anchor}\n{field} = {given}", 1)
    (problem,) = problems(text)
    assert problem.field == field and problem.where.line == line_of(text, f"{field} = {given}")
    assert "is not one of the choices" in problem.message


def test_a_ceiling_without_its_amount_is_a_setup_problem() -> None:
    text = DEMO_TEXT.replace('price_formula = "lowest"', 'price_formula = "lowest"\nprice_ceiling = "budget"')
    (problem,) = problems(text)
    assert "the affordability ceiling is the budget, but no budget is entered" in problem.message
    assert problem.where.line is not None


def test_committed_figures_round_trip() -> None:
    from tests.store.test_documents import with_committed_figures

    evaluation = with_committed_figures(care_tender())
    text = write_definition_text(evaluation)
    assert (
        'method = "measure"\nunit = "FTE"\nbasis = "pass_fail"\ntarget = 1.5\n'
        'tags = ["local-jobs", "employment"]\nmeasure = "JOBS"'
    ) in text
    assert 'working = { "JOBS" = [20, 39] }' in text and "full_time_hours = 35\nfull_time_weeks = 52" in text
    assert read_definition_text(text) == evaluation
    assert write_definition_text(read_definition_text(text)) == text
    assert "full_time" not in DEMO_TEXT and "\nworking =" not in DEMO_TEXT  # defaults are not written


@pytest.mark.parametrize("given", [*HOSTILE_NUMBERS, "[20]", "[20, 39, 1]", "[-1, 39]", "[nan, 39]", "{}"])
def test_hostile_working_names_its_line(given: str) -> None:
    text = FIGURES_TEXT.replace('working = { "JOBS" = [20, 39] }', f'working = {{ "JOBS" = {given} }}')
    (problem,) = problems(text)
    assert problem.field == "working" and problem.where.line == line_of(text, "working =")


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('unit = "FTE"', 'unit = "furlongs"', "unit"),
        ("target = 1.5", "target = -1", "target"),
        ("target = 1.5", "target = nan", "target"),
        ('basis = "pass_fail"', 'basis = "vibes"', "basis"),
        ("tags = [", "tags = [1, ", "tags"),
        ("full_time_hours = 35", "full_time_hours = inf", "full_time_hours"),
    ],
)
def test_a_bad_committed_figure_option_names_its_line(old: str, new: str, field: str) -> None:
    text = FIGURES_TEXT.replace(old, new, 1)
    found = problems(text)
    assert [p.field for p in found] == [field] and found[0].where.line == line_of(text, new)
