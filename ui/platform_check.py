"""Before Qt is loaded: is this Windows one Qt 6 runs on? Qt 6.8 and later need Windows 10
version 1809 (build 17763) or Windows 11, 64-bit. An older Windows would end in a missing-DLL
error in English, or in nothing at all; this says why in Indonesian instead.

Imports nothing but the standard library: the frozen bundle runs it as a PyInstaller run-time hook
(scripts/pyi_rthook_winver.py), before PySide6's own hook loads QtCore; an installed copy runs it
from ui.launcher before the window opens. The rule itself is a pure function, tested on Linux."""

from __future__ import annotations

import sys

MIN_WINDOWS_BUILD = 17763  # Windows 10 version 1809 (October 2018)
_OLD_NAMES = {(6, 0): "Vista", (6, 1): "7", (6, 2): "8", (6, 3): "8.1"}


def windows_name(version: tuple[int, int, int]) -> str:
    """(major, minor, build) as people know it: "Windows 8.1", "Windows 10", "Windows 11"."""
    major, minor, build = version
    if major == 10 and minor == 0:
        return "Windows 11" if build >= 22000 else "Windows 10"
    return f"Windows {_OLD_NAMES.get((major, minor), f'{major}.{minor}')}"


def windows_problem(version: tuple[int, int, int], is_64bit: bool) -> str | None:
    """The message for a Windows the window cannot run on, or None when it can. ``version``:
    (major, minor, build) of the running system, as ``sys.getwindowsversion().platform_version``
    gives it (the real one, not the one a compatibility mode pretends)."""
    major, _minor, build = version
    new_enough = major > 10 or (major == 10 and build >= MIN_WINDOWS_BUILD)
    if new_enough and is_64bit:
        return None
    this = f"{windows_name(version)} (build {build})"
    if new_enough:
        this = f"{this} 32-bit"
    return (
        "JKN Desktop tidak dapat berjalan di komputer ini.\n\n"
        "Program ini membutuhkan Windows 10 versi 1809 atau yang lebih baru (atau Windows 11) "
        f"dengan sistem operasi 64-bit. Komputer ini memakai {this}.\n\n"
        "Perbarui Windows lewat Windows Update, atau pasang JKN Desktop di komputer lain. "
        "Data desa tidak berubah."
    )


def check_windows(has_console: bool) -> bool:
    """True where the window can run. On a Windows too old, shows the message and returns False:
    on stderr when the program has a console, in a message box when it has none (the windowed
    ``JKN Desktop.exe``, pythonw). Elsewhere always True."""
    if sys.platform != "win32":
        return True
    problem = windows_problem(sys.getwindowsversion().platform_version, sys.maxsize > 2**32)
    if problem is None:
        return True
    if not has_console or sys.stderr is None:
        import ctypes

        mb_iconerror = 0x10
        ctypes.windll.user32.MessageBoxW(None, problem, "JKN Desktop", mb_iconerror)
    else:
        sys.stderr.write(f"jkn-desktop: {problem}\n")
    return False
