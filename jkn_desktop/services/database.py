"""Opening the database a job runs in: migrated, with the region names in place."""

from __future__ import annotations

from pathlib import Path

from jkn_desktop.errors import DatabaseError
from jkn_desktop.persistence import household_situation
from jkn_desktop.persistence.database import Database
from jkn_desktop.persistence.migrate import damaged_message
from jkn_desktop.persistence.work import Work

__all__ = ["Database", "damaged_message", "open_database"]


def open_database(path: Path) -> Database:
    try:
        db = Database(path)
    except DatabaseError:
        raise
    except OSError as exc:
        raise DatabaseError("DB_UNOPENABLE.os", path=path, reason=exc.strerror) from exc
    db.run(prepare)
    return db


def prepare(work: Work) -> None:
    """The region names in place; the coverage summary true (persistence.household_situation)."""
    from jkn_desktop.services.registry.regions import ensure_regions

    ensure_regions(work)
    household_situation.ensure(work.conn)
