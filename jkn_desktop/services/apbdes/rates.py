"""The JKN premium table, effective-dated: a new Perpres is a new row with its own start date."""

from __future__ import annotations

from sqlalchemy import Connection, insert, select, update

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.formatting import rupiah, tanggal
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.bulk import insert_id
from jkn_desktop.persistence.tables import premium_rate_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import APBDES
from jkn_desktop.services import audit
from jkn_desktop.services.apbdes._common import delete_audited

T = premium_rate_t


def rates(work: Work) -> list[A.Rate]:
    return rates_of(work.conn)


def rates_of(conn: Connection) -> list[A.Rate]:
    rows = conn.execute(select(T).order_by(T.c.segment, T.c.kelas, T.c.valid_from)).mappings()
    return [
        A.Rate(
            r["segment"],
            r["kelas"],
            r["monthly"],
            r["participant"],
            r["government"],
            r["valid_from"],
            r["legal_basis"],
            r["id"],
        )
        for r in rows
    ]


def validate_rate(rate: A.Rate) -> None:
    if rate.segment not in A.RATE_SEGMENTS:
        raise UserError("TARIF_SEGMEN")
    if rate.kelas not in (1, 2, 3):
        raise UserError("TARIF_KELAS")
    if rate.monthly <= 0:
        raise UserError("TARIF_NOL")
    if rate.participant < 0 or rate.government < 0:
        raise UserError("TARIF_NEGATIF")
    if rate.participant + rate.government != rate.monthly:
        raise UserError(
            "TARIF_TIDAK_PAS",
            participant=rupiah(rate.participant),
            government=rupiah(rate.government),
            monthly=rupiah(rate.monthly),
        )


def _refuse_clash(conn: Connection, rate: A.Rate) -> None:
    clash = conn.execute(
        select(T.c.id).where(
            T.c.segment == rate.segment,
            T.c.kelas == rate.kelas,
            T.c.valid_from == rate.valid_from,
            T.c.id != (rate.id or 0),
        )
    ).scalar()
    if clash is not None:
        raise UserError(
            "TARIF_GANDA",
            scheme=A.Scheme(rate.segment, rate.kelas).label().split(",")[0],
            date=tanggal(rate.valid_from),
        )


def save_rate(work: Work, rate: A.Rate) -> int:
    """Insert (``rate.id`` None) or update a rate; a new Perpres is a new row with its own date."""
    work.require(perm.APBDES)
    validate_rate(rate)
    values = {
        "segment": rate.segment,
        "kelas": rate.kelas,
        "monthly": rate.monthly,
        "participant": rate.participant,
        "government": rate.government,
        "valid_from": rate.valid_from,
        "legal_basis": rate.legal_basis.strip(),
    }
    key = f"{rate.segment} kelas {rate.kelas} mulai {rate.valid_from.isoformat()}"
    conn = work.conn
    _refuse_clash(conn, rate)
    if rate.id is None:
        rid = insert_id(conn, insert(T).values(**values, created_at=work.now, updated_at=work.now))
        audit.note(
            work,
            action="create",
            entity="premium_rate",
            entity_id=rid,
            entity_key=key,
            changes={k: (None, v) for k, v in values.items()},
        )
        work.touch(APBDES)
        return rid
    old = conn.execute(select(T).where(T.c.id == rate.id)).mappings().first()
    if old is None:
        raise UserError("TARIF_HILANG")
    changes = audit.diff(dict(old), values)
    if changes:
        conn.execute(update(T).where(T.c.id == rate.id).values(**values, updated_at=work.now))
        audit.note(
            work,
            action="update",
            entity="premium_rate",
            entity_id=rate.id,
            entity_key=key,
            changes=changes,
        )
        work.touch(APBDES)
    return rate.id


def delete_rate(work: Work, rate_id: int) -> None:
    work.require(perm.APBDES)
    gone = delete_audited(
        work,
        T,
        rate_id,
        lambda o: f"{o['segment']} kelas {o['kelas']} mulai {o['valid_from']}",
        ("monthly", "participant", "government", "valid_from"),
    )
    if gone is not None:
        work.touch(APBDES)


def current_rate(work: Work) -> int:
    """The rate a capacity question uses by default: PBPU/BP Pemda class 3 in force today."""
    seg, kelas, share = A.DEFAULT_SCHEME
    r = A.rate_in_force(rates(work), seg, kelas, work.today)
    if r is None:
        raise UserError("TARIF_KOSONG")
    return r.amount(share)
