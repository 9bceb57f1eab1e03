"""Award criteria, reporting metrics, published counts and unconfirmed marks: read, written, and refused with
located messages when wrong. Files written before these fields existed still load unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from svtool.domain.framework import MeasureKind, MeasureRole
from svtool.frameworks.problems import FrameworkInvalid, Problem
from svtool.frameworks.textformat import read_framework_text, write_framework_text
from svtool.frameworks.workbook import read_framework_xlsx, write_framework_xlsx
from tests.frameworks.test_textformat import GOOD, only_problem

MODEL = """\
[framework]
id = "model"
name = "A model"
publisher = "Cabinet Office"
version = "1"
source = "Written for the tests"
licence = "OGL"
theme_word = "mission"
note = "Metrics not included."
published_criteria = 3
published_metrics = 2

[[themes]]
id = "M1"
title = "Growth"
unconfirmed = true
note = "Heading not seen."

[[outcomes]]
id = "O1"
theme = "M1"
title = "Fair work"

[[measures]]
id = "C1"
outcome = "O1"
title = "Create jobs"
role = "award-criterion"
ref = "1a"

[[measures]]
id = "R1"
outcome = "O1"
title = "Jobs created"
role = "reporting-metric"
ref = "SRM 1"
unit = "FTE"
unconfirmed = true
note = "Unit not checked."
"""


def problems_of(text: str) -> list[Problem]:
    with pytest.raises(FrameworkInvalid) as caught:
        read_framework_text(text, "test.toml")
    return caught.value.problems


def test_roles_refs_marks_and_counts_load() -> None:
    model = read_framework_text(MODEL)
    criterion, metric = model.measures
    assert criterion.role is MeasureRole.AWARD_CRITERION and criterion.kind is MeasureKind.QUALITATIVE
    assert criterion.label == "1a Create jobs" and not criterion.unconfirmed
    assert metric.role is MeasureRole.REPORTING_METRIC and metric.unit == "FTE" and metric.unconfirmed
    assert metric.note == "Unit not checked." and model.themes[0].unconfirmed
    assert model.contents() == "1 mission, 1 outcome, 1 of 3 award criteria, 1 of 2 reporting metrics"
    assert read_framework_text(write_framework_text(model)) == model


def test_a_file_without_the_new_fields_reads_as_before() -> None:
    framework = read_framework_text(GOOD)
    assert all(m.role is MeasureRole.MEASURE and not m.ref and not m.unconfirmed for m in framework.measures)
    assert framework.theme_words == ("theme", "themes") and framework.info.published_metrics is None
    assert "role" not in write_framework_text(framework) and "unconfirmed" not in write_framework_text(framework)


def test_unknown_role_suggests_the_right_one() -> None:
    problem = only_problem(MODEL.replace('role = "award-criterion"', 'role = "award-criteria"'))
    assert (problem.where.line, problem.field) == (28, "role")
    assert "did you mean 'award-criterion'?" in problem.message


def test_award_criterion_cannot_be_quantitative() -> None:
    problem = only_problem(MODEL.replace('ref = "1a"', 'ref = "1a"\nunit = "FTE"\nkind = "quantitative"'))
    assert problem.field == "kind" and "award criterion is scored on the evaluation's scale" in problem.message


def test_reporting_metric_cannot_be_qualitative() -> None:
    problem = only_problem(MODEL.replace('unit = "FTE"\n', 'kind = "qualitative"\n'))
    assert problem.field == "kind" and "reporting metric is a quantity in a unit" in problem.message


def test_unconfirmed_must_be_true_or_false() -> None:
    problem = only_problem(MODEL.replace('unconfirmed = true\nnote = "Unit', 'unconfirmed = "maybe"\nnote = "Unit'))
    assert (problem.where.line, problem.field) == (38, "unconfirmed")
    assert "'maybe' is not true or false" in problem.message


def test_more_records_than_the_source_publishes_is_refused() -> None:
    problem = only_problem(MODEL.replace("published_metrics = 2", "published_metrics = 0"))
    assert (problem.where.line, problem.field) == (11, "published_metrics")
    assert "says the source publishes 0, but the file holds 1" in problem.message


def test_counts_and_theme_word_are_checked() -> None:
    problems = problems_of(
        MODEL.replace("published_criteria = 3", "published_criteria = 2.5").replace(
            'theme_word = "mission"', 'theme_word = "Mission!"'
        )
    )
    assert {(p.field, p.where.line) for p in problems} == {("published_criteria", 10), ("theme_word", 8)}
    assert any("2.5 is not a whole number" in p.message for p in problems)


def test_workbook_round_trips_the_new_fields(tmp_path: Path) -> None:
    model = read_framework_text(MODEL)
    path = tmp_path / "model.xlsx"
    write_framework_xlsx(model, path)
    assert read_framework_xlsx(path) == model


def test_workbook_bad_role_names_its_cell(tmp_path: Path) -> None:
    path = tmp_path / "model.xlsx"
    write_framework_xlsx(read_framework_text(MODEL), path)
    book = load_workbook(path)
    sheet = book["Measures"]
    headers = [c.value for c in sheet[1]]
    sheet.cell(2, headers.index("Role") + 1).value = "criterion"
    sheet.cell(3, headers.index("Unconfirmed") + 1).value = "perhaps"
    book.save(path)
    with pytest.raises(FrameworkInvalid) as caught:
        read_framework_xlsx(path)
    found = {(p.where.row, p.field): p for p in caught.value.problems}
    assert set(found) == {(2, "role"), (3, "unconfirmed")}
    assert "(Role)" in str(found[(2, "role")].where) and "'criterion' is not a role" in found[(2, "role")].message
