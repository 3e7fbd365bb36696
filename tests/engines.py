"""What a test does from outside the program, on either engine (issue 17): the address the
command line is given, and statements run on a connection of their own, as someone with the
sqlite3 shell does on a file or with psql on a server."""

from __future__ import annotations

import sqlite3
from typing import Any

from jkn_desktop.paths import ServerAddress


def db_arg(db: Any) -> str:
    """What ``--db`` is given for ``db``: its file, or its server address as written."""
    location = db.location
    return location.text if isinstance(location, ServerAddress) else str(location)


def outside(db: Any, *statements: str) -> None:
    """Run ``statements`` (plain SQL, no parameters) and commit, beside the program."""
    location = db.location
    if isinstance(location, ServerAddress):
        import psycopg

        with psycopg.connect(location.text, autocommit=True) as pg:
            for sql in statements:
                pg.execute(sql)  # type: ignore[arg-type]
        return
    con = sqlite3.connect(location)
    try:
        with con:
            for sql in statements:
                con.execute(sql)
    finally:
        con.close()
