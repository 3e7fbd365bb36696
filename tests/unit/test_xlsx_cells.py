"""The workbook writer reuses one prepared cell per column: each cell still gets exactly its own
kind and format, whatever the rows before it held."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from jkn_desktop.exporters.xlsx import Sheet, write_sheets


def test_each_cell_keeps_its_own_kind_and_format_across_rows(tmp_path: Path):
    out = tmp_path / "campur.xlsx"
    rows = [
        ["3313050101800001", dt.date(2026, 1, 2), 1500000, "=1+1", None],
        [None, "teks biasa", 2500.5, 7, "ada"],
        [3313050101800002.0, dt.datetime(2026, 3, 4, 5, 6), 42, "#N/A", ""],
        ["0012", 3, None, None, "=SUM(A1)"],
    ]
    sheet = Sheet("Campur", ["NIK", "Isi", "Uang", "Nama", "Catatan"], rows, (0,), None, (2,))
    write_sheets(out, [sheet])
    ws = load_workbook(out)["Campur"]
    got = [[(c.value, c.data_type, c.number_format) for c in r] for r in ws.iter_rows(min_row=2)]
    assert got[0][0] == ("3313050101800001", "s", "@")
    assert got[0][1][0] == dt.datetime(2026, 1, 2)
    assert got[0][1][1] == "d"
    assert got[0][2] == (1500000, "n", "#,##0")
    # data, never a formula; as if typed after an apostrophe, so editing it keeps it text
    assert got[0][3] == ("=1+1", "s", "@")
    assert ws["D2"].quotePrefix
    assert not ws["D3"].quotePrefix  # the next row's number in the same column: no prefix
    assert got[1][0][0] in (None, "")
    assert got[1][0][2] == "@"
    # the row after a date: the text in the same column does not inherit the date's format
    assert got[1][1] == ("teks biasa", "s", "General")
    assert got[1][2] == (2500.5, "n", "General")  # not whole rupiah: no money format
    assert got[1][3] == (7, "n", "General")
    # a float in a text column is a value Excel already damaged: it stays a number
    assert got[2][0] == (3313050101800002.0, "n", "General")
    assert got[2][1][1] == "d"
    assert got[2][2] == (42, "n", "#,##0")
    assert got[3][0] == ("0012", "s", "@")
    assert got[3][1] == (3, "n", "General")
    assert got[3][4] == ("=SUM(A1)", "s", "@")
    assert got[2][3] == ("#N/A", "s", "General")  # text, not Excel's error value
