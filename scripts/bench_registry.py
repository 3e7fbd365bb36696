"""Benchmarks of the registry at real sizes (a script, not a timed test).

    .venv/bin/python scripts/bench_registry.py [--sizes 10000,100000] [--write docs/benchmarks.md]

For each size it builds a demo village with ``jkn-desktop demo``, then measures, each next to a
baseline measured in the same run on the same machine:

* cold start to a painted main window, and until Beranda shows the counts (baseline: Qt starting
  an empty window in a new process), each the median of three new processes;
* the first page of Penduduk (baseline: the bare SQL for those 200 rows);
* search by name, NIK-prefix search, a filter and sorts, through the service the page calls
  (baseline: the bare SQL query with sqlite3) and through the window (time until the table shows
  the new result);
* the window process's peak memory after scrolling the whole table.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchdoc import median_ms  # noqa: E402

TARGETS = {"cold_start_ms": 1000, "query_ms": 50, "memory_mb": 400}


# --------------------------------------------------------------------------- child: the window
def child_window(db: str, mode: str, t0: float) -> None:
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import resource

    from PySide6.QtWidgets import QApplication, QMainWindow

    if mode == "baseline":
        app = QApplication([])
        w = QMainWindow()
        w.resize(1280, 780)
        w.show()
        w.grab()
        app.processEvents()
        print(json.dumps({"painted_ms": (time.time() - t0) * 1000}))
        return

    from ui.app import build_window, make_app

    app = make_app()
    window = build_window(Path(db), first_run=False)
    window.show()
    window.grab()  # forces a paint of the whole window
    app.processEvents()
    painted = (time.time() - t0) * 1000
    while not window.ready:
        app.processEvents()
        time.sleep(0.001)
    beranda = window.pages["Beranda"]
    while beranda.cards["living"].value.text() == "…":  # type: ignore[attr-defined]
        app.processEvents()
        time.sleep(0.001)
    window.grab()
    data_shown = (time.time() - t0) * 1000

    page = window.pages["Penduduk"]
    model = page.model

    def pump() -> None:
        # let the event loop run, then sleep briefly: a real window idles in Qt's event loop and
        # leaves the interpreter to the worker thread; a busy loop here would starve it
        app.processEvents()
        time.sleep(0.0005)

    def shown(action) -> float:
        """Time from an action to the table showing the result's first page."""
        before = page.query_generation
        start = time.perf_counter()
        action()
        deadline = time.perf_counter() + 30
        while page.query_generation == before:  # debounced search: wait for the query to start
            pump()
            if time.perf_counter() > deadline:
                raise RuntimeError("the page never started a query")
        while not _settled(window):
            pump()
            if time.perf_counter() > deadline:
                raise RuntimeError(
                    f"the worker never went idle ({window.ctx.runner._running} jobs)"
                )
        while model.rowCount() and model.row_object(0) is None:
            model.data(model.index(0, 0))
            pump()
        return (time.perf_counter() - start) * 1000

    start = time.perf_counter()
    window.sidebar.setCurrentRow(1)
    while not (model.rowCount() and model.row_object(0) is not None):
        pump()
    first_page = (time.perf_counter() - start) * 1000

    ui = {}
    ui["search_name"] = statistics.median(
        [shown(lambda t=t: page.search.setText(t)) for t in ("sri", "agus", "wati")]
    )
    page.search.setText("")
    ui["search_nik"] = statistics.median(
        [shown(lambda p=p: page.search.setText(p)) for p in ("33130512", "3313054", "331305")]
    )
    page.search.setText("")
    ui["filter_sex"] = shown(lambda: page.sex.setCurrentIndex(2))
    ui["filter_clear"] = shown(lambda: page.sex.setCurrentIndex(0))
    header = page.table.horizontalHeader()
    from PySide6.QtCore import Qt

    ui["sort_name_desc"] = shown(lambda: header.setSortIndicator(1, Qt.SortOrder.DescendingOrder))
    ui["sort_birth"] = shown(lambda: header.setSortIndicator(3, Qt.SortOrder.AscendingOrder))
    ui["sort_dusun"] = shown(lambda: header.setSortIndicator(7, Qt.SortOrder.AscendingOrder))
    # scroll through the whole table, a screen at a time, as a user dragging the scrollbar
    bar = page.table.verticalScrollBar()
    for value in range(0, bar.maximum() + 1, max(1, bar.maximum() // 200)):
        bar.setValue(value)
        pump()
    window.ctx.runner.wait_idle()
    pump()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "painted_ms": painted,
                "data_ms": data_shown,
                "first_page_ms": first_page,
                "ui": ui,
                "rss_mb": rss_mb,
            }
        )
    )
    window.ctx.runner.shutdown()


def _settled(window) -> bool:
    return not window.ctx.runner.busy


def run_child(db: Path, mode: str) -> dict:
    t0 = time.time()
    out = subprocess.run(
        [sys.executable, __file__, "--child", mode, "--db", str(db), "--t0", repr(t0)],
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


# --------------------------------------------------------------------------- parent
def measure(size: int, workdir: Path) -> dict:
    from jkn_desktop.records.residents import ResidentFilter
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.registry import resident_search

    db_path = workdir / f"desa_{size}.sqlite3"
    start = time.perf_counter()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.launcher",
            "--db",
            str(db_path),
            "demo",
            "--residents",
            str(size),
        ],
        check=True,
        capture_output=True,
    )
    demo_s = time.perf_counter() - start

    db = open_database(db_path)

    def query_ids(flt: ResidentFilter, **kw: object) -> list[int]:
        return db.run(resident_search.query_ids, flt, write=False, **kw)

    raw = sqlite3.connect(db_path)
    prefix = "33130512"
    order = "ORDER BY name_key, sex, birth_date, household_id, id"
    cases = {
        "search_name": (
            lambda: query_ids(ResidentFilter(search="sri", status_dasar=1)),
            f"SELECT id FROM resident WHERE status_dasar = 1 AND id IN (SELECT rowid FROM resident_fts WHERE resident_fts MATCH '\"sri\"') {order}",
        ),
        "search_nik": (
            lambda: query_ids(ResidentFilter(search=prefix, status_dasar=1)),
            f"SELECT id FROM resident WHERE status_dasar = 1 AND nik >= '{prefix}' AND nik < '{prefix}:' {order}",
        ),
        "filter_dusun_sex": (
            lambda: query_ids(ResidentFilter(dusun="Tlogo", sex="P", status_dasar=1)),
            "SELECT r.id FROM resident r JOIN household h ON h.id = r.household_id WHERE r.status_dasar = 1 AND h.dusun = 'Tlogo' AND r.sex = 'P' ORDER BY r.name_key, r.id",
        ),
        "sort_name": (
            lambda: query_ids(ResidentFilter(status_dasar=1), sort="name", descending=True),
            "SELECT id FROM resident WHERE status_dasar = 1 ORDER BY name_key DESC",
        ),
        "sort_birth_date": (
            lambda: query_ids(ResidentFilter(status_dasar=1), sort="birth_date"),
            "SELECT id FROM resident WHERE status_dasar = 1 ORDER BY birth_date",
        ),
        "sort_dusun": (
            lambda: query_ids(ResidentFilter(status_dasar=1), sort="dusun"),
            "SELECT r.id FROM resident r JOIN household h ON h.id = r.household_id WHERE r.status_dasar = 1 ORDER BY h.dusun, h.rw, h.rt, h.no_kk, r.shdk",
        ),
    }
    results = {}
    for name, (fn, sql) in cases.items():
        ms = median_ms(fn)
        base = median_ms(lambda sql=sql: raw.execute(sql).fetchall())
        results[name] = {"ms": ms, "baseline_ms": base, "rows": len(fn())}
    ids = query_ids(ResidentFilter(status_dasar=1))
    page_ms = median_ms(lambda: db.run(resident_search.fetch_rows, ids[:200], write=False))
    page_base = median_ms(
        lambda: raw.execute(
            "SELECT r.id, r.nik, r.name, r.sex, r.birth_date, h.no_kk, h.dusun FROM resident r LEFT JOIN household h ON h.id = r.household_id "
            f"WHERE r.id IN ({','.join(map(str, ids[:200]))})"
        ).fetchall()
    )
    raw.close()
    db.close()

    window = run_child(db_path, "window")
    starts = [run_child(db_path, "window") for _ in range(2)] + [window]
    baseline = statistics.median(run_child(db_path, "baseline")["painted_ms"] for _ in range(3))
    return {
        "size": size,
        "demo_s": demo_s,
        "services": results,
        "page_fetch": {"ms": page_ms, "baseline_ms": page_base},
        "cold_start": {
            "ms": statistics.median(w["painted_ms"] for w in starts),
            "data_ms": statistics.median(w["data_ms"] for w in starts),
            "baseline_ms": baseline,
        },
        "first_page_ms": window["first_page_ms"],
        "ui": window["ui"],
        "rss_mb": window["rss_mb"],
    }


def render(all_results: list[dict]) -> str:
    lines = []
    for r in all_results:
        n = f"{r['size']:,}".replace(",", ".")
        lines.append(f"### {n} penduduk (demo built in {r['demo_s']:.1f} s)\n")
        lines.append("| measurement | ours | baseline | ratio | target |")
        lines.append("|---|---:|---:|---:|---|")
        cs = r["cold_start"]
        ok = "✓" if cs["ms"] <= TARGETS["cold_start_ms"] else "✗"
        lines.append(
            f"| cold start to painted main window | {cs['ms']:.0f} ms | {cs['baseline_ms']:.0f} ms (empty Qt window) | {cs['ms'] / cs['baseline_ms']:.2f}× | ≤ 1000 ms {ok} |"
        )
        lines.append(
            f"| cold start until Beranda shows the counts | {cs['data_ms']:.0f} ms | {cs['baseline_ms']:.0f} ms (empty Qt window) | {cs['data_ms'] / cs['baseline_ms']:.2f}× | |"
        )
        pf = r["page_fetch"]
        lines.append(
            f"| fetch one page (200 rows) | {pf['ms']:.1f} ms | {pf['baseline_ms']:.1f} ms (bare SQL) | {pf['ms'] / pf['baseline_ms']:.2f}× | |"
        )
        lines.append(f"| Penduduk first page shown (window) | {r['first_page_ms']:.0f} ms | | | |")
        for name, m in r["services"].items():
            ok = "✓" if m["ms"] <= TARGETS["query_ms"] else "✗"
            rows = f"{m['rows']:,}".replace(",", ".")
            lines.append(
                f"| {name} ({rows} rows), service | {m['ms']:.1f} ms | {m['baseline_ms']:.1f} ms (bare SQL) | {m['ms'] / m['baseline_ms']:.2f}× | ≤ 50 ms {ok} |"
            )
        for name, ms in r["ui"].items():
            pause = " (includes the 150 ms pause after typing)" if name.startswith("search") else ""
            lines.append(
                f"| {name}, until the table shows it (window){pause} | {ms:.0f} ms | | | |"
            )
        ok = "✓" if r["rss_mb"] <= TARGETS["memory_mb"] else "✗"
        lines.append(
            f"| peak memory of the window after scrolling the whole table | {r['rss_mb']:.0f} MB | | | ≤ 400 MB {ok} |"
        )
        lines.append("")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--write", type=Path)
    parser.add_argument("--child")
    parser.add_argument("--db")
    parser.add_argument("--t0", type=float)
    args = parser.parse_args()
    if args.child:
        child_window(args.db, args.child, args.t0)
        return 0
    sys.path.insert(0, str(ROOT))
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for size in [int(s) for s in args.sizes.split(",")]:
            results.append(measure(size, Path(tmp)))
    text = render(results)
    print(text)
    if args.write:
        from benchdoc import machine, write_section

        header = (
            "## Registry (window, search, filter, sort)\n\nProduced by\n\n"
            "```\n.venv/bin/python scripts/bench_registry.py --write docs/benchmarks.md\n```\n\n"
            f"on {machine()}. Each figure is a median of 7 runs; baselines are measured in the same run. "
            "“Service” rows time the query the Penduduk page runs (ids of every matching resident, in display order); "
            "“window” rows time the whole path in the real window, offscreen, until the first rows are on screen.\n\n"
        )
        write_section(args.write, "registry", header + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
