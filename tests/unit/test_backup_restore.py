"""Backups that always restore: a copy in cadangan/ and an encrypted copy for a flash drive come
back with the same counts; every kind of bad file is refused with its own Indonesian message and
the current database untouched; a dry run changes nothing; the files are the user's alone."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
import sqlite3
import stat
import struct
from collections.abc import Iterator
from pathlib import Path

import pytest

from jkn_desktop.cli import main
from jkn_desktop.domain import backups as B
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.backups import sealed
from jkn_desktop.services.backup import making as M
from jkn_desktop.services.backup import restoring as R
from jkn_desktop.services.database import Database, open_database

PASSWORD = "sandi-desa-2026"
NOW = dt.datetime(2026, 11, 22, 14, 3).astimezone()  # 14.03 on the office clock


def state(path: Path) -> tuple[str, int, int, str]:
    """The database as the user would compare it: the file's bytes (log folded in), the counts,
    SQLite's own check."""
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        residents = con.execute("SELECT count(*) FROM resident").fetchone()[0]
        households = con.execute("SELECT count(*) FROM household").fetchone()[0]
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()
    return hashlib.sha256(path.read_bytes()).hexdigest(), residents, households, ok


def leftovers(folder: Path) -> list[str]:
    """Temporary files a refused restore might have left beside the database."""
    return sorted(p.name for p in folder.iterdir() if ".sementara-" in p.name)


def add_residents(path: Path, n: int = 5) -> Path:
    """A resident file of ``n`` new people (one household), as the operator would import."""
    from jkn_desktop.domain.nik import make_nik, make_no_kk

    kk = make_no_kk("331305", dt.date(2026, 11, 1), 9901)
    lines = ["NIK;NO KK;NAMA;JK;TGL LAHIR;SHDK"]
    for i in range(n):
        born = dt.date(1990, 1, 1) + dt.timedelta(days=i)
        role = "KEPALA KELUARGA" if i == 0 else "ANAK"
        lines.append(
            f"{make_nik('331305', born, 'L', 9900 + i)};{kk};WARGA BARU {i};L;{born:%d-%m-%Y};{role}"
        )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def drop_some(db, n: int = 5) -> None:
    """Change the database after a backup (``n`` people imported), so that a restore shows."""
    from jkn_desktop.services.registry.resident_import import import_residents

    result = db.run(import_residents, add_residents(db.path.parent / "warga-baru.csv", n))
    assert result.created == n


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One demo village (600 residents) for the module, copied for each test."""
    from jkn_desktop.demo.village import generate
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    path = tmp_path_factory.mktemp("backup-template") / "desa.sqlite3"
    db = open_database(path)
    db.run(save_village, db.run(resolve_identity, "33.13.05.2006", operator="Operator Uji"))
    generate(db, 600, seed=3)
    with db.engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def demo_db(demo_template: Path, tmp_path: Path) -> Iterator[Database]:
    path = tmp_path / "desa.sqlite3"
    shutil.copyfile(demo_template, path)
    db = open_database(path)
    yield db
    db.close()


@pytest.fixture
def flash(tmp_path: Path) -> Path:
    folder = tmp_path / "flashdisk"
    folder.mkdir()
    return folder


@pytest.fixture
def sealed_file(demo_db, flash: Path) -> Path:
    return M.export_backup(demo_db, flash / "cadangan.jknbak", PASSWORD, now=NOW).path


# --- round trips ---------------------------------------------------------------------------


def test_a_flash_drive_copy_is_encrypted_and_restores_the_same_counts(demo_db, sealed_file):
    before = state(demo_db.path)
    raw = sealed_file.read_bytes()
    assert raw.startswith(b"JKN-CADANGAN\x01")  # magic, format version 1
    assert b"SQLite format 3" not in raw  # no page of the database in clear
    assert b"Girilayu" not in raw  # nor the village, nor any name
    drop_some(demo_db)
    assert state(demo_db.path)[1] == before[1] + 5

    result = R.restore_backup(demo_db, sealed_file, PASSWORD, now=NOW)
    after = state(demo_db.path)
    assert after[1:] == before[1:]  # residents, households, integrity "ok"
    assert result.check.backup.residents == before[1]
    assert result.check.encrypted
    assert result.check.made == NOW
    # the state just before the restore was kept, and is itself restorable
    assert result.safety.kind == B.BEFORE_RESTORE
    assert result.safety.facts.residents == before[1] + 5
    # the database works after the swap (the engine was reopened)
    assert demo_db.run(lambda w: w.conn.exec_driver_sql("SELECT count(*) FROM resident").scalar())


def test_a_backup_in_cadangan_restores_the_same_counts(demo_db):
    before = state(demo_db.path)
    info = M.take_backup(demo_db, now=NOW)
    assert info.facts.residents == before[1]
    assert info.facts.village == "Girilayu"
    drop_some(demo_db)
    R.restore_backup(demo_db, info.path)
    assert state(demo_db.path)[1:] == before[1:]
    assert leftovers(demo_db.path.parent) == []


def test_backups_and_their_folder_are_the_users_alone(demo_db, sealed_file):
    if os.name != "posix":
        pytest.skip("file modes are POSIX")
    info = M.take_backup(demo_db, now=NOW)
    for p in (info.path, info.path.with_suffix(".json"), sealed_file):
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p
    assert stat.S_IMODE(info.path.parent.stat().st_mode) == 0o700


def test_the_sealed_header_records_its_parameters(sealed_file):
    head = sealed_file.read_bytes()[: sealed.HEADER.size]
    magic, version, kdf, log_n, r, p, log_chunk, _, about, salt, prefix = sealed.HEADER.unpack(head)
    assert (magic, version, kdf) == (b"JKN-CADANGAN", 1, 1)
    assert (log_n, r, p, log_chunk) == (17, 8, 1, 20)  # scrypt N=2^17, r=8, p=1; 1 MiB chunks
    assert 0 < about < 4096
    assert len(salt) == 16
    assert len(prefix) == 8


def test_dry_run_changes_nothing(demo_db, sealed_file, capsys, monkeypatch):
    drop_some(demo_db)
    demo_db.close()
    main(["--db", str(demo_db.path), "backup", "--list"])  # today's daily backup made first
    before = state(demo_db.path)
    backups = sorted(p.name for p in (demo_db.path.parent / "cadangan").iterdir())
    capsys.readouterr()
    monkeypatch.setenv("JKN_DESKTOP_BACKUP_PASSWORD", PASSWORD)
    assert main(["--db", str(demo_db.path), "restore", str(sealed_file), "--dry-run"]) == 0
    text = capsys.readouterr().out
    assert "Desa Girilayu (33.13.05.2006)" in text
    assert "22 November 2026 pukul 14.03" in text  # when the backup was made
    assert "Uji coba" in text
    assert state(demo_db.path) == before
    assert sorted(p.name for p in (demo_db.path.parent / "cadangan").iterdir()) == backups
    assert leftovers(demo_db.path.parent) == []


def test_restore_on_the_command_line_asks_first(demo_db, sealed_file, capsys, monkeypatch):
    drop_some(demo_db)
    demo_db.close()
    before = state(demo_db.path)
    monkeypatch.setenv("JKN_DESKTOP_BACKUP_PASSWORD", PASSWORD)
    args = ["--db", str(demo_db.path), "restore", str(sealed_file)]
    assert main(args) == 2  # no terminal to answer, no --yes
    assert "--yes" in capsys.readouterr().err
    assert state(demo_db.path) == before
    assert main([*args, "--yes"]) == 0
    assert state(demo_db.path)[1] == before[1] - 5
    assert "Keadaan sebelumnya dicadangkan" in capsys.readouterr().out


def test_the_login_password_is_not_the_backup_password(demo_db, flash, capsys, monkeypatch):
    demo_db.close()
    monkeypatch.setenv("JKN_DESKTOP_PASSWORD", PASSWORD)  # the login's: not taken for a backup
    monkeypatch.delenv("JKN_DESKTOP_BACKUP_PASSWORD", raising=False)
    assert main(["--db", str(demo_db.path), "backup", "-o", str(flash / "x.jknbak")]) == 2
    assert "JKN_DESKTOP_BACKUP_PASSWORD" in capsys.readouterr().err
    assert not (flash / "x.jknbak").exists()


def test_a_copy_inside_the_data_folder_needs_no_password(demo_db):
    result = M.export_backup(demo_db, demo_db.path.parent / "salinan.sqlite3", now=NOW)
    assert not result.encrypted
    assert result.path.read_bytes().startswith(b"SQLite format 3\x00")


def test_a_short_password_is_refused(demo_db, flash):
    with pytest.raises(UserError) as err:
        M.export_backup(demo_db, flash / "x.jknbak", "1234567", now=NOW)
    assert err.value.code == "BACKUP_PASSWORD_SHORT"
    assert not list(flash.iterdir())


# --- every bad file --------------------------------------------------------------------------


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _cut(sealed_file: Path, keep: int) -> Path:
    data = sealed_file.read_bytes()
    return _write(sealed_file.with_name("terpotong.jknbak"), data[:keep])


def _flip(sealed_file: Path, offset: int) -> Path:
    data = bytearray(sealed_file.read_bytes())
    data[offset] ^= 0x01
    return _write(sealed_file.with_name("berubah.jknbak"), bytes(data))


def _other_schema(demo_db, flash: Path, version: str) -> Path:
    copy = M.export_backup(demo_db, demo_db.path.parent / "lain.sqlite3", now=NOW).path
    con = sqlite3.connect(copy)
    con.execute("UPDATE alembic_version SET version_num = ?", (version,))
    con.commit()
    con.close()
    return copy.rename(flash / "versi-baru.sqlite3")


def _other_village(demo_db, flash: Path) -> Path:
    copy = M.export_backup(demo_db, demo_db.path.parent / "lain.sqlite3", now=NOW).path
    con = sqlite3.connect(copy)
    con.execute("UPDATE village SET kode_wilayah = '33.13.05.2001', desa = 'Berjo'")
    con.commit()
    con.close()
    return copy.rename(flash / "desa-lain.sqlite3")


def _foreign_sqlite(flash: Path) -> Path:
    con = sqlite3.connect(flash / "kas.sqlite3")
    con.execute("CREATE TABLE kas (tanggal TEXT, jumlah INTEGER)")
    con.commit()
    con.close()
    return flash / "kas.sqlite3"


def _damaged_plain(demo_db, flash: Path) -> Path:
    copy = M.export_backup(demo_db, demo_db.path.parent / "lain.sqlite3", now=NOW).path
    data = bytearray(copy.read_bytes())
    for page in range(20, 40):  # scribble over pages in the middle of the file
        data[page * 4096 + 100 : page * 4096 + 400] = os.urandom(300)
    copy.unlink()
    return _write(flash / "rusak.sqlite3", bytes(data))


def _newer_format(sealed_file: Path) -> Path:
    data = bytearray(sealed_file.read_bytes())
    data[12] = 2  # format version 2
    return _write(sealed_file.with_name("format-baru.jknbak"), bytes(data))


BAD = {
    "missing": (lambda db, f, s: f / "tidak-ada.jknbak", None, "BACKUP_NOT_FOUND"),
    "folder": (lambda db, f, s: f, None, "BACKUP_IS_DIR"),
    "empty": (lambda db, f, s: _write(f / "kosong.jknbak", b""), None, "BACKUP_NOT_OURS"),
    "text": (
        lambda db, f, s: _write(f / "catatan.txt", b"daftar warga\n"),
        None,
        "BACKUP_NOT_OURS",
    ),
    "workbook": (
        lambda db, f, s: _write(f / "warga.xlsx", b"PK\x03\x04" + os.urandom(2000)),
        None,
        "BACKUP_NOT_OURS",
    ),
    "another program's database": (
        lambda db, f, s: _foreign_sqlite(f),
        None,
        "BACKUP_NOT_OURS",
    ),
    "no password": (lambda db, f, s: s, None, "BACKUP_PASSWORD_MISSING"),
    "wrong password": (lambda db, f, s: s, "sandi-yang-lain", "BACKUP_PASSWORD_WRONG"),
    "header changed": (lambda db, f, s: _flip(s, 30), PASSWORD, "BACKUP_PASSWORD_WRONG"),
    "data changed": (lambda db, f, s: _flip(s, 2_000_000), PASSWORD, "BACKUP_DAMAGED"),
    "cut mid-chunk": (lambda db, f, s: _cut(s, 1_500_000), PASSWORD, "BACKUP_DAMAGED"),
    "cut at a chunk boundary": (
        # header, description chunk, then whole 1 MiB chunks: cut right after the second
        lambda db, f, s: _cut(
            s, sealed.HEADER.size + _about(s) + sealed.TAG + 2 * ((1 << 20) + sealed.TAG)
        ),
        PASSWORD,
        "BACKUP_DAMAGED",
    ),
    "cut in the header": (lambda db, f, s: _cut(s, 30), PASSWORD, "BACKUP_DAMAGED"),
    "newer file format": (lambda db, f, s: _newer_format(s), PASSWORD, "BACKUP_TOO_NEW"),
    "newer schema": (lambda db, f, s: _other_schema(db, f, "9999"), None, "BACKUP_TOO_NEW"),
    "another village": (lambda db, f, s: _other_village(db, f), None, "BACKUP_OTHER_VILLAGE"),
    "damaged pages": (lambda db, f, s: _damaged_plain(db, f), None, "BACKUP_DAMAGED"),
    "truncated plain copy": (
        lambda db, f, s: _write(
            f / "setengah.sqlite3",
            M.export_backup(db, db.path.parent / "p.sqlite3", now=NOW).path.read_bytes()[
                : 3 * 1024 * 1024
            ],
        ),
        None,
        "BACKUP_DAMAGED",
    ),
}


def _about(sealed_file: Path) -> int:
    head = sealed_file.read_bytes()[: sealed.HEADER.size]
    return int(struct.unpack(">I", head[20:24])[0])


@pytest.mark.parametrize("kind", list(BAD))
def test_every_bad_backup_is_refused_and_changes_nothing(demo_db, flash, sealed_file, kind):
    make, password, code = BAD[kind]
    source = make(demo_db, flash, sealed_file)
    for p in demo_db.path.parent.glob("*.sqlite3"):
        if p != demo_db.path:
            p.unlink()  # the helper copies made on the way
    before = state(demo_db.path)
    backups = sorted((demo_db.path.parent / "cadangan").glob("*")) if kind else []
    for attempt in (R.inspect_backup, R.restore_backup):
        with pytest.raises(UserError) as err:
            attempt(demo_db, source, password)
        assert err.value.code == code, err.value.message
        assert "Traceback" not in err.value.message
        assert state(demo_db.path) == before
        assert leftovers(demo_db.path.parent) == []
        assert sorted((demo_db.path.parent / "cadangan").glob("*")) == backups  # no safety copy


def test_each_refusal_names_the_problem_in_indonesian(demo_db, flash):
    source = _other_village(demo_db, flash)
    with pytest.raises(UserError) as err:
        R.inspect_backup(demo_db, source)
    text = err.value.message
    assert "Desa Berjo (33.13.05.2001)" in text
    assert "Desa Girilayu (33.13.05.2006)" in text
    assert "tidak diubah" in text


def test_another_villages_backup_may_fill_a_new_database(demo_db, flash, tmp_path):
    source = _other_village(demo_db, flash)
    fresh = open_database(tmp_path / "baru" / "desa.sqlite3")
    try:
        check = R.inspect_backup(fresh, source)
        assert check.current.empty
        assert check.backup.kode_wilayah == "33.13.05.2001"
        R.restore_backup(fresh, source)
        assert state(fresh.path)[1] == state(demo_db.path)[1]
    finally:
        fresh.close()


def test_an_older_versions_backup_is_restored_and_brought_up_to_date(tmp_path):
    """A backup made by the previous version (schema 0009) is accepted, swapped in, migrated."""
    from alembic import command

    from jkn_desktop.persistence.engine import make_engine
    from jkn_desktop.persistence.migrate import SCHEMA_HEAD, alembic_config, current_revision

    old = tmp_path / "lama" / "desa-0009.sqlite3"
    old.parent.mkdir()
    engine = make_engine(old)
    cfg = alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0009")
        conn.exec_driver_sql(
            "INSERT INTO village (id, kode_wilayah, desa, kecamatan, kabupaten, provinsi, "
            "kepala_desa, sekretaris_desa, operator, created_at, updated_at) VALUES (1, "
            "'33.13.05.2006', 'Girilayu', 'Matesih', 'Karanganyar', 'Jawa Tengah', 'Sutrisno', "
            "'', '', '2026-01-05 08:00:00+07:00', '2026-01-05 08:00:00+07:00')"
        )
    engine.dispose()
    fresh = open_database(tmp_path / "baru" / "desa.sqlite3")
    try:
        check = R.inspect_backup(fresh, old)
        assert check.backup.schema == "0009"
        R.restore_backup(fresh, old)
        assert current_revision(fresh.engine) == SCHEMA_HEAD
        kepala = fresh.run(
            lambda w: w.conn.exec_driver_sql("SELECT kepala_desa FROM village").scalar()
        )
        assert kepala == "Sutrisno"
    finally:
        fresh.close()


def test_the_cli_refusals_exit_2_with_one_line(demo_db, flash, sealed_file, capsys, monkeypatch):
    demo_db.close()
    monkeypatch.setenv("JKN_DESKTOP_BACKUP_PASSWORD", "sandi-yang-lain")
    code = main(["--db", str(demo_db.path), "restore", str(sealed_file), "--dry-run"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1
    assert "Kata sandi" in err
    assert "Traceback" not in err
    code = main(["--db", str(demo_db.path), "restore", str(flash / "tidak-ada.sqlite3")])
    assert code == 2
    assert "tidak ditemukan" in capsys.readouterr().err
