"""The first window fits the screen it opens on, at 100%, 125% and 150% scaling (council laptops: 1366x768 at
125-150%), and the layout a person set is remembered (docs/screens.md)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QHeaderView, QSplitter

from svtool.services.evaluations import open_evaluation
from svtool.ui import layout_memory
from svtool.ui.main_window import MainWindow

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]

#: Run in a fresh process: the scale factor is read once, when the application starts.
PROBE = """
import sys
from pathlib import Path
from PySide6.QtCore import QSettings
from svtool.services.demo import create_demo
from svtool.ui.app import create_application
from svtool.ui.main_window import MainWindow
from svtool.ui import layout_memory
app = create_application()
QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, sys.argv[1])
MainWindow.choose_member = lambda self, members, *_: members[0].id
window = MainWindow(create_demo(Path(sys.argv[1]) / "demo.svt"))
window.show()
for name in ("Setup", "Framework", "Bidders", "Scoring", "Moderation", "Results", "Audit"):
    window.go_to(name)
    app.processEvents()
    assert layout_memory.fits(window), (name, window.frameGeometry(), layout_memory.available(window))
area = layout_memory.available(window)
print(window.width(), window.height(), area.width(), area.height(), window.statusBar().isVisible())
window.close()
"""


@pytest.mark.parametrize(
    ("width", "height", "scale"),
    [(1366, 768, "1"), (1366, 768, "1.25"), (1366, 768, "1.5"), (1920, 1080, "1.5"), (1280, 720, "1")],
)
def test_the_first_window_fits_the_screen(tmp_path: Path, width: int, height: int, scale: str) -> None:
    screen = tmp_path / "screen.json"
    screen.write_text(
        json.dumps(
            {
                "screens": [
                    {
                        "name": "laptop",
                        "x": 0,
                        "y": 0,
                        "width": width,
                        "height": height,
                        "logicalDpi": 96,
                        "logicalBaseDpi": 96,
                        "dpr": 1,
                    }
                ]
            }
        )
    )
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": f"offscreen:configfile={screen}",
        "QT_SCALE_FACTOR": scale,
        "PYTHONPATH": str(ROOT),
        "SVTOOL_DATA_DIR": str(tmp_path / "data"),
    }
    run = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    shown_w, shown_h, free_w, free_h, status = run.stdout.split()[-5:]
    assert int(shown_w) <= int(free_w) and int(shown_h) <= int(free_h) and status == "True"
    assert int(free_w) == round(width / float(scale)) or abs(int(free_w) - width / float(scale)) < 2


def test_a_remembered_window_larger_than_this_screen_is_fitted(qtbot, demo_file: Path) -> None:  # type: ignore[no-untyped-def]
    big = MainWindow(open_evaluation(demo_file))
    qtbot.addWidget(big)
    area = layout_memory.available(big)
    big.setGeometry(0, 0, area.width() * 2, area.height() * 2)  # as on a docked monitor
    QSettings().setValue("main_window/geometry", big.saveGeometry())
    big.close()
    again = MainWindow(open_evaluation(demo_file))
    qtbot.addWidget(again)
    again.show()
    assert layout_memory.fits(again)


def test_splitters_and_column_widths_are_remembered(qtbot, demo_file: Path) -> None:  # type: ignore[no-untyped-def]
    window = MainWindow(open_evaluation(demo_file))
    qtbot.addWidget(window)
    window.show()
    window.go_to("Results")
    splitter = window.page("Results").findChild(QSplitter)
    assert splitter is not None
    splitter.setSizes([150, 450])
    wanted = splitter.sizes()
    assert wanted[0] < wanted[1] - 100
    window.go_to("Moderation")
    page = window.page("Moderation")
    header = page.table.horizontalHeader()  # type: ignore[attr-defined]
    assert header.sectionResizeMode(0) is QHeaderView.ResizeMode.Interactive
    header.resizeSection(0, 333)
    window.close()
    assert isinstance(QSettings().value("layout/Results/splitter0"), QByteArray)
    again = MainWindow(open_evaluation(demo_file))
    qtbot.addWidget(again)
    again.show()
    again.go_to("Results")
    assert again.page("Results").findChild(QSplitter).sizes() == wanted  # type: ignore[union-attr]
    again.go_to("Moderation")
    moderation = again.page("Moderation")
    assert moderation.table.horizontalHeader().sectionSize(0) == 333  # type: ignore[attr-defined]
    moderation.show_filter.setCurrentIndex(1)  # type: ignore[attr-defined]  # refilled: the width stays
    assert moderation.table.horizontalHeader().sectionSize(0) == 333  # type: ignore[attr-defined]
