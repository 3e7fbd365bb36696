"""A database on a PostgreSQL server (issue 17): the engine, the checks made when it is opened,
the migrations run by one client at a time, and the server's failures in Indonesian.

One write job at a time (decision 46): a write job takes the transaction-level advisory lock
``WRITE_LOCK`` before it reads anything, as SQLite's ``BEGIN IMMEDIATE`` does for a file, so the
audit chain (decision 22), the household summaries (decision 15) and every read-then-write a
service does stay exact with several people at work. Read jobs are not held up by it: each is one
``REPEATABLE READ READ ONLY`` snapshot. A job that only receives one village's package takes that
village's lock instead, and the whole database's only to write its audit entries (decision 50).
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError

from jkn_desktop.errors import DatabaseError
from jkn_desktop.paths import ServerAddress

log = logging.getLogger("jkn.db")

MIN_SERVER = 150000  # PostgreSQL 15 (server_version_num)
# pg_advisory locks of this program: "JKN" and a number
WRITE_LOCK = 0x4A4B4E01  # one write job at a time (decision 46)
MIGRATE_LOCK = 0x4A4B4E02  # one client migrates; the others wait and find it done
VILLAGE_LOCKS = 0x4A4B4E03  # with hashtext(code): a job that adds one village's package
# how long a write job waits for another one to finish before it gives up with a message
LOCK_WAIT_S = 60
CONNECT_TIMEOUT_S = 10
# the setting row-level security reads (migration 0016, decision 48): an area code, "*" for all
AREA_SETTING = "jkn.area"


def _local_zone() -> str:
    """The computer's zone for the session (``Etc/GMT-7`` is UTC+7: POSIX signs run the other
    way). Indonesia has no summer time, so a fixed offset is its zone; moments read back carry
    the office's own offset, as on SQLite."""
    offset = dt.datetime.now().astimezone().utcoffset() or dt.timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    if minutes % 60:
        sign = "+" if minutes >= 0 else "-"
        return f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    hours = minutes // 60
    return "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"


def _on_connect(dbapi_conn: Any, _record: Any) -> None:
    with dbapi_conn.cursor() as cur:
        cur.execute(f"SET TIME ZONE '{_local_zone()}'")
        # no JIT: the program's statements are short and answer a person waiting; compiling
        # them cost the kabupaten's dashboard most of a second (docs/benchmarks.md)
        cur.execute("SET jit = off")
    dbapi_conn.commit()


def make_server_engine(address: ServerAddress) -> Engine:
    engine = create_engine(
        address.engine_url(),
        pool_size=3,
        max_overflow=3,
        # a connection the network dropped is found before a job uses it: the window reconnects
        pool_pre_ping=True,
        # a failed statement's text leaves its parameters (NIKs, names) out (README, "Privacy")
        hide_parameters=True,
        connect_args={"connect_timeout": CONNECT_TIMEOUT_S, "application_name": "JKN Desktop"},
    )
    event.listen(engine, "connect", _on_connect)
    return engine


def begin_job(conn: Connection, write: bool, area: str = "", village: str = "") -> None:
    """The first statements of a job's transaction (``Database._transaction``): its isolation or
    the write lock, then its area for row-level security (decision 48): ``area`` the code of the
    job's area, empty for the whole database (``*``). The setting ends with the transaction, so a
    pooled connection never carries one job's area into the next. ``village``: a write job that
    only adds that village's package takes that village's lock instead of the whole database's
    (decision 50); it takes the whole database's (``hold_write_lock``) to write its audit rows."""
    if write:
        conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_WAIT_S}s'")
        if village:
            conn.execute(
                text(f"SELECT pg_advisory_xact_lock({VILLAGE_LOCKS}, hashtext(:village))"),
                {"village": village},
            )
        else:
            hold_write_lock(conn)
    else:
        conn.exec_driver_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
    set_area(conn, area)


def hold_write_lock(conn: Connection) -> None:
    """The whole database's write lock until the transaction ends (taking it again is free)."""
    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITE_LOCK})")


def set_area(conn: Connection, area: str) -> None:
    """The area this transaction's rows are kept to (migration 0016): a code, or ``*``."""
    conn.execute(text(f"SELECT set_config('{AREA_SETTING}', :area, true)"), {"area": area or "*"})


def open_server_engine(address: ServerAddress, *, migrate: bool = True) -> Engine:
    """Connect, check the server's version, migrate to the app's schema; a ready engine."""
    engine = make_server_engine(address)
    try:
        with engine.connect() as conn:
            check_version(conn, address)
        if migrate:
            upgrade_server(engine, address)
    except DBAPIError as exc:
        engine.dispose()
        raise server_error(exc, address) from exc
    except BaseException:
        engine.dispose()
        raise
    return engine


def check_version(conn: Connection, address: ServerAddress) -> None:
    """Refuse a server older than PostgreSQL 15 (``SERVER_TOO_OLD``)."""
    number = int(conn.exec_driver_sql("SHOW server_version_num").scalar_one())
    if too_old(number):
        shown = conn.exec_driver_sql("SHOW server_version").scalar_one()
        raise DatabaseError("SERVER_TOO_OLD", host=address.host, version=shown)


def too_old(server_version_num: int) -> bool:
    """Whether a server of this ``server_version_num`` (150004 is 15.4) is older than 15."""
    return server_version_num < MIN_SERVER


def upgrade_server(engine: Engine, address: ServerAddress) -> None:
    """Migrate to head, one client at a time (the advisory lock ``MIGRATE_LOCK``): a second
    program opening the database meanwhile waits, then finds it migrated. The server's own
    backup (``pg_dump``, README "Kabupaten") is made before a new release is installed."""
    from jkn_desktop.persistence.migrate import SCHEMA_HEAD, alembic_config

    with engine.connect() as conn:
        if _revision(conn) == SCHEMA_HEAD:
            return  # the usual start: no need to load Alembic
    from alembic import command
    from alembic.script import ScriptDirectory

    cfg = alembic_config()
    script = ScriptDirectory.from_config(cfg)
    head = script.get_current_head()
    with engine.connect() as conn:
        conn.exec_driver_sql(f"SELECT pg_advisory_lock({MIGRATE_LOCK})")
        try:
            conn.commit()
            current = _revision(conn)
            conn.commit()
            if current == head:
                return
            known = {rev.revision for rev in script.walk_revisions()}
            if current is not None and current not in known:
                raise DatabaseError("DB_TOO_NEW", name=address.name)
            with conn.begin():
                set_area(conn, "")  # a migration works on the whole database
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
            log.info("server database %s migrated %s -> %s", address, current, head)
        finally:
            conn.exec_driver_sql(f"SELECT pg_advisory_unlock({MIGRATE_LOCK})")
            conn.commit()


def _revision(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    value = conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return None if value is None else str(value)


# --- the server's failures ----------------------------------------------------------------------
# SQLSTATEs of a connection that went away mid-job (Appendix A of PostgreSQL's manual)
_GONE = {"08000", "08003", "08006", "57P01", "57P02", "57P03"}


def server_error(exc: BaseException, address: ServerAddress) -> DatabaseError:
    """A server's failure as a message the office can act on; what the job did is not stored
    (the transaction rolled back), which the messages say."""
    orig = getattr(exc, "orig", None) or exc
    state = getattr(orig, "sqlstate", None)
    said = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    host, name, user = address.host, address.name, address.user or "(bawaan)"
    if state is None:
        return _connect_failure(exc, str(orig).lower(), said, address)
    if state in _GONE or state.startswith("08"):
        return DatabaseError("SERVER_GONE", host=host)
    if state == "55P03":
        return DatabaseError(
            "SERVER_BUSY",
        )
    if state == "40P01":
        return DatabaseError(
            "SERVER_DEADLOCK",
        )
    if state == "53100":
        return DatabaseError("SERVER_FULL", host=host)
    if state in ("42501",):
        return DatabaseError("SERVER_DENIED", user=user)
    if state == "25006":
        return DatabaseError("SERVER_READONLY", host=host)
    return DatabaseError("SERVER_ERROR", detail=said, host=host, name=name)


def _connect_failure(
    exc: BaseException, lowered: str, said: str, address: ServerAddress
) -> DatabaseError:
    """libpq reports a failed connection without an SQLSTATE: its (English) text is all there
    is to tell a wrong password from a wrong address."""
    host, name, user = address.host, address.name, address.user or "(bawaan)"
    if "password authentication failed" in lowered:
        return DatabaseError("SERVER_PASSWORD", host=host, user=user)
    if "no password supplied" in lowered:
        return DatabaseError("SERVER_PASSWORD.missing", host=host, user=user)
    if "role" in lowered and "does not exist" in lowered:
        return DatabaseError("SERVER_NO_ROLE", host=host, user=user)
    if "database" in lowered and "does not exist" in lowered:
        return DatabaseError("SERVER_NO_DATABASE", host=host, name=name)
    if "failed to resolve host" in lowered or "could not translate host name" in lowered:
        return DatabaseError("SERVER_HOST", host=host)
    if "no pg_hba.conf entry" in lowered:
        return DatabaseError("SERVER_REFUSED", host=host, user=user)
    if getattr(exc, "connection_invalidated", False) or "server closed" in lowered:
        return DatabaseError("SERVER_GONE", host=host)
    if any(
        text in lowered
        for text in ("connection refused", "no such file or directory", "timeout expired")
    ):
        return DatabaseError("SERVER_UNREACHABLE", host=host)
    return DatabaseError("SERVER_ERROR", detail=said, host=host, name=name)


_ENVIRONMENT = {"55P03", "40P01", "53100", "42501", "25006", "XX001", "58030", "57014"}


def environment_failure(exc: BaseException) -> bool:
    """Whether a failed job's error is the server's or the network's (a message for the user),
    not a statement or constraint of ours (a bug, for the crash report)."""
    orig = getattr(exc, "orig", None) or exc
    state = getattr(orig, "sqlstate", None)
    if state is None:
        import psycopg

        return isinstance(orig, (psycopg.OperationalError, psycopg.InterfaceError))
    return state in _GONE or state.startswith("08") or state in _ENVIRONMENT
