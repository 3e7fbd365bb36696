"""Benchmarks of the registry at real sizes (a script, not a timed test).

    .venv/bin/python scripts/bench_registry.py [--sizes 10000,100000] [--write docs/benchmarks.md]

For each size it builds a demo village with ``jkn-desktop demo``, then measures, each next to a
reference measured in the same run on the same machine:

* cold start to a painted main window, and until Beranda shows the counts (baseline: Qt starting
  an empty window in a new process), each the median of three new processes;
* every sort and filter of the Penduduk page and of the Kepesertaan list, through the service the
  page calls (the ordered ids of every matching resident), beside its floor: the bare
  ``SELECT id … WHERE … ORDER BY …`` on a plain table holding the same columns, rowid only
  (scripts/registry_floor.py), and the same table with the one covering index that query wants.
  Ours, the floor and the indexed floor are run in turn, seven rounds; medians;
* one page of rows (200), beside the bare SQL for them;
* the same actions in the real window (offscreen), until the table shows the result, beside the
  service query plus one page fetch;
* the window process's peak memory after scrolling the whole table.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
# this checkout's program, also in the window's child process (not an installed copy elsewhere)
sys.path.insert(0, str(ROOT))


ROUNDS = 7

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

    def pump() -> None:
        # let the event loop run, then sleep briefly: a real window idles in Qt's event loop and
        # leaves the interpreter to the worker thread; a busy loop here would starve it
        app.processEvents()
        time.sleep(0.0005)

    def shown(page, generation, action) -> float:
        """Time from an action to the table showing the result's first page."""
        model = page.model
        before = generation()
        start = time.perf_counter()
        action()
        deadline = time.perf_counter() + 30
        while generation() == before:  # debounced search: wait for the query to start
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
        page.table.viewport().repaint()  # the paint that shows the rows, timed too
        return (time.perf_counter() - start) * 1000

    def first_page(row: int, page) -> float:
        waiting.append(window.ctx.runner.busy)  # a job before it still running (Beranda's)
        start = time.perf_counter()
        window.sidebar.setCurrentRow(row)
        while not (page.model.rowCount() and page.model.row_object(0) is not None):
            pump()
        page.table.viewport().repaint()
        shown_ms = (time.perf_counter() - start) * 1000
        window.ctx.runner.wait_idle()
        return shown_ms

    from PySide6.QtCore import Qt

    asc, desc = Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder
    waiting: list[bool] = []
    page = window.pages["Penduduk"]
    first_page_ms = first_page(1, page)
    gen = lambda: page.query_generation  # noqa: E731
    ui = {}
    ui["search_name"] = statistics.median(
        [shown(page, gen, lambda t=t: page.search.setText(t)) for t in ("sri", "agus", "wati")]
    )
    page.search.setText("")
    ui["search_nik"] = statistics.median(
        [
            shown(page, gen, lambda p=p: page.search.setText(p))
            for p in ("33130512", "3313054", "331305")
        ]
    )
    page.search.setText("")
    ui["filter_sex"] = shown(page, gen, lambda: page.sex.setCurrentIndex(2))
    ui["filter_dusun_sex"] = shown(page, gen, lambda: page.dusun.setCurrentIndex(1))
    page.dusun.setCurrentIndex(0)
    ui["filter_clear"] = shown(page, gen, lambda: page.sex.setCurrentIndex(0))
    header = page.table.horizontalHeader()
    for name, column, order in (
        ("sort_name_desc", 1, desc),
        ("sort_nik", 0, asc),
        ("sort_birth_date", 3, asc),
        ("sort_sex", 2, asc),
        ("sort_no_kk", 5, asc),
        ("sort_shdk", 6, asc),
        ("sort_dusun", 7, asc),
        ("sort_rw", 8, asc),
        ("sort_rt", 9, asc),
    ):
        ui[name] = shown(page, gen, lambda c=column, o=order: header.setSortIndicator(c, o))
    # scroll through the whole table, a screen at a time, as a user dragging the scrollbar
    bar = page.table.verticalScrollBar()
    for value in range(0, bar.maximum() + 1, max(1, bar.maximum() // 200)):
        bar.setValue(value)
        pump()

    window.ctx.runner.wait_idle()  # the pages fetched while scrolling
    pump()
    jkn = window.pages["Kepesertaan JKN"]
    jkn_first_page_ms = first_page(3, jkn)
    jgen = lambda: jkn.generation  # noqa: E731
    jui = {}
    jui["filter_uninsured"] = shown(jkn, jgen, lambda: jkn.covered.setCurrentIndex(1))
    jui["filter_clear"] = shown(jkn, jgen, lambda: jkn.covered.setCurrentIndex(0))
    jheader = jkn.table.horizontalHeader()
    for name, column in (
        ("sort_name", 1),
        ("sort_segment", 5),
        ("sort_desil", 4),
        ("sort_as_of", 9),
        ("sort_area", 2),
    ):
        jui[name] = shown(jkn, jgen, lambda c=column: jheader.setSortIndicator(c, asc))
    window.ctx.runner.wait_idle()
    pump()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "painted_ms": painted,
                "data_ms": data_shown,
                "first_page_ms": first_page_ms,
                "ui": ui,
                "jkn_first_page_ms": jkn_first_page_ms,
                "first_page_waited": waiting,
                "jkn_ui": jui,
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
# which service query (and page fetch) each window action waits for
WINDOW_QUERY = {
    "search_name": "search_name",
    "search_nik": "search_nik",
    "filter_sex": "filter_sex",
    "filter_dusun_sex": "filter_dusun_sex",
    "filter_clear": "sort_name",
    "sort_name_desc": "sort_name_desc",
    "sort_nik": "sort_nik",
    "sort_birth_date": "sort_birth_date",
    "sort_sex": "sort_sex",
    "sort_no_kk": "sort_no_kk",
    "sort_shdk": "sort_shdk",
    "sort_dusun": "sort_dusun",
    "sort_rw": "sort_rw",
    "sort_rt": "sort_rt",
}
JKN_WINDOW_QUERY = {
    "filter_uninsured": "filter_uninsured",
    "filter_clear": "sort_area",
    "sort_name": "sort_name",
    "sort_segment": "sort_segment",
    "sort_desil": "sort_desil",
    "sort_as_of": "sort_as_of",
    "sort_area": "sort_area",
}


def _rounds(fns: list) -> list[float]:
    """Medians of the functions run in turn (A, B, C, A, B, C, …) after one warm-up each."""
    for fn in fns:
        fn()
    times: list[list[float]] = [[] for _ in fns]
    for _ in range(ROUNDS):
        for i, fn in enumerate(fns):
            start = time.perf_counter()
            fn()
            times[i].append((time.perf_counter() - start) * 1000)
    return [statistics.median(t) for t in times]


def measure_lists(db_path: Path, workdir: Path) -> dict:
    """Every list query beside its floors, and one page fetch beside its bare SQL."""
    import registry_floor as rf

    from jkn_desktop.records.membership import JknFilter
    from jkn_desktop.records.residents import ResidentFilter
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.membership import kepesertaan
    from jkn_desktop.services.registry import resident_search

    raw = rf.connect(db_path)
    dusun = raw.execute("SELECT min(dusun) FROM household").fetchone()[0]
    raw.close()
    cases = rf.cases(dusun)
    floor_path = workdir / f"floor_{db_path.stem}.sqlite3"
    rf.build(db_path, floor_path, cases)
    plain = rf.connect(floor_path)
    indexed = rf.connect(floor_path.with_name(floor_path.stem + "_indexed.sqlite3"))
    db = open_database(db_path)
    results: dict[str, dict] = {}
    for case in cases:
        rows = len(case.call(db))
        floor_rows = len(plain.execute(case.sql()).fetchall())
        ms, floor_ms, indexed_ms = _rounds(
            [
                lambda c=case: c.call(db),
                lambda c=case: plain.execute(c.sql()).fetchall(),
                lambda c=case: indexed.execute(c.indexed_sql()).fetchall(),
            ]
        )
        results[f"{case.page}: {case.name}"] = {
            "ms": ms,
            "floor_ms": floor_ms,
            "indexed_ms": indexed_ms,
            "rows": rows,
            "floor_rows": floor_rows,
            "floor_sql": case.shown_sql(),
            "index": ", ".join(case.index_columns()),
        }
    ids = db.run(resident_search.query_ids, ResidentFilter(status_dasar=1), write=False)
    raw = rf.connect(db_path)
    page_sql = (
        "SELECT r.id, r.nik, r.name, r.sex, r.birth_place, r.birth_date, r.shdk, r.status_dasar, "
        "h.no_kk, h.dusun, h.rw, h.rt, h.address FROM resident r "
        f"LEFT JOIN household h ON h.id = r.household_id WHERE r.id IN ({','.join(map(str, ids[:200]))})"
    )
    page_ms, page_floor = _rounds(
        [
            lambda: db.run(resident_search.fetch_rows, ids[:200], write=False),
            lambda: raw.execute(page_sql).fetchall(),
        ]
    )
    jkn_ids = db.run(kepesertaan.query_ids, JknFilter(), write=False)
    (jkn_page_ms,) = _rounds([lambda: db.run(kepesertaan.fetch_rows, jkn_ids[:200], write=False)])
    for con in (raw, plain, indexed):
        con.close()
    db.close()
    return {
        "services": results,
        "page_fetch": {"ms": page_ms, "baseline_ms": page_floor, "jkn_ms": jkn_page_ms},
    }


def measure(size: int, workdir: Path) -> dict:
    db_path = workdir / f"desa_{size}.sqlite3"
    start = time.perf_counter()
    reuse = db_path.exists()
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
    ) if not reuse else None
    demo_s = time.perf_counter() - start
    lists = measure_lists(db_path, workdir)
    window = run_child(db_path, "window")
    starts = [run_child(db_path, "window") for _ in range(2)] + [window]
    baseline = statistics.median(run_child(db_path, "baseline")["painted_ms"] for _ in range(3))
    return {
        "size": size,
        "demo_s": None if reuse else demo_s,
        **lists,
        "cold_start": {
            "ms": statistics.median(w["painted_ms"] for w in starts),
            "data_ms": statistics.median(w["data_ms"] for w in starts),
            "baseline_ms": baseline,
        },
        "first_page_ms": window["first_page_ms"],
        "ui": window["ui"],
        "jkn_first_page_ms": window["jkn_first_page_ms"],
        "first_page_waited": window["first_page_waited"],
        "jkn_ui": window["jkn_ui"],
        "rss_mb": window["rss_mb"],
    }


def _n(x: int) -> str:
    return f"{x:,}".replace(",", ".")


def _service_rows(r: dict) -> list[str]:
    lines = [
        "| query (rows) | ours | floor: plain table, rowid only | ours ÷ floor | plain table "
        "with its one index | ours ÷ that | target ≤ 50 ms and ≤ 2× floor |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for name, m in r["services"].items():
        ratio = m["ms"] / m["floor_ms"]
        ok = "✓" if m["ms"] <= TARGETS["query_ms"] and ratio <= 2 else "✗"
        rows = _n(m["rows"]) + (
            "" if m["rows"] == m["floor_rows"] else f"; floor {_n(m['floor_rows'])}"
        )
        lines.append(
            f"| {name} ({rows}) | {m['ms']:.1f} ms | {m['floor_ms']:.1f} ms | {ratio:.2f}× | "
            f"{m['indexed_ms']:.1f} ms | {m['ms'] / m['indexed_ms']:.2f}× | {ok} |"
        )
    return lines


def _first_page(page: str, ms: float, waited: bool) -> str:
    behind = " (clicked as Beranda's counts appear, while its next job still had the worker)"
    return f"| {page}: first page shown{behind if waited else ''} | {ms:.0f} ms | | |"


def _window_rows(r: dict) -> list[str]:
    waited = r["first_page_waited"]
    lines = [
        "| in the window (offscreen) | until the table shows it | the service query + one page "
        "fetch, same run | ratio |",
        "|---|---:|---:|---:|",
        _first_page("Penduduk", r["first_page_ms"], waited[0]),
    ]
    for prefix, ui, queries in (
        ("Penduduk", r["ui"], WINDOW_QUERY),
        ("Kepesertaan", r["jkn_ui"], JKN_WINDOW_QUERY),
    ):
        pf = r["page_fetch"]["ms" if prefix == "Penduduk" else "jkn_ms"]
        if prefix == "Kepesertaan":
            lines.append(_first_page("Kepesertaan", r["jkn_first_page_ms"], waited[1]))
        for name, ms in ui.items():
            pause = " (with the 150 ms pause after typing)" if name.startswith("search") else ""
            query = r["services"][f"{prefix}: {queries[name]}"]["ms"] + pf
            lines.append(
                f"| {prefix}: {name}{pause} | {ms:.0f} ms | {query:.0f} ms | {ms / query:.2f}× |"
            )
    return lines


def render(all_results: list[dict]) -> str:
    lines = []
    for r in all_results:
        demo = (
            "the demo database of --workdir, reused"
            if r["demo_s"] is None
            else f"demo built in {r['demo_s']:.1f} s"
        )
        lines.append(f"### {_n(r['size'])} penduduk ({demo})\n")
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
        ok = "✓" if r["rss_mb"] <= TARGETS["memory_mb"] else "✗"
        lines.append(
            f"| peak memory of the window after scrolling the whole table | {r['rss_mb']:.0f} MB | | | ≤ 400 MB {ok} |"
        )
        lines += ["", *_service_rows(r), "", *_window_rows(r), ""]
    return "\n".join(lines)


def floor_sql(all_results: list[dict]) -> str:
    """The floor queries of the last size, for the record."""
    lines = ["#### The floor queries\n"]
    for name, m in all_results[-1]["services"].items():
        lines.append(f"- {name}: {m['floor_sql']}; its index: ({m['index']})")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--write", type=Path)
    parser.add_argument(
        "--workdir", type=Path, help="keep the demo databases here and reuse them (development)"
    )
    parser.add_argument("--child")
    parser.add_argument("--db")
    parser.add_argument("--t0", type=float)
    args = parser.parse_args()
    if args.child:
        child_window(args.db, args.child, args.t0)
        return 0
    sys.path.insert(0, str(ROOT))
    load_before = os.getloadavg()[0]
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        workdir = args.workdir or Path(tmp)
        workdir.mkdir(parents=True, exist_ok=True)
        for size in [int(s) for s in args.sizes.split(",")]:
            results.append(measure(size, workdir))
    load_after = os.getloadavg()[0]
    text = render(results) + "\n" + floor_sql(results)
    print(text)
    if args.write:
        from benchdoc import machine, write_section

        reused = any(r["demo_s"] is None for r in results)

        header = (
            "## Registry (window, search, filter, sort)\n\nProduced by\n\n"
            f"```\n.venv/bin/python scripts/bench_registry.py --sizes {args.sizes} "
            f"{'--workdir DIR ' if reused else ''}--write docs/benchmarks.md\n```\n\n"
            f"on {machine()}; load average {load_before:.2f} at the start, {load_after:.2f} at the "
            "end (this run keeps one of the two cores busy itself). Every figure is the median of "
            f"{ROUNDS} runs, each beside its reference measured in the same run, the two run in "
            "turn. Query rows time the ordered ids of every matching resident through the "
            "service the page calls, beside the floor: the bare `SELECT id … WHERE … ORDER BY "
            "…` on a plain table holding the same columns, with the rowid primary key and no "
            "other index (SQLite sorts), read with `fetchall()`; and beside the same table with "
            "the one covering index that query wants (what reading in index order costs without "
            "the program). The floor queries are listed under the tables. Penduduk's default "
            "view is living residents by name, Kepesertaan's living residents in area order. "
            "Window rows time the real window (offscreen) from the click or the keystroke until "
            "the table holds the first rows and has painted them, beside the service query plus "
            "one page fetch."
            + (
                " A size marked reused took its demo village from DIR, built there beforehand "
                "by `jkn-desktop --db DIR/desa_N.sqlite3 demo --residents N`; the others were "
                "built by this run, as without `--workdir`."
                if reused
                else ""
            )
            + "\n\n"
        )
        write_section(args.write, "registry", header + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
