"""Receiving the villages' packages at the kecamatan, in the order a month really goes: the first
packages arrive on a flash drive, one village re-sends corrected data, a copy arrives twice through
WhatsApp, an older version turns up late, an altered package and files that are not packages sit
in the same folder, a package of another kecamatan, two versions of one month in one batch."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import func, select

from jkn_desktop.persistence.tables import kec_package_t, kec_resident_t
from jkn_desktop.services.kecamatan.batch import receive_files
from jkn_desktop.services.kecamatan.matrix import (
    LATE,
    MISSING,
    ON_TIME,
    REPLACED,
    RETURNED,
    return_package,
    submission_matrix,
)
from jkn_desktop.services.kecamatan.packages import current_packages, packages
from jkn_desktop.services.kecamatan.receive import receive_package
from tests.kecamatan_helpers import (
    VILLAGES,
    at,
    export,
    make_village,
    new_kecamatan,
    village_template,
)


@pytest.fixture(scope="module")
def month(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Three villages of Matesih and their October and November packages (made once)."""
    root = tmp_path_factory.mktemp("bulan")
    template = village_template(tmp_path_factory)  # the villages stay SQLite files
    dbs = {
        kode: make_village(template, root / "desa", kode, seed=10 + i)
        for i, kode in enumerate(VILLAGES[:3])
    }
    files: dict[str, Path] = {}
    for kode, db in dbs.items():
        files[f"{kode}/10"] = export(db, "2026-10", root / "okt" / f"paket_{kode}.xlsx", at=at(5))
        files[f"{kode}/11"] = export(
            db, "2026-11", root / "nov" / f"paket_{kode}.xlsx", at=at(1, 12, hour=8)
        )
    return {"root": root, "dbs": dbs, "files": files}


def _kec(new_db: Any, month: dict | None = None) -> object:
    """The kecamatan; with ``month``, the villages' keys registered (as after comparing the
    fingerprints on their Berita Acara): their signed packages are then taken in."""
    kec = new_kecamatan(new_db)  # on the test's engine
    if month is not None:
        from jkn_desktop.services.kecamatan.keys import register_key
        from jkn_desktop.services.usulan.package_sign import stored_key

        for kode, village in month["dbs"].items():
            key = village.run(stored_key, write=False)
            kec.run(register_key, kode, key.public_key, key.fingerprint, write=True)
    return kec


def _resident_count(db: object, package_id: int) -> int:
    with db.work("t", write=False) as w:  # type: ignore[attr-defined]
        return int(
            w.conn.execute(
                select(func.count()).where(kec_resident_t.c.package_id == package_id)
            ).scalar_one()
        )


def test_a_month_received_from_a_folder_with_bad_files_beside_good_ones(
    month: dict, new_db: Any, tmp_path: Path
) -> None:
    kec = _kec(new_db, month)
    drop = tmp_path / "flashdisk"
    shutil.copytree(month["root"] / "okt", drop)
    (drop / "foto.jpg").write_bytes(b"\xff\xd8\xff")  # passed over: not a workbook
    wb = openpyxl.Workbook()
    wb.active.append(["nama", "nik"])
    wb.save(drop / "daftar_lain.xlsx")  # a workbook that is not a package
    altered = drop / "diubah.xlsx"
    shutil.copyfile(month["files"][f"{VILLAGES[0]}/11"], altered)
    book = openpyxl.load_workbook(altered)
    book["Penduduk"]["C2"] = "NAMA DIGANTI"
    book.save(altered)
    (drop / "terpotong.xlsx").write_bytes(month["files"][f"{VILLAGES[1]}/11"].read_bytes()[:3000])

    report = receive_files(kec, [drop], user="staf")

    got = sorted((r.kode_wilayah, r.period) for r in report.received)
    assert got == [(k, "2026-10") for k in VILLAGES[:3]]
    refused = {r.file: r for r in report.refused}
    assert set(refused) == {"daftar_lain.xlsx", "diubah.xlsx", "terpotong.xlsx"}
    assert refused["diubah.xlsx"].code == "PAKET_DIUBAH"
    assert "Penduduk" in refused["diubah.xlsx"].message
    assert refused["daftar_lain.xlsx"].code == "PAKET_BUKAN"
    assert refused["terpotong.xlsx"].code == "PAKET_BUKAN"
    # nothing of the refused packages went in: November has no package at all
    assert kec.run(current_packages, "2026-11", write=False) == {}
    # every resident of a village is in its package once, with the JKN state joined by NIK
    for r in report.received:
        village = month["dbs"][r.kode_wilayah]
        with village.work("t", write=False) as w:
            n = w.conn.exec_driver_sql("SELECT count(*) FROM resident").scalar_one()
        assert _resident_count(kec, r.package_id) == n
    # and the JSON the command line prints carries what the issue names
    doc = report.as_json()
    assert {"kode_wilayah", "desa", "period", "rows", "replaced"} <= set(doc["received"][0])
    assert {"file", "code", "message"} <= set(doc["refused"][0])


def test_resend_replaces_by_creation_time_and_never_duplicates(
    month: dict, new_db: Any, tmp_path: Path
) -> None:
    kec = _kec(new_db, month)
    kode = VILLAGES[0]
    first = month["files"][f"{kode}/11"]
    assert receive_files(kec, [first], user="staf").received[0].replaced is False
    # the village corrects a resident and sends the month again
    village = month["dbs"][kode]
    with village.work("Operator", write=True) as w:
        w.conn.exec_driver_sql("UPDATE resident SET name = 'SUMARNI KOREKSI' WHERE id = 1")
    fixed = export(village, "2026-11", tmp_path / "koreksi.xlsx", at=at(1, 12, hour=10))
    again = receive_files(kec, [fixed], user="staf").received[0]
    assert again.replaced
    assert not again.superseded
    # the same file through WhatsApp once more, under another name: nothing changes
    copy = tmp_path / "koreksi (1).xlsx"
    shutil.copyfile(fixed, copy)
    assert receive_files(kec, [copy], user="staf").received[0].already
    # the first version turns up late: kept, listed as replaced, not in force
    shutil.copyfile(first, tmp_path / "lama.xlsx")
    late = kec.run(receive_package, tmp_path / "lama.xlsx", write=True)
    assert late.already  # the very same package was read before
    listed = kec.run(packages, period="2026-11", write=False)
    assert [p.state for p in listed] == ["current", "replaced"]
    assert listed[0].file_name == "koreksi.xlsx"
    current = kec.run(current_packages, "2026-11", write=False)
    assert current == {kode: listed[0].id}
    with kec.work("t", write=False) as w:
        names = w.conn.execute(
            select(kec_resident_t.c.name).where(kec_resident_t.c.package_id == current[kode])
        ).scalars()
        assert "SUMARNI KOREKSI" in set(names)


def test_an_older_package_received_after_a_newer_one_is_kept_but_not_in_force(
    month: dict, new_db: Any, tmp_path: Path
) -> None:
    kec = _kec(new_db, month)
    kode = VILLAGES[1]
    village = month["dbs"][kode]
    newer = export(village, "2026-11", tmp_path / "baru.xlsx", at=at(1, 12, hour=11))
    older = month["files"][f"{kode}/11"]  # made at 08.00, before the one above
    receive_files(kec, [newer], user="staf")
    outcome = receive_files(kec, [older], user="staf").received[0]
    assert outcome.superseded
    assert not outcome.replaced
    listed = kec.run(packages, period="2026-11", write=False)
    assert {p.file_name: p.state for p in listed} == {
        "baru.xlsx": "current",
        older.name: "replaced",
    }


def test_two_versions_of_one_month_in_one_batch_are_both_refused(
    month: dict, new_db: Any, tmp_path: Path
) -> None:
    kec = _kec(new_db, month)
    kode = VILLAGES[2]
    other = export(month["dbs"][kode], "2026-11", tmp_path / "lagi.xlsx", at=at(1, 12, hour=9))
    ok = month["files"][f"{VILLAGES[0]}/11"]
    report = receive_files(kec, [month["files"][f"{kode}/11"], other, ok], user="staf")
    assert [r.kode_wilayah for r in report.received] == [VILLAGES[0]]
    assert sorted(r.code for r in report.refused) == ["PAKET_GANDA_KIRIMAN"] * 2
    assert "lagi.xlsx" in report.refused[0].message or "lagi.xlsx" in report.refused[1].message


def test_packages_of_another_kecamatan_or_an_unlisted_village_are_refused(
    month: dict, new_db: Any, tmp_path: Path
) -> None:
    other_kec = new_kecamatan(new_db, "33.13.06")
    r = other_kec.run(receive_package, month["files"][f"{VILLAGES[0]}/11"], write=True)
    assert r.code == "PAKET_KECAMATAN_LAIN"
    assert "Matesih" not in r.message or "bukan untuk kecamatan ini" in r.message
    kec = _kec(new_db)
    with kec.work("t", write=True) as w:
        w.conn.execute(kec_package_t.delete())
        w.conn.exec_driver_sql(f"DELETE FROM kec_village WHERE kode_wilayah = '{VILLAGES[0]}'")
    r = kec.run(receive_package, month["files"][f"{VILLAGES[0]}/11"], write=True)
    assert r.code == "PAKET_DESA_TIDAK_TERDAFTAR"
    with kec.work("t", write=False) as w:
        assert w.conn.execute(select(func.count()).select_from(kec_package_t)).scalar_one() == 0


def test_a_village_file_cannot_receive_and_a_staff_without_import_is_refused(
    month: dict, new_db: Any, tmp_path: Path
) -> None:
    from jkn_desktop.errors import UserError
    from jkn_desktop.records.people import Actor

    village = month["dbs"][VILLAGES[0]]
    with pytest.raises(UserError) as exc:
        village.run(receive_package, month["files"][f"{VILLAGES[1]}/11"], write=True)
    assert exc.value.code == "KEC_BUKAN_KECAMATAN"
    kec = _kec(new_db)
    camat = Actor(username="camat", roles=("kepala_desa",))
    with pytest.raises(UserError) as exc:
        kec.run(receive_package, month["files"][f"{VILLAGES[1]}/11"], user=camat, write=True)
    assert exc.value.code == "NOT_PERMITTED"


def test_matrix_shows_on_time_late_replaced_returned_and_missing(
    month: dict, new_db: Any, tmp_path: Path
) -> None:
    kec = _kec(new_db, month)
    okt = {k: month["files"][f"{k}/10"] for k in VILLAGES[:3]}
    # two villages on time (by 10 November), one late
    for kode, when in ((VILLAGES[0], at(8)), (VILLAGES[1], at(10, hour=16)), (VILLAGES[2], at(12))):
        with kec.work("staf", write=True, now=when) as w:
            assert receive_package(w, okt[kode]).rows > 0
    # village 0 re-sends October; village 1's package is returned with a note
    fixed = export(month["dbs"][VILLAGES[0]], "2026-10", tmp_path / "okt2.xlsx", at=at(14))
    with kec.work("staf", write=True, now=at(15)) as w:
        receive_package(w, fixed)
    pid = kec.run(current_packages, "2026-10", write=False)[VILLAGES[1]]
    kec.run(return_package, pid, "Desil KK tidak diisi untuk 40 keluarga.", write=True)

    m = kec.run(submission_matrix, 2026, today=dt.date(2026, 12, 1), write=False)
    october = {k: cells[9] for k, cells in m.cells.items()}
    assert october[VILLAGES[0]].state == REPLACED
    assert october[VILLAGES[1]].state == RETURNED
    assert october[VILLAGES[1]].note.startswith("Desil KK")
    assert october[VILLAGES[2]].state == LATE
    assert october["33.13.05.2004"].state == MISSING
    counts = m.months[9]
    assert (counts.expected, counts.received, counts.on_time, counts.late) == (9, 3, 2, 1)
    assert counts.missing == 6
    assert counts.reporting_rate == pytest.approx(33.3)
    # November: nothing yet, and the deadline (10 December) has not passed
    assert {c[10].state for c in m.cells.values()} == {"menunggu"}
    assert [v.name for v in m.not_sent("2026-10")][:1] == ["Karangbangun"]
    json.dumps(m.as_json())  # the command line's --json


def test_on_time_by_the_deadline_setting(month: dict, new_db: Any, tmp_path: Path) -> None:
    from jkn_desktop.services.settings import set_setting

    kec = _kec(new_db, month)
    kec.run(set_setting, "kec_deadline_day", 5, write=True)
    with kec.work("staf", write=True, now=at(8)) as w:
        receive_package(w, month["files"][f"{VILLAGES[0]}/10"])
    m = kec.run(submission_matrix, 2026, today=dt.date(2026, 12, 1), write=False)
    assert m.cells[VILLAGES[0]][9].state == LATE
    kec.run(set_setting, "kec_deadline_day", 10, write=True)
    m = kec.run(submission_matrix, 2026, today=dt.date(2026, 12, 1), write=False)
    assert m.cells[VILLAGES[0]][9].state == ON_TIME


def test_a_package_made_after_this_computers_clock_is_not_called_altered(
    month: dict, new_db: Any
) -> None:
    """A village laptop's clock days ahead (or the kecamatan's behind): the package is intact,
    so the refusal names the clocks, the village by its name, and asks for no new package
    before the clocks are checked; with the clock right it goes in."""
    kec = _kec(new_db, month)
    november = month["files"][f"{VILLAGES[0]}/11"]  # made 1 December 08.00
    with kec.work("staf", write=True, now=at(28, hour=9)) as w:  # 28 November
        refused = receive_package(w, november)
    assert refused.code == "PAKET_MASA_DEPAN"
    assert "1 Desember 2026 pukul 08.00" in refused.message
    assert "28 November 2026 pukul 09.00" in refused.message
    assert "tidak utuh" not in refused.message
    village = month["dbs"][VILLAGES[0]]
    from jkn_desktop.services.registry.village import get_village

    assert f"(desa {village.run(get_village, write=False).desa}, 2026-11)" in refused.message
    with kec.work("staf", write=True, now=at(1, 12, hour=10)) as w:
        assert receive_package(w, november).rows > 0


def test_figures_counted_once_on_receipt_agree_with_the_rows(
    month: dict, new_db: Any, tmp_path: Path
) -> None:
    """Receiving stores each package's figures; what the dashboard reads from them is what
    counting the rows gives, the PBI changes included; when the month before is re-sent the
    stored comparison no longer holds and the rows are compared again."""
    from jkn_desktop.persistence.tables import kec_package_figure_t
    from jkn_desktop.services.kecamatan import figures as F
    from jkn_desktop.services.kecamatan import memo

    kec = _kec(new_db, month)
    okt = [month["files"][f"{k}/10"] for k in VILLAGES[:3]]
    nov = [month["files"][f"{k}/11"] for k in VILLAGES[:3]]
    assert not receive_files(kec, okt, user="staf", now=at(6)).refused
    assert not receive_files(kec, nov, user="staf", now=at(2, 12)).refused

    def check() -> None:
        memo.forget()
        with kec.work("t", write=False) as w:  # type: ignore[attr-defined]
            now = current_packages(w, "2026-11")
            before = current_packages(w, "2026-10")
            ids = list(now.values()) + list(before.values())
            assert F.counts(w, ids) == F._counts(w, ids)
            pairs = {now[k]: before[k] for k in now}
            changes = F.pbi_changes(w, pairs)
            expected = {
                n: (F._counts(w, [n])[n].pbi - both, F._counts(w, [b])[b].pbi - both)
                for n, b in pairs.items()
                for both in [F._overlap(w, {n: b})[n]]
            }
            assert changes == expected

    with kec.work("t", write=False) as w:  # type: ignore[attr-defined]
        stored = dict(
            w.conn.execute(
                select(kec_package_figure_t.c.package_id, kec_package_figure_t.c.pbi_before_id)
            ).all()
        )
        nov_ids = current_packages(w, "2026-11")
        okt_ids = current_packages(w, "2026-10")
    assert len(stored) == 6
    assert {stored[nov_ids[k]] for k in VILLAGES[:3]} == {okt_ids[k] for k in VILLAGES[:3]}
    assert {stored[okt_ids[k]] for k in VILLAGES[:3]} == {None}
    check()
    again = export(month["dbs"][VILLAGES[0]], "2026-10", tmp_path / "okt_lagi.xlsx", at=at(3, 12))
    assert not receive_files(kec, [again], user="staf", now=at(4, 12)).refused
    check()
