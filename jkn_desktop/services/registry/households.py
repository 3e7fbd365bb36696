"""Households (Kartu Keluarga): list, members in SHDK order, create, move a resident, split a KK."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence

from sqlalchemy import Connection, ScalarSelect, and_, delete, func, insert, or_, select, update

from jkn_desktop.domain import codes
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.cell_text import suspicious
from jkn_desktop.domain.issues import Issue, error
from jkn_desktop.domain.names import clean_name
from jkn_desktop.domain.nik import clean_identifier, validate_no_kk
from jkn_desktop.errors import UserError, ValidationError
from jkn_desktop.persistence.search import name_condition
from jkn_desktop.persistence.tables import household_t, resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import HOUSEHOLD, RESIDENT
from jkn_desktop.records.households import HouseholdFilter, HouseholdInput, HouseholdRow
from jkn_desktop.records.residents import ResidentRow
from jkn_desktop.services import audit
from jkn_desktop.services.edit_conflict import check_unchanged
from jkn_desktop.services.membership import standing_copy
from jkn_desktop.services.registry.household_copy import copy_for, refresh_households
from jkn_desktop.services.registry.resident_search import fetch_rows as resident_rows

H = household_t
R = resident_t


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
    work: Work, flt: HouseholdFilter, sort: str = "dusun", descending: bool = False
) -> list[int]:
    conn = work.conn
    conds: list[object] = []
    text = flt.search.strip()
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


def fetch_rows(work: Work, ids: Sequence[int]) -> list[HouseholdRow]:
    if not ids:
        return []
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
    by_id = {r[0]: HouseholdRow(*r) for r in work.conn.execute(stmt)}
    return [by_id[i] for i in ids if i in by_id]


def get(work: Work, household_id: int) -> HouseholdRow:
    rows = fetch_rows(work, [household_id])
    if not rows:
        raise UserError("HOUSEHOLD_NOT_FOUND")
    return rows[0]


def find_by_no_kk(work: Work, no_kk: str) -> HouseholdRow | None:
    hid = work.conn.execute(select(H.c.id).where(H.c.no_kk == clean_identifier(no_kk))).scalar()
    return get(work, int(hid)) if hid is not None else None


def members(work: Work, household_id: int) -> list[ResidentRow]:
    """Members in SHDK order (kepala keluarga, suami/istri, anak, …), then by birth date."""
    stmt = (
        select(R.c.id)
        .where(R.c.household_id == household_id)
        .order_by(func.coalesce(R.c.shdk, 99), R.c.birth_date, R.c.id)
    )
    return resident_rows(work, list(work.conn.execute(stmt).scalars()))


def with_members(work: Work, household_id: int) -> tuple[HouseholdRow, list[ResidentRow]]:
    """A household and its members, read together (the Keluarga page's lower half)."""
    return get(work, household_id), members(work, household_id)


RegionKnown = Callable[[str], bool] | None


def validate(
    data: HouseholdInput, *, today: dt.date, region_known: RegionKnown = None
) -> list[Issue]:
    issues = validate_no_kk(data.no_kk, region_known=region_known)
    for key, label in (("rt", "RT"), ("rw", "RW")):
        value = getattr(data, key).strip()
        if value and (not value.isdigit() or len(value) > 3):
            issues.append(
                error(f"{key.upper()}_FORMAT", f"{label} harus angka, paling banyak 3 digit.", key)
            )
    if (found := suspicious(data.address, clean_name(data.address), "address")) is not None:
        issues.append(found)  # kept as written, flagged for a person to look
    if data.desil is not None and not 1 <= data.desil <= 10:
        issues.append(error("DESIL_RANGE", "Desil harus antara 1 dan 10.", "desil"))
    if data.desil_as_of is not None and data.desil_as_of > today:
        issues.append(
            error("DESIL_DATE_FUTURE", "Tanggal desil tidak boleh sesudah hari ini.", "desil")
        )
    return issues


def _checked(
    work: Work, data: HouseholdInput, region_known: RegionKnown, more: Sequence[Issue] = ()
) -> None:
    issues = [*validate(data, today=work.today, region_known=region_known), *more]
    if any(i.is_error for i in issues):
        raise ValidationError(list(issues))


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


def _insert(work: Work, values: dict[str, object]) -> int:
    _kk_taken(work.conn, str(values["no_kk"]), None)
    new_id = int(work.conn.execute(insert(H).values(**values).returning(H.c.id)).scalar_one())
    audit.note(
        work,
        action="create",
        entity="household",
        entity_id=new_id,
        entity_key=str(values["no_kk"]),
        changes={k: (None, v) for k, v in values.items() if v},
    )
    work.touch(HOUSEHOLD, new_id)
    return new_id


def create(work: Work, data: HouseholdInput, region_known: RegionKnown = None) -> int:
    work.require(perm.REGISTRY)
    _checked(work, data, region_known)
    hid = _insert(work, _clean(data))
    _record_desil(work, hid, data)
    return hid


def _record_desil(work: Work, household_id: int, data: HouseholdInput) -> None:
    if data.desil is None:
        return
    from jkn_desktop.services.membership.desil import set_desil  # membership sits beside

    as_of = data.desil_as_of or work.today
    set_desil(work, household_id, data.desil, as_of, source="isian petugas")
    work.touch(HOUSEHOLD, household_id)


def update_household(
    work: Work, household_id: int, data: HouseholdInput, *, opened: HouseholdRow | None = None
) -> None:
    """Save an edit. ``opened``: the household as the dialog showed it; refused with
    :class:`EditConflict` when its No. KK or address changed since (None: overwrite)."""
    work.require(perm.REGISTRY)
    _checked(work, data, None)
    values = _clean(data)
    conn = work.conn
    cols = list(values)
    row = conn.execute(select(*[H.c[c] for c in cols]).where(H.c.id == household_id)).first()
    if row is None:
        raise UserError("HOUSEHOLD_NOT_FOUND")
    if opened is not None:
        check_unchanged(
            work,
            entity="household",
            entity_id=household_id,
            what=f"KK {opened.no_kk}",
            opened={c: getattr(opened, c) for c in cols},
            current=dict(zip(cols, row, strict=True)),
        )
    _kk_taken(conn, str(values["no_kk"]), household_id)
    _record_desil(work, household_id, data)
    changes = audit.diff(dict(zip(cols, row, strict=True)), values)
    if not changes:
        return
    conn.execute(update(H).where(H.c.id == household_id).values(**values, updated_at=work.now))
    refresh_households(conn, [household_id])
    audit.note(
        work,
        action="update",
        entity="household",
        entity_id=household_id,
        entity_key=str(values["no_kk"]),
        changes=changes,
    )
    work.touch(HOUSEHOLD, household_id)


def _move(work: Work, resident_id: int, target: int, shdk: int | None) -> None:
    conn = work.conn
    row = conn.execute(
        select(R.c.nik, R.c.household_id, R.c.shdk).where(R.c.id == resident_id)
    ).first()
    if row is None:
        raise UserError("RESIDENT_NOT_FOUND")
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
    copy = copy_for(conn, target)
    conn.execute(update(R).where(R.c.id == resident_id).values(**new, **copy, updated_at=work.now))
    standing_copy.refresh(conn, [resident_id])  # the new household's desil
    changes: dict[str, tuple[object, object]] = {"no_kk": (kk.get(old_hh), kk.get(target))}
    if new["shdk"] != old_shdk:
        changes["shdk"] = (old_shdk, new["shdk"])
    audit.note(
        work,
        action="move",
        entity="resident",
        entity_id=resident_id,
        entity_key=nik,
        changes=changes,
    )
    work.touch(RESIDENT, resident_id)
    work.touch(HOUSEHOLD, *[x for x in (old_hh, target) if x is not None])


def move_resident(work: Work, resident_id: int, target_household_id: int, shdk: int | None) -> None:
    """Move a resident to another KK (e.g. after marriage), with their new SHDK."""
    work.require(perm.REGISTRY)
    if work.conn.execute(select(H.c.id).where(H.c.id == target_household_id)).scalar() is None:
        raise UserError("HOUSEHOLD_NOT_FOUND")
    _move(work, resident_id, target_household_id, shdk)


def move_to_kk(work: Work, resident_id: int, no_kk: str, shdk: int | None) -> int:
    """The move dialog's one job: the KK named by its number, then the move. Returns the KK's id;
    a number not registered is refused under the field."""
    work.require(perm.REGISTRY)
    target = find_by_no_kk(work, no_kk)
    if target is None:
        raise ValidationError(
            [
                error(
                    "KK_NOT_FOUND",
                    "No. KK tujuan belum terdaftar. Buat KK-nya dulu dengan \u201cKK baru\u201d.",
                    "no_kk",
                )
            ]
        )
    _move(work, resident_id, target.id, shdk)
    return target.id


def _split_issues(new_shdk: Mapping[int, int]) -> list[Issue]:
    heads = [rid for rid, s in new_shdk.items() if s == codes.KEPALA_KELUARGA]
    if not new_shdk:
        return [error("SPLIT_EMPTY", "Pilih anggota yang pindah ke KK baru.", "members")]
    if len(heads) != 1:
        return [
            error(
                "SPLIT_HEAD", "Tepat satu anggota KK baru harus menjadi Kepala Keluarga.", "members"
            )
        ]
    return []


def split_household(
    work: Work,
    source_id: int,
    new_household: HouseholdInput,
    new_shdk: Mapping[int, int],
    region_known: RegionKnown = None,
) -> int:
    """Pecah KK: create a new KK and move the chosen members into it, with their SHDK in the new
    family (exactly one of them becomes KEPALA KELUARGA). One job."""
    work.require(perm.REGISTRY)
    _checked(work, new_household, region_known, _split_issues(new_shdk))
    member_ids = set(
        work.conn.execute(select(R.c.id).where(R.c.household_id == source_id)).scalars()
    )
    if set(new_shdk) - member_ids:
        raise UserError("SPLIT_NOT_MEMBER")
    new_id = _insert(work, _clean(new_household))
    for rid, shdk in new_shdk.items():
        _move(work, rid, new_id, shdk)
    return new_id


def delete_household(work: Work, household_id: int, reason: str) -> None:
    """Only an empty KK can be deleted (move or delete its members first)."""
    work.require(perm.REGISTRY)
    if not reason.strip():
        raise ValidationError([error("REASON_MISSING", "Tuliskan alasan penghapusan.", "reason")])
    conn = work.conn
    n = conn.execute(select(func.count()).where(R.c.household_id == household_id)).scalar_one()
    if n:
        raise UserError("HOUSEHOLD_NOT_EMPTY", count=n)
    row = conn.execute(select(H).where(H.c.id == household_id)).mappings().first()
    if row is None:
        raise UserError("HOUSEHOLD_NOT_FOUND")
    conn.execute(delete(H).where(H.c.id == household_id))
    audit.note(
        work,
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
    work.touch(HOUSEHOLD, household_id)
