"""Entry point of ``jkn-desktop``: the command line, with the window's hooks plugged in.

Qt is imported only when a window or a screenshot is really needed, so command-line use stays fast.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from jkn_desktop.cli import GuiHooks
from jkn_desktop.cli import main as cli_main


def _run_window(db_path: Path) -> int:
    from ui.app import run_app

    return run_app(db_path)


def _screenshots(db_path: Path, out_dir: Path) -> int:
    from ui.screenshots import render_all

    return render_all(db_path, out_dir)


def main(argv: Sequence[str] | None = None) -> int:
    return cli_main(argv, GuiHooks(run_window=_run_window, screenshots=_screenshots))


if __name__ == "__main__":
    sys.exit(main())
