"""NIK and No. KK columns holding numbers are judged per column, not per cell: a program writes the
real numbers (about one in ten ends in 0, and those are real), while Excel keeps 15 digits so every
number it stored ends in 0 (then all of them are flagged)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import load_workbook

from jkn_desktop.domain.nik import make_nik, make_no_kk
from jkn_desktop.importers.pbi_rows import parse_list
from jkn_desktop.importers.resident_sheet import parse_resident_sheet
from jkn_desktop.importers.values import numbers_are_exact
from tests.sheets import sheet

TODAY = dt.date(2026, 11, 22)
HEAD = ["NIK", "NO KK", "NAMA", "JK"]
KK = "3313050306224132"


def nik(serial: int) -> str:
    return make_nik("331305", dt.date(1980, 3, 12), "L", serial)


def parse_niks(tmp_path: Path, serials: list[int]):
    rows = [[int(nik(s)), KK, f"WARGA {s}", "L"] for s in serials]  # numbers, as a program writes
    return parse_resident_sheet(sheet(tmp_path / "angka.xlsx", [HEAD, *rows]), today=TODAY)


def codes(row) -> list[str]:
    return [i.code for i in row.issues if i.severity == "error"]


def test_numbers_written_by_a_program_are_exact_even_those_ending_in_0(tmp_path):
    """50 numeric NIKs of which 5 end in 0 (serials 10, 20, … 50): all accepted."""
    serials = list(range(1, 51))
    parsed = parse_niks(tmp_path, serials)
    assert sum(1 for s in serials if s % 10 == 0) == 5
    assert [r.nik for r in parsed.rows] == [nik(s) for s in serials]
    assert not [r for r in parsed.rows if codes(r)]


def test_numbers_that_all_end_in_0_were_cut_by_excel(tmp_path):
    """20 numeric NIKs, every one ending in 0: Excel cut them, all are flagged."""
    parsed = parse_niks(tmp_path, [10 * s for s in range(1, 21)])
    assert len(parsed.rows) == 20
    assert all(codes(r) == ["NIK_PRECISION_LOST"] for r in parsed.rows)
    assert all(r.nik == "" for r in parsed.rows)


def test_a_column_where_most_numbers_end_in_0_is_not_trusted(tmp_path):
    """8 of 10 ending in 0 is not chance (one in ten would): those 8 are flagged, the 2 others
    cannot have been cut and are accepted."""
    serials = [10, 20, 30, 40, 50, 60, 70, 80, 91, 92]
    parsed = parse_niks(tmp_path, serials)
    flagged = [s for s, r in zip(serials, parsed.rows, strict=True) if codes(r)]
    assert flagged == serials[:8]
    assert all(codes(r) == ["NIK_PRECISION_LOST"] for r in parsed.rows[:8])


def test_no_kk_numbers_are_judged_per_column_too(tmp_path):
    kks = [make_no_kk("331305", dt.date(2022, 6, 3), s) for s in range(1, 21)]  # 2 end in 0
    rows = [[nik(i), int(kk), f"WARGA {i}", "L"] for i, kk in enumerate(kks, start=1)]
    parsed = parse_resident_sheet(sheet(tmp_path / "kk.xlsx", [HEAD, *rows]), today=TODAY)
    assert [r.no_kk for r in parsed.rows] == kks
    assert not [r for r in parsed.rows if codes(r)]
    cut = [[nik(i), int(kk[:-1] + "0"), f"WARGA {i}", "L"] for i, kk in enumerate(kks, start=1)]
    parsed = parse_resident_sheet(sheet(tmp_path / "kk0.xlsx", [HEAD, *cut]), today=TODAY)
    assert all(codes(r) == ["KK_PRECISION_LOST"] for r in parsed.rows)


def test_text_cells_keep_their_rule_and_do_not_count(tmp_path):
    """Text ending in 0 is accepted as before; one number among text, ending in 0, is still cut."""
    rows = [[nik(s), KK, f"WARGA {s}", "L"] for s in range(1, 21)]
    rows.append([int(nik(30)), KK, "ANGKA", "L"])
    parsed = parse_resident_sheet(sheet(tmp_path / "teks.xlsx", [HEAD, *rows]), today=TODAY)
    assert parsed.rows[9].nik == nik(10)
    assert not codes(parsed.rows[9])
    assert codes(parsed.rows[-1]) == ["NIK_PRECISION_LOST"]


def test_numbers_are_exact_rule():
    real = [float(nik(s)) for s in range(1, 11)]  # one in ten ends in 0
    assert numbers_are_exact(real)
    assert numbers_are_exact([*real, "3313051203800010", None])
    assert not numbers_are_exact([float(nik(10)), float(nik(20))])
    assert not numbers_are_exact(["3313051203800011", None, 12.0])  # no 16-digit numbers at all


def test_participant_list_with_numeric_niks_written_by_a_program(tmp_path):
    head = ["NO", "NOKA", "NIK", "NAMA"]
    rows = [[s, f"{s:013d}", int(nik(s)), f"PESERTA {s}"] for s in range(1, 31)]
    parsed = parse_list(sheet(tmp_path / "pbi.xlsx", [head, *rows]), today=TODAY)
    assert [r.nik for r in parsed.rows] == [nik(s) for s in range(1, 31)]
    assert not [i for r in parsed.rows for i in r.issues]
    cut = [[s, f"{s:013d}", int(nik(10 * s)), f"PESERTA {s}"] for s in range(1, 11)]
    parsed = parse_list(sheet(tmp_path / "pbi0.xlsx", [head, *cut]), today=TODAY)
    assert {i.code for r in parsed.rows for i in r.issues} == {"NIK_PRECISION_LOST"}


def test_issue_workbook_writes_a_real_nik_ending_in_0_as_text(village_db, tmp_path):
    """The error workbook follows the import's decision: a program's NIK ending in 0 comes back as
    text, so importing the corrected workbook accepts it."""
    from jkn_desktop.services.registry.resident_import import import_residents, save_issue_workbook

    rows = [[int(nik(s)), KK, f"WARGA {s}", "L"] for s in range(1, 21)]
    rows[9][2] = ""  # serial 10: NAME_MISSING
    result = village_db.run(
        import_residents, sheet(tmp_path / "a.xlsx", [HEAD, *rows]), dry_run=True
    )
    assert [(i.row, i.code) for i in result.issues if i.severity == "error"] == [
        (11, "NAME_MISSING")
    ]
    out = tmp_path / "perbaiki.xlsx"
    save_issue_workbook(result, out)
    ws = load_workbook(out).active
    baris_asal = [c.value for c in ws[1]].index("BARIS ASAL")
    fixed = next(r for r in ws.iter_rows(min_row=2) if r[baris_asal].value == 11)
    assert (fixed[0].value, fixed[0].data_type) == (nik(10), "s")
