"""The Kepesertaan list sorts and filters by copies on the resident row: the household's desil,
the current membership's date and the rules' next step (services.membership.standing_copy). The
rules' own SQL over the join stays the oracle: after every step of a realistic month (the resident
file, the Dinsos list, next month's list, a card, a statement, a death, a move, a desil list, an
edit, a household move and split) every resident's copies equal it, and the step filter finds
exactly the residents the rule names."""

from __future__ import annotations

import datetime as dt
import importlib.util
import warnings
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from sqlalchemy import Column, column, select, table
from sqlalchemy.dialects import sqlite
from sqlalchemy.sql.visitors import replacement_traverse

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.persistence.tables import household_t, jkn_current_t, resident_t
from jkn_desktop.records.households import HouseholdInput
from jkn_desktop.records.membership import JknFilter, Observation
from jkn_desktop.services.membership import desil, evidence, kepesertaan, standing_copy
from jkn_desktop.services.membership.pbi_import import import_pbi
from jkn_desktop.services.membership.rules import people_from, rule_columns
from jkn_desktop.services.registry import households, residents
from jkn_desktop.services.registry.resident_import import import_residents

R, H, C = resident_t, household_t, jkn_current_t
ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT.parent / "shared" / "samples"
OPENSID = SAMPLES / "opensid_penduduk_girilayu.xlsx"
OCTOBER = SAMPLES / "pbi_dinsos_girilayu_2026-10.xlsx"
TODAY = dt.date(2026, 11, 28)


def _truth(db) -> dict[int, tuple[object, object, object]]:
    """Each resident's desil, membership date and next step by the rules over the join."""
    with db.work("uji", write=False) as work:
        rows = work.conn.execute(
            select(R.c.id, H.c.desil, C.c.as_of, rule_columns().step).select_from(people_from())
        ).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def _copies(db) -> dict[int, tuple[object, object, object]]:
    with db.work("uji", write=False) as work:
        rows = work.conn.execute(
            select(R.c.id, R.c.household_desil, R.c.jkn_as_of, R.c.jkn_step)
        ).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def _assert_in_step(db) -> set[str]:
    """The copies equal the rules for every resident, and the step filter (reading the copy) finds
    exactly whom the rule names, step by step. Returns the steps in use."""
    truth = _truth(db)
    assert _copies(db) == truth
    assert db.run(lambda work: standing_copy.stale(work.conn), write=False) == []
    steps = {t[2] for t in truth.values() if t[2] is not None}
    for step in steps:
        flt = JknFilter(step=step, living_only=False)
        found = db.run(kepesertaan.query_ids, flt, write=False)
        assert sorted(found) == sorted(i for i, t in truth.items() if t[2] == step), step
    return steps


def _list(path: Path, rows: list[tuple[str, str, str, str]], title: str) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["DAFTAR PESERTA PBI JK KABUPATEN KARANGANYAR"])
    ws.append([title])
    ws.append(["NO", "NOKA", "NIK", "NAMA", "TGL LAHIR", "ALAMAT"])
    for i, (card, nik, name, born) in enumerate(rows, start=1):
        ws.append([i, card, nik, name, born, "GIRILAYU"])
    wb.save(path)
    return path


def _october_rows() -> list[tuple[str, str, str, str]]:
    wb = load_workbook(OCTOBER, read_only=True)
    try:
        return [
            (str(r[1] or ""), str(r[2] or ""), str(r[3] or ""), str(r[4] or ""))
            for r in wb.worksheets[0].iter_rows(min_row=4, values_only=True)
            if r[3]
        ]
    finally:
        wb.close()


def _ids(db, niks: list[str]) -> list[int]:
    """The ids of the residents with these NIKs, in the same order (unknown NIKs left out)."""
    with db.work("uji", write=False) as work:
        found = dict(work.conn.execute(select(R.c.nik, R.c.id).where(R.c.nik.in_(niks))).all())
    return [int(found[n]) for n in niks if n in found]


def _household_of(db, resident_id: int) -> int:
    with db.work("uji", write=False) as work:
        hid = work.conn.execute(select(R.c.household_id).where(R.c.id == resident_id)).scalar()
    return int(hid)


def _uninsured_households(db, count: int) -> list[int]:
    """Households none of whose members the lists or the file told anything of."""
    truth = _truth(db)
    with db.work("uji", write=False) as work:
        rows = work.conn.execute(select(R.c.id, R.c.household_id)).all()
    by_household: dict[int, list[int]] = {}
    for rid, hid in rows:
        if hid is not None:
            by_household.setdefault(hid, []).append(rid)
    plain = [
        hid
        for hid, ids in sorted(by_household.items())
        if all(truth[i][2] == "cek_status" for i in ids)
    ]
    return plain[:count]


@pytest.mark.skipif(not SAMPLES.exists(), reason="shared samples not beside the checkout")
def test_a_month_keeps_every_copy_equal_to_the_rules(village_db, tmp_path):
    db = village_db
    seen: set[str] = set()
    # the OpenSID file, then October's Dinsos list
    db.run(import_residents, OPENSID, today=TODAY)
    seen |= _assert_in_step(db)
    db.run(import_pbi, OCTOBER, period="2026-10", today=TODAY)
    seen |= _assert_in_step(db)
    # November's list drops two members: reaktivasi or a proposal
    rows = _october_rows()
    november = _list(tmp_path / "nov.xlsx", rows[3:], "DESA GIRILAYU - BULAN NOVEMBER 2026")
    db.run(import_pbi, november, period="2026-11", today=TODAY)
    seen |= _assert_in_step(db)
    dropped, other = _ids(db, [r[1] for r in rows[:2]])
    listed, second, pbi_member, member = _ids(db, [r[1] for r in rows[3:]])[:4]

    # a PPU card seen at the office for one dropped; a statement of a mandiri member in arrears
    card = Observation(
        dropped, J.PPU, J.AKTIF, dt.date(2026, 11, 25), "kartu", card_no="0001234567890"
    )
    db.run(evidence.add_observation, card, user="Operator", today=TODAY)
    said = Observation(other, J.PBPU_MANDIRI, J.NONAKTIF, dt.date(2026, 11, 26), "pengakuan")
    db.run(evidence.add_observation, said, user="Operator", today=TODAY)
    seen |= _assert_in_step(db)

    # a listed member dies; another moves out of the kabupaten
    db.run(residents.change_status, listed, codes.MATI, dt.date(2026, 11, 20), today=TODAY)
    db.run(
        residents.change_status,
        second,
        codes.PINDAH,
        dt.date(2026, 11, 21),
        moved_out=True,
        today=TODAY,
    )
    seen |= _assert_in_step(db)

    # the desil list: a PBI member's household is ranked well-off; poor households found
    rich = _household_of(db, pbi_member)
    db.run(desil.set_desil, rich, 8, dt.date(2026, 11, 1), source="DTSEN")
    poor = _uninsured_households(db, 6)
    assert len(poor) == 6
    with db.work("uji") as work:  # their members said at the office they stopped paying
        ids = work.conn.execute(select(R.c.id).where(R.c.household_id.in_(poor))).scalars()
        evidence.record_observations(
            work,
            [
                Observation(i, J.PBPU_MANDIRI, J.NONAKTIF, dt.date(2026, 11, 2), "pengakuan")
                for i in ids
            ],
        )
    seen |= _assert_in_step(db)
    with db.work("uji") as work:
        items = [(hid, "", None, 3 if i % 2 else 9) for i, hid in enumerate(poor)]
        desil.record_desil_bulk(work, items, dt.date(2026, 11, 1), source="DTSEN")
    seen |= _assert_in_step(db)

    # an edit: a PBI member works for wages now
    detail = db.run(residents.get, member)
    db.run(residents.update_resident, member, replace(detail, occupation=15), today=TODAY)
    seen |= _assert_in_step(db)

    # households: a member of a poor household moves into the well-off one; a split
    mover = next(i for i, t in _truth(db).items() if t[0] == 3)
    db.run(households.move_resident, mover, rich, 4)
    seen |= _assert_in_step(db)
    members = [i for i, t in _truth(db).items() if _household_of(db, i) == poor[1]]
    db.run(
        households.split_household,
        poor[1],
        HouseholdInput("3313051511260001", "Dusun Sendang", "9", "8", "Sendang"),
        {members[0]: codes.KEPALA_KELUARGA},
    )
    seen |= _assert_in_step(db)
    # the month touched the steps that hang on each input
    assert {
        "cek_status",
        "usul_hapus_meninggal",
        "perbaikan_domisili",
        "usul_hapus_mampu",
        "cek_ppu",
        "usul_pbi",
        "daftar_mandiri",
    } <= seen, seen


def test_the_demo_village_keeps_every_copy(demo_db):
    steps = _assert_in_step(demo_db)
    assert len(steps) >= 8


def _migration():
    (path,) = (ROOT / "db" / "versions").glob("*_kepesertaan_sort_keys.py")
    spec = importlib.util.spec_from_file_location("kepesertaan_sort_keys", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _rule_sql_on_resident() -> str:
    """The rules' next step as SQL over the resident alone, the desil read from its copy."""
    resident = table("resident")

    def plain(element):
        if isinstance(element, Column):
            name = "household_desil" if element.table is H else element.name
            return column(name, element.type, _selectable=resident)
        return None

    expr = replacement_traverse(rule_columns().step, {}, plain)
    with warnings.catch_warnings():  # the rule's "THEN NULL" renders as a literal NULL
        warnings.simplefilter("ignore")
        compiled = expr.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    return str(compiled).replace("resident.", "")


def test_the_migration_fills_the_step_by_the_rule_of_its_release():
    """The migration writes the rule out (a migration does not follow the app). If this fails,
    the rule of the next step changed: ship a migration that refreshes ``resident.jkn_step``."""
    assert _rule_sql_on_resident() == _migration()._STEP


@pytest.mark.file_only  # every database at 0008 is a village's SQLite file (servers came at 0014)
def test_upgrading_an_0008_village_fills_the_copies(demo_db, tmp_path):
    """A village at 0008 (the copies and their indexes taken away again) comes back with every
    copy equal to the rules, and the Kepesertaan orders' indexes."""
    from alembic import command
    from sqlalchemy import create_engine

    from jkn_desktop.persistence.migrate import alembic_config, copy_database
    from jkn_desktop.services.database import open_database

    path = tmp_path / "lama.sqlite3"
    copy_database(demo_db.path, path)
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
        cols = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(resident)")}
        assert "jkn_step" not in cols
    engine.dispose()
    db = open_database(path)
    try:
        assert _copies(db) == _truth(db)
        with db.engine.connect() as conn:
            indexes = {
                r[0]
                for r in conn.exec_driver_sql(
                    "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'resident'"
                )
            }
        assert {f"ix_resident_order_{k}" for k in ("desil", "as_of", "segment")} <= indexes
    finally:
        db.close()


@pytest.mark.skipif(not SAMPLES.exists(), reason="shared samples not beside the checkout")
def test_a_first_bulk_import_fills_the_copies_before_the_indexes(village_db, monkeypatch):
    """Into an empty registry the rows go in first, their copies are written into the table
    alone, and the indexes (the step's among them) are built once after."""
    from jkn_desktop.persistence import bulk_residents

    monkeypatch.setattr(bulk_residents, "REBUILD_MIN_ROWS", 2)  # "big" for a test-sized file
    village_db.run(import_residents, OPENSID, today=TODAY)
    assert "cek_status" in _assert_in_step(village_db)
    with village_db.work("uji", write=False) as work:
        if village_db.on_server:  # the indexes are never lifted there: still in place
            names = work.conn.exec_driver_sql(
                "SELECT indexname FROM pg_indexes WHERE tablename = 'resident'"
            ).scalars()
            assert "ix_resident_step" in set(names)
            return
        plan = work.conn.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM resident WHERE jkn_step = 'cek_status' "
            "ORDER BY household_dusun, household_rw, household_rt, household_no_kk, shdk, "
            "birth_date, nik"
        ).all()
    assert "ix_resident_step" in " ".join(str(r[3]) for r in plan)
