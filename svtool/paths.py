"""Where shipped data lives, in a source checkout, an installed package and a PyInstaller build."""

from __future__ import annotations

import sys
from pathlib import Path


def install_root() -> Path:
    """The folder that holds resources/ and frameworks/.

    A PyInstaller build unpacks them under sys._MEIPASS; a source checkout or an editable install keeps
    them beside the svtool package; a wheel install puts them under <prefix>/share/svtool.
    """
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / "frameworks").is_dir():
        return checkout
    shared = Path(sys.prefix) / "share" / "svtool"
    if (shared / "frameworks").is_dir():
        return shared
    return checkout


def frameworks_dir() -> Path:
    return install_root() / "frameworks"


def resources_dir() -> Path:
    return install_root() / "resources"


def resource(name: str) -> Path:
    return resources_dir() / name
