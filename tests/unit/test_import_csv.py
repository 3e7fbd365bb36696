"""CSV files as Excel and village systems save them: the separator is sniffed, so a semicolon file
whose quoted names and addresses hold more commas than it has semicolons still reads right, and so
does a tab file; with title rows above the header the separators outside quotes are counted."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import pytest

from jkn_desktop.domain.nik import make_nik
from jkn_desktop.importers.reader import csv_delimiter
from jkn_desktop.importers.resident_sheet import parse_resident_sheet

TODAY = dt.date(2026, 11, 22)
KK = "3313050306224132"
ADDRESS = (
    "Jl. Kenanga No. 5, RT 01, RW 02, Dusun Tlogo, Desa Girilayu, Kec. Matesih, Kab. Karanganyar"
)
PEOPLE = [
    ("SANTOSO, BUDI", "L", dt.date(1980, 3, 12), ADDRESS),
    ("AMINAH, SITI", "P", dt.date(1985, 6, 5), ADDRESS),
    ("SANTOSO, DIMAS", "L", dt.date(2010, 1, 1), ADDRESS.replace("Kenanga No. 5", "Melati, Gg. 3")),
]


def write_csv(
    path: Path, delimiter: str, titles: list[str] = (), encoding: str = "utf-8", people=PEOPLE
) -> Path:
    """Text cells quoted, as OpenSID and most exports write them; numbers and codes bare."""
    lines = [*titles, delimiter.join(["NIK", "NO KK", "NAMA", "JK", "TGL LAHIR", "ALAMAT"])]
    for i, (name, sex, born, address) in enumerate(people, start=1):
        nik = make_nik("331305", born, sex, i)
        lines.append(
            delimiter.join([nik, KK, f'"{name}"', sex, f"{born:%d-%m-%Y}", f'"{address}"'])
        )
    path.write_bytes("\r\n".join(lines).encode(encoding))
    return path


def check(parsed) -> None:
    assert parsed.match.fields >= {"nik", "no_kk", "name", "sex", "birth_date", "address"}
    assert len(parsed.rows) == len(PEOPLE)
    assert [r.values["name"] for r in parsed.rows] == [p[0] for p in PEOPLE]
    assert [r.household["address"] for r in parsed.rows] == [p[3] for p in PEOPLE]
    assert not [i for r in parsed.rows for i in r.issues if i.severity == "error"]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_semicolon_csv_with_commas_in_quoted_names_and_addresses(tmp_path, encoding):
    path = write_csv(tmp_path / "penduduk.csv", ";", encoding=encoding)
    text = path.read_text(encoding=encoding)
    assert text.count(",") > text.count(";")  # a raw count would have chosen the comma
    assert '"SANTOSO, BUDI"' in text
    check(parse_resident_sheet(path, today=TODAY))


def test_tab_csv_with_commas_and_semicolons_in_quoted_cells(tmp_path):
    people = [(n, s, b, a + "; Kodepos 57781") for n, s, b, a in PEOPLE]
    path = write_csv(tmp_path / "penduduk.csv", "\t", people=people)
    text = path.read_text()
    assert text.count(",") > text.count("\t")  # a raw count would have chosen the comma
    assert ";" in text
    parsed = parse_resident_sheet(path, today=TODAY)
    assert [r.household["address"] for r in parsed.rows] == [p[3] for p in people]
    assert [r.values["name"] for r in parsed.rows] == [p[0] for p in people]


def test_title_rows_above_the_header(tmp_path):
    titles = ["DAFTAR PENDUDUK, DESA GIRILAYU, KEC. MATESIH, KAB. KARANGANYAR", "RT 01, RW 02", ""]
    parsed = parse_resident_sheet(write_csv(tmp_path / "p.csv", ";", titles=titles), today=TODAY)
    assert parsed.header_row == 4
    check(parsed)


SAMPLES = [
    ('NIK;NAMA;ALAMAT\n1;"A, B, C";"D, E, F"\n', ";"),
    ('NIK,NAMA,ALAMAT\n1,"A; B; C","D; E; F"\n', ","),
    ('NIK\tNAMA\tALAMAT\n1\t"A, B; C"\t"D, E; F"\n', "\t"),
    ('JUDUL, DESA, KEC\nNIK;NAMA;ALAMAT\n1;"A, B, C";"D, E, F"\n', ";"),
]


@pytest.mark.parametrize(("sample", "expected"), [*SAMPLES, ("NIK", ",")])
def test_the_separator_is_the_one_outside_quotes(sample, expected):
    assert csv_delimiter(sample) == expected


@pytest.mark.parametrize(("sample", "expected"), SAMPLES)
def test_when_the_sniffer_gives_up_separators_outside_quotes_are_counted(
    sample, expected, monkeypatch
):
    def give_up(*_args, **_kwargs):
        raise csv.Error("Could not determine delimiter")

    monkeypatch.setattr(csv.Sniffer, "sniff", give_up)
    assert csv_delimiter(sample) == expected


def test_sniffer_gives_up_on_title_rows_without_quotes_and_the_count_decides(tmp_path):
    lines = [
        "DAFTAR PENDUDUK, DESA GIRILAYU, KEC. MATESIH",
        "RT 01, RW 02, DUSUN TLOGO",
        "",
        "NIK;NO KK;NAMA;JK",
    ]
    lines += [f"{make_nik('331305', dt.date(1980, 3, i), 'L', i)};{KK};WARGA {i};L" for i in (1, 2)]
    sample = "\n".join(lines)
    with pytest.raises(csv.Error):
        csv.Sniffer().sniff(sample, delimiters=",;\t")
    assert csv_delimiter(sample) == ";"
    path = tmp_path / "judul.csv"
    path.write_text(sample)
    parsed = parse_resident_sheet(path, today=TODAY)
    assert [r.values["name"] for r in parsed.rows] == ["WARGA 1", "WARGA 2"]
