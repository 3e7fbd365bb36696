"""Values a file can hold but a person cannot have: a birth date after today or before 1900, a name
without a letter, a name or an address carrying characters nobody sees (zero-width spaces and
joiners, the BOM, a soft hyphen, bidi marks). A resident file rejects the row; a PBI list drops the
value with a warning, as it does for a date it cannot read."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from openpyxl import Workbook

from jkn_desktop.domain.names import clean_name, clean_text, has_letter, strip_invisible
from jkn_desktop.domain.nik import make_nik, make_no_kk
from jkn_desktop.importers.pbi_rows import parse_list
from jkn_desktop.importers.resident_sheet import parse_resident_sheet
from jkn_desktop.services.registry import resident_search
from jkn_desktop.services.registry.resident_import import import_residents

TODAY = dt.date(2026, 11, 22)
ZWSP, ZWJ, BOM, SHY, RLM, LRE, PDF = (
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u00ad",
    "\u200f",
    "\u202a",
    "\u202c",
)
HEAD = ["NIK", "NO KK", "NAMA", "JK", "TGL LAHIR", "SHDK", "ALAMAT", "DUSUN"]
KK = make_no_kk("331305", dt.date(2015, 1, 1), 1)


def nik(serial: int, born: dt.date = dt.date(1980, 1, 1), sex: str = "L") -> str:
    return make_nik("331305", born, sex, serial)


def xlsx(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def codes(parsed_rows, line):
    return {i.code: i for r in parsed_rows if r.line == line for i in r.issues}


@pytest.mark.parametrize(
    ("written", "kept"),
    [
        (f"{ZWSP}{ZWSP}", ""),
        (f"{BOM}SITI AMINAH", "SITI AMINAH"),
        (f"BUDI{SHY}MAN", "BUDIMAN"),
        (f"{RLM}SRI{ZWJ} WAHYUNI{LRE}{PDF}", "SRI WAHYUNI"),
        ("  KARTO\t\nSUWITO\u00a0 ", "KARTO SUWITO"),
        ("\x07SLAMET\x00", "SLAMET"),
    ],
)
def test_invisible_characters_leave_names(written, kept):
    assert clean_name(written) == kept
    assert clean_text(written) == kept


def test_only_printable_text_is_left_alone():
    text = "Jl. Merdeka No. 5, RT 02/RW 03"
    assert strip_invisible(text) is text
    assert has_letter("Ni Luh")
    assert has_letter("أحمد")
    assert not has_letter("12-3 .")


def test_resident_rows_with_implausible_values_are_rejected(village_db, tmp_path):
    rows = [
        HEAD,
        [
            nik(1),
            KK,
            "BUDI SANTOSO",
            "L",
            "01-01-1980",
            "KEPALA KELUARGA",
            f"Jl.{ZWSP} Merdeka{BOM}",
            f"Tlogo{SHY}",
        ],
        [nik(2), KK, f"{ZWSP}{ZWSP}{ZWSP}", "L", "01-01-1980", "ANAK", "Jl. Merdeka", "Tlogo"],
        [nik(3), KK, "12345", "L", "01-01-1980", "ANAK", "Jl. Merdeka", "Tlogo"],
        [nik(4), KK, "DIMAS", "L", dt.datetime(2150, 1, 1), "ANAK", "Jl. Merdeka", "Tlogo"],
        [nik(5), KK, "KARTO", "L", "01-01-1850", "ANAK", "Jl. Merdeka", "Tlogo"],
        [nik(6), KK, f"AGUS{SHY}TINUS", "L", "01-01-1980", "ANAK", "Jl. Merdeka", "Tlogo"],
        [nik(7), KK, "-", "L", "", "ANAK", "Jl. Merdeka", "Tlogo"],
    ]
    path = xlsx(tmp_path / "penduduk.xlsx", rows)
    parsed = parse_resident_sheet(path, today=TODAY).rows
    assert codes(parsed, 3)["NAME_MISSING"].message.startswith(
        "Nama hanya berisi karakter yang tidak terlihat"
    )
    assert codes(parsed, 4)["NAME_INVALID"].severity == "error"
    assert "'12345' tidak berisi huruf" in codes(parsed, 4)["NAME_INVALID"].message
    future = codes(parsed, 5)
    assert future["BIRTHDATE_FUTURE"].severity == "error"
    assert "01-01-2150" in future["BIRTHDATE_FUTURE"].message
    assert "NIK_BIRTHDATE_MISMATCH" not in future
    assert "BIRTHDATE_FROM_NIK" not in future
    old = codes(parsed, 6)
    assert old["BIRTHDATE_TOO_OLD"].severity == "error"
    assert "sebelum tahun 1900" in old["BIRTHDATE_TOO_OLD"].message
    assert "NAME_INVALID" in codes(parsed, 8)

    result = village_db.run(import_residents, path, today=TODAY)
    assert (result.created, result.rejected) == (2, 5)
    budi = village_db.run(resident_search.search, nik(1))[0]
    assert (budi.name, budi.address, budi.dusun) == ("BUDI SANTOSO", "Jl. Merdeka", "Tlogo")
    assert village_db.run(resident_search.search, nik(6))[0].name == "AGUSTINUS"
    for serial in (2, 3, 4, 5, 7):
        assert village_db.run(resident_search.search, nik(serial)) == []


def test_a_birth_date_in_the_place_and_date_column(village_db, tmp_path):
    rows = [
        ["NIK", "NO KK", "NAMA", "JK", "TEMPAT DAN TANGGAL LAHIR"],
        [nik(1), KK, "BUDI", "L", "Karanganyar, 1 Januari 2150"],
    ]
    parsed = parse_resident_sheet(xlsx(tmp_path / "ttl.xlsx", rows), today=TODAY).rows
    assert "BIRTHDATE_FUTURE" in codes(parsed, 2)


def test_the_plausible_edges_still_import(village_db, tmp_path):
    rows = [
        HEAD,
        [
            nik(1, dt.date(1900, 1, 1)),
            KK,
            "MBAH KARTO",
            "L",
            "01-01-1900",
            "KEPALA KELUARGA",
            "",
            "",
        ],
        [nik(2, TODAY), KK, "BAYI", "L", TODAY.strftime("%d-%m-%Y"), "ANAK", "", ""],
    ]
    parsed = parse_resident_sheet(xlsx(tmp_path / "tepi.xlsx", rows), today=TODAY).rows
    assert not any(r.rejected for r in parsed)


def pbi_list(path: Path, rows: list[list[object]]) -> Path:
    return xlsx(path, [["NO", "NIK", "NAMA", "TGL LAHIR", "ALAMAT"], *rows])


def test_a_pbi_list_drops_the_implausible_value_and_keeps_the_row(tmp_path):
    path = pbi_list(
        tmp_path / "pbi_2026-10.xlsx",
        [
            [1, nik(1), "BUDI SANTOSO", "01-01-2150", f"Jl.{ZWSP} Merdeka"],
            [2, nik(2), "SITI", "01-01-1850", "Jl. Merdeka"],
            [3, nik(3), "-", "01-01-1980", "Jl. Merdeka"],
            [4, "", f"{ZWSP}{ZWJ}", "01-01-1980", "Jl. Merdeka"],
            [5, "", "123", "01-01-1980", "Jl. Merdeka"],
            [6, nik(6), f"{BOM}AGUS", "01-01-1980", "Jl. Merdeka"],
        ],
    )
    rows = {r.line: r for r in parse_list(path, today=TODAY).rows}
    future = {i.code: i for i in rows[2].issues}["BIRTHDATE_FUTURE"]
    assert future.severity == "warning"
    assert "tidak dipakai untuk mencocokkan" in future.message
    assert (rows[2].birth_date, rows[2].rejected, rows[2].address) == (None, False, "Jl. Merdeka")
    assert rows[3].birth_date is None
    assert {i.code: i.severity for i in rows[3].issues}["BIRTHDATE_TOO_OLD"] == "warning"
    invalid = {i.code: i.severity for i in rows[4].issues}
    assert (invalid["NAME_INVALID"], rows[4].name, rows[4].nik, rows[4].rejected) == (
        "warning",
        "",
        nik(3),
        False,
    )
    assert {i.code for i in rows[5].issues} == {"NAME_MISSING"}
    assert rows[5].rejected
    assert {"NAME_INVALID", "NAME_MISSING"} <= {i.code for i in rows[6].issues}
    assert rows[6].rejected
    assert rows[7].name == "AGUS"
