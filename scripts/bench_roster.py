"""Benchmark of the printed rosters at real size (a script, not a timed test).

    .venv/bin/python scripts/bench_roster.py [--sizes 10000,100000] [--write docs/benchmarks.md]

For each size a demo village is built and the list of all living residents grouped by household
("Daftar penduduk dan kepesertaan JKN", the same machinery as the PBI roster) is written, in its
own process so its peak memory is its own: kop, titles, the header repeated on every page,
"Halaman X dari Y", the signature block, NIK masked. Baseline, in the same run on the same rows:
a bare ReportLab canvas writing the same cells with ``drawString`` at fixed positions (no font
embedding of our own, no grid, no shortening, no page plan) — the cheapest way to put the text
on pages.

Targets (issue #6): 10k rows ≤ 3 s, 100k rows ≤ 40 s, memory ≤ 300 MB.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_ours(db: str, out: str) -> None:
    from jkn_desktop.records.documents import RosterOptions
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.documents.rosters import write_roster

    database = open_database(Path(db))
    period = time.strftime("%Y-%m")
    t0 = time.perf_counter()
    opts = RosterOptions(kind="semua", period=period, mask_nik=True)
    r = database.run(write_roster, opts, Path(out), write=False)
    print(
        json.dumps(
            {"s": time.perf_counter() - t0, "mb": _peak_mb(), "rows": r.rows, "pages": r.pages}
        )
    )


def child_baseline(db: str, out: str) -> None:
    import sqlite3

    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.pdfgen.canvas import Canvas

    con = sqlite3.connect(db)
    t0 = time.perf_counter()
    rows = con.execute(
        "SELECT r.nik, r.name, r.sex, r.birth_date, r.shdk, r.jkn_segment FROM resident r "
        "LEFT JOIN household h ON h.id = r.household_id WHERE r.status_dasar = 1 "
        "ORDER BY h.dusun, h.rw, h.rt, h.no_kk, r.shdk, r.birth_date"
    ).fetchall()
    w, h = landscape(A4)
    c = Canvas(out, pagesize=(w, h))
    c.setFont("Helvetica", 7.5)
    y = h - 40
    xs = (40, 70, 150, 300, 330, 400, 480)
    for i, row in enumerate(rows, 1):
        for x, value in zip(xs, (str(i), *row), strict=False):
            c.drawString(x, y, str(value or ""))
        y -= 14
        if y < 40:
            c.showPage()
            c.setFont("Helvetica", 7.5)
            y = h - 40
    c.save()
    print(json.dumps({"s": time.perf_counter() - t0, "mb": _peak_mb(), "rows": len(rows)}))


def _child(*args: str) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(residents: int, work: Path) -> dict:
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
    base = _child("--child", "baseline", "--db", str(db), "--out", str(work / "base.pdf"))
    ours = _child("--child", "ours", "--db", str(db), "--out", str(work / "ours.pdf"))
    return {"residents": residents, "base": base, "ours": ours}


def render(results: list[dict]) -> str:
    def n(x: float) -> str:
        return f"{x:,.0f}".replace(",", ".")

    target = {10_000: 3.0, 100_000: 40.0}
    lines = [
        "| rows (pages) | ours | baseline (bare drawString) | ratio | target |",
        "|---|---:|---:|---:|---|",
    ]
    for r in results:
        o, b = r["ours"], r["base"]
        limit = next((v for k, v in sorted(target.items()) if r["residents"] <= k), 40.0)
        ok = "✓" if o["s"] <= limit and o["mb"] <= 300 else "✗"
        lines.append(
            f"| {n(o['rows'])} ({n(o['pages'])}) | {o['s']:.2f} s, {o['mb']:.0f} MB | {b['s']:.2f} s, "
            f"{b['mb']:.0f} MB | {o['s'] / b['s']:.2f}× | ≤ {limit:.0f} s, ≤ 300 MB {ok} |"
        )
    return "\n".join(lines) + "\n"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--write", type=Path)
    parser.add_argument("--child")
    parser.add_argument("--db")
    parser.add_argument("--out")
    args = parser.parse_args()
    if args.child == "ours":
        child_ours(args.db, args.out)
        return 0
    if args.child == "baseline":
        child_baseline(args.db, args.out)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        results = [measure(int(s), Path(tmp)) for s in args.sizes.split(",")]
    text = render(results)
    print(text)
    if args.write:
        from benchdoc import machine, write_section

        header = (
            "## Printed rosters\n\nProduced by\n\n"
            "```\n.venv/bin/python scripts/bench_roster.py --write docs/benchmarks.md\n```\n\n"
            f"on {machine()}. Each run in its own process (memory = its peak RSS): the list of all "
            "living residents grouped by household, NIK masked, kop, repeated header, page numbers, "
            "signatures; the baseline writes the same cells with a bare ReportLab canvas.\n\n"
        )
        write_section(args.write, "roster", header + text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
