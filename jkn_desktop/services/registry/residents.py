"""Residents: the filtered, sorted id list for big tables, page fetches, and audited changes."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Connection,
    Select,
    String,
    and_,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    true,
    update,
)

from jkn_desktop.domain import codes
from jkn_desktop.domain.formatting import age_on
from jkn_desktop.domain.issues import Issue, error, warning
from jkn_desktop.domain.names import clean_name, name_key
from jkn_desktop.domain.nik import clean_identifier, validate_nik
from jkn_desktop.errors import UserError, ValidationError
from jkn_desktop.persistence.bulk import chunks
from jkn_desktop.persistence.fastread import read_ids
from jkn_desktop.persistence.models import household_t, resident_t
from jkn_desktop.persistence.search import mostly_true, name_condition
from jkn_desktop.services import audit
from jkn_desktop.services.database import Database

R = resident_t
H = household_t

# Age bands offered as a filter: label -> (min age, max age) inclusive.
AGE_BANDS: dict[str, tuple[int, int]] = {
    "Balita (0–4)": (0, 4),
    "Anak (5–17)": (5, 17),
    "Dewasa (18–59)": (18, 59),
    "Lansia (60+)": (60, 200),
}


@dataclass(frozen=True, slots=True)
class ResidentFilter:
    search: str = ""
    dusun: str | None = None
    rw: str | None = None
    rt: str | None = None
    sex: str | None = None
    age_band: str | None = None
    status_dasar: int | None = None
    household_id: int | None = None


@dataclass(frozen=True, slots=True)
class ResidentRow:
    """One line of the Penduduk table."""

    id: int
    nik: str
    name: str
    sex: str
    birth_place: str
    birth_date: dt.date | None
    shdk: int | None
    status_dasar: int
    no_kk: str
    dusun: str
    rw: str
    rt: str
    address: str

    def age(self, today: dt.date | None = None) -> int | None:
        if self.birth_date is None:
            return None
        return age_on(self.birth_date, today or dt.date.today())


@dataclass(frozen=True, slots=True)
class ResidentInput:
    """What the add/edit dialog and the importer send. ``no_kk`` names the household."""

    nik: str
    name: str
    sex: str
    birth_place: str = ""
    birth_date: dt.date | None = None
    no_kk: str = ""
    shdk: int | None = None
    religion: int | None = None
    marital_status: int | None = None
    education: int | None = None
    occupation: int | None = None
    status_dasar: int = codes.HIDUP
    status_changed_at: dt.date | None = None
    mother_name: str = ""
    phone: str = ""
    notes: str = ""
    disability: int | None = None  # reference/cacat.csv (7: tidak cacat)
    chronic_illness: int | None = None  # reference/sakit_menahun.csv (14: tidak sakit)
    pregnant: bool = False


@dataclass(frozen=True, slots=True)
class ResidentDetail(ResidentInput):
    id: int = 0
    household_id: int | None = None
    created_at: dt.datetime | None = None
    updated_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class SaveResult:
    id: int
    warnings: list[Issue] = field(default_factory=list)


# Sort keys the table offers, as SQL columns. Each list ends in the columns of the matching
# covering index (models.Resident), so SQLite reads rows in index order instead of sorting 100k
# rows; the id makes the order total.
_TAIL = [R.c.sex, R.c.birth_date, R.c.household_id, R.c.id]
SORT_COLUMNS = {
    "name": [R.c.name_key, *_TAIL],
    "nik": [R.c.nik, *_TAIL],
    "sex": [R.c.sex, R.c.name_key, R.c.id],
    "birth_date": [R.c.birth_date, R.c.sex, R.c.household_id, R.c.id],
    "age": [R.c.birth_date, R.c.sex, R.c.household_id, R.c.id],
    "shdk": [R.c.shdk, R.c.name_key, R.c.id],
    "status_dasar": [R.c.status_dasar, R.c.name_key, R.c.id],
}
# Sorts by a household's fields walk the households first (index ix_household_area), then each
# household's members in SHDK order (index ix_resident_household).
_MEMBER_ORDER = [R.c.shdk, R.c.status_dasar, R.c.sex, R.c.birth_date, R.c.id]
AREA_SORT_COLUMNS = {
    "dusun": [H.c.dusun, H.c.rw, H.c.rt, H.c.no_kk, H.c.id],
    "rw": [H.c.rw, H.c.rt, H.c.no_kk, H.c.id],
    "rt": [H.c.rt, H.c.rw, H.c.no_kk, H.c.id],
    "no_kk": [H.c.no_kk, H.c.id],
    "address": [H.c.address, H.c.no_kk, H.c.id],
}

_ROW_COLUMNS = (
    R.c.id,
    R.c.nik,
    R.c.name,
    R.c.sex,
    R.c.birth_place,
    R.c.birth_date,
    R.c.shdk,
    R.c.status_dasar,
    func.coalesce(H.c.no_kk, ""),
    func.coalesce(H.c.dusun, ""),
    func.coalesce(H.c.rw, ""),
    func.coalesce(H.c.rt, ""),
    func.coalesce(H.c.address, ""),
)


def _digits_prefix(text: str) -> str | None:
    compact = clean_identifier(text)
    return compact if compact.isdigit() else None


def _prefix_range(column: ColumnElement[str], prefix: str) -> ColumnElement[bool]:
    # digits sort before ':' so [prefix, prefix + ':') is exactly "starts with prefix"
    return and_(column >= prefix, column < prefix + ":")


def _conditions(
    conn: Connection, flt: ResidentFilter, today: dt.date
) -> tuple[list[ColumnElement[bool]], bool]:
    """WHERE conditions for a filter, and whether they need the household join."""
    conds: list[ColumnElement[bool]] = []
    needs_h = False
    text = flt.search.strip()
    if text:
        prefix = _digits_prefix(text)
        if prefix is not None:
            kk_ids = select(H.c.id).where(_prefix_range(H.c.no_kk, prefix))
            conds.append(or_(_prefix_range(R.c.nik, prefix), R.c.household_id.in_(kk_ids)))
        else:
            words = clean_name(text).split(" ")
            conds.append(name_condition(conn.dialect.name, words))
    if flt.dusun is not None:
        conds.append(H.c.dusun == flt.dusun)
        needs_h = True
    if flt.rw is not None:
        conds.append(H.c.rw == flt.rw)
        needs_h = True
    if flt.rt is not None:
        conds.append(H.c.rt == flt.rt)
        needs_h = True
    if flt.sex:
        conds.append(R.c.sex == flt.sex)
    if flt.status_dasar is not None:
        conds.append(R.c.status_dasar == flt.status_dasar)
    if flt.household_id is not None:
        conds.append(R.c.household_id == flt.household_id)
    if flt.age_band:
        lo, hi = AGE_BANDS[flt.age_band]
        # born after (today - (hi+1) years) and on/before (today - lo years)
        latest = _years_before(today, lo)
        earliest = _years_before(today, hi + 1)
        # ISO strings: compare as SQLite stores dates, and keep parameters plain for read_ids
        conds.append(
            and_(
                R.c.birth_date <= bindparam("age_latest", latest.isoformat(), type_=String),
                R.c.birth_date > bindparam("age_earliest", earliest.isoformat(), type_=String),
            )
        )
    return conds, needs_h


def _years_before(today: dt.date, years: int) -> dt.date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def query_ids(
    db: Database,
    flt: ResidentFilter,
    sort: str = "name",
    descending: bool = False,
    today: dt.date | None = None,
) -> list[int]:
    """Ids of the matching residents in display order. Filtering and sorting happen in SQL."""
    today = today or dt.date.today()
    if sort == "age":
        descending = not descending  # older people have earlier birth dates

    def ordered(cols: list[Any]) -> list[Any]:
        return [c.desc() if descending else c.asc() for c in cols]

    with db.read() as conn:
        conds, needs_h = _conditions(conn, flt, today)
        where = and_(true(), *conds)
        if sort in AREA_SORT_COLUMNS:
            # residents without a household first (rare), then household by household
            loose = (
                select(R.c.id)
                .where(where, R.c.household_id.is_(None))
                .order_by(*ordered([R.c.name_key, R.c.id]))
            )
            grouped = (
                select(R.c.id)
                .select_from(H.join(R, R.c.household_id == H.c.id))
                .where(mostly_true(conn.dialect.name, where))
                .order_by(*ordered([*AREA_SORT_COLUMNS[sort], *_MEMBER_ORDER]))
            )
            if needs_h:  # a dusun/RW/RT filter: only residents with a household can match
                return read_ids(conn, grouped)
            first, second = (grouped, loose) if descending else (loose, grouped)
            return read_ids(conn, first) + read_ids(conn, second)
        stmt: Select[Any] = select(R.c.id)
        if needs_h:
            stmt = stmt.select_from(R.join(H, H.c.id == R.c.household_id))
        stmt = stmt.where(where).order_by(*ordered(SORT_COLUMNS.get(sort, SORT_COLUMNS["name"])))
        return read_ids(conn, stmt)


def fetch_rows(db: Database, ids: Sequence[int]) -> list[ResidentRow]:
    """Rows for the given ids, in the same order (missing ids are skipped)."""
    if not ids:
        return []
    with db.read() as conn:
        stmt = (
            select(*_ROW_COLUMNS)
            .select_from(R.outerjoin(H, H.c.id == R.c.household_id))
            .where(R.c.id.in_(list(ids)))
        )
        by_id = {r[0]: ResidentRow(*tuple(r)) for r in conn.execute(stmt)}
    return [by_id[i] for i in ids if i in by_id]


def search(db: Database, text: str = "", limit: int | None = None) -> list[ResidentRow]:
    ids = query_ids(db, ResidentFilter(search=text))
    if limit is not None:
        ids = ids[:limit]
    rows: list[ResidentRow] = []
    for part in chunks(ids):
        rows.extend(fetch_rows(db, part))
    return rows


def area_choices(db: Database) -> dict[str, list[str]]:
    """Distinct dusun, RW and RT values for the filter boxes."""
    with db.read() as conn:
        out = {}
        for key in ("dusun", "rw", "rt"):
            col = H.c[key]
            out[key] = [
                v for v in conn.execute(select(col).distinct().order_by(col)).scalars() if v
            ]
    return out


_DETAIL_FIELDS = [f.name for f in dataclasses.fields(ResidentInput) if f.name != "no_kk"]


def get(db: Database, resident_id: int) -> ResidentDetail:
    with db.read() as conn:
        row = conn.execute(
            select(
                *[R.c[f] for f in _DETAIL_FIELDS],
                func.coalesce(H.c.no_kk, ""),
                R.c.id,
                R.c.household_id,
                R.c.created_at,
                R.c.updated_at,
            )
            .select_from(R.outerjoin(H, H.c.id == R.c.household_id))
            .where(R.c.id == resident_id)
        ).first()
    if row is None:
        raise UserError(
            "RESIDENT_NOT_FOUND", "Data penduduk tidak ditemukan; mungkin sudah dihapus."
        )
    values = dict(
        zip(
            [*_DETAIL_FIELDS, "no_kk", "id", "household_id", "created_at", "updated_at"],
            row,
            strict=True,
        )
    )
    return ResidentDetail(**values)


_PHONE = re.compile(r"^\+?[0-9 \-]{8,20}$")


def validate(
    data: ResidentInput,
    *,
    today: dt.date | None = None,
    region_known: object = None,
) -> list[Issue]:
    """Field-by-field findings for a resident, in Indonesian. Errors block saving."""
    today = today or dt.date.today()
    issues = validate_nik(
        data.nik,
        sex=data.sex or None,
        birth_date=data.birth_date,
        region_known=region_known,  # type: ignore[arg-type]
        today=today,
    )
    if not clean_name(data.name):
        issues.append(error("NAME_MISSING", "Nama belum diisi.", "name"))
    elif len(clean_name(data.name)) < 2:
        issues.append(error("NAME_TOO_SHORT", "Nama terlalu pendek.", "name"))
    if data.sex not in ("L", "P"):
        issues.append(error("SEX_INVALID", "Pilih jenis kelamin: laki-laki atau perempuan.", "sex"))
    if data.birth_date is not None and data.birth_date > today:
        issues.append(
            error("BIRTHDATE_FUTURE", "Tanggal lahir tidak boleh di masa depan.", "birth_date")
        )
    if data.birth_date is None:
        issues.append(warning("BIRTHDATE_MISSING", "Tanggal lahir belum diisi.", "birth_date"))
    if data.status_dasar not in codes.STATUS_DASAR:
        issues.append(error("STATUS_INVALID", "Status dasar tidak dikenal.", "status_dasar"))
    elif data.status_dasar in codes.STATUS_NEEDS_DATE:
        label = codes.STATUS_DASAR[data.status_dasar].lower()
        if data.status_changed_at is None:
            issues.append(
                error(
                    "STATUS_DATE_MISSING",
                    f"Isi tanggal penduduk ini {label}.",
                    "status_changed_at",
                )
            )
        elif data.status_changed_at > today:
            issues.append(
                error(
                    "STATUS_DATE_FUTURE",
                    "Tanggal perubahan status tidak boleh di masa depan.",
                    "status_changed_at",
                )
            )
        elif data.birth_date and data.status_changed_at < data.birth_date:
            issues.append(
                error(
                    "STATUS_DATE_BEFORE_BIRTH",
                    "Tanggal perubahan status sebelum tanggal lahir.",
                    "status_changed_at",
                )
            )
    if data.phone and not _PHONE.match(data.phone.strip()):
        issues.append(
            error(
                "PHONE_FORMAT",
                "Nomor HP hanya boleh angka (8–15 angka), boleh diawali +62.",
                "phone",
            )
        )
    if data.no_kk and not clean_identifier(data.no_kk).isdigit():
        issues.append(error("KK_FORMAT", "No. KK harus 16 angka.", "no_kk"))
    if data.pregnant and data.sex == "L":
        issues.append(
            error("PREGNANT_SEX", "Penduduk laki-laki tidak bisa ditandai hamil.", "pregnant")
        )
    return issues


def _values(data: ResidentInput, household_id: int | None) -> dict[str, object]:
    values: dict[str, object] = {f: getattr(data, f) for f in _DETAIL_FIELDS}
    values["nik"] = clean_identifier(data.nik)
    values["name"] = clean_name(data.name)
    values["name_key"] = name_key(data.name)
    values["birth_place"] = clean_name(data.birth_place)
    values["mother_name"] = clean_name(data.mother_name)
    values["phone"] = data.phone.strip()
    values["notes"] = data.notes.strip()
    if data.status_dasar == codes.HIDUP:
        values["status_changed_at"] = data.status_changed_at
    values["household_id"] = household_id
    return values


def _household_id(conn: Connection, no_kk: str) -> int | None:
    kk = clean_identifier(no_kk)
    if not kk:
        return None
    hid = conn.execute(select(H.c.id).where(H.c.no_kk == kk)).scalar()
    if hid is None:
        raise ValidationError(
            [
                error(
                    "KK_NOT_FOUND",
                    f"No. KK {kk} belum terdaftar. Buat keluarganya dulu di halaman Keluarga.",
                    "no_kk",
                )
            ]
        )
    return int(hid)


def _nik_taken(conn: Connection, nik: str, except_id: int | None) -> None:
    row = conn.execute(select(R.c.id, R.c.name).where(R.c.nik == nik)).first()
    if row is not None and row[0] != except_id:
        raise ValidationError(
            [error("NIK_EXISTS", f"NIK {nik} sudah terdaftar atas nama {row[1]}.", "nik")]
        )


def create(
    db: Database, data: ResidentInput, actor: str, region_known: object = None
) -> SaveResult:
    issues = validate(data, region_known=region_known)
    if any(i.is_error for i in issues):
        raise ValidationError(list(issues))
    with db.write() as conn:
        values = _values(data, _household_id(conn, data.no_kk))
        _nik_taken(conn, str(values["nik"]), None)
        new_id = int(conn.execute(insert(R).values(**values).returning(R.c.id)).scalar_one())
        changes = {
            k: (None, v) for k, v in values.items() if v not in (None, "") and k != "name_key"
        }
        audit.record(
            conn,
            actor=actor,
            action="create",
            entity="resident",
            entity_id=new_id,
            entity_key=str(values["nik"]),
            changes=changes,
        )
    return SaveResult(new_id, [i for i in issues if not i.is_error])


def _current_values(conn: Connection, resident_id: int) -> dict[str, object]:
    cols = [*_DETAIL_FIELDS, "household_id"]
    row = conn.execute(select(*[R.c[c] for c in cols]).where(R.c.id == resident_id)).first()
    if row is None:
        raise UserError(
            "RESIDENT_NOT_FOUND", "Data penduduk tidak ditemukan; mungkin sudah dihapus."
        )
    return dict(zip(cols, row, strict=True))


def update_resident(
    db: Database, resident_id: int, data: ResidentInput, actor: str, region_known: object = None
) -> SaveResult:
    issues = validate(data, region_known=region_known)
    if any(i.is_error for i in issues):
        raise ValidationError(list(issues))
    with db.write() as conn:
        old = _current_values(conn, resident_id)
        values = _values(data, _household_id(conn, data.no_kk))
        _nik_taken(conn, str(values["nik"]), resident_id)
        changes = audit.diff(old, {k: v for k, v in values.items() if k != "name_key"})
        if changes:
            conn.execute(
                update(R)
                .where(R.c.id == resident_id)
                .values(**values, updated_at=dt.datetime.now().replace(microsecond=0))
            )
            status_changed = "status_dasar" in changes
            audit.record(
                conn,
                actor=actor,
                action="status" if status_changed and len(changes) <= 2 else "update",
                entity="resident",
                entity_id=resident_id,
                entity_key=str(values["nik"]),
                changes=changes,
            )
    return SaveResult(resident_id, [i for i in issues if not i.is_error])


def change_status(
    db: Database, resident_id: int, status: int, on: dt.date | None, actor: str, reason: str = "",
    moved_out: bool | None = None,
) -> None:  # fmt: skip
    """Mark a resident MATI, PINDAH, … (with the date) or back to HIDUP; audited as a status change.
    For PINDAH, ``moved_out`` says whether the person left the kabupaten (None: not known) — a
    PBPU Pemda member loses the membership only then."""
    if status not in codes.STATUS_DASAR:
        raise UserError("STATUS_INVALID", "Status dasar tidak dikenal.")
    if status in codes.STATUS_NEEDS_DATE and on is None:
        label = codes.STATUS_DASAR[status].lower()
        raise ValidationError(
            [
                error(
                    "STATUS_DATE_MISSING", f"Isi tanggal penduduk ini {label}.", "status_changed_at"
                )
            ]
        )
    if on is not None and on > dt.date.today():
        raise ValidationError(
            [
                error(
                    "STATUS_DATE_FUTURE",
                    "Tanggal perubahan status tidak boleh di masa depan.",
                    "status_changed_at",
                )
            ]
        )
    with db.write() as conn:
        old = _current_values(conn, resident_id)
        old["moved_out"] = conn.execute(select(R.c.moved_out).where(R.c.id == resident_id)).scalar()
        new = {"status_dasar": status, "status_changed_at": on,
               "moved_out": moved_out if status == codes.PINDAH else None}  # fmt: skip
        changes = audit.diff(old, new)
        if not changes:
            return
        conn.execute(
            update(R)
            .where(R.c.id == resident_id)
            .values(**new, updated_at=dt.datetime.now().replace(microsecond=0))
        )
        audit.record(
            conn,
            actor=actor,
            action="status",
            entity="resident",
            entity_id=resident_id,
            entity_key=str(old["nik"]),
            changes=changes,
            reason=reason,
        )


def delete_resident(db: Database, resident_id: int, reason: str, actor: str) -> None:
    """Remove a record entered by mistake. The reason is required and every field is kept in the
    audit trail, so the record can be reconstructed."""
    if not reason.strip():
        raise ValidationError([error("REASON_MISSING", "Tuliskan alasan penghapusan.", "reason")])
    with db.write() as conn:
        old = _current_values(conn, resident_id)
        conn.execute(delete(R).where(R.c.id == resident_id))
        changes = {k: (v, None) for k, v in old.items() if v not in (None, "")}
        audit.record(
            conn,
            actor=actor,
            action="delete",
            entity="resident",
            entity_id=resident_id,
            entity_key=str(old["nik"]),
            changes=changes,
            reason=reason.strip(),
        )


def history(db: Database, resident_id: int) -> list[audit.AuditEntry]:
    with db.read() as conn:
        return audit.history(conn, "resident", resident_id)
