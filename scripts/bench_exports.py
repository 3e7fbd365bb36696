"""Benchmark of the workbooks the program writes and the package check, each against its floor
(a script, not a timed test).

    .venv/bin/python scripts/bench_exports.py [--sizes 10000,100000] [--runs 3] [--write docs/benchmarks.md]

For each size a demo village is built; then each job and its floor run alternately (A B A B …),
each in a new process so its peak memory is its own, and the median of the runs is printed:

* ``export-residents``, the Dinas Sosial workbook and the desa → kecamatan package: ours is the
  whole job (the reads, the checks, the text cells, the manifest's hashes); the floor is openpyxl
  in write-only mode writing the very same cells (read back from our file before timing), with no
  database and no formatting;
* ``verify-package``: ours recomputes every hash; the floor reads every sheet with python-calamine
  and hashes the cells' text with SHA-256.

Target (issue #13): each ≤ 1.5× its floor.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
TARGET = 1.5
JOBS = ("residents", "dinsos", "package", "verify")


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu() -> float:
    """CPU seconds of this process so far (user + system): beside the wall time, because the
    machine may be busy with other work."""
    u = resource.getrusage(resource.RUSAGE_SELF)
    return u.ru_utime + u.ru_stime


def _cells(path: str) -> list[tuple[str, list[list[object]]]]:
    from python_calamine import CalamineWorkbook

    wb = CalamineWorkbook.from_path(path)
    return [(name, wb.get_sheet_by_name(name).to_python()) for name in wb.sheet_names]


def child_ours(job: str, db: str, out: str, period: str) -> None:
    """Our job, timed from the call (the modules are imported first, as in the running window, and
    as the floor imports openpyxl and python-calamine before its clock starts)."""
    import openpyxl  # noqa: F401
    import python_calamine  # noqa: F401

    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.registry.resident_export import export_residents
    from jkn_desktop.services.usulan.dinsos import export_dinsos
    from jkn_desktop.services.usulan.package import export_package
    from jkn_desktop.services.usulan.package_verify import verify_package

    database = open_database(Path(db))
    t0, c0 = time.perf_counter(), _cpu()
    if job == "residents":
        database.run(export_residents, Path(out), write=False)
    elif job == "dinsos":
        database.run(export_dinsos, period, Path(out), write=False)
    elif job == "package":
        database.run(export_package, period, Path(out), write=True)
    else:
        result = verify_package(Path(out), dt.datetime.now())
        assert result.ok, result.problems
    print(json.dumps({"s": time.perf_counter() - t0, "cpu": _cpu() - c0, "mb": _peak_mb()}))


def child_floor(job: str, source: str, out: str) -> None:
    """The floor: the same cells written by openpyxl write-only, or read by calamine and hashed."""
    if job == "verify":
        import hashlib

        import python_calamine  # noqa: F401  (imported before timing, as ours is)

        t0, c0 = time.perf_counter(), _cpu()
        for name, rows in _cells(source):
            h = hashlib.sha256(name.encode() + b"\n")
            for row in rows:
                h.update("\t".join("" if v is None else str(v) for v in row).encode() + b"\n")
            h.hexdigest()
        print(json.dumps({"s": time.perf_counter() - t0, "cpu": _cpu() - c0, "mb": _peak_mb()}))
        return
    from openpyxl import Workbook

    sheets = _cells(source)  # read before timing: the floor writes, it does not compute
    t0, c0 = time.perf_counter(), _cpu()
    wb = Workbook(write_only=True)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for row in rows:
            ws.append(row)
    wb.save(out)
    print(json.dumps({"s": time.perf_counter() - t0, "cpu": _cpu() - c0, "mb": _peak_mb()}))


def _child(*args: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, *args], check=False, capture_output=True, text=True, cwd=ROOT
    )
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        done.check_returncode()
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def _median(runs: list[dict[str, float]]) -> dict[str, float]:
    return {
        "s": statistics.median(r["s"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "mb": max(r["mb"] for r in runs),
    }


def measure(residents: int, work: Path, runs: int, db: Path | None) -> dict[str, object]:
    if db is None:
        db = work / f"desa_{residents}.sqlite3"
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ui.launcher",
                "--db",
                str(db),
                "demo",
                "--residents",
                str(residents),
            ],
            check=True,
            capture_output=True,
            cwd=ROOT,
        )
    today = dt.date.today()
    period = f"{today.year}-{today.month:02d}"
    files = {"residents": "penduduk.xlsx", "dinsos": "dinsos.xlsx", "package": "paket.xlsx"}
    out: dict[str, object] = {"size": residents}
    for job in JOBS:
        target = work / files.get(job, "paket.xlsx")
        if job != "verify":  # a first run makes the file the floor writes again (not counted)
            _child(
                "--child",
                "ours",
                "--job",
                job,
                "--db",
                str(db),
                "--out",
                str(target),
                "--period",
                period,
            )
        ours, floor = [], []
        for _ in range(runs):
            ours.append(
                _child(
                    "--child",
                    "ours",
                    "--job",
                    job,
                    "--db",
                    str(db),
                    "--out",
                    str(target),
                    "--period",
                    period,
                )
            )
            floor.append(
                _child(
                    "--child",
                    "floor",
                    "--job",
                    job,
                    "--source",
                    str(target),
                    "--out",
                    str(work / "floor.xlsx"),
                )
            )
        out[job] = {"ours": _median(ours), "floor": _median(floor)}
    out["load"] = os.getloadavg()[0]
    return out


LABELS = {
    "residents": "export-residents (every resident, 19 columns)",
    "dinsos": "Dinas Sosial workbook (cover, proposals, PBI list, changes)",
    "package": "desa → kecamatan package (signed manifest with hashes, nine data sheets)",
    "verify": "verify-package",
}
FLOORS = {
    "residents": "openpyxl write-only, same cells",
    "dinsos": "openpyxl write-only, same cells",
    "package": "openpyxl write-only, same cells",
    "verify": "calamine read + SHA-256 of the cells",
}


def render(results: list[dict[str, object]]) -> str:
    lines: list[str] = []
    for r in results:
        n = f"{r['size']:,}".replace(",", ".")
        lines += [
            f"### {n} penduduk",
            "",
            "| job | ours | floor | ratio | ratio of CPU time | target |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for job in JOBS:
            m = r[job]
            assert isinstance(m, dict)
            o, f = m["ours"], m["floor"]
            ratio = o["s"] / f["s"] if f["s"] else float("inf")
            ok = "✓" if ratio <= TARGET else "✗"
            cpu = o["cpu"] / f["cpu"] if f["cpu"] else float("inf")
            lines.append(
                f"| {LABELS[job]} | {o['s']:.2f} s, {o['mb']:.0f} MB | {f['s']:.2f} s, {f['mb']:.0f} MB "
                f"({FLOORS[job]}) | {ratio:.2f}× | {cpu:.2f}× | ≤ {TARGET}× {ok} |"
            )
        lines += ["", f"Load average after this size: {r['load']:.1f} (2 cores).", ""]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--db", type=Path, action="append", default=[], help="a demo database per size, in order"
    )
    parser.add_argument("--write", type=Path)
    parser.add_argument("--child")
    parser.add_argument("--job")
    parser.add_argument("--source")
    parser.add_argument("--out")
    parser.add_argument("--period")
    args = parser.parse_args()
    if args.child == "ours":
        child_ours(args.job, str(args.db[0]), args.out, args.period)
        return 0
    if args.child == "floor":
        child_floor(args.job, args.source, args.out)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        sizes = [int(s) for s in args.sizes.split(",")]
        dbs = args.db + [None] * (len(sizes) - len(args.db))
        results = [measure(s, Path(tmp), args.runs, d) for s, d in zip(sizes, dbs, strict=True)]
    text = render(results)
    print(text)
    if args.write:
        from benchdoc import machine, write_section

        header = (
            "## Workbooks and the package check\n\nProduced by\n\n"
            "```\n.venv/bin/python scripts/bench_exports.py --write docs/benchmarks.md\n```\n\n"
            f"on {machine()}. Each job and its floor alternate (A B A B …), each run in its own "
            f"process (memory = its peak RSS); the figure is the median of {args.runs} runs after "
            "one run that is not counted; the ratio is of wall time, the CPU-time ratio beside it "
            "shows the same pair when other work shares the machine. The floor writes the very cells of our file with openpyxl "
            "in write-only mode (no database, no formatting), or, for the check, reads the package "
            "with python-calamine and hashes the cells.\n\n"
        )
        write_section(args.write, "exports", header + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
