"""NIK and No. KK in an imported file: digits of other scripts are read as ASCII digits, an
impossible province code and a No. KK serial 0000 reject the row, a No. KK issued after the import
day is a warning."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jkn_desktop.domain.nik import make_nik
from jkn_desktop.importers.pbi_rows import parse_list
from jkn_desktop.importers.resident_sheet import parse_resident_sheet
from tests.sheets import sheet

TODAY = dt.date(2026, 11, 22)
HEAD = ["NIK", "NO KK", "NAMA", "JK", "TGL LAHIR"]
KK = "3313050306224132"
BUDI = make_nik("331305", dt.date(1980, 3, 12), "L", 1)
SITI = make_nik("331305", dt.date(1985, 6, 5), "P", 2)


def in_script(number: str, zero: str) -> str:
    return "".join(chr(ord(zero) + int(d)) for d in number)


def parse(tmp_path: Path, rows: list[list[object]], name: str = "data.xlsx"):
    return parse_resident_sheet(sheet(tmp_path / name, [HEAD, *rows]), today=TODAY)


def errors(row) -> list[str]:
    return [i.code for i in row.issues if i.severity == "error"]


@pytest.mark.parametrize("zero", ["\u0660", "\u06f0", "\uff10"], ids=["arab", "persia", "lebar"])
def test_nik_and_no_kk_in_other_digits_are_read_as_ascii(tmp_path, zero):
    rows = [[in_script(BUDI, zero), in_script(KK, zero), "BUDI", "L", "12-03-1980"]]
    (row,) = parse(tmp_path, rows).rows
    assert (row.nik, row.no_kk) == (BUDI, KK)
    assert not row.issues


def test_nik_in_arabic_digits_from_a_csv(tmp_path):
    path = tmp_path / "arab.csv"
    line = ";".join([in_script(SITI, "\u0660"), KK, "SITI", "P", "05-06-1985"])
    path.write_text(";".join(HEAD) + "\n" + line + "\n", encoding="utf-8")
    (row,) = parse_resident_sheet(path, today=TODAY).rows
    assert row.nik == SITI
    assert not row.rejected


def test_impossible_province_code_rejects_the_row(tmp_path):
    rows = [
        ["99" + BUDI[2:], KK, "BUDI", "L", "12-03-1980"],
        [SITI, "10" + KK[2:], "SITI", "P", "05-06-1985"],
    ]
    nik_row, kk_row = parse(tmp_path, rows).rows
    assert errors(nik_row) == ["NIK_PROVINCE_INVALID"]
    assert errors(kk_row) == ["KK_PROVINCE_INVALID"]
    message = next(i.message for i in nik_row.issues if i.code == "NIK_PROVINCE_INVALID")
    assert "kode provinsi" in message
    assert "99" in message


def test_no_kk_serial_0000_rejects_the_row(tmp_path):
    (row,) = parse(tmp_path, [[BUDI, KK[:12] + "0000", "BUDI", "L", "12-03-1980"]]).rows
    assert errors(row) == ["KK_SERIAL_INVALID"]


def test_no_kk_issued_after_the_import_day_is_a_warning(tmp_path):
    future = "331305" + "231126" + "4132"  # 23-11-2026, the day after TODAY
    (row,) = parse(tmp_path, [[BUDI, future, "BUDI", "L", "12-03-1980"]]).rows
    assert not row.rejected
    assert [(i.code, i.severity) for i in row.issues] == [("KK_DATE_FUTURE", "warning")]


def test_participant_list_says_why_a_nik_is_not_used(tmp_path):
    rows = [
        ["NO", "NIK", "NAMA"],
        [1, "99" + BUDI[2:], "BUDI"],
        [2, in_script(SITI, "\uff10"), "SITI"],
    ]
    budi, siti = parse_list(sheet(tmp_path / "pbi.xlsx", rows), today=TODAY).rows
    assert budi.nik == ""
    (issue,) = budi.issues
    assert (issue.code, issue.severity) == ("NIK_FORMAT", "warning")
    assert "kode provinsi" in issue.message
    assert "nama dan tanggal lahir" in issue.message
    assert siti.nik == SITI
