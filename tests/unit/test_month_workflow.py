"""A village's month as it happens, in the order the files arrive (issue #11): the OpenSID export
(insurance fields left at OpenSID's default), then the Dinsos list; the other way round; the next
month's list; a re-send; a card seen after the list. After every step the coverage, the counter
check, the PBI roster and the uninsured roster must agree with each other."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from jkn_desktop.domain import jkn as J
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.current_state import states_at
from jkn_desktop.persistence.fastread import stream_rows
from jkn_desktop.records.documents import RosterOptions
from jkn_desktop.records.membership import Coverage, Observation
from jkn_desktop.services.documents import rosters
from jkn_desktop.services.membership import evidence
from jkn_desktop.services.membership.counter import counter_check
from jkn_desktop.services.membership.coverage import coverage
from jkn_desktop.services.membership.pbi_import import import_pbi
from jkn_desktop.services.registry.resident_import import import_residents
from jkn_desktop.services.usulan.dinsos import export_dinsos
from tests.engines import db_arg
from tests.jobs import reading

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
pytestmark = pytest.mark.skipif(
    not SAMPLES.exists(), reason="shared samples not beside the checkout"
)
OPENSID = SAMPLES / "opensid_penduduk_girilayu.xlsx"
OCTOBER = SAMPLES / "pbi_dinsos_girilayu_2026-10.xlsx"
TODAY = dt.date(2026, 11, 28)
LISTED = "3313055908090245"  # SITI, on the October list with card 0000908090245


def _rosters(db, period: str = "2026-11") -> tuple[set[str], set[str]]:
    """The NIKs on the month's PBI roster, and the uninsured people on the roster of households
    with uninsured members (read from the very query each roster draws)."""
    with db.work("uji", write=False, today=TODAY) as work:
        opts = RosterOptions("pbi", period, mask_nik=False)
        pbi = {r[6] for r in stream_rows(work.conn, rosters.roster_statement(work, opts))}
        opts = RosterOptions("belum", period, mask_nik=False)
        statement = rosters.roster_statement(work, opts)
        uninsured = {r[6] for r in stream_rows(work.conn, statement) if r[14]}
    return pbi, uninsured


def _agree(db) -> Coverage:
    """Coverage, the counter check and both rosters of the month tell the same story: nobody is
    on both rosters, the PBI roster counts the active PBI members, the uninsured roster the
    uninsured."""
    cov = db.run(coverage, write=False)
    pbi, uninsured = _rosters(db)
    assert not pbi & uninsured
    assert len(uninsured) == cov.total.population - cov.total.active
    for nik in list(pbi)[:5]:
        person = db.run(counter_check, nik, today=TODAY, write=False)[0].person
        assert person.segment in J.PBI_SEGMENTS
        assert person.status == J.AKTIF
    return cov


def _pbi_list(path: Path, rows: list[tuple[str, str, str, str]], title: str) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["DAFTAR PESERTA PBI JK KABUPATEN KARANGANYAR"])
    ws.append([title])
    ws.append(["NO", "NOKA", "NIK", "NAMA", "TGL LAHIR", "ALAMAT"])
    for i, (card, nik, name, born) in enumerate(rows, start=1):
        ws.append([i, card, nik, name, born, "GIRILAYU"])
    wb.save(path)
    return path


def _october_rows() -> list[tuple[str, str, str, str]]:
    wb = load_workbook(OCTOBER, read_only=True)
    try:
        return [
            (str(r[1] or ""), str(r[2] or ""), str(r[3] or ""), str(r[4] or ""))
            for r in wb.worksheets[0].iter_rows(min_row=4, values_only=True)
            if r[3]
        ]
    finally:
        wb.close()


def test_opensid_file_then_the_dinsos_list(village_db):
    """The commonest sequence: the resident file (id_asuransi left at 1) before the list."""
    village_db.run(import_residents, OPENSID, today=TODAY)
    before = village_db.run(coverage, write=False).total
    assert before.registered <= 2  # OpenSID's default records nothing
    assert village_db.run(coverage, write=False).reasons.get("belum_dicatat", 0) >= 95
    result = village_db.run(import_pbi, OCTOBER, period="2026-10", today=TODAY)
    assert result.matched_nik + result.matched_name == 25
    cov = village_db.run(coverage, write=False)
    assert cov.total.active == 25
    assert cov.total.registered >= 25
    found = village_db.run(counter_check, LISTED, today=TODAY, write=False)
    assert len(found) == 1
    person = found[0].person
    assert (person.segment, person.status, person.card_no) == (J.PBI_APBN, J.AKTIF, "0000908090245")
    assert not person.uninsured
    assert person.as_of == dt.date(2026, 10, 1)  # the list's month, not the import day
    pbi, _ = _rosters(village_db)
    assert LISTED in pbi
    assert len(pbi) == 25
    _agree(village_db)


def test_the_dinsos_list_then_the_opensid_file_gives_the_same_answer(village_db, new_db):
    """Whichever order the files arrive in, the state is the same."""
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    second = new_db("other")  # the same village, in a database of its own
    second.run(
        save_village,
        second.run(
            resolve_identity,
            "33.13.05.2006",
            kepala_desa="Sutrisno",
            sekretaris_desa="Wahyuni",
            operator="Operator Uji",
        ),
    )
    try:
        village_db.run(import_residents, OPENSID, today=TODAY)
        village_db.run(import_pbi, OCTOBER, period="2026-10", today=TODAY)
        # the other order: the list finds nobody yet, so the residents come first there too,
        # but the resident file is imported again after the list
        second.run(import_residents, OPENSID, today=TODAY)
        second.run(import_pbi, OCTOBER, period="2026-10", today=TODAY)
        second.run(import_residents, OPENSID, today=TODAY)
        a, b = village_db.run(coverage, write=False), second.run(coverage, write=False)
        assert a.as_json() == b.as_json()
    finally:
        second.close()


def test_two_months_of_lists_in_either_order_and_a_resend(village_db, tmp_path):
    """November drops two people: they become PBI nonaktif (reaktivasi or proposal), whether
    November arrives after October or before it; re-sending November changes nothing."""
    village_db.run(import_residents, OPENSID, today=TODAY)
    rows = _october_rows()
    dropped = [r[1] for r in rows[:2]]
    nov = _pbi_list(
        tmp_path / "pbi_dinsos_girilayu_2026-11.xlsx",
        rows[2:],
        "DESA GIRILAYU - BULAN NOVEMBER 2026",
    )
    # November first, then October (a late list)
    village_db.run(import_pbi, nov, period="2026-11", today=TODAY)
    village_db.run(import_pbi, OCTOBER, period="2026-10", today=TODAY)
    states = {
        r.person.nik: r.person
        for nik in dropped
        for r in village_db.run(counter_check, nik, today=TODAY, write=False)
    }
    assert {(p.segment, p.status) for p in states.values()} == {(J.PBI_APBN, J.NONAKTIF)}
    assert all(p.reason == "pbi_dihapus" for p in states.values())
    cov = village_db.run(coverage, write=False)
    assert cov.total.active == 23
    # the re-send of November records nothing new
    again = village_db.run(import_pbi, nov, period="2026-11", today=TODAY)
    assert again.observations == 0
    assert village_db.run(coverage, write=False).as_json() == cov.as_json()
    # the PBI roster of November lists exactly the 23 still on the list
    with reading(village_db) as conn:
        on_list = {
            st.membership_id
            for st in states_at(conn, dt.date(2026, 11, 30)).values()
            if st.segment == J.PBI_APBN and st.status == J.AKTIF
        }
    assert len(on_list) == 23
    with reading(village_db) as conn:
        october = [
            st
            for st in states_at(conn, dt.date(2026, 10, 31)).values()
            if st.segment == J.PBI_APBN and st.status == J.AKTIF
        ]
    assert len(october) == 25  # the end of October still had both
    pbi, uninsured = _rosters(village_db)
    assert len(pbi) == 23
    assert set(dropped) <= uninsured
    _agree(village_db)
    # the month's workbook to Dinas Sosial: the 23 on the list, the two who left the list
    summary = village_db.run(export_dinsos, "2026-11", tmp_path / "dinsos.xlsx", today=TODAY)
    assert (summary.pbi, summary.joined, summary.left) == (23, 0, 2)
    wb = load_workbook(summary.path, read_only=True)
    try:
        head, *body = list(wb["Perubahan"].iter_rows(values_only=True))
        nik, change = head.index("NIK"), head.index("PERUBAHAN")
        assert sorted((r[nik], r[change]) for r in body if r[nik]) == sorted(
            (n, "KELUAR DARI DAFTAR") for n in dropped
        )
    finally:
        wb.close()


def test_a_card_seen_after_the_list_dropped_someone(village_db, tmp_path):
    """A PPU card seen at the office after the PBI list dropped the person: PPU, active."""
    village_db.run(import_residents, OPENSID, today=TODAY)
    rows = _october_rows()
    nov = _pbi_list(tmp_path / "nov.xlsx", rows[1:], "BULAN NOVEMBER 2026")
    village_db.run(import_pbi, OCTOBER, period="2026-10", today=TODAY)
    village_db.run(import_pbi, nov, period="2026-11", today=TODAY)
    person = village_db.run(counter_check, rows[0][1], today=TODAY, write=False)[0].person
    assert (person.segment, person.status) == (J.PBI_APBN, J.NONAKTIF)
    card = Observation(
        person.id, J.PPU, J.AKTIF, dt.date(2026, 11, 25), "kartu", card_no="0001234567890"
    )
    village_db.run(evidence.add_observation, card, user="Operator", today=TODAY)
    person = village_db.run(counter_check, rows[0][1], today=TODAY, write=False)[0].person
    assert (person.segment, person.status, person.uninsured) == (J.PPU, J.AKTIF, False)
    _agree(village_db)


def test_a_period_that_disagrees_with_the_list_is_refused(village_db):
    """The list says October: recording it as September needs an explicit override."""
    village_db.run(import_residents, OPENSID, today=TODAY)
    if (
        village_db.run(import_pbi, OCTOBER, period=None, dry_run=True, today=TODAY).period
        != "2026-10"
    ):
        pytest.fail("the month of the list was not read from the list")
    with pytest.raises(UserError) as err:
        village_db.run(import_pbi, OCTOBER, period="2026-09", today=TODAY)
    assert err.value.code == "PERIOD_MISMATCH"
    assert "Oktober 2026" in str(err.value)
    done = village_db.run(import_pbi, OCTOBER, period="2026-09", force_period=True, today=TODAY)
    assert done.period == "2026-09"


def test_command_line_refuses_a_period_the_list_contradicts(village_db, capsys):
    """`import-pbi --period` that disagrees with the list: exit 2, one Indonesian line, nothing
    written; without --period the list's own month is taken."""
    from jkn_desktop.cli import main

    db = db_arg(village_db)
    assert main(["--db", db, "import-residents", str(OPENSID)]) == 0
    capsys.readouterr()
    assert main(["--db", db, "import-pbi", str(OCTOBER), "--period", "2026-09"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "Oktober 2026" in err[0]
    assert "--force-period" in err[0]
    assert village_db.run(coverage, write=False).total.active == 0
    assert main(["--db", db, "import-pbi", str(OCTOBER), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["period"], out["observations"]) == ("2026-10", 25)
    assert main(["--db", db, "check", LISTED, "--json"]) == 0
    found = json.loads(capsys.readouterr().out)["results"][0]
    assert (found["segment"], found["active"], found["next_step"]) == (J.PBI_APBN, True, None)


def test_an_empty_or_cut_list_is_not_a_month(village_db, tmp_path):
    """A header-only list is refused; a list far shorter than the previous one is refused unless
    confirmed, naming how many people would become nonaktif (issue #19, item 2)."""
    village_db.run(import_residents, OPENSID, today=TODAY)
    village_db.run(import_pbi, OCTOBER, period="2026-10", today=TODAY)
    active = village_db.run(coverage, write=False).total.active
    empty = _pbi_list(tmp_path / "kosong.xlsx", [], "BULAN NOVEMBER 2026")
    with pytest.raises(UserError) as err:
        village_db.run(import_pbi, empty, period="2026-11", today=TODAY)
    assert err.value.code == "LIST_EMPTY"
    cut = _pbi_list(tmp_path / "potong.xlsx", _october_rows()[:5], "BULAN NOVEMBER 2026")
    dry = village_db.run(import_pbi, cut, period="2026-11", dry_run=True, today=TODAY, write=False)
    assert "20 orang akan dicatat nonaktif" in dry.short_list
    with pytest.raises(UserError) as err:
        village_db.run(import_pbi, cut, period="2026-11", today=TODAY)
    assert err.value.code == "LIST_SHORT"
    assert village_db.run(coverage, write=False).total.active == active  # nothing written
    done = village_db.run(import_pbi, cut, period="2026-11", accept_short=True, today=TODAY)
    assert done.dropped == 20
    assert village_db.run(coverage, write=False).total.active == 5
