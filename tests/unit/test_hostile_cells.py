"""No file of ours runs code (issue #14, item 6). Names and addresses that a spreadsheet would take
for a formula go in through a real import of a real workbook (and straight into the database, as
an older version or another program may have left them), then out through every workbook the
program writes: each cell reads back as text, exactly as written, and a person editing it in
Excel keeps it text (the quote prefix). The printouts print them as written."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape
from python_calamine import CalamineWorkbook

from jkn_desktop.cli import main
from jkn_desktop.domain.cell_text import LEADS
from tests.sheets import text_sheet

HOSTILE = [
    '=HYPERLINK("http://x","klik")',
    "=cmd|' /C calc'!A0",
    "+SUM(1,1)",
    "@SUM(1)",
    "-2+3",
    "\tTAB",
    "\rCR",
]
# what an import keeps: the control characters go (and are flagged), the rest stays as written
CLEANED = {"\tTAB": "TAB", "\rCR": "CR"}
NO_LETTER = "-2+3"  # refused as a name by the import (a name needs a letter); fine as an address
KK = "3313050306224{:03d}"
NIK = "33130512038{:05d}"


def _nik(i: int) -> str:
    return NIK.format(i + 1)


def _run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _cells(path: Path) -> Iterator[tuple[str, object, str, bool]]:
    """Every cell of a workbook as openpyxl reads it: (sheet, text with OOXML escapes read back,
    data type, quote prefix)."""
    wb = load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                value = unescape(c.value) if isinstance(c.value, str) else c.value
                yield ws.title, value, c.data_type, bool(c.quotePrefix)


def _check_workbook(path: Path, expected: set[str]) -> None:
    """No formula anywhere; every text a spreadsheet could read as one is a text cell with the
    quote prefix; ``expected`` are all there, exactly, for openpyxl and for calamine alike."""
    seen: set[object] = set()
    for sheet, value, kind, quoted in _cells(path):
        assert kind != "f", (path.name, sheet, value)
        if isinstance(value, str) and value[:1] in LEADS:
            assert (kind, quoted) == ("s", True), (path.name, sheet, value)
        seen.add(value)
    assert expected <= seen, (path.name, expected - seen)
    book = CalamineWorkbook.from_path(str(path))
    read = {
        v for name in book.sheet_names for r in book.get_sheet_by_name(name).to_python() for v in r
    }
    assert expected <= read, (path.name, expected - read)


def _add_through_the_dialogs(path: Path, i: int) -> None:
    """Resident i and its KK as the Keluarga and Penduduk dialogs save them."""
    from jkn_desktop.records.households import HouseholdInput
    from jkn_desktop.records.residents import ResidentInput
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.registry import households, residents

    value = HOSTILE[i]
    db = open_database(path)
    try:
        kk = HouseholdInput(KK.format(i + 1), address=value)
        found = households.validate(kk, today=dt.date(2026, 11, 20))
        assert [x.code for x in found if x.field == "address"] == ["NAME_SUSPICIOUS"]
        db.run(households.create, kk)
        person = ResidentInput(_nik(i), value, "L", no_kk=kk.no_kk, shdk=1)
        found = residents.validate(person, today=dt.date(2026, 11, 20))
        assert [(x.code, x.severity) for x in found if x.field == "name"] == [
            ("NAME_SUSPICIOUS", "warning")
        ]
        assert "tanda -" in next(x.message for x in found if x.field == "name")
        db.run(residents.create, person)
    finally:
        db.close()


@pytest.fixture
def village(db_path: Path, capsys) -> Path:
    assert _run(capsys, "--db", str(db_path), "init", "--kode-wilayah", "33.13.05.2006")[0] == 0
    return db_path


def _resident_file(tmp_path: Path) -> Path:
    """Resident i has the i-th hostile value as name (with a letter after it, so "-2+3" is the
    one a name refuses) and as the address of its own KK; uninsured, desil 1."""
    rows: list[list[object]] = [
        ["NIK", "NO KK", "NAMA", "JK", "TGL LAHIR", "SHDK", "ALAMAT", "DESIL"]
    ]
    for i, value in enumerate(HOSTILE):
        rows.append(
            [_nik(i), KK.format(i + 1), value, "L", "12-03-1980", "Kepala Keluarga", value, 1]
        )
    return text_sheet(tmp_path / "warga.xlsx", rows)


def test_formula_like_names_are_flagged_kept_and_exported_as_text(village, tmp_path, capsys):
    db = str(village)
    src = _resident_file(tmp_path)

    # the preview flags each one (a warning: the row is kept), and refuses the name without a letter
    code, out, _ = _run(capsys, "--db", db, "import-residents", str(src), "--dry-run", "--json")
    assert code == 0
    issues = json.loads(out)["issues"]
    flagged = {(i["row"], i["column"]) for i in issues if i["code"] == "NAME_SUSPICIOUS"}
    assert all(i["severity"] == "warning" for i in issues if i["code"] == "NAME_SUSPICIOUS")
    for n, value in enumerate(HOSTILE):
        line = n + 2
        assert (line, "ALAMAT") in flagged, value
        if value != NO_LETTER:
            assert (line, "NAMA") in flagged, value
    refused = [i for i in issues if i["code"] == "NAME_INVALID"]
    assert [i["row"] for i in refused] == [HOSTILE.index(NO_LETTER) + 2]

    # the error workbook repeats the file's own cells: text, exactly as the file held them
    report = tmp_path / "perbaiki.xlsx"
    code, out, _ = _run(capsys, "--db", db, "import-residents", str(src), "--report", str(report))
    assert code == 0
    _check_workbook(report, set(HOSTILE))

    # kept as written (the control characters cleaned away), as names and as addresses
    con = sqlite3.connect(village)
    try:
        names = dict(con.execute("SELECT nik, name FROM resident").fetchall())
        addresses = {r[0] for r in con.execute("SELECT address FROM household")}
    finally:
        con.close()
    for i, value in enumerate(HOSTILE):
        if value != NO_LETTER:
            assert names[_nik(i)] == addresses.intersection({names[_nik(i)]}).pop()
            assert names[_nik(i)] == CLEANED.get(value, value)

    # the dialogs take the one the import refused: flagged, saved as written
    _add_through_the_dialogs(village, HOSTILE.index(NO_LETTER))

    # what an older version or another program may have left: the raw text itself
    con = sqlite3.connect(village)
    try:
        for i, value in enumerate(HOSTILE):
            con.execute(
                "UPDATE resident SET name = ?, mother_name = ? WHERE nik = ?",
                (value, value, _nik(i)),
            )
            con.execute(
                "UPDATE household SET address = ? WHERE no_kk = ?", (value, KK.format(i + 1))
            )
        con.commit()
    finally:
        con.close()

    # a PBI list naming them the same way: flagged too, and its error workbook is text
    pbi = text_sheet(
        tmp_path / "pbi_2026-10.xlsx",
        [
            ["DAFTAR PESERTA PBI JK"],
            ["NO", "NOKA", "NIK", "NAMA", "TGL LAHIR", "ALAMAT"],
            *[
                [n + 1, f"00009080{n:05d}", _nik(n), value, "12-03-1980", value]
                for n, value in enumerate(HOSTILE[:3])
            ],
        ],
    )
    code, out, _ = _run(
        capsys,
        "--db",
        db,
        "import-pbi",
        str(pbi),
        "--period",
        "2026-10",
        "--json",
        "--report",
        str(tmp_path / "pbi_perbaiki.xlsx"),
    )
    assert code == 0, out
    pbi_flags = [i for i in json.loads(out)["issues"] if i["code"] == "NAME_SUSPICIOUS"]
    assert {i["column"] for i in pbi_flags} == {"NAMA", "ALAMAT"}
    _check_workbook(tmp_path / "pbi_perbaiki.xlsx", set(HOSTILE[:3]))

    # every workbook the program writes
    assert _run(capsys, "--db", db, "usulan", "suggest", "--period", "2026-11", "--accept")[0] == 0
    jobs = {
        "penduduk.xlsx": ["export-residents"],
        "belum.xlsx": ["uninsured"],
        "belum_kk.xlsx": ["uninsured", "--households"],
        "dinsos.xlsx": ["export-dinsos", "--period", "2026-11"],
        "paket.xlsx": ["export-package", "--period", "2026-11"],
    }
    for name, args in jobs.items():
        code, out, err = _run(capsys, "--db", db, *args, "-o", str(tmp_path / name))
        assert code == 0, (name, err)
    names = set(HOSTILE)
    for name in ("penduduk.xlsx", "paket.xlsx"):
        _check_workbook(tmp_path / name, names)
    _check_workbook(tmp_path / "belum.xlsx", set(HOSTILE[3:]))  # the first three are on the list
    _check_workbook(tmp_path / "belum_kk.xlsx", set())
    _check_workbook(tmp_path / "dinsos.xlsx", set())
    assert names & {v for _s, v, _k, _q in _cells(tmp_path / "dinsos.xlsx")}

    # the package still proves itself: its cells read back to the values its hashes were made of
    code, out, _ = _run(
        capsys, "--db", db, "verify-package", str(tmp_path / "paket.xlsx"), "--json"
    )
    assert (code, json.loads(out)["ok"]) == (0, True)

    # the APBDes report lists its beneficiaries by name
    code, out, err = _run(
        capsys,
        "--db",
        db,
        "apbdes",
        "add-line",
        "--year",
        "2026",
        "--kegiatan",
        "02.02.96",
        "--rekening",
        "5.2.7",
        "--sumber",
        "ADD",
        "--pagu",
        "5000000",
        "--json",
    )
    assert code == 0, err
    line = json.loads(out)["id"]
    for i in range(len(HOSTILE)):
        code, _, err = _run(
            capsys,
            "--db",
            db,
            "apbdes",
            "add-beneficiary",
            "--line",
            str(line),
            "--nik",
            _nik(i),
            "--from",
            "2026-01",
            "--to",
            "2026-12",
            "--force",
        )
        assert code == 0, err
    report_xlsx = tmp_path / "apbdes.xlsx"
    assert (
        _run(capsys, "--db", db, "apbdes", "report", "--year", "2026", "-o", str(report_xlsx))[0]
        == 0
    )
    _check_workbook(report_xlsx, names)

    # the printouts print them as written
    if shutil.which("pdftotext"):
        roster = tmp_path / "semua.pdf"
        args = ["roster", "--kind", "semua", "--period", "2026-11", "-o", str(roster)]
        assert _run(capsys, "--db", db, *args)[0] == 0
        text = subprocess.run(
            ["pdftotext", "-layout", str(roster), "-"], check=True, capture_output=True, text=True
        ).stdout
        for value in HOSTILE[:5]:
            assert value in text, value
