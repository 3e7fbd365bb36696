"""Every page and dialog of ``ui.catalog`` as PNG files, on a screen of a chosen size, offscreen:
``python -m ui.catalog_shots DB DIR [--screen 1024x600] [--scale 1.5] [--dark]``.

For looking at what a netbook, a 150% laptop or a dark Windows theme makes of the windows; the
checks themselves are in tests/ui/test_small_screens.py."""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
from pathlib import Path

TASKBAR = 40


def _screen(width: int, height: int) -> str:
    """The offscreen platform with one screen of that size (its free area above a taskbar)."""
    config = {
        "screens": [
            {
                "name": "layar",
                "x": 0,
                "y": 0,
                "width": width,
                "height": height - TASKBAR,
                "logicalDpi": 96,
                "logicalBaseDpi": 96,
                "dpr": 1,
            }
        ]
    }
    import atexit
    import shutil

    folder = tempfile.mkdtemp(prefix="jkn-layar-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = Path(folder) / "layar.json"
    path.write_text(json.dumps(config), encoding="utf-8")
    return f"offscreen:configfile={path}"


def dark_palette() -> object:
    """What a dark Windows theme hands the program before it sets its own."""
    from PySide6.QtGui import QColor, QPalette

    pal = QPalette()
    for role, color in (
        (QPalette.ColorRole.Window, "#202020"),
        (QPalette.ColorRole.WindowText, "#f0f0f0"),
        (QPalette.ColorRole.Base, "#2b2b2b"),
        (QPalette.ColorRole.Text, "#f0f0f0"),
        (QPalette.ColorRole.Button, "#333333"),
        (QPalette.ColorRole.ButtonText, "#f0f0f0"),
    ):
        pal.setColor(role, QColor(color))
    return pal


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m ui.catalog_shots")
    ap.add_argument("db", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--screen", default="1024x600", help="lebar x tinggi layar, piksel")
    ap.add_argument("--scale", type=float, default=1.0, help="skala Windows, mis. 1.25")
    ap.add_argument("--dark", action="store_true", help="tema gelap sistem")
    args = ap.parse_args(argv)
    width, height = (int(v) for v in args.screen.lower().split("x"))
    os.environ["QT_QPA_PLATFORM"] = _screen(width, height)
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    if args.dark:
        app.setPalette(dark_palette())  # type: ignore[arg-type]
    from ui.app import build_window, make_app
    from ui.catalog import catalog
    from ui.screen_checks import cut_texts, hidden_buttons, too_big
    from ui.screenshots import settle

    make_app()
    args.out.mkdir(parents=True, exist_ok=True)
    window = build_window(args.db, first_run=False)
    free = app.primaryScreen().availableGeometry()
    window.resize(free.width(), free.height() - 30)  # maximised: the free area less the title
    window.show()
    settle(window)
    for n, (name, widget) in enumerate(catalog(window), start=1):
        kind = "halaman" if widget is window else "dialog"
        slug = re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_")
        widget.grab().save(str(args.out / f"{n:02d}_{kind}_{slug}.png"))
        # the screen with its taskbar; the main window is maximised (no frame) and fits
        screen = app.primaryScreen().geometry().adjusted(0, 0, 0, TASKBAR)
        big = too_big(widget, screen) if widget is not window else []
        for problem in big + cut_texts(widget) + hidden_buttons(widget):
            print(f"{name}: {problem}")
    window.close()
    window.ctx.runner.shutdown()
    window.ctx.db.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
