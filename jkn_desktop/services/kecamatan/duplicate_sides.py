"""Reading the month's records for the duplicate search: the current packages, their villages,
the living residents compared, and one village's full record of a person (a candidate's side)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from jkn_desktop.domain import codes
from jkn_desktop.persistence.fastread import read_rows
from jkn_desktop.persistence.tables import kec_package_t, kec_resident_t, kec_village_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan_duplicates import DuplicateSide
from jkn_desktop.services.kecamatan.packages import current_packages

P, R, V = kec_package_t, kec_resident_t, kec_village_t
CHUNK = 500  # ids per IN (...) list


@dataclass(frozen=True, slots=True)
class Month:
    """The month's current packages: ``package id → village code`` and the villages' names."""

    period: str
    village_of: dict[int, str]
    names: dict[str, str]  # code → "Desa Sukamaju"
    made_at: dict[int, dt.datetime]

    @property
    def package_ids(self) -> list[int]:
        return sorted(self.village_of)


def month(work: Work, period: str) -> Month:
    current = current_packages(work, period)
    village_of = {pid: kode for kode, pid in current.items()}
    names = {
        kode: f"{'Kelurahan' if kind == 'kelurahan' else 'Desa'} {name}"
        for kode, name, kind in work.conn.execute(select(V.c.kode_wilayah, V.c.name, V.c.kind))
    }
    made = dict(
        work.conn.execute(
            select(P.c.id, P.c.made_at).where(P.c.id.in_(list(village_of) or [0]))
        ).all()
    )
    return Month(period, village_of, names, made)


def living(work: Work, m: Month) -> list[tuple[Any, ...]]:
    """``(id, package_id, nik, name, sex, birth_date ISO, mother_name)`` of every living resident
    (status dasar HIDUP) in the month's current packages: the dead, moved, lost and gone are left
    out, since a village that recorded a departure has already done its part."""
    if not m.village_of:
        return []
    return read_rows(
        work.conn,
        select(R.c.id, R.c.package_id, R.c.nik, R.c.name, R.c.sex, R.c.birth_date, R.c.mother_name)
        .where(R.c.package_id.in_(m.package_ids), R.c.status_dasar == codes.HIDUP)
        .order_by(R.c.id),
    )


_SIDE_COLUMNS = (
    R.c.id,
    R.c.package_id,
    R.c.nik,
    R.c.name,
    R.c.sex,
    R.c.birth_date,
    R.c.mother_name,
    R.c.status_dasar,
    R.c.status_date,
    R.c.segment,
    R.c.jkn_status,
    R.c.card_no,
)


def _side(m: Month, row: Any, funded: str = "") -> DuplicateSide:
    _, pid, nik, name, sex, birth, mother, status, status_date, segment, jkn, card = row
    kode = m.village_of[pid]
    return DuplicateSide(
        kode_wilayah=kode,
        village=m.names.get(kode, kode),
        nik=nik,
        name=name,
        sex=sex or "",
        birth_date=birth,
        mother_name=mother or "",
        status_dasar=status,
        status_date=status_date,
        segment=segment,
        jkn_status=jkn,
        card_no=card or "",
        made_at=m.made_at.get(pid),
        package_id=pid,
        funded=funded,
    )


def sides_by_id(work: Work, m: Month, ids: Iterable[int]) -> dict[int, DuplicateSide]:
    wanted = sorted(set(ids))
    out: dict[int, DuplicateSide] = {}
    for i in range(0, len(wanted), CHUNK):
        chunk = wanted[i : i + CHUNK]
        for row in work.conn.execute(select(*_SIDE_COLUMNS).where(R.c.id.in_(chunk))):
            out[row[0]] = _side(m, row)
    return out


def side_of(work: Work, m: Month, kode_wilayah: str, nik: str, funded: str = "") -> DuplicateSide:
    """A village's record of a NIK in its current package; only the NIK and the village when the
    package does not hold the person (e.g. an APBDes beneficiary missing from the residents)."""
    pid = next((p for p, k in m.village_of.items() if k == kode_wilayah), None)
    row = (
        work.conn.execute(
            select(*_SIDE_COLUMNS)
            .where(R.c.package_id == pid, R.c.nik == nik)
            .order_by(R.c.status_dasar, R.c.id)
        ).first()
        if pid is not None
        else None
    )
    if row is None:
        return DuplicateSide(
            kode_wilayah=kode_wilayah,
            village=m.names.get(kode_wilayah, kode_wilayah),
            nik=nik,
            name="",
            made_at=m.made_at.get(pid or 0),
            package_id=pid or 0,
            funded=funded,
        )
    return _side(m, row, funded)


def newer(a: DuplicateSide, b: DuplicateSide) -> tuple[str, str]:
    """Which village's record is newer, and on what basis. The later status date first: it is the
    day the village recorded the person's present status (for someone who moved in, the day of
    arrival), so the later one is where the person is now. Without two different status dates,
    the later package: its data is the fresher snapshot. ``("", "")`` when nothing tells."""
    if a.status_date and b.status_date and a.status_date != b.status_date:
        return (a.kode_wilayah if a.status_date > b.status_date else b.kode_wilayah), (
            "tanggal_status"
        )
    if a.made_at and b.made_at and a.made_at != b.made_at:
        return (a.kode_wilayah if a.made_at > b.made_at else b.kode_wilayah), "waktu_paket"
    return "", ""
