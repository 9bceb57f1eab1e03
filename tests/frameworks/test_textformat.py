"""The framework text format: shipped files load, bad files give messages that name line and field."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from svtool.domain.framework import MeasureKind
from svtool.frameworks.problems import FrameworkInvalid, Problem
from svtool.frameworks.textformat import read_framework_file, read_framework_text, write_framework_text
from tests.conftest import SHIPPED

GOOD = """\
[framework]
id = "demo"
name = "Demo framework"
publisher = "Test Council"
version = "1"
source = "Written for the tests"
licence = "CC0"

[[themes]]
id = "T1"
title = "Local economy"

[[outcomes]]
id = "O1"
theme = "T1"
title = "Local spend"

[[measures]]
id = "M1"
outcome = "O1"
title = "Spend in the borough"
unit = "%"
target = 40
tags = ["local-spend"]

[[measures]]
id = "M2"
outcome = "O1"
title = "Spend with local SMEs"
unit = "GBP"
proxy_value = 1.00
proxy_source = "Face value"
proxy_year = 2025
"""


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(FrameworkInvalid) as caught:
        read_framework_text(text, "test.toml")
    assert caught.value.problems, "FrameworkInvalid must carry at least one problem"
    return caught.value.problems


def only_problem(text: str) -> Problem:
    problems = problems_of(text)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_good_file_loads_exactly() -> None:
    framework = read_framework_text(GOOD)
    assert framework.id == "demo"
    assert [m.id for m in framework.measures] == ["M1", "M2"]
    m1, m2 = framework.measures
    assert m1.target == Decimal("40") and m1.unit == "%" and m1.tags == ("local-spend",)
    assert m2.proxy is not None and m2.proxy.value == Decimal("1.00") and m2.proxy.year == 2025
    assert isinstance(m2.proxy.value, Decimal)  # never a float


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.name)
def test_shipped_framework_is_valid_and_round_trips(path: Path) -> None:
    framework = read_framework_file(path)
    assert framework.info.licence and framework.info.source
    assert framework.themes and framework.outcomes and framework.measures
    text = write_framework_text(framework)
    assert read_framework_text(text) == framework
    assert write_framework_text(read_framework_text(text)) == text


def test_shipped_library_has_the_four_frameworks() -> None:
    ids = {read_framework_file(p).id for p in SHIPPED}
    assert ids == {"ppn-002", "ppn-06-20", "cwb-local", "ethical-care"}


def test_no_shipped_framework_carries_restricted_proxies() -> None:
    """National TOMs and HACT values are licensed CC BY-NC-ND or restricted: never shipped."""
    for path in SHIPPED:
        framework = read_framework_file(path)
        for measure in framework.measures:
            if measure.proxy:
                source = measure.proxy.source.lower()
                assert "toms" not in source and "hact" not in source and "social value portal" not in source


def test_ppn_models_have_five_themes_and_eight_outcomes() -> None:
    for path in SHIPPED:
        framework = read_framework_file(path)
        if framework.id in ("ppn-002", "ppn-06-20"):
            assert len(framework.themes) == 5
            assert len(framework.outcomes) == 8
            assert "Open Government Licence" in framework.info.licence


def test_local_frameworks_have_local_spend_and_living_wage_measures() -> None:
    for path in SHIPPED:
        framework = read_framework_file(path)
        if framework.id in ("cwb-local", "ethical-care"):
            tags = {t for m in framework.measures for t in m.tags}
            assert {"local-spend", "living-wage"} <= tags
            assert any(m.unit == "%" and "living-wage" in m.tags for m in framework.measures)


def test_duplicate_id_names_both_places() -> None:
    text = GOOD.replace('id = "M2"', 'id = "M1"')
    problem = only_problem(text)
    assert problem.where.line == 27 and problem.field == "id"
    assert "already the id of a measure" in problem.message and "line 19" in problem.message


def test_unknown_unit_suggests_the_right_one() -> None:
    problem = only_problem(GOOD.replace('unit = "GBP"', 'unit = "gbp"'))
    assert (problem.where.line, problem.field) == (30, "unit")
    assert "'gbp' is not a known unit (did you mean 'GBP'?)" in problem.message
    assert "people" in problem.fix  # the list of units to choose from


def test_negative_proxy() -> None:
    problem = only_problem(GOOD.replace("proxy_value = 1.00", "proxy_value = -1.00"))
    assert (problem.where.line, problem.field) == (31, "proxy_value")
    assert "negative" in problem.message


def test_non_numeric_proxy() -> None:
    problem = only_problem(GOOD.replace("proxy_value = 1.00", 'proxy_value = "one pound"'))
    assert (problem.where.line, problem.field) == (31, "proxy_value")
    assert "'one pound' is not a number" in problem.message


def test_outcome_with_no_measures() -> None:
    text = GOOD + '\n[[outcomes]]\nid = "O2"\ntheme = "T1"\ntitle = "Empty"\n'
    problem = only_problem(text)
    assert problem.record == "outcome 'O2'" and problem.where.line == 35
    assert "has no measures" in problem.message


def test_unknown_key_suggests_the_right_one() -> None:
    problem = only_problem(GOOD.replace("target = 40", "traget = 40"))
    assert (problem.where.line, problem.field) == (23, "traget")
    assert "did you mean 'target'" in problem.message


def test_unknown_section() -> None:
    problem = only_problem(GOOD + '\n[[measure]]\nid = "M9"\n')
    assert problem.field == "measure" and "did you mean 'measures'" in problem.message


def test_parent_that_does_not_exist() -> None:
    problems = problems_of(GOOD.replace('theme = "T1"', 'theme = "T9"'))
    theme, reference = problems  # in file order
    assert (theme.record, theme.message) == ("theme 'T1'", "has no outcomes")
    assert (reference.where.line, reference.field) == (15, "theme")
    assert "Use the id of one of the themes: T1" in reference.fix


def test_measure_naming_a_missing_outcome_is_reported_once() -> None:
    problem = only_problem(GOOD.replace('outcome = "O1"\ntitle = "Spend with', 'outcome = "O9"\ntitle = "Spend with'))
    assert (problem.where.line, problem.field) == (28, "outcome")


def test_missing_required_fields_are_all_reported() -> None:
    text = GOOD.replace('publisher = "Test Council"\n', "").replace('title = "Spend in the borough"\n', "")
    problems = problems_of(text)
    assert {(p.record, p.field) for p in problems} == {
        ("the [framework] table", "publisher"),
        ("measure 'M1'", "title"),
    }


def test_qualitative_measure_takes_no_unit() -> None:
    problem = only_problem(GOOD.replace('unit = "%"', 'kind = "qualitative"\nunit = "%"').replace("target = 40\n", ""))
    assert problem.field == "unit" and "qualitative" in problem.message


def test_qualitative_measure_loads() -> None:
    text = GOOD.replace('unit = "%"\ntarget = 40\n', 'kind = "qualitative"\n')
    assert read_framework_text(text).measures[0].kind is MeasureKind.QUALITATIVE


def test_percentage_target_over_100() -> None:
    problem = only_problem(GOOD.replace("target = 40", "target = 140"))
    assert problem.field == "target" and "more than 100" in problem.message


def test_proxy_needs_its_source_and_year() -> None:
    problems = problems_of(GOOD.replace('proxy_source = "Face value"\n', ""))
    assert [p.field for p in problems] == ["proxy_source"]


def test_bad_tag_and_near_miss_tag() -> None:
    problems = problems_of(GOOD.replace('tags = ["local-spend"]', 'tags = ["Local Spend", "local-spends"]'))
    messages = [p.message for p in problems]
    assert "'Local Spend' is not a usable tag" in messages[0] and "'local-spend'" in problems[0].fix
    assert "did you mean 'local-spend'" in messages[1]


def test_text_where_a_number_is_expected_and_vice_versa() -> None:
    problem = only_problem(GOOD.replace('version = "1"', "version = 1"))
    assert problem.field == "version" and "should be text" in problem.message


def test_broken_syntax_names_the_line() -> None:
    problem = only_problem(GOOD.replace('title = "Local economy"', 'title = "Local economy'))
    assert problem.where.line == 11 and "not valid TOML" in problem.message


def test_random_bytes_file(tmp_path: Path) -> None:
    path = tmp_path / "noise.toml"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(FrameworkInvalid) as caught:
        read_framework_file(path)
    assert "not a UTF-8 text file" in str(caught.value)


def test_windows_notepad_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert read_framework_file(path).id == "demo"


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FrameworkInvalid) as caught:
        read_framework_file(tmp_path / "absent.toml")
    assert "cannot be read" in str(caught.value)


def test_newer_format_is_refused_plainly() -> None:
    problem = only_problem(GOOD.replace("[framework]\n", "[framework]\nformat = 2\n"))
    assert "newer svtool" in problem.message and "Update svtool" in problem.fix


def test_empty_file() -> None:
    problem = only_problem("")
    assert "no [framework] table" in problem.message


def test_control_character_in_text() -> None:
    problem = only_problem(GOOD.replace('title = "Local economy"', 'title = "Local\\u0007economy"'))
    assert problem.field == "title" and "control character" in problem.message


def test_writer_escapes_quotes_backslashes_and_newlines() -> None:
    tricky = 'He said "keep it local" \\ then left\nNew line, £ and é'
    text = GOOD.replace(
        'title = "Local economy"',
        "title = " + '"' + tricky.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"',
    )
    framework = read_framework_text(text)
    assert framework.themes[0].title == tricky
    assert read_framework_text(write_framework_text(framework)) == framework


def test_line_numbers_ignore_unicode_line_separators_inside_text() -> None:
    """U+2028 and U+2029 are ordinary characters in TOML text, not line breaks."""
    text = GOOD.replace('title = "Local economy"', 'title = "Local\u2028economy\u2029"')
    problem = only_problem(text.replace('unit = "GBP"', 'unit = "gbp"'))
    assert problem.where.line == 30
