"""A month at the village office as it happens (issue #18), after the files arrived in their usual
order (the OpenSID export, then the Dinsos list): officials listed, SKTMs issued (one ending this
month), residents at the counter — served, referred, one refused, one proposed — then the monthly
report and the package; the next month a referral registers, an SKTM is corrected and November's
package is sent again. At each step the counts agree across the services, the monthly report
(read back from the PDF), the package's Pelayanan sheet and the verification."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import office as O
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import counter_visit_t, resident_t, sktm_t, usulan_t
from jkn_desktop.records.counter import VisitInput
from jkn_desktop.records.documents import DocRequest
from jkn_desktop.records.membership import Observation
from jkn_desktop.records.officials import OfficialInput
from jkn_desktop.records.sktm import SktmInput
from jkn_desktop.services.documents import catalog
from jkn_desktop.services.documents.monthly import monthly_report
from jkn_desktop.services.membership.desil import set_desil
from jkn_desktop.services.membership.evidence import add_observation
from jkn_desktop.services.membership.pbi_import import import_pbi
from jkn_desktop.services.office import counter_log, officials, sktm
from jkn_desktop.services.office.month import office_month
from jkn_desktop.services.registry.resident_import import import_residents
from jkn_desktop.services.registry.residents import change_status
from jkn_desktop.services.usulan.package import export_package
from jkn_desktop.services.usulan.package_verify import verify_package
from tests.jobs import reading

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
pytestmark = pytest.mark.skipif(
    not SAMPLES.exists(), reason="shared samples not beside the checkout"
)
OPENSID = SAMPLES / "opensid_penduduk_girilayu.xlsx"
OCTOBER = SAMPLES / "pbi_dinsos_girilayu_2026-10.xlsx"
NOV = "2026-11"
DOMISILI = "Surat keterangan domisili"  # needs active JKN by default
PENGANTAR = "Surat pengantar KTP/KK/akta"  # does not


def day(d: int, month: int = 11) -> dt.date:
    return dt.date(2026, month, d)


def _people(db) -> dict[str, list[int]]:
    """Living residents of the sample by JKN situation, heads of household apart."""
    with reading(db) as conn:
        rows = conn.execute(
            select(
                resident_t.c.id,
                resident_t.c.jkn_segment,
                resident_t.c.jkn_status,
                resident_t.c.shdk,
                resident_t.c.household_id,
                resident_t.c.occupation,
            )
            .where(resident_t.c.status_dasar == codes.HIDUP)
            .order_by(resident_t.c.id)
        ).all()
    active_pbi = [r.id for r in rows if r.jkn_segment == J.PBI_APBN and r.jkn_status == J.AKTIF]
    unknown = [r.id for r in rows if r.jkn_segment in (None, J.TIDAK_DIKETAHUI)]
    heads = [
        r.id
        for r in rows
        if r.shdk == codes.KEPALA_KELUARGA
        and r.jkn_segment in (None, J.TIDAK_DIKETAHUI)
        and r.occupation not in J.WAGE_OCCUPATIONS  # no employer to send them to
    ]
    return {"pbi": active_pbi, "unknown": unknown, "heads": heads}


def _household(db, rid: int) -> int:
    with reading(db) as conn:
        return int(
            conn.execute(
                select(resident_t.c.household_id).where(resident_t.c.id == rid)
            ).scalar_one()
        )


def _count(db, table) -> int:
    with reading(db) as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) not installed")
    done = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True)
    return " ".join(done.stdout.decode("utf-8").split())


def _package_rows(path: Path) -> list[tuple[str, str, int]]:
    wb = load_workbook(path, read_only=True)
    try:
        rows = list(wb["Pelayanan"].iter_rows(min_row=2, values_only=True))
    finally:
        wb.close()
    return [(str(a), str(b), int(c)) for a, b, c in rows]


def _month_agrees(db, period: str, today: dt.date, tmp: Path, name: str) -> None:
    """The services, the monthly report (record and printed PDF) and the package say the same."""
    month = db.run(office_month, period, today=today, write=False)
    report = db.run(monthly_report, period, today=today, write=False)
    assert report.office == month
    pdf = tmp / f"{name}.pdf"
    db.run(catalog.save, DocRequest("bulanan", period), pdf, today=today, write=False)
    text = _pdf_text(pdf)
    c, s, o = month.counter, month.sktm, month.officials
    for outcome, label in O.OUTCOMES.items():
        assert f"{label} {c.by_outcome[outcome]}" in text
    assert f"Jumlah layanan tercatat {c.total}" in text
    assert f"Tindak lanjut yang masih terbuka: {c.followups_open}" in text
    assert f"SKTM diterbitkan bulan ini {s.issued}" in text
    assert f"SKTM yang berakhir bulan ini {s.expiring}" in text
    assert f"Pemegang SKTM berlaku yang belum terlindungi JKN {s.holders_uninsured}" in text
    assert f"Belum terdaftar PPU {o.not_ppu}" in text
    package = tmp / f"{name}.xlsx"
    db.run(export_package, period, package, today=today, write=True)
    assert _package_rows(package) == month.rows()
    check = verify_package(package, dt.datetime.now())
    assert check.ok, check.problems
    assert check.rows["Pelayanan"] == len(month.rows())


def test_a_month_at_the_office_then_the_next(village_db, tmp_path):
    db = village_db
    # the files, in the order they arrive
    db.run(import_residents, OPENSID, today=day(2))
    db.run(import_pbi, OCTOBER, period="2026-10", today=day(3))
    people = _people(db)
    assert len(people["pbi"]) >= 20
    assert len(people["heads"]) >= 6

    # the officials: the kepala desa registered PPU by the Pemda, two perangkat not yet
    kades, sekdes, kadus = people["heads"][:3]
    db.run(add_observation, Observation(kades, J.PPU, J.AKTIF, day(1), "bpjs"), today=day(4))
    db.run(officials.add_official, OfficialInput(kades, "Kepala Desa", O.KEPALA), today=day(4))
    db.run(officials.add_official, OfficialInput(sekdes, "Sekretaris Desa"), today=day(4))
    db.run(officials.add_official, OfficialInput(kadus, "Kepala Dusun Tlogo"), today=day(4))
    listed = db.run(officials.officials_list, today=day(4), write=False)
    flagged = {o.official.resident_id for o in listed if o.step}
    assert flagged == {sekdes, kadus}
    summary = db.run(officials.summary, today=day(4), write=False)
    assert (summary.officials, summary.on_ppu, summary.not_ppu) == (3, 1, 2)

    # SKTMs: one issued in May that ends this month, one issued today for a poor household
    poor, other_poor, rich, refused = people["heads"][3:7]
    expiring = db.run(
        sktm.add_sktm,
        SktmInput(
            other_poor,
            purpose="rumah_sakit",
            number="400.12/031/V/2026",
            issued_on=dt.date(2026, 5, 30),
        ),
        today=day(5),
    )
    issued = db.run(sktm.add_sktm, SktmInput(poor, number="400.12/077/XI/2026"), today=day(5))
    # bad input changes nothing: a used number, a validity before the date, a dead resident
    before = _count(db, sktm_t)
    with pytest.raises(UserError):
        db.run(sktm.add_sktm, SktmInput(rich, number="400.12/077/XI/2026"), today=day(5))
    with pytest.raises(UserError):
        db.run(
            sktm.add_sktm,
            SktmInput(rich, issued_on=day(5), valid_until=day(1)),
            today=day(5),
        )
    dead = people["unknown"][-1]
    db.run(change_status, dead, codes.MATI, day(2), "meninggal dunia", today=day(5))
    with pytest.raises(UserError):
        db.run(sktm.add_sktm, SktmInput(dead), today=day(5))
    assert _count(db, sktm_t) == before == 2

    # the counter through the month
    household_of_refused = _household(db, refused)
    db.run(set_desil, household_of_refused, 2, day(1), source="dinsos", today=day(9))
    visits = [
        (day(9), people["pbi"][0], DOMISILI, O.DILAYANI),
        (day(9), rich, PENGANTAR, O.DILAYANI),
        (day(10), rich, DOMISILI, O.DIRUJUK),
        (day(12), refused, DOMISILI, O.DITOLAK),  # poor: the rule advised a proposal
        (day(16), poor, DOMISILI, O.DIUSULKAN_PBI),
        (day(20), people["pbi"][1], DOMISILI, O.DILAYANI_CATATAN),
    ]
    for when, rid, service, outcome in visits:
        advice = db.run(counter_log.advice_for, rid, service, today=when, write=False)
        if rid == poor:
            assert advice.code == O.TAWARKAN_USULAN  # the SKTM makes the household poor
            assert advice.suggested == O.DIUSULKAN_PBI
        if rid == rich and service == DOMISILI:
            assert advice.code == O.RUJUK_DAFTAR
            assert advice.blocks
        db.run(counter_log.log_visit, VisitInput(rid, service, outcome), today=when)
    # a log without a resident is refused, nothing written
    with pytest.raises(UserError):
        db.run(counter_log.log_visit, VisitInput(None, DOMISILI, O.DILAYANI), today=day(20))
    assert _count(db, counter_visit_t) == len(visits)
    # the proposal was made in the same job, for November
    with reading(db) as conn:
        proposed = conn.execute(
            select(usulan_t.c.resident_id, usulan_t.c.period, usulan_t.c.kind)
        ).all()
    assert [tuple(r) for r in proposed] == [(poor, NOV, "penambahan")]

    end = day(30)
    month = db.run(office_month, NOV, today=end, write=False)
    c = month.counter
    assert c.total == 6
    assert c.by_outcome == {
        O.DILAYANI: 2,
        O.DILAYANI_CATATAN: 1,
        O.DIRUJUK: 1,
        O.DIUSULKAN_PBI: 1,
        O.DIUSULKAN_APBDES: 0,
        O.DITOLAK: 1,
    }
    assert c.refused_without_offer == 1
    assert c.by_service == {DOMISILI: 5, PENGANTAR: 1}
    assert c.followups_open == 1  # the referral: not registered yet
    s = month.sktm
    assert (s.issued, s.cancelled, s.expiring, s.valid_at_end) == (1, 0, 1, 2)
    assert s.holders_uninsured == 2
    assert s.uninsured_cost_month == 2 * 42_000
    followups = db.run(counter_log.followups, today=end, write=False)
    assert [f.resident_id for f in followups] == [rich]
    _month_agrees(db, NOV, end, tmp_path, "november")

    # December: the referred resident registered as PBPU mandiri; an SKTM issued to the wrong
    # person is cancelled and issued again; the May letter has ended
    db.run(
        add_observation,
        Observation(rich, J.PBPU_MANDIRI, J.AKTIF, day(2, 12), "kartu"),
        today=day(3, 12),
    )
    assert db.run(counter_log.followups, today=day(3, 12), write=False) == []
    wrong = db.run(sktm.add_sktm, SktmInput(sekdes, purpose="sekolah"), today=day(4, 12))
    db.run(sktm.cancel_sktm, wrong, "salah orang: seharusnya untuk anaknya", today=day(4, 12))
    db.run(sktm.add_sktm, SktmInput(kadus, purpose="sekolah"), today=day(4, 12))
    december = db.run(office_month, "2026-12", today=day(31, 12), write=False)
    assert (december.sktm.issued, december.sktm.cancelled) == (2, 1)
    assert december.counter.followups_closed == 1
    assert december.counter.followups_open == 0
    with reading(db) as conn:
        letters = conn.execute(select(sktm_t.c.id, sktm_t.c.cancelled_on)).all()
    assert {i for i, cancelled in letters if cancelled is None} >= {issued, expiring}

    # November's package sent again in December: November's figures are still November's
    again = db.run(office_month, NOV, today=day(5, 12), write=False)
    assert again.counter == month.counter
    assert again.sktm == month.sktm
    _month_agrees(db, NOV, day(5, 12), tmp_path, "november_lagi")
    _month_agrees(db, "2026-12", day(31, 12), tmp_path, "desember")
