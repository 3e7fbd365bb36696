"""Entry point of ``jkn-desktop``: the command line, with the window's hooks plugged in.

Qt is imported only when a window or a screenshot is really needed, so command-line use stays fast.

Both executables of the bundle start here: the console ``jkn-desktop.exe`` and the windowed
``JKN Desktop.exe``. The windowed one (like ``pythonw`` and the ``jkn-desktop-gui`` script) has no
console on Windows: ``sys.stdout`` and ``sys.stderr`` are None there, and the first message or
``--help`` would raise. They get a sink instead, and a Windows too old for Qt is told in a message
box (ui/platform_check.py). Output sent to a file or a pipe is UTF-8 everywhere: Windows would
otherwise encode it in the locale's code page and stop at the first name or arrow it lacks.
"""

from __future__ import annotations

import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from jkn_desktop.cli import GuiHooks
from jkn_desktop.cli import main as cli_main
from jkn_desktop.cli.common import EXIT_USAGE
from jkn_desktop.paths import Location
from ui.platform_check import check_windows


def utf8_when_redirected(stream: TextIO) -> None:
    """A stream going to a file or a pipe writes UTF-8 (a console gets every character through
    Windows' wide-character API anyway; Linux is UTF-8 already)."""
    if not isinstance(stream, io.TextIOWrapper) or stream.isatty():
        return
    if stream.encoding.lower().replace("-", "").replace("_", "") != "utf8":
        stream.reconfigure(encoding="utf-8")


def prepare_streams() -> bool:
    """Point a missing sys.stdout / sys.stderr at the null device (kept open for the life of the
    process) and make redirected output UTF-8. Returns whether the process had a console, i.e.
    stderr was there."""
    had_console = sys.stderr is not None
    for name in ("stdout", "stderr"):
        stream = getattr(sys, name)
        if stream is None:
            setattr(sys, name, open(os.devnull, "w", encoding="utf-8"))  # noqa: SIM115
        else:
            utf8_when_redirected(stream)
    return had_console


def main(argv: Sequence[str] | None = None) -> int:
    has_console = prepare_streams()

    def run_window(db_path: Location) -> int:
        if not check_windows(has_console):
            return EXIT_USAGE
        from ui.app import run_app

        return run_app(db_path)

    def screenshots(db_path: Location, out_dir: Path) -> int:
        if not check_windows(has_console):
            return EXIT_USAGE
        from ui.screenshots import render_all

        return render_all(db_path, out_dir)

    return cli_main(argv, GuiHooks(run_window=run_window, screenshots=screenshots))


if __name__ == "__main__":
    sys.exit(main())
