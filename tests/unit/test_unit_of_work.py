"""The unit of work: one transaction per job, the acting user and the clock carried with it."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import DBAPIError

from jkn_desktop.persistence.dberrors import readonly_refusal
from jkn_desktop.persistence.tables import setting_t
from jkn_desktop.records.changes import EVERYTHING, MEMBERSHIP, RESIDENT, SETTINGS, ChangeLog

ROOT = Path(__file__).resolve().parents[2]


def test_a_job_that_fails_leaves_nothing_behind(db):
    """Everything a job wrote is rolled back when it fails halfway."""

    def job() -> None:
        with db.work("Operator Uji") as work:
            work.conn.execute(setting_t.insert().values(key="x_test", value="1"))
            raise RuntimeError("halfway")

    with pytest.raises(RuntimeError, match="halfway"):
        job()
    with db.work("Operator Uji", write=False) as work:
        n = work.conn.execute(
            select(func.count()).select_from(setting_t).where(setting_t.c.key == "x_test")
        )
        assert n.scalar_one() == 0


def test_a_read_job_cannot_write(db):
    def job() -> None:
        with db.work("Operator Uji", write=False) as work:
            work.conn.execute(setting_t.insert().values(key="x_test", value="1"))

    with pytest.raises(DBAPIError) as refused:  # SQLite: the file is read-only; a server: the
        job()  # transaction is READ ONLY — both by their error code, not their message
    assert readonly_refusal(refused.value)
    with db.work("Operator Uji") as work:  # the connection is writable again afterwards
        work.conn.execute(setting_t.insert().values(key="x_test", value="1"))


_LONG_COUNT = (
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000000) "
    "SELECT count(*) FROM n"
)


def test_a_read_that_gives_way_stops_inside_sqlite(db):
    """A long read asked to stop (the user opened another page) ends at once in Cancelled, even
    in the middle of one statement; asked nothing, the same read runs to its end, and the
    connection it used reads normally afterwards."""
    from jkn_desktop.errors import Cancelled

    asked: list[bool] = []

    def stop_now() -> bool:
        asked.append(True)
        return True

    with pytest.raises(Cancelled), db.work("Operator Uji", write=False, cancelled=stop_now) as w:
        w.conn.exec_driver_sql(_LONG_COUNT).scalar_one()
    assert asked  # SQLite asked while it counted
    with db.work("Operator Uji", write=False, cancelled=lambda: False) as work:
        assert work.conn.exec_driver_sql(_LONG_COUNT).scalar_one() == 5000000
    for _ in range(3):  # every pooled connection is left without the handler
        with db.work("Operator Uji", write=False) as work:
            assert work.conn.exec_driver_sql("SELECT count(*) FROM setting").scalar_one() >= 0


def test_the_clock_and_the_user_travel_with_the_job(db):
    with db.work("  Bu Wahyuni ", today=dt.date(2026, 11, 30)) as work:
        assert work.user == "Bu Wahyuni"
        assert work.today == dt.date(2026, 11, 30)
        assert work.now.tzinfo is not None  # stored with its zone


def test_an_area_holds_the_areas_under_it():
    from jkn_desktop.records.area import WHOLE, Scope

    kecamatan = Scope("33.13.05", "kecamatan")
    assert kecamatan.contains("33.13.05.2006")
    assert kecamatan.contains("33.13.05")
    assert not kecamatan.contains("33.13.050.2006")  # a prefix of the text is not an area
    assert not kecamatan.contains("33.13.06.2001")
    assert WHOLE.contains("33.13.06.2001")


def test_changes_name_what_was_touched():
    log = ChangeLog()
    log.touch(RESIDENT, [3, 4, None])
    log.touch(MEMBERSHIP)
    changes = log.freeze()
    assert changes.ids(RESIDENT) == {3, 4}
    assert changes.touches([MEMBERSHIP])
    assert not changes.touches([SETTINGS])
    assert EVERYTHING.touches([SETTINGS])
    log.touch(RESIDENT)  # then a job that touched residents without saying which
    assert log.freeze().ids(RESIDENT) == frozenset()  # any resident may have changed
    with pytest.raises(ValueError, match="unknown entity"):
        log.touch("penduduk")


def test_moments_are_stored_with_their_zone_by_bulk_and_single_writes(db):
    """An import's bulk insert and a single insert write the same text, offset included."""
    from jkn_desktop.persistence.bulk import insert_many
    from jkn_desktop.persistence.tables import audit_t

    wib = dt.timezone(dt.timedelta(hours=7))
    row = {"actor": "Uji", "action": "x", "entity": "resident", "entity_id": 1}
    row |= {"entity_key": "-", "field": "", "reason": ""}
    with db.work("Operator Uji", now=dt.datetime(2026, 12, 1, 14, 38, 5, 123, tzinfo=wib)) as work:
        insert_many(work.conn, audit_t, [{**row, "at": work.now}])
        work.conn.execute(audit_t.insert().values(**row, at=work.now))
        stored = work.conn.exec_driver_sql("SELECT at FROM audit_log").scalars().all()
        read = work.conn.execute(select(audit_t.c.at)).scalars().all()
    if db.on_server:  # timestamptz: the moment itself, to the second
        assert stored == [dt.datetime(2026, 12, 1, 14, 38, 5, tzinfo=wib)] * 2
    else:  # ISO text with its offset
        assert stored == ["2026-12-01 14:38:05+07:00"] * 2
    assert read == [dt.datetime(2026, 12, 1, 14, 38, 5, tzinfo=wib)] * 2


DB_NAMES = {"db", "database", "self.db", "ctx.db", "built"}


def _opens_transaction(source: str, name: str) -> list[str]:
    """Places in a module that open a transaction or a connection of their own, or take the
    whole database instead of the caller's unit of work."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            owner, attr = ast.unparse(node.func.value), node.func.attr
            on_engine = attr in {"begin", "connect", "begin_nested"} and owner not in {"conn"}
            on_db = attr in {"work", "run", "read", "write"} and owner in DB_NAMES
            if on_engine or on_db:
                found.append(f"{name}:{node.lineno} {ast.unparse(node.func)}")
        annotation = node.annotation if isinstance(node, ast.arg) else None
        if annotation is not None and "Database" in ast.unparse(annotation):
            found.append(f"{name}:{node.lineno} parameter {node.arg}: Database")  # type: ignore[attr-defined]
    return found


def test_the_check_itself_finds_a_service_that_opens_a_transaction():
    sample = "def f(db: Database) -> None:\n    with db.work('x') as w:\n        pass\n"
    assert len(_opens_transaction(sample, "sample.py")) == 2


def test_no_service_opens_its_own_transaction():
    """Services do their work in the caller's unit of work; only the caller opens one."""
    services = ROOT / "jkn_desktop" / "services"
    offenders = [
        hit
        for path in sorted(services.rglob("*.py"))
        if path.name != "database.py"  # opening the database is where a job's database comes from
        # backups and restore work on the database *file* as a whole (a copy through SQLite's
        # backup API, a swap with the engine disposed), outside any unit of work, as opening does
        and path.parent.name != "backup"
        # receiving a batch of packages runs one job per package, so one refused package never
        # undoes another (services/kecamatan/batch.py, and the kabupaten's batch forwarded by a
        # kecamatan, services/kabupaten/batch.py: the batch only, never a package's work)
        and path.name != "batch.py"
        for hit in _opens_transaction(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    ]
    assert offenders == []
