"""Private by default (issue #14, item 7): what the program writes is the user's alone on POSIX
(files 0600, its folders 0700), and the log file holds no NIK and no name, even after a bad row
and a crash."""

from __future__ import annotations

import logging
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from jkn_desktop.cli import EXIT_BUG, main
from jkn_desktop.logsetup import PersonalDataFilter, log_file, mask_digits
from tests.sheets import sheet

posix = pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")

GOOD_NIK, BAD_NIK, KK = "3313051203800001", "3313053102800001", "3313050306224132"
GOOD_NAME, BAD_NAME = "BUDI SANTOSO", "SRI WAHYUNINGSIH"
PHONE = "081234567890"


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def fresh_log() -> Iterator[Path]:
    """The logging set up anew for this test's log folder (the command line sets it up once per
    process), and put back afterwards."""
    root = logging.getLogger()
    before = list(root.handlers)
    level = root.level
    root.__dict__.pop("_jkn_configured", None)
    yield log_file()
    for handler in root.handlers:
        if handler not in before:
            handler.close()
    root.handlers[:] = before
    root.setLevel(level)
    root._jkn_configured = True  # type: ignore[attr-defined]


def _run(capsys, *args: str) -> int:
    code = main(list(args))
    capsys.readouterr()
    return code


def _village(db_path: Path, tmp_path: Path, capsys) -> Path:
    args = ["init", "--kode-wilayah", "33.13.05.2006", "--kepala-desa", "Sutrisno"]
    assert _run(capsys, "--db", str(db_path), *args) == 0
    src = sheet(
        tmp_path / "warga.xlsx",
        [
            ["NIK", "NO KK", "NAMA", "JK", "TGL LAHIR", "SHDK", "NO HP"],
            [GOOD_NIK, KK, GOOD_NAME, "L", "12-03-1980", "Kepala Keluarga", PHONE],
            [BAD_NIK, KK, BAD_NAME, "P", "", "Istri", PHONE],  # 31 February: refused
        ],
    )
    report = tmp_path / "perbaiki.xlsx"
    args = ["--db", str(db_path), "import-residents", str(src), "--report", str(report)]
    assert _run(capsys, *args) == 0
    return report


@posix
def test_what_the_program_writes_is_the_users_alone(tmp_path, capsys, fresh_log):
    data = tmp_path / "data"
    db_path = data / "desa.sqlite3"
    report = _village(db_path, tmp_path, capsys)
    # the log folder was made for the log (0700), the log and the fault file are the user's
    assert _mode(fresh_log.parent) == 0o700
    assert _mode(fresh_log) == 0o600
    assert _mode(fresh_log.parent / "crash_fault.log") == 0o600
    # a new database from its first byte, with its write-ahead log while it is open
    assert _mode(db_path) == 0o600
    from jkn_desktop.persistence.migrate import backup_database
    from jkn_desktop.services.database import open_database

    db = open_database(db_path)
    try:
        with db.engine.begin() as conn:
            conn.exec_driver_sql("UPDATE village SET kepala_desa = 'Sutrisno'")
            for suffix in ("-wal", "-shm"):
                assert _mode(Path(f"{db_path}{suffix}")) == 0o600, suffix
        backup = backup_database(db_path, "uji")
    finally:
        db.close()
    assert _mode(backup) == 0o600
    assert _mode(backup.parent) == 0o700  # cadangan/
    assert not list(data.glob("*.baru*"))  # the new file was built aside, nothing left
    # exports the user saves elsewhere: the user's alone too (README, "Privacy")
    out = tmp_path / "keluar"
    out.mkdir()
    jobs = {
        "penduduk.xlsx": ["export-residents"],
        "semua.pdf": ["roster", "--kind", "semua", "--period", "2026-11"],
        "paket.xlsx": ["export-package", "--period", "2026-11"],
    }
    for name, args in jobs.items():
        assert _run(capsys, "--db", str(db_path), *args, "-o", str(out / name)) == 0, name
        assert _mode(out / name) == 0o600, name
    assert _mode(report) == 0o600
    from jkn_desktop.exporters.csv_file import write_csv

    write_csv(out / "daftar.csv", ["NIK", "NAMA"], [[GOOD_NIK, GOOD_NAME]])
    assert _mode(out / "daftar.csv") == 0o600
    assert _mode(out) == 0o755 & ~_umask()  # a folder the user chose is left as it is
    # the log's next file after a rollover is private from its first line too
    handler = next(
        h for h in logging.getLogger().handlers if getattr(h, "baseFilename", "") == str(fresh_log)
    )
    handler.doRollover()  # type: ignore[attr-defined]
    logging.getLogger("jkn.uji").info("after the rollover")
    assert _mode(fresh_log) == 0o600
    assert _mode(Path(f"{fresh_log}.1")) == 0o600


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@posix
def test_an_existing_database_loses_the_groups_and_others_access(db_path: Path):
    """A file left by an older version (0644), with its write-ahead log: private once opened; a
    read-only file stays read-only."""
    from jkn_desktop.services.database import open_database

    wal = Path(f"{db_path}-wal")
    con = sqlite3.connect(db_path)
    con.execute("PRAGMA journal_mode = WAL")
    con.execute("CREATE TABLE uji (x)")
    con.execute("INSERT INTO uji VALUES (1)")
    con.commit()  # the -wal stays while the connection is open
    os.chmod(db_path, 0o644)
    os.chmod(wal, 0o644)
    try:
        open_database(db_path).close()
        assert _mode(db_path) == 0o600
        assert not wal.exists() or _mode(wal) == 0o600
    finally:
        con.close()
    from jkn_desktop.paths import make_private

    os.chmod(db_path, 0o444)
    make_private(db_path)
    assert _mode(db_path) == 0o400
    os.chmod(db_path, 0o644)


def test_the_log_holds_no_nik_and_no_name(db_path, tmp_path, capsys, fresh_log):
    """An import with a refused row, then a crash inside a statement that carried a NIK and a
    name (SQLite refuses a trigger we planted): the log says what happened without either."""
    _village(db_path, tmp_path, capsys)
    con = sqlite3.connect(db_path)
    con.execute(
        "CREATE TRIGGER uji_rusak BEFORE INSERT ON sktm BEGIN SELECT fungsi_tidak_ada(); END"
    )
    con.commit()
    con.close()
    args = ["--db", str(db_path), "sktm", "add", "--nik", GOOD_NIK, "--purpose", "sekolah"]
    code = main([*args, "--notes", f"{GOOD_NAME} {PHONE} {BAD_NIK}"])
    _out, err = capsys.readouterr()
    assert code == EXIT_BUG
    assert str(fresh_log) in err
    # the crash dialog's path: the report a user copies is masked like the log
    try:
        raise RuntimeError(f"uji {GOOD_NIK} {PHONE}")
    except RuntimeError:
        logging.getLogger("jkn.ui").exception("unexpected error")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = fresh_log.read_text(encoding="utf-8")
    assert "fungsi_tidak_ada" in text  # the crash is there, with its traceback
    assert "Traceback" in text
    for secret in (GOOD_NIK, BAD_NIK, KK, PHONE, GOOD_NAME, BAD_NAME, "SANTOSO"):
        assert secret not in text, secret
    assert "*" * 16 in text


def test_long_digit_runs_are_masked_in_message_arguments_and_tracebacks():
    assert mask_digits("NIK 3313051203800001, HP 081234567890, 2026-11-22, 150000") == (
        "NIK ****************, HP ************, 2026-11-22, 150000"
    )
    try:
        raise KeyError(GOOD_NIK)
    except KeyError:
        record = logging.LogRecord(
            "jkn.uji", logging.ERROR, __file__, 1, "NIK %s", (BAD_NIK,), exc_info=True
        )
        import sys

        record.exc_info = sys.exc_info()
    assert PersonalDataFilter().filter(record)
    formatted = logging.Formatter("%(message)s").format(record)
    assert BAD_NIK not in formatted
    assert GOOD_NIK not in formatted
    assert formatted.startswith("NIK ****************")
