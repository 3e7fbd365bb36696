"""The same services on SQLite and on PostgreSQL, side by side (issue 17; a script, not a timed
test).

    .venv/bin/python scripts/bench_engines.py [--residents 100000] [--write docs/benchmarks.md]

Builds one demo village of ``--residents`` people twice — in a SQLite file and in a database on a
throwaway PostgreSQL server started for the run (tests/pg_server.py: initdb in a temporary folder,
a Unix socket, fsync off as in the tests; its settings are PostgreSQL's defaults otherwise) — and
times, on each engine, the services the window and the counter call, each beside its floor: the
bare driver (sqlite3, psycopg) running the plain SQL that gives the same answer on the same
database in the same run. Medians of 7 after a warm-up.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchdoc import machine, median_ms, write_section  # noqa: E402

TARGET_MS = 50


def _build(location: Any, residents: int) -> tuple[Any, float]:
    from jkn_desktop.demo.village import generate
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    start = time.perf_counter()
    db = open_database(location)
    info = db.run(resolve_identity, "33.13.05.2006", kepala_desa="Kades", operator="Operator")
    db.run(save_village, info)
    generate(db, residents, seed=7)
    return db, time.perf_counter() - start


def _probe(db: Any) -> tuple[str, str, str]:
    """A common name fragment, a NIK and a dusun that exist in the demo village."""
    from sqlalchemy import select

    from jkn_desktop.persistence.tables import household_t, resident_t

    with db.work("bench", write=False) as work:
        nik, name = work.conn.execute(
            select(resident_t.c.nik, resident_t.c.name).order_by(resident_t.c.id).limit(1)
        ).one()
        dusun = work.conn.execute(select(household_t.c.dusun).limit(1)).scalar_one()
    return str(name).split()[0][:5], str(nik), str(dusun)


def _services(db: Any, word: str, nik: str, dusun: str) -> dict[str, Callable[[], Any]]:
    from jkn_desktop.records.residents import ResidentFilter
    from jkn_desktop.services.membership.counter import counter_check
    from jkn_desktop.services.membership.coverage import coverage
    from jkn_desktop.services.registry.resident_search import query_ids

    def job(fn: Callable[..., Any], *args: Any) -> Callable[[], Any]:
        return lambda: db.run(fn, *args, write=False)

    return {
        "name search (Penduduk)": job(query_ids, ResidentFilter(search=word)),
        "NIK check at the counter": job(counter_check, nik),
        "filter by dusun, sorted by name": job(query_ids, ResidentFilter(dusun=dusun)),
        "all living residents sorted by name": job(query_ids, ResidentFilter()),
        "coverage (Beranda)": job(coverage),
    }


# the plain SQL giving the same answer, run by the bare driver (no program between)
_FLOORS = {
    "name search (Penduduk)": (
        "SELECT id FROM resident WHERE status_dasar = 1 AND name_key LIKE {p} ORDER BY name_key",
        lambda w, n, d: (f"%{w.upper()}%",),
    ),
    "NIK check at the counter": (
        "SELECT r.*, h.* FROM resident r LEFT JOIN household h ON h.id = r.household_id "
        "WHERE r.nik = {p}",
        lambda w, n, d: (n,),
    ),
    "filter by dusun, sorted by name": (
        "SELECT r.id FROM resident r JOIN household h ON h.id = r.household_id "
        "WHERE r.status_dasar = 1 AND h.dusun = {p} ORDER BY r.name_key",
        lambda w, n, d: (d,),
    ),
    "all living residents sorted by name": (
        "SELECT id FROM resident WHERE status_dasar = 1 ORDER BY name_key",
        lambda w, n, d: (),
    ),
    "coverage (Beranda)": (
        "SELECT jkn_segment, jkn_status, count(*) FROM resident WHERE status_dasar = 1 "
        "GROUP BY jkn_segment, jkn_status",
        lambda w, n, d: (),
    ),
}


def _floor(raw: Callable[[str, tuple[Any, ...]], Any], mark: str, probe: tuple[str, str, str]):  # type: ignore[no-untyped-def]
    out = {}
    for name, (sql, params) in _FLOORS.items():
        statement, args = sql.replace("{p}", mark), params(*probe)
        out[name] = lambda s=statement, a=args: raw(s, a)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--write", type=Path)
    args = parser.parse_args()

    import psycopg

    from jkn_desktop.paths import ServerAddress
    from tests.pg_server import database_url, libpq_dsn, server_binaries, throwaway_server

    bin_dir = server_binaries()
    if bin_dir is None:
        print("PostgreSQL is not installed (Debian package postgresql)", file=sys.stderr)
        return 2
    rows: list[tuple[str, float, float, float, float]] = []
    with tempfile.TemporaryDirectory() as tmp, throwaway_server(bin_dir) as url:
        folder = Path(tmp)
        sqlite_db, sqlite_built = _build(folder / "desa.sqlite3", args.residents)
        admin = psycopg.connect(libpq_dsn(url, "postgres"), autocommit=True)
        admin.execute("CREATE DATABASE bench")
        server_db, server_built = _build(
            ServerAddress(database_url(url, "bench")),
            args.residents,
        )
        probe = _probe(sqlite_db)
        lite = sqlite3.connect(str(folder / "desa.sqlite3"))
        pg = psycopg.connect(libpq_dsn(url, "bench"))
        floors_lite = _floor(lambda s, a: lite.execute(s, a).fetchall(), "?", probe)
        floors_pg = _floor(lambda s, a: pg.execute(s, a).fetchall(), "%s", probe)
        ours_lite = _services(sqlite_db, *probe)
        ours_pg = _services(server_db, *probe)
        for name in _FLOORS:
            rows.append(
                (
                    name,
                    median_ms(ours_lite[name]),
                    median_ms(floors_lite[name]),
                    median_ms(ours_pg[name]),
                    median_ms(floors_pg[name]),
                )
            )
        sqlite_db.close()
        server_db.close()
        lite.close()
        pg.close()
        admin.close()
    text = _report(args.residents, sqlite_built, server_built, rows)
    print(text)
    if args.write:
        write_section(args.write, "engines", text)
    return 0


def _report(n: int, built_lite: float, built_pg: float, rows: list[Any]) -> str:
    lines = [
        "## SQLite and PostgreSQL side by side (issue 17, `scripts/bench_engines.py`)",
        "",
        f"{machine()}. One demo village of " + f"{n:_}".replace("_", ".") + " residents"
        f" built in a SQLite file ({built_lite:.1f} s) and in a database on a throwaway "
        f"PostgreSQL server on the same machine ({built_pg:.1f} s, Unix socket, fsync off). Each "
        "figure is the median of 7 after a warm-up; its floor is the bare driver (sqlite3, "
        "psycopg) running plain SQL that gives the same answer on the same database in the same "
        "run.",
        "",
        "| service | SQLite | its floor | ratio | PostgreSQL | its floor | ratio | "
        f"target ≤ {TARGET_MS} ms |",
        "|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name, ours_l, floor_l, ours_p, floor_p in rows:
        ok = "✓" if max(ours_l, ours_p) <= TARGET_MS else "✗"
        lines.append(
            f"| {name} | {ours_l:.1f} ms | {floor_l:.1f} ms | {ours_l / floor_l:.2f}× | "
            f"{ours_p:.1f} ms | {floor_p:.1f} ms | {ours_p / floor_p:.2f}× | {ok} |"
        )
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    raise SystemExit(main())
