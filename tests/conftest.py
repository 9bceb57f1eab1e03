"""Shared test setup: Qt offscreen, a private data folder, and tools that must exist on CI."""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from svtool.services.evaluations import OpenEvaluation

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

#: The PostgreSQL server and per-test databases, shared by every test module (tests/postgres.py).
pytest_plugins = ["tests.postgres"]

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = sorted((ROOT / "frameworks").glob("*.toml"))


def require_tool(name: str) -> str:
    """The path of a command-line tool. Missing: skip on a developer's machine, fail on CI (CI=true)."""
    found = shutil.which(name)
    if found:
        return found
    message = f"'{name}' is not installed; .ci/run installs it"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def reopen_submitted(opened: OpenEvaluation, reason: str = "Reopened so that the test can score again.") -> None:
    """The lead reopens every member's submitted stages, as before scores are changed in the demonstration (it is
    at moderation: every member has submitted, so their scores are locked)."""
    from svtool.services.panel import unlock

    lead = opened.evaluation.lead
    assert lead is not None
    for submission in opened.evaluation.submissions:
        unlock(opened, lead.id, submission.evaluator_id, submission.stage_id, reason)


@pytest.fixture(autouse=True)
def private_user_folders(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Keep each test's user frameworks, settings and logs out of the real home folder."""
    base = tmp_path_factory.mktemp("user")
    monkeypatch.setenv("SVTOOL_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("SVTOOL_LOG_DIR", str(base / "logs"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(base / "config"))
    return base


# On CI, hypothesis draws the same examples every run: a red build is then always reproducible.
try:
    from hypothesis import settings as _hypothesis_settings

    _hypothesis_settings.register_profile("ci", derandomize=True, print_blob=True)
    if os.environ.get("CI", "").lower() == "true":
        _hypothesis_settings.load_profile("ci")
except ImportError:  # pragma: no cover - hypothesis is a dev dependency
    pass
