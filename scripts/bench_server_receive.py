"""Receiving villages' packages on a PostgreSQL server with several staff at once (issue 17; a
script, not a timed test).

    .venv/bin/python scripts/bench_server_receive.py [--clients 5] [--residents 5000]
        [--cache /tmp/jkn-bench-kec] [--write docs/benchmarks.md]

The packages are those of ``scripts/bench_kecamatan_receive.py`` (demo villages of Kecamatan
Winong, built once into ``--cache``). On a throwaway PostgreSQL server started for the run
(tests/pg_server.py) a kecamatan database is set up; then ``--clients`` processes, started
together, each take in one village's package with ``receive_files`` (every check, the rows, the
audit entries, one transaction) — what five staff clicking *Terima* at the same moment do. Each
client's wall time is printed beside its floor: python-calamine reading the same file and psycopg
``COPY`` of its rows into a plain table on the same server, run by as many processes at once.
The same is measured with one client alone. Target (issue 17): a 5,000-resident package ≤ 2 s
while four other clients receive theirs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

TARGET_S = 2.0


def child_ours(address: str, package: str, start_at: float) -> None:
    from jkn_desktop.paths import ServerAddress
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.kecamatan.batch import receive_files

    db = open_database(ServerAddress(address))
    time.sleep(max(0.0, start_at - time.time()))
    t0 = time.perf_counter()
    report = receive_files(db, [Path(package)], user="bench", register_new_keys=True)
    s = time.perf_counter() - t0
    assert not report.refused, report.refused
    db.close()
    print(json.dumps({"s": s, "rows": sum(r.rows for r in report.received)}))


def child_written(address: str, package: str, start_at: float) -> None:
    """The server's part of receiving: the file read and checked before the start (on an
    office network each client is its own computer, doing that on its own processor), then
    the package's write job, timed, with every check against the database."""
    import datetime as dt

    from jkn_desktop.paths import ServerAddress
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.kecamatan.package_open import open_package
    from jkn_desktop.services.kecamatan.receive import receive_package

    db = open_database(ServerAddress(address))
    opened = open_package(Path(package), dt.datetime.now().astimezone())
    assert opened.v is not None, opened.refusal
    assert opened.v.ok, opened.v.problems
    time.sleep(max(0.0, start_at - time.time()))
    t0 = time.perf_counter()
    with db.work("bench", write=True, village=opened.v.kode_wilayah) as work:
        done = receive_package(work, Path(package), register_new_key=True, opened=opened)
    s = time.perf_counter() - t0
    assert not hasattr(done, "code"), done
    db.close()
    print(json.dumps({"s": s, "rows": done.rows}))


def child_floor(dsn: str, package: str, start_at: float, n: int) -> None:
    import psycopg
    from python_calamine import CalamineWorkbook

    con = psycopg.connect(dsn)
    time.sleep(max(0.0, start_at - time.time()))
    t0 = time.perf_counter()
    wb = CalamineWorkbook.from_path(package)
    rows = 0
    with con.transaction():
        for i, name in enumerate(wb.sheet_names):
            data = wb.get_sheet_by_name(name).to_python()
            if len(data) < 2:
                continue
            width = max(len(r) for r in data)
            table = f"floor_{n}_{i}"
            cols = ", ".join(f"c{j} text" for j in range(width))
            con.execute(f"CREATE TABLE {table} ({cols})")
            with con.cursor().copy(f"COPY {table} FROM STDIN") as copy:
                for r in data[1:]:
                    copy.write_row(
                        [None if v == "" else str(v) for v in r] + [None] * (width - len(r))
                    )
            rows += len(data) - 1
    s = time.perf_counter() - t0
    con.close()
    print(json.dumps({"s": s, "rows": rows}))


def _together(commands: list[list[str]]) -> list[dict[str, float]]:
    procs = [
        subprocess.Popen(c, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
        for c in commands
    ]
    out = []
    for p in procs:
        stdout, stderr = p.communicate()
        if p.returncode != 0:
            sys.stderr.write(stderr)
            raise SystemExit(p.returncode)
        out.append(dict(json.loads(stdout.strip().splitlines()[-1])))
    return out


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--clients", type=int, default=5)
    p.add_argument("--residents", type=int, default=5000)
    p.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "jkn-bench-kec")
    p.add_argument("--write", type=Path)
    p.add_argument("--child")
    p.add_argument("--address")
    p.add_argument("--package")
    p.add_argument("--start", type=float)
    p.add_argument("--n", type=int, default=0)
    args = p.parse_args()
    if args.child == "ours":
        child_ours(args.address, args.package, args.start)
        return 0
    if args.child == "floor":
        child_floor(args.address, args.package, args.start, args.n)
        return 0
    if args.child == "written":
        child_written(args.address, args.package, args.start)
        return 0

    import psycopg
    from bench_kecamatan_receive import KECAMATAN, build
    from benchdoc import machine, write_section

    from jkn_desktop.paths import ServerAddress
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.kecamatan.identity import init_kecamatan
    from tests.pg_server import database_url, libpq_dsn, server_binaries, throwaway_server

    bin_dir = server_binaries()
    if bin_dir is None:
        print("PostgreSQL is not installed (Debian package postgresql)", file=sys.stderr)
        return 2
    packages_dir, _template = build(args.cache, args.clients + 1, args.residents)
    packages = sorted(str(x) for x in packages_dir.glob("*.xlsx"))
    results: dict[str, list[dict[str, float]]] = {}
    with throwaway_server(bin_dir) as url:
        admin = psycopg.connect(libpq_dsn(url, "postgres"), autocommit=True)
        for name in ("kec_alone", "kec_together", "floor"):
            admin.execute(f"CREATE DATABASE {name}")
        addresses = {name: database_url(url, name) for name in ("kec_alone", "kec_together")}
        for address in addresses.values():
            db = open_database(ServerAddress(address))
            db.run(init_kecamatan, KECAMATAN, user="bench")
            db.close()
        me = [sys.executable, __file__]
        start = time.time() + 3
        results["alone"] = _together(
            [
                [
                    *me,
                    "--child",
                    "ours",
                    "--address",
                    addresses["kec_alone"],
                    "--package",
                    packages[-1],
                    "--start",
                    str(start),
                ]
            ]
        )
        start = time.time() + 5
        results["together"] = _together(
            [
                [
                    *me,
                    "--child",
                    "ours",
                    "--address",
                    addresses["kec_together"],
                    "--package",
                    pk,
                    "--start",
                    str(start),
                ]
                for pk in packages[: args.clients]
            ]
        )
        start = time.time() + 3
        results["floor_alone"] = _together(
            [
                [
                    *me,
                    "--child",
                    "floor",
                    "--address",
                    libpq_dsn(url, "floor"),
                    "--package",
                    packages[-1],
                    "--start",
                    str(start),
                    "--n",
                    "99",
                ]
            ]
        )
        start = time.time() + 3
        results["floor_together"] = _together(
            [
                [
                    *me,
                    "--child",
                    "floor",
                    "--address",
                    libpq_dsn(url, "floor"),
                    "--package",
                    pk,
                    "--start",
                    str(start),
                    "--n",
                    str(i),
                ]
                for i, pk in enumerate(packages[: args.clients])
            ]
        )
        admin.close()
    alone, floor_alone = results["alone"][0]["s"], results["floor_alone"][0]["s"]
    together = [r["s"] for r in results["together"]]
    floor_together = [r["s"] for r in results["floor_together"]]
    rows = int(results["alone"][0]["rows"])
    worst, median = max(together), statistics.median(together)
    floor_worst = max(floor_together)
    ok = "✓" if worst <= TARGET_S else "✗"
    text = "\n".join(
        [
            "## Receiving packages on a PostgreSQL server, several staff at once (issue 17, "
            "`scripts/bench_server_receive.py`)",
            "",
            f"{machine()}. Packages of "
            + f"{args.residents:_} residents ({rows:_} rows each)".replace("_", ".")
            + ", demo villages of Kecamatan Winong; a throwaway PostgreSQL server on the same "
            "machine (Unix socket, fsync off). Each client is its own process, all started at "
            "the same moment; its floor is python-calamine reading the same file plus psycopg "
            "`COPY` of its rows into a plain table on the same server, by as many processes at "
            "once. A receipt locks only its village on a server (decision 50), and the whole "
            "database only to write its audit entries: the clients' packages are written at "
            "once, and their reading and checking hold no lock.",
            "",
            "| measurement | ours | floor | ratio | target |",
            "|---|---:|---:|---:|---|",
            f"| one package, one client alone | {alone:.2f} s | {floor_alone:.2f} s | "
            f"{alone / floor_alone:.2f}× | |",
            f"| one package while {args.clients - 1} other clients receive theirs: the slowest "
            f"client | {worst:.2f} s | {floor_worst:.2f} s | {worst / floor_worst:.2f}× | "
            f"≤ {TARGET_S:.0f} s {ok} |",
            f"| the same: median client | {median:.2f} s | "
            f"{statistics.median(floor_together):.2f} s | "
            f"{median / statistics.median(floor_together):.2f}× | |",
        ]
    )
    print(text)
    if args.write:
        write_section(args.write, "server-receive", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
