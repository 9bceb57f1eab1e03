"""Copies the shipped data into the wheel: the configuration itself is in pyproject.toml.

frameworks/ and resources/ stay at the top of the repository, where people edit them; the build puts a copy of
each inside the package as svtool/_data/, which svtool/paths.py finds through importlib.resources however the
wheel is installed. An editable install skips the copy and reads the folders in the checkout.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SHIPPED = ("frameworks", "resources")


class BuildWithData(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        for name in SHIPPED:
            target = Path(self.build_lib) / "svtool" / "_data" / name
            shutil.rmtree(target, ignore_errors=True)
            shutil.copytree(ROOT / name, target, ignore=shutil.ignore_patterns("__pycache__", "*.py[cod]"))


setup(cmdclass={"build_py": BuildWithData})
