"""Is a process still running, and is it the one a lock file names?

PIDs are reused: a lock file that names a PID also names the process's start mark, and a PID that
runs with another start mark is another program. Linux reads /proc (boot id and start ticks: exact
and immune to clock changes), Windows asks the kernel (the creation time from GetProcessTimes);
other systems only learn whether the PID exists (no mark)."""

from __future__ import annotations

import functools
import os
import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Seen:
    running: bool
    mark: str | None  # when it started, as this system tells it; None when it cannot tell


@functools.cache
def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text(encoding="ascii").strip()
    except OSError:
        return ""


def _look_proc(pid: int) -> Seen:
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except OSError:
        return Seen(False, None)
    # the command name (field 2) may hold spaces and brackets: the fields after its ")" are plain
    fields = stat[stat.rindex(b")") + 2 :].split()
    if fields[0] in (b"Z", b"X"):  # a zombie has ended; only its parent has not read its status
        return Seen(False, None)
    return Seen(True, f"{_boot_id()}:{int(fields[19])}")  # field 22: start time, clock ticks


def _look_kill(pid: int) -> Seen:
    try:
        os.kill(pid, 0)  # signal 0 only asks (POSIX; on Windows os.kill would end the process)
    except ProcessLookupError:
        return Seen(False, None)
    except PermissionError:
        return Seen(True, None)  # someone else's process
    return Seen(True, None)


if sys.platform == "win32":
    import ctypes
    from ctypes import wintypes

    _QUERY_LIMITED = 0x1000  # PROCESS_QUERY_LIMITED_INFORMATION
    _STILL_ACTIVE = 259
    _ACCESS_DENIED = 5

    def _kernel32() -> ctypes.WinDLL:
        k32 = ctypes.WinDLL("kernel32", use_last_error=True)
        k32.OpenProcess.restype = wintypes.HANDLE
        k32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
        k32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
        k32.GetProcessTimes.argtypes = (wintypes.HANDLE, *[ctypes.POINTER(wintypes.FILETIME)] * 4)
        k32.CloseHandle.argtypes = (wintypes.HANDLE,)
        return k32

    def _look_windows(pid: int) -> Seen:
        k32 = _kernel32()
        handle = k32.OpenProcess(_QUERY_LIMITED, False, pid)
        if not handle:
            # no such process (ERROR_INVALID_PARAMETER), or one we may not look at
            return Seen(ctypes.get_last_error() == _ACCESS_DENIED, None)
        try:
            code = wintypes.DWORD()
            if k32.GetExitCodeProcess(handle, ctypes.byref(code)) and code.value != _STILL_ACTIVE:
                return Seen(False, None)
            times = [wintypes.FILETIME() for _ in range(4)]
            if not k32.GetProcessTimes(handle, *[ctypes.byref(t) for t in times]):
                return Seen(True, None)
            created = (times[0].dwHighDateTime << 32) | times[0].dwLowDateTime
            return Seen(True, str(created))
        finally:
            k32.CloseHandle(handle)


def look(pid: int) -> Seen:
    """Whether ``pid`` runs, and its start mark when this system can tell."""
    if pid <= 0:
        return Seen(False, None)
    if sys.platform == "win32":
        return _look_windows(pid)
    if Path("/proc/self/stat").exists():
        return _look_proc(pid)
    return _look_kill(pid)


def same_process(recorded: str | None, now: str | None) -> bool | None:
    """Whether two start marks name one process; None when either is unknown."""
    if recorded is None or now is None:
        return None
    return recorded == now
