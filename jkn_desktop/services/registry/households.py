"""Households (Kartu Keluarga): list, members in SHDK order, create, move a resident, split a KK."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from sqlalchemy import Connection, ScalarSelect, and_, delete, func, insert, or_, select, update

from jkn_desktop.domain import codes
from jkn_desktop.domain.issues import Issue, error
from jkn_desktop.domain.names import clean_name
from jkn_desktop.domain.nik import clean_identifier, validate_no_kk
from jkn_desktop.errors import UserError, ValidationError
from jkn_desktop.persistence.models import household_t, resident_t
from jkn_desktop.persistence.search import name_condition
from jkn_desktop.persistence.work import Work
from jkn_desktop.services import audit
from jkn_desktop.services.database import Database
from jkn_desktop.services.registry import residents as residents_svc
from jkn_desktop.services.registry.residents import ResidentRow

H = household_t
R = resident_t


@dataclass(frozen=True, slots=True)
class HouseholdFilter:
    search: str = ""
    dusun: str | None = None
    rw: str | None = None
    rt: str | None = None


@dataclass(frozen=True, slots=True)
class HouseholdRow:
    id: int
    no_kk: str
    head_name: str
    members: int  # living members
    address: str
    rt: str
    rw: str
    dusun: str
    desil: int | None = None
    desil_as_of: dt.date | None = None


@dataclass(frozen=True, slots=True)
class HouseholdInput:
    no_kk: str
    address: str = ""
    rt: str = ""
    rw: str = ""
    dusun: str = ""
    # DTSEN desil 1-10 with its as-of date (BPS re-ranks every three months); None = not known
    desil: int | None = None
    desil_as_of: dt.date | None = None


def _head_name() -> ScalarSelect[str]:
    head = R.alias("head")
    return (
        select(head.c.name)
        .where(head.c.household_id == H.c.id, head.c.shdk == codes.KEPALA_KELUARGA)
        .order_by(head.c.status_dasar, head.c.id)
        .limit(1)
        .scalar_subquery()
    )


def _member_count() -> ScalarSelect[int]:
    m = R.alias("m")
    return (
        select(func.count())
        .where(m.c.household_id == H.c.id, m.c.status_dasar == codes.HIDUP)
        .scalar_subquery()
    )


SORT_COLUMNS = {
    "no_kk": [H.c.no_kk],
    "address": [H.c.address, H.c.no_kk],
    "dusun": [H.c.dusun, H.c.rw, H.c.rt, H.c.no_kk],
    "rw": [H.c.rw, H.c.rt, H.c.no_kk],
    "rt": [H.c.rt, H.c.rw, H.c.no_kk],
}


def query_ids(
    db: Database, flt: HouseholdFilter, sort: str = "dusun", descending: bool = False
) -> list[int]:
    conds: list[object] = []
    text = flt.search.strip()
    with db.read() as conn:
        if text:
            compact = clean_identifier(text)
            if compact.isdigit():
                conds.append(and_(H.c.no_kk >= compact, H.c.no_kk < compact + ":"))
            else:
                words = clean_name(text).split(" ")
                member_hh = select(R.c.household_id).where(name_condition(conn.dialect.name, words))
                conds.append(or_(H.c.id.in_(member_hh), H.c.address.ilike(f"%{clean_name(text)}%")))
        for key in ("dusun", "rw", "rt"):
            value = getattr(flt, key)
            if value is not None:
                conds.append(H.c[key] == value)
        if sort == "members":
            order = [_member_count(), H.c.no_kk]
        elif sort == "head":
            order = [func.coalesce(_head_name(), ""), H.c.no_kk]
        else:
            order = list(SORT_COLUMNS.get(sort, SORT_COLUMNS["dusun"]))
        order_by = [c.desc() if descending else c.asc() for c in order]
        stmt = select(H.c.id)
        if conds:
            stmt = stmt.where(and_(*conds))  # type: ignore[arg-type]
        return list(conn.execute(stmt.order_by(*order_by, H.c.id)).scalars())


def fetch_rows(db: Database, ids: Sequence[int]) -> list[HouseholdRow]:
    if not ids:
        return []
    with db.read() as conn:
        stmt = select(
            H.c.id,
            H.c.no_kk,
            func.coalesce(_head_name(), ""),
            _member_count(),
            H.c.address,
            H.c.rt,
            H.c.rw,
            H.c.dusun,
            H.c.desil,
            H.c.desil_as_of,
        ).where(H.c.id.in_(list(ids)))
        by_id = {r[0]: HouseholdRow(*r) for r in conn.execute(stmt)}
    return [by_id[i] for i in ids if i in by_id]


def get(db: Database, household_id: int) -> HouseholdRow:
    rows = fetch_rows(db, [household_id])
    if not rows:
        raise UserError("HOUSEHOLD_NOT_FOUND", "Keluarga tidak ditemukan; mungkin sudah dihapus.")
    return rows[0]


def find_by_no_kk(db: Database, no_kk: str) -> HouseholdRow | None:
    with db.read() as conn:
        hid = conn.execute(select(H.c.id).where(H.c.no_kk == clean_identifier(no_kk))).scalar()
    return get(db, int(hid)) if hid is not None else None


def members(db: Database, household_id: int) -> list[ResidentRow]:
    """Members in SHDK order (kepala keluarga, suami/istri, anak, …), then by birth date."""
    with db.read() as conn:
        stmt = (
            select(R.c.id)
            .where(R.c.household_id == household_id)
            .order_by(func.coalesce(R.c.shdk, 99), R.c.birth_date, R.c.id)
        )
        ids = list(conn.execute(stmt).scalars())
    return residents_svc.fetch_rows(db, ids)


def validate(data: HouseholdInput, region_known: object = None) -> list[Issue]:
    issues = validate_no_kk(data.no_kk, region_known=region_known)  # type: ignore[arg-type]
    for key, label in (("rt", "RT"), ("rw", "RW")):
        value = getattr(data, key).strip()
        if value and (not value.isdigit() or len(value) > 3):
            issues.append(
                error(f"{key.upper()}_FORMAT", f"{label} harus angka, paling banyak 3 digit.", key)
            )
    if data.desil is not None and not 1 <= data.desil <= 10:
        issues.append(error("DESIL_RANGE", "Desil harus antara 1 dan 10.", "desil"))
    if data.desil_as_of is not None and data.desil_as_of > dt.date.today():
        issues.append(
            error("DESIL_DATE_FUTURE", "Tanggal desil tidak boleh sesudah hari ini.", "desil")
        )
    return issues


def _clean(data: HouseholdInput) -> dict[str, object]:
    return {
        "no_kk": clean_identifier(data.no_kk),
        "address": clean_name(data.address),
        "rt": data.rt.strip().zfill(3) if data.rt.strip() else "",
        "rw": data.rw.strip().zfill(3) if data.rw.strip() else "",
        "dusun": clean_name(data.dusun),
    }


def _kk_taken(conn: Connection, no_kk: str, except_id: int | None) -> None:
    hid = conn.execute(select(H.c.id).where(H.c.no_kk == no_kk)).scalar()
    if hid is not None and hid != except_id:
        raise ValidationError([error("KK_EXISTS", f"No. KK {no_kk} sudah terdaftar.", "no_kk")])


def _insert(conn: Connection, values: dict[str, object], actor: str) -> int:
    _kk_taken(conn, str(values["no_kk"]), None)
    new_id = int(conn.execute(insert(H).values(**values).returning(H.c.id)).scalar_one())
    audit.record(
        conn,
        actor=actor,
        action="create",
        entity="household",
        entity_id=new_id,
        entity_key=str(values["no_kk"]),
        changes={k: (None, v) for k, v in values.items() if v},
    )
    return new_id


def create(db: Database, data: HouseholdInput, actor: str, region_known: object = None) -> int:
    issues = validate(data, region_known)
    if any(i.is_error for i in issues):
        raise ValidationError(list(issues))
    with db.work(actor) as work:
        hid = _insert(work.conn, _clean(data), actor)
        _record_desil(work, hid, data)
        return hid


def _record_desil(work: Work, household_id: int, data: HouseholdInput) -> None:
    if data.desil is None:
        return
    from jkn_desktop.services.membership.jkn import set_desil

    set_desil(
        work, household_id, data.desil, data.desil_as_of or work.today, source="isian petugas"
    )


def update_household(db: Database, household_id: int, data: HouseholdInput, actor: str) -> None:
    issues = validate(data)
    if any(i.is_error for i in issues):
        raise ValidationError(list(issues))
    values = _clean(data)
    with db.work(actor) as work:
        conn = work.conn
        cols = list(values)
        row = conn.execute(select(*[H.c[c] for c in cols]).where(H.c.id == household_id)).first()
        if row is None:
            raise UserError(
                "HOUSEHOLD_NOT_FOUND", "Keluarga tidak ditemukan; mungkin sudah dihapus."
            )
        _kk_taken(conn, str(values["no_kk"]), household_id)
        _record_desil(work, household_id, data)
        changes = audit.diff(dict(zip(cols, row, strict=True)), values)
        if not changes:
            return
        conn.execute(
            update(H)
            .where(H.c.id == household_id)
            .values(**values, updated_at=dt.datetime.now().replace(microsecond=0))
        )
        audit.record(
            conn,
            actor=actor,
            action="update",
            entity="household",
            entity_id=household_id,
            entity_key=str(values["no_kk"]),
            changes=changes,
        )


def _move(conn: Connection, resident_id: int, target: int, shdk: int | None, actor: str) -> None:
    row = conn.execute(
        select(R.c.nik, R.c.household_id, R.c.shdk).where(R.c.id == resident_id)
    ).first()
    if row is None:
        raise UserError(
            "RESIDENT_NOT_FOUND", "Data penduduk tidak ditemukan; mungkin sudah dihapus."
        )
    nik, old_hh, old_shdk = row
    kk = dict(
        conn.execute(
            select(H.c.id, H.c.no_kk).where(
                H.c.id.in_([x for x in (old_hh, target) if x is not None])
            )
        ).all()
    )
    new = {"household_id": target, "shdk": shdk if shdk is not None else old_shdk}
    if (old_hh, old_shdk) == (target, new["shdk"]):
        return
    conn.execute(
        update(R)
        .where(R.c.id == resident_id)
        .values(**new, updated_at=dt.datetime.now().replace(microsecond=0))
    )
    changes: dict[str, tuple[object, object]] = {"no_kk": (kk.get(old_hh), kk.get(target))}
    if new["shdk"] != old_shdk:
        changes["shdk"] = (old_shdk, new["shdk"])
    audit.record(
        conn,
        actor=actor,
        action="move",
        entity="resident",
        entity_id=resident_id,
        entity_key=nik,
        changes=changes,
    )


def move_resident(
    db: Database, resident_id: int, target_household_id: int, shdk: int | None, actor: str
) -> None:
    """Move a resident to another KK (e.g. after marriage), with their new SHDK."""
    with db.write() as conn:
        if conn.execute(select(H.c.id).where(H.c.id == target_household_id)).scalar() is None:
            raise UserError("HOUSEHOLD_NOT_FOUND", "Keluarga tujuan tidak ditemukan.")
        _move(conn, resident_id, target_household_id, shdk, actor)


def split_household(
    db: Database,
    source_id: int,
    new_household: HouseholdInput,
    new_shdk: Mapping[int, int],
    actor: str,
    region_known: object = None,
) -> int:
    """Pecah KK: create a new KK and move the chosen members into it, with their SHDK in the new
    family (exactly one of them becomes KEPALA KELUARGA). One transaction."""
    issues = validate(new_household, region_known)
    heads = [rid for rid, s in new_shdk.items() if s == codes.KEPALA_KELUARGA]
    if not new_shdk:
        issues.append(error("SPLIT_EMPTY", "Pilih anggota yang pindah ke KK baru.", "members"))
    elif len(heads) != 1:
        issues.append(
            error(
                "SPLIT_HEAD", "Tepat satu anggota KK baru harus menjadi Kepala Keluarga.", "members"
            )
        )
    if any(i.is_error for i in issues):
        raise ValidationError(list(issues))
    with db.write() as conn:
        member_ids = set(
            conn.execute(select(R.c.id).where(R.c.household_id == source_id)).scalars()
        )
        strangers = set(new_shdk) - member_ids
        if strangers:
            raise UserError("SPLIT_NOT_MEMBER", "Ada penduduk terpilih yang bukan anggota KK asal.")
        new_id = _insert(conn, _clean(new_household), actor)
        for rid, shdk in new_shdk.items():
            _move(conn, rid, new_id, shdk, actor)
    return new_id


def delete_household(db: Database, household_id: int, reason: str, actor: str) -> None:
    """Only an empty KK can be deleted (move or delete its members first)."""
    if not reason.strip():
        raise ValidationError([error("REASON_MISSING", "Tuliskan alasan penghapusan.", "reason")])
    with db.write() as conn:
        n = conn.execute(select(func.count()).where(R.c.household_id == household_id)).scalar_one()
        if n:
            raise UserError(
                "HOUSEHOLD_NOT_EMPTY", f"KK ini masih punya {n} anggota. Pindahkan dulu anggotanya."
            )
        row = conn.execute(select(H).where(H.c.id == household_id)).mappings().first()
        if row is None:
            raise UserError(
                "HOUSEHOLD_NOT_FOUND", "Keluarga tidak ditemukan; mungkin sudah dihapus."
            )
        conn.execute(delete(H).where(H.c.id == household_id))
        audit.record(
            conn,
            actor=actor,
            action="delete",
            entity="household",
            entity_id=household_id,
            entity_key=row["no_kk"],
            reason=reason.strip(),
            changes={
                k: (v, None)
                for k, v in row.items()
                if k in ("no_kk", "address", "rt", "rw", "dusun") and v
            },
        )
