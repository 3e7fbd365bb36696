"""PyInstaller run-time hook (build.spec): runs inside the frozen program before PySide6's own hook
loads QtCore, so a Windows too old for Qt 6 gets an Indonesian message instead of a DLL error.
The windowed JKN Desktop.exe has no console (sys.stderr is None): a message box there."""

import sys

from ui.platform_check import check_windows

if not check_windows(has_console=sys.stderr is not None):
    sys.exit(2)
