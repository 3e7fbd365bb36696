"""Writing a package's sheets a column at a time (``bulk.insert_columns``), on both engines:
what is read back is what was given — days, empty days, numbers given as text."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from jkn_desktop.persistence.bulk import insert_columns
from jkn_desktop.persistence.tables import kec_household_t
from jkn_desktop.services.kecamatan.identity import init_kecamatan, villages
from tests.kec_fill import add_package

H = kec_household_t


def _package(db) -> int:
    db.run(init_kecamatan, "33.13.05")
    kode = db.run(villages, write=False)[0].kode_wilayah
    with db.work("uji") as job:
        return add_package(job.conn, kode, "2026-10")


def test_columns_are_stored_as_given_with_days_and_empty_days(db):
    pid = _package(db)
    days = [dt.date(2026, 1, 31), None, dt.date(2025, 12, 1)]
    columns = [
        [pid] * 3,
        ["3313050101010001", "3313050101010002", 3313050101010003],  # a number as Excel gives it
        ["Jl. Mawar", "", "RT 1"],
        ["001", "002", "003"],
        ["01", "01", "02"],
        ["Krajan", "Krajan", "Ngasem"],
        [4, None, 1],
        days,
    ]
    names = ["package_id", "no_kk", "address", "rt", "rw", "dusun", "desil", "desil_as_of"]
    with db.work("uji") as job:
        insert_columns(job.conn, H, names, columns)
    with db.work("uji", write=False) as job:
        rows = job.conn.execute(
            select(H.c.no_kk, H.c.address, H.c.rt, H.c.desil, H.c.desil_as_of)
            .where(H.c.package_id == pid)
            .order_by(H.c.no_kk)
        ).all()
    assert [tuple(r) for r in rows] == [
        ("3313050101010001", "Jl. Mawar", "001", 4, dt.date(2026, 1, 31)),
        ("3313050101010002", "", "002", None, None),
        ("3313050101010003", "RT 1", "003", 1, dt.date(2025, 12, 1)),
    ]


def test_a_column_of_no_days_at_all_and_no_rows_at_all(db):
    pid = _package(db)
    names = ["package_id", "no_kk", "address", "rt", "rw", "dusun", "desil", "desil_as_of"]
    with db.work("uji") as job:
        insert_columns(job.conn, H, names, [[pid], ["1"], [""], [""], [""], [""], [None], [None]])
        insert_columns(job.conn, H, names, [[], [], [], [], [], [], [], []])
    with db.work("uji", write=False) as job:
        rows = job.conn.execute(
            select(H.c.no_kk, H.c.desil_as_of).where(H.c.package_id == pid)
        ).all()
    assert [tuple(r) for r in rows] == [("1", None)]


def test_any_text_a_village_file_can_hold_comes_back_the_same(db):
    """On a server most columns travel as one text parted again by the server: a name holding
    the very characters that part it, or one made only of one of them, an empty name, a
    truth value left empty, must still come back exactly (the column then goes as an array)."""
    from jkn_desktop.persistence.tables import kec_resident_t as R

    pid = _package(db)
    names = ["SITI\x1fAMINAH", "\x1e", "", "BUDI \x1e SANTOSO", "Ani"]
    n = len(names)
    columns = {
        "package_id": [pid] * n,
        "uid": [""] * n,
        "nik": [f"331305010101000{i}" for i in range(n)],
        "no_kk": ["1"] * n,
        "name": names,
        "sex": ["P", "P", "L", "L", "P"],
        "mother_name": [""] * n,
        "status_dasar": [1, 1, 2, 1, 1],
        "pregnant": [True, False, False, False, True],
        "registered": [True, None, False, None, True],
        "shdk": [1, None, 3, None, 4],
        "birth_date": [dt.date(1990, 5, 17), None, None, dt.date(2001, 1, 1), None],
        "card_no": ["0001", "", "", "0002", ""],
        "jkn_source": ["dinsos", "", "", "", ""],
    }
    with db.work("uji") as job:
        insert_columns(job.conn, R, list(columns), list(columns.values()))
        # a package of one resident, whose only name is empty
        one = {k: v[2:3] for k, v in columns.items()}
        one["nik"] = ["3313050101019999"]
        insert_columns(job.conn, R, list(one), list(one.values()))
    with db.work("uji", write=False) as job:
        got = job.conn.execute(
            select(*(R.c[k] for k in columns if k != "package_id"))
            .where(R.c.package_id == pid)
            .order_by(R.c.nik)
        ).all()
    expected = [tuple(columns[k][i] for k in columns if k != "package_id") for i in range(n)]
    last = tuple(one[k][0] for k in columns if k != "package_id")
    assert [tuple(r) for r in got] == [*expected, last]
