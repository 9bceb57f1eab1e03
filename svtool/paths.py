"""Where shipped data lives: the same look-up from a checkout, any pip install and a PyInstaller build.

The top-level frameworks/ and resources/ folders are the source. A built wheel carries copies of them inside the
package, at svtool/_data/ (setup.py's build step), so a venv, `pip install --user`, pipx or a plain prefix
install all find them through importlib.resources, wherever pip put the package. A PyInstaller build bundles
them at the same place (build_installer.spec). An editable install or a source checkout has no svtool/_data/,
and reads the folders beside the package. docs/installing.md says how each layout is tested.
"""

from __future__ import annotations

import sys
from functools import cache
from importlib import resources
from pathlib import Path

#: Where, inside the svtool package, a wheel or a frozen build keeps its copy of frameworks/ and resources/.
PACKAGED = "_data"


@cache
def install_root() -> Path:
    """The folder that holds resources/ and frameworks/."""
    packaged = resources.files("svtool").joinpath(PACKAGED)
    # files() gives a real folder for every layout svtool supports (it is not run from a zip file).
    if isinstance(packaged, Path) and (packaged / "frameworks").is_dir():
        return packaged
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen and (Path(frozen) / "svtool" / PACKAGED / "frameworks").is_dir():
        return Path(frozen) / "svtool" / PACKAGED
    return Path(__file__).resolve().parent.parent  # a checkout or an editable install


def frameworks_dir() -> Path:
    return install_root() / "frameworks"


def resources_dir() -> Path:
    return install_root() / "resources"


def resource(name: str) -> Path:
    return resources_dir() / name
