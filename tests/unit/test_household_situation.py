"""The per-household summary coverage reads (persistence.household_situation) stays true through a
village's month, whichever way the data is written: after every step the summary equals the
residents summarised afresh, and coverage read from it equals coverage counted from the residents
one household at a time (the old computation, kept as the oracle)."""

from __future__ import annotations

import datetime as dt
import shutil
from dataclasses import asdict
from pathlib import Path

from alembic import command
from openpyxl import Workbook
from sqlalchemy import text

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.persistence import household_situation as situations
from jkn_desktop.persistence.migrate import alembic_config
from jkn_desktop.records.households import HouseholdInput
from jkn_desktop.records.membership import Coverage, Observation
from jkn_desktop.records.residents import ResidentInput
from jkn_desktop.services.database import open_database
from jkn_desktop.services.membership import desil, evidence
from jkn_desktop.services.membership.coverage import (
    coverage,
    coverage_streamed,
    repair_summary,
)
from jkn_desktop.services.membership.pbi_import import import_pbi
from jkn_desktop.services.registry import households, residents
from jkn_desktop.services.registry.resident_export import export_residents
from jkn_desktop.services.registry.resident_import import import_residents
from jkn_desktop.services.registry.stats import registry_stats
from jkn_desktop.services.registry.village import resolve_identity, save_village
from tests.engines import db_arg, outside
from tests.jobs import reading, writing

TODAY = dt.date(2026, 11, 28)


def _true(db) -> Coverage:
    """The summary is trusted and equals the residents; both ways of counting agree."""
    with db.work("uji", write=False, today=TODAY) as work:
        assert situations.trusted(work.conn)
        assert situations.stale(work.conn) == []
        cov = coverage(work)
        assert cov == coverage_streamed(work)
        # the registry's living residents per dusun, read from the summary, against the join
        expected = {
            (d or "(tanpa dusun)"): n
            for d, n in work.conn.exec_driver_sql(
                "SELECT coalesce(h.dusun, ''), count(*) FROM resident r LEFT JOIN household h "
                "ON h.id = r.household_id WHERE r.status_dasar = 1 GROUP BY 1"
            )
        }
        assert registry_stats(work).by_dusun == expected
    return cov


def _fresh_village(template: Path, tmp_path: Path):
    path = tmp_path / "baru.sqlite3"
    shutil.copyfile(template, path)
    db = open_database(path)
    info = db.run(resolve_identity, "33.13.05.2006", kepala_desa="Sutrisno")
    db.run(save_village, info)
    return db


def _pbi_list(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["NO", "NOKA", "NIK", "NAMA", "TGL LAHIR"])
    for i, (nik, name, born) in enumerate(rows, start=1):
        birth = "-".join(reversed(born.split("-"))) if born else ""
        ws.append([i, f"0001{i:09d}", nik, name, birth])
    wb.save(path)
    return path


def _living(db, limit: int, offset: int = 0) -> list[tuple[int, str, str, str, int | None]]:
    with reading(db) as conn:
        return [
            tuple(r)
            for r in conn.exec_driver_sql(
                "SELECT id, nik, name, coalesce(birth_date, ''), household_id FROM resident "
                "WHERE status_dasar = 1 ORDER BY id LIMIT ? OFFSET ?",
                (limit, offset),
            )
        ]


def test_a_month_of_writes_keeps_the_summary_true(demo_db, template_db, tmp_path):
    """The demo village (the generator's bulk writes), exported and imported into a new village
    (the bulk insert), then the month: a PBI list, corrections, an observation, a death, a move,
    a split, desil, a household's area, a resident without KK, deletions, a changed file."""
    _true(demo_db)
    file = tmp_path / "penduduk.xlsx"
    with demo_db.work("uji", write=False) as work:
        export_residents(work, file)
    db = _fresh_village(template_db, tmp_path)
    db.run(import_residents, file, today=TODAY)
    before = _true(db)
    assert before.total.population > 500

    people = _living(db, 300)
    listed = _pbi_list(tmp_path / "pbi.xlsx", [(p[1], p[2], p[3]) for p in people[:200]])
    result = db.run(import_pbi, listed, period="2026-11", force_period=True, today=TODAY)
    assert result.matched_nik >= 190
    after_list = _true(db)
    assert after_list.total.active > before.total.active

    rid, _, _, _, hid = people[210]
    detail = db.run(residents.get, rid)
    changed = {"occupation": 5, "pregnant": False, "chronic_illness": 3}  # wage job, ill
    fields = {k: v for k, v in asdict(detail).items() if k in ResidentInput.__dataclass_fields__}
    db.run(residents.update_resident, rid, ResidentInput(**{**fields, **changed}), today=TODAY)
    _true(db)

    obs = Observation(people[220][0], J.PBPU_MANDIRI, J.AKTIF, TODAY, "kartu")
    db.run(evidence.add_observation, obs, today=TODAY)
    _true(db)

    db.run(residents.change_status, people[5][0], codes.MATI, TODAY, "meninggal", today=TODAY)
    db.run(residents.change_status, people[6][0], codes.PINDAH, TODAY, "pindah", True, today=TODAY)
    dead = _true(db)
    assert dead.total.population == after_list.total.population - 2

    target = people[250][4]
    assert target is not None
    mover = next(p for p in people[10:] if p[4] not in (None, target))
    db.run(households.move_resident, mover[0], target, 4, today=TODAY)
    _true(db)
    with reading(db) as conn:
        members = [
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT id FROM resident WHERE household_id = ? ORDER BY id", (target,)
            )
        ]
    db.run(
        households.split_household,
        target,
        HouseholdInput("3313050101990001", rt="001", rw="002", dusun="Baru"),
        {members[0]: codes.KEPALA_KELUARGA},
        today=TODAY,
    )
    _true(db)

    assert hid is not None
    db.run(desil.set_desil, hid, 2, TODAY, source="DTSEN", today=TODAY)
    with reading(db) as conn:
        some = [
            (r[0], r[1], r[2], 1 + (r[0] % 10))
            for r in conn.exec_driver_sql("SELECT id, no_kk, desil FROM household LIMIT 40")
        ]
    db.run(desil.record_desil_bulk, some, TODAY, source="DTSEN", today=TODAY)
    _true(db)

    area = db.run(households.get, hid)
    moved_area = HouseholdInput(area.no_kk, area.address, area.rt, "009", "Dusun Lain")
    db.run(households.update_household, hid, moved_area, today=TODAY)
    _true(db)

    # a resident without a KK (counts as a person, not a household), then removed
    alone = people[260][0]
    before_alone = db.run(coverage, write=False)
    with writing(db) as conn:  # as an old version or a repair would leave it
        conn.exec_driver_sql("UPDATE resident SET household_id = NULL WHERE id = ?", (alone,))
    cov = _true(db)
    assert cov.total.population == before_alone.total.population  # still a person
    db.run(residents.delete_resident, people[261][0], "salah input", today=TODAY)
    _true(db)

    # the same file again with a few rows changed: the import's update path
    db.run(import_residents, file, today=TODAY)
    _true(db)


def test_a_write_outside_the_program_is_never_read_stale(demo_db):
    """A write with another tool fires the same triggers: the marks make coverage count from the
    residents until the next write job (or opening the file) summarises them again."""
    truth = _true(demo_db)
    outside(
        demo_db,
        "UPDATE resident SET status_dasar = 2 WHERE id IN (SELECT id FROM resident LIMIT 7)",
    )
    with demo_db.work("uji", write=False) as work:
        assert not situations.trusted(work.conn)
        cov = coverage(work)  # counted from the residents, not from the stale rows
        assert cov == coverage_streamed(work)
    assert cov.total.population < truth.total.population
    demo_db.close()
    again = open_database(demo_db.location)  # opening summarises the marked households
    assert _true(again) == cov
    again.close()


def test_another_encoding_is_built_again_on_open(demo_db):
    """Rows built under other rules (another app version) are not read; opening rebuilds them."""
    truth = _true(demo_db)
    with writing(demo_db) as conn:
        conn.exec_driver_sql("UPDATE household_situation_state SET encoding = 'older'")
        conn.exec_driver_sql(
            "UPDATE household_situation SET listed = '1000/' WHERE household_id < 50"
        )
    with reading(demo_db) as conn:
        assert not situations.trusted(conn)
    assert demo_db.run(coverage, write=False) == truth  # from the residents meanwhile
    demo_db.close()
    again = open_database(demo_db.location)
    assert _true(again) == truth
    again.close()


def test_an_existing_database_gets_its_summary_when_first_opened(demo_db):
    """A database at 0008 with a village in it: migration 0009 marks every household, coverage
    counts from the residents meanwhile, and opening the file builds the summary."""
    truth = _true(demo_db)
    cfg = alembic_config()
    with demo_db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0008")
    with demo_db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    with reading(demo_db) as conn:
        assert not situations.trusted(conn)
    assert demo_db.run(coverage, write=False) == truth
    demo_db.close()
    again = open_database(demo_db.location)
    assert _true(again) == truth
    again.close()


def test_rebuild_repairs_a_damaged_summary(demo_db):
    truth = _true(demo_db)
    with demo_db.engine.begin() as conn:  # behind the triggers' back: the rows themselves
        conn.execute(text("DELETE FROM household_situation WHERE household_id % 3 = 0"))
    with reading(demo_db) as conn:
        assert situations.stale(conn)
    assert demo_db.run(repair_summary) > 0  # jkn-desktop coverage --periksa
    assert _true(demo_db) == truth
    assert demo_db.run(repair_summary) == 0


def test_the_command_line_checks_and_repairs_the_summary(demo_db, capsys):
    """`jkn-desktop coverage --periksa`: says the summary is true, or rebuilds it and says how
    many households were wrong."""
    from jkn_desktop.cli import main

    path = db_arg(demo_db)
    demo_db.close()
    assert main(["--db", path, "coverage", "--periksa"]) == 0
    assert "sesuai dengan data penduduk" in capsys.readouterr().out
    outside(
        demo_db, "UPDATE household_situation SET living = living + 1 WHERE household_id % 5 = 0"
    )
    assert main(["--db", path, "coverage", "--periksa"]) == 0
    assert "tidak sesuai, dibangun ulang" in capsys.readouterr().out
    again = open_database(demo_db.location)
    _true(again)
    again.close()


def test_the_triggers_watch_every_column_a_situation_reads(db):
    """A rule that starts to read another resident column must be watched by the update trigger
    too, or a change of that column would leave the summary stale."""
    from sqlalchemy.sql.visitors import iterate

    read = {
        c.name
        for c in iterate(situations.situation_sql())
        if getattr(c, "table", None) is situations.R
    }
    assert {"status_dasar", "occupation", "jkn_segment", "pregnant"} <= read
    assert read | {"household_id"} <= set(situations.WATCHED)
    with reading(db) as conn:
        if conn.dialect.name == "postgresql":  # migration 0014's statement-level trigger
            (sql,) = conn.exec_driver_sql(
                "SELECT prosrc FROM pg_proc WHERE proname = 'jkn_situation_resident_changed'"
            ).one()
            differs = "o.{0} IS DISTINCT FROM n.{0}"
        else:
            (sql,) = conn.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE name = 'household_situation_ru'"
            ).one()
            differs = "OLD.{0} IS NOT NEW.{0}"
    for column in situations.WATCHED:
        assert differs.format(column) in sql
