"""Logging: named loggers per area ("jkn.db", "jkn.ui", …), a rotating file in the user's log
folder, and faulthandler writing hard crashes to a file next to it."""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import sys
from pathlib import Path
from typing import IO

from jkn_desktop.paths import log_dir

_fault_file: IO[str] | None = None


def log_file() -> Path:
    return Path(os.environ.get("JKN_DESKTOP_LOG_DIR") or log_dir()) / "jkn_desktop.log"


def setup_logging(verbose: bool = False) -> Path:
    """Install the handlers once; returns the log file path."""
    global _fault_file  # noqa: PLW0603 - the file must outlive this call for faulthandler
    path = log_file()
    root = logging.getLogger()
    if getattr(root, "_jkn_configured", False):
        return path
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(fmt)
        root.addHandler(handler)
        _fault_file = (path.parent / "crash_fault.log").open("a", encoding="utf-8")
        faulthandler.enable(_fault_file)
        if os.name == "posix":  # the log names files and villages: the user's alone
            for own in (path, path.parent / "crash_fault.log"):
                os.chmod(own, 0o600)
    except OSError:
        pass  # no writable log folder: carry on without a file
    if verbose and sys.stderr is not None:  # a windowed Windows build has no stderr
        console = logging.StreamHandler(sys.stderr)
        console.setFormatter(fmt)
        root.addHandler(console)
    root._jkn_configured = True  # type: ignore[attr-defined]
    return path
