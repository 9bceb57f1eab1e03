"""A final evaluation, made once and copied for each test (docs/delivery.md starts from one)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from svtool.services.demo import create_demo
from svtool.services.demo_delivery import _final


@pytest.fixture(scope="session")
def final_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("final") / "final.svt"
    opened = create_demo(path)
    _final(opened)
    opened.close()
    return path


@pytest.fixture
def final_file(final_template: Path, tmp_path: Path) -> Path:
    path = tmp_path / "contract.svt"
    shutil.copy(final_template, path)
    return path
