"""Engine set-up: the pragmas every SQLite connection needs and real transactions.

Python's sqlite3 driver opens transactions lazily on its own ("legacy transaction mode"); we turn
that off and let SQLAlchemy emit BEGIN itself, so a ``with engine.begin()`` block is one atomic
transaction, reads included (SQLAlchemy's SQLite dialect notes describe the recipe).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

BUSY_TIMEOUT_MS = 5000


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.isolation_level = None  # we emit BEGIN ourselves
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = NORMAL")
    cur.execute("PRAGMA temp_store = MEMORY")
    cur.execute("PRAGMA cache_size = -32000")  # 32 MB page cache
    cur.close()


def _on_begin(conn: Any) -> None:
    # "BEGIN IMMEDIATE" for a write job (persistence.database), plain BEGIN otherwise
    conn.exec_driver_sql(conn.get_execution_options().get("begin", "BEGIN"))


def make_engine(path: Path) -> Engine:
    engine = create_engine(
        f"sqlite:///{path}",
        connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
        poolclass=QueuePool,
        pool_size=2,
        max_overflow=2,
        # a failed statement's error text leaves its parameters (NIKs, names) out: it may reach
        # the log or a crash report (README, "Privacy")
        hide_parameters=True,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine
