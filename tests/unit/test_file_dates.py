"""The month a participant list speaks for and the day a resident file speaks for, read from the
title rows above the header (which win) or else from the file name; None whenever it is not
unambiguous. Then the parsers hand them over: ParsedList.period_in_file, ParsedSheet.file_date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jkn_desktop.domain.nik import make_nik
from jkn_desktop.importers.file_dates import file_date, list_period
from jkn_desktop.importers.pbi_rows import parse_list
from jkn_desktop.importers.resident_sheet import parse_resident_sheet
from tests.sheets import sheet

NO_NAME = "daftar.xlsx"


def titles(*lines: str) -> list[list[object]]:
    return [[line] for line in lines]


@pytest.mark.parametrize(
    "rows",
    [
        titles("BULAN OKTOBER 2026"),
        titles("DAFTAR PESERTA PBI JK KABUPATEN KARANGANYAR", "DESA GIRILAYU - BULAN OKTOBER 2026"),
        titles("Periode 10/2026"),
        titles("PERIODE: 10-2026"),
        titles("Oktober 2026"),
        [["Bulan :", "Okt 2026"]],
        [["BULAN", "OKTOBER", 2026]],
        titles("Bulan 10 Tahun 2026"),
        titles("Periode 2026-10"),
        titles("MONTH: October 2026"),
        titles("Data bulan Oct. 2026"),
        titles("BULAN OKTOBER 2026", "Dicetak 05-11-2026"),  # a full date is not the month
    ],
)
def test_list_period_from_the_title_rows(rows):
    assert list_period(rows, NO_NAME) == "2026-10"


@pytest.mark.parametrize(
    ("word", "month"),
    [
        ("Jan", 1),
        ("Feb", 2),
        ("Pebruari", 2),
        ("Mar", 3),
        ("Apr", 4),
        ("Mei", 5),
        ("May", 5),
        ("Jun", 6),
        ("Jul", 7),
        ("Agu", 8),
        ("Agt", 8),
        ("Ags", 8),
        ("Agustus", 8),
        ("August", 8),
        ("Sep", 9),
        ("Sept", 9),
        ("Okt", 10),
        ("Nov", 11),
        ("Nopember", 11),
        ("Des", 12),
        ("Desember", 12),
        ("December", 12),
    ],
)
def test_list_period_knows_indonesian_and_english_month_names_and_abbreviations(word, month):
    assert list_period(titles(f"Bulan : {word} 2026"), NO_NAME) == f"2026-{month:02d}"


@pytest.mark.parametrize(
    "name",
    [
        "pbi_dinsos_girilayu_2026-10.xlsx",
        "pbi_dinsos_girilayu_10-2026.xlsx",
        "PBI_OKTOBER_2026.xlsx",
        "pbi okt 2026.xls",
        "PBI_202610.xlsx",
        "202610.csv",
        "pbi_2026_10.xlsx",
    ],
)
def test_list_period_from_the_file_name(name):
    assert list_period(titles("DAFTAR PESERTA PBI JK", "DESA GIRILAYU"), name) == "2026-10"


def test_list_period_title_wins_over_the_file_name():
    assert list_period(titles("BULAN NOVEMBER 2026"), "pbi_2026-10.xlsx") == "2026-11"


@pytest.mark.parametrize(
    ("rows", "name"),
    [
        (titles("PERIODE JANUARI - MARET 2026"), NO_NAME),  # a quarter, not a month
        (titles("BULAN SEPTEMBER 2026", "BULAN OKTOBER 2026"), NO_NAME),
        (titles("BULAN SEPTEMBER"), "pbi_2026-10.xlsx"),  # the name contradicts the title
        (titles("Keadaan per 30 September 2026"), NO_NAME),  # a day is not a month
        (titles("Surat nomor 470/10/2026"), NO_NAME),
        (titles("KODE DESA 33.13.05.2006"), NO_NAME),
        (titles("TAHUN ANGGARAN 2026"), NO_NAME),
        ([], "pbi_2026-10-05.xlsx"),
        ([], "pbi_girilayu_v2.xlsx"),
        ([], "pbi_2026-09_2026-10.xlsx"),
    ],
)
def test_list_period_is_none_when_not_unambiguous(rows, name):
    assert list_period(rows, name) is None


SEPT_30 = dt.date(2026, 9, 30)


@pytest.mark.parametrize(
    "rows",
    [
        [["PERIODE/TANGGAL", ":", "\u00a030-09-2026"]],
        titles("Keadaan per 30 September 2026"),
        titles("Tanggal: 30/09/2026"),
        titles("Data per 2026-09-30"),
        titles("KEADAAN PER 30 SEPT 2026"),
        [["Tanggal:", dt.datetime(2026, 9, 30)]],
        titles("Keadaan per 30-09-2026, dicetak 05-10-2026"),
        titles("Dicetak 05-10-2026", "Keadaan per 30-09-2026"),
        titles("DESA GIRILAYU (33.13.05.2006)", "Keadaan per 30-09-2026"),
    ],
)
def test_file_date_from_the_title_rows(rows):
    assert file_date(rows, NO_NAME) == SEPT_30


def test_file_date_per_tanggal_with_a_month_name():
    assert file_date(titles("Per tanggal 1 Oktober 2026"), NO_NAME) == dt.date(2026, 10, 1)


def test_file_date_a_printing_date_when_it_is_the_only_date():
    assert file_date(titles("Dicetak tanggal 05-10-2026"), NO_NAME) == dt.date(2026, 10, 5)


@pytest.mark.parametrize(
    "name",
    [
        "penduduk_2026-09-30.xlsx",
        "penduduk_30-09-2026.xlsx",
        "penduduk_20260930.xlsx",
        "penduduk_30092026.csv",
        "Penduduk 30 September 2026.xls",
    ],
)
def test_file_date_from_the_file_name(name):
    assert file_date(titles("BUKU INDUK PENDUDUK"), name) == SEPT_30


def test_file_date_title_wins_over_the_file_name():
    assert file_date(titles("Keadaan per 30-09-2026"), "penduduk_2026-08-31.xlsx") == SEPT_30


@pytest.mark.parametrize(
    ("rows", "name"),
    [
        (titles("Keadaan per September 2026"), NO_NAME),  # no day
        (titles("Tanggal: 31/02/2026"), NO_NAME),  # not a date
        (titles("Per 30-09-2026", "Per 01-10-2026"), NO_NAME),
        (titles("KODE DESA 33.13.05.2006"), NO_NAME),
        ([["No. KK : 3313050102110012"]], NO_NAME),
        ([], "penduduk_2026-09.xlsx"),
        ([], "penduduk.xlsx"),
    ],
)
def test_file_date_is_none_when_not_unambiguous(rows, name):
    assert file_date(rows, name) is None


def test_parsed_list_carries_the_period_in_the_file(tmp_path):
    head = ["NO", "NIK", "NAMA"]
    person = [1, make_nik("331305", dt.date(1980, 3, 12), "L", 1), "BUDI"]
    rows = [["DAFTAR PESERTA PBI JK"], ["DESA GIRILAYU - BULAN SEPTEMBER 2026"], head, person]
    parsed = parse_list(sheet(tmp_path / "pbi_2026-10.xlsx", rows))
    assert parsed.period_in_file == "2026-09"  # the title, not the name
    parsed = parse_list(sheet(tmp_path / "pbi_10-2026.xlsx", [head, person]))
    assert parsed.period_in_file == "2026-10"
    assert parse_list(sheet(tmp_path / "pbi.xlsx", [head, person])).period_in_file is None


def test_parsed_resident_sheet_carries_the_file_date(tmp_path):
    head = ["NIK", "NO KK", "NAMA"]
    person = [make_nik("331305", dt.date(1980, 3, 12), "L", 1), "3313050306224132", "BUDI"]
    rows = [["BUKU INDUK PENDUDUK WNI"], ["PERIODE/TANGGAL", ":", "30-09-2026"], [], head, person]
    parsed = parse_resident_sheet(sheet(tmp_path / "bip.xlsx", rows))
    assert parsed.file_date == SEPT_30
    parsed = parse_resident_sheet(sheet(tmp_path / "penduduk_2026-08-31.xlsx", [head, person]))
    assert parsed.file_date == dt.date(2026, 8, 31)
    assert parse_resident_sheet(sheet(tmp_path / "p.xlsx", [head, person])).file_date is None


SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
PBI_SAMPLE = SAMPLES / "pbi_dinsos_girilayu_2026-10.xlsx"
BIP_2016 = SAMPLES / "real" / "format_bip_2016.xls"


@pytest.mark.skipif(not PBI_SAMPLE.exists(), reason="shared samples not beside the checkout")
def test_the_dinsos_sample_speaks_for_october_2026():
    """Its title says "DESA GIRILAYU - BULAN OKTOBER 2026"."""
    assert parse_list(PBI_SAMPLE).period_in_file == "2026-10"


@pytest.mark.skipif(not BIP_2016.exists(), reason="real field files not beside the checkout")
def test_the_buku_induk_2016_template_speaks_for_its_periode_tanggal():
    """Its title block says "PERIODE/TANGGAL : 16-04-2015" over three cells."""
    assert parse_resident_sheet(BIP_2016).file_date == dt.date(2015, 4, 16)
