"""Importing residents from the files villages have: every issue code where it applies, nothing
written on a dry run or a cancel, never a delete, and the same file twice changes nothing."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook

from jkn_desktop.errors import Cancelled
from jkn_desktop.importers.reader import ImportFileError
from jkn_desktop.services.membership import evidence
from jkn_desktop.services.registry import households, resident_search, residents
from jkn_desktop.services.registry.resident_import import import_residents
from jkn_desktop.services.registry.stats import registry_stats

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
EXPECTED = json.loads((SAMPLES / "expected.json").read_text()) if SAMPLES.exists() else {}
needs_samples = pytest.mark.skipif(
    not SAMPLES.exists(), reason="shared samples not beside the checkout"
)

HEAD = ["NIK", "NO KK", "NAMA", "JK", "TGL LAHIR", "SHDK", "PEKERJAAN", "RT", "RW", "DUSUN"]


def xlsx(path: Path, rows: list[list[object]], title_rows: int = 0) -> Path:
    wb = Workbook()
    ws = wb.active
    for i in range(title_rows):
        ws.append([f"DAFTAR PENDUDUK BARIS JUDUL {i + 1}"])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def codes_at(result, row):
    return sorted(i.code for i in result.issues if i.row == row)


@needs_samples
def test_opensid_export_imports_as_is(village_db):
    result = village_db.run(import_residents, SAMPLES / "opensid_penduduk_girilayu.xlsx")
    exp = EXPECTED["opensid_penduduk_girilayu.xlsx"]
    assert (result.rows, result.rejected) == (exp["rows"], exp["rejected"])
    assert result.created + result.updated + result.unchanged + result.rejected == result.rows
    assert "NIK_PRECISION_LOST" in codes_at(result, 6)
    assert "NIK_DATE_INVALID" in codes_at(result, 12)
    assert "NIK_DUPLICATE_IN_FILE" in codes_at(result, 17)
    assert "NIK_DUPLICATE_IN_FILE" in codes_at(result, 18)
    assert "NIK_SEX_MISMATCH" in codes_at(result, 24)
    assert "ayah_nik" in result.unused_columns  # listed, never silently dropped
    assert result.mapping["id_asuransi"] == "Asuransi (kode OpenSID)"
    # rows 32-33: insurance 2 (BPJS PBI) and 3 (non-PBI, with a card number) become observations
    from jkn_desktop.domain import jkn as J
    from jkn_desktop.services.membership.evidence import history

    pbi = village_db.run(resident_search.search, "3313056909130225")[0].id
    non_pbi = village_db.run(resident_search.search, "3313052302250232")[0].id
    assert [
        (h.segment, h.status, h.source)
        for h in village_db.run(evidence.history, write=False, resident_id=pbi)
    ] == [(J.PBI_APBN, J.STATUS_TIDAK_DIKETAHUI, "impor")]
    assert [(h.segment, h.card_no) for h in village_db.run(history, non_pbi, write=False)] == [
        (J.NON_PBI, "0001234567890")
    ]
    assert village_db.run(registry_stats).residents == result.created
    again = village_db.run(import_residents, SAMPLES / "opensid_penduduk_girilayu.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, result.created)


@needs_samples
def test_hand_made_list_with_title_rows_and_labels(village_db):
    result = village_db.run(import_residents, SAMPLES / "daftar_penduduk_rt02_tlogo.xlsx")
    exp = EXPECTED["daftar_penduduk_rt02_tlogo.xlsx"]
    assert (result.rows, result.rejected, result.header_row) == (
        exp["rows"],
        exp["rejected"],
        exp["header_row"],
    )
    assert not [
        i for i in result.issues if i.code == "CODE_UNKNOWN"
    ]  # "Petani", "Istri" are understood
    row = village_db.run(resident_search.search, "3313050602536004")[0]
    assert (row.rt, row.rw, row.dusun) == (
        "002",
        "003",
        "Tlogo",
    )  # from the title "RT 02 RW 03 DUSUN TLOGO"
    assert row.birth_date == dt.date(1953, 2, 6)


def test_every_error_code_where_it_applies(village_db, tmp_path):
    rows = [
        HEAD,
        [
            "",
            "3313050306224132",
            "TANPA NIK",
            "L",
            "12-03-1980",
            "Kepala Keluarga",
            "",
            "1",
            "1",
            "Krajan",
        ],  # 2
        ["33130512038000", "3313050306224132", "NIK PENDEK", "L", "", "Anak", "", "", "", ""],  # 3
        [
            "3313053102800001",
            "3313050306224132",
            "TANGGAL NIK SALAH",
            "L",
            "",
            "Anak",
            "",
            "",
            "",
            "",
        ],  # 4
        [
            "3313051203800000",
            "3313050306224132",
            "SERIAL NOL",
            "L",
            "",
            "Anak",
            "",
            "",
            "",
            "",
        ],  # 5
        [3313051203800010, "3313050306224132", "ANGKA EXCEL", "L", "", "Anak", "", "", "", ""],  # 6
        ["3.31305E+15", "3313050306224132", "NOTASI ILMIAH", "L", "", "Anak", "", "", "", ""],  # 7
        ["3313051203800011", "", "TANPA KK", "L", "", "Anak", "", "", "", ""],  # 8
        ["3313051203800012", "33130503", "KK PENDEK", "L", "", "Anak", "", "", "", ""],  # 9
        ["3313051203800013", 3313050306224130, "KK ANGKA", "L", "", "Anak", "", "", "", ""],  # 10
        ["3313051203800014", "3313050306224132", "", "L", "", "Anak", "", "", "", ""],  # 11
        [
            "3313051203800015",
            "3313050306224132",
            "TGL RUSAK",
            "L",
            "31-02-1980",
            "Anak",
            "",
            "",
            "",
            "",
        ],  # 12
        ["3313051203800016", "3313050306224132", "JK RUSAK", "X", "", "Anak", "", "", "", ""],  # 13
        ["3313051203800017", "3313050306224132", "KEMBAR A", "L", "", "Anak", "", "", "", ""],  # 14
        ["3313051203800017", "3313050306224132", "KEMBAR B", "L", "", "Anak", "", "", "", ""],  # 15
    ]
    result = village_db.run(import_residents, xlsx(tmp_path / "salah.xlsx", rows), dry_run=True)
    expected = {
        2: "NIK_MISSING",
        3: "NIK_FORMAT",
        4: "NIK_DATE_INVALID",
        5: "NIK_SERIAL_INVALID",
        6: "NIK_PRECISION_LOST",
        7: "NIK_PRECISION_LOST",
        8: "KK_MISSING",
        9: "KK_FORMAT",
        10: "KK_PRECISION_LOST",
        11: "NAME_MISSING",
        12: "BIRTHDATE_INVALID",
        13: "SEX_INVALID",
        14: "NIK_DUPLICATE_IN_FILE",
        15: "NIK_DUPLICATE_IN_FILE",
    }
    for row, code in expected.items():
        errors = [i for i in result.issues if i.row == row and i.severity == "error"]
        assert code in [i.code for i in errors], (row, errors)
    assert result.rejected == len(expected)
    dup = next(i for i in result.issues if i.row == 14 and i.code == "NIK_DUPLICATE_IN_FILE")
    assert "15" in dup.message
    assert village_db.run(registry_stats).residents == 0  # dry run


def test_every_warning_code_where_it_applies(village_db, tmp_path):
    rows = [
        HEAD,
        [
            "3313054506850002",
            "3313050306224132",
            "SITI",
            "L",
            "05-06-1985",
            "Istri",
            "",
            "",
            "",
            "",
        ],  # sex mismatch
        [
            "3313051203800001",
            "3313050306224132",
            "BUDI",
            "L",
            "13-03-1980",
            "Kepala Keluarga",
            "",
            "",
            "",
            "",
        ],  # date mismatch
        [
            "3399051203800001",
            "3313050306224132",
            "ORANG JAUH",
            "L",
            "12-03-1980",
            "Anak",
            "",
            "",
            "",
            "",
        ],  # region
        [
            "3313051203100002",
            "3313050306224132",
            "TANPA TGL",
            "",
            "",
            "Anak",
            "Penjelajah",
            "",
            "",
            "",
        ],  # from NIK, code
        [
            "3313051203700003",
            "3313050306229999",
            "KK TANPA KEPALA",
            "L",
            "",
            "Anak",
            "",
            "",
            "",
            "",
        ],
        [
            "3313051203700004",
            "3313050306228888",
            "KEPALA SATU",
            "L",
            "",
            "Kepala Keluarga",
            "",
            "",
            "",
            "",
        ],
        [
            "3313051203700005",
            "3313050306228888",
            "KEPALA DUA",
            "L",
            "",
            "Kepala Keluarga",
            "",
            "",
            "",
            "",
        ],
    ]
    result = village_db.run(
        import_residents,
        xlsx(tmp_path / "peringatan.xlsx", rows),
        region_known=lambda c: c != "33.99.05",
    )
    assert result.rejected == 0
    assert "NIK_SEX_MISMATCH" in codes_at(result, 2)
    assert "NIK_BIRTHDATE_MISMATCH" in codes_at(result, 3)
    assert "NIK_REGION_UNKNOWN" in codes_at(result, 4)
    assert {"BIRTHDATE_FROM_NIK", "SEX_FROM_NIK", "CODE_UNKNOWN"} <= set(codes_at(result, 5))
    assert "KK_HEAD_MISSING" in codes_at(result, 6)
    assert "KK_HEAD_MULTIPLE" in codes_at(result, 7)
    assert "KK_HEAD_MULTIPLE" in codes_at(result, 8)
    assert all(i.severity == "warning" for i in result.issues)
    person = village_db.run(resident_search.search, "3313051203100002")[0]
    assert (person.sex, person.birth_date) == ("L", dt.date(2010, 3, 12))


def test_values_in_every_shape_villages_write(village_db, tmp_path):
    rows = [
        HEAD,
        [
            "'3313 0512 0380 0001",
            "3313.0503.0622.4132",
            "  budi   santoso ",
            "Laki laki",
            dt.date(1980, 3, 12),
            "1",
            "petani",
            2,
            "1",
            "Krajan",
        ],
        [
            "3313054506850002",
            "3313050306224132",
            "Siti",
            "PEREMPUAN",
            31203,
            "ISTRI",
            "",
            "002",
            "001",
            "Krajan",
        ],
        ["3313050101150003", "3313050306224132", "Adi", "lk", "2015-01-01", "anak", "", "", "", ""],
        [
            "3313054202160004",
            "3313050306224132",
            "Ani",
            "P",
            "2 Februari 2016",
            "Anak",
            "",
            "",
            "",
            "",
        ],
        ["3313050303170005", "3313050306224132", "Agus", "1", "03/03/2017", "Anak", "", "", "", ""],
    ]
    result = village_db.run(import_residents, xlsx(tmp_path / "bentuk.xlsx", rows))
    assert result.rejected == 0
    assert not [i for i in result.issues if i.severity == "error"]
    found = {r.nik: r for r in village_db.run(resident_search.search)}
    budi = found["3313051203800001"]
    assert (budi.name, budi.sex, budi.birth_date, budi.no_kk, budi.rt) == (
        "budi santoso",
        "L",
        dt.date(1980, 3, 12),
        "3313050306224132",
        "002",
    )
    assert found["3313054506850002"].birth_date == dt.date(1985, 6, 5)  # Excel serial 31203
    assert found["3313054202160004"].birth_date == dt.date(2016, 2, 2)
    assert found["3313050303170005"].birth_date == dt.date(2017, 3, 3)
    hid = village_db.run(households.find_by_no_kk, "3313050306224132").id
    assert next(m.name for m in village_db.run(households.members, hid)) == "budi santoso"


@pytest.mark.parametrize(
    ("encoding", "delimiter"), [("utf-8-sig", ";"), ("cp1252", ";"), ("utf-8", ",")]
)
def test_csv_from_indonesian_excel(village_db, tmp_path, encoding, delimiter):
    text = "\n".join(
        delimiter.join(r)
        for r in [
            ["NIK", "NO KK", "NAMA LENGKAP", "JENIS KELAMIN", "TANGGAL LAHIR"],
            ["3313051203800001", "3313050306224132", "BUDI SANTOSO", "L", "12-03-1980"],
            ["3313054506850002", "3313050306224132", "SITI ÁMINAH", "P", "05-06-1985"],
        ]
    )
    path = tmp_path / "data.csv"
    path.write_bytes(text.encode(encoding))
    result = village_db.run(import_residents, path)
    assert (result.rows, result.created, result.rejected) == (2, 2, 0)
    assert village_db.run(resident_search.search, "3313054506850002")[0].name == "SITI ÁMINAH"


def test_reimport_updates_changed_fields_and_never_deletes(village_db, tmp_path):
    first = [
        HEAD,
        [
            "3313051203800001",
            "3313050306224132",
            "BUDI",
            "L",
            "12-03-1980",
            "Kepala Keluarga",
            "Petani",
            "1",
            "1",
            "Krajan",
        ],
        [
            "3313054506850002",
            "3313050306224132",
            "SITI",
            "P",
            "05-06-1985",
            "Istri",
            "",
            "1",
            "1",
            "Krajan",
        ],
    ]
    village_db.run(import_residents, xlsx(tmp_path / "a.xlsx", first))
    second = [
        HEAD,
        [
            "3313051203800001",
            "3313050306224132",
            "BUDI SANTOSO",
            "L",
            "12-03-1980",
            "Kepala Keluarga",
            "Wiraswasta",
            "1",
            "1",
            "Krajan",
        ],
    ]
    result = village_db.run(import_residents, xlsx(tmp_path / "b.xlsx", second))
    assert (result.created, result.updated, result.unchanged) == (0, 1, 0)
    assert village_db.run(registry_stats).residents == 2  # SITI is not in the file and stays
    budi = village_db.run(resident_search.search, "3313051203800001")[0]
    history = village_db.run(residents.history, budi.id)
    assert {(h.field, h.old_value, h.new_value) for h in history if h.action == "update"} == {
        ("name", "BUDI", "BUDI SANTOSO"),
        ("occupation", "9", "88"),
    }


def test_cancel_leaves_the_database_untouched(village_db, tmp_path):
    rows = [HEAD] + [
        [f"331305120380{i:04d}", "3313050306224132", f"WARGA {i}", "L", "", "Anak", "", "", "", ""]
        for i in range(1, 300)
    ]

    def cancel(done, total):
        if done > total // 2:
            raise Cancelled()

    with pytest.raises(Cancelled):
        village_db.run(import_residents, xlsx(tmp_path / "besar.xlsx", rows), progress=cancel)
    assert village_db.run(registry_stats).residents == 0
    assert village_db.run(registry_stats).households == 0


@pytest.mark.parametrize(
    ("content", "name", "code"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 200, "foto.xlsx", "FILE_UNREADABLE"),
        (b"", "kosong.xlsx", "FILE_EMPTY"),
        (b"PK\x03\x04" + b"\0" * 50, "terpotong.xlsx", "FILE_UNREADABLE"),
        (b"\x89PNG\r\n\x1a\n\0\0\0", "gambar.csv", "FILE_UNREADABLE"),
    ],
)
def test_bad_files_get_one_clear_message(village_db, tmp_path, content, name, code):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as exc:
        village_db.run(import_residents, path)
    assert exc.value.code == code
    assert name in exc.value.message


def test_no_header_and_no_nik_column(village_db, tmp_path):
    with pytest.raises(ImportFileError) as exc:
        village_db.run(import_residents, xlsx(tmp_path / "a.xlsx", [["apa", "ini"], ["1", "2"]]))
    assert exc.value.code == "HEADER_NOT_FOUND"
    with pytest.raises(ImportFileError) as exc:
        village_db.run(
            import_residents,
            xlsx(
                tmp_path / "b.xlsx",
                [["NAMA", "NO KK", "ALAMAT"], ["BUDI", "3313050306224132", "x"]],
            ),
        )
    assert exc.value.code == "NIK_COLUMN_MISSING"
    with pytest.raises(ImportFileError) as exc:
        village_db.run(import_residents, xlsx(tmp_path / "c.xlsx", []))
    assert exc.value.code == "HEADER_NOT_FOUND"


def test_export_then_import_changes_nothing(demo_db, tmp_path):
    from openpyxl import load_workbook

    from jkn_desktop.services.registry.resident_export import export_residents

    path = tmp_path / "ekspor.xlsx"
    n = demo_db.run(export_residents, path, write=False)
    assert n == demo_db.run(registry_stats).residents
    ws = load_workbook(path).active
    assert ws["A2"].data_type == "s"
    assert ws["B2"].data_type == "s"
    assert len(ws["A2"].value) == 16
    result = demo_db.run(import_residents, path)
    assert (result.created, result.updated, result.rejected) == (0, 0, 0)
    assert result.unchanged == n


def test_issue_workbook_lists_rows_to_fix(village_db, tmp_path):
    from openpyxl import load_workbook

    from jkn_desktop.importers.report import write_issue_workbook

    rows = [
        HEAD,
        [
            "3313051203800001",
            "3313050306224132",
            "BUDI",
            "L",
            "",
            "Kepala Keluarga",
            "",
            "",
            "",
            "",
        ],
        ["3313053102800001", "3313050306224132", "SALAH", "L", "", "Anak", "", "", "", ""],
    ]
    src = xlsx(tmp_path / "a.xlsx", rows)
    result = village_db.run(import_residents, src, dry_run=True)
    out = tmp_path / "perbaiki.xlsx"
    write_issue_workbook(src, result.issues, out, sheet=result.sheet, header_row=result.header_row)
    ws = load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header[: len(HEAD)] == HEAD
    assert header[-3:] == ["BARIS ASAL", "TINGKAT", "PESAN"]
    values = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    bad = next(v for v in values if v[len(HEAD)] == 3)
    assert bad[0] == "3313053102800001"
    assert bad[len(HEAD) + 1] == "KESALAHAN (ditolak)"
    # the message in words, no internal code
    assert "TGL LAHIR" in bad[len(HEAD) + 2] or "NIK" in bad[len(HEAD) + 2]
    assert "_" not in bad[len(HEAD) + 2]


def test_issue_workbook_keeps_a_cut_nik_rejected(village_db, tmp_path):
    """A NIK Excel already cut must not come back from the error workbook as text that looks
    right: re-importing the workbook unchanged rejects it again until someone retypes it."""
    from jkn_desktop.services.registry.resident_import import save_issue_workbook

    rows = [
        HEAD,
        [
            3313051203800010.0,
            "3313050306224132",
            "BUDI",
            "L",
            "",
            "Kepala Keluarga",
            "",
            "",
            "",
            "",
        ],
    ]
    first = village_db.run(import_residents, xlsx(tmp_path / "a.xlsx", rows))
    assert [i.code for i in first.issues if i.severity == "error"] == ["NIK_PRECISION_LOST"]
    out = tmp_path / "perbaiki.xlsx"
    save_issue_workbook(first, out)
    again = village_db.run(import_residents, out)
    assert (again.rows, again.rejected, again.created) == (1, 1, 0)
    assert "NIK_PRECISION_LOST" in [i.code for i in again.issues]


def test_needs_columns_feed_the_apbdes_priority(village_db, tmp_path):
    """OpenSID's cacat_id / sakit_menahun_id / hamil (codes or words) are kept for the priority
    score; a file without them leaves what was recorded alone."""
    head = [
        "nik",
        "no_kk",
        "nama",
        "sex",
        "tanggallahir",
        "kk_level",
        "cacat_id",
        "sakit_menahun_id",
        "hamil",
    ]
    rows = [
        head,
        [
            "3313051203800001",
            "3313050306224132",
            "BUDI",
            1,
            "1980-03-12",
            1,
            7,
            "DIABETES MELITUS",
            0,
        ],
        [
            "3313054506850002",
            "3313050306224132",
            "SITI",
            2,
            "1985-06-05",
            3,
            "CACAT NETRA/BUTA",
            14,
            1,
        ],
        ["3313054506850003", "3313050306224132", "ANI", 2, "1985-06-05", 4, "", "", "entah"],
    ]
    result = village_db.run(import_residents, xlsx(tmp_path / "opensid.xlsx", rows))
    assert result.created == 3
    assert codes_at(result, 4) == ["CODE_UNKNOWN"]  # "entah" is neither yes nor no
    got = {
        r.name: village_db.run(residents.get, r.id)
        for r in village_db.run(resident_search.search, "")
    }
    assert (got["BUDI"].disability, got["BUDI"].chronic_illness, got["BUDI"].pregnant) == (
        7,
        6,
        False,
    )
    assert (got["SITI"].disability, got["SITI"].chronic_illness, got["SITI"].pregnant) == (
        2,
        14,
        True,
    )
    assert (got["ANI"].disability, got["ANI"].pregnant) == (None, False)
    village_db.run(
        import_residents,
        xlsx(
            tmp_path / "tanpa.xlsx",
            [
                HEAD,
                [
                    "3313054506850002",
                    "3313050306224132",
                    "SITI",
                    "P",
                    "05-06-1985",
                    "Istri",
                    "",
                    "1",
                    "1",
                    "Krajan",
                ],
            ],
        ),
    )
    assert village_db.run(residents.get, got["SITI"].id).pregnant is True
