"""Issue 17, first step: the same Alembic chain that makes a village's SQLite file makes the schema
on a real PostgreSQL server, and that schema is the models' (no drift on either engine)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import create_engine, text

from jkn_desktop.persistence.migrate import SCHEMA_HEAD, alembic_config


def test_the_migrations_build_the_models_schema_on_postgresql(pg_url):
    engine = create_engine(pg_url)
    cfg = alembic_config()
    try:
        with engine.begin() as conn:
            cfg.attributes["connection"] = conn
            command.upgrade(cfg, "head")
        with engine.connect() as conn:
            cfg.attributes["connection"] = conn
            command.check(cfg)  # raises when the tables differ from the models
            assert conn.execute(text("SELECT version_num FROM alembic_version")).scalar() == (
                SCHEMA_HEAD
            )
            # the seeded reference data came along: premium rates and the APBDes code list
            assert conn.execute(text("SELECT count(*) FROM premium_rate")).scalar() > 0
            assert conn.execute(text("SELECT count(*) FROM budget_code")).scalar() > 0
    finally:
        engine.dispose()
