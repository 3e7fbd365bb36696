"""The pieces behind "no file of ours runs code": which names look like formulas (and which
ordinary ones do not), the workbook writer's text cells whatever they hold, and the CSV guard as a
spreadsheet would read the file."""

from __future__ import annotations

import csv
import enum
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils.escape import unescape
from python_calamine import CalamineWorkbook

from jkn_desktop.domain.cell_text import (
    LEADS,
    has_control_characters,
    looks_like_formula,
    suspicious,
)
from jkn_desktop.exporters.csv_file import csv_cell, unguarded, write_csv
from jkn_desktop.exporters.xlsx import Sheet, ooxml_text, write_sheets
from jkn_desktop.importers.report import write_issue_workbook
from jkn_desktop.records.imports import RowIssue
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


@pytest.mark.parametrize(
    ("text", "formula"),
    [
        ('=HYPERLINK("http://x","klik")', True),
        ("=cmd|' /C calc'!A0", True),
        ("+SUM(1,1)", True),
        ("@SUM(1)", True),
        ("@budi", True),  # no name starts with "@"
        ("-2+3", True),
        ("- 5", True),
        ("+(1)", True),
        ("-cmd|' /C calc'!A0", True),
        ("-Sheet1!A1", True),
        # what village files hold and is not a formula
        ("SITI AMINAH", False),
        ("-", False),  # "nothing" in OpenSID and hand-made lists
        ("--", False),
        ("- -", False),
        ("=", False),
        ("-Budi", False),  # a typing slip, not a formula
        ("- Dusun Krajan", False),
        ("Jl. Mawar No. 5 (belakang masjid)", False),
        ("RT 01 / RW 02", False),
        ("", False),
    ],
)
def test_what_looks_like_a_formula(text: str, formula: bool):
    assert looks_like_formula(text) is formula


def test_control_characters_other_than_a_line_break_in_the_cell():
    assert has_control_characters("\tTAB")
    assert has_control_characters("\rCR")
    assert has_control_characters("BU\x01DI")
    assert has_control_characters("BUDI\t")
    assert not has_control_characters("BUDI SANTOSO")
    assert not has_control_characters("JL. MAWAR\nRT 01")  # Alt+Enter in Excel
    assert not has_control_characters("JL. MAWAR\r\nRT 01")  # the same, from Windows
    assert not has_control_characters("SITI\u00a0AMINAH")  # a non-breaking space is no control


def test_the_warning_names_the_sign_and_keeps_the_text():
    issue = suspicious("=1+1", "=1+1", "name")
    assert issue is not None
    assert (issue.code, issue.severity, issue.field) == ("NAME_SUSPICIOUS", "warning", "name")
    assert "tanda =" in issue.message
    assert "'=1+1'" in issue.message
    issue = suspicious("\tBUDI", "BUDI", "address")
    assert issue is not None
    assert "karakter tersembunyi" in issue.message
    assert "'BUDI'" in issue.message
    assert suspicious("BUDI", "BUDI", "name") is None
    long = "=" + "A" * 100
    issue = suspicious(long, long, "name")
    assert issue is not None
    assert "A" * 100 not in issue.message


class Kind(enum.StrEnum):
    BIASA = "=bukan rumus"


def _read(path: Path) -> list[list[tuple[object, str, bool]]]:
    ws = load_workbook(path).active
    return [
        [
            (unescape(c.value) if isinstance(c.value, str) else c.value, c.data_type, c.quotePrefix)
            for c in r
        ]
        for r in ws.iter_rows()
    ]


def test_every_text_is_a_text_cell_exactly_as_written(tmp_path: Path):
    values = [
        *HOSTILE,
        "a\x01b",  # a control character XML cannot carry: escaped, not refused
        "_x0041_",  # text that looks like Excel's own escape: read back as written
        "#N/A",  # an error value's spelling: text, not an error
        "x\r\ny",
        "biasa",
    ]
    out = tmp_path / "nilai.xlsx"
    rows = [[v, v, -5, Kind.BIASA] for v in values]
    write_sheets(out, [Sheet("Nilai", ["=JUDUL", "NIK", "angka", "jenis"], rows, (1, 2))])
    got = _read(out)
    assert got[0][0] == ("=JUDUL", "s", True)  # a heading from a file: text too
    for want, row in zip(values, got[1:], strict=True):
        for value, kind, quoted in row[:2]:
            assert (value, kind) == (want, "s")
            assert quoted == (want[:1] in LEADS)
        assert row[2] == ("-5", "s", True)  # a negative number in a text column is text
        assert row[3] == ("=bukan rumus", "s", True)
    book = CalamineWorkbook.from_path(str(out))
    read = book.get_sheet_by_index(0).to_python()
    assert [r[0] for r in read[1:]] == values
    assert [r[1] for r in read[1:]] == values
    assert ooxml_text("biasa") == "biasa"
    assert ooxml_text("\rCR") == "_x000D_CR"


def test_the_error_workbook_keeps_a_hostile_file_as_text(tmp_path: Path):
    """The workbook of rows to fix repeats the file's headings and cells, whatever they hold."""
    src = text_sheet(
        tmp_path / "asal.xlsx",
        [["NIK", "NAMA", "KET\x01"], ["3313051203800001", "BU\x02DI", "\x7fx"]],
    )
    out = tmp_path / "perbaiki.xlsx"
    issue = RowIssue(2, "NAMA", "NAME_SUSPICIOUS", "warning", "Periksa.")
    assert write_issue_workbook(src, [issue], out, sheet=None, header_row=1) == 1
    got = _read(out)
    assert got[0][2][0] == "KET\x01"
    assert got[1][1][:2] == ("BU\x02DI", "s")


def test_csv_fields_a_spreadsheet_reads_as_text(tmp_path: Path):
    values = [*HOSTILE, "'=sudah dikutip", "''+dua", "'biasa", "SITI AMINAH", "+6281234567890"]
    out = tmp_path / "daftar.csv"
    rows = [["3313051203800001", v, -5, 1500000] for v in values]
    assert write_csv(out, ["NIK", "NAMA", "selisih", "iuran"], rows) == len(values)
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # Excel reads the letters as UTF-8
    with out.open(encoding="utf-8-sig", newline="") as fh:
        read = list(csv.reader(fh, delimiter=";"))
    assert read[0] == ["NIK", "NAMA", "selisih", "iuran"]
    for want, (nik, name, diff, fee) in zip(values, read[1:], strict=True):
        # what a spreadsheet sees: nothing it would run, and the text itself behind the quote
        assert name[:1] not in LEADS
        assert unguarded(name) == want
        assert nik == "3313051203800001"  # digits only: as written
        assert (diff, fee) == ("-5", "1500000")  # numbers stay numbers
    assert csv_cell("+6281234567890") == "'+6281234567890"  # a phone stays readable
    assert csv_cell(None) == ""
    assert csv_cell(True) == "1"
