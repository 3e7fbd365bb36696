"""One open, migrated database — a file, or a database on a PostgreSQL server (issue 17) — and
the only place a transaction is opened."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from sqlalchemy import Connection, insert
from sqlalchemy.exc import DBAPIError

from jkn_desktop.errors import Cancelled, DatabaseError, UserError
from jkn_desktop.paths import Location, ServerAddress
from jkn_desktop.persistence import audit_chain, household_situation
from jkn_desktop.persistence.dberrors import readonly_refusal, trouble
from jkn_desktop.persistence.migrate import (
    damaged_error,
    integrity_problems,
    open_engine,
    translate_sqlite_error,
)
from jkn_desktop.persistence.server import (
    begin_job,
    environment_failure,
    hold_write_lock,
    server_error,
)
from jkn_desktop.persistence.tables import audit_t
from jkn_desktop.persistence.work import Work, refuse_unless
from jkn_desktop.records.area import NO_AREA, WHOLE, Scope
from jkn_desktop.records.changes import USER
from jkn_desktop.records.people import Actor

if TYPE_CHECKING:
    from jkn_desktop.persistence.writer_lock import WriterLock

log = logging.getLogger("jkn.db")

R = TypeVar("R")
_STEPS_BETWEEN_CHECKS = 20_000  # SQLite virtual machine steps: well under a millisecond


@contextmanager
def _interruptible(conn: Connection, cancelled: Callable[[], bool] | None) -> Iterator[None]:
    """While inside, the database stops the running statement once ``cancelled()`` is true."""
    if cancelled is None:
        yield
        return
    raw = conn.connection.driver_connection
    assert raw is not None
    if conn.dialect.name != "sqlite":
        with _server_cancel(raw, cancelled):
            yield
        return
    raw.set_progress_handler(lambda: 1 if cancelled() else 0, _STEPS_BETWEEN_CHECKS)
    try:
        yield
    finally:
        raw.set_progress_handler(None, 0)


@contextmanager
def _server_cancel(raw: Any, cancelled: Callable[[], bool]) -> Iterator[None]:
    """PostgreSQL: a watcher asks ``cancelled()`` ten times a second and, once it says yes, asks
    the server to stop the statement running (libpq's cancel request)."""
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.1):
            if cancelled():
                raw.cancel_safe()
                return

    watcher = threading.Thread(target=watch, name="jkn-cancel", daemon=True)
    watcher.start()
    try:
        yield
    finally:
        done.set()
        watcher.join()


class Database:
    """Owns the engine. :meth:`work` opens a job's one transaction; SQLite failures of the
    environment come out as :class:`DatabaseError` in Indonesian.

    The writer lock (``persistence.writer_lock``): ``lock`` is held while this program may write;
    a database opened to read (``claim`` given, ``lock`` None) takes it at its first write job,
    or refuses the job when another program holds it. Neither given (tests, benchmarks): no lock.
    """

    def __init__(
        self,
        location: Location,
        *,
        migrate: bool = True,
        lock: WriterLock | None = None,
        claim: Callable[[], WriterLock | None] | None = None,
    ) -> None:
        self.location: Location = (
            location if isinstance(location, ServerAddress) else Path(location)
        )
        self.engine = open_engine(self.location, migrate=migrate)
        # set when a check found the file damaged: it can still be read, never written
        self.damaged = False
        # once the file has accounts, a job with no logged-in person may read but not write
        self.has_accounts = self._count_accounts() > 0
        # the person logged in through this object (the window's, the command line's): every job
        # given only a name acts for them
        self.lock = lock
        self._claim = claim
        self._session: Actor | None = None

    @property
    def on_server(self) -> bool:
        return isinstance(self.location, ServerAddress)

    @property
    def path(self) -> Path:
        """The database file; a database on a server has none (``DB_ON_SERVER``)."""
        return file_of(self.location)

    @property
    def name(self) -> str:
        """What a message calls the database: its file's name, or its name on the server."""
        return self.location.name

    @property
    def session(self) -> Actor | None:
        return self._session

    @session.setter
    def session(self, actor: Actor | None) -> None:
        """The person logged in through this object; the writer lock names them from now on."""
        self._session = actor
        if actor is not None and not actor.is_system:
            self.rename_holder(actor.full_name or actor.username)

    def _count_accounts(self) -> int:
        from sqlalchemy import func, select

        from jkn_desktop.persistence.tables import app_user_t

        with self.engine.connect() as conn:
            return int(conn.execute(select(func.count()).select_from(app_user_t)).scalar_one())

    def claim_writer(self) -> None:
        """Hold the writer lock from now on (it was opened to read); raises ``DatabaseInUse``
        when another program holds it. Checks that a lock held is still ours."""
        if self.lock is None:
            if self._claim is not None:
                self.lock = self._claim()
        elif self.lock.held:
            self.lock.verify()

    def release_lock(self) -> None:
        """Let another program write (this one reads on; a write job takes the lock again)."""
        if self.lock is not None:
            self.lock.release()
            self.lock = None

    def rename_holder(self, name: str) -> None:
        """Who the lock file names as holding this database (the operator, the logged-in user)."""
        if self.lock is not None:
            self.lock.rename(name)

    @property
    def actor(self) -> Actor:
        """Who a job given only a name acts for (see :meth:`work`)."""
        if self.session is not None:
            return self.session
        return Actor(username="-", roles=()) if self.has_accounts else Actor.system()

    def require(self, permission: str) -> None:
        """For work on the whole file outside a job (backup, restore): the person logged in must
        hold ``permission``."""
        refuse_unless(self.actor, permission)

    @contextmanager
    def work(
        self,
        user: str | Actor,
        *,
        write: bool = True,
        today: dt.date | None = None,
        now: dt.datetime | None = None,
        scope: Scope = WHOLE,
        cancelled: Callable[[], bool] | None = None,
        beside_writer: bool = False,
        village: str = "",
    ) -> Iterator[Work]:
        """One job: everything inside commits together or not at all. A read job (``write=False``)
        sees one consistent snapshot and cannot write (SQLite refuses it). ``cancelled``: asked
        every few thousand SQLite steps; once it says yes, the statement running stops and the
        job ends in :class:`Cancelled` (a long read that gives way to the user).

        ``user``: the logged-in :class:`Actor`, or a plain name: the person logged in through this
        object (``session``), if any; else a job with no person behind it (the demo, the
        self-test, a file before its first account), which may do anything. Once the file has
        accounts a plain name with no session carries no permission: such a job may read, and a
        service that asks for a permission refuses it. A person's write job that changed
        something without asking for any permission is our bug and is rolled back.

        A write job needs the writer lock (``claim_writer``) unless ``beside_writer``: a record
        of the program's own that conflicts with no one's edits (a login and its audit row) may be
        written by a reading command beside the window that holds the lock.

        ``village``: on a server, a write job that only adds that village's package (receiving)
        locks that village, not the whole database, so staff receiving different villages write
        at once; its audit rows are written under the whole database's lock as it ends
        (decision 50). On SQLite one writer holds the file anyway."""
        if write and self.damaged:
            raise damaged_error(self.path)
        if isinstance(user, str) and self.session is not None:
            user = self.session
        elif isinstance(user, str) and self.has_accounts:
            user = Actor(username=user.strip() or "-", roles=())
        scope = job_scope(user, scope)
        if write and not beside_writer:
            self.claim_writer()
        try:
            narrow = write and bool(village) and self.on_server
            with (
                self._transaction(write, scope, village if narrow else "") as conn,
                _interruptible(conn, cancelled),
            ):
                work = Work(
                    conn,
                    user=user,
                    writable=write,
                    location=self.location,
                    today=today,
                    now=now,
                    scope=scope,
                )
                if narrow:
                    work.audit_held = []
                audit_from = self._audit_start(conn) if write and not narrow else 0
                yield work
                person = not work.actor.is_system
                if write and person and not work.asked_permission and work.changes:
                    raise RuntimeError("a write job changed data without a permission check")
                if narrow:  # the trail's turn: the whole database's lock, then the held rows
                    hold_write_lock(conn)
                    audit_from = self._audit_start(conn)
                    if work.audit_held:
                        conn.execute(insert(audit_t), work.audit_held)
                if write:  # the summaries of the households this job changed, before commit
                    household_situation.refresh(conn)
                    # the job's audit entries chained to the trail (decision 22)
                    audit_chain.seal(conn, audit_from, work.now)
        except (DBAPIError, sqlite3.Error) as exc:
            if cancelled is not None and cancelled():
                raise Cancelled() from exc  # the statement was interrupted on purpose
            if not write and readonly_refusal(exc):
                raise  # a read job that writes: our bug, not the file's
            raise self._failure(exc) from exc
        if work.audit_after:
            self._write_audit_after(work)
        if write and work.optimize_after:
            self.optimize()
        if write and work.changes.touches([USER]):
            self.has_accounts = self._count_accounts() > 0

    def _audit_start(self, conn: Connection) -> int:
        """The newest audit entry's id when a write job starts: its own entries come after. A
        file whose trail is gone takes no change (none could be audited)."""
        try:
            return audit_chain.last_id(conn)
        except DBAPIError as exc:
            if not audit_chain.missing(exc):
                raise
            raise DatabaseError("AUDIT_UNREADABLE", name=self.name, problem=str(exc.orig)) from exc

    def _write_audit_after(self, work: Work) -> None:
        """A read job's exports and printouts (UU 27/2022 Ps. 31): their audit entries in a short
        write of their own, right after it, so a long export holds no write lock and keeps one
        consistent snapshot. If they cannot be written the files go too: no export without its
        entry. A damaged file is never written; its rescue exports are only logged."""
        rows, files = work.audit_after, work.exported_files
        if self.damaged:
            log.warning("damaged file: %d export audit rows not written", len(rows))
            return
        try:
            with self._transaction(True, work.scope) as conn:
                conn.execute(insert(audit_t), rows)
                audit_chain.seal(conn, audit_chain.last_id(conn) - len(rows), work.now)
        except (DBAPIError, sqlite3.Error) as exc:
            for file in files:
                file.unlink(missing_ok=True)
            raise self._failure(exc) from exc

    def _failure(self, exc: BaseException) -> BaseException:
        """A failed job's error as the user should see it: the environment's failures (a locked
        or full disk, a server gone) in Indonesian; a constraint or a statement of ours as is."""
        if isinstance(self.location, ServerAddress):
            if not environment_failure(exc):
                return exc
            return server_error(exc, self.location)
        if trouble(exc) is None and isinstance(exc, DBAPIError):
            return exc
        return translate_sqlite_error(exc, self.location)

    def run(
        self,
        fn: Callable[..., R],
        *args: Any,
        user: str | Actor = "-",
        write: bool = True,
        today: dt.date | None = None,
        **kwargs: Any,
    ) -> R:
        """One job: ``fn(work, *args, **kwargs)`` in its own unit of work (the command line's and
        the tests' way of calling a service)."""
        with self.work(user, write=write, today=today) as work:
            return fn(work, *args, **kwargs)

    @contextmanager
    def _transaction(
        self, write: bool, scope: Scope = WHOLE, village: str = ""
    ) -> Iterator[Connection]:
        if self.on_server:
            with self.engine.connect() as conn, conn.begin():
                begin_job(conn, write, scope.kode, village)
                yield conn
            return
        if write:
            # BEGIN IMMEDIATE: the write lock is taken (or waited for) before the job reads, so a
            # record written meanwhile by a program beside this one (a login, an export's audit
            # entry) cannot invalidate the job's snapshot halfway (SQLITE_BUSY_SNAPSHOT)
            with self.engine.connect() as conn:
                conn.execution_options(begin="BEGIN IMMEDIATE")
                with conn.begin():
                    yield conn
            return
        with self.engine.connect() as conn:
            raw = conn.connection.driver_connection
            assert raw is not None
            raw.execute("PRAGMA query_only = ON")  # a read job that tries to write is refused
            try:
                with conn.begin():
                    yield conn
            finally:
                raw.execute("PRAGMA query_only = OFF")

    def check(self, *, full: bool = False) -> list[str]:
        """SQLite's check of the file; a damaged file becomes read-only for this program. A server
        checks its own pages (none here)."""
        if self.on_server:
            return []
        problems = integrity_problems(self.path, full=full)
        if problems:
            self.damaged = True
            log.error("database damaged: %s (%d problems)", self.path, len(problems))
        return problems

    def optimize(self) -> None:
        """Refresh query-planner statistics; run after bulk writes (imports, demo)."""
        from jkn_desktop.persistence.fastread import optimize

        with self.engine.begin() as conn:
            optimize(conn)

    def close(self) -> None:
        """Let go of the file: the engine's connections, then the writer lock (idempotent)."""
        self.engine.dispose()
        if self.lock is not None:
            self.lock.release()

    def take_over(self, built: Path, *, migrate: bool = False) -> None:
        """Put a database file built elsewhere (a demo village, a restored backup) in place of
        this one in one rename: a process killed before the rename leaves the old file untouched,
        after it the new one; never a mix. ``migrate``: the new file may be of an older schema."""
        from jkn_desktop.persistence.backups.files import fsync_file, fsync_folder, test_pause

        file_of(self.location)
        fsync_file(built)  # the new file is whole on the disk before it takes the name
        self.engine.dispose()
        try:
            # the old file's write-ahead log must not be read with the new file: fold it in, then
            # remove it (a connection still open elsewhere keeps the old file, not these names)
            con = sqlite3.connect(str(self.path))
            try:
                busy = con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]
            finally:
                con.close()
            if busy:  # a reader elsewhere still needs the log: the old file is not whole alone
                raise DatabaseError("RESTORE_BUSY")
            for suffix in ("-wal", "-shm"):
                Path(f"{built}{suffix}").unlink(missing_ok=True)
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            test_pause("restore-swap")
            os.replace(built, self.path)
            fsync_folder(self.path.parent)
        except BaseException:
            self.engine = open_engine(self.path, migrate=False)  # the old file, as it was
            raise
        test_pause("restore-swapped")
        self.damaged = False
        self.engine = open_engine(self.path, migrate=migrate)


def job_scope(user: str | Actor, asked: Scope) -> Scope:
    """The area a job runs in: a logged-in person's own (decision 48), or a part of it the job
    asked for; an area outside theirs is refused. A job of nobody logged in on a database with
    accounts (no roles) is in no area: on a server it reads none of the villages' rows."""
    if isinstance(user, Actor) and not user.roles:
        return NO_AREA
    area = user.area if isinstance(user, Actor) else ""
    if not area:
        return asked
    own = Scope.of(area)
    if not asked.kode:
        return own
    if not own.contains(asked.kode):
        raise UserError("AREA_OUTSIDE", kode=asked.kode, area=area)
    return asked


def file_of(location: Location) -> Path:
    """The database file at ``location``; a database on a server has none: refused with a
    message (backups, restore and undo are the server's own there)."""
    if isinstance(location, ServerAddress):
        raise DatabaseError("DB_ON_SERVER", name=location.name)
    return location
