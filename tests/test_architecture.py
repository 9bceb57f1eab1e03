"""The layering of ARCHITECTURE.md, the linters, and logic that provably runs without Qt."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from tests.conftest import ROOT, SHIPPED, require_tool

NO_QT = textwrap.dedent("""
    import importlib, pkgutil, sys

    class NoQt:
        def find_spec(self, name, path=None, target=None):
            if name == "PySide6" or name.startswith("PySide6."):
                raise ImportError("PySide6 is blocked for this run")
            return None

    sys.meta_path.insert(0, NoQt())
    import svtool
    for module in pkgutil.walk_packages(svtool.__path__, "svtool."):
        if not module.name.startswith(("svtool.ui", "svtool.__main__")):
            importlib.import_module(module.name)
    from svtool.cli import main
    raise SystemExit(main(["frameworks", "check", *sys.argv[1:]]))
""")


def test_everything_but_the_ui_runs_without_pyside6() -> None:
    result = subprocess.run(
        [sys.executable, "-c", NO_QT, *map(str, SHIPPED)], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("OK ") == len(SHIPPED)


def test_import_contracts_hold() -> None:
    lint_imports = require_tool("lint-imports")
    result = subprocess.run([lint_imports], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_ruff_is_clean() -> None:
    ruff = require_tool("ruff")
    result = subprocess.run([ruff, "check", "."], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout


def test_ruff_format_is_clean() -> None:
    """The code is in ruff's format (CONTRIBUTING.md): run `ruff format` before committing."""
    ruff = require_tool("ruff")
    result = subprocess.run([ruff, "format", "--check", "."], capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stdout


def test_mypy_is_clean_and_strict_for_the_domain() -> None:
    require_tool("mypy")
    env = {**os.environ, "MYPY_CACHE_DIR": str(ROOT / ".mypy_cache")}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "svtool"], capture_output=True, text=True, cwd=ROOT, timeout=600, env=env
    )
    assert result.returncode == 0, result.stdout


def test_mypy_is_clean_for_the_tests_and_benchmarks() -> None:
    require_tool("mypy")
    env = {**os.environ, "MYPY_CACHE_DIR": str(ROOT / ".mypy_cache")}
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "tests", "bench"], capture_output=True, text=True, cwd=ROOT, timeout=600, env=env
    )
    assert result.returncode == 0, result.stdout


MAX_MODULE_LINES = 600


def test_no_module_is_over_600_lines() -> None:
    """CONTRIBUTING.md: modules stay under 600 lines; split one by responsibility when it grows."""
    modules = sorted((ROOT / "svtool").rglob("*.py"))
    assert len(modules) > 100  # the walk found the package
    lengths = {
        path.relative_to(ROOT).as_posix(): len(path.read_text(encoding="utf-8").splitlines()) for path in modules
    }
    over = {path: n for path, n in lengths.items() if n > MAX_MODULE_LINES}
    assert not over, f"modules over {MAX_MODULE_LINES} lines (split them by responsibility): " + ", ".join(
        f"{path} ({n})" for path, n in sorted(over.items(), key=lambda item: -item[1])
    )
