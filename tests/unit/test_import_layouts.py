"""Dukcapil's own layouts and the odd rows real sheets carry: the Buku Induk Penduduk of 2012 and
2016 (members under a household line, two-row headers, column numbers, non-breaking spaces), the
SIAK export (status column, "Tidak Valid" rows), notes under the data, and a corrected mapping."""

from __future__ import annotations

import datetime as dt

import pytest

from jkn_desktop.importers.reader import ImportFileError
from jkn_desktop.importers.resident_sheet import inspect_sheet, parse_resident_sheet
from jkn_desktop.services.registry import households
from jkn_desktop.services.registry.resident_import import import_residents
from tests.sheets import sheet

NBSP = "\u00a0"


def members(db, no_kk):
    hh = db.run(households.find_by_no_kk, no_kk)
    assert hh is not None, f"KK {no_kk} not imported"
    return hh, db.run(households.members, hh.id)


def test_bip_2016_members_under_household_lines(village_db, tmp_path):
    rows = [
        ["BUKU INDUK PENDUDUK WNI"],
        [],
        [
            "PROVINSI",
            ":",
            f"{NBSP}JAWA TENGAH",
            f"KABUPATEN/KOTA{NBSP}{NBSP}",
            ":",
            f"{NBSP}KARANGANYAR",
        ],
        ["KECAMATAN", ":", f"{NBSP}MATESIH", "DESA/KELURAHAN", ":", f"{NBSP}GIRILAYU"],
        [],
        [
            "No",
            "Nama Lengkap",
            "NIK",
            "Tempat dan Tanggal Lahir",
            None,
            "JK",
            "SHDK",
            "Agama",
            "Pendidikan",
            "Pekerjaan",
            "Nama Orang Tua Kandung",
            "Nama Orang Tua Kandung",
        ],
        [
            None,
            None,
            None,
            "Tempat Lahir",
            "Tgl/Bln/Th",
            None,
            None,
            None,
            "Terakhir",
            None,
            "Ibu",
            "Ayah",
        ],
        [-1, -2, -3, -4, -5, -6, -7, -8, -9, -10, -11, -12],
        [
            f"No. KK : 3313050102110012 {NBSP}",
            None,
            "Alamat : GIRILAYU, Nama Dusun : Tlogo, RT/RW : 003/001",
        ],
        [
            1,
            "SUPARMAN",
            f"3313050107620702{NBSP}",
            "KARANGANYAR",
            dt.date(1962, 7, 1),
            "Lk",
            "KEPALA KELUARGA",
            "ISLAM",
            "TAMAT SD/SEDERAJAT",
            "PETANI/PEKEBUN",
            "SAINEM",
            "KARSO",
        ],
        [
            2,
            "SUWARNI",
            f"3313054107740318{NBSP}",
            "KARANGANYAR",
            dt.date(1974, 7, 1),
            "Pr",
            "ISTRI",
            "ISLAM",
            "SLTP/SEDERAJAT",
            "MENGURUS RUMAH TANGGA",
            "PAINEM",
            "",
        ],
        [
            f"No. KK : 3313050102110013 {NBSP}",
            None,
            "Alamat : JL. RAYA 5, Nama Dusun : -, RT/RW : 005/-",
        ],
        [
            3,
            "DARMAJI",
            f"3313052002880004{NBSP}",
            "SOLO",
            dt.date(1988, 2, 20),
            "Lk",
            "KEPALA KELUARGA",
            "ISLAM",
            "STRATA-II",
            "BELUM/TIDAK BEKERJA",
            "SAPENAH",
            "SAMSUDIN",
        ],
    ]
    result = village_db.run(import_residents, sheet(tmp_path / "bip2016.xlsx", rows))
    assert (result.rows, result.created, result.rejected) == (3, 3, 0)
    assert result.header_row == 7  # the second line of the two-row header
    assert not [i for i in result.issues if i.severity == "error"]
    hh, people = members(village_db, "3313050102110012")
    assert (hh.address, hh.rt, hh.rw, hh.dusun) == ("GIRILAYU", "003", "001", "Tlogo")
    assert [(p.name, p.sex) for p in people] == [("SUPARMAN", "L"), ("SUWARNI", "P")]
    hh2, people2 = members(village_db, "3313050102110013")
    assert (hh2.address, hh2.rt, hh2.rw, hh2.dusun) == ("JL. RAYA 5", "005", "", "")
    assert [p.name for p in people2] == ["DARMAJI"]
    assert "Nama Orang Tua Kandung Ayah" in result.unused_columns


def test_bip_2012_household_blocks_before_repeated_headers(village_db, tmp_path):
    block = [None, "NO.KK", None, "NAMA.KK", None, None, "ALAMAT"]
    header = [
        None,
        "NO",
        "NIK",
        "NAMA",
        "JK",
        "TMPT LHR",
        "TGL LHR",
        "KTPEL",
        "AGAMA",
        "STATUS",
        "HUB. KEL",
        "PENDIDIKAN",
        "PEKERJAAN",
        "NAMA IBU",
    ]
    rows = [
        [None, "BUKU INDUK KEPENDUDUKAN KABUPATEN KARANGANYAR"],
        [],
        ["KECAMATAN :", None, None, None, None, None, None, None, "MATESIH"],
        ["DESA :", None, None, None, None, None, None, None, "GIRILAYU"],
        [],
        block,
        [
            None,
            "3313050603059381",
            None,
            "WAWAN",
            None,
            None,
            " DUSUN TLOGO, RT:001, RW:002, Kodepos:57781,-",
        ],
        header,
        [
            None,
            1,
            "3313051007600734",
            "WAWAN",
            "L",
            "SOLO",
            dt.date(1960, 7, 10),
            "NULL",
            "Islam",
            "Cerai Mati",
            "Kepala Keluarga",
            "Tidak Tamat SD/Sederajat",
            "Petani/Pekebun",
            "INAH",
        ],
        [
            None,
            2,
            "3313052905910001",
            "NOFRIZAL",
            "L",
            "SOLO",
            dt.date(1991, 5, 29),
            "NULL",
            "Islam",
            "Belum Kawin",
            "Anak",
            "SLTP/Sederajat",
            "Wiraswasta",
            "MUNIAH",
        ],
        block,
        [
            None,
            "3313050104190123",
            None,
            "AHLUL",
            None,
            None,
            "PERUMAHAN ASRI, RT:004, Kodepos:57781,-",
        ],
        header,
        [
            None,
            3,
            "3313051003650823",
            "AHLUL",
            "L",
            "JAKARTA",
            dt.date(1965, 3, 10),
            "NULL",
            "Islam",
            "Kawin",
            "Kepala Keluarga",
            "SLTA/Sederajat",
            "Wiraswasta",
            "SUPINAH",
        ],
    ]
    result = village_db.run(import_residents, sheet(tmp_path / "bip2012.xlsx", rows))
    assert (result.rows, result.created, result.rejected) == (3, 3, 0)
    assert not [i for i in result.issues if i.code == "CODE_UNKNOWN"]
    hh, people = members(village_db, "3313050603059381")
    assert (hh.rt, hh.rw, hh.dusun) == ("001", "002", "Tlogo")
    head = next(p for p in people if p.name == "WAWAN")
    assert head.shdk == 1
    hh2, _ = members(village_db, "3313050104190123")
    # the RW of the first block does not leak into the next household
    assert (hh2.address, hh2.rt, hh2.rw) == ("PERUMAHAN ASRI", "004", "")
    parsed = parse_resident_sheet(tmp_path / "bip2012.xlsx")
    status_col = parsed.match.headers.index("STATUS")
    # "STATUS" holding Kawin / Belum Kawin is the marital status here
    assert parsed.match.columns[status_col] == "marital_status"
    by_name = {r.values["name"]: r.values for r in parsed.rows}
    assert by_name["WAWAN"]["marital_status"] == 4
    assert by_name["WAWAN"]["education"] == 2  # "Tidak Tamat SD" is Belum Tamat SD in the KK list
    assert "status_dasar" not in by_name["WAWAN"]


def test_siak_export_status_and_tidak_valid_rows(village_db, tmp_path):
    head = [
        "Nomor KK",
        "NIK",
        "Nama Penduduk",
        "Status",
        "Tempat Lahir",
        "Tanggal Lahir",
        "Kelamin",
        "NIK Ayah",
        "Ayah",
        "NIK Ibu",
        "Ibu",
        "Status Kawin",
        "SHDK",
        "Agama",
    ]
    rows = [
        head,
        [
            "3313050103170001",
            "3313054401950001",
            "SUMINI",
            "Hidup",
            "Karanganyar",
            dt.date(1995, 1, 4),
            "Perempuan",
            "",
            "KASTURI",
            "",
            "JULIS",
            "Kawin Tercatat",
            "Kepala Keluarga",
            "Islam",
        ],
        [
            "3313050103170001",
            "3313051212910010",
            "MUT'ROF",
            "Mati",
            "Karanganyar",
            dt.date(1991, 12, 12),
            "Laki-Laki",
            "",
            "TADI",
            "",
            "SUMARNI",
            "Kawin",
            "Suami",
            "Islam",
        ],
        # the same NIK again, marked Tidak Valid by Dukcapil: skipped, and no duplicate error
        [
            "3313050105130002",
            "3313051212910010",
            "MUHROF",
            "Tidak Valid",
            "Karanganyar",
            dt.date(1991, 12, 12),
            "Laki-Laki",
            "",
            "-",
            "",
            "JASMANI",
            "Belum Kawin",
            "Kepala Keluarga",
            "Islam",
        ],
    ]
    result = village_db.run(import_residents, sheet(tmp_path / "siak.xlsx", rows))
    assert (result.rows, result.created, result.rejected) == (3, 2, 1)
    codes = {(i.row, i.code) for i in result.issues if i.severity == "error"}
    assert codes == {(4, "STATUS_TIDAK_VALID")}
    _, people = members(village_db, "3313050103170001")
    status = {p.name: p.status_dasar for p in people}
    assert status == {"SUMINI": 1, "MUT'ROF": 2}
    assert village_db.run(households.find_by_no_kk, "3313050105130002") is None


def test_notes_and_totals_under_the_data_are_not_residents(village_db, tmp_path):
    rows = [
        ["nik", "no_kk", "nama", "sex", "tanggallahir", "dusun", "rw", "rt"],
        ["3313051203800001", "3313050306224132", "BUDI", 1, "1980-03-12", "Tlogo", "001", "002"],
        [],
        [None, None, None, None, None, "###", "Isi data di atas bagian ini."],
        [None, None, None, None, None, None, "Jumlah", 1],
    ]
    result = village_db.run(import_residents, sheet(tmp_path / "template.xlsx", rows))
    assert (result.rows, result.created, result.rejected) == (1, 1, 0)
    assert result.skipped_lines == [4, 5]


def test_corrected_mapping_is_used_and_remembered(village_db, tmp_path):
    from jkn_desktop.services.registry.resident_import import remember_mapping, remembered_mapping

    headers = ["NOMOR", "IDENTITAS", "NAMA", "NO KK", "JK"]
    rows = [headers, [1, "3313051203800001", "BUDI", "3313050306224132", "L"]]
    path = sheet(tmp_path / "aneh.xlsx", rows)
    with pytest.raises(ImportFileError) as err:
        village_db.run(import_residents, path, dry_run=True)
    assert err.value.code == "NIK_COLUMN_MISSING"
    preview = inspect_sheet(path)
    assert preview.headers == headers
    assert preview.columns == {2: "name", 3: "no_kk", 4: "sex"}
    first = village_db.run(
        import_residents, path, dry_run=True, mapping={1: "nik", 2: "name", 3: "no_kk", 4: "sex"}
    )
    assert (first.rows, first.created, first.rejected) == (1, 1, 0)
    assert first.mapping["IDENTITAS"] == "NIK"
    assert "NOMOR" in first.unused_columns
    assert village_db.run(remembered_mapping, headers) is None
    village_db.run(remember_mapping, headers, {1: "nik", 2: "name", 3: "no_kk", 4: "sex"})
    assert village_db.run(remembered_mapping, headers) == {
        1: "nik",
        2: "name",
        3: "no_kk",
        4: "sex",
    }
    # the next file with the same header uses it without being told
    again = village_db.run(import_residents, sheet(tmp_path / "aneh2.xlsx", rows))
    assert (again.created, again.rejected) == (1, 0)
    assert village_db.run(households.find_by_no_kk, "3313050306224132") is not None


def test_finishing_the_wizard_imports_and_remembers_the_mapping_in_one_job(village_db, tmp_path):
    """The wizard's last step is one job: the rows and the remembered mapping commit together,
    and a cancelled import remembers nothing. The dry run before it is a read-only job."""
    from jkn_desktop.errors import Cancelled
    from jkn_desktop.records.changes import HOUSEHOLD, RESIDENT, SETTINGS
    from jkn_desktop.services.registry.resident_import import finish_import, remembered_mapping

    headers = ["NOMOR", "IDENTITAS", "NAMA", "NO KK", "JK"]
    mapping = {1: "nik", 2: "name", 3: "no_kk", 4: "sex"}
    rows = [headers, [1, "3313051203800001", "BUDI", "3313050306224132", "L"]]
    path = sheet(tmp_path / "aneh.xlsx", rows)
    dry = village_db.run(import_residents, path, dry_run=True, mapping=mapping, write=False)
    assert (dry.created, dry.written) == (1, False)

    def cancel(done: int, total: int) -> None:
        if done > total // 2:
            raise Cancelled()

    with pytest.raises(Cancelled):
        village_db.run(
            finish_import, path, sheet=None, mapping=mapping, remember_for=headers, progress=cancel
        )
    assert village_db.run(remembered_mapping, headers) is None
    assert village_db.run(households.find_by_no_kk, "3313050306224132") is None
    with village_db.work("Operator Uji") as work:
        result = finish_import(work, path, sheet=None, mapping=mapping, remember_for=headers)
    assert (result.created, result.households_created, result.written) == (1, 1, True)
    assert {RESIDENT, HOUSEHOLD, SETTINGS} <= set(work.changes.touched)
    assert village_db.run(remembered_mapping, headers) == mapping
    again = village_db.run(import_residents, sheet(tmp_path / "aneh2.xlsx", rows))
    assert (again.created, again.unchanged) == (0, 1)
