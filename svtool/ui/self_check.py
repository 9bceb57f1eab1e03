"""`svtool self-check`: prove an installed or built svtool works, with no person at the screen.

Opens the demonstration evaluation (in a throwaway folder) in the real main window, visits every page, computes
the results, exports the workbook and PDF, and prints the recommendation. Exit 0 when all of that worked; CI
runs it on the PyInstaller build.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path


def self_check() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    with tempfile.TemporaryDirectory(prefix="svtool-check-") as folder:
        os.environ["SVTOOL_DATA_DIR"] = str(Path(folder) / "data")
        from PySide6.QtCore import QSettings

        from svtool.domain.numbers import show
        from svtool.services.demo import demo_path
        from svtool.services.evaluations import open_evaluation
        from svtool.ui.app import create_application
        from svtool.ui.main_window import PAGES, MainWindow

        app = create_application()
        # Keep the check out of the person's own recent files and window layout.
        QSettings.setPath(QSettings.Format.NativeFormat, QSettings.Scope.UserScope, str(Path(folder) / "settings"))
        opened = open_evaluation(demo_path())
        lead = opened.evaluation.lead
        if lead is not None:  # no person at the screen to say who is working: the demonstration's lead
            opened.act_as(lead.id, "self-check")
        window = MainWindow(opened)
        window.show()
        for name in PAGES:
            window.go_to(name)
            app.processEvents()
        document = window.document
        assert document is not None
        results = document.results
        winner = results.winner
        from svtool.services.reporting import ExportRequest, export

        written = export(document.opened, ExportRequest(xlsx=Path(folder) / "demo.xlsx", pdf=Path(folder) / "demo.pdf"))
        window.close()
        app.processEvents()
        if winner is None or len(results.bidders) != 6:
            print("svtool self-check FAILED: the demonstration evaluation gave no recommendation.", file=sys.stderr)
            return 1
        print(
            f"svtool self-check OK: {len(results.bidders)} bidders ranked; recommended {winner.name} "
            f"({show(winner.total)} points); {len(PAGES)} pages shown; "
            f"exported {', '.join(f'{p.name} ({p.stat().st_size // 1024} KiB)' for p in written)}."
        )
    return 0
