"""Hostile files through `import-residents` and `import-pbi` (issue #19): each file is generated
here, run through the command line in a child process, and judged as a tester would — exit code 0
or 2, at most one Indonesian line on stderr with no library text or traceback, peak memory, time,
and the database unchanged when the file was refused.

    .venv/bin/python scripts/hostile_files.py [--keep DIR]

Prints one table row per case and exits 1 when any case breaks the rules."""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

ENGLISH = ("Traceback", "Error", "error:", "index", "not found", "Exception", "(c)", "panicked")
LIMIT_MB = 500


def _xlsx(path: Path, rows: list[list[object]], *, title: str = "Sheet") -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _resident_rows(names: list[str], born: str = "1985-06-05") -> list[list[object]]:
    head = ["NIK", "NO KK", "NAMA", "JENIS KELAMIN", "TANGGAL LAHIR"]
    return [head] + [
        [f"33130545068500{i:02d}", "3313052208050013", n, "P", born] for i, n in enumerate(names, 1)
    ]


def _far_cell(path: Path, ref: str) -> Path:
    """A tiny workbook whose only cell sits at ``ref`` (e.g. XFD1048576)."""
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main"><dimension ref="A1:{ref}"/><sheetData><row r="1"><c r="A1" '
        f't="inlineStr"><is><t>NIK</t></is></c></row><row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}">'
        f'<c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row></sheetData></worksheet>'
    )
    return _zip_workbook(path, sheet)


def _zip_workbook(path: Path, sheet_xml: str) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            (
                '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                'package/2006/content-types"><Default Extension="rels" ContentType="application/'
                'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType='
                '"application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/'
                'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName='
                '"/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.worksheet+xml"/></Types>'
            ),
        )
        z.writestr(
            "_rels/.rels",
            (
                '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
                'schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target='
                '"xl/workbook.xml"/></Relationships>'
            ),
        )
        z.writestr(
            "xl/workbook.xml",
            (
                '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.'
                'org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/'
                'officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id='
                '"rId1"/></sheets></workbook>'
            ),
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            (
                '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
                'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://'
                'schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target='
                '"worksheets/sheet1.xml"/></Relationships>'
            ),
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return path


def _zip_bomb(path: Path) -> Path:
    rows = "".join(
        f'<row r="{i}"><c r="A{i}" t="inlineStr"><is><t>{"A" * 2000}</t></is></c></row>'
        for i in range(1, 400_001)
    )
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
        f'openxmlformats.org/spreadsheetml/2006/main"><sheetData>{rows}</sheetData></worksheet>'
    )
    return _zip_workbook(path, sheet)


def cases(d: Path) -> dict[str, tuple[str, Callable[[], Path]]]:
    """name -> (command, file maker)."""

    def big_cell() -> Path:
        p = d / "sel_besar.csv"
        with p.open("w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, delimiter=";")
            w.writerow(["NIK", "NAMA"])
            w.writerow(["3313054506850002", "A" * 200_000])
        return p

    def fifo() -> Path:
        p = d / "pipa.xlsx"
        os.mkfifo(p)
        return p

    def hidden_first() -> Path:
        wb = Workbook()
        hidden = wb.active
        hidden.title = "Rahasia"
        hidden.append(["NIK", "NAMA"])
        hidden.sheet_state = "hidden"
        visible = wb.create_sheet("Penduduk")
        for r in _resident_rows(["SITI AMINAH"]):
            visible.append(r)
        p = d / "lembar_tersembunyi.xlsx"
        wb.save(p)
        return p

    def formulas() -> Path:
        return _xlsx(d / "rumus.xlsx", [["NIK", "NAMA"], ["=A5", "=B5"], ["=A6", "=B6"]])

    def dev_zero() -> Path:
        p = d / "nol.xlsx"
        p.symlink_to("/dev/zero")
        return p

    def folder() -> Path:
        p = d / "folder.xlsx"
        p.mkdir()
        return p

    def truncated() -> Path:
        good = _xlsx(d / "utuh.xlsx", _resident_rows(["SITI"]))
        p = d / "terpotong.xlsx"
        p.write_bytes(good.read_bytes()[:1500])
        return p

    return {
        "cell at XFD1048576": (
            "import-residents",
            lambda: _far_cell(d / "jauh.xlsx", "XFD1048576"),
        ),
        "cell at A1048576": ("import-residents", lambda: _far_cell(d / "bawah.xlsx", "A1048576")),
        "zip bomb (800 MB unpacked)": ("import-residents", lambda: _zip_bomb(d / "bom.xlsx")),
        "CSV cell of 200 KB": ("import-residents", big_cell),
        "a folder": ("import-residents", folder),
        "link to /dev/zero": ("import-residents", dev_zero),
        "a FIFO": ("import-residents", fifo),
        "truncated xlsx": ("import-residents", truncated),
        "random bytes as xlsx": (
            "import-residents",
            lambda: _bytes(d / "acak.xlsx", os.urandom(4000)),
        ),
        "empty file": ("import-residents", lambda: _bytes(d / "kosong.xlsx", b"")),
        "hidden first sheet": ("import-residents", hidden_first),
        "names of zero-width spaces": (
            "import-residents",
            lambda: _xlsx(d / "tak_terlihat.xlsx", _resident_rows(["\u200b\u200b"])),
        ),
        "birth date 2150": (
            "import-residents",
            lambda: _xlsx(d / "lahir_2150.xlsx", _resident_rows(["SITI"], "2150-01-01")),
        ),
        "formula names =HYPERLINK": (
            "import-residents",
            lambda: _xlsx(
                d / "rumus_nama.xlsx",
                _resident_rows(['=HYPERLINK("http://x","klik")', "+SUM(1,1)"]),
            ),
        ),
        "PBI list: header only": (
            "import-pbi",
            lambda: _xlsx(d / "pbi_kosong.xlsx", [["NIK", "NAMA"]]),
        ),
        "PBI list: formulas without values": ("import-pbi", formulas),
        "PBI list: wrong columns": (
            "import-pbi",
            lambda: _xlsx(d / "pbi_salah.xlsx", [["A", "B"], [1, 2]]),
        ),
    }


def _bytes(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _digest(db: Path) -> str:
    con = sqlite3.connect(db)
    try:
        rows = con.execute("SELECT nik, name, status_dasar FROM resident ORDER BY nik").fetchall()
        rows += con.execute(
            "SELECT resident_id, segment, status FROM membership ORDER BY id"
        ).fetchall()
    finally:
        con.close()
    return hashlib.sha256(repr(rows).encode()).hexdigest()


# the child may not take the machine down with it: 4 GB of address space at most, 5 minutes
RUN = """
import resource, subprocess, sys, time
def cap():
    resource.setrlimit(resource.RLIMIT_AS, (4 << 30, 4 << 30))
t = time.perf_counter()
try:
    p = subprocess.run(sys.argv[1:], capture_output=True, text=True, timeout=300, preexec_fn=cap)
    code, err = p.returncode, p.stderr
except subprocess.TimeoutExpired:
    code, err = "timeout", "lebih dari 5 menit"
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
sys.stdout.write(f"{code}\\t{peak}\\t{time.perf_counter() - t:.2f}\\n")
sys.stdout.write(err)
"""


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--keep", type=Path)
    args = parser.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="hostile-"))
    work.mkdir(parents=True, exist_ok=True)
    db = work / "desa.sqlite3"
    cli = [sys.executable, "-m", "jkn_desktop.cli", "--db", str(db)]
    subprocess.run([*cli, "demo", "--residents", "1500"], check=True, capture_output=True)
    files = work / "berkas"
    files.mkdir(exist_ok=True)
    bad = 0
    print("| case | command | exit | stderr lines | peak MB | seconds | database | verdict |")
    print("|---|---|---:|---:|---:|---:|---|---|")
    for name, (command, make) in cases(files).items():
        path = make()
        before = _digest(db)
        extra = ["--period", "2026-11"] if command == "import-pbi" else []
        out = subprocess.run(
            [sys.executable, "-c", RUN, *cli, command, str(path), *extra],
            capture_output=True,
            text=True,
            check=False,
        ).stdout
        head, _, stderr = out.partition("\n")
        code, peak, secs = head.split("\t")
        lines = [line for line in stderr.splitlines() if line.strip()]
        unchanged = _digest(db) == before
        english = any(word in stderr for word in ENGLISH)
        peak_mb = int(peak) / 1024
        ok = (code == "0" or (code == "2" and len(lines) == 1 and unchanged)) and not english
        ok = ok and peak_mb <= LIMIT_MB
        bad += not ok
        print(
            f"| {name} | {command} | {code} | {len(lines)} | {peak_mb:.0f} | {secs} | "
            f"{'unchanged' if unchanged else 'changed'} | {'ok' if ok else 'BROKEN: ' + stderr[:200]} |"
        )
        if code == "0":
            shutil.copyfile(db, work / "desa.sqlite3.last")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
