"""A realistic month sequence, end to end with real files: three demo villages (their own seeds)
with people planted in two villages, their packages exported and received at the kecamatan,
duplicates found and judged; November's packages still carry the verdicts; the return file read
at the village, the person recorded as moved there; December's packages no longer hold the pair,
and the village's next return file no longer asks for it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from jkn_desktop.domain import codes
from jkn_desktop.domain import duplicates as D
from jkn_desktop.persistence.tables import resident_t
from jkn_desktop.records.residents import ResidentInput

KEC = "33.13.05"
CODES = ("33.13.05.2001", "33.13.05.2002", "33.13.05.2006")


@pytest.fixture
def villages(new_db: Any) -> list[Any]:
    """Three villages on the test's engine (SQLite files, or databases on the server)."""
    from jkn_desktop.demo.village import generate
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    dbs = []
    for i, kode in enumerate(CODES):
        db = new_db(f"desa{i}")
        info = db.run(resolve_identity, kode, operator="Operator", write=False)
        db.run(save_village, info, user="demo")
        generate(db, 120 + 10 * i, seed=40 + i)
        dbs.append(db)
    return dbs


def _living(db: Any, *, with_mother: bool) -> Any:
    """The first living resident with a birth date (and a mother's name, or none)."""
    R = resident_t
    mother = R.c.mother_name != "" if with_mother else R.c.mother_name == ""
    with db.work("uji", write=False) as work:
        return work.conn.execute(
            select(R.c.id, R.c.nik, R.c.name, R.c.sex, R.c.birth_date, R.c.mother_name)
            .where(R.c.status_dasar == codes.HIDUP, R.c.birth_date.is_not(None), mother)
            .order_by(R.c.id)
            .limit(1)
        ).one()


def _copy(db: Any, person: Any, *, nik: str | None = None, name: str | None = None) -> str:
    from jkn_desktop.services.registry.residents import create

    data = ResidentInput(
        nik=nik or person.nik,
        name=name or person.name,
        sex=person.sex,
        birth_date=person.birth_date,
        mother_name=person.mother_name or "",
    )
    db.run(create, data, region_known=lambda _c: True, user="operator")
    return data.nik


def _send(villages: list[Any], kec: Any, period: str, folder: Path, day: dt.datetime) -> None:
    from jkn_desktop.services.kecamatan.batch import receive_files
    from jkn_desktop.services.usulan.package import export_package

    folder.mkdir(parents=True, exist_ok=True)
    for i, db in enumerate(villages):
        with db.work("operator", write=True, now=day) as work:
            export_package(work, period, folder / f"paket_{i}_{period}.xlsx")
    report = receive_files(
        kec, [folder], user="staf", register_new_keys=True, now=day + dt.timedelta(hours=3)
    )
    assert report.refused == []
    assert len(report.received) == len(villages)


def test_a_month_sequence_from_villages_to_kecamatan_and_back(
    villages: list[Any], new_db: Any, tmp_path: Path
) -> None:
    from jkn_desktop.services.kecamatan.corrections import (
        corrections,
        import_corrections,
        resolve_correction,
    )
    from jkn_desktop.services.kecamatan.duplicates import find_duplicates
    from jkn_desktop.services.kecamatan.identity import init_kecamatan
    from jkn_desktop.services.kecamatan.return_file import export_return_file, return_rows
    from jkn_desktop.services.kecamatan.verdicts import set_verdict
    from jkn_desktop.services.registry.residents import change_status

    a, b, c = villages
    moved, renamed = _living(a, with_mother=False), _living(a, with_mother=True)
    # moved from A to B, still living in A's registry: the same NIK in two villages
    _copy(b, moved)
    # the same person in C under another NIK, the name written the old way with a title
    other_nik = renamed.nik[:12] + "9001"
    old_name = "H. " + renamed.name.replace("U", "OE").replace("J", "DJ")
    _copy(c, renamed, nik=other_nik, name=old_name)

    kec = new_db("kecamatan")
    try:
        kec.run(init_kecamatan, KEC, user="staf")
        october = dt.datetime(2026, 11, 3, 9).astimezone()
        _send(villages, kec, "2026-10", tmp_path / "oktober", october)

        report = kec.run(find_duplicates, "2026-10", write=False)
        found = {(x.kind, frozenset((x.a.nik, x.b.nik))): x for x in report.candidates}
        same_nik = found[(D.NIK_SAMA, frozenset({moved.nik}))]
        assert set(same_nik.villages) == {CODES[0], CODES[1]}
        assert "nama dan tanggal lahir sama" in same_nik.detail
        same_person = found[(D.ORANG_SAMA, frozenset({renamed.nik, other_nik}))]
        assert same_person.score >= 90
        assert same_person.mother_score == 100  # format 3 carries the mother's name
        assert {same_person.side(CODES[2]).name} == {old_name}

        kec.run(
            set_verdict,
            D.NIK_SAMA,
            same_nik.pair_key,
            D.SAMA,
            CODES[0],
            "Sudah pindah ke desa lain: catat PINDAH",
            period="2026-10",
            user="staf",
        )
        kec.run(
            set_verdict,
            D.ORANG_SAMA,
            same_person.pair_key,
            D.BUKAN,
            "",
            "Dicek dengan KK: dua orang berbeda",
            period="2026-10",
            user="staf",
        )

        # November: the same data sent again; the verdicts still hold
        november = dt.datetime(2026, 12, 2, 9).astimezone()
        _send(villages, kec, "2026-11", tmp_path / "november", november)
        report = kec.run(find_duplicates, "2026-11", write=False)
        keys = {x.pair_key: x for x in report.candidates}
        assert keys[same_nik.pair_key].verdict is not None
        assert keys[same_nik.pair_key].verdict.correcting_village == CODES[0]
        assert same_person.pair_key not in keys
        assert report.hidden >= 1

        koreksi = tmp_path / "koreksi_a_2026-11.xlsx"
        kec.run(export_return_file, "2026-11", CODES[0], koreksi, user="staf")
        result = a.run(import_corrections, koreksi, user="sekdes")
        assert result.added == 1
        (row,) = a.run(corrections, open_only=True, write=False)
        assert (row.kind, row.nik) == (D.NIK_SAMA, moved.nik)
        assert row.note == "Sudah pindah ke desa lain: catat PINDAH"

        # the village records the move and marks the correction done
        a.run(
            change_status,
            moved.id,
            codes.PINDAH,
            dt.date(2026, 12, 5),
            user="sekdes",
            today=dt.date(2026, 12, 6),
        )
        a.run(resolve_correction, row.id, user="sekdes")
        december = dt.datetime(2027, 1, 4, 9).astimezone()
        _send(villages, kec, "2026-12", tmp_path / "desember", december)
        report = kec.run(find_duplicates, "2026-12", kinds=[D.NIK_SAMA], write=False)
        assert same_nik.pair_key not in {x.pair_key for x in report.candidates}
        assert kec.run(return_rows, "2026-12", CODES[0], write=False) == []
    finally:
        kec.close()
