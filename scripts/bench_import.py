"""Benchmark of the resident import at real sizes (a script, not a timed test).

    .venv/bin/python scripts/bench_import.py [--sizes 10000,100000] [--write docs/benchmarks.md]

For each size a demo village is built and exported to .xlsx (the layout the importer reads, all
19 columns, labels not codes). Then, each in a new process so peak memory is its own:

* baseline: python-calamine reads the sheet, and a bare ``sqlite3`` ``executemany`` inserts the
  rows (households first, then residents) into a freshly migrated database of our schema (same
  indexes and search triggers), one transaction, no checks;
* ours: ``jkn-desktop import-residents`` on the same file into the same kind of database: header
  detection, every check, the plan, bulk writes with the audit trail, ANALYZE;
* ours again on the now-filled database: the re-import that changes nothing.

The ratio is ours ÷ baseline; the target is ≤ 2× at 100k rows and ≤ 500 MB peak memory.
"""

from __future__ import annotations

import argparse
import json
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_RATIO = 2.0
TARGET_MB = 500


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_baseline(file: str, db: str) -> None:
    import datetime as dt
    import sqlite3

    from python_calamine import CalamineWorkbook

    t0 = time.perf_counter()
    rows = CalamineWorkbook.from_path(file).get_sheet_by_index(0).to_python()
    read_s = time.perf_counter() - t0
    t1 = time.perf_counter()
    con = sqlite3.connect(db)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    now = dt.datetime.now().isoformat(sep=" ")
    body = rows[1:]
    kks = {r[1]: r for r in body}
    con.execute("BEGIN")
    con.executemany(
        "INSERT INTO household (no_kk, address, rt, rw, dusun, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(kk, r[14], r[15], r[16], r[17], now, now) for kk, r in kks.items()],
    )
    ids = dict(con.execute("SELECT no_kk, id FROM household"))
    con.executemany(
        "INSERT INTO resident (nik, name, name_key, sex, birth_place, birth_date, status_dasar, "
        "mother_name, phone, notes, household_id, created_at, updated_at) "
        "VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?, ?)",
        [
            (r[0], r[2], r[2].lower(), r[3], r[4], r[5], r[12], r[13], r[18], ids[r[1]], now, now)
            for r in body
        ],
    )
    con.commit()
    con.close()
    print(
        json.dumps(
            {
                "read_s": read_s,
                "write_s": time.perf_counter() - t1,
                "total_s": time.perf_counter() - t0,
                "peak_mb": _peak_mb(),
            }
        )
    )


def child_ours(file: str, db: str) -> None:
    sys.path.insert(0, str(ROOT))
    t0 = time.perf_counter()
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.registry.regions import known_kecamatan_codes
    from jkn_desktop.services.registry.resident_import import import_residents

    database = open_database(Path(db))
    regions = database.run(known_kecamatan_codes, write=False)
    t1 = time.perf_counter()
    result = database.run(
        import_residents, Path(file), user="bench", region_known=lambda c: c in regions
    )
    database.close()
    print(
        json.dumps(
            {
                "total_s": time.perf_counter() - t1,
                "startup_s": t1 - t0,
                "peak_mb": _peak_mb(),
                "created": result.created,
                "unchanged": result.unchanged,
                "rejected": result.rejected,
            }
        )
    )


def _child(mode: str, file: Path, db: Path) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--file", str(file), "--db", str(db)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "ui.launcher", *args], check=True, capture_output=True)


def measure(size: int, workdir: Path) -> dict:
    src = workdir / f"src_{size}.sqlite3"
    _cli("--db", str(src), "demo", "--residents", str(size))
    file = workdir / f"penduduk_{size}.xlsx"
    _cli("--db", str(src), "export-residents", "-o", str(file))
    empty = workdir / "empty.sqlite3"
    if not empty.exists():
        _cli("--db", str(empty), "init", "--kode-wilayah", "33.13.05.2006", "--operator", "bench")
    base_db = workdir / f"base_{size}.sqlite3"
    ours_db = workdir / f"ours_{size}.sqlite3"
    shutil.copyfile(empty, base_db)
    shutil.copyfile(empty, ours_db)
    base = _child("baseline", file, base_db)
    ours = _child("ours", file, ours_db)
    again = _child("ours", file, ours_db)
    assert ours["created"] == size, ours
    assert again["unchanged"] == size, again
    return {"size": size, "base": base, "ours": ours, "again": again}


def _n(x: float) -> str:
    return f"{x:,.0f}".replace(",", ".")


def render(results: list[dict]) -> str:
    lines = [
        "| rows | baseline: read + bare insert | ours: import | ratio | rows/s | peak memory (baseline / ours) | re-import (nothing changes) | target |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        b, o, a = r["base"], r["ours"], r["again"]
        ratio = o["total_s"] / b["total_s"]
        ok = ratio <= TARGET_RATIO and o["peak_mb"] <= TARGET_MB
        target = (
            f"≤ {TARGET_RATIO:g}×, ≤ {TARGET_MB} MB {'✓' if ok else '✗'}"
            if r["size"] >= 100_000
            else ""
        )
        lines.append(
            f"| {_n(r['size'])} | {b['total_s']:.2f} s (read {b['read_s']:.2f} s + insert {b['write_s']:.2f} s) "
            f"| {o['total_s']:.2f} s | {ratio:.2f}× | {_n(r['size'] / o['total_s'])} "
            f"| {b['peak_mb']:.0f} MB / {o['peak_mb']:.0f} MB | {a['total_s']:.2f} s | {target} |"
        )
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--write", type=Path)
    parser.add_argument("--child")
    parser.add_argument("--file")
    parser.add_argument("--db")
    args = parser.parse_args()
    if args.child == "baseline":
        child_baseline(args.file, args.db)
        return 0
    if args.child == "ours":
        child_ours(args.file, args.db)
        return 0
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in [int(s) for s in args.sizes.split(",")]:
            results.append(measure(size, Path(tmp)))
            print(render(results[-1:]), flush=True)
    text = render(results)
    print(text)
    if args.write:
        from benchdoc import machine, write_section

        header = (
            "## Resident import\n\nProduced by\n\n"
            "```\n.venv/bin/python scripts/bench_import.py --write docs/benchmarks.md\n```\n\n"
            f"on {machine()}. The file is a demo village exported to .xlsx (19 columns, labels). "
            "Baseline: python-calamine reading the sheet plus a bare sqlite3 `executemany` into a fresh "
            "database of the same schema, no checks. Ours: the whole import (header detection, every "
            "check, the plan, bulk writes with the audit trail, ANALYZE) into a fresh database. "
            "Each side runs in its own process; memory is that process's peak RSS.\n\n"
        )
        write_section(args.write, "import", header + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
