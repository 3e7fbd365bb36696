"""One writer per database file: a lock file beside it, held by the OS while the program runs.

``desa.sqlite3.lock`` says, as JSON, who has the database open — the name the caller gives, the
program, the computer, the process with its start mark, since when — for the message another
program shows. What decides is not the file but the OS lock on it (``fcntl.flock`` on POSIX,
``msvcrt.locking`` on Windows), held as long as the file stays open: a program that is killed or
crashes loses it at once, and its leftover file is taken over at the next start. The PID and its
start mark are checked too, for file systems whose locks do not reach other programs; on another
computer (a database in a shared folder) neither can be checked, so the user takes the lock over
explicitly. The file is the user's alone (0600). docs/decisions.md, "One writer per database".
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import logging
import os
import socket
import sys
import threading
import uuid
import weakref
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from jkn_desktop import __version__
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.errors import DatabaseError, DatabaseHeldElsewhere, DatabaseInUse
from jkn_desktop.persistence.processes import look, same_process

log = logging.getLogger("jkn.db")

_MAX_BYTES = 16_384  # ours are a few hundred bytes
_NAME_MAX = 80
_ATTEMPTS = 5  # a holder that lets go while we open its file: open again
_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation
_READONLY = {errno.EACCES, errno.EPERM, errno.EROFS}

# The lock files this process holds (key → holder): a second open in this process is refused
# whatever the file system's locks do.
_held: dict[str, Holder] = {}
_held_guard = threading.Lock()


if sys.platform == "win32":
    import msvcrt

    # Windows locks bytes, and bytes locked by one process cannot be read by another: lock one
    # byte far past the JSON, so the file still tells who holds it.
    _LOCK_AT = 1 << 20

    def _try_lock(fd: int) -> bool:
        os.lseek(fd, _LOCK_AT, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            os.lseek(fd, _LOCK_AT, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        except OSError as exc:
            if exc.errno in (errno.ENOLCK, errno.EOPNOTSUPP, errno.EINVAL):
                # a file system without locks: the PID, its start mark and the token decide
                log.warning("no OS lock on this file system (%s): %s", exc.strerror, fd)
                return True
            return False
        return True

    def _unlock(fd: int) -> None:
        with contextlib.suppress(OSError):
            fcntl.flock(fd, fcntl.LOCK_UN)


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def os_user() -> str:
    """The operating system's name for whoever runs this program (as ``getpass.getuser``, whose
    module is only imported when the environment does not say: it costs milliseconds at start)."""
    for variable in ("LOGNAME", "USER", "LNAME", "USERNAME"):
        if name := os.environ.get(variable):
            return name
    import getpass

    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):  # no user name anywhere in the environment
        return "pengguna"


def _clean(name: str) -> str:
    text = " ".join("".join(c if c.isprintable() else " " for c in name).split())
    return text[:_NAME_MAX] or os_user()


@dataclass(frozen=True, slots=True)
class Holder:
    """Who holds a database: what its lock file says."""

    name: str
    program: str
    host: str
    pid: int
    mark: str | None  # the process's start mark (persistence.processes)
    since: dt.datetime
    token: str  # this holding, unique: a file that names another has been taken over

    def here(self) -> bool:
        return self.host.casefold() == socket.gethostname().casefold()

    def since_text(self) -> str:
        """``1 Desember 2026 pukul 14.05`` in this computer's time."""
        local = self.since.astimezone()
        return f"{tanggal(local.date())} pukul {local:%H.%M}"

    def describe(self) -> str:
        return f"{self.name} ({self.program}) di {self.host}, PID {self.pid}, sejak {self.since_text()}"

    def dumps(self) -> bytes:
        data = {
            "app": f"JKN Desktop {__version__}",
            "holder": self.name,
            "program": self.program,
            "host": self.host,
            "pid": self.pid,
            "process_start": self.mark,
            "since": self.since.isoformat(timespec="seconds"),
            "token": self.token,
        }
        return json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8")

    @staticmethod
    def loads(raw: bytes) -> Holder | None:
        """The holder a file names; None for an empty file; ValueError for anything else."""
        if not raw.strip():
            return None
        try:
            data: Any = json.loads(raw.decode("utf-8"))
            fields = (data["holder"], data["program"], data["host"], data["token"])
            pid, mark = data["pid"], data["process_start"]
            since = dt.datetime.fromisoformat(data["since"])
        except (UnicodeDecodeError, KeyError, TypeError, ValueError) as exc:
            raise ValueError("not a lock file of ours") from exc
        if not all(isinstance(f, str) for f in fields) or type(pid) is not int:
            raise ValueError("not a lock file of ours")
        if mark is not None and not isinstance(mark, str):
            raise ValueError("not a lock file of ours")
        name, program, host, token = fields
        return Holder(name, program, host, pid, mark, since.astimezone(), token)


def _in_use(h: Holder) -> DatabaseInUse:
    return DatabaseInUse(
        "DB_IN_USE", name=h.name, host=h.host, since=h.since_text(), program=h.program
    )


def _unknown(path: Path) -> DatabaseInUse:
    return DatabaseInUse("DB_IN_USE.unknown", lock=path)


def _lost(path: Path, raw: bytes) -> DatabaseInUse:
    try:
        now = Holder.loads(raw)
    except ValueError:
        now = None
    if now is None:
        return _unknown(path)
    return DatabaseInUse("DB_IN_USE.lost", name=now.name, host=now.host, since=now.since_text())


def _key(path: Path) -> str:
    return os.path.normcase(os.path.abspath(path))


def _read(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, _MAX_BYTES)


def _write(fd: int, holder: Holder) -> None:
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, holder.dumps())


def _named(fd: int, path: Path) -> bool:
    """The open file is still the one at ``path`` (POSIX: a holder that let go removed it, or
    someone deleted it by hand). Windows never removes or replaces a file another program holds
    open."""
    if os.name == "nt":
        return True
    try:
        on_disk = os.stat(path)
    except FileNotFoundError:
        return False
    held = os.fstat(fd)
    return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)


def _token_of(raw: bytes) -> str | None:
    try:
        holder = Holder.loads(raw)
    except ValueError:
        return None
    return holder.token if holder else None


def _let_go(path: Path, fd: int, token: str, key: str) -> None:
    """Release: empty and remove the file when it still names this holding, then drop the OS
    lock. Also run when a lock is garbage-collected and at the interpreter's exit."""
    ours = False
    try:
        ours = _named(fd, path) and _token_of(_read(fd)) == token
        if ours:
            os.ftruncate(fd, 0)  # an empty file is a free lock, should removing it fail
            if os.name != "nt":
                os.unlink(path)  # before letting go: nobody takes a lock on a file on its way out
    except OSError:
        pass
    finally:
        _unlock(fd)
        with contextlib.suppress(OSError):
            os.close(fd)
        with _held_guard:
            if (h := _held.get(key)) is not None and h.token == token:
                del _held[key]
    if ours and os.name == "nt":
        with contextlib.suppress(OSError):  # another program has it open to read it: it stays
            os.unlink(path)


class WriterLock:
    """The writer lock this process holds on one database. ``taken_over`` says how the previous
    holder's file was replaced: "" (there was none), "stale" (its process has ended), "reused"
    (its PID now runs another program), "garbled" (unreadable, and nobody held it) or "explicit"
    (another computer's, or one that cannot be checked, taken over at the user's word);
    ``replaced`` is who held it then."""

    def __init__(
        self, path: Path, fd: int, key: str, holder: Holder, replaced: Holder | None, how: str
    ) -> None:
        self.path = path
        self.holder = holder
        self.replaced = replaced
        self.taken_over = how
        self._fd = fd
        self._key = key
        self._guard = threading.Lock()
        self._finalizer = weakref.finalize(self, _let_go, path, fd, holder.token, key)

    @property
    def held(self) -> bool:
        return self._finalizer.alive

    def rename(self, name: str) -> None:
        """Say who holds it now (the window once the village's operator, later the logged-in
        user, is known)."""
        name = _clean(name)
        with self._guard:
            if not self.held or name == self.holder.name:
                return
            self.holder = replace(self.holder, name=name)
            _write(self._fd, self.holder)
            with _held_guard:
                _held[self._key] = self.holder

    def verify(self) -> None:
        """Before each write job: the file still names this holding. Taken over meanwhile (from
        another computer, at its user's word) → ``DB_IN_USE.lost``; nothing is written."""
        with self._guard:
            if not self.held:
                raise _unknown(self.path)
            if not _named(self._fd, self.path):
                self._relink()
                return
            raw = _read(self._fd)
            if _token_of(raw) == self.holder.token:
                return
            if raw.strip() and _token_of(raw) is not None:
                raise _lost(self.path, raw)
            _write(self._fd, self.holder)  # emptied or garbled by hand while we hold it

    def _relink(self) -> None:
        """The file was removed while we hold it (by hand): make it again, unless another
        program already has."""
        try:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_EXCL | _BINARY, 0o600)
        except FileExistsError:
            try:
                raw = self.path.read_bytes()[:_MAX_BYTES]
            except OSError:
                raw = b""
            raise _lost(self.path, raw) from None
        if not _try_lock(fd):
            os.close(fd)
            raise _unknown(self.path)
        _write(fd, self.holder)
        self._finalizer.detach()
        _unlock(self._fd)
        os.close(self._fd)
        self._fd = fd
        self._finalizer = weakref.finalize(
            self, _let_go, self.path, fd, self.holder.token, self._key
        )

    def release(self) -> None:
        with self._guard:
            self._finalizer()


def _judge(previous: Holder | None, garbled: bool, take_over: bool) -> str:
    """How the previous holder's file may be replaced now that nobody holds its OS lock; raises
    when it may not."""
    if previous is None:
        return "garbled" if garbled else ""
    if not previous.here():
        if take_over:
            return "explicit"
        raise _elsewhere(previous)
    if previous.pid == os.getpid():
        return "stale"  # one of ours, dropped without release (this process holds no other)
    seen = look(previous.pid)
    if not seen.running:
        return "stale"
    same = same_process(previous.mark, seen.mark)
    if same is False:
        return "reused"
    if same is None:  # this system cannot tell: as if on another computer
        if take_over:
            return "explicit"
        raise _elsewhere(previous)
    raise _in_use(previous)  # running, the same process: a file system whose locks do not reach


def _elsewhere(h: Holder) -> DatabaseHeldElsewhere:
    return DatabaseHeldElsewhere(
        "DB_IN_USE.elsewhere", name=h.name, host=h.host, since=h.since_text(), program=h.program
    )


def _open(path: Path) -> int | None:
    """The lock file opened to write; None in a folder that cannot be written (nobody can write
    the database there either: SQLite says so when something tries)."""
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | _BINARY, 0o600)
    except OSError as exc:
        if exc.errno not in _READONLY:
            raise DatabaseError("DB_UNOPENABLE.os", path=path, reason=exc.strerror) from exc
        if exc.errno != errno.EROFS and os.access(path.parent, os.W_OK) and path.exists():
            raise _unknown(path) from exc  # another account's lock file
    return None


def _take(
    path: Path, fd: int, key: str, name: str, program: str, take_over: bool
) -> WriterLock | None:
    got = _try_lock(fd)
    if got and not _named(fd, path):
        return None
    raw = _read(fd)
    try:
        previous, garbled = Holder.loads(raw), False
    except ValueError:
        previous, garbled = None, True
    if not got:
        raise _in_use(previous) if previous is not None else _unknown(path)
    how = _judge(previous, garbled, take_over)
    me = Holder(
        name=_clean(name),
        program=program,
        host=socket.gethostname(),
        pid=os.getpid(),
        mark=look(os.getpid()).mark,
        since=dt.datetime.now().astimezone().replace(microsecond=0),
        token=uuid.uuid4().hex,
    )
    _write(fd, me)
    if sys.platform != "win32":
        with contextlib.suppress(OSError):
            os.fchmod(fd, 0o600)  # a file left by an older program, or made with another mode
    if how:
        was = previous.describe() if previous else "?"
        log.warning("writer lock of %s taken over (%s) from %s", path, how, was)
    with _held_guard:
        _held[key] = me
    return WriterLock(path, fd, key, me, previous, how)


def acquire(
    db_path: Path, name: str, program: str, *, take_over: bool = False
) -> WriterLock | None:
    """Hold the writer lock of ``db_path`` for ``name`` (who, as the user knows them) in
    ``program`` (what: "jendela JKN Desktop", "perintah jkn-desktop init"). Raises
    :class:`DatabaseInUse` when another program holds it (:class:`DatabaseHeldElsewhere` when
    only the user can tell, and ``take_over`` was not given). None in a read-only folder."""
    path = lock_path(db_path)
    key = _key(path)
    with _held_guard:
        mine = _held.get(key)
    if mine is not None:
        raise _in_use(mine)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseError(
            "DB_UNOPENABLE.folder", folder=path.parent, reason=exc.strerror
        ) from exc
    for _ in range(_ATTEMPTS):
        fd = _open(path)
        if fd is None:
            log.warning("no writer lock: %s cannot be written", path.parent)
            return None
        lock = None
        try:
            lock = _take(path, fd, key, name, program, take_over)
        finally:
            if lock is None:
                _unlock(fd)
                os.close(fd)
        if lock is not None:
            return lock
    raise _unknown(path)
