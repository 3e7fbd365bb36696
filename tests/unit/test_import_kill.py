"""A power cut or a killed process in the middle of an import leaves the database exactly as it was:
the import is one transaction, so SQLite rolls the half-written rows back on the next open."""

from __future__ import annotations

import csv
import datetime as dt
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from jkn_desktop.domain.nik import make_nik, make_no_kk

ROWS = int(os.environ.get("JKN_KILL_TEST_ROWS", "40000"))


def write_csv(path: Path, n: int) -> None:
    start = dt.date(1950, 1, 1)
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh, delimiter=";")
        out.writerow(["NIK", "NO KK", "NAMA", "JK", "TGL LAHIR", "SHDK", "RT", "RW", "DUSUN"])
        for i in range(n):
            born = start + dt.timedelta(days=i % 25000)
            sex = "L" if i % 2 else "P"
            kk = make_no_kk(
                "331305", dt.date(2015, 1, 1) + dt.timedelta(days=i // 4000), i // 4 % 4000 + 1
            )
            out.writerow(
                [
                    make_nik("331305", born, sex, i // 25000 + 1),
                    kk,
                    f"WARGA {i}",
                    sex,
                    born.strftime("%d-%m-%Y"),
                    "KEPALA KELUARGA" if i % 4 == 0 else "ANAK",
                    "001",
                    "002",
                    "Tlogo",
                ]
            )


def counts(db: Path) -> tuple[int, int, int, str, int]:
    """Residents, households, audit rows, SQLite's integrity check, and the name index's
    triggers (an import drops them while it writes; they must come back with a rollback too)."""
    con = sqlite3.connect(db)
    try:
        r = con.execute("SELECT count(*) FROM resident").fetchone()[0]
        h = con.execute("SELECT count(*) FROM household").fetchone()[0]
        a = con.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        t = con.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'resident_fts%'"
        ).fetchone()[0]
        # the index agrees with the names (raises when it does not)
        con.execute("INSERT INTO resident_fts(resident_fts, rank) VALUES ('integrity-check', 1)")
    finally:
        con.close()
    return r, h, a, ok, t


def cli(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "jkn_desktop", "--db", str(db), *args]


def test_killing_the_process_mid_import_changes_nothing(tmp_path):
    db = tmp_path / "desa.sqlite3"
    subprocess.run(
        cli(db, "init", "--kode-wilayah", "33.13.05.2006"), check=True, capture_output=True
    )
    small = tmp_path / "awal.csv"
    write_csv(small, 8)
    subprocess.run(cli(db, "import-residents", str(small)), check=True, capture_output=True)
    before = counts(db)
    assert before[0] == 8

    big = tmp_path / "besar.csv"
    write_csv(big, ROWS)
    wal = Path(f"{db}-wal")
    proc = subprocess.Popen(
        cli(db, "import-residents", str(big)), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    # wait until the transaction is writing (the write-ahead log grows), then kill without warning
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        if wal.exists() and wal.stat().st_size > 2_000_000:
            break
        time.sleep(0.01)
    assert proc.poll() is None, "the import finished before it could be interrupted"
    proc.kill()  # SIGKILL: no handler, no cleanup, like pulling the plug
    proc.wait()

    assert counts(db) == before  # residents, households, audit rows, integrity "ok", triggers
    # and the same file imports completely afterwards
    subprocess.run(cli(db, "import-residents", str(big)), check=True, capture_output=True)
    assert counts(db)[0] == ROWS  # the first 8 rows were there already and stay unchanged
    assert counts(db)[4] == 3
    con = sqlite3.connect(db)
    try:
        hits = con.execute(
            "SELECT count(*) FROM resident_fts WHERE resident_fts MATCH '\"WARGA 3999\"'"
        ).fetchone()[0]
    finally:
        con.close()
    assert hits == sum("WARGA 3999" in f"WARGA {i}" for i in range(ROWS))  # found by the index
