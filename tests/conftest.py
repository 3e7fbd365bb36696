"""Shared fixtures. A template database is migrated (and its region table filled) once per run and
copied for each test, so every test starts from a clean, realistic schema in milliseconds."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

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


# the engines the database fixtures run on: every service test on both, unless told otherwise
# (JKN_TEST_ENGINES=sqlite: the file's side alone)
ENGINES = tuple(os.environ.get("JKN_TEST_ENGINES", "sqlite,postgresql").split(","))


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> str:
    """The database engine a service test runs on: every test that takes a database runs on
    both (issue 17), a SQLite file and a database on the throwaway PostgreSQL server."""
    return str(request.param)


@pytest.fixture(scope="session")
def pg_template(pg_server: str) -> str:
    """A database on the throwaway server migrated and prepared once per run; each test's
    database is made from it (CREATE DATABASE … TEMPLATE)."""
    from sqlalchemy import create_engine, text

    from jkn_desktop.services.database import open_database

    admin = create_engine(pg_server, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS jkn_template"))
        conn.execute(text("CREATE DATABASE jkn_template"))
    admin.dispose()
    db = open_database(server_address(pg_server, "jkn_template"))
    db.close()
    return "jkn_template"


def server_address(server_url: str, dbname: str) -> object:
    """The address the program is given for ``dbname`` on the throwaway server."""
    from jkn_desktop.paths import ServerAddress
    from tests.pg_server import database_url

    return ServerAddress(database_url(server_url, dbname))


@pytest.fixture
def new_db(
    engine: str, request: pytest.FixtureRequest, tmp_path: Path
) -> Iterator[Callable[..., Any]]:
    """``new_db(name)``: a fresh, migrated database of the test's engine — a copy of the
    template file, or a new database on the throwaway server made from its template. Closed (and
    dropped from the server) after the test."""
    from jkn_desktop.services.database import open_database

    made: list[Any] = []
    dropped: list[str] = []
    server = request.getfixturevalue("pg_server") if engine == "postgresql" else ""
    template = request.getfixturevalue("pg_template") if engine == "postgresql" else ""
    template_file = request.getfixturevalue("template_db") if engine == "sqlite" else None

    def make(name: str = "desa") -> Any:
        if template_file is not None:
            path = tmp_path / f"{name}.sqlite3"
            shutil.copyfile(template_file, path)
            database = open_database(path)
        else:
            dbname = _pg_name(request, name)
            _pg_admin(server, f'CREATE DATABASE "{dbname}" TEMPLATE "{template}"')
            dropped.append(dbname)
            database = open_database(server_address(server, dbname))
        made.append(database)
        return database

    yield make
    for database in made:
        database.close()
    for dbname in dropped:
        _pg_admin(server, f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')


def _pg_name(request: pytest.FixtureRequest, name: str) -> str:
    import zlib

    node = f"{request.node.nodeid}:{name}"
    return f"t_{name[:20]}_{zlib.crc32(node.encode()):08x}"


def _pg_admin(server: str, statement: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(text(statement))
    finally:
        admin.dispose()


@pytest.fixture
def db(engine: str, request: pytest.FixtureRequest, new_db: Callable[..., Any]) -> Iterator[Any]:
    """A fresh database of the test's engine (on SQLite the file of ``db_path``)."""
    from jkn_desktop.services.database import open_database

    if engine == "sqlite":
        database = open_database(request.getfixturevalue("db_path"))
        yield database
        database.close()
        return
    yield new_db("desa")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """A test that works on the database file itself (it takes ``db_path`` or ``template_db``,
    or is marked ``file_only``: backups, the writer lock, a damaged file) runs on SQLite only; so
    do the window's tests (tests/ui): the window calls the same services, which run on both."""
    keep, dropped = [], []
    for item in items:
        callspec = getattr(item, "callspec", None)
        on_server = callspec is not None and callspec.params.get("engine") == "postgresql"
        fixtures = set(getattr(item, "fixturenames", ()))
        file_bound = (
            bool(fixtures & {"db_path", "template_db"})
            or item.get_closest_marker("file_only") is not None
            or "tests/ui/" in item.nodeid
        )
        (dropped if on_server and file_bound else keep).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = keep


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
