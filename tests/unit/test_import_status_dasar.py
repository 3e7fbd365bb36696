"""Status dasar as SIAK, the Buku Induk and OpenSID write it: every word becomes its code, an
unknown word rejects the row (never a silent HIDUP), an empty cell leaves a new resident HIDUP."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from jkn_desktop.domain import codes
from jkn_desktop.domain.nik import make_nik
from jkn_desktop.importers.resident_sheet import parse_resident_sheet
from tests.sheets import sheet

TODAY = dt.date(2026, 11, 22)
HEAD = ["NIK", "NO KK", "NAMA", "JK", "STATUS DASAR"]
KK = "3313050306224132"

WORDS = {
    "Hidup": codes.HIDUP,
    "HIDUP": codes.HIDUP,
    "Ada": codes.HIDUP,
    "1": codes.HIDUP,
    "Mati": codes.MATI,
    "Meninggal": codes.MATI,
    "Meninggal Dunia": codes.MATI,
    "MENINGGAL DUNIA": codes.MATI,
    "Wafat": codes.MATI,
    "2": codes.MATI,
    "Pindah": codes.PINDAH,
    "Pindah Dalam Negeri": codes.PINDAH,
    "Pindah Luar Negeri": codes.PINDAH,
    "Pindah Antar Kab/Kota": codes.PINDAH,
    "PINDAH ANTAR PROVINSI": codes.PINDAH,
    "Pindah Keluar": codes.PINDAH,
    "3": codes.PINDAH,
    "Hilang": codes.HILANG,
    "4": codes.HILANG,
    "Pergi": codes.PERGI,
    "6": codes.PERGI,
}


def nik(serial: int) -> str:
    return make_nik("331305", dt.date(1980, 3, 12), "L", serial)


def parse(tmp_path: Path, statuses: list[object], head: list[str] = HEAD):
    rows = [[nik(i + 1), KK, f"WARGA {i + 1}", "L", status] for i, status in enumerate(statuses)]
    return parse_resident_sheet(sheet(tmp_path / "status.xlsx", [head, *rows]), today=TODAY)


def test_status_words_of_siak_and_the_buku_induk_map_to_their_codes(tmp_path):
    parsed = parse(tmp_path, list(WORDS))
    got = {word: r.values.get("status_dasar") for word, r in zip(WORDS, parsed.rows, strict=True)}
    assert got == WORDS
    assert not [i for r in parsed.rows for i in r.issues if i.column == "STATUS DASAR"]


def test_siak_status_column_headed_just_status_keeps_the_status_words(tmp_path):
    """A column headed "Status" holding Meninggal Dunia / Pindah Antar Kab/Kota is status dasar,
    not marital status."""
    parsed = parse(
        tmp_path,
        ["Hidup", "Meninggal Dunia", "Pindah Antar Kab/Kota", "Wafat"],
        head=["NIK", "NO KK", "NAMA", "JK", "Status"],
    )
    assert [r.values.get("status_dasar") for r in parsed.rows] == [1, 2, 3, 2]
    assert "marital_status" not in parsed.match.fields


@pytest.mark.parametrize("word", ["Sakit", "Kawin", "Pindah Datang", "7", "Mudik"])
def test_an_unknown_status_word_rejects_the_row_and_names_the_accepted_words(tmp_path, word):
    parsed = parse(tmp_path, ["Hidup", word])
    good, bad = parsed.rows
    assert not good.rejected
    assert bad.rejected
    assert "status_dasar" not in bad.values  # never silently HIDUP
    issue = next(i for i in bad.issues if i.code == "STATUS_DASAR_UNKNOWN")
    assert issue.severity == "error"
    assert issue.column == "STATUS DASAR"
    assert f"'{word}'" in issue.message
    for accepted in ("HIDUP", "MENINGGAL", "PINDAH DALAM NEGERI", "HILANG", "PERGI"):
        assert accepted in issue.message


@pytest.mark.parametrize("word", ["Tidak Valid", "TIDAK VALID", "9"])
def test_tidak_valid_word_or_code_9_is_not_imported(tmp_path, word):
    parsed = parse(tmp_path, [word])
    assert [i.code for i in parsed.rows[0].issues if i.severity == "error"] == [
        "STATUS_TIDAK_VALID"
    ]


def test_an_empty_status_cell_makes_a_new_resident_hidup(village_db, tmp_path):
    from jkn_desktop.services.registry import resident_search
    from jkn_desktop.services.registry.resident_import import import_residents

    rows = [[nik(1), KK, "KOSONG", "L", None], [nik(2), KK, "STRIP", "L", "-"]]
    result = village_db.run(import_residents, sheet(tmp_path / "kosong.xlsx", [HEAD, *rows]))
    assert (result.created, result.rejected) == (2, 0)
    assert {r.status_dasar for r in village_db.run(resident_search.search, "")} == {codes.HIDUP}
