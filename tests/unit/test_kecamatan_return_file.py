"""The return file per village and its import at the village: what the village must correct (the
verdicts naming it, the package sent back with a note), the hashes checked, the village's own
code checked, read twice adds nothing, marked done with the person and time, audited."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from jkn_desktop.domain import duplicates as D
from jkn_desktop.errors import UserError
from jkn_desktop.services.kecamatan.corrections import (
    corrections,
    import_corrections,
    open_count,
    resolve_correction,
)
from jkn_desktop.services.kecamatan.duplicates import find_duplicates
from jkn_desktop.services.kecamatan.return_file import export_return_file, return_rows
from jkn_desktop.services.kecamatan.verdicts import set_verdict
from tests.kec_rows import V1, V2, make_kecamatan, package, person

PERIOD = "2026-10"
GIRILAYU = "33.13.05.2006"  # the village_db fixture's code


@pytest.fixture
def kec(new_db: Any) -> Any:
    """The kecamatan's database, of the test's engine."""
    db = new_db("kecamatan")
    make_kecamatan(db)
    return db


def _month(kec: Any) -> None:
    package(
        kec,
        GIRILAYU,
        PERIOD,
        [
            person("3313050101800001", "Budi Santoso", status_date=dt.date(2019, 5, 1)),
            person("3313051203800001", "H. Moch. Djoenaedi", mother_name="Siti Aminah"),
            person("3313050303030003", "Wati", sex="P"),
        ],
        returned_note="Data desil belum diperbarui; kirim ulang paket.",
    )
    package(
        kec,
        V1,
        PERIOD,
        [
            person("3313050101800001", "Budi Santoso", status_date=dt.date(2026, 8, 3)),
            person("3313051203800099", "Muhammad Junaedi", mother_name="SITI AMINAH"),
            person("3313050303030003", "Wati", sex="P"),
        ],
    )
    package(kec, V2, PERIOD, [person("3313050303030003", "Wati", sex="P")])
    report = kec.run(find_duplicates, PERIOD, write=False)
    budi = next(c for c in report.candidates if c.kind == D.NIK_SAMA and c.a.name == "Budi Santoso")
    junaedi = next(c for c in report.candidates if c.kind == D.ORANG_SAMA)
    wati_v2 = next(
        c for c in report.candidates if c.kind == D.NIK_SAMA and set(c.villages) == {GIRILAYU, V2}
    )
    assert report.counts() == {D.NIK_SAMA: 4, D.ORANG_SAMA: 1}  # Wati in three villages: 3 pairs
    kec.run(
        set_verdict, D.NIK_SAMA, budi.pair_key, D.SAMA, GIRILAYU, "", period=PERIOD, user="staf"
    )
    kec.run(
        set_verdict,
        D.ORANG_SAMA,
        junaedi.pair_key,
        D.SAMA,
        GIRILAYU,
        "Gunakan NIK sesuai KTP-el",
        period=PERIOD,
        user="staf",
    )
    # Wati: V2 must correct, not Girilayu
    kec.run(set_verdict, D.NIK_SAMA, wati_v2.pair_key, D.SAMA, V2, "", period=PERIOD, user="staf")


def test_the_return_file_lists_what_the_village_must_correct(kec: Any, tmp_path: Path) -> None:
    _month(kec)
    rows = kec.run(return_rows, PERIOD, GIRILAYU, write=False)
    assert [(r.kind, r.nik, r.other_nik) for r in rows] == [
        (D.NIK_SAMA, "3313050101800001", "3313050101800001"),
        (D.ORANG_SAMA, "3313051203800001", "3313051203800099"),
        (D.PAKET_DIKEMBALIKAN, "", ""),
    ]
    assert rows[0].other_village.startswith("Desa ")
    assert rows[0].other_village.endswith(f"({V1})")
    assert "Hidup" in rows[0].other_record
    assert "3 Agustus 2026" in rows[0].other_record
    assert rows[0].note.startswith("NIK ini tercatat hidup juga di desa lain")
    assert rows[1].note == "Gunakan NIK sesuai KTP-el"
    assert rows[2].note == "Data desil belum diperbarui; kirim ulang paket."
    out = tmp_path / "koreksi.xlsx"
    result = kec.run(export_return_file, PERIOD, GIRILAYU, out, user="staf")
    assert result.rows == 3
    assert len(result.sha256) == 64
    wb = load_workbook(out)
    assert wb.sheetnames == ["Manifest", "Koreksi"]
    manifest = {r[0]: r[1] for r in wb["Manifest"].iter_rows(min_row=2, values_only=True)}
    assert manifest["format"] == "jkn-desktop-koreksi-kecamatan"
    assert manifest["kode_kecamatan"] == "33.13.05"
    assert manifest["kode_wilayah"] == GIRILAYU
    assert manifest["periode"] == PERIOD
    sheet = wb["Koreksi"]
    first = list(next(sheet.iter_rows(min_row=2, max_row=2)))
    assert first[0].value == "NIK sama di dua desa"
    assert first[1].data_type == "s"
    assert first[1].value == "3313050101800001"
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_corrected_pairs_drop_out_of_the_next_return_file(kec: Any) -> None:
    _month(kec)
    # November: Girilayu recorded Budi as moved; Junaedi still there
    package(
        kec,
        GIRILAYU,
        "2026-11",
        [
            person("3313050101800001", "Budi Santoso", status_dasar=3),
            person("3313051203800001", "H. Moch. Djoenaedi", mother_name="Siti Aminah"),
        ],
    )
    package(
        kec,
        V1,
        "2026-11",
        [
            person("3313050101800001", "Budi Santoso"),
            person("3313051203800099", "Muhammad Junaedi", mother_name="SITI AMINAH"),
        ],
    )
    rows = kec.run(return_rows, "2026-11", GIRILAYU, write=False)
    assert [r.kind for r in rows] == [D.ORANG_SAMA]


def test_the_village_imports_checks_and_marks_done(
    kec: Any, village_db: Any, tmp_path: Path
) -> None:
    from sqlalchemy import select

    from jkn_desktop.persistence.tables import audit_t

    _month(kec)
    out = tmp_path / "koreksi-girilayu.xlsx"
    kec.run(export_return_file, PERIOD, GIRILAYU, out, user="staf")
    first = village_db.run(import_corrections, out, user="sekdes")
    assert (first.period, first.rows, first.added) == (PERIOD, 3, 3)
    again = village_db.run(import_corrections, out, user="sekdes")
    assert again.added == 0
    rows = village_db.run(corrections, write=False)
    assert {r.kind for r in rows} == {D.NIK_SAMA, D.ORANG_SAMA, D.PAKET_DIKEMBALIKAN}
    assert village_db.run(open_count, write=False) == 3
    done = village_db.run(resolve_correction, rows[0].id, user="sekdes")
    assert done.resolved_by == "sekdes"
    assert done.resolved_at is not None
    assert village_db.run(open_count, write=False) == 2
    assert len(village_db.run(corrections, open_only=True, write=False)) == 2
    village_db.run(import_corrections, out, user="sekdes")  # the done mark stays
    assert village_db.run(open_count, write=False) == 2
    with village_db.engine.connect() as conn:
        trail = conn.execute(
            select(audit_t.c.action, audit_t.c.field, audit_t.c.actor).where(
                audit_t.c.entity == "kecamatan_correction"
            )
        ).all()
    assert ("create", "rows", "sekdes") in trail
    assert ("update", "resolved_at", "sekdes") in trail


def _edit(path: Path, sheet: str, cell: str, value: str, target: Path) -> Path:
    wb = load_workbook(path)
    wb[sheet][cell].value = value
    wb.save(target)
    return target


def test_altered_foreign_or_wrong_files_are_refused_and_keep_nothing(
    kec: Any, village_db: Any, tmp_path: Path
) -> None:
    _month(kec)
    good = tmp_path / "koreksi.xlsx"
    kec.run(export_return_file, PERIOD, GIRILAYU, good, user="staf")
    other = tmp_path / "koreksi-v1.xlsx"
    kec.run(export_return_file, PERIOD, V1, other, user="staf")
    cases = {
        "KOREKSI_DIUBAH": [
            _edit(good, "Koreksi", "C2", "Budi Santosa", tmp_path / "a.xlsx"),
            _edit(good, "Manifest", "B9", "2026-09", tmp_path / "b.xlsx"),  # periode
        ],
        "KOREKSI_DESA_LAIN": [other],
        "KOREKSI_BUKAN_BERKAS": [_edit(good, "Manifest", "B2", "paket-lain", tmp_path / "c.xlsx")],
    }
    for code, files in cases.items():
        for f in files:
            with pytest.raises(UserError) as err:
                village_db.run(import_corrections, f, user="sekdes")
            assert err.value.code == code, f.name
            assert f.name in err.value.message
    assert village_db.run(corrections, write=False) == []


def test_the_return_file_needs_a_known_village_and_export_rights(kec: Any, tmp_path: Path) -> None:
    with pytest.raises(UserError) as err:
        kec.run(return_rows, PERIOD, "33.13.05.2999", write=False)
    assert err.value.code == "KOREKSI_DESA_ASING"
    with pytest.raises(UserError) as err:
        kec.run(export_return_file, PERIOD, GIRILAYU, tmp_path / "x.pdf")
    assert err.value.code == "JENIS_BERKAS"


def test_a_pbi_pair_stays_while_both_lists_carry_it(kec: Any) -> None:
    pbi = {"segment": "pbi_apbn", "jkn_status": "aktif"}
    for period, status in (("2026-10", "aktif"), ("2026-11", "nonaktif")):
        package(kec, GIRILAYU, period, [person("1001", "Sumarni", **{**pbi, "jkn_status": status})])
        package(kec, V1, period, [person("1001", "Sumarni", **pbi)])
    (c,) = kec.run(find_duplicates, "2026-10", kinds=[D.PBI_GANDA], write=False).candidates
    kec.run(set_verdict, D.PBI_GANDA, c.pair_key, D.SAMA, GIRILAYU, "", user="staf")
    rows = kec.run(return_rows, "2026-10", GIRILAYU, write=False)
    assert [(r.kind, r.note[:40]) for r in rows] == [
        (D.PBI_GANDA, "Orang ini aktif sebagai PBI JK di dua de")
    ]
    assert kec.run(return_rows, "2026-11", GIRILAYU, write=False) == []
