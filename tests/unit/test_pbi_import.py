"""The monthly PBI list matched to residents: by NIK, then by name + birth date (only when exactly
one resident fits), people who do not live here, people dropped since last month, dead or moved
members flagged; re-import changes nothing; insurance and desil columns of a resident import."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import func, select

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.persistence.tables import jkn_current_t, membership_t, resident_t
from jkn_desktop.services.membership import evidence, rules
from jkn_desktop.services.membership.coverage import coverage
from jkn_desktop.services.membership.pbi_import import import_pbi
from jkn_desktop.services.registry import households, resident_search, residents
from jkn_desktop.services.registry.resident_import import import_residents
from tests.jobs import reading

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
needs_samples = pytest.mark.skipif(
    not SAMPLES.exists(), reason="shared samples not beside the checkout"
)
TODAY = dt.date(2026, 11, 22)

PEOPLE = [  # NIK, No. KK, name, sex, birth date, SHDK
    ("3313051203800001", "3313050306220001", "BUDI SANTOSO", "L", "12-03-1980", "Kepala Keluarga"),
    ("3313054506850002", "3313050306220001", "SITI AMINAH", "P", "05-06-1985", "Istri"),
    ("3313050101100003", "3313050306220001", "DIMAS", "L", "01-01-2010", "Anak"),
    ("3313051508700004", "3313050306220002", "SLAMET", "L", "15-08-1970", "Kepala Keluarga"),
    ("3313055508720005", "3313050306220002", "SRI WAHYUNI", "P", "15-08-1972", "Istri"),
    ("3313050202500006", "3313050306220003", "KARTO", "L", "02-02-1950", "Kepala Keluarga"),
    # two people with the same name and birth date in different households
    ("3313052007900007", "3313050306220004", "AGUS", "L", "20-07-1990", "Kepala Keluarga"),
    ("3313052007900008", "3313050306220005", "AGUS", "L", "20-07-1990", "Kepala Keluarga"),
]


def sheet(path: Path, rows: list[list[object]], titles: tuple[str, ...] = ()) -> Path:
    wb = Workbook()
    ws = wb.active
    for t in titles:
        ws.append([t])
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


@pytest.fixture
def village(village_db, tmp_path):
    head = ["NIK", "NO KK", "NAMA", "JK", "TGL LAHIR", "SHDK"]
    village_db.run(import_residents, sheet(tmp_path / "penduduk.xlsx", [head, *map(list, PEOPLE)]))
    return village_db


def rid(db, nik):
    return db.run(resident_search.search, nik)[0].id


LIST_HEAD = ["NO", "NOKA", "NIK", "NAMA", "TGL LAHIR", "ALAMAT"]


def test_matching_by_nik_then_name_and_birth_date(village, tmp_path):
    rows = [
        LIST_HEAD,
        [1, "0000908090245", "3313051203800001", "BUDI SANTOSO", "12-03-1980", "GIRILAYU"],
        [2, "0000908090246", "", "Siti  Aminah", "05-06-1985", "GIRILAYU"],  # no NIK: by name
        [
            3,
            "0000908090247",
            "3313051508700099",
            "SLAMET",
            "15-08-1970",
            "GIRILAYU",
        ],  # NIK mistyped
        [4, "0000908090248", "", "AGUS", "20-07-1990", "GIRILAYU"],  # two residents fit
        [5, "0009998887776", "3313054107690001", "SUMIYEM", "01-07-1969", "LUAR DESA"],  # not here
        [6, 908090249, "3313050202500006", "KARTO", "02-02-1950", "GIRILAYU"],  # card as a number
    ]
    path = sheet(tmp_path / "pbi.xlsx", rows, ("DAFTAR PESERTA PBI JK", "BULAN OKTOBER 2026"))
    result = village.run(import_pbi, path, period="2026-10", today=TODAY)
    assert (
        result.rows,
        result.matched_nik,
        result.matched_name,
        result.not_found,
        result.ambiguous,
    ) == (6, 2, 2, 1, 1)
    assert result.header_row == 3
    codes_by_row = {(i.row, i.code) for i in result.issues}
    assert {
        (5, "PBI_MATCHED_BY_NAME"),
        (6, "PBI_MATCHED_BY_NAME"),
        (7, "PBI_NAME_AMBIGUOUS"),
        (8, "PBI_NOT_FOUND"),
    } <= codes_by_row
    assert [c.nik for c in result.to_confirm[7]] == ["3313052007900007", "3313052007900008"]
    karto = village.run(evidence.history, rid(village, "3313050202500006"), write=False)
    assert [(h.segment, h.status, h.card_no, h.as_of, h.period) for h in karto] == [
        (J.PBI_APBN, J.AKTIF, "0000908090249", dt.date(2026, 10, 1), "2026-10")
    ]
    # the same file again changes nothing
    again = village.run(import_pbi, path, period="2026-10", today=TODAY)
    assert again.observations == 0
    assert len(village.run(evidence.history, rid(village, "3313051203800001"), write=False)) == 1
    # the operator picks the right AGUS in the window
    picked = rid(village, "3313052007900008")
    confirmed = village.run(import_pbi, path, period="2026-10", confirm={7: picked}, today=TODAY)
    assert (confirmed.confirmed, confirmed.ambiguous, confirmed.observations) == (1, 0, 1)
    assert village.run(evidence.history, picked, write=False)[0].status == J.AKTIF


def test_the_check_only_reads_and_the_import_reports_the_residents_it_recorded(village, tmp_path):
    """The window's "Periksa" runs as a read job (a write would be refused); the import names the
    residents whose membership it recorded, so only the pages showing membership reload."""
    from jkn_desktop.records.changes import HOUSEHOLD, MEMBERSHIP, RESIDENT

    rows = [LIST_HEAD, [1, "0000908090245", "3313051203800001", "BUDI SANTOSO", "12-03-1980", ""]]
    path = sheet(tmp_path / "pbi.xlsx", rows)
    dry = village.run(import_pbi, path, period="2026-10", dry_run=True, today=TODAY, write=False)
    assert (dry.matched_nik, dry.observations, dry.written) == (1, 1, False)
    with village.work("Operator Uji", today=TODAY) as work:
        done = import_pbi(work, path, period="2026-10")
    assert done.written
    assert work.changes.ids(MEMBERSHIP) == {rid(village, "3313051203800001")}
    assert not work.changes.touches([RESIDENT, HOUSEHOLD])
    assert village.run(evidence.history, rid(village, "3313051203800001"), write=False)[
        0
    ].actor == ("Operator Uji")


def test_next_month_drops_and_flags_removal_candidates(village, tmp_path):
    october = [
        LIST_HEAD,
        [1, "0000000000001", "3313051203800001", "BUDI SANTOSO", "12-03-1980", ""],
        [2, "0000000000002", "3313054506850002", "SITI AMINAH", "05-06-1985", ""],
        [3, "0000000000006", "3313050202500006", "KARTO", "02-02-1950", ""],
    ]
    village.run(import_pbi, sheet(tmp_path / "okt.xlsx", october), period="2026-10", today=TODAY)
    karto = rid(village, "3313050202500006")
    village.run(
        residents.change_status,
        karto,
        codes.MATI,
        dt.date(2026, 10, 20),
        "meninggal",
        user="Operator",
    )
    november = [LIST_HEAD, october[1], october[3]]  # SITI is gone; KARTO is still listed
    result = village.run(
        import_pbi, sheet(tmp_path / "nov.xlsx", november), period="2026-11", today=TODAY
    )
    assert result.dropped == 1
    assert result.dropped_residents == [{"nik": "3313054506850002", "name": "SITI AMINAH"}]
    siti = village.run(evidence.history, rid(village, "3313054506850002"), write=False)[0]
    assert (siti.status, siti.note, siti.as_of) == (
        J.NONAKTIF,
        "tidak ada di daftar bulan 2026-11",
        dt.date(2026, 11, 1),
    )
    assert result.removal_candidates == 1
    assert any(i.code == "PBI_RESIDENT_MATI" and i.row == 3 for i in result.issues)
    standing = village.run(
        rules.standing_of, [karto, rid(village, "3313054506850002")], write=False
    )
    assert standing[karto].step == "usul_hapus_meninggal"
    assert standing[rid(village, "3313054506850002")].reason == "pbi_dihapus"


def test_list_with_segment_and_status_columns_and_a_pemda_list(village, tmp_path):
    rows = [
        ["NIK", "NAMA PESERTA", "SEGMEN", "STATUS"],
        ["3313051203800001", "BUDI SANTOSO", "PBI (APBD)", "AKTIF"],
        ["3313054506850002", "SITI AMINAH", "", "NON AKTIF"],
        ["3313051508700004", "SLAMET", "antah berantah", ""],
    ]
    result = village.run(
        import_pbi,
        sheet(tmp_path / "pemda.xlsx", rows),
        period="2026-09",
        segment="pbpu-pemda",
        today=TODAY,
    )
    assert result.matched_nik == 3
    assert any(i.code == "CODE_UNKNOWN" and i.row == 4 for i in result.issues)
    got = {
        p: village.run(evidence.history, rid(village, p), write=False)[0]
        for p in ("3313051203800001", "3313054506850002", "3313051508700004")
    }
    assert (got["3313051203800001"].segment, got["3313051203800001"].status) == (
        J.PBPU_PEMDA,
        J.AKTIF,
    )
    assert (got["3313054506850002"].segment, got["3313054506850002"].status) == (
        J.PBPU_PEMDA,
        J.NONAKTIF,
    )
    assert got["3313051508700004"].segment == J.PBPU_PEMDA  # unknown segment: the list's


def test_bad_period_and_bad_file_are_refused_cleanly(village, tmp_path):
    from jkn_desktop.errors import UserError

    path = sheet(tmp_path / "x.xlsx", [LIST_HEAD, [1, "", "3313051203800001", "BUDI", "", ""]])
    with pytest.raises(UserError, match="TTTT-BB"):
        village.run(import_pbi, path, period="10-2026", today=TODAY)
    with pytest.raises(UserError, match="belum tiba"):
        village.run(import_pbi, path, period="2027-01", today=TODAY)
    no_header = sheet(tmp_path / "y.xlsx", [["a", "b"], [1, 2]])
    with pytest.raises(UserError) as err:
        village.run(import_pbi, no_header, period="2026-10", today=TODAY)
    assert err.value.code == "HEADER_NOT_FOUND"


def test_resident_import_records_insurance_and_desil(village_db, tmp_path):
    head = ["NIK", "NO KK", "NAMA", "JK", "SEGMEN", "STATUS JKN", "NO KARTU JKN", "DESIL"]
    rows = [
        head,
        [
            "3313051203800001",
            "3313050306220001",
            "BUDI",
            "L",
            "PBPU Mandiri",
            "Tidak aktif",
            "0001234567890",
            7,
        ],
        ["3313054506850002", "3313050306220001", "SITI", "P", "PPU", "Aktif", "12345", ""],
    ]
    result = village_db.run(import_residents, sheet(tmp_path / "a.xlsx", rows))
    assert any(i.code == "CARD_FORMAT" and i.row == 3 for i in result.issues)
    budi = village_db.run(evidence.history, rid(village_db, "3313051203800001"), write=False)
    assert [(h.segment, h.status, h.card_no, h.source) for h in budi] == [
        (J.PBPU_MANDIRI, J.NONAKTIF, "0001234567890", "impor")
    ]
    assert village_db.run(households.find_by_no_kk, "3313050306220001") is not None
    standing = village_db.run(
        rules.standing_of, write=False, resident_ids=[rid(village_db, "3313051203800001")]
    )
    assert standing[rid(village_db, "3313051203800001")].step == "daftar_mandiri"  # desil 7
    again = village_db.run(import_residents, sheet(tmp_path / "b.xlsx", rows))
    assert (again.updated, again.unchanged) == (0, 2)
    assert (
        len(village_db.run(evidence.history, rid(village_db, "3313051203800001"), write=False)) == 1
    )


@needs_samples
def test_the_shared_pbi_sample(village_db):
    expected = json.loads((SAMPLES / "expected.json").read_text())[
        "pbi_dinsos_girilayu_2026-10.xlsx"
    ]
    village_db.run(import_residents, SAMPLES / "opensid_penduduk_girilayu.xlsx")
    result = village_db.run(
        import_pbi, SAMPLES / "pbi_dinsos_girilayu_2026-10.xlsx", period="2026-10", today=TODAY
    )
    got = {k: getattr(result, k) for k in ("rows", "matched_nik", "matched_name", "not_found")}
    assert got == {k: expected[k] for k in got}
    assert [i.row for i in result.issues if i.code == "PBI_MATCHED_BY_NAME"] == [10]
    assert [r["name"] for r in result.not_found_rows] == ["SUMIYEM"]


def test_a_list_built_from_the_demo_village_matches_exactly(village_db, tmp_path):
    from jkn_desktop.demo.files import write_demo_pbi_list
    from jkn_desktop.demo.village import generate

    generate(village_db, 1500, seed=11, today=TODAY)  # with the lists of October and November
    before = village_db.run(coverage, write=False).total
    december = dt.date(2026, 12, 4)
    expected = write_demo_pbi_list(
        village_db, tmp_path / "pbi.xlsx", removed=6, outsiders=3, mistyped=4, period="2026-12"
    )
    assert expected.dropped == 6
    result = village_db.run(import_pbi, tmp_path / "pbi.xlsx", period="2026-12", today=december)
    got = (
        result.rows,
        result.matched_nik,
        result.matched_name,
        result.ambiguous,
        result.not_found,
        result.dropped,
    )
    assert got == (
        expected.rows,
        expected.matched_nik,
        expected.matched_name,
        expected.ambiguous,
        expected.not_found,
        expected.dropped,
    )
    assert expected.matched_name >= 3  # mistyped NIKs found again by name and birth date
    after = village_db.run(coverage, write=False).total
    dropped = [
        village_db.run(resident_search.search, d["nik"])[0] for d in result.dropped_residents
    ]
    living = [r for r in dropped if r.status_dasar == codes.HIDUP]
    assert after.active == before.active - len(living)  # the dropped are nonaktif now
    assert all(
        village_db.run(evidence.history, r.id, write=False)[0].status == J.NONAKTIF for r in dropped
    )


def test_the_state_kept_in_step_is_the_state_decided_from_scratch(village_db, tmp_path):
    """An import writes only what changes of ``jkn_current`` and its mirror on ``resident`` (a
    row whose segment, status and card stay keeps its indexes untouched): deciding every
    resident again afterwards finds nothing to change, and the mirror equals the table."""
    from jkn_desktop.demo.files import write_demo_pbi_list
    from jkn_desktop.demo.village import generate
    from jkn_desktop.persistence.current_state import recompute_current

    generate(village_db, 1500, seed=11, today=TODAY)
    write_demo_pbi_list(
        village_db, tmp_path / "pbi.xlsx", removed=6, outsiders=3, mistyped=4, period="2026-12"
    )
    village_db.run(import_pbi, tmp_path / "pbi.xlsx", period="2026-12", today=dt.date(2026, 12, 4))
    with village_db.work("uji") as work:
        assert recompute_current(work.conn) == 0
        r, c = resident_t.c, jkn_current_t.c
        differ = work.conn.execute(
            select(func.count())
            .select_from(resident_t.outerjoin(jkn_current_t, c.resident_id == r.id))
            .where(
                r.jkn_segment.is_distinct_from(c.segment)
                | r.jkn_status.is_distinct_from(c.status)
                | r.jkn_other.is_distinct_from(c.other_active)
            )
        ).scalar_one()
    assert differ == 0


def test_a_second_issue_of_the_demo_month_list_drops_against_the_month_before(village_db, tmp_path):
    """The demo holds this month's list already: a file for the same month replaces it, and who
    left since last month's list (the demo's own drops included) is named again, nothing of theirs
    recorded twice."""
    from jkn_desktop.demo.files import write_demo_pbi_list
    from jkn_desktop.demo.village import generate

    generate(village_db, 1500, seed=11, today=TODAY)
    with reading(village_db) as conn:
        rows = conn.execute(select(func.count()).select_from(membership_t)).scalar_one()
    expected = write_demo_pbi_list(
        village_db, tmp_path / "pbi.xlsx", removed=4, outsiders=1, mistyped=0
    )
    assert expected.dropped > 4  # the demo's drops between October and November, and these four
    result = village_db.run(import_pbi, tmp_path / "pbi.xlsx", period=f"{TODAY:%Y-%m}", today=TODAY)
    assert (result.rows, result.matched_nik, result.not_found, result.dropped) == (
        expected.rows,
        expected.matched_nik,
        expected.not_found,
        expected.dropped,
    )
    with reading(village_db) as conn:
        added = conn.execute(select(func.count()).select_from(membership_t)).scalar_one() - rows
    assert added == result.observations
    assert result.observations <= 4  # the four left out now; the rest was recorded already


def test_states_on_several_days_from_one_read_agree_with_each_day(demo_db):
    """The Dinas Sosial workbook decides the month's end and the day before from one read of the
    observations: the very states ``states_at`` decides for each day alone."""
    import datetime as dt

    from jkn_desktop.persistence.current_state import states_at, states_at_each

    days = [dt.date(2026, 11, 30), dt.date(2026, 10, 31), dt.date(2026, 6, 30), dt.date(2025, 1, 1)]
    with demo_db.work("-", write=False) as work:
        together = states_at_each(work.conn, days)
        alone = [states_at(work.conn, d) for d in days]
    assert together == alone
    assert len(together[0]) > 100


def test_a_list_before_any_resident_is_refused_and_then_counts_once_the_residents_are_in(
    village_db, tmp_path
):
    """The Dinsos list arrives before the OpenSID file: importing it into an empty registry would
    keep a list matched to no one (coverage 2% after the residents came). It is refused with what
    to do; in the right order the same files give the same coverage."""
    from jkn_desktop.errors import UserError

    pbi = SAMPLES / "pbi_dinsos_girilayu_2026-10.xlsx"
    with pytest.raises(UserError) as exc:
        village_db.run(import_pbi, pbi, period="2026-10", force_period=True)
    assert exc.value.code == "PBI_NO_RESIDENTS"
    assert "Impor dulu berkas penduduk" in exc.value.message
    with village_db.work("t", write=False) as w:
        assert w.conn.exec_driver_sql("SELECT count(*) FROM pbi_list").scalar_one() == 0
    village_db.run(import_residents, SAMPLES / "opensid_penduduk_girilayu.xlsx")
    village_db.run(import_pbi, pbi, period="2026-10", force_period=True)
    total = village_db.run(coverage, write=False).total
    assert total.registered > total.population // 5  # the list's members counted
