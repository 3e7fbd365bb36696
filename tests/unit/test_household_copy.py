"""Every resident carries a copy of its household's No. KK, dusun, RW and RT (the lists sort and
filter by area without a join). Every write that changes a household's number or area, or a
resident's household, keeps the copy equal to the join, in the same job."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

import pytest
from openpyxl import Workbook
from sqlalchemy import select

from jkn_desktop.persistence.tables import household_t, resident_t
from jkn_desktop.records.households import HouseholdInput
from jkn_desktop.records.residents import ResidentFilter, ResidentInput
from jkn_desktop.services.registry import households, resident_search, residents
from jkn_desktop.services.registry.household_copy import stale
from jkn_desktop.services.registry.resident_import import import_residents

R, H = resident_t, household_t
KK1, KK2 = "3313050306224132", "3313050306220001"
HEAD = ["NIK", "NO KK", "NAMA", "JK", "TGL LAHIR", "SHDK", "RT", "RW", "DUSUN"]


def _copies(db) -> dict[str, tuple[str, str, str, str]]:
    """Each resident's copy, by NIK."""
    with db.work("uji", write=False) as work:
        rows = work.conn.execute(
            select(
                R.c.nik,
                R.c.household_no_kk,
                R.c.household_dusun,
                R.c.household_rw,
                R.c.household_rt,
            )
        ).all()
    return {r[0]: tuple(r[1:]) for r in rows}


def _joined(db) -> dict[str, tuple[str, str, str, str]]:
    """What the copy must be: the household's values through the join ("" without one)."""
    with db.work("uji", write=False) as work:
        rows = work.conn.execute(
            select(R.c.nik, H.c.no_kk, H.c.dusun, H.c.rw, H.c.rt).select_from(
                R.outerjoin(H, H.c.id == R.c.household_id)
            )
        ).all()
    return {r[0]: tuple(v or "" for v in r[1:]) for r in rows}


def _assert_in_step(db) -> None:
    assert _copies(db) == _joined(db)
    assert db.run(lambda work: stale(work.conn), write=False) == []


def _person(nik: str, name: str, no_kk: str = "", shdk: int | None = None) -> ResidentInput:
    return ResidentInput(
        nik=nik, name=name, sex="L", birth_date=dt.date(1980, 1, 1), no_kk=no_kk, shdk=shdk
    )


def _sheet(path: Path, rows: list[list[object]]) -> Path:
    wb = Workbook()
    ws = wb.active
    for r in [HEAD, *rows]:
        ws.append(r)
    wb.save(path)
    return path


def test_dialog_writes_keep_the_copy(village_db):
    db = village_db
    h1 = db.run(households.create, HouseholdInput(KK1, "Dusun Tlogo", "2", "1", "Tlogo"))
    db.run(households.create, HouseholdInput(KK2, "Dusun Krajan", "4", "3", "Krajan"))
    head = db.run(residents.create, _person("3313051203800001", "BUDI", KK1, 1)).id
    loose = db.run(residents.create, _person("3313051203800002", "TANPA KK")).id
    _assert_in_step(db)
    assert _copies(db)["3313051203800001"] == (KK1, "Tlogo", "001", "002")
    assert _copies(db)["3313051203800002"] == ("", "", "", "")

    # the dialog moves a resident to another KK, then out of any KK, then back
    detail = db.run(residents.get, head)
    db.run(residents.update_resident, head, replace(detail, no_kk=KK2))
    _assert_in_step(db)
    db.run(residents.update_resident, head, replace(detail, no_kk=""))
    _assert_in_step(db)
    db.run(residents.update_resident, loose, replace(db.run(residents.get, loose), no_kk=KK1))
    _assert_in_step(db)

    # the household's own number and area change: every member follows
    db.run(
        households.update_household,
        h1,
        HouseholdInput("3313050306229999", "Jl. Baru", "7", "5", "Gondang"),
    )
    _assert_in_step(db)
    assert _copies(db)["3313051203800002"] == ("3313050306229999", "Gondang", "005", "007")
    # a status change and a delete touch no household
    db.run(residents.change_status, loose, 2, dt.date(2026, 1, 5))
    db.run(residents.delete_resident, head, "salah input")
    _assert_in_step(db)


def test_moves_and_splits_keep_the_copy(village_db):
    db = village_db
    hid = db.run(households.create, HouseholdInput(KK1, "Dusun Tlogo", "2", "1", "Tlogo"))
    db.run(households.create, HouseholdInput(KK2, "Dusun Krajan", "4", "3", "Krajan"))
    ids = [
        db.run(residents.create, _person(f"331305120380000{i}", f"WARGA {i}", KK1, s)).id
        for i, s in ((1, 1), (2, 3), (3, 4))
    ]
    new_hid = db.run(
        households.split_household,
        hid,
        HouseholdInput("3313051511260001", "Dusun Sendang", "9", "8", "Sendang"),
        {ids[2]: 1},
    )
    _assert_in_step(db)
    db.run(households.move_resident, ids[1], new_hid, 3)
    _assert_in_step(db)
    with db.work("uji") as work:
        households.move_to_kk(work, ids[0], KK2, 1)
    _assert_in_step(db)
    assert _copies(db)["3313051203800001"] == (KK2, "Krajan", "003", "004")


def test_import_keeps_the_copy_of_listed_and_unlisted_members(village_db, tmp_path):
    db = village_db
    first = [
        ["3313051203800001", KK1, "BUDI", "L", "12-03-1980", "Kepala Keluarga", "1", "1", "Krajan"],
        ["3313054506850002", KK1, "SITI", "P", "05-06-1985", "Istri", "1", "1", "Krajan"],
        ["3313050101150003", KK2, "ADI", "L", "01-01-2015", "Kepala Keluarga", "2", "1", "Tlogo"],
    ]
    db.run(import_residents, _sheet(tmp_path / "a.xlsx", first))
    _assert_in_step(db)
    assert _copies(db)["3313054506850002"] == (KK1, "Krajan", "001", "001")
    # the next file moves the KK to another RT and ADI into BUDI's KK; SITI is not in it
    second = [
        ["3313051203800001", KK1, "BUDI", "L", "12-03-1980", "Kepala Keluarga", "5", "2", "Krajan"],
        ["3313050101150003", KK1, "ADI", "L", "01-01-2015", "Anak", "5", "2", "Krajan"],
    ]
    db.run(import_residents, _sheet(tmp_path / "b.xlsx", second))
    _assert_in_step(db)
    assert _copies(db)["3313054506850002"] == (KK1, "Krajan", "002", "005")
    assert _copies(db)["3313050101150003"] == (KK1, "Krajan", "002", "005")
    # and the lists see it without a join
    found = db.run(resident_search.query_ids, ResidentFilter(rw="002", rt="005"), write=False)
    assert len(found) == 3


def test_demo_village_keeps_the_copy(demo_db):
    _assert_in_step(demo_db)
    assert any(v[1] for v in _copies(demo_db).values())


def _order_indexes(db) -> set[str]:
    from sqlalchemy import inspect

    with db.work("uji", write=False) as work:
        indexes = inspect(work.conn).get_indexes("resident")
        return {
            str(ix["name"]) for ix in indexes if str(ix["name"]).startswith("ix_resident_order_")
        }


def test_a_first_bulk_import_builds_the_order_indexes_after_the_rows(
    village_db, tmp_path, monkeypatch
):
    """Into an empty registry a big file's rows go in first and the order indexes are built once
    after them, in the same job; a cancelled import rolls the dropped indexes back with it."""
    from jkn_desktop.errors import Cancelled
    from jkn_desktop.persistence import bulk_residents, resident_order

    db = village_db
    monkeypatch.setattr(bulk_residents, "REBUILD_MIN_ROWS", 2)  # "big" for a test-sized file
    every = _order_indexes(db)
    assert len(every) == len(resident_order.ORDERS)
    rows = [
        [f"331305120380{i:04d}", KK1, f"WARGA {i}", "L", "01-01-1990", "Anak", "1", "1", "Krajan"]
        for i in range(1, 40)
    ]

    def cancel_while_writing(done, total):
        if done > len(rows):  # past reading: the rows are being written
            raise Cancelled()

    with pytest.raises(Cancelled):
        db.run(import_residents, _sheet(tmp_path / "a.xlsx", rows), progress=cancel_while_writing)
    assert _order_indexes(db) == every
    db.run(import_residents, _sheet(tmp_path / "a.xlsx", rows))
    assert _order_indexes(db) == every
    _assert_in_step(db)
    found = db.run(resident_search.query_ids, ResidentFilter(), "name", write=False)
    assert len(found) == len(rows)
