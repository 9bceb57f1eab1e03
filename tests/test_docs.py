"""The documentation's promises: the example framework is valid, and CI runs the README's test command."""

from __future__ import annotations

import re

from svtool.domain.framework import MeasureKind
from svtool.frameworks.textformat import read_framework_text
from tests.conftest import ROOT


def code_blocks(markdown: str, language: str = "") -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", markdown, flags=re.DOTALL)


def test_the_documented_example_is_a_valid_framework() -> None:
    doc = (ROOT / "docs" / "framework-format.md").read_text(encoding="utf-8")
    (example,) = code_blocks(doc, "toml")
    framework = read_framework_text(example, "framework-format.md")
    assert [m.id for m in framework.measures] == ["LS1", "LS2", "FW1"]
    assert framework.measures[2].kind is MeasureKind.QUALITATIVE


def test_readme_quick_start_is_two_commands_and_ci_runs_the_test_command() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    commands = [block.strip() for block in code_blocks(quick_start)]
    assert len(commands) == 2, commands
    run, test = commands
    assert "svtool" in run and "pip install" in run
    assert "pytest" in test and ".[dev]" in test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert test in ci.splitlines(), "the README's test command must be the one .ci/run runs"


def test_the_documented_definition_example_is_a_valid_evaluation() -> None:
    from svtool.definition.reader import read_definition_text
    from svtool.definition.writer import write_definition_text

    doc = (ROOT / "docs" / "definition-format.md").read_text(encoding="utf-8")
    (example,) = code_blocks(doc, "toml")
    evaluation = read_definition_text(example, "definition-format.md")
    assert evaluation.title == "Home care, Lot 2" and len(evaluation.bidders) == 3
    assert write_definition_text(evaluation) == example


def test_the_architecture_page_names_only_files_that_exist() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    named = set(re.findall(r"`((?:tests/)?[a-z_/]+\.py)", doc))
    assert len(named) >= 10, named
    missing = [n for n in named if not (ROOT / n).exists() and not (ROOT / "svtool" / n).exists()]
    assert not missing, missing
