"""What a database file holds, read with plain SQL so that a file of an older (or newer) schema is
read as well: its schema revision, village, counts and last change."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from jkn_desktop.records.backups import DbFacts

# the tables every JKN Desktop database has had since its first revision
OURS = frozenset({"alembic_version", "village", "resident", "household", "audit_log"})


def _moment(text: object) -> dt.datetime | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return value if value.tzinfo is not None else value.astimezone()


def read_facts(path: Path) -> DbFacts | None:
    """The facts of the database at ``path``; ``None`` when it is SQLite but not ours. A file
    that is not SQLite at all, or is damaged, raises :class:`sqlite3.DatabaseError`."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    try:
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not tables >= OURS:
            return None
        version = con.execute("SELECT version_num FROM alembic_version").fetchone()
        village = con.execute(
            "SELECT kode_wilayah, desa FROM village ORDER BY id LIMIT 1"
        ).fetchone()
        residents = con.execute("SELECT count(*) FROM resident").fetchone()[0]
        households = con.execute("SELECT count(*) FROM household").fetchone()[0]
        if village is None and "kecamatan" in tables:  # a kecamatan's file: what it took in
            village = con.execute("SELECT kode_wilayah, kecamatan FROM kecamatan").fetchone()
            residents = con.execute("SELECT count(*) FROM kec_resident").fetchone()[0]
            households = con.execute("SELECT count(*) FROM kec_household").fetchone()[0]
        last = con.execute(
            "SELECT id, at FROM audit_log WHERE id = (SELECT max(id) FROM audit_log)"
        ).fetchone()
        pages = con.execute("PRAGMA page_count").fetchone()[0]
        page_size = con.execute("PRAGMA page_size").fetchone()[0]
    finally:
        con.close()
    return DbFacts(
        schema=str(version[0]) if version else None,
        kode_wilayah=str(village[0]) if village else "",
        village=str(village[1]) if village else "",
        residents=int(residents),
        households=int(households),
        last_change=_moment(last[1]) if last else None,
        audit_max_id=int(last[0]) if last else 0,
        size=int(pages) * int(page_size),
    )


def integrity_problems(path: Path) -> list[str]:
    """SQLite's full ``integrity_check`` of a file: an empty list when it is sound."""
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5)
    # a damaged page may put bytes that are not UTF-8 into the check's own messages
    con.text_factory = lambda raw: raw.decode("utf-8", "replace")
    try:
        rows = con.execute("PRAGMA integrity_check").fetchall()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    finally:
        con.close()
    found = [str(r[0]) for r in rows]
    return [] if found == ["ok"] else found
