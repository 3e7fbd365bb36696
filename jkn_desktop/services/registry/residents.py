"""Residents: one resident read for the dialog, the checks of the add/edit dialog, and the audited
changes (add, edit, status, delete). The table's queries are in resident_search."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable

from sqlalchemy import Connection, delete, func, insert, select, update

from jkn_desktop.domain import codes
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.cell_text import suspicious
from jkn_desktop.domain.issues import Issue, error, warning
from jkn_desktop.domain.names import clean_name, name_key
from jkn_desktop.domain.nik import clean_identifier, validate_nik
from jkn_desktop.errors import UserError, ValidationError
from jkn_desktop.persistence.tables import household_t, resident_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.audit import AuditEntry
from jkn_desktop.records.changes import RESIDENT
from jkn_desktop.records.residents import ResidentDetail, ResidentInput, SaveResult
from jkn_desktop.services import audit
from jkn_desktop.services.edit_conflict import check_unchanged
from jkn_desktop.services.membership import standing_copy
from jkn_desktop.services.registry.household_copy import copy_for

R = resident_t
H = household_t

_DETAIL_FIELDS = [f.name for f in dataclasses.fields(ResidentInput) if f.name != "no_kk"]


def get(work: Work, resident_id: int) -> ResidentDetail:
    row = work.conn.execute(
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
        raise UserError("RESIDENT_NOT_FOUND")
    values = dict(
        zip(
            [*_DETAIL_FIELDS, "no_kk", "id", "household_id", "created_at", "updated_at"],
            row,
            strict=True,
        )
    )
    return ResidentDetail(**values)


_PHONE = re.compile(r"^\+?[0-9 \-]{8,20}$")


RegionKnown = Callable[[str], bool] | None


def validate(
    data: ResidentInput, *, today: dt.date, region_known: RegionKnown = None
) -> list[Issue]:
    """Field-by-field findings for a resident on ``today``, in Indonesian. Errors block saving."""
    issues = validate_nik(
        data.nik,
        sex=data.sex or None,
        birth_date=data.birth_date,
        region_known=region_known,
        today=today,
    )
    if not clean_name(data.name):
        issues.append(error("NAME_MISSING", "Nama belum diisi.", "name"))
    elif len(clean_name(data.name)) < 2:
        issues.append(error("NAME_TOO_SHORT", "Nama terlalu pendek.", "name"))
    for field in ("name", "mother_name"):  # kept as written, flagged for a person to look
        raw = getattr(data, field) or ""
        if (found := suspicious(raw, clean_name(raw), field)) is not None:
            issues.append(found)
    if data.sex not in ("L", "P"):
        issues.append(error("SEX_INVALID", "Pilih jenis kelamin: laki-laki atau perempuan.", "sex"))
    if data.birth_date is not None and data.birth_date > today:
        issues.append(
            error("BIRTHDATE_FUTURE", "Tanggal lahir tidak boleh di masa depan.", "birth_date")
        )
    if data.birth_date is None:
        issues.append(warning("BIRTHDATE_MISSING", "Tanggal lahir belum diisi.", "birth_date"))
    issues += _status_issues(data, today)
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


def _status_issues(data: ResidentInput, today: dt.date) -> list[Issue]:
    """The status dasar and, for MATI, PINDAH …, the date it changed."""
    if data.status_dasar not in codes.STATUS_DASAR:
        return [error("STATUS_INVALID", "Status dasar tidak dikenal.", "status_dasar")]
    if data.status_dasar not in codes.STATUS_NEEDS_DATE:
        return []
    label = codes.STATUS_DASAR[data.status_dasar].lower()
    if data.status_changed_at is None:
        return [
            error("STATUS_DATE_MISSING", f"Isi tanggal penduduk ini {label}.", "status_changed_at")
        ]
    if data.status_changed_at > today:
        return [
            error(
                "STATUS_DATE_FUTURE",
                "Tanggal perubahan status tidak boleh di masa depan.",
                "status_changed_at",
            )
        ]
    if data.birth_date and data.status_changed_at < data.birth_date:
        return [
            error(
                "STATUS_DATE_BEFORE_BIRTH",
                "Tanggal perubahan status sebelum tanggal lahir.",
                "status_changed_at",
            )
        ]
    return []


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


def _checked(data: ResidentInput, work: Work, region_known: RegionKnown) -> list[Issue]:
    """The warnings of a resident that may be saved; a ValidationError when one may not."""
    issues = validate(data, today=work.today, region_known=region_known)
    if any(i.is_error for i in issues):
        raise ValidationError(list(issues))
    return issues


def create(work: Work, data: ResidentInput, region_known: RegionKnown = None) -> SaveResult:
    work.require(perm.REGISTRY)
    issues = _checked(data, work, region_known)
    conn = work.conn
    values = _values(data, _household_id(conn, data.no_kk))
    _nik_taken(conn, str(values["nik"]), None)
    copy = copy_for(conn, values["household_id"])  # type: ignore[arg-type]
    new_id = int(conn.execute(insert(R).values(**values, **copy).returning(R.c.id)).scalar_one())
    standing_copy.refresh(conn, [new_id])  # the household's desil, the next step
    changes = {k: (None, v) for k, v in values.items() if v not in (None, "") and k != "name_key"}
    audit.note(
        work,
        action="create",
        entity="resident",
        entity_id=new_id,
        entity_key=str(values["nik"]),
        changes=changes,
    )
    work.touch(RESIDENT, new_id)
    return SaveResult(new_id, issues)


def _current_values(conn: Connection, resident_id: int) -> dict[str, object]:
    cols = [*_DETAIL_FIELDS, "household_id"]
    row = conn.execute(select(*[R.c[c] for c in cols]).where(R.c.id == resident_id)).first()
    if row is None:
        raise UserError("RESIDENT_NOT_FOUND")
    return dict(zip(cols, row, strict=True))


def update_resident(
    work: Work,
    resident_id: int,
    data: ResidentInput,
    region_known: RegionKnown = None,
    *,
    opened: ResidentDetail | None = None,
) -> SaveResult:
    """Save an edit. ``opened``: the record as the dialog showed it; the save is refused with
    :class:`EditConflict` when any of its fields changed since (pass None to overwrite)."""
    work.require(perm.REGISTRY)
    issues = _checked(data, work, region_known)
    conn = work.conn
    old = _current_values(conn, resident_id)
    if opened is not None:
        check_unchanged(
            work,
            entity="resident",
            entity_id=resident_id,
            what=opened.name,
            opened={f: getattr(opened, f) for f in [*_DETAIL_FIELDS, "household_id"]},
            current=old,
            since=opened.updated_at,
        )
    values = _values(data, _household_id(conn, data.no_kk))
    _nik_taken(conn, str(values["nik"]), resident_id)
    changes = audit.diff(old, {k: v for k, v in values.items() if k != "name_key"})
    if changes:
        copy = copy_for(conn, values["household_id"])  # type: ignore[arg-type]
        conn.execute(
            update(R).where(R.c.id == resident_id).values(**values, **copy, updated_at=work.now)
        )
        standing_copy.refresh(conn, [resident_id])
        status_changed = "status_dasar" in changes
        audit.note(
            work,
            action="status" if status_changed and len(changes) <= 2 else "update",
            entity="resident",
            entity_id=resident_id,
            entity_key=str(values["nik"]),
            changes=changes,
        )
        work.touch(RESIDENT, resident_id)
    return SaveResult(resident_id, issues)


def _check_status(status: int, on: dt.date | None, today: dt.date) -> None:
    if status not in codes.STATUS_DASAR:
        raise UserError("STATUS_INVALID")
    if status in codes.STATUS_NEEDS_DATE and on is None:
        label = codes.STATUS_DASAR[status].lower()
        raise ValidationError(
            [
                error(
                    "STATUS_DATE_MISSING", f"Isi tanggal penduduk ini {label}.", "status_changed_at"
                )
            ]
        )
    if on is not None and on > today:
        raise ValidationError(
            [
                error(
                    "STATUS_DATE_FUTURE",
                    "Tanggal perubahan status tidak boleh di masa depan.",
                    "status_changed_at",
                )
            ]
        )


def change_status(
    work: Work,
    resident_id: int,
    status: int,
    on: dt.date | None,
    reason: str = "",
    moved_out: bool | None = None,
) -> None:
    """Mark a resident MATI, PINDAH, … (with the date) or back to HIDUP; audited as a status change.
    For PINDAH, ``moved_out`` says whether the person left the kabupaten (None: not known) — a
    PBPU Pemda member loses the membership only then."""
    work.require(perm.REGISTRY)
    _check_status(status, on, work.today)
    conn = work.conn
    old = _current_values(conn, resident_id)
    old["moved_out"] = conn.execute(select(R.c.moved_out).where(R.c.id == resident_id)).scalar()
    new = {
        "status_dasar": status,
        "status_changed_at": on,
        "moved_out": moved_out if status == codes.PINDAH else None,
    }
    changes = audit.diff(old, new)
    if not changes:
        return
    conn.execute(update(R).where(R.c.id == resident_id).values(**new, updated_at=work.now))
    standing_copy.refresh(conn, [resident_id])  # a death or a move changes the next step
    audit.note(
        work,
        action="status",
        entity="resident",
        entity_id=resident_id,
        entity_key=str(old["nik"]),
        changes=changes,
        reason=reason,
    )
    work.touch(RESIDENT, resident_id)


def delete_resident(work: Work, resident_id: int, reason: str) -> None:
    """Remove a record entered by mistake. The reason is required and every field is kept in the
    audit trail, so the record can be reconstructed."""
    work.require(perm.REGISTRY)
    if not reason.strip():
        raise ValidationError([error("REASON_MISSING", "Tuliskan alasan penghapusan.", "reason")])
    conn = work.conn
    old = _current_values(conn, resident_id)
    conn.execute(delete(R).where(R.c.id == resident_id))
    changes = {k: (v, None) for k, v in old.items() if v not in (None, "")}
    audit.note(
        work,
        action="delete",
        entity="resident",
        entity_id=resident_id,
        entity_key=str(old["nik"]),
        changes=changes,
        reason=reason.strip(),
    )
    work.touch(RESIDENT, resident_id)


def history(work: Work, resident_id: int) -> list[AuditEntry]:
    return audit.history(work, "resident", resident_id)
