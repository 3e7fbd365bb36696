"""Open a database file: check it, back it up, migrate it to the app's schema, refuse a newer one."""

from __future__ import annotations

import errno
import logging
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from jkn_desktop.domain.backups import BEFORE_UPGRADE
from jkn_desktop.errors import DatabaseError
from jkn_desktop.paths import (
    Location,
    ServerAddress,
    backup_dir,
    data_dir,
    make_private,
    migrations_dir,
    private_dir,
    private_file,
)
from jkn_desktop.persistence.dberrors import user_error
from jkn_desktop.persistence.engine import make_engine

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger("jkn.db")

# The newest migration this app ships. Checked against Alembic's own view by a test; lets a normal
# start skip importing Alembic (a quarter of a second) when the file is already up to date.
SCHEMA_HEAD = "0018"

SQLITE_HEADER = b"SQLite format 3\x00"


def alembic_config() -> Config:
    import sys

    from alembic.config import Config

    # the stream of now: Config's default is sys.stdout as it was when alembic was first imported
    cfg = Config(stdout=sys.stdout)
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    return str(heads[0])


def known_revisions() -> frozenset[str]:
    """Every schema revision this app ships (a backup of another revision is from a newer app)."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    return frozenset(rev.revision for rev in script.walk_revisions())


def translate_sqlite_error(exc: BaseException, path: Path) -> DatabaseError:
    """Turn the environment's SQLite failures into messages a village operator can act on."""
    return user_error(exc, path)


def _check_file(path: Path) -> None:
    if path.exists():
        if path.is_dir():
            raise DatabaseError("DB_IS_DIR", path=path)
        if not path.is_file():
            raise DatabaseError("DB_NOT_FILE", path=path)
        with path.open("rb") as fh:
            header = fh.read(16)
        if not header:
            raise DatabaseError("DB_EMPTY_FILE", name=path.name)
        if header != SQLITE_HEADER:
            raise DatabaseError("DB_NOT_SQLITE", name=path.name)
    else:
        try:
            private_dir(path.parent, ours=path.parent == data_dir())
        except OSError as exc:
            raise DatabaseError(
                "DB_UNOPENABLE.folder", folder=path.parent, reason=exc.strerror
            ) from exc


def private(path: Path) -> None:
    """The database file and its write-ahead log readable by the user only (POSIX): the file
    holds NIKs, families and health data. SQLite gives a new -wal and -shm the database file's
    own mode, so this runs before the first connection."""
    for own in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        if own.exists():
            make_private(own)


def _create(path: Path) -> None:
    """A new database file, private from its first byte: made under a temporary name with its
    header written (WAL mode), then renamed into place, so no other user can read it for a moment
    and a crash leaves no empty file that the next start would refuse."""
    tmp = path.with_name(f"{path.name}.baru")
    tmp.unlink(missing_ok=True)
    try:
        private_file(tmp)
        con = sqlite3.connect(str(tmp))
        try:
            con.execute("PRAGMA journal_mode = WAL")
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def integrity_problems(path: Path, *, full: bool = False) -> list[str]:
    """SQLite's own check of the file (``quick_check``, or the slower ``integrity_check``): an
    empty list when the file is sound."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    # a damaged page may put bytes that are not UTF-8 into the check's own messages
    con.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        rows = con.execute("PRAGMA integrity_check" if full else "PRAGMA quick_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        con.close()
    found = [str(r[0]) for r in rows]
    return [] if found == ["ok"] else found


def damaged_error(path: Path) -> DatabaseError:
    """The refusal to write to a file SQLite's own check found damaged."""
    return DatabaseError("DB_DAMAGED", name=path.name, backups=backup_dir(path))


def damaged_message(path: Path) -> str:
    """What the window and the command line say when a damaged file is opened."""
    return damaged_error(path).message


def copy_database(path: Path, target: Path) -> None:
    """A consistent copy with SQLite's online backup API (WAL pages included), private."""
    private_file(target)  # private before the first page is copied into it
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def backup_database(path: Path, kind: str) -> Path:
    """A backup of the database in its ``cadangan/`` (SQLite's online backup API, safe while WAL
    holds pages), described by its sidecar and kept by the retention rules."""
    from jkn_desktop.persistence.backups.store import take
    from jkn_desktop.persistence.work import local_now

    return take(path, kind, now=local_now()).path


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.execute(
            text(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'"
            )
        ).scalar_one()
        if not has_table:
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine, path: Path) -> str | None:
    """Migrate to head. Returns the backup path written before the upgrade, if any."""
    current = current_revision(engine)
    if current == SCHEMA_HEAD:
        return None
    from alembic import command
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    if current == head:
        return None
    known = {rev.revision for rev in script.walk_revisions()}
    if current is not None and current not in known:
        raise DatabaseError("DB_TOO_NEW", name=path.name)
    backup: Path | None = None
    if current is not None:
        backup = backup_database(path, BEFORE_UPGRADE)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("database %s migrated %s -> %s", path, current, head)
    return str(backup) if backup else None


def open_engine(location: Location, *, migrate: bool = True) -> Engine:
    """Check the file, create or migrate it, and return a ready engine; a database on a server:
    connect, check the server, migrate (``persistence.server``)."""
    if isinstance(location, ServerAddress):
        from jkn_desktop.persistence.server import open_server_engine

        return open_server_engine(location, migrate=migrate)
    path = location
    _check_file(path)
    try:
        if path.exists():
            private(path)
        else:
            _create(path)
    except sqlite3.Error as exc:
        raise translate_sqlite_error(exc, path) from exc
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise DatabaseError("DISK_FULL") from exc
        raise DatabaseError("DB_UNOPENABLE.os", path=path, reason=exc.strerror) from exc
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
        if migrate:
            upgrade(engine, path)
    except OperationalError as exc:
        engine.dispose()
        raise translate_sqlite_error(exc, path) from exc
    except sqlite3.Error as exc:
        engine.dispose()
        raise translate_sqlite_error(exc, path) from exc
    except DatabaseError:
        engine.dispose()
        raise
    return engine
