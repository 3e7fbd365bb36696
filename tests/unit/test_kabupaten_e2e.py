"""A realistic month and the next at the kabupaten, end to end, on both engines: two kecamatan of
Kabupaten Karanganyar with three and two demo villages. Matesih's villages send to their
kecamatan, which forwards the month to the kabupaten as one batch (the villages' signed bytes);
Tawangmangu's villages send to the kabupaten directly; one village re-sends, a batch is read
twice, a village of another kabupaten is refused, a file altered in a batch is refused alone; in
November the same again. The kabupaten's figures per kecamatan are the kecamatan's own, and the
same numbers are in the drill-down, the matrix, the Dinas Sosial workbook and the verval sheet."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from jkn_desktop.cli import main
from jkn_desktop.domain import codes
from jkn_desktop.domain import duplicates as D
from jkn_desktop.persistence.tables import jkn_current_t, kec_package_t, resident_t
from jkn_desktop.services.kabupaten.batch import receive_batch
from jkn_desktop.services.kabupaten.dinsos import export_dinsos_kabupaten
from jkn_desktop.services.kabupaten.identity import init_kabupaten
from jkn_desktop.services.kabupaten.summary import (
    kabupaten_matrix,
    kabupaten_summary,
    kecamatan_drilldown,
)
from jkn_desktop.services.kabupaten.verval import verval_worksheet
from jkn_desktop.services.kecamatan.batch import receive_files
from jkn_desktop.services.kecamatan.duplicates import find_duplicates
from jkn_desktop.services.kecamatan.forward import forward_month
from jkn_desktop.services.kecamatan.identity import init_kecamatan
from jkn_desktop.services.kecamatan.summary import kecamatan_summary
from jkn_desktop.services.registry.residents import change_status
from tests.kabupaten_helpers import (
    MATESIH,
    TAWANGMANGU,
    VILLAGES,
    address,
    at,
    copy_resident,
    enrol_pemda,
    export,
    new_village,
    propose,
    uninsured,
)

FIGURES = ("population", "registered", "active", "households", "uninsured", "proposals_total")


def _figures(v: Any) -> tuple[int, ...]:
    return tuple(getattr(v, f) for f in FIGURES)


def _packages(db: Any) -> int:
    with db.work("t", write=False) as w:
        return int(w.conn.execute(select(func.count()).select_from(kec_package_t)).scalar_one())


def _pemda_members(db: Any) -> int:
    with db.work("t", write=False) as w:
        return int(
            w.conn.execute(
                select(func.count())
                .select_from(jkn_current_t)
                .where(jkn_current_t.c.segment == "pbpu_pemda")
            ).scalar_one()
        )


def _check_month(kab: Any, kec: Any, period: str) -> Any:
    """The kabupaten's Matesih row is the kecamatan's own total; its drill-down is the
    kecamatan's own village rows; every kecamatan's row is the sum of its villages; the
    kabupaten's total is the sum of its kecamatan."""
    k = kab.run(kabupaten_summary, period, write=False)
    rows = {r.kode_wilayah: r for r in k.kecamatan}
    assert len(rows) == 17  # every kecamatan of Karanganyar, also those that sent nothing
    own = kec.run(kecamatan_summary, period, write=False)
    assert _figures(rows[MATESIH].figures) == _figures(own.total)
    drill = kab.run(kecamatan_drilldown, period, "331305", write=False)
    assert [(v.kode_wilayah, _figures(v)) for v in drill.sent] == [
        (v.kode_wilayah, _figures(v)) for v in own.sent
    ]
    assert _figures(drill.total) == _figures(own.total)
    for kode in (MATESIH, TAWANGMANGU):
        d = kab.run(kecamatan_drilldown, period, kode, write=False)
        assert rows[kode].sent == len(d.sent) == len(VILLAGES[kode])
        assert rows[kode].expected == len(d.villages)
        for i, f in enumerate(FIGURES):
            assert _figures(rows[kode].figures)[i] == sum(getattr(v, f) for v in d.sent), f
    for i, f in enumerate(FIGURES):
        assert _figures(k.total)[i] == sum(_figures(r.figures)[i] for r in k.kecamatan), f
    assert k.total.population > 0
    return k


def test_two_months_of_a_kabupaten(
    new_db: Callable[..., Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dbs: dict[str, Any] = {}
    for seed, kode in enumerate((*VILLAGES[MATESIH], *VILLAGES[TAWANGMANGU]), start=70):
        db = new_village(new_db, kode, seed=seed)
        enrol_pemda(db, uninsured(db, 3), dt.date(2026, 10, 2))
        propose(db, "2026-10", uninsured(db, 2))
        dbs[kode] = db
    # a Matesih resident is also on a Tawangmangu village's register: two kecamatan apart
    first = VILLAGES[MATESIH][0]
    twice = copy_resident(dbs[first], dbs[VILLAGES[TAWANGMANGU][1]])
    # a PBPU Pemda member of the first village dies: the verval sheet says to remove them
    with dbs[first].work("t", write=False) as w:
        dead = w.conn.execute(
            select(jkn_current_t.c.resident_id)
            .where(jkn_current_t.c.segment == "pbpu_pemda")
            .order_by(jkn_current_t.c.resident_id.desc())
        ).scalar()
    with dbs[first].work("Operator") as w:
        change_status(w, int(dead), codes.MATI, dt.date(2026, 10, 20))
    october = {
        k: export(db, "2026-10", tmp_path / "okt" / f"{k}.xlsx", at=at(4)) for k, db in dbs.items()
    }

    # Matesih: the kecamatan receives its villages and forwards the month as one .zip
    kec = new_db("kecamatan")
    kec.run(init_kecamatan, MATESIH)
    report = receive_files(
        kec, [october[k] for k in VILLAGES[MATESIH]], user="staf", register_new_keys=True
    )
    assert not report.refused, report.as_json()
    sent = kec.run(forward_month, "2026-10", tmp_path / "kiriman_okt.zip", user="staf", write=False)
    assert len(sent.files) == 3
    assert not sent.not_kept

    kab = new_db("kabupaten")
    info = kab.run(init_kabupaten, "3313", kepala="Dra. Sri Wahyuni")
    assert info.label == "Kabupaten Karanganyar"
    assert info.kode_wilayah == "33.13"
    # Tawangmangu's villages send directly; a village of another kabupaten is refused
    stranger = new_village(new_db, "33.08.02.2001", seed=5, residents=40)
    wrong = export(stranger, "2026-10", tmp_path / "okt" / "magelang.xlsx", at=at(4))
    direct = [october[k] for k in VILLAGES[TAWANGMANGU]]
    report = receive_files(kab, [*direct, wrong], user="staf", register_new_keys=True)
    assert len(report.received) == 2
    assert [r.code for r in report.refused] == ["PAKET_KABUPATEN_LAIN"]
    assert "bukan untuk kabupaten ini (Kabupaten Karanganyar, 33.13)" in report.refused[0].message
    batch = receive_batch(kab, tmp_path / "kiriman_okt.zip", user="staf", register_new_keys=True)
    assert (batch.kode_kecamatan, batch.period) == (MATESIH, "2026-10")
    assert not batch.report.refused, batch.as_json()
    assert sorted(r.kode_wilayah for r in batch.report.received) == list(VILLAGES[MATESIH])
    assert all(r.signed and not r.already for r in batch.report.received)
    # the same batch again changes nothing
    before = _packages(kab)
    again = receive_batch(kab, tmp_path / "kiriman_okt.zip", user="staf")
    assert all(r.already for r in again.report.received)
    assert not again.report.refused
    assert _packages(kab) == before == 5
    # a Tawangmangu village corrects October and sends it again
    resend = VILLAGES[TAWANGMANGU][0]
    propose(dbs[resend], "2026-10", uninsured(dbs[resend], 1, skip=5))
    fixed = export(dbs[resend], "2026-10", tmp_path / "okt2" / f"{resend}.xlsx", at=at(6))
    report = receive_files(kab, [fixed], user="staf")
    assert report.received[0].replaced
    assert not report.refused
    k = _check_month(kab, kec, "2026-10")

    # the person counted twice is found across the kabupaten, not by either kecamatan alone
    def pairs(db: Any) -> set[tuple[str, str, str]]:
        report = db.run(find_duplicates, "2026-10", kinds=[D.NIK_SAMA], write=False)
        return {(c.a.nik, c.a.kode_wilayah, c.b.kode_wilayah) for c in report.candidates}

    across, within = pairs(kab), pairs(kec)
    assert (twice, first, VILLAGES[TAWANGMANGU][1]) in across
    assert across - within == {(twice, first, VILLAGES[TAWANGMANGU][1])}
    assert within <= across
    d = kab.run(kecamatan_drilldown, "2026-10", TAWANGMANGU, write=False)
    assert next(v for v in d.sent if v.kode_wilayah == resend).proposals_total == 3

    # November: Matesih forwards a folder in which one file was damaged on the way
    november = {
        kode: export(db, "2026-11", tmp_path / "nov" / f"{kode}.xlsx", at=at(1, 12))
        for kode, db in dbs.items()
    }
    report = receive_files(kec, [november[k] for k in VILLAGES[MATESIH]], user="staf")
    assert not report.refused
    folder = tmp_path / "kiriman_nov"
    kec.run(forward_month, "2026-11", folder, user="staf", write=False)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    damaged = folder / manifest["paket"][1]["berkas"]
    damaged.write_bytes(damaged.read_bytes() + b"\0")
    batch = receive_batch(kab, folder, user="staf")
    assert [r.code for r in batch.report.refused] == ["KIRIMAN_BERKAS_BEDA"]
    assert len(batch.report.received) == 2  # the refused one undid nothing
    # that village sends its own package to the kabupaten; Tawangmangu's send directly
    report = receive_files(
        kab,
        [
            november[manifest["paket"][1]["kode_wilayah"]],
            *[november[k] for k in VILLAGES[TAWANGMANGU]],
        ],
        user="staf",
    )
    assert len(report.received) == 3
    assert not report.refused
    k = _check_month(kab, kec, "2026-11")

    # the matrix: the same villages sent as the dashboard counts, per kecamatan and in all
    m = kab.run(kabupaten_matrix, 2026, write=False)
    by_kec = {g.kode_wilayah: g for g in m.kecamatan}
    for month, summary in ((9, _check_month(kab, kec, "2026-10")), (10, k)):
        for r in summary.kecamatan:
            c = by_kec[r.kode_wilayah].months[month]
            assert (c.received, c.expected) == (r.sent, r.expected), r.kode_wilayah
        assert m.matrix.months[month].received == sum(r.sent for r in summary.kecamatan) == 5
    assert by_kec[TAWANGMANGU].months[9].replaced == 1
    assert by_kec[MATESIH].months[9].expected == 9

    # the Dinas Sosial workbook: per kecamatan the dashboard's proposals, a kecamatan column
    out = tmp_path / "dinsos.xlsx"
    doc = kab.run(export_dinsos_kabupaten, "2026-11", out, user="staf", write=False)
    assert doc.rows == k.total.proposals_total
    assert doc.villages == 5
    wb = openpyxl.load_workbook(out)
    recap = list(wb["Rekap per kecamatan"].iter_rows(values_only=True))
    totals = {r[1]: r[-1] for r in recap[1:]}
    assert totals == {r.kode_wilayah: r.figures.proposals_total for r in k.kecamatan}
    per_village = list(wb["Rekap per desa"].iter_rows(values_only=True))
    assert sum(r[-1] for r in per_village[1:]) == doc.rows
    listed = 0
    for name in wb.sheetnames[3:]:
        rows = list(wb[name].iter_rows())
        assert [c.value for c in rows[0][:5]] == [
            "NO",
            "KECAMATAN",
            "DESA/KELURAHAN",
            "KODE WILAYAH",
            "NIK",
        ]
        for row in rows[1:]:
            listed += 1
            assert row[1].value in ("MATESIH", "TAWANGMANGU")
            assert row[4].data_type == "s"
            assert len(row[4].value) == 16
    assert listed == doc.rows
    assert not [c for ws in wb for r in ws.iter_rows() for c in r if c.data_type == "f"]
    pemda = kab.run(
        export_dinsos_kabupaten,
        "2026-11",
        tmp_path / "dinsos_pemda.xlsx",
        track="pbpu_pemda",
        user="staf",
        write=False,
    )
    names = openpyxl.load_workbook(tmp_path / "dinsos_pemda.xlsx").sheetnames
    assert not [n for n in names if "APBN" in n]
    assert "PBPU Pemda - Penambahan" in names
    assert 0 < pemda.rows < doc.rows

    # the quarter's verval sheet: every PBPU Pemda member of the villages' November packages
    out = tmp_path / "verval.xlsx"
    doc = kab.run(verval_worksheet, 2026, 4, out, user="staf", write=False)
    assert doc.rows == sum(_pemda_members(db) for db in dbs.values())
    assert doc.villages == 5
    wb = openpyxl.load_workbook(out)
    ws = wb["Verval PBPU Pemda"]
    head = [c.value for c in ws[1]]
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == doc.rows
    nik = head.index("NIK")
    assert all(r[nik].data_type == "s" and len(r[nik].value) == 16 for r in rows)
    assert all(r[head.index("DATA BULAN")].value == "November 2026" for r in rows)
    verdict = head.index("HASIL VERVAL (TETAP/HAPUS/PERBAIKI DATA)")
    assert all(r[verdict].value in (None, "") for r in rows)
    gone = [r for r in rows if r[head.index("STATUS DASAR")].value == "MATI"]
    assert gone
    assert all("meninggal" in r[head.index("PERLU DIPERIKSA")].value for r in gone)
    recap = list(wb["Rekap per kecamatan"].iter_rows(values_only=True))
    assert recap[-1][4] == doc.rows
    assert {r[1]: r[4] for r in recap[1:-1] if r[4]} == {
        kode: sum(1 for r in rows if r[head.index("KODE WILAYAH")].value.startswith(kode + "."))
        for kode in (MATESIH, TAWANGMANGU)
    }
    assert not [c for ws in wb for r in ws.iter_rows() for c in r if c.data_type == "f"]

    # the command line gives the same per-kecamatan figures
    assert (
        main(["--db", address(kab), "kabupaten", "summary", "--period", "2026-11", "--json"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert {r["kode_wilayah"]: r["population"] for r in data["kecamatan"]} == {
        r.kode_wilayah: r.figures.population for r in k.kecamatan
    }
    with kab.work("t", write=False) as w:
        assert w.conn.execute(select(func.count()).select_from(resident_t)).scalar_one() == 0
