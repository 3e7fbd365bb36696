"""The handle every service takes: one open, migrated database file."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection
from sqlalchemy.exc import DBAPIError, OperationalError

from jkn_desktop.errors import DatabaseError
from jkn_desktop.persistence.migrate import (
    damaged_message,
    integrity_problems,
    open_engine,
    translate_sqlite_error,
)

log = logging.getLogger("jkn.db")


class Database:
    """Owns the engine. ``read()`` and ``write()`` give a connection inside one transaction;
    SQLite failures of the environment come out as :class:`DatabaseError` in Indonesian."""

    def __init__(self, path: Path, *, migrate: bool = True) -> None:
        self.path = Path(path)
        self.engine = open_engine(self.path, migrate=migrate)
        # set when a check found the file damaged: it can still be read, never written
        self.damaged = False
        if migrate:
            from jkn_desktop.services.regions import ensure_regions

            ensure_regions(self)

    @contextmanager
    def read(self) -> Iterator[Connection]:
        try:
            with self.engine.connect() as conn:
                yield conn
        except (OperationalError, sqlite3.OperationalError) as exc:
            raise translate_sqlite_error(exc, self.path) from exc

    def check(self, *, full: bool = False) -> list[str]:
        """SQLite's check of the file; a damaged file becomes read-only for this program."""
        problems = integrity_problems(self.path, full=full)
        if problems:
            self.damaged = True
            log.error("database damaged: %s (%d problems)", self.path, len(problems))
        return problems

    def require_sound(self) -> None:
        """Before an import or a backup: refuse to build on a damaged file."""
        if self.damaged or self.check():
            raise DatabaseError("DB_DAMAGED", damaged_message(self.path))

    @contextmanager
    def write(self) -> Iterator[Connection]:
        """One atomic transaction: everything inside commits together or not at all."""
        if self.damaged:
            raise DatabaseError("DB_DAMAGED", damaged_message(self.path))
        try:
            with self.engine.begin() as conn:
                yield conn
        except OperationalError as exc:
            raise translate_sqlite_error(exc, self.path) from exc
        except DBAPIError as exc:
            if isinstance(exc.orig, sqlite3.OperationalError):
                raise translate_sqlite_error(exc, self.path) from exc
            raise

    def optimize(self) -> None:
        """Refresh query-planner statistics; call after bulk writes (imports, demo)."""
        from jkn_desktop.persistence.fastread import optimize

        with self.write() as conn:
            optimize(conn)

    def close(self) -> None:
        self.engine.dispose()

    def take_over(self, built: Path) -> None:
        """Put a database file built elsewhere (a demo village) in place of this one in one rename:
        a process killed before the rename leaves the old file untouched, after it the new one."""
        import os

        self.engine.dispose()
        # the old file's write-ahead log must not be read with the new file: fold it in, then
        # remove it (a connection still open elsewhere keeps the old file, not these names)
        con = sqlite3.connect(str(self.path))
        try:
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            con.close()
        for suffix in ("-wal", "-shm"):
            Path(f"{built}{suffix}").unlink(missing_ok=True)
            Path(f"{self.path}{suffix}").unlink(missing_ok=True)
        os.replace(built, self.path)
        self.engine = open_engine(self.path, migrate=False)


def open_database(path: Path) -> Database:
    try:
        return Database(path)
    except DatabaseError:
        raise
    except OSError as exc:
        raise DatabaseError(
            "DB_UNOPENABLE", f"Berkas basis data {path} tidak bisa dibuka: {exc.strerror}."
        ) from exc
