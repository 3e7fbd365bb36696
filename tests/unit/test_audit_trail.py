"""Who did what, as the law asks (UU 27/2022 Ps. 31): the logged-in person on every change, login
and failed login, every export and printout with what, how many rows and masked or not; the
Audit page's filters in SQL; the refusal of roles without ``perm.AUDIT``; the export's cells."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from jkn_desktop.domain import audit_words as W
from jkn_desktop.domain import codes
from jkn_desktop.domain.roles import ROLES
from jkn_desktop.errors import UserError
from jkn_desktop.paths import ServerAddress
from jkn_desktop.persistence.tables import audit_t
from jkn_desktop.records.audit import AuditFilter, AuditRow
from jkn_desktop.records.documents import DocRequest, RosterOptions
from jkn_desktop.records.people import Actor
from jkn_desktop.services import audit_trail as T
from jkn_desktop.services.database import Database
from jkn_desktop.services.documents import catalog, rosters
from jkn_desktop.services.people import accounts as A
from jkn_desktop.services.people.login import login
from jkn_desktop.services.registry import resident_search, residents
from jkn_desktop.services.registry.resident_export import export_residents
from jkn_desktop.services.registry.resident_import import import_residents
from tests.sheets import sheet

PW = "rahasia-desa-1"
HEAD = ["NIK", "NO KK", "NAMA", "JK", "TGL LAHIR", "SHDK", "PEKERJAAN", "RT", "RW", "DUSUN"]
BUDI = "3313051203800001"
SITI = "3313054506850002"
KK = "3313050306224132"
PEOPLE = [
    HEAD,
    [BUDI, KK, "BUDI", "L", "12-03-1980", "Kepala Keluarga", "Petani", "1", "1", "Krajan"],
    [SITI, KK, "SITI", "P", "05-06-1985", "Istri", "", "1", "1", "Krajan"],
]


def _rows(db: Database, **where: Any) -> list[dict[str, Any]]:
    with db.engine.connect() as conn:
        stmt = select(audit_t).where(*[audit_t.c[k] == v for k, v in where.items()])
        return [dict(r._mapping) for r in conn.execute(stmt.order_by(audit_t.c.id))]


@pytest.fixture
def office(village_db: Database) -> Database:
    """A village office with accounts: Admin, Sekretaris, Operator, Kepala Desa, Pemeriksa."""
    db = village_db
    db.run(A.add_account, "admin", PW, ["admin"])
    boss = Actor("admin", ("admin",))
    for name, role in (
        ("sri", "sekretaris"),
        ("budi", "operator"),
        ("kades", "kepala_desa"),
        ("periksa", "pemeriksa"),
    ):
        db.run(A.add_account, name, PW, [role], user=boss)
    return db


def _log_in(db: Database, name: str) -> Actor:
    db.session = None  # a new login, as the window's lock screen and the command line do
    outcome = db.run(login, name, PW, user=name)
    assert outcome.actor is not None
    db.session = outcome.actor
    return outcome.actor


def test_import_edits_logins_and_exports_are_audited_with_the_real_person(
    office: Database, tmp_path: Path
) -> None:
    db = office
    wrong = db.run(login, "sri", "salah-sekali", user="sri")
    assert wrong.error is not None
    _log_in(db, "sri")
    db.run(import_residents, sheet(tmp_path / "warga.xlsx", PEOPLE))
    budi = db.run(resident_search.search, BUDI)[0]
    db.run(residents.change_status, budi.id, codes.PINDAH, dt.date(2026, 11, 20), "pindah ke Solo")
    out = tmp_path / "penduduk.xlsx"
    assert db.run(export_residents, out, write=False) == 2
    pdf = tmp_path / "pbi.pdf"
    opts = RosterOptions(kind="semua", period="2026-11", mask_nik=True)
    db.run(rosters.write_roster, opts, pdf, write=False)

    assert [(r["actor"], r["reason"]) for r in _rows(db, action="login_failed")] == [
        ("sri", "kata sandi salah (1×)")
    ]
    assert [r["actor"] for r in _rows(db, action="login")] == ["sri"]
    created = _rows(db, action="create", entity="resident")
    assert {r["entity_key"] for r in created} == {BUDI, SITI}
    assert {(r["actor"], r["reason"]) for r in created} == {("sri", "impor warga.xlsx")}
    assert {r["actor"] for r in _rows(db, entity="household", action="create")} == {"sri"}
    status = _rows(db, action="status", entity_key=BUDI)
    assert {(r["field"], r["new_value"], r["actor"]) for r in status} >= {
        ("status_dasar", str(codes.PINDAH), "sri")
    }
    exports = _rows(db, action="export")
    assert {r["actor"] for r in exports} == {"sri"}
    fields = [(r["entity_key"], r["field"], r["new_value"]) for r in exports]
    assert fields == [
        ("", "document", "Data penduduk (Excel)"),
        ("", "rows", "2"),
        ("", "masked", "False"),
        ("", "file", str(out)),
        ("2026-11", "document", "Daftar penduduk dan kepesertaan JKN"),
        ("2026-11", "rows", "1"),  # BUDI moved away: the living residents' list has SITI
        ("2026-11", "masked", "True"),
        ("2026-11", "file", str(pdf)),
    ]


def test_a_printout_is_noted_once_the_pages_went_to_the_printer(demo_db: Database) -> None:
    req = DocRequest("pbi", "2026-11", mask_nik=True)
    printable = demo_db.run(catalog.prepare_print, req, write=False)
    assert printable.rows > 0
    assert not _rows(demo_db, action="print")  # reading the pages is not a printout
    demo_db.run(catalog.note_printed, req, printable.rows, "HP LaserJet Kantor Desa")
    noted = {r["field"]: r["new_value"] for r in _rows(demo_db, action="print")}
    assert noted == {
        "document": "Daftar peserta PBI JK",
        "rows": str(printable.rows),
        "masked": "True",
        "printer": "HP LaserJet Kantor Desa",
    }


def test_an_export_whose_entry_cannot_be_written_leaves_no_file(
    demo_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No export without its entry: the file goes when the entry cannot be written (here another
    program holds the write lock past the busy timeout; on a server, another client's write job
    holds the write lock past the wait, shortened here to a second)."""
    out = tmp_path / "penduduk.xlsx"
    if isinstance(demo_db.location, ServerAddress):
        import psycopg

        from jkn_desktop.persistence import server

        monkeypatch.setattr(server, "LOCK_WAIT_S", 1)
        with psycopg.connect(demo_db.location.text) as holder:
            holder.execute(f"SELECT pg_advisory_xact_lock({server.WRITE_LOCK})")
            with pytest.raises(UserError) as caught:
                demo_db.run(export_residents, out, write=False)
        expected = "SERVER_BUSY"
    else:
        import sqlite3

        lite = sqlite3.connect(demo_db.location, isolation_level=None)
        lite.execute("BEGIN IMMEDIATE")
        try:
            with pytest.raises(UserError) as caught:
                demo_db.run(export_residents, out, write=False)
        finally:
            lite.execute("ROLLBACK")
            lite.close()
        expected = "DB_LOCKED"
    assert caught.value.code == expected
    assert not out.exists()
    assert not _rows(demo_db, action="export")


# --------------------------------------------------------------------------- the Audit page's list
@pytest.fixture
def trail(office: Database, tmp_path: Path) -> Database:
    db = office
    _log_in(db, "sri")
    db.run(import_residents, sheet(tmp_path / "warga.xlsx", PEOPLE))
    siti = db.run(resident_search.search, SITI)[0]
    detail = db.run(residents.get, siti.id)
    edited = dataclasses.replace(
        detail, phone="081234567890", notes='=HYPERLINK("http://x","klik")'
    )
    db.run(residents.update_resident, siti.id, edited)
    db.run(export_residents, tmp_path / "p.xlsx", write=False)
    _log_in(db, "budi")
    _log_in(db, "kades")
    return db


def _ids(db: Database, **given: Any) -> list[int]:
    return db.run(T.query_ids, AuditFilter(**given), write=False)


def _fetched(db: Database, **given: Any) -> list[AuditRow]:
    return db.run(T.fetch_rows, _ids(db, **given), write=False)


def test_filters_run_in_sql(trail: Database) -> None:
    db = trail
    everything = _ids(db)
    assert everything == sorted(everything, reverse=True)  # newest first
    assert _ids(db, descending=False) == sorted(everything)
    by_sri = _fetched(db, user="SRI")
    assert by_sri
    assert {r.actor for r in by_sri} == {"sri"}
    logins = _fetched(db, action="masuk")
    assert [r.actor for r in logins] == ["kades", "budi", "sri"]
    assert {r.action_word for r in _fetched(db, action="ekspor")} == {"ekspor"}
    assert {r.action for r in _fetched(db, action="ubah")} <= set(W.ACTION_KINDS["ubah"])
    about_siti = _fetched(db, record=SITI)
    assert {r.entity_key for r in about_siti} == {SITI}
    assert {r.field for r in about_siti} >= {"phone", "notes", ""}
    today = dt.date.today()
    assert _ids(db, start=today, end=today) == everything
    assert _ids(db, end=today - dt.timedelta(days=1)) == []
    assert _ids(db, start=today + dt.timedelta(days=1)) == []
    with pytest.raises(UserError) as caught:
        _ids(db, start=today, end=today - dt.timedelta(days=3))
    assert caught.value.code == "AUDIT_RANGE"
    with pytest.raises(UserError) as caught:
        _ids(db, action="hapus-semua")
    assert caught.value.code == "AUDIT_ACTION"
    by_user = _fetched(db, sort="actor", descending=False)
    assert [r.actor for r in by_user] == sorted((r.actor for r in by_user), key=str)
    users = db.run(T.users, write=False)
    assert {"admin", "budi", "kades", "sri"} <= set(users)
    assert users == sorted(users, key=str.casefold)


def test_a_whole_nik_also_finds_entries_that_name_the_resident_by_id(trail: Database) -> None:
    from jkn_desktop.records.membership import Observation
    from jkn_desktop.services.membership.evidence import record_observations

    db = trail
    _log_in(db, "sri")
    siti = db.run(resident_search.search, SITI)[0]
    seen = Observation(siti.id, "pbi_apbn", "aktif", dt.date(2026, 11, 1), "kartu")
    db.run(record_observations, [seen])
    _log_in(db, "kades")
    found = _fetched(db, record=SITI)
    assert "membership" in {r.action for r in found}
    # stored without its NIK (by the resident's id), shown with the NIK the resident has now
    assert next(r for r in found if r.action == "membership").entity_key == SITI


def test_old_and_new_in_plain_indonesian(trail: Database) -> None:
    rows = _fetched(trail, record=SITI)
    phone = next(r for r in rows if r.field == "phone")
    assert (phone.field_label, phone.old_text, phone.new_text) == ("No. HP", "—", "081234567890")
    created = next(r for r in rows if r.action == "create" and r.field == "")
    assert (created.action_word, created.record_text) == ("tambah", f"Penduduk {SITI}")
    assert W.readable("birth_date", "1985-06-05") == "5 Juni 1985"
    assert W.readable("occupation", "9") == "Petani/Pekebun"
    assert W.readable("roles", "sekretaris,admin") == "Sekretaris Desa + Admin"
    assert W.readable("status", "disetujui", "usulan") == "Disetujui Musdes"
    exported = _fetched(trail, action="ekspor")
    masked = next(r for r in exported if r.field == "masked")
    assert (masked.field_label, masked.new_text) == ("NIK disamarkan", "tidak")
    failed = W.action_word("login_failed")
    assert failed == "gagal masuk"


def test_no_internal_key_reaches_the_screen(demo_db: Database, tmp_path: Path) -> None:
    """Every action, record kind and field the demo village's many services wrote has its
    Indonesian words."""
    demo_db.run(export_residents, tmp_path / "p.xlsx", write=False)
    with demo_db.engine.connect() as conn:
        seen = conn.execute(select(audit_t.c.action, audit_t.c.entity, audit_t.c.field).distinct())
        triples = list(seen)
    assert len(triples) > 20
    for action, entity, field in triples:
        assert action in W.ACTIONS, action
        assert entity in W.ENTITIES, entity
        assert field in W.FIELDS, (entity, field)


# --------------------------------------------------------------------------- who may look
@pytest.mark.parametrize("role", list(ROLES))
def test_only_the_admin_and_the_kepala_desa_see_the_trail(
    trail: Database, role: str, tmp_path: Path
) -> None:
    db = trail
    db.session = Actor(f"uji-{role}", (role,))
    allowed = role in ("admin", "kepala_desa")
    calls = [
        (T.query_ids, (AuditFilter(),)),
        (T.fetch_rows, ([1, 2],)),
        (T.users, ()),
        (T.verify_chain, ()),
        (T.export_audit, (AuditFilter(), tmp_path / "audit.xlsx")),
    ]
    for fn, args in calls:
        if allowed:
            db.run(fn, *args, write=False)
            continue
        with pytest.raises(UserError) as caught:
            db.run(fn, *args, write=False)
        assert caught.value.code == "NOT_PERMITTED"
        assert "Kepala Desa atau Admin" in caught.value.message
    assert (tmp_path / "audit.xlsx").exists() == allowed


def test_the_exported_trail_is_text_cells_and_is_itself_audited(
    trail: Database, tmp_path: Path
) -> None:
    out = tmp_path / "jejak.xlsx"
    n = trail.run(T.export_audit, AuditFilter(record=SITI), out, write=False)
    ws = load_workbook(out).active
    rows = list(ws.iter_rows())
    assert [c.value for c in rows[0]] == T.HEADERS
    assert len(rows) == n + 1
    for row in rows[1:]:
        for cell in row:
            assert cell.value is None or cell.data_type == "s", (cell.coordinate, cell.value)
    notes = [r for r in rows[1:] if r[5].value == "Catatan"]
    assert notes
    assert notes[0][7].value == '=HYPERLINK("http://x","klik")'
    noted = _rows(trail, action="export")
    assert noted[-4]["new_value"] == "Jejak audit (Excel)"
    assert noted[-3]["new_value"] == str(n)
    assert noted[-4]["actor"] == "kades"
    with pytest.raises(UserError) as caught:
        trail.run(T.export_audit, AuditFilter(), tmp_path / "jejak.csv", write=False)
    assert caught.value.code == "JENIS_BERKAS"
