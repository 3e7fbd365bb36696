"""Open a database file: check it, back it up, migrate it to the app's schema, refuse a newer one."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from jkn_desktop.errors import DatabaseError
from jkn_desktop.paths import backup_dir, migrations_dir
from jkn_desktop.persistence.dberrors import user_error
from jkn_desktop.persistence.engine import make_engine

if TYPE_CHECKING:
    from alembic.config import Config

log = logging.getLogger("jkn.db")

# The newest migration this app ships. Checked against Alembic's own view by a test; lets a normal
# start skip importing Alembic (a quarter of a second) when the file is already up to date.
SCHEMA_HEAD = "0012"

SQLITE_HEADER = b"SQLite format 3\x00"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    heads = ScriptDirectory.from_config(alembic_config()).get_heads()
    return str(heads[0])


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
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(
                "DB_UNOPENABLE.folder", folder=path.parent, reason=exc.strerror
            ) from exc


def private(path: Path) -> None:
    """Readable by the user only (POSIX 0600): the file holds NIKs, families and health data."""
    if os.name == "posix" and path.exists():
        os.chmod(path, 0o600)


def integrity_problems(path: Path, *, full: bool = False) -> list[str]:
    """SQLite's own check of the file (``quick_check``, or the slower ``integrity_check``): an
    empty list when the file is sound."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
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
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    private(target)


def backup_database(path: Path, label: str) -> Path:
    """Copy the database with SQLite's online backup API (safe while WAL holds pages)."""
    target_dir = backup_dir(path)
    target_dir.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    target = target_dir / f"{path.stem}-{label}-{stamp}.sqlite3"
    copy_database(path, target)
    log.info("backup written: %s", target)
    return target


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
        backup = backup_database(path, f"sebelum-{head}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    log.info("database %s migrated %s -> %s", path, current, head)
    return str(backup) if backup else None


def open_engine(path: Path, *, migrate: bool = True) -> Engine:
    """Check the file, create or migrate it, and return a ready engine."""
    _check_file(path)
    engine = make_engine(path)
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master")).scalar_one()
        private(path)
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
