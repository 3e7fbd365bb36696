"""A realistic two months at the kecamatan, end to end: three demo villages (their own seeds, with
proposals and the demo's APBDes lines) export October; in November one village does not send, one
re-sends corrected data (a death recorded, a resident newly covered, another proposal). After
receiving, each village's row on the kecamatan's dashboard is the village's own coverage figure
(the issue's anchor: counts that differ between village and kecamatan), and the same figures are
in the summary JSON of the command line, the Camat's recap PDF and the Dinas Sosial workbook."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook
from sqlalchemy import select

from jkn_desktop.cli import main
from jkn_desktop.domain import codes
from jkn_desktop.domain.formatting import angka
from jkn_desktop.domain.nik import mask_nik
from jkn_desktop.persistence.tables import audit_t, resident_t
from jkn_desktop.records.membership import Observation
from jkn_desktop.records.usulan import ProposalInput
from jkn_desktop.services.kecamatan.batch import receive_files
from jkn_desktop.services.kecamatan.dinsos import export_dinsos_kecamatan
from jkn_desktop.services.kecamatan.lists import village_lists
from jkn_desktop.services.kecamatan.quarterly import apbdes_evaluation, write_quarterly
from jkn_desktop.services.kecamatan.summary import kecamatan_summary, kecamatan_trend
from jkn_desktop.services.kecamatan.upward import write_letter, write_recap
from jkn_desktop.services.membership.coverage import coverage
from jkn_desktop.services.membership.evidence import add_observation
from jkn_desktop.services.registry.residents import change_status
from jkn_desktop.services.usulan.proposals import add, set_status
from jkn_desktop.services.usulan.proposals import counts as proposal_counts
from tests.kecamatan_helpers import (
    VILLAGES,
    at,
    export,
    make_village,
    new_kecamatan,
    village_template,
)

A, B, C = VILLAGES[:3]


def _uninsured(db: Any, n: int) -> list[tuple[int, str]]:
    """(id, NIK) of ``n`` living residents without a known JKN state."""
    from jkn_desktop.persistence.tables import jkn_current_t as J

    with db.work("t", write=False) as w:
        rows = w.conn.execute(
            select(resident_t.c.id, resident_t.c.nik)
            .where(
                resident_t.c.status_dasar == codes.HIDUP,
                ~resident_t.c.id.in_(select(J.c.resident_id).where(J.c.status == "aktif")),
            )
            .order_by(resident_t.c.id)
            .limit(n)
        ).all()
    return [(int(i), str(nik)) for i, nik in rows]


def _covered(db: Any) -> tuple[int, str]:
    from jkn_desktop.persistence.tables import jkn_current_t as J

    with db.work("t", write=False) as w:
        rid, nik = w.conn.execute(
            select(resident_t.c.id, resident_t.c.nik)
            .join(J, J.c.resident_id == resident_t.c.id)
            .where(resident_t.c.status_dasar == codes.HIDUP, J.c.status == "aktif")
            .order_by(resident_t.c.id)
        ).first()
    return int(rid), str(nik)


def _propose(db: Any, period: str, who: list[tuple[int, str]], send: bool) -> None:
    ids = []
    with db.work("Operator") as w:
        for i, (_rid, nik) in enumerate(who):
            track = "pbi_apbn" if i % 2 == 0 else "pbpu_pemda"
            ids.append(add(w, ProposalInput(period, "penambahan", nik, track=track)))
    if send:
        with db.work("Operator") as w:
            set_status(w, ids[:1], "disetujui")
        with db.work("Operator") as w:
            set_status(w, ids[:1], "dikirim")


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Three village files (made once) and the packages they sent over two months, A's
    November twice (corrected later the same morning)."""
    root = tmp_path_factory.mktemp("dua_bulan")
    template = village_template(tmp_path_factory)
    dbs = {
        kode: make_village(template, root / "desa", kode, seed=40 + i, residents=300)
        for i, kode in enumerate((A, B, C))
    }
    files = []
    for kode, db in dbs.items():
        _propose(db, "2026-10", _uninsured(db, 2), send=True)
        files.append(export(db, "2026-10", root / "okt" / f"{kode}.xlsx", at=at(5)))
    for kode in (A, B):
        _propose(dbs[kode], "2026-11", _uninsured(dbs[kode], 3), send=kode == A)
        files.append(export(dbs[kode], "2026-11", root / "nov" / f"{kode}.xlsx", at=at(1, 12, 8)))
    # village A corrects its data and sends November again, later the same morning
    db = dbs[A]
    dead, _nik = _covered(db)
    newly = _uninsured(db, 10)[-1]
    with db.work("Operator") as w:
        change_status(w, dead, codes.MATI, dt.date(2026, 11, 20))
    with db.work("Operator") as w:
        add_observation(
            w, Observation(newly[0], "pbpu_pemda", "aktif", dt.date(2026, 11, 25), "kartu")
        )
    _propose(db, "2026-11", _uninsured(db, 12)[-1:], send=False)
    again = export(db, "2026-11", root / "nov2" / f"{A}.xlsx", at=at(1, 12, 10))
    return {"root": root, "dbs": dbs, "files": files, "again": again}


@pytest.fixture
def world(sent: dict[str, Any], new_db: Any) -> dict[str, Any]:
    """The kecamatan, on the test's engine, that received those packages."""
    kec = new_kecamatan(new_db)
    report = receive_files(kec, sent["files"], user="staf", register_new_keys=True)
    assert not report.refused, report.as_json()
    first = kec.run(kecamatan_summary, "2026-11", write=False)
    report = receive_files(kec, [sent["again"]], user="staf")
    assert not report.refused, report.as_json()
    assert report.received[0].replaced
    return {**sent, "kec": kec, "first": first}


def test_each_village_row_is_the_village_own_figure(world: dict[str, Any]) -> None:
    kec = world["kec"]
    s = kec.run(kecamatan_summary, "2026-11", write=False)
    rows = {v.kode_wilayah: v for v in s.villages}
    for kode in (A, B):
        village = world["dbs"][kode].run(coverage, write=False).total
        row = rows[kode]
        assert row.sent
        assert row.verdicts  # format 3: the village's own verdict per resident
        assert (
            row.population,
            row.registered,
            row.active,
            row.households,
            row.households_fully_uninsured,
            row.households_partly_uninsured,
        ) == (
            village.population,
            village.registered,
            village.active,
            village.households,
            village.households_fully_uninsured,
            village.households_partly_uninsured,
        ), kode
    assert not rows[C].sent
    assert [v.kode_wilayah for v in s.missing][:1] == [C]
    # the re-sent package counts, with its third November proposal
    for kode in (A, B):  # the proposals too: the village's own count per kind
        village_counts = world["dbs"][kode].run(proposal_counts, "2026-11", write=False)
        kinds = {k: sum(by.values()) for k, by in rows[kode].proposals.items()}
        assert kinds == village_counts, kode
    before = next(v for v in world["first"].villages if v.kode_wilayah == A)
    assert rows[A].proposals_total > before.proposals_total  # the re-sent package's count
    assert before.population == rows[A].population + 1  # the death recorded in the correction
    assert rows[A].pbi_joined is not None
    assert rows[B].pbi_left is not None
    assert s.total.population == rows[A].population + rows[B].population
    assert rows[A].apbdes.lines == 2
    assert rows[A].apbdes.pagu > 0
    october = kec.run(kecamatan_summary, "2026-10", write=False)
    assert len(october.sent) == 3
    assert october.villages[0].pbi_joined is None
    trend = kec.run(kecamatan_trend, write=False)
    assert trend.months == ["2026-10", "2026-11"]
    assert [p.villages_sent for p in trend.total] == [3, 2]
    assert trend.total[1].population == s.total.population


def test_the_same_figures_in_json_recap_and_workbook(
    world: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kec = world["kec"]
    path = kec.location.text if kec.on_server else str(kec.location)  # as typed after --db
    s = kec.run(kecamatan_summary, "2026-11", write=False)
    assert main(["kecamatan", "summary", "--period", "2026-11", "--json", "--db", path]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data == json.loads(json.dumps(s.as_json()))
    assert data["villages_sent"] == 2
    assert data["total"]["population"] == s.total.population

    pdf = tmp_path / "rekap.pdf"
    doc = kec.run(write_recap, "2026-11", pdf, write=False, user="staf")
    assert doc.pages >= 1
    assert doc.villages == 2
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        for v in s.sent:
            line = next(ln for ln in text.splitlines() if v.name in ln and "%" in ln)
            for figure in (v.population, v.registered, v.active):
                assert angka(figure) in line, (v.name, figure, line)
        total = next(ln for ln in text.splitlines() if "Jumlah kecamatan" in ln and "%" in ln)
        assert angka(s.total.population) in total
        assert angka(s.total.active) in total
        assert "Drs. Bambang Sutejo" in text
        assert "NIP. 196805121990031007" in text
        assert "belum mengirim" in text

    book = tmp_path / "dinsos.xlsx"
    result = kec.run(export_dinsos_kecamatan, "2026-11", book, write=False, user="staf")
    assert result.rows == s.total.proposals_total
    wb = CalamineWorkbook.from_path(str(book))
    per_village = wb.get_sheet_by_name("Rekap per desa").to_python()
    totals = {r[1]: int(r[-1]) for r in per_village[1:]}
    assert totals == {v.kode_wilayah: v.proposals_total for v in s.sent}
    apbn = wb.get_sheet_by_name("PBI APBN - Penambahan").to_python()
    pemda = wb.get_sheet_by_name("PBPU Pemda - Penambahan").to_python()
    assert apbn[0][:4] == ["NO", "DESA/KELURAHAN", "KODE WILAYAH", "NIK"]
    assert {r[-4] for r in apbn[1:]} == {"PBI JK APBN (Kemensos)"}
    assert {r[-4] for r in pemda[1:]} == {"PBPU/BP Pemda (APBD)"}
    assert len(apbn) - 1 + len(pemda) - 1 <= s.total.proposals_total
    assert all(len(r[3]) == 16 and "*" not in r[3] for r in apbn[1:])  # full NIKs here only


def test_letter_quarter_evaluation_and_the_audit(world: dict[str, Any], tmp_path: Path) -> None:
    kec = world["kec"]
    letter = kec.run(write_letter, "2026-11", tmp_path / "surat.pdf", write=False, user="staf")
    missing = kec.run(kecamatan_summary, "2026-11", write=False).missing
    assert letter.rows == len(missing) > 1
    quarter = kec.run(write_quarterly, 2026, 4, tmp_path / "tw4.pdf", write=False, user="staf")
    assert quarter.pages >= 1
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(tmp_path / "surat.pdf"), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        assert "Desa Matesih" in text
        assert "Oktober 2026" in text
        assert "10 Desember 2026" in text  # the deadline setting's day
    ev = kec.run(apbdes_evaluation, 2026, write=False)
    s = kec.run(kecamatan_summary, "2026-11", write=False)
    by_code = {r.kode_wilayah: r for r in ev.rows}
    for v in s.sent:  # November is the latest month of A and B: the same need as the dashboard
        assert by_code[v.kode_wilayah].apbdes == v.apbdes
    assert by_code[C].period == "2026-10"
    assert by_code[C].apbdes.need_months == 2
    with kec.work("t", write=False) as w:
        docs = set(
            w.conn.execute(
                select(audit_t.c.new_value).where(
                    audit_t.c.action == "export", audit_t.c.field == "document"
                )
            ).scalars()
        )
    assert {
        "Surat kepada desa yang belum mengirim paket",
        "Laporan triwulan JKN kepada Bupati",
    } <= docs


def test_lists_mask_nothing_on_screen_and_the_printouts_mask_everything(
    world: dict[str, Any], tmp_path: Path
) -> None:
    kec = world["kec"]
    people = kec.run(village_lists, "2026-11", A, "penduduk_belum", limit=5, write=False)
    assert people.total > 0
    assert len(people.rows[0][0]) == 16
    pdf = tmp_path / "rekap.pdf"
    kec.run(write_recap, "2026-11", pdf, write=False, user="staf")
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True
        ).stdout
        assert people.rows[0][0] not in text
        assert mask_nik(people.rows[0][0]) not in text
