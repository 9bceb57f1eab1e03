"""svtool installed as a person installs it, not run from the checkout: `pip install --user` of a built wheel.

The wheel is built offline from a copy of the tracked files (so nothing in this checkout's working folder leaks
into it), then installed with `pip install --user` into a throwaway user base (PYTHONUSERBASE). pip refuses
--user inside a virtual environment, so the install and the runs use the interpreter this environment was made
from (sys._base_executable), with this environment's site-packages on PYTHONPATH for svtool's dependencies only:
they carry no svtool package (an editable install's finder is loaded from a .pth file, which PYTHONPATH entries
do not run). Every command runs from an empty folder outside the checkout. docs/installing.md explains the
layouts.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _run(command: list[str], cwd: Path, env: dict[str, str], timeout: int = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def user_install(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    tracked = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout
    for name in filter(None, tracked.decode().split("\0")):
        if (ROOT / name).is_file():  # (a file deleted but not yet committed is left out)
            (source / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, source / name)
    wheels = base / "wheels"
    built = _run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-q",
            "-w",
            str(wheels),
            str(source),
        ],
        base,
        dict(os.environ),
    )
    assert built.returncode == 0, built.stderr
    wheel = next(wheels.glob("svtool-*.whl"))

    interpreter = getattr(sys, "_base_executable", sys.executable)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "SVTOOL_"))}
    env |= {
        "PYTHONUSERBASE": str(base / "userbase"),
        "PYTHONPATH": sysconfig.get_paths()["purelib"],
        "HOME": str(base / "home"),
        "XDG_DATA_HOME": str(base / "home" / "data"),
        "XDG_STATE_HOME": str(base / "home" / "state"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    # --break-system-packages: a Debian interpreter marks itself externally managed even for --user installs.
    installed = _run(
        [
            interpreter,
            "-m",
            "pip",
            "install",
            "--user",
            "--no-deps",
            "--no-index",
            "--break-system-packages",
            "-q",
            str(wheel),
        ],
        base,
        env,
    )
    assert installed.returncode == 0, installed.stderr
    script = next((base / "userbase").rglob("bin/svtool"), None) or next((base / "userbase").rglob("svtool.exe"))
    work = base / "elsewhere"
    work.mkdir()
    yield script, env | {"_CWD": str(work)}


def _svtool(install: tuple[Path, dict[str, str]], *args: str) -> subprocess.CompletedProcess[str]:
    script, env = install
    return _run([str(script), *args], Path(env["_CWD"]), env)


def test_the_installed_package_is_the_one_run(user_install: tuple[Path, dict[str, str]]) -> None:
    _script, env = user_install
    where = _run(
        [
            getattr(sys, "_base_executable", sys.executable),
            "-c",
            "import svtool, svtool.paths as p; print(svtool.__file__); print(p.install_root())",
        ],
        Path(env["_CWD"]),
        env,
    )
    module, root = where.stdout.split()
    userbase = env["PYTHONUSERBASE"]
    assert module.startswith(userbase) and root.startswith(userbase), where.stdout
    assert Path(root, "frameworks", "ppn-002.toml").is_file() and Path(root, "resources", "style.qss").is_file()


def test_frameworks_are_listed(user_install: tuple[Path, dict[str, str]]) -> None:
    listed = _svtool(user_install, "frameworks", "list")
    assert listed.returncode == 0, listed.stderr
    shipped = [
        tomllib.loads(path.read_text(encoding="utf-8"))["framework"]["id"]
        for path in (ROOT / "frameworks").glob("*.toml")
    ]
    assert shipped and "(invalid)" not in listed.stdout
    listed_ids = [line.split()[0] for line in listed.stdout.splitlines()[1:]]
    assert sorted(listed_ids) == sorted(shipped), listed.stdout


def test_a_pdf_is_exported(user_install: tuple[Path, dict[str, str]]) -> None:
    work = Path(user_install[1]["_CWD"])
    demo = _svtool(user_install, "demo", "demo.svt")
    assert demo.returncode == 0, demo.stderr
    exported = _svtool(user_install, "export", "demo.svt", "--pdf", "report.pdf")
    assert exported.returncode == 0, exported.stderr
    text = subprocess.run(
        ["pdftotext", str(work / "report.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Ethical" in text or "Recommendation" in text, text[:500]


def test_self_check_passes(user_install: tuple[Path, dict[str, str]]) -> None:
    checked = _svtool(user_install, "self-check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
