"""Render every page of the app on the demonstration evaluation to docs/screenshots/ (run under Xvfb), in the
window as it first opens on a council laptop's screen (docs/screens.md):

    xvfb-run -a -s "-screen 0 1366x768x24" python scripts/screenshots.py
    QT_SCALE_FACTOR=1.5 xvfb-run -a -s "-screen 0 1920x1080x24" python scripts/screenshots.py --suffix -150

Each picture is reduced to a 256-colour palette (with Pillow, if installed) to keep the repository small.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"


def _small(path: Path) -> None:
    """A palette PNG: screenshots of flat widgets lose nothing visible and shrink to about a third."""
    try:
        from PIL import Image
    except ImportError:
        return
    with Image.open(path) as image:
        reduced = image.convert("RGB").quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
    reduced.save(path, optimize=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the PNGs (default docs/screenshots)")
    parser.add_argument("--suffix", default="", help="added to each file name, e.g. -150 for 150%% scaling")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as private:
        os.environ["SVTOOL_DATA_DIR"] = str(Path(private) / "data")  # a fresh demo, not the user's
        os.environ["XDG_CONFIG_HOME"] = str(Path(private) / "config")
        from PySide6.QtWidgets import QApplication

        from svtool.services.demo import demo_path
        from svtool.services.evaluations import open_evaluation
        from svtool.ui.app import create_application
        from svtool.ui.main_window import PAGES, MainWindow

        app = create_application()
        MainWindow.choose_member = lambda self, members, *_: members[0].id  # the lead, Sam Patel
        window = MainWindow(open_evaluation(demo_path()))
        window.show()  # as it first opens: fitted to the screen (svtool/ui/layout_memory.py)
        args.out.mkdir(parents=True, exist_ok=True)
        for name in PAGES:
            window.go_to(name)
            if name == "Moderation":
                window.page(name).show_filter.setCurrentIndex(2)  # type: ignore[attr-defined]  # still to moderate
            if name == "Framework":
                browser = window.page(name).browser  # type: ignore[attr-defined]
                browser.tree.expandAll()
                browser.tree.setCurrentIndex(browser.tree.model().index(0, 0, browser.tree.model().index(0, 0)))
            if name == "Audit":  # a few edits first, so the trail shows what it records
                from decimal import Decimal

                from svtool.domain.evaluation import Score
                from svtool.services.panel import unlock

                document = window.document
                assert document is not None  # the demo is at moderation: Sam (the lead) reopens his own interview
                document.apply(
                    unlock(
                        document.opened,
                        "E1",
                        "E1",
                        "interview",
                        "Sam asked to rescore Ashton's interview after the panel meeting.",
                    )
                )
                assert document.record_score(
                    Score(
                        "E1",
                        "ACC",
                        "Q2",
                        "interview",
                        Decimal(4),
                        "Care academy described with numbers; retention plan credible.",
                    )
                )
                window.undo_action.trigger()
                window.redo_action.trigger()
            for _ in range(5):
                app.processEvents()
            target = args.out / f"{name.lower()}{args.suffix}.png"
            window.grab().save(str(target))
            _small(target)
            print(target, f"{target.stat().st_size // 1024} KB", f"window {window.width()}x{window.height()}")
        window.close()
        QApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
