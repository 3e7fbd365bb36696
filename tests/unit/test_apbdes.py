"""APBDes premium allocations: the figures a village secretary checks by hand, the guards that stop
paying twice, the warnings, the priority list, and the report files."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json

import pytest
from sqlalchemy import insert, select

from jkn_desktop.cli import main
from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import office as O
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import audit_t, household_t, resident_t
from jkn_desktop.records.apbdes import LineInput
from jkn_desktop.records.changes import APBDES, SETTINGS
from jkn_desktop.records.membership import Observation
from jkn_desktop.services.apbdes import beneficiaries as BN
from jkn_desktop.services.apbdes import codes as CD
from jkn_desktop.services.apbdes import lines as LN
from jkn_desktop.services.apbdes import payments as PY
from jkn_desktop.services.apbdes import priority as PR
from jkn_desktop.services.apbdes import rates as RT
from jkn_desktop.services.apbdes import report as RP
from jkn_desktop.services.apbdes.summaries import line_summaries
from jkn_desktop.services.membership.evidence import record_observations
from jkn_desktop.services.settings import set_setting

TODAY = dt.date(2026, 6, 15)  # capacity then counts July–December
NOW = dt.datetime(2026, 1, 2)


def _household(conn, kk, desil=None):
    return conn.execute(
        insert(household_t).values(
            no_kk=kk,
            dusun="Krajan",
            rw="001",
            rt="002",
            desil=desil,
            created_at=NOW,
            updated_at=NOW,
        )
    ).inserted_primary_key[0]


def _person(
    conn, nik, hid, *, born=dt.date(1980, 1, 1), shdk=1, sd=codes.HIDUP, changed=None, **extra
):
    return conn.execute(
        insert(resident_t).values(
            nik=nik,
            name=f"WARGA {nik[-4:]}",
            name_key=f"WARGA {nik[-4:]}",
            sex="L",
            household_id=hid,
            shdk=shdk,
            birth_date=born,
            status_dasar=sd,
            status_changed_at=changed,
            created_at=NOW,
            updated_at=NOW,
            **extra,
        )
    ).inserted_primary_key[0]


@pytest.fixture
def village(village_db):
    """Five households; ids of their people in ``village.people``."""
    db = village_db
    with db.work("uji") as work:
        conn = work.conn
        h1 = _household(conn, "3313050101200001", desil=7)
        h2 = _household(conn, "3313050101200002", desil=None)
        h3 = _household(conn, "3313050101200003", desil=3)
        h4 = _household(conn, "3313050101200004", desil=9)
        people = {
            "a1": _person(conn, "3313050101800001", h1),
            "a2": _person(conn, "3313050101800002", h1, shdk=2),
            "a3": _person(conn, "3313050101800003", h1, shdk=3, born=dt.date(2023, 5, 1)),
            "b1": _person(
                conn, "3313050101800011", h2, born=dt.date(1950, 1, 1), chronic_illness=6
            ),
            "b2": _person(
                conn, "3313050101800012", h2, shdk=2, pregnant=True, born=dt.date(1995, 1, 1)
            ),
            "c1": _person(conn, "3313050101800021", h3),
            "d1": _person(conn, "3313050101800031", h4),
            "pbi": _person(conn, "3313050101800041", h4, shdk=2),
            "ppu": _person(conn, "3313050101800051", h4, shdk=3),
            "pemda": _person(conn, "3313050101800061", h4, shdk=3),
            "dead": _person(
                conn, "3313050101800071", h4, shdk=4, sd=codes.MATI, changed=dt.date(2026, 4, 10)
            ),
        }
        record_observations(
            work,
            [
                Observation(people["pbi"], J.PBI_APBN, J.AKTIF, dt.date(2026, 3, 1), "dinsos"),
                Observation(people["ppu"], J.PPU, J.AKTIF, dt.date(2025, 12, 1), "kartu"),
                Observation(people["pemda"], J.PBPU_PEMDA, J.AKTIF, dt.date(2026, 1, 1), "bpjs"),
            ],
        )
    db.people = people
    return db


def _line(db, sumber="ADD", pagu=10_000_000, scheme=None):
    return db.run(
        LN.add_line,
        LineInput(2026, "02.02.96", "5.2.7", sumber, pagu, scheme or A.Scheme(*A.DEFAULT_SCHEME)),
        user="uji",
    )


def test_lumajang_capacity_and_terbilang(capsys):
    assert A.capacity(3_911_040_000, 42_000 * 6) == 15_520
    assert A.capacity(100, 0) == 0
    assert A.capacity(-5, 42_000) == 0
    assert (
        main(
            [
                "apbdes",
                "capacity",
                "--remaining",
                "3911040000",
                "--months",
                "6",
                "--rate",
                "42000",
                "--json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert (out["people"], out["per_person"], out["leftover"]) == (15_520, 252_000, 0)
    assert (
        main(
            [
                "apbdes",
                "capacity",
                "--remaining",
                "Rp3.911.040.000",
                "--months",
                "6",
                "--rate",
                "42.000",
            ]
        )
        == 0
    )
    assert "15.520 orang" in capsys.readouterr().out
    assert A.terbilang(3_911_040_000) == "tiga miliar sembilan ratus sebelas juta empat puluh ribu"
    assert A.terbilang(1_250_000) == "satu juta dua ratus lima puluh ribu"
    assert A.terbilang(111_011) == "seratus sebelas ribu sebelas"
    assert A.terbilang_rupiah(1000) == "Seribu rupiah"


def test_rates_are_seeded_effective_dated_and_checked(village):
    seeded = village.run(RT.rates, write=False)
    assert A.rate_in_force(seeded, J.PBPU_PEMDA, 3, TODAY).monthly == 42_000
    assert A.rate_in_force(seeded, J.PBPU_MANDIRI, 3, TODAY).participant == 35_000
    assert village.run(RT.current_rate, write=False, today=TODAY) == 42_000
    with pytest.raises(UserError, match="harus sama dengan iuran"):
        village.run(
            RT.save_rate,
            A.Rate(J.PBPU_PEMDA, 3, 50_000, 0, 40_000, dt.date(2026, 7, 1)),
            user="uji",
        )
    # a new Perpres from July: a new row, no new release
    village.run(
        RT.save_rate,
        A.Rate(J.PBPU_PEMDA, 3, 50_000, 0, 50_000, dt.date(2026, 7, 1), "Perpres baru"),
        user="uji",
    )
    lid = _line(village)
    village.run(BN.add_beneficiaries, lid, [village.people["a1"]], 1, 12, user="uji", today=TODAY)
    (s,) = village.run(line_summaries, 2026, write=False, today=TODAY)
    assert s.per_month[:6] == (42_000,) * 6
    assert s.per_month[6:] == (50_000,) * 6
    assert s.committed == 6 * 42_000 + 6 * 50_000
    assert s.capacity == (10_000_000 - s.committed) // (6 * 50_000)


def test_money_of_a_line_checked_by_hand(village):
    p = village.people
    lid = _line(village, pagu=10_000_000)
    village.run(
        BN.add_beneficiaries, lid, [p["a1"], p["a2"], p["a3"]], 1, 12, user="uji", today=TODAY
    )
    village.run(BN.add_beneficiaries, lid, [p["b1"], p["b2"]], 7, 12, user="uji", today=TODAY)
    for month in range(1, 6):
        village.run(
            PY.add_payment, lid, month, 126_000, dt.date(2026, month, 8), f"SPP {month}", user="uji"
        )
    village.run(PY.add_payment, lid, 6, 100_000, dt.date(2026, 6, 8), "SPP 6", user="uji")
    (s,) = village.run(line_summaries, 2026, write=False, today=TODAY)
    assert s.committed == 3 * 12 * 42_000 + 2 * 6 * 42_000 == 2_016_000
    assert s.realized == 5 * 126_000 + 100_000
    assert s.remaining == 7_984_000
    assert (s.from_month, s.months_left, s.capacity) == (7, 6, 31)  # 7.984.000 ÷ 252.000 = 31,7
    assert s.people == (3,) * 6 + (5,) * 6
    codes_ = {w.code: w.message for w in s.warnings}
    assert set(codes_) == {A.WARN_REALISATION}
    assert "Juni dibayar Rp100.000, seharusnya Rp126.000" in codes_[A.WARN_REALISATION]
    report = village.run(RP.year_report, 2026, write=False, today=TODAY).as_json()
    assert report["totals"] == {
        "pagu": 10_000_000,
        "committed": 2_016_000,
        "realized": 730_000,
        "remaining": 7_984_000,
    }
    line = report["lines"][0]
    assert {
        "id",
        "kegiatan",
        "rekening",
        "sumber_dana",
        "pagu",
        "rate",
        "committed",
        "realized",
        "remaining",
        "beneficiaries",
    } <= set(line)
    assert (line["rate"], line["beneficiaries"]) == (42_000, 5)
    # the APBDes Perubahan raises the pagu: the revised one is in force
    village.run(
        LN.update_line,
        lid,
        LineInput(
            2026,
            "02.02.96",
            "5.2.7",
            "ADD",
            10_000_000,
            pagu_revised=1_000_000,
            revised_on=dt.date(2026, 8, 1),
        ),
        user="uji",
    )
    (s,) = village.run(line_summaries, 2026, write=False, today=TODAY)
    assert s.pagu == 1_000_000
    assert s.capacity == 0
    assert A.WARN_OVER in {w.code for w in s.warnings}


def test_guards_refuse_double_funding_the_dead_and_twice(village):
    p = village.people
    lid = _line(village)
    other = _line(village, sumber="PAD")
    with pytest.raises(BN.GuardError) as err:
        village.run(BN.add_beneficiaries, lid, [p["a1"], p["pbi"]], 1, 12, user="uji", today=TODAY)
    # observed from March; months still to come count with the current state
    assert "PBI APBN aktif pada Maret–Desember" in err.value.message
    assert (
        village.run(BN.beneficiaries, lid, write=False, today=TODAY) == []
    )  # nothing written, not even a1
    cands = {
        c.resident_id: c
        for c in village.run(
            BN.candidates, lid, [p["ppu"], p["pemda"], p["dead"]], 1, 12, write=False, today=TODAY
        )
    }
    assert [g.code for g in cands[p["ppu"]].guards] == [A.GUARD_DOUBLE]
    assert cands[p["pemda"]].guards == ()  # PBPU Pemda is how village-paid members show up
    # ... but a member from before the first month is paid by the kabupaten already
    later = {
        c.resident_id: c
        for c in village.run(BN.candidates, lid, [p["pemda"]], 3, 12, write=False, today=TODAY)
    }
    assert [g.code for g in later[p["pemda"]].guards] == [A.GUARD_PEMDA]
    (gone,) = cands[p["dead"]].guards
    assert (gone.code, gone.end_at) == (A.GUARD_GONE, 4)  # offer to end with April
    village.run(BN.add_beneficiaries, lid, [p["a1"]], 1, 6, user="uji", today=TODAY)
    with pytest.raises(BN.GuardError, match="sudah ditanggung baris"):
        village.run(BN.add_beneficiaries, other, [p["a1"]], 6, 12, user="uji", today=TODAY)
    village.run(
        BN.add_beneficiaries, other, [p["a1"]], 7, 12, user="uji", today=TODAY
    )  # no overlap: fine
    with pytest.raises(UserError, match="tidak terdaftar sebagai penduduk"):
        village.run(BN.resident_by_nik, write=False, nik="3313050101809999")
    # --force keeps the overridden guard on the row and in the audit trail
    village.run(BN.add_beneficiaries, lid, [p["pbi"]], 1, 12, user="uji", force=True, today=TODAY)
    (row,) = [
        b
        for b in village.run(BN.beneficiaries, lid, write=False, today=TODAY)
        if b.resident_id == p["pbi"]
    ]
    assert row.overridden == A.GUARD_DOUBLE
    with village.work("uji", write=False) as work:
        reason = work.conn.execute(
            select(audit_t.c.reason).where(
                audit_t.c.entity == "apbdes_beneficiary",
                audit_t.c.entity_key.like("3313050101800041%"),
            )
        ).scalar()
    assert "Peringatan dikesampingkan" in reason
    warnings = village.run(RP.year_report, 2026, write=False, today=TODAY).warnings
    assert any(
        w.code == A.GUARD_DOUBLE and "dikecualikan oleh operator" in w.message for w in warnings
    )


def test_dana_desa_warning_can_be_switched_off(village):
    _line(village, sumber="DDS")
    assert [
        w.code for w in village.run(RP.year_report, 2026, write=False, today=TODAY).warnings
    ] == [A.WARN_DANA_DESA]
    village.run(set_setting, "apbdes_warn_dana_desa", False)
    assert village.run(RP.year_report, 2026, write=False, today=TODAY).warnings == []


def test_lines_keep_their_history(village):
    lid = _line(village)
    village.run(BN.add_beneficiaries, lid, [village.people["a1"]], 1, 12, user="uji", today=TODAY)
    with pytest.raises(UserError, match="tidak bisa dihapus"):
        village.run(LN.delete_line, lid, user="uji")
    with pytest.raises(UserError, match="Tahun anggaran tidak bisa diubah"):
        village.run(LN.update_line, lid, LineInput(2027, "02.02.96", "5.2.7", "ADD", 1), user="uji")
    with pytest.raises(UserError, match="belum ada di daftar"):
        village.run(LN.add_line, LineInput(2026, "09.09.99", "5.2.7", "ADD", 1), user="uji")
    village.run(CD.save_budget_code, "kegiatan", "02.02.97", "Iuran JKN warga rentan", user="uji")
    assert village.run(LN.add_line, LineInput(2026, "02.02.97", "5.2.7", "ADD", 1), user="uji")
    empty = _line(village)
    village.run(LN.delete_line, empty, user="uji")
    assert [s.id for s in village.run(line_summaries, 2026, write=False)] == [lid, empty - 1]


def test_priority_list_ranks_households_a_pbi_proposal_will_not_cover(village):
    p = village.people
    lid = _line(village, pagu=1_000_000)
    plist = village.run(PR.priority_list, lid, write=False, today=TODAY)
    kks = [h.no_kk for h in plist.households]
    # desil 3 waits for PBI; the desil 9 household's uninsured member is d1 only
    assert "3313050101200003" not in kks
    ranked = {h.no_kk: h for h in plist.households}
    b = ranked["3313050101200002"]  # no desil (4) + elderly (3) + chronic (3) + pregnant (4)
    assert (b.score.points, len(b.members)) == (14, 2)
    a = ranked["3313050101200001"]  # desil 7 (4) + a toddler (3)
    assert a.score.points == 7
    assert kks[0] == "3313050101200002"
    assert b.cost == 2 * 6 * 42_000
    assert [m.resident_id for m in ranked["3313050101200004"].members] == [p["d1"]]
    assert plist.households[0].running_total == b.cost
    # 504.000, then + 756.000 = 1.260.000 > 1.000.000: the budget stops after the first
    assert [h.within_budget for h in plist.households] == [True, False, False]
    waiting = village.run(PR.priority_list, lid, write=False, include_waiting=True, today=TODAY)
    assert "3313050101200003" in [h.no_kk for h in waiting.households]
    heavier = A.PriorityWeights(toddler=20)
    assert (
        village.run(PR.priority_list, lid, write=False, weights=heavier, today=TODAY)
        .households[0]
        .no_kk
        == "3313050101200001"
    )
    village.run(
        BN.add_beneficiaries,
        lid,
        [m.resident_id for m in b.members],
        7,
        12,
        user="uji",
        today=TODAY,
    )
    assert "3313050101200002" not in [
        h.no_kk for h in village.run(PR.priority_list, lid, write=False, today=TODAY).households
    ]


def test_command_line_adds_refuses_and_reports(village, db_path, tmp_path, capsys):
    def run(*args):
        code = main(["--db", str(db_path), "apbdes", *args])
        return code, capsys.readouterr()

    code, out = run(
        "add-line",
        "--year",
        "2026",
        "--kegiatan",
        "02.02.96",
        "--rekening",
        "5.2.7",
        "--sumber",
        "DDS",
        "--pagu",
        "5000000",
        "--json",
    )
    assert code == 0
    lid = json.loads(out.out)["id"]
    code, out = run(
        "add-beneficiary",
        "--line",
        str(lid),
        "--nik",
        "3313050101800041",
        "--from",
        "2026-01",
        "--to",
        "2026-12",
    )
    assert code == 2
    assert "PBI APBN aktif" in out.err
    assert "Traceback" not in out.err
    code, out = run(
        "add-beneficiary",
        "--line",
        str(lid),
        "--nik",
        "3313050101800041",
        "--from",
        "2026-01",
        "--to",
        "2026-12",
        "--force",
        "--json",
    )
    assert code == 0
    assert json.loads(out.out)["residents"][0]["overridden"] == [A.GUARD_DOUBLE]
    code, out = run(
        "add-beneficiary",
        "--line",
        str(lid),
        "--no-kk",
        "3313050101200002",
        "--from",
        "2026-01",
        "--to",
        "2026-06",
    )
    assert code == 0
    assert "2 penerima" in out.out
    code, out = run(
        "add-beneficiary",
        "--line",
        str(lid),
        "--nik",
        "3313050101800001",
        "--from",
        "2025-01",
        "--to",
        "2026-06",
    )
    assert code == 2
    assert "bukan di tahun anggaran" in out.err
    code, out = run("report", "--year", "2026", "--json")
    data = json.loads(out.out)
    assert set(data) == {"year", "lines", "totals", "warnings"}
    assert data["totals"]["committed"] == 12 * 42_000 + 2 * 6 * 42_000
    assert {w["code"] for w in data["warnings"]} >= {A.WARN_DANA_DESA, A.GUARD_DOUBLE}
    assert all(isinstance(v, int) for v in data["totals"].values())


def test_report_files(village, db_path, tmp_path, capsys):
    lid = _line(village)
    village.run(
        BN.add_beneficiaries,
        lid,
        [village.people["a1"], village.people["b2"]],
        1,
        12,
        user="uji",
        today=TODAY,
    )
    pdf, xlsx = tmp_path / "apbdes.pdf", tmp_path / "apbdes.xlsx"
    assert main(["--db", str(db_path), "apbdes", "report", "--year", "2026", "-o", str(pdf)]) == 0
    assert main(["--db", str(db_path), "apbdes", "report", "--year", "2026", "-o", str(xlsx)]) == 0
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert b"/FontFile2" in data  # the TrueType font is embedded
    assert b"DejaVuSans" in data
    from openpyxl import load_workbook

    wb = load_workbook(xlsx, read_only=True)
    assert wb.sheetnames[:3] == ["Baris anggaran", "Penerima", "Pembayaran"]
    rows = list(wb["Penerima"].iter_rows(values_only=True))
    assert rows[1][1] == "3313050101800001"  # NIK as text
    assert rows[1][10] == 12 * 42_000
    assert (
        main(
            [
                "--db",
                str(db_path),
                "apbdes",
                "report",
                "--year",
                "2026",
                "-o",
                str(tmp_path / "x.doc"),
            ]
        )
        == 2
    )
    assert ".pdf atau .xlsx" in capsys.readouterr().err


def test_a_wage_earner_or_official_gets_a_warning_not_a_refusal(village):
    """The employer or the Pemda pays a wage earner's / an official's PPU premium: a warning that
    names the payer, shown before saving, never blocking (issue #11, item 6)."""
    p = village.people
    lid = _line(village)
    with village.work("uji") as work:
        from sqlalchemy import update

        from jkn_desktop.persistence.tables import resident_t

        conn = work.conn
        conn.execute(update(resident_t).where(resident_t.c.id == p["a1"]).values(occupation=15))
        conn.execute(update(resident_t).where(resident_t.c.id == p["c1"]).values(occupation=86))
    cands = {
        c.resident_id: c
        for c in village.run(
            BN.candidates, lid, [p["a1"], p["c1"]], 1, 12, write=False, today=TODAY
        )
    }
    assert cands[p["a1"]].guards == ()
    # a1's KK is desil 7 and has no SKTM: the SKTM warning of issue #18 comes after the payer's
    assert cands[p["a1"]].warnings == (
        A.WAGE_WARNING,
        O.APBDES_GROUND_WARNINGS[O.SKTM_RULE_SKTM_OR_DESIL],
    )
    assert cands[p["c1"]].warnings == (A.OFFICIAL_WARNING,)
    added = village.run(
        BN.add_beneficiaries, lid, [p["a1"], p["c1"]], 1, 12, user="uji", today=TODAY
    )
    assert len(added.added) == 2


def _job(db, fn, *args, **kwargs):
    """Run one service call as its own job; its result and what it changed."""
    with db.work("uji", today=TODAY) as work:
        result = fn(work, *args, **kwargs)
    return result, work.changes


def test_every_write_reports_the_budget_line_it_changed(village):
    """A write names the line it changed (rates and codes change APBDes as a whole), so the window
    refreshes only the pages that show APBDes; a read changes nothing."""
    p = village.people
    lid, changes = _job(
        village, LN.add_line, LineInput(2026, "02.02.96", "5.2.7", "ADD", 5_000_000)
    )
    assert changes.ids(APBDES) == {lid}
    line = LineInput(2026, "02.02.96", "5.2.7", "PAD", 5_000_000)
    assert _job(village, LN.update_line, lid, line)[1].ids(APBDES) == {lid}
    added, changes = _job(village, BN.add_beneficiaries, lid, [p["a1"], p["a2"]], 1, 12)
    assert changes.ids(APBDES) == {lid}
    first = added.added[0]
    assert _job(village, BN.end_beneficiary, first, 6, "pindah")[1].ids(APBDES) == {lid}
    assert _job(village, BN.remove_beneficiary, first, "salah input")[1].ids(APBDES) == {lid}
    pid, changes = _job(village, PY.add_payment, lid, 1, 84_000, dt.date(2026, 1, 8), "SPP 1")
    assert changes.ids(APBDES) == {lid}
    assert _job(village, PY.delete_payment, pid, "salah input")[1].ids(APBDES) == {lid}
    empty = _job(village, LN.add_line, line)[0]
    assert _job(village, LN.delete_line, empty)[1].ids(APBDES) == {empty}
    rate = A.Rate(J.PBPU_PEMDA, 3, 50_000, 0, 50_000, dt.date(2027, 1, 1), "Perpres baru")
    rid, changes = _job(village, RT.save_rate, rate)
    assert changes.touches([APBDES])
    assert _job(village, RT.delete_rate, rid)[1].touches([APBDES])
    code = ("kegiatan", "02.02.97", "Iuran JKN warga rentan")
    assert _job(village, CD.save_budget_code, *code)[1].touches([APBDES])
    assert not _job(village, CD.save_budget_code, *code)[1]  # the same name again: nothing
    weights = A.PriorityWeights(toddler=20)
    assert _job(village, PR.save_priority_weights, weights)[1].touches([SETTINGS])
    assert village.run(PR.priority_weights, write=False) == weights
    assert not _job(village, LN.year_lines, 2026)[1]


def test_the_page_reads_its_year_and_the_line_dialog_its_choices_in_one_job(village):
    lid = _line(village)
    top = village.run(LN.year_lines, 2026, write=False, today=TODAY)
    assert top.years == [2026]
    assert [s.id for s in top.lines] == [lid]
    assert top.lines == village.run(line_summaries, 2026, write=False, today=TODAY)
    choices = village.run(CD.line_choices, write=False)
    assert {"02.02.96", "5.2.7", "ADD"} <= {c.code for c in choices.codes}
    assert choices.rates == village.run(RT.rates, write=False)


def test_a_stale_budget_line_dialog_is_refused(village):
    """No silent overwrite (issue #14): another window raised the pagu meanwhile."""
    from jkn_desktop.services.edit_conflict import EditConflict

    lid = _line(village)
    opened = LineInput(2026, "02.02.96", "5.2.7", "ADD", 10_000_000, A.Scheme(*A.DEFAULT_SCHEME))
    village.run(
        LN.update_line,
        lid,
        dataclasses.replace(opened, pagu=12_000_000),
        opened=opened,
        user="lain",
    )
    with pytest.raises(EditConflict) as caught:
        village.run(
            LN.update_line, lid, dataclasses.replace(opened, notes="APBDes 2026"), opened=opened
        )
    assert [(f.field, f.opened, f.now) for f in caught.value.fields] == [
        ("pagu", 10_000_000, 12_000_000)
    ]
    # unchanged since it was opened: saved
    fresh = dataclasses.replace(opened, pagu=12_000_000)
    village.run(LN.update_line, lid, dataclasses.replace(fresh, notes="APBDes 2026"), opened=fresh)
