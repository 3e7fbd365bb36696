"""The schema comes only from migrations, and opening a database is safe."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command

from jkn_desktop.errors import DatabaseError
from jkn_desktop.persistence.migrate import alembic_config, head_revision
from jkn_desktop.services.database import open_database


def test_models_and_migrations_do_not_drift(db):
    cfg = alembic_config()
    with db.engine.connect() as conn:
        cfg.attributes["connection"] = conn
        command.check(cfg)  # raises when autogenerate would produce a new migration


def test_schema_head_constant_matches_the_migrations():
    from jkn_desktop.persistence.migrate import SCHEMA_HEAD

    assert head_revision() == SCHEMA_HEAD  # update SCHEMA_HEAD with every new migration


def test_every_connection_has_the_pragmas(db):
    if db.on_server:  # a server's connection: the office's zone and the program's name
        from jkn_desktop.persistence.server import _local_zone

        with db.engine.connect() as conn:
            assert conn.exec_driver_sql("SHOW TimeZone").scalar() == _local_zone()
            assert conn.exec_driver_sql("SHOW application_name").scalar() == "JKN Desktop"
        return
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 1000


def test_new_file_is_created_at_head_with_regions(tmp_path):
    db = open_database(tmp_path / "baru" / "desa.sqlite3")
    with db.engine.connect() as conn:
        assert (
            conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
            == head_revision()
        )
        assert conn.exec_driver_sql("SELECT count(*) FROM region WHERE level = 4").scalar() > 80000
    db.close()


def test_database_from_a_newer_app_is_refused_and_left_alone(db_path: Path):
    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = 'ffff_from_the_future'")
    con.commit()
    con.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseError) as exc:
        open_database(db_path)
    assert exc.value.code == "DB_TOO_NEW"
    assert "lebih baru" in exc.value.message
    assert db_path.read_bytes() == before


NEXT_REVISION = """
from alembic import op
import sqlalchemy as sa

revision = "9999"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("catatan_uji", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("catatan_uji")
"""


def test_upgrade_of_an_existing_file_makes_a_backup_first(db_path: Path, tmp_path, monkeypatch):
    from jkn_desktop import paths
    from jkn_desktop.persistence import migrate
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    db = open_database(db_path)
    db.run(save_village, db.run(resolve_identity, "33.13.05.2006", kepala_desa="Sutrisno"))
    db.close()
    # a newer app: the shipped migrations plus one more revision
    newer = tmp_path / "db_newer"
    import shutil

    shipped = head_revision()
    shutil.copytree(paths.migrations_dir(), newer, ignore=shutil.ignore_patterns("__pycache__"))
    (newer / "versions" / "9999_uji.py").write_text(NEXT_REVISION.format(head=head_revision()))
    monkeypatch.setattr(migrate, "migrations_dir", lambda: newer)
    monkeypatch.setattr(migrate, "SCHEMA_HEAD", "9999")

    db = open_database(db_path)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "9999"
    db.close()
    backups = list((db_path.parent / "cadangan").glob("*.sqlite3"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == (shipped,)
    assert con.execute("SELECT kepala_desa FROM village").fetchone() == ("Sutrisno",)
    con.close()


def test_not_a_database_file_gets_a_clear_message(tmp_path):
    path = tmp_path / "foto.sqlite3"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"0" * 100)
    with pytest.raises(DatabaseError) as exc:
        open_database(path)
    assert exc.value.code == "DB_NOT_SQLITE"
    assert path.read_bytes().startswith(b"\x89PNG")


def _sqlite_failure(path: Path, kind: str) -> sqlite3.Error:
    """A real SQLite failure of the environment (locked, read-only, full, not a database)."""
    if kind == "locked":
        holder = sqlite3.connect(path, isolation_level=None)
        holder.execute("CREATE TABLE IF NOT EXISTS t (x)")
        holder.execute("BEGIN EXCLUSIVE")
        other = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            other.execute("INSERT INTO t VALUES (1)")
        except sqlite3.Error as exc:
            return exc
        finally:
            holder.execute("ROLLBACK")
    if kind == "readonly":
        sqlite3.connect(path).execute("CREATE TABLE IF NOT EXISTS t (x)").connection.commit()
        ro = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            ro.execute("INSERT INTO t VALUES (1)")
        except sqlite3.Error as exc:
            return exc
    if kind == "full":
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE IF NOT EXISTS t (x)")
        con.execute("PRAGMA max_page_count = 3")
        try:
            con.execute("INSERT INTO t VALUES (?)", (b"x" * 100_000,))
        except sqlite3.Error as exc:
            return exc
    if kind == "notadb":
        path.write_bytes(b"bukan basis data" * 100)
        try:
            sqlite3.connect(path).execute("SELECT * FROM sqlite_master")
        except sqlite3.Error as exc:
            return exc
    raise AssertionError(f"no failure for {kind}")


@pytest.mark.parametrize(
    ("kind", "code"),
    [
        ("locked", "DB_LOCKED"),
        ("readonly", "DB_READONLY"),
        ("full", "DISK_FULL"),
        ("notadb", "DB_CORRUPT"),
    ],
)
def test_environment_failures_become_indonesian_messages(tmp_path, kind, code):
    """Read from SQLite's error code, never from its (English, version-dependent) text."""
    from jkn_desktop.persistence.migrate import translate_sqlite_error

    path = tmp_path / "desa.sqlite3"
    err = translate_sqlite_error(_sqlite_failure(path, kind), path)
    assert err.code == code
    assert "database" not in err.message.lower().replace("basis data", "")


def test_read_only_database_gets_a_clear_message(db_path: Path):
    # a database that needs no migration but sits on read-only media
    import os

    os.chmod(db_path, 0o444)
    os.chmod(db_path.parent, 0o555)
    try:
        if os.access(db_path, os.W_OK):
            pytest.skip("running as a user who can write anyway (root)")
        from jkn_desktop.services.registry.village import resolve_identity, save_village

        def write_identity() -> None:
            db = open_database(db_path)
            db.run(save_village, db.run(resolve_identity, "33.13.05.2006"))

        with pytest.raises(DatabaseError) as exc:
            write_identity()
        assert exc.value.code in {"DB_READONLY", "DB_UNOPENABLE"}
    finally:
        os.chmod(db_path.parent, 0o755)
        os.chmod(db_path, 0o644)


def test_a_0001_registry_upgrades_to_jkn_keeping_people_and_name_search(tmp_path):
    """A village that used the first release: residents kept, JKN columns empty, and the name
    search (FTS triggers on resident) still follows edits after the ALTER TABLE."""
    from sqlalchemy import create_engine

    from jkn_desktop.services.membership.coverage import coverage
    from jkn_desktop.services.registry import resident_search, residents

    path = tmp_path / "lama.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql(
            "INSERT INTO resident (nik, name, name_key, birth_place, sex, status_dasar, mother_name, "
            "phone, notes, created_at, updated_at) VALUES ('3313051203800001', 'BUDI SANTOSO', "
            "'BUDI SANTOSO', '', 'L', 1, '', '', '', '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
        )
    engine.dispose()
    db = open_database(path)
    found = db.run(resident_search.search, "santoso")
    assert [r.nik for r in found] == ["3313051203800001"]
    assert db.run(coverage, write=False).total.population == 1
    assert db.run(coverage, write=False).total.registered == 0
    detail = db.run(residents.get, found[0].id)
    from dataclasses import replace

    db.run(residents.update_resident, found[0].id, replace(detail, name="BUDI RAHARJO"), user="uji")
    assert [r.nik for r in db.run(resident_search.search, "raharjo")] == ["3313051203800001"]
    assert (path.parent / "cadangan").exists()  # the upgrade made a backup first
    # 0003: the APBDes tables arrive seeded; the resident gains empty needs, nothing else changes

    assert db.run(residents.get, found[0].id).pregnant is False
    from jkn_desktop.services.apbdes.codes import budget_codes
    from jkn_desktop.services.apbdes.rates import current_rate

    assert db.run(current_rate, write=False) == 42_000
    assert {c.code for c in db.run(budget_codes, "sumber", write=False)} >= {"DDS", "ADD", "PAD"}
    assert "02.02.96" in {c.code for c in db.run(budget_codes, "kegiatan", write=False)}
    db.close()


def test_0008_copies_each_household_onto_its_members(tmp_path):
    """A 0007 village: after the upgrade each resident carries its household's No. KK and area
    (empty without a household), and the old list indexes gave way to one index per order."""
    from sqlalchemy import create_engine

    from jkn_desktop.services.registry.household_copy import stale

    path = tmp_path / "lama.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    stamp = "'2026-01-01 00:00:00'"
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0007")
        conn.exec_driver_sql(
            "INSERT INTO household (id, no_kk, address, rt, rw, dusun, created_at, updated_at) "
            f"VALUES (7, '3313050306224132', '', '002', '001', 'Tlogo', {stamp}, {stamp})"
        )
        for nik, hid in (("3313051203800001", "7"), ("3313051203800002", "NULL")):
            conn.exec_driver_sql(
                "INSERT INTO resident (nik, name, name_key, birth_place, sex, status_dasar, "
                "mother_name, phone, notes, pregnant, household_id, created_at, updated_at) "
                f"VALUES ('{nik}', 'BUDI', 'BUDI', '', 'L', 1, '', '', '', 0, {hid}, {stamp}, {stamp})"
            )
    engine.dispose()
    db = open_database(path)
    with db.engine.connect() as conn:
        rows = conn.exec_driver_sql(
            "SELECT nik, household_no_kk, household_dusun, household_rw, household_rt "
            "FROM resident ORDER BY nik"
        ).all()
        indexes = {
            r[0]
            for r in conn.exec_driver_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'resident'"
            )
        }
    assert [tuple(r) for r in rows] == [
        ("3313051203800001", "3313050306224132", "Tlogo", "001", "002"),
        ("3313051203800002", "", "", "", ""),
    ]
    assert db.run(lambda work: stale(work.conn), write=False) == []
    assert {"ix_resident_order_name", "ix_resident_order_area"} <= indexes
    assert not {i for i in indexes if i.startswith(("ix_resident_list_", "ix_resident_all_"))}
    db.close()


def test_0011_makes_the_old_operator_an_admin_who_sets_a_password(tmp_path):
    """A village from before accounts: its operator name becomes an admin (who keeps the
    secretary's work), with no password until they make one; the command line then asks for a
    login."""
    import os
    import subprocess
    import sys

    from sqlalchemy import create_engine

    from jkn_desktop.services.people import accounts
    from jkn_desktop.services.people.login import login

    path = tmp_path / "lama.sqlite3"
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    stamp = "'2026-01-01 00:00:00+07:00'"
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0010")
        conn.exec_driver_sql(
            "INSERT INTO village (kode_wilayah, desa, kecamatan, kabupaten, provinsi, "
            "kepala_desa, sekretaris_desa, operator, created_at, updated_at) VALUES "
            f"('33.13.05.2006', 'Girilayu', 'Matesih', 'Karanganyar', 'Jawa Tengah', "
            f"'Sutrisno', 'Wahyuni', '  Sri  Wahyuni ', {stamp}, {stamp})"
        )
    engine.dispose()
    db = open_database(path)
    assert db.has_accounts
    first = db.run(login, "sri wahyuni", "")
    assert first.actor is not None
    assert first.actor.roles == ("sekretaris", "admin")
    assert first.must_set_password
    db.run(accounts.set_password, "Sri Wahyuni", "milik-sri-123", user=first.actor)
    assert db.run(login, "sri wahyuni", "").actor is None  # now the password is needed
    assert db.run(login, "sri wahyuni", "milik-sri-123").actor is not None
    db.close()
    env = {k: v for k, v in os.environ.items() if k != "JKN_DESKTOP_PASSWORD"}
    done = subprocess.run(
        [sys.executable, "-m", "jkn_desktop", "--db", str(path), "stats", "--json"],
        check=False,
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert "--user" in done.stderr


def test_0017_fills_the_search_words_of_the_residents_already_held(tmp_path):
    """A kecamatan file whose packages came before 0017: after the upgrade its residents are
    found by name (their words filled), and the figures are counted from the rows."""
    from sqlalchemy import create_engine

    from jkn_desktop.services.kecamatan.identity import init_kecamatan, villages
    from jkn_desktop.services.kecamatan.people import find_people
    from jkn_desktop.services.kecamatan.summary import kecamatan_summary
    from tests.kec_fill import add_package

    path = tmp_path / "kecamatan.sqlite3"
    db = open_database(path)
    db.run(init_kecamatan, "33.13.05")
    kode = db.run(villages, write=False)[0].kode_wilayah
    people = [
        {"nik": "3313055908090245", "name": "SITI AMINAH", "no_kk": "1", "segment": "ppu"},
        {"nik": "3313051203800001", "name": "Budi Santoso", "no_kk": "1", "segment": None},
    ]
    with db.work("uji") as job:
        add_package(job.conn, kode, "2026-10", residents=people)
    before = db.run(kecamatan_summary, "2026-10", write=False).total
    db.close()
    engine = create_engine(f"sqlite:///{path}")
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0016")  # as a file made before 0017 was
        assert "kec_resident_word" not in {
            r[0] for r in conn.exec_driver_sql("SELECT name FROM sqlite_master")
        }
    engine.dispose()
    db = open_database(path)  # upgraded on opening
    found = db.run(find_people, "santoso bud", write=False).people
    assert [(p.name, p.nik) for p in found] == [("Budi Santoso", "3313051203800001")]
    assert db.run(kecamatan_summary, "2026-10", write=False).total == before
    db.close()


def test_0018_keys_the_words_by_package_and_keeps_them(new_db):
    """0018 on either engine: the words of a package already held stay, are keyed by package
    first, the words, households and residents lose their foreign keys, and the person search
    finds by them; going back to 0017 gives the old key and the foreign keys again."""
    from sqlalchemy import inspect

    from jkn_desktop.services.kecamatan.identity import init_kecamatan, villages
    from jkn_desktop.services.kecamatan.people import find_people
    from tests.kec_fill import add_package

    db = new_db("kec")
    db.run(init_kecamatan, "33.13.05")
    kode = db.run(villages, write=False)[0].kode_wilayah
    people = [{"nik": "3313055908090245", "name": "SITI AMINAH", "no_kk": "1", "segment": "ppu"}]
    with db.work("uji") as job:
        add_package(job.conn, kode, "2026-10", residents=people)

    def shape() -> tuple[list[str], int, int]:
        with db.engine.connect() as conn:
            look = inspect(conn)
            key = look.get_pk_constraint("kec_resident_word")["constrained_columns"]
            fks = sum(
                len(look.get_foreign_keys(t))
                for t in ("kec_resident_word", "kec_resident", "kec_household")
            )
            words = conn.exec_driver_sql("SELECT count(*) FROM kec_resident_word").scalar_one()
        return key, fks, int(words)

    assert shape() == (["package_id", "word", "resident_id"], 0, 2)
    cfg = alembic_config()
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, "0017")
    assert shape() == (["word", "package_id", "resident_id"], 4, 2)
    with db.engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "head")
    assert shape() == (["package_id", "word", "resident_id"], 0, 2)
    found = db.run(find_people, "aminah", write=False).people
    assert [p.nik for p in found] == ["3313055908090245"]
