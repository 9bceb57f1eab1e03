"""The window starts without the export libraries (reportlab, openpyxl, XlsxWriter): they take a fifth of a second
to import, and start-up has a budget (bench/bench_scale.py, start_to_first_window_s < 0.8 s). They are imported
when a page first writes or reads a document."""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("reportlab", "openpyxl", "xlsxwriter")

PROBE = """
import sys
import svtool.ui.app, svtool.ui.main_window
print(" ".join(sorted(name for name in sys.modules if name.split(".")[0] in {heavy!r})))
print("PySide6.QtWidgets" in sys.modules)
"""


def test_the_window_module_imports_no_export_library() -> None:
    run = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=set(HEAVY))], capture_output=True, text=True, check=True
    )
    loaded, widgets = run.stdout.splitlines()
    assert widgets == "True"  # (the probe did import the window's modules)
    assert loaded == ""
