"""Shared fixtures. A template database is migrated (and its region table filled) once per run and
copied for each test, so every test starts from a clean, realistic schema in milliseconds."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_user_dirs(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Never touch the developer's real data or log folders."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("JKN_DESKTOP_LOG_DIR", str(home / "log"))
    monkeypatch.setenv("JKN_DESKTOP_DB", str(home / "data" / "default.sqlite3"))


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from jkn_desktop.services.database import open_database

    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    db = open_database(path)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def db_path(template_db: Path, tmp_path: Path) -> Path:
    target = tmp_path / "desa.sqlite3"
    shutil.copyfile(template_db, target)
    return target


@pytest.fixture
def db(db_path: Path) -> Iterator[object]:
    from jkn_desktop.services.database import open_database

    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def village_db(db: object) -> object:
    """A database with the identity of Desa Girilayu (as in the shared samples)."""
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    info = db.run(
        resolve_identity,
        "33.13.05.2006",
        kepala_desa="Sutrisno",
        sekretaris_desa="Wahyuni",
        operator="Operator Uji",
    )  # type: ignore[arg-type]
    db.run(save_village, info)  # type: ignore[arg-type]
    return db


@pytest.fixture
def demo_db(village_db: object) -> object:
    from jkn_desktop.demo.village import generate

    generate(village_db, 600, seed=3)  # type: ignore[arg-type]
    return village_db


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """A throwaway PostgreSQL server for the whole run (tests/pg_server.py)."""
    from tests.pg_server import REQUIRED, server_binaries, throwaway_server

    bin_dir = server_binaries()
    if bin_dir is None:
        if os.environ.get(REQUIRED) == "1":
            pytest.fail("PostgreSQL tidak terpasang, padahal JKN_REQUIRE_POSTGRES=1")
        pytest.skip("PostgreSQL (paket Debian postgresql) tidak terpasang")
    with throwaway_server(bin_dir) as url:
        yield url


@pytest.fixture
def pg_url(pg_server: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A new, empty database on the throwaway server for one test; dropped after it."""
    from sqlalchemy import create_engine, text

    name = "t_" + "".join(c if c.isalnum() else "_" for c in request.node.name.lower())[:50]
    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield pg_server.replace("/postgres?", f"/{name}?")
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
