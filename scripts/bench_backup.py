"""Benchmark of backup, restore and the encrypted copy at a real size, each beside its floor
measured in the same run (a script, not a timed test).

    .venv/bin/python scripts/bench_backup.py [--db /tmp/jkn-bench-reg/desa_100000.sqlite3]
        [--residents 100000] [--runs 3] [--write docs/benchmarks.md]

The demo database named by ``--db`` is copied into a temporary folder and never touched; when it
does not exist one is built there with ``jkn-desktop demo --residents N``. Then, alternating so that
a busy moment of the machine hits every side alike (medians of ``--runs``):

* backup (ours): ``take_backup`` — SQLite's backup API into a temporary file, flushed, renamed,
  its facts read, its sidecar written, retention applied; floor: the bare ``sqlite3`` backup API
  from the same file into a new file, nothing else;
* restore (ours): ``restore_backup`` of a backup in ``cadangan/`` — the staged copy, SQLite's full
  ``integrity_check`` of it, the safety backup of the current state, the swap, the reopen; floor:
  a bare copy of the same file (``shutil.copyfile``); SQLite's ``integrity_check`` alone is given
  too, as it is most of the work;
* encrypted copy (ours): ``export_backup`` to a folder outside the data folder — the staged copy,
  scrypt (N = 2^17, r = 8, p = 1), AES-256-GCM in 1 MiB chunks, flushed, renamed; floor: one bare
  ``AESGCM.encrypt`` over the same bytes in memory;
* restore of the encrypted copy (ours), beside the same copy floor.

Targets (issue #14): backup ≤ 5 s, restore ≤ 10 s at 100,000 residents.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

TARGET_BACKUP_S = 5.0
TARGET_RESTORE_S = 10.0
PASSWORD = "sandi-bench-2026"


def timed(fn: Callable[..., object], *args: object) -> float:
    start = time.perf_counter()
    fn(*args)
    return time.perf_counter() - start


def bare_backup(source: Path, target: Path) -> None:
    target.unlink(missing_ok=True)
    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        dst.close()
        src.close()


def bare_integrity(path: Path) -> None:
    con = sqlite3.connect(path)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        con.close()


def bare_aesgcm(path: Path) -> None:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    data = path.read_bytes()
    AESGCM(AESGCM.generate_key(bit_length=256)).encrypt(os.urandom(12), data, b"")


def prepare(args: argparse.Namespace, work: Path) -> Path:
    db = work / "desa.sqlite3"
    if args.db.exists():
        shutil.copyfile(args.db, db)  # the original is never modified
    else:
        subprocess.run(
            [sys.executable, "-m", "jkn_desktop", "--db", str(db), "demo", "--residents",
             str(args.residents)],
            check=True, cwd=ROOT,
        )  # fmt: skip
    return db


def measure(db_path: Path, runs: int) -> dict[str, list[float]]:
    from jkn_desktop.services.backup import making as M
    from jkn_desktop.services.backup import restoring as R
    from jkn_desktop.services.database import open_database

    work = db_path.parent
    flash = work / "flashdisk"
    flash.mkdir(exist_ok=True)
    db = open_database(db_path)
    figures: dict[str, list[float]] = {k: [] for k in (
        "backup", "backup_floor", "restore", "restore_floor", "integrity", "export",
        "export_floor", "restore_sealed",
    )}  # fmt: skip
    try:
        for _ in range(runs):
            info = M.take_backup(db)  # one to restore
            target = flash / "cadangan.jknbak"
            figures["backup_floor"].append(timed(bare_backup, db_path, work / "bare.db"))
            figures["backup"].append(timed(M.take_backup, db))
            copy = work / "bare-copy.db"
            figures["restore_floor"].append(timed(shutil.copyfile, info.path, copy))
            figures["integrity"].append(timed(bare_integrity, info.path))
            figures["restore"].append(timed(R.restore_backup, db, info.path))
            figures["export_floor"].append(timed(bare_aesgcm, db_path))
            figures["export"].append(timed(M.export_backup, db, target, PASSWORD))
            figures["restore_sealed"].append(timed(R.restore_backup, db, target, PASSWORD))
            for leftover in (work / "bare.db", work / "bare-copy.db"):
                leftover.unlink(missing_ok=True)
    finally:
        db.close()
    return figures


def report(figures: dict[str, list[float]], residents: int, size: int) -> str:
    med = {k: statistics.median(v) for k, v in figures.items()}

    def row(what: str, ours: str, floor: str, target: str) -> str:
        o, f = med[ours], med[floor]
        return f"| {what} | {o:.2f} s | {f:.2f} s | {o / f:.2f}× | {target} |"

    ok_b = "✓" if med["backup"] <= TARGET_BACKUP_S else "✗"
    ok_r = "✓" if med["restore"] <= TARGET_RESTORE_S else "✗"
    lines = [
        f"Database: {residents:,} residents".replace(",", ".")
        + f", {size / 2**20:.0f} MB. Medians of {len(figures['backup'])} runs, each job beside its"
        " floor in the same round.",
        "",
        "| job | ours | floor | ratio | target |",
        "|---|---|---|---|---|",
        row(
            "backup into cadangan/ (backup API, fsync, rename, counts, sidecar, retention) — "
            "floor: bare `sqlite3` backup API to a file",
            "backup", "backup_floor", f"≤ {TARGET_BACKUP_S:.0f} s {ok_b}",
        ),
        row(
            "restore from cadangan/ (staged copy, full `integrity_check`, safety backup, swap, "
            "reopen) — floor: bare file copy",
            "restore", "restore_floor", f"≤ {TARGET_RESTORE_S:.0f} s {ok_r}",
        ),
        row(
            "… of which SQLite's `integrity_check` of the copy alone",
            "integrity", "restore_floor", "",
        ),
        row(
            "encrypted copy to a flash-drive folder (staged copy, scrypt, AES-256-GCM in 1 MiB "
            "chunks, fsync, rename) — floor: one bare `AESGCM.encrypt` over the same bytes",
            "export", "export_floor", "",
        ),
        row(
            "restore of the encrypted copy (decrypt, check, safety backup, swap) — floor: bare "
            "file copy",
            "restore_sealed", "restore_floor", f"≤ {TARGET_RESTORE_S:.0f} s",
        ),
    ]  # fmt: skip
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=Path("/tmp/jkn-bench-reg/desa_100000.sqlite3"))
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()
    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-backup-") as tmp:
        db = prepare(args, Path(tmp))
        con = sqlite3.connect(db)
        residents = con.execute("SELECT count(*) FROM resident").fetchone()[0]
        con.close()
        size = db.stat().st_size
        table = report(measure(db, args.runs), residents, size)
    print(table)
    if args.write:
        from benchdoc import machine, write_section

        text = (
            "## Backup, restore, encrypted copy (issue #14)\n\n"
            "```\n.venv/bin/python scripts/bench_backup.py --write docs/benchmarks.md\n```\n\n"
            f"Machine: {machine()}; load average {load:.1f} when the run began (other work "
            "shared the cores: SQLite's `integrity_check` is CPU-bound, 4.5 s of it on a quiet "
            f"machine).\n\n{table}\n"
        )
        write_section(args.write, "backup", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
