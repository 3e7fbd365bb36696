"""A damaged database is noticed (issue #19, item 4): SQLite's check runs before imports and on
every command; a damaged file is read with a warning but never written; a zero-byte or foreign
file is never turned into a database; the files are the user's alone."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from jkn_desktop.errors import DatabaseError


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "jkn_desktop.cli", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )


def _damage(path: Path) -> None:
    """Overwrite the root page of the resident table's b-tree with garbage (found through
    sqlite_master, so the damage lands there whatever else the demo village holds)."""
    import sqlite3

    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        page = con.execute("PRAGMA page_size").fetchone()[0]
        root = con.execute(
            "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'resident'"
        ).fetchone()[0]
    finally:
        con.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page)
        fh.write(b"\xff" * page)


@pytest.fixture
def demo_file(db_path: Path) -> Path:
    assert _cli("--db", str(db_path), "demo", "--residents", "400").returncode == 0
    return db_path


def test_a_damaged_page_is_noticed_reads_warn_and_writes_are_refused(
    demo_file: Path, tmp_path: Path
):
    from jkn_desktop.services.database import open_database

    _damage(demo_file)
    stats = _cli("--db", str(demo_file), "stats")
    assert "rusak" in stats.stderr
    assert "Traceback" not in stats.stderr
    sample = tmp_path / "contoh.csv"
    sample.write_text(
        "NIK;NO KK;NAMA;JENIS KELAMIN;TANGGAL LAHIR\n"
        "3313054506850002;3313052208050013;SITI AMINAH;P;05-06-1985\n",
        encoding="utf-8",
    )
    imported = _cli("--db", str(demo_file), "import-residents", str(sample))
    assert imported.returncode == 2
    # the warning at the start, then the refusal: never built on a damaged file
    assert imported.stderr.count("rusak") == 2
    assert "Traceback" not in imported.stderr
    db = open_database(demo_file)
    try:
        assert db.check()
        with pytest.raises(DatabaseError) as err, db.work("Operator Uji"):
            pass
        assert err.value.code == "DB_DAMAGED"
        assert "cadangan" in err.value.message
    finally:
        db.close()


def test_a_zero_byte_file_is_not_turned_into_a_database(tmp_path: Path):
    empty = tmp_path / "kosong.sqlite3"
    empty.write_bytes(b"")
    result = _cli("--db", str(empty), "stats")
    assert result.returncode == 2
    assert "kosong" in result.stderr
    assert empty.stat().st_size == 0


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_the_database_and_its_backups_are_readable_by_the_user_only(tmp_path: Path):
    from jkn_desktop.persistence.migrate import backup_database
    from jkn_desktop.services.database import open_database

    path = tmp_path / "desa.sqlite3"
    db = open_database(path)
    db.close()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    backup = backup_database(path, "uji")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
