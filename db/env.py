"""Alembic environment. The app runs migrations itself (jkn_desktop.persistence.migrate) and hands
over its connection in ``config.attributes['connection']``; batch mode is on for SQLite."""

from __future__ import annotations

from alembic import context

# their tables join the metadata
from jkn_desktop.persistence import (  # noqa: F401
    audit_models,
    kecamatan_models,
    office_models,
    people_models,
    summary_models,
)
from jkn_desktop.persistence.models import metadata

# Tables that exist only on SQLite (FTS5) and are not in the metadata.
_SQLITE_ONLY_PREFIXES = ("resident_fts",)
# Indexes that exist only on PostgreSQL (pg_trgm, migration 0014) and are not in the metadata.
_POSTGRESQL_ONLY_INDEXES = ("ix_resident_name_trgm",)


def include_name(name, type_, parent_names):
    if type_ == "index" and name in _POSTGRESQL_ONLY_INDEXES:
        return False
    return not (type_ == "table" and name and name.startswith(_SQLITE_ONLY_PREFIXES))


def run_migrations_online() -> None:
    connection = context.config.attributes.get("connection")
    if connection is None:
        from jkn_desktop.paths import default_db_path
        from jkn_desktop.persistence.engine import make_engine

        engine = make_engine(default_db_path())
        with engine.connect() as conn:
            _run(conn)
        return
    _run(connection)


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=True,
        include_name=include_name,
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
