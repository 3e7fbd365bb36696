"""Benchmark of receiving a kecamatan's monthly packages against its floor (a script, not a timed
test).

    .venv/bin/python scripts/bench_kecamatan_receive.py [--villages 30] [--residents 5000] [--runs 3]
        [--cache /tmp/jkn-bench-kec] [--write docs/benchmarks.md]

The packages are built once (the villages of Kecamatan Winong, 33.18.04, each a demo village of
``--residents`` with its own seed; kept in ``--cache``). Then, alternately (A B A B …), each in a
new process so its peak memory is its own:

* ours: ``receive_files`` on the folder into a new kecamatan database — every package opened,
  every sheet read, every hash (and signature) checked, the village and key checks, the rows
  converted and inserted with their indexes, one transaction per package, the audit entries;
* the floor: python-calamine reading every sheet of the same files, plus one bare sqlite3 bulk
  insert of the same rows (a table per sheet, no index, one transaction).

Targets (issue #15): all packages ≤ 30 s on this machine and ≤ 3× the floor; memory ≤ 600 MB.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
KECAMATAN = "33.18.04"
PERIOD = "2026-11"
TARGET_RATIO, TARGET_S, TARGET_MB = 3.0, 30.0, 600.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def build(cache: Path, villages: int, residents: int) -> tuple[Path, Path]:
    """The packages folder and an empty kecamatan database (made once, reused)."""
    from jkn_desktop.demo.village import generate
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.kecamatan.identity import init_kecamatan
    from jkn_desktop.services.kecamatan.identity import villages as listed
    from jkn_desktop.services.registry.village import get_village, resolve_identity, save_village
    from jkn_desktop.services.usulan.package import export_package

    packages = cache / f"paket_{villages}x{residents}"
    template = cache / "kecamatan_kosong.sqlite3"
    if not template.exists():
        cache.mkdir(parents=True, exist_ok=True)
        db = open_database(template)
        db.run(init_kecamatan, KECAMATAN, user="bench")
        db.close()
    from jkn_desktop.services.usulan.package import FORMAT_VERSION

    done = packages / f"selesai_format_{FORMAT_VERSION}"
    if done.exists():
        return packages, template
    shutil.rmtree(packages, ignore_errors=True)
    packages.mkdir(parents=True)
    kec = open_database(template)
    codes = [v.kode_wilayah for v in kec.run(listed, write=False)][:villages]
    kec.close()
    for i, kode in enumerate(codes):
        path = cache / "desa" / f"{kode}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        db = open_database(path)
        if db.run(get_village, write=False) is None:  # built once, exported per format
            db.run(save_village, db.run(resolve_identity, kode, operator="Operator", write=False))
            generate(db, residents, seed=1000 + i)
        with db.work("Operator", write=True) as work:
            export_package(work, PERIOD, packages / f"paket_{kode}_{PERIOD}.xlsx")
        db.close()
        print(f"  desa {i + 1}/{len(codes)} {kode}", file=sys.stderr)
    done.write_text("ok")
    return packages, template


def child_ours(packages: str, template: str) -> None:
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.kecamatan.batch import receive_files

    with tempfile.TemporaryDirectory() as tmp:
        target = Path(tmp) / "kecamatan.sqlite3"
        shutil.copyfile(template, target)
        db = open_database(target)
        t0, c0 = time.perf_counter(), _cpu()
        report = receive_files(db, [Path(packages)], user="bench", register_new_keys=True)
        s, cpu = time.perf_counter() - t0, _cpu() - c0
        assert not report.refused, report.refused
        rows = sum(r.rows for r in report.received)
        db.close()
    print(json.dumps({"s": s, "cpu": cpu, "mb": _peak_mb(), "rows": rows}))


def child_floor(packages: str) -> None:
    import sqlite3

    from python_calamine import CalamineWorkbook

    files = sorted(Path(packages).glob("*.xlsx"))
    with tempfile.TemporaryDirectory() as tmp:
        t0, c0 = time.perf_counter(), _cpu()
        con = sqlite3.connect(Path(tmp) / "floor.sqlite3")
        con.execute("PRAGMA journal_mode=WAL")
        made: set[str] = set()
        rows = 0
        for path in files:
            wb = CalamineWorkbook.from_path(str(path))
            for name in wb.sheet_names:
                data = wb.get_sheet_by_name(name).to_python()
                if not data:
                    continue
                width = max(len(r) for r in data)
                table = f"t_{name.lower()}_{width}"
                if table not in made:
                    cols = ", ".join(f"c{i}" for i in range(width + 1))
                    con.execute(f"CREATE TABLE {table} ({cols})")
                    made.add(table)
                marks = ", ".join("?" * (width + 1))
                con.executemany(
                    f"INSERT INTO {table} VALUES ({marks})",
                    ((len(made), *r, *([None] * (width - len(r)))) for r in data[1:]),
                )
                rows += len(data) - 1
            con.commit()
        con.close()
        s, cpu = time.perf_counter() - t0, _cpu() - c0
    print(json.dumps({"s": s, "cpu": cpu, "mb": _peak_mb(), "rows": rows}))


def _child(*args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, *args], check=False, capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        done.check_returncode()
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--villages", type=int, default=30)
    p.add_argument("--residents", type=int, default=5000)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "jkn-bench-kec")
    p.add_argument("--write", type=Path)
    p.add_argument("--child")
    p.add_argument("--packages")
    p.add_argument("--template")
    args = p.parse_args()
    if args.child == "ours":
        child_ours(args.packages, args.template)
        return 0
    if args.child == "floor":
        child_floor(args.packages)
        return 0
    packages, template = build(args.cache, args.villages, args.residents)
    ours_runs, floor_runs = [], []
    _child("--child", "floor", "--packages", str(packages))  # warm the file cache, not counted
    for _ in range(args.runs):
        ours_runs.append(
            _child("--child", "ours", "--packages", str(packages), "--template", str(template))
        )
        floor_runs.append(_child("--child", "floor", "--packages", str(packages)))
    ours = {k: statistics.median(r[k] for r in ours_runs) for k in ("s", "cpu", "rows")}
    floor = {k: statistics.median(r[k] for r in floor_runs) for k in ("s", "cpu", "rows")}
    ours["mb"] = max(r["mb"] for r in ours_runs)
    floor["mb"] = max(r["mb"] for r in floor_runs)
    ratio = ours["s"] / floor["s"]
    cpu_ratio = ours["cpu"] / floor["cpu"]
    load = os.getloadavg()[0]
    n = f"{args.villages} desa × {args.residents:,}".replace(",", ".")

    def mark(ok: bool) -> str:
        return "✓" if ok else "✗"

    text = "\n".join(
        [
            f"### Menerima {n} penduduk (paket {PERIOD})",
            "",
            "| measure | ours | floor | ratio | ratio of CPU time | target |",
            "|---|---:|---:|---:|---:|---|",
            f"| all packages received | {ours['s']:.2f} s | {floor['s']:.2f} s (calamine read + "
            f"bare sqlite3 insert) | {ratio:.2f}× | {cpu_ratio:.2f}× | ≤ {TARGET_RATIO}× "
            f"{mark(ratio <= TARGET_RATIO)}, ≤ {TARGET_S:.0f} s {mark(ours['s'] <= TARGET_S)} |",
            f"| peak memory | {ours['mb']:.0f} MB | {floor['mb']:.0f} MB | | | ≤ {TARGET_MB:.0f} MB "
            f"{mark(ours['mb'] <= TARGET_MB)} |",
            f"| rows taken in | {int(ours['rows']):,} | {int(floor['rows']):,} | | | |".replace(
                ",", "."
            ),
            "",
            f"Load average after the runs: {load:.1f} (2 cores).",
        ]
    )
    print(text)
    if args.write:
        from benchdoc import machine, write_section

        header = (
            "## Kecamatan: receiving the villages' packages\n\nProduced by\n\n"
            "```\n.venv/bin/python scripts/bench_kecamatan_receive.py --write docs/benchmarks.md\n"
            f"```\n\non {machine()}. Ours and the floor alternate, each run in its own process "
            f"(memory = its peak RSS); the figure is the median of {args.runs} runs after one "
            "floor run that only warms the file cache. Ours counts every data row of the packages "
            "(the Manifest's counts); the floor inserts every data row of every sheet, the "
            "Manifest's rows too.\n\n"
        )
        write_section(args.write, "kecamatan_receive", header + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
