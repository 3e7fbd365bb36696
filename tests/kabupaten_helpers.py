"""Villages, kecamatan and kabupaten for the kabupaten's tests, made with ``new_db`` so they run
on both engines: demo villages of two kecamatan of Kabupaten Karanganyar (33.13), each with its
own seed, some PBPU Pemda members and a few proposals of both tracks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from jkn_desktop.domain import codes

KABUPATEN = "33.13"
MATESIH = "33.13.05"
TAWANGMANGU = "33.13.06"
VILLAGES = {
    MATESIH: ("33.13.05.2001", "33.13.05.2002", "33.13.05.2003"),
    TAWANGMANGU: ("33.13.06.2001", "33.13.06.2005"),
}


def new_village(new_db: Callable[..., Any], kode: str, *, seed: int, residents: int = 150) -> Any:
    """A village database with its identity and ``residents`` demo residents."""
    from jkn_desktop.demo.village import generate
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    db = new_db(f"desa_{kode.replace('.', '')}")
    info = db.run(resolve_identity, kode, kepala_desa="Kades", operator="Operator")
    db.run(save_village, info)
    generate(db, residents, seed=seed)
    return db


def uninsured(db: Any, n: int, skip: int = 0) -> list[tuple[int, str]]:
    """(id, NIK) of ``n`` living residents not active in JKN, after the first ``skip``."""
    from jkn_desktop.persistence.tables import jkn_current_t as J
    from jkn_desktop.persistence.tables import resident_t

    with db.work("t", write=False) as w:
        rows = w.conn.execute(
            select(resident_t.c.id, resident_t.c.nik)
            .where(
                resident_t.c.status_dasar == codes.HIDUP,
                ~resident_t.c.id.in_(select(J.c.resident_id).where(J.c.status == "aktif")),
            )
            .order_by(resident_t.c.id)
            .offset(skip)
            .limit(n)
        ).all()
    return [(int(i), str(nik)) for i, nik in rows]


def enrol_pemda(db: Any, who: list[tuple[int, str]], day: dt.date) -> None:
    """These residents become PBPU Pemda members (a card seen at the office)."""
    from jkn_desktop.records.membership import Observation
    from jkn_desktop.services.membership.evidence import add_observation

    for rid, _nik in who:
        with db.work("Operator") as w:
            add_observation(w, Observation(rid, "pbpu_pemda", "aktif", day, "kartu"))


def propose(db: Any, period: str, who: list[tuple[int, str]]) -> None:
    """Proposals to add these residents, alternately PBI APBN and PBPU Pemda."""
    from jkn_desktop.records.usulan import ProposalInput
    from jkn_desktop.services.usulan.proposals import add

    with db.work("Operator") as w:
        for i, (_rid, nik) in enumerate(who):
            track = "pbi_apbn" if i % 2 == 0 else "pbpu_pemda"
            add(w, ProposalInput(period, "penambahan", nik, track=track))


def copy_resident(source: Any, target: Any) -> str:
    """The first living resident of ``source`` with a birth date, registered in ``target`` too
    (same NIK, name and birth date); the NIK."""
    from jkn_desktop.persistence.tables import resident_t as R
    from jkn_desktop.records.residents import ResidentInput
    from jkn_desktop.services.registry.residents import create

    with source.work("t", write=False) as w:
        p = w.conn.execute(
            select(R.c.nik, R.c.name, R.c.sex, R.c.birth_date, R.c.mother_name)
            .where(R.c.status_dasar == codes.HIDUP, R.c.birth_date.is_not(None))
            .order_by(R.c.id)
            .limit(1)
        ).one()
    data = ResidentInput(
        nik=p.nik, name=p.name, sex=p.sex, birth_date=p.birth_date, mother_name=p.mother_name or ""
    )
    target.run(create, data, region_known=lambda _c: True, user="operator")
    return str(p.nik)


def export(db: Any, period: str, out: Any, *, at: dt.datetime) -> Any:
    from jkn_desktop.services.usulan.package import export_package

    out.parent.mkdir(parents=True, exist_ok=True)
    with db.work("Operator", write=True, now=at) as work:
        export_package(work, period, out)
    return out


def at(day: int, month: int = 11, hour: int = 9) -> dt.datetime:
    """A local moment in 2026."""
    return dt.datetime(2026, month, day, hour, 0).astimezone()


def address(db: Any) -> str:
    """What to pass to ``--db`` for ``db``: its file, or its whole server address (``str()`` of
    an address is for screens: it may leave parts out)."""
    location = db.location
    return str(getattr(location, "text", location))
