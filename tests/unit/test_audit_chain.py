"""The audit trail's hash chain (decision 22): every entry the program adds is chained when its job
commits, and an entry edited, removed or added outside the program — here with the sqlite3
module, as someone with the sqlite3 shell would, or on a server as the database's owner would
with psql — is found, by id and time."""

from __future__ import annotations

import importlib.util
import json
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic import command

from jkn_desktop.paths import ServerAddress
from jkn_desktop.persistence import audit_chain
from jkn_desktop.persistence.migrate import alembic_config
from jkn_desktop.persistence.tables import audit_t
from jkn_desktop.services import audit
from jkn_desktop.services.audit_trail import verify_chain
from jkn_desktop.services.database import Database, open_database

ROOT = Path(__file__).resolve().parents[2]


def _changes(db: Database, n: int = 5) -> None:
    """``n`` jobs of the program, each adding audit entries."""
    for i in range(n):
        with db.work("Operator Uji") as work:
            audit.note(
                work,
                action="update",
                entity="resident",
                entity_id=i + 1,
                entity_key=f"33130512345600{i:02d}",
                changes={"name": (f"LAMA {i}", f"BARU {i}"), "phone": (None, "0812")},
            )


def _report(db: Database) -> Any:
    return db.run(verify_chain, write=False)


def _outside(db: Database, *statements: str) -> None:
    """What someone with the sqlite3 shell does: drop the guards, then change the trail. On a
    server, what the database's owner does with psql: switch the guard trigger off for their
    own session (``session_replication_role = replica``), then change the trail."""
    db.close()
    if isinstance(db.location, ServerAddress):
        import psycopg

        with psycopg.connect(db.location.text, autocommit=True) as pg:
            pg.execute("SET session_replication_role = replica")
            for sql in statements:
                pg.execute(sql)
        return
    con = sqlite3.connect(db.path)
    for trigger in ("audit_log_no_update", "audit_log_no_delete", "audit_log_chain_once"):
        con.execute(f"DROP TRIGGER IF EXISTS {trigger}")
    for sql in statements:
        con.execute(sql)
    con.commit()
    con.close()


@pytest.fixture
def reopen() -> Iterator[Callable[[Database], Database]]:
    """The database opened again after an outside edit, as the program would; closed after."""
    opened: list[Database] = []

    def again(db: Database) -> Database:
        opened.append(open_database(db.location))
        return opened[-1]

    yield again
    for db in opened:
        db.close()


@pytest.fixture
def trail(village_db: Database) -> Database:
    _changes(village_db)
    return village_db


def _count(db: Database) -> int:
    with db.engine.connect() as conn:
        return int(conn.exec_driver_sql("SELECT count(*) FROM audit_log").scalar_one())


def test_every_job_chains_its_entries_and_the_head_follows(trail: Database) -> None:
    report = _report(trail)
    assert report.ok, report.summary()
    assert report.entries == _count(trail) >= 10
    with trail.engine.connect() as conn:
        unchained = conn.exec_driver_sql("SELECT count(*) FROM audit_log WHERE chain IS NULL")
        assert unchained.scalar_one() == 0
        last_id, chain, entries = conn.exec_driver_sql(
            "SELECT last_id, chain, entries FROM audit_seal"
        ).one()
        newest = conn.exec_driver_sql("SELECT id, chain FROM audit_log ORDER BY id DESC").first()
    assert (last_id, chain, entries) == (newest[0], newest[1], report.entries)
    assert report.fingerprint == chain
    assert "utuh" in report.summary()
    assert "Sidik jari" in report.summary()


def test_a_job_rolled_back_leaves_the_chain_whole(trail: Database) -> None:
    def failing() -> None:
        with trail.work("Operator Uji") as work:
            audit.note(work, action="delete", entity="resident", entity_id=1, entity_key="x")
            raise RuntimeError("the job fails after writing its entry")

    with pytest.raises(RuntimeError):
        failing()
    _changes(trail, 1)
    assert _report(trail).ok


def test_a_job_after_one_that_left_a_statement_open_still_chains(trail: Database) -> None:
    """A job that ended in an error may leave a half-read cursor alive (held by the error's
    traceback); SQLite then refuses to replace a function on that connection, so the chain's
    function is registered once per connection, never replaced."""
    kept: list[Any] = []

    def failing() -> None:
        with trail.work("Operator Uji") as work:
            result = work.conn.exec_driver_sql("SELECT id FROM audit_log")
            result.fetchone()
            kept.append(result)
            raise RuntimeError("the job fails with a statement still open")

    for _ in range(3):  # whichever pooled connection comes next
        with pytest.raises(RuntimeError):
            failing()
        _changes(trail, 1)
    assert _report(trail).ok


def test_the_program_cannot_edit_or_delete_an_entry(trail: Database) -> None:
    for sql in (
        "UPDATE audit_log SET actor = 'orang lain' WHERE id = 3",
        "UPDATE audit_log SET chain = NULL WHERE id = 3",
        "DELETE FROM audit_log WHERE id = 3",
    ):
        with trail.engine.connect() as conn, pytest.raises(Exception, match="jejak audit tidak"):
            conn.exec_driver_sql(sql)
    assert _report(trail).ok


def test_an_entry_edited_outside_the_program_is_named(
    trail: Database, reopen: Callable[[Database], Database]
) -> None:
    at = _at(trail, 4)
    _outside(trail, "UPDATE audit_log SET new_value = 'BARU PALSU' WHERE id = 4")
    report = _report(reopen(trail))
    assert not report.ok
    assert (report.first_id, report.problem) == (4, audit_chain.CHANGED)
    assert report.first_at is not None
    assert report.first_at.isoformat(sep=" ") == at
    assert report.broken == 1  # the entries after it still link to what it stored
    assert "Catatan no. 4" in report.summary()
    assert "diubah di luar program" in report.summary()


def test_an_edit_that_also_recomputes_the_entrys_own_chain_breaks_the_next(
    trail: Database, reopen: Callable[[Database], Database]
) -> None:
    db = trail
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            f"SELECT {', '.join(audit_chain.COLUMNS)}, chain FROM audit_log WHERE id IN (3, 4) "
            "ORDER BY id"
        ).all()
    forged = list(rows[1][:-1])
    forged[9] = "BARU PALSU"
    # the entry's text as the program writes it (on a server its moment in UTC)
    chain = audit_chain.link(rows[0][-1], audit_chain.server_text(tuple(forged)))
    _outside(db, f"UPDATE audit_log SET new_value = 'BARU PALSU', chain = '{chain}' WHERE id = 4")
    report = _report(reopen(db))
    assert (report.first_id, report.problem) == (5, audit_chain.CHANGED)


def test_an_entry_removed_outside_the_program_is_named_by_the_one_after(
    trail: Database, reopen: Callable[[Database], Database]
) -> None:
    _outside(trail, "DELETE FROM audit_log WHERE id = 6")
    report = _report(reopen(trail))
    assert (report.first_id, report.problem) == (7, audit_chain.REMOVED)
    assert "dihapus" in report.summary()


def test_the_newest_entries_removed_show_at_the_head(
    trail: Database, reopen: Callable[[Database], Database]
) -> None:
    last = _count(trail)
    _outside(trail, f"DELETE FROM audit_log WHERE id > {last - 3}")
    report = _report(reopen(trail))
    assert not report.ok
    assert (report.first_id, report.problem, report.head_problem) == (
        None,
        audit_chain.HEAD,
        "removed_at_end",
    )
    assert "catatan terakhir dihapus" in report.summary()


def test_the_head_removed_shows(trail: Database, reopen: Callable[[Database], Database]) -> None:
    _outside(trail, "DELETE FROM audit_seal")
    report = _report(reopen(trail))
    assert (report.problem, report.head_problem) == (audit_chain.HEAD, "missing")


def test_an_entry_added_outside_the_program_stays_found_after_the_next_job(
    trail: Database, reopen: Callable[[Database], Database]
) -> None:
    _outside(
        trail,
        "INSERT INTO audit_log (at, actor, action, entity, entity_key, field, reason) "
        "VALUES ('2026-11-30 08:00:00+07:00', 'admin', 'login', 'user', 'admin', '', '')",
    )
    db = reopen(trail)
    report = _report(db)
    inserted = _count(db)
    assert (report.first_id, report.problem) == (inserted, audit_chain.OUTSIDE)
    assert report.first_at is not None
    assert report.first_at.day == 30
    # the program's next job chains only its own entries: it does not adopt the stranger
    _changes(db, 2)
    report = _report(db)
    assert (report.first_id, report.problem) == (inserted, audit_chain.OUTSIDE)
    assert "ditambahkan di luar program" in report.summary()


def test_every_way_of_adding_entries_is_chained(demo_db: Database, tmp_path: Path) -> None:
    """The demo village goes through bulk inserts, INSERT … SELECT (an import's creates) and
    one-by-one notes; an export's entries are written after its read job."""
    from jkn_desktop.services.registry.resident_export import export_residents

    demo_db.run(export_residents, tmp_path / "p.xlsx", write=False)
    report = _report(demo_db)
    assert report.ok, report.summary()
    assert report.entries == _count(demo_db) > 1000


def _at(db: Database, entry_id: int) -> str:
    with db.engine.connect() as conn:
        return str(
            conn.exec_driver_sql(f"SELECT at FROM audit_log WHERE id = {entry_id}").scalar_one()
        )


# --------------------------------------------------------------------------- migration 0012
def _migration() -> Any:
    path = ROOT / "db" / "versions" / "0012_audit_chain.py"
    spec = importlib.util.spec_from_file_location("m0012", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TRICKY = [
    (7, "2026-12-01 14:38:05+07:00", "sri", "update", "resident", 3, "3313", "name", None, "", ""),
    (
        8,
        "2026-12-01 14:38:05+07:00",
        "o'neil",
        "export",
        "document",
        None,
        "",
        "file",
        None,
        "C:\\Data\\it's ‘ok’ é 漢字 \t\r\n",
        '=HYPERLINK("x","y")',
    ),
]


def test_the_migration_writes_the_apps_formula() -> None:
    m = _migration()
    assert m.GENESIS == audit_chain.GENESIS
    assert m.COLUMNS == audit_chain.COLUMNS
    assert m.TEXT == audit_chain.TEXT
    for row in TRICKY:
        text = audit_chain.quoted(row)
        assert m.quoted(row) == text
        assert m.link("ab" * 32, text) == audit_chain.link("ab" * 32, text)
        assert m.link(None, text) == audit_chain.link(None, text)


def test_python_writes_an_entry_as_sqlite_does() -> None:
    """``quoted`` (a database without printf) and SQLite's printf give the same text."""
    con = sqlite3.connect(":memory:")
    cols = ", ".join(f"{c}" for c in audit_chain.COLUMNS)
    con.execute(f"CREATE TABLE audit_log ({cols})")
    con.executemany(f"INSERT INTO audit_log VALUES ({', '.join('?' * len(TRICKY[0]))})", TRICKY)
    texts = [r[0] for r in con.execute(f"SELECT {audit_chain.TEXT} FROM audit_log ORDER BY id")]
    assert texts == [audit_chain.quoted(row) for row in TRICKY]


def test_entries_made_before_the_release_are_chained_by_the_migration(tmp_path: Path) -> None:
    from jkn_desktop.persistence.engine import make_engine

    path = tmp_path / "lama.sqlite3"
    engine = make_engine(path)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0011")
    engine.dispose()
    con = sqlite3.connect(path)
    con.executemany(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, entity_key, field, "
        "old_value, new_value, reason) VALUES (?, 'Operator', 'update', 'resident', ?, ?, "
        "'name', ?, ?, '')",
        [(f"2025-01-0{1 + i % 9} 10:00:00+07:00", i, f"K{i}", f"A{i}", None) for i in range(50)],
    )
    con.commit()
    con.close()
    db = open_database(path)  # migrates to the head
    report = _report(db)
    assert report.ok
    assert report.entries == 50
    _changes(db, 1)
    assert _report(db).ok


# --------------------------------------------------------------------------- the command line
def _cli(db: Database, *args: str) -> subprocess.CompletedProcess[str]:
    where = db.location.text if isinstance(db.location, ServerAddress) else str(db.location)
    return subprocess.run(
        [sys.executable, "-m", "jkn_desktop", "--db", where, "audit", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=False,
    )


def test_audit_verify_exits_0_intact_1_broken_2_unreadable(trail: Database) -> None:
    trail.close()
    ok = _cli(trail, "verify")
    assert ok.returncode == 0, ok.stderr
    assert ok.stdout.startswith("Jejak audit utuh")
    _outside(trail, "UPDATE audit_log SET actor = 'penyusup' WHERE id = 2")
    broken = _cli(trail, "verify", "--json")
    assert broken.returncode == 1, broken.stderr
    found = json.loads(broken.stdout)
    assert found["ok"] is False
    assert found["first_broken"]["id"] == 2
    assert found["first_broken"]["at"]
    _outside(trail, "DROP TABLE audit_log")
    gone = _cli(trail, "verify")
    assert gone.returncode == 2
    assert "tidak dapat dibaca" in gone.stderr
    assert "Traceback" not in gone.stderr


def test_audit_rows_are_only_ever_added_by_the_program() -> None:
    """No module of the program changes or deletes an audit entry; the chain's one UPDATE fills
    the chain of the job's own new entries (and the migration that introduced it)."""
    allowed = {
        ROOT / "jkn_desktop" / "persistence" / "audit_chain.py",
        ROOT / "db" / "versions" / "0012_audit_chain.py",
    }
    offenders = []
    for folder in ("jkn_desktop", "ui", "db"):
        for path in (ROOT / folder).rglob("*.py"):
            text = path.read_text(encoding="utf-8")
            for needle in (
                "update(audit_t",
                "delete(audit_t",
                "UPDATE audit_log",
                "DELETE FROM audit_log",
            ):
                if needle in text and path not in allowed:
                    offenders.append(f"{path.relative_to(ROOT)}: {needle}")
    assert offenders == []
    assert audit_t.name == "audit_log"
