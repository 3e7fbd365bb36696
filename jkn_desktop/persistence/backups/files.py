"""Writing files that must be whole or absent: a temporary file beside the target, flushed to the
disk, then renamed over the target's name in one step (a process killed midway leaves only the
temporary file, which the next backup sweeps away, never half a backup under a backup's name)."""

from __future__ import annotations

import errno
import os
import sqlite3
import sys
import time
from collections.abc import Callable
from pathlib import Path

from jkn_desktop.errors import UserError

Progress = Callable[[int, int], None]
TEMP_MARK = ".sementara-"
STALE_TEMP_SECONDS = 3600  # a backup of 100,000 residents takes about a second
PAUSE_ENV = "JKN_DESKTOP_TEST_PAUSE"


def test_pause(point: str) -> None:
    """For the kill -9 tests only: with ``JKN_DESKTOP_TEST_PAUSE=<point>`` the process says so on
    stderr and sleeps at that point, so a test can kill it exactly there."""
    if os.environ.get(PAUSE_ENV) == point:
        sys.stderr.write(f"PAUSED {point}\n")
        sys.stderr.flush()
        time.sleep(600)


def temp_beside(target: Path, what: str = "") -> Path:
    return target.with_name(f".{target.name}{what}{TEMP_MARK}{os.getpid()}")


def sweep_temps(folder: Path, *, now: float | None = None) -> None:
    """Remove what a killed backup or restore left in ``folder`` (older than an hour)."""
    if not folder.is_dir():
        return
    now = time.time() if now is None else now
    for leftover in folder.glob(f".*{TEMP_MARK}*"):
        try:
            if now - leftover.stat().st_mtime > STALE_TEMP_SECONDS:
                leftover.unlink()
        except OSError:
            continue


def private(path: Path) -> None:
    """Readable by the user only (POSIX 0600): the file holds NIKs, families and health data."""
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)


def create_private(path: Path) -> None:
    """An empty file only the user can read (POSIX 0600) from its first byte: the temporary
    copies hold the same personal data as the database."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.close(fd)


def private_folder(folder: Path) -> None:
    """Create ``folder`` (and its parents) if needed; only the user may enter it (POSIX 0700)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if os.name == "posix":
            os.chmod(folder, 0o700)
    except OSError as exc:
        raise unwritable(folder, exc) from exc


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handles for this)."""
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def put_in_place(temp: Path, target: Path) -> None:
    """The finished temporary file becomes ``target``: flushed, private, renamed, the rename
    flushed."""
    fsync_file(temp)
    private(temp)
    os.replace(temp, target)
    fsync_folder(target.parent)


def disk_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    if isinstance(exc, sqlite3.Error):
        return _primary(exc) == sqlite3.SQLITE_FULL or "disk is full" in str(exc)
    return False


def unwritable(folder: Path, exc: BaseException) -> UserError:
    """A failed write as the user's message: a full disk, or a folder that takes no files."""
    if disk_full(exc):
        return UserError("BACKUP_DISK_FULL.during", folder=folder)
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return UserError("BACKUP_UNWRITABLE", folder=folder, reason=reason)


def copy_database(
    source: Path,
    target: Path,
    *,
    progress: Progress | None = None,
    readonly: bool = False,
    step_pages: int = 16384,
) -> None:
    """A consistent copy of ``source`` at ``target`` with SQLite's online backup API (pages still
    in the write-ahead log included), in rollback-journal mode so that the copy is one file; whole
    or absent. Failures to write come out as the user's message; failures to read ``source``
    (not a database, damaged) as :class:`sqlite3.Error` for the caller to name."""
    temp = temp_beside(target)
    temp.unlink(missing_ok=True)
    uri = f"file:{source}?mode=ro" if readonly else str(source)
    try:
        create_private(temp)  # SQLite takes an empty file as an empty database
    except OSError as exc:
        raise unwritable(target.parent, exc) from exc
    src = sqlite3.connect(uri, uri=readonly, timeout=5)
    writing = False
    try:
        dst = sqlite3.connect(str(temp))
        try:
            paused = False

            def step(_status: int, remaining: int, total: int) -> None:
                nonlocal paused
                if progress is not None:
                    progress(total - remaining, total)
                if not paused:
                    paused = True
                    test_pause("backup-copy")

            writing = True
            src.backup(dst, pages=step_pages, progress=step)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
        put_in_place(temp, target)
    except (OSError, sqlite3.Error) as exc:
        _remove(temp)
        if writing and (isinstance(exc, OSError) or disk_full(exc) or _target_side(exc)):
            raise unwritable(target.parent, exc) from exc
        raise
    finally:
        src.close()


def _target_side(exc: BaseException) -> bool:
    """A failure writing the copy (read-only folder, vanished disk) rather than reading the
    source."""
    return _primary(exc) in (sqlite3.SQLITE_READONLY, sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_IOERR)


def _primary(exc: BaseException) -> int:
    """SQLite's primary result code of an error (its extended code less the detail)."""
    return int(getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF


def _remove(path: Path) -> None:
    for p in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
        try:
            p.unlink(missing_ok=True)
        except OSError:
            continue
