"""A big import fills the name index once, after its rows, instead of through a trigger per row:
the people it brings are found by any part of their name, the triggers are back afterwards and
keep working, and an import that fails half-way leaves triggers, index and rows as they were.
Also: the same file again writes nothing at all, and the wizard's preview hands its rows to the
import so the file is not read twice."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import bindparam, text

from jkn_desktop.domain.nik import make_nik, make_no_kk
from jkn_desktop.errors import Cancelled
from jkn_desktop.records.residents import ResidentInput
from jkn_desktop.services.registry import resident_import, resident_search, residents
from jkn_desktop.services.registry.resident_import import finish_import, import_residents
from jkn_desktop.services.registry.stats import registry_stats
from tests.sheets import sheet

HEAD = ["NIK", "NO KK", "NAMA", "JK", "TGL LAHIR", "SHDK", "RT", "RW", "DUSUN"]
NAMES = ["SUKMAWATI", "BAMBANG", "RAHAYU", "PURNOMO", "KUSUMA", "WIDODO"]
MAPPING = dict(
    enumerate(["nik", "no_kk", "name", "sex", "birth_date", "shdk", "rt", "rw", "dusun"])
)


def person(i: int, family: str = "KARYO") -> list[object]:
    born = dt.date(1950, 1, 1) + dt.timedelta(days=37 * i)
    sex = "L" if i % 2 else "P"
    kk = make_no_kk("331305", dt.date(2016, 3, 1), i // 4 + 1)
    return [
        make_nik("331305", born, sex, i % 9000 + 1),
        kk,
        f"{NAMES[i % len(NAMES)]} {family} {i}",
        sex,
        born.strftime("%d-%m-%Y"),
        "KEPALA KELUARGA" if i % 4 == 0 else "ANAK",
        f"{i % 5 + 1:03d}",
        "002",
        "Tlogo",
    ]


def village_file(path: Path, people: range, family: str = "KARYO") -> Path:
    return sheet(path, [HEAD, *[person(i, family) for i in people]])


# the catalogue's triggers and declared indexes on the resident table, name -> definition
_CATALOGUE = {
    ("sqlite", "trigger"): "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
    "AND tbl_name = 'resident' AND sql IS NOT NULL",
    ("sqlite", "index"): "SELECT name, sql FROM sqlite_master WHERE type = 'index' "
    "AND tbl_name = 'resident' AND sql IS NOT NULL",
    ("postgresql", "trigger"): "SELECT tgname, pg_get_triggerdef(oid) FROM pg_trigger "
    "WHERE tgrelid = 'resident'::regclass AND NOT tgisinternal",
    ("postgresql", "index"): "SELECT indexname, indexdef FROM pg_indexes "
    "WHERE tablename = 'resident'",
}


def triggers(db, kind: str = "trigger") -> dict[str, str]:
    with db.engine.connect() as conn:
        sql = _CATALOGUE[(conn.dialect.name, kind)]
        return {str(name): str(body) for name, body in conn.exec_driver_sql(sql)}


def _rows(db, sql: str, **params) -> list[tuple]:
    """Rows read beside the program (its own connection), as stored."""
    stmt = text(sql)
    if "niks" in params:
        stmt = stmt.bindparams(bindparam("niks", expanding=True))
    with db.engine.connect() as conn:
        return [tuple(r) for r in conn.execute(stmt, params)]


@pytest.fixture(params=["indexes kept", "indexes rebuilt"])
def rebuild(request, monkeypatch) -> bool:
    """Run a test both ways: the secondary indexes kept while inserting (a small import into a
    big registry), and dropped and built again after it (a big first import)."""
    from jkn_desktop.persistence import bulk_residents

    rebuilt = request.param == "indexes rebuilt"
    monkeypatch.setattr(bulk_residents, "REBUILD_MIN_ROWS", 1 if rebuilt else 10**9)
    return rebuilt


def index_matches_names(db) -> None:
    """FTS5's own check of the index against the resident table (raises when they differ). A
    server's trigram index is an index of the table itself, kept by the server: its pages
    are the server's to check (amcheck), not a separate table that can drift."""
    if db.on_server:
        return
    con = sqlite3.connect(db.path)
    try:
        con.execute("INSERT INTO resident_fts(resident_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        con.close()


def found(db, text: str) -> set[str]:
    return {r.name for r in db.run(resident_search.search, text, write=False)}


def test_imported_people_are_found_by_any_part_of_their_name(village_db, tmp_path, rebuild):
    shipped = triggers(village_db)
    # the coverage summary's marks (migration 0009; 0014 on a server), and on SQLite the name
    # index's three (a server's trigram index needs none)
    marks = {"household_situation_ri", "household_situation_rd", "household_situation_ru"}
    fts = {"resident_fts_ai", "resident_fts_ad", "resident_fts_au"}
    assert set(shipped) == (marks if village_db.on_server else marks | fts)
    declared = triggers(village_db, "index")
    assert len(declared) >= 6
    result = village_db.run(import_residents, village_file(tmp_path / "warga.xlsx", range(300)))
    assert result.created == 300
    assert triggers(village_db) == shipped  # back, exactly as the migration made them
    assert triggers(village_db, "index") == declared
    if not village_db.on_server:
        con = sqlite3.connect(village_db.path)
        assert con.execute("PRAGMA integrity_check").fetchone() == ("ok",)  # indexes hold all
        con.close()
    index_matches_names(village_db)
    names = [str(person(i)[2]) for i in range(300)]
    assert found(village_db, "KMAWA") == {n for n in names if "KMAWA" in n}
    assert found(village_db, "rahayu karyo 20") == {
        n for n in names if n.startswith("RAHAYU") and "20" in n.split()[-1]
    }
    # a word under three letters is not in the trigram index: looked up with LIKE
    assert found(village_db, "wid 15") == {n for n in names if "WID" in n and "15" in n}
    assert len(found(village_db, "wid 15")) == 2
    assert len(found(village_db, "KARYO")) == 300

    # the triggers work again: a resident added, renamed and removed by hand
    added = village_db.run(
        residents.create,
        ResidentInput(
            nik=make_nik("331305", dt.date(1990, 5, 4), "L", 9901),
            name="TEGUH SURYADARMA",
            sex="L",
            birth_date=dt.date(1990, 5, 4),
        ),
    )
    assert found(village_db, "YADARM") == {"TEGUH SURYADARMA"}
    detail = village_db.run(residents.get, added.id)
    renamed = ResidentInput(
        **{
            f: getattr(detail, f)
            for f in ResidentInput.__dataclass_fields__
            if f not in ("name", "no_kk")
        },
        name="TEGUH WIRAPRAJA",
    )
    village_db.run(residents.update_resident, added.id, renamed)
    assert found(village_db, "YADARM") == set()
    assert found(village_db, "RAPRAJ") == {"TEGUH WIRAPRAJA"}
    village_db.run(residents.delete_resident, added.id, "salah input")
    assert found(village_db, "RAPRAJ") == set()
    index_matches_names(village_db)


def test_a_renamed_resident_is_found_under_the_new_name_only(village_db, tmp_path):
    village_db.run(import_residents, village_file(tmp_path / "a.xlsx", range(40)))
    rows = [HEAD, *[person(i) for i in range(40)]]
    rows[8][2] = "BAMBANG SETYOHADI 7"  # person 7 renamed, everyone else as before
    rows[9][7] = "004"  # person 8 moved to RW 004: not a name, the index hears nothing
    result = village_db.run(import_residents, sheet(tmp_path / "b.xlsx", rows))
    assert (result.updated, result.unchanged, result.households_updated) == (1, 39, 1)
    assert found(village_db, "SETYOHADI") == {"BAMBANG SETYOHADI 7"}
    assert "BAMBANG KARYO 7" not in found(village_db, "BAMBANG KARYO 7")
    index_matches_names(village_db)


def test_an_import_that_fails_half_way_leaves_rows_triggers_and_index_as_they_were(
    village_db, tmp_path, monkeypatch, rebuild
):
    village_db.run(import_residents, village_file(tmp_path / "awal.xlsx", range(6)))
    shipped = triggers(village_db)
    declared = triggers(village_db, "index")
    before = village_db.run(registry_stats)

    def cancel_while_writing(done: int, total: int) -> None:
        if done > total // 2:  # the residents are in, the index not yet told
            raise Cancelled()

    big = village_file(tmp_path / "besar.xlsx", range(100, 400), family="SASTRO")
    with pytest.raises(Cancelled):
        village_db.run(import_residents, big, progress=cancel_while_writing)
    after = village_db.run(registry_stats)
    assert (after.residents, after.households) == (before.residents, before.households)
    assert triggers(village_db) == shipped
    assert triggers(village_db, "index") == declared
    index_matches_names(village_db)
    assert found(village_db, "SASTRO") == set()
    assert len(found(village_db, "KARYO")) == 6

    # an error in the middle of the insert (half the residents written): the same
    from jkn_desktop.services.registry import resident_import_write

    original = resident_import_write.insert_tuples

    def insert_then_fail(conn, table, names, rows, *args, **kwargs):
        if table.name == "resident":
            original(conn, table, names, rows[: len(rows) // 2])
            raise RuntimeError("putus di tengah")
        return original(conn, table, names, rows, *args, **kwargs)

    monkeypatch.setattr(resident_import_write, "insert_tuples", insert_then_fail)
    with pytest.raises(RuntimeError, match="putus di tengah"):
        village_db.run(import_residents, big)
    monkeypatch.setattr(resident_import_write, "insert_tuples", original)
    after = village_db.run(registry_stats)
    assert (after.residents, after.households) == (before.residents, before.households)
    assert triggers(village_db) == shipped
    assert triggers(village_db, "index") == declared
    index_matches_names(village_db)

    # and the same file then imports whole
    assert village_db.run(import_residents, big).created == 300
    assert len(found(village_db, "SASTRO")) == 300
    assert triggers(village_db, "index") == declared
    index_matches_names(village_db)


def test_the_same_file_again_writes_nothing(village_db, tmp_path):
    path = village_file(tmp_path / "warga.xlsx", range(200))
    village_db.run(import_residents, path)
    audit = _rows(village_db, "SELECT count(*), max(id) FROM audit_log")
    stamps = _rows(village_db, "SELECT max(updated_at) FROM resident")
    with village_db.work("Operator Uji") as work:
        again = import_residents(work, path)
        changes = work.changes
    assert (again.created, again.updated, again.unchanged) == (0, 0, 200)
    assert not changes  # nothing touched: no page needs refreshing
    assert _rows(village_db, "SELECT count(*), max(id) FROM audit_log") == audit
    assert _rows(village_db, "SELECT max(updated_at) FROM resident") == stamps


def test_the_import_takes_the_rows_its_preview_read(village_db, tmp_path, monkeypatch):
    path = village_file(tmp_path / "warga.xlsx", range(120))
    reads: list[Path] = []
    parse = resident_import.parse_resident_sheet

    def counted(p, *args, **kwargs):
        reads.append(Path(p))
        return parse(p, *args, **kwargs)

    monkeypatch.setattr(resident_import, "parse_resident_sheet", counted)
    dry = village_db.run(
        import_residents, path, dry_run=True, mapping=MAPPING, keep=True, write=False
    )
    assert dry.prepared is not None
    assert village_db.run(registry_stats).residents == 0
    done = village_db.run(finish_import, path, sheet=None, mapping=MAPPING, prepared=dry.prepared)
    assert len(reads) == 1  # the preview's read only
    assert (done.created, done.rejected, done.households_created) == (
        dry.created,
        dry.rejected,
        dry.households_created,
    )
    assert done.issues == dry.issues
    assert village_db.run(registry_stats).residents == 120
    assert len(found(village_db, "KARYO")) == 120

    # a file changed after its preview is read again: the import takes what it holds now
    dry = village_db.run(
        import_residents, path, dry_run=True, mapping=MAPPING, keep=True, write=False
    )
    assert (dry.created, dry.unchanged) == (0, 120)
    village_file(path, range(121))
    done = village_db.run(finish_import, path, sheet=None, mapping=MAPPING, prepared=dry.prepared)
    assert len(reads) == 3
    assert (done.created, done.unchanged) == (1, 120)

    # another mapping, or none given (a remembered one may change meanwhile): read again
    dry = village_db.run(
        import_residents, path, dry_run=True, mapping=MAPPING, keep=True, write=False
    )
    other = {**MAPPING, 8: ""}
    village_db.run(finish_import, path, sheet=None, mapping=other, prepared=dry.prepared)
    assert len(reads) == 5
    assert village_db.run(import_residents, path, dry_run=True, keep=True).prepared is None


def test_the_audit_trail_has_a_row_for_every_household_and_resident_an_import_creates(
    village_db, tmp_path
):
    """The "create" rows are copied by SQLite from the rows just inserted (INSERT … SELECT):
    each names its own household or resident, by id and by No. KK / NIK, with the job's user,
    moment and reason, households first, in the order they were inserted; changed fields
    follow as rows of their own."""
    ((before,),) = _rows(village_db, "SELECT coalesce(max(id), 0) FROM audit_log")
    path = village_file(tmp_path / "warga.xlsx", range(40))
    village_db.run(import_residents, path, user="Operator Uji")
    rows = _rows(
        village_db,
        "SELECT entity, entity_id, entity_key, action, field, old_value, new_value, actor, "
        "reason, at FROM audit_log WHERE id > :before ORDER BY id",
        before=before,
    )
    households = _rows(village_db, "SELECT id, no_kk FROM household ORDER BY id")
    people = _rows(
        village_db,
        "SELECT id, nik FROM resident WHERE nik IN :niks ORDER BY id",
        niks=[person(i)[0] for i in range(40)],
    )
    new_households = [(i, kk) for i, kk in households if kk in {person(n)[1] for n in range(40)}]
    assert len(new_households) == 10
    assert len(people) == 40
    assert [(r[0], r[1], r[2]) for r in rows] == [
        *[("household", i, kk) for i, kk in new_households],
        *[("resident", i, nik) for i, nik in people],
    ]
    assert {r[3:9] for r in rows} == {
        ("create", "", None, None, "Operator Uji", "impor warga.xlsx")
    }
    (moment,) = {r[9] for r in rows}
    # a moment with its zone (stored as text on SQLite, a timestamptz on a server)
    assert dt.datetime.fromisoformat(str(moment)).utcoffset() is not None

    changed = [person(i) for i in range(40)]
    changed[3][2] = "NAMA BARU"
    sheet(tmp_path / "ubah.xlsx", [HEAD, *changed])
    village_db.run(import_residents, tmp_path / "ubah.xlsx", user="Operator Uji")
    (last,) = _rows(
        village_db,
        "SELECT entity, entity_key, action, field, old_value, new_value, reason FROM audit_log "
        "ORDER BY id DESC LIMIT 1",
    )
    assert last == (
        "resident",
        changed[3][0],
        "update",
        "name",
        f"{NAMES[3]} KARYO 3",
        "NAMA BARU",
        "impor ubah.xlsx",
    )
