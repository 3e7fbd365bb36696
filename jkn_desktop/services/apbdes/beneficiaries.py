"""Beneficiaries of a line: the candidates with their guards, adding (all or nothing; a guard
refuses unless forced, and the forced guard is kept on the row and in the audit trail), ending
someone's coverage, and taking a row entered by mistake off the line."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, insert, select, update

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain import codes
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.nik import clean_identifier
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.bulk import insert_id
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.apbdes import AddResult, Beneficiary, Candidate
from jkn_desktop.records.changes import APBDES
from jkn_desktop.services import audit
from jkn_desktop.services.apbdes._common import B, H, R, delete_audited, line_year
from jkn_desktop.services.apbdes.guards import (
    check_months,
    ground_warnings,
    guards,
    payer_warnings,
)
from jkn_desktop.services.apbdes.roster import line_beneficiaries


class GuardError(UserError):
    """Adding was refused by the guards; nothing was written."""

    def __init__(self, blocked: list[Candidate]) -> None:
        lines = [
            f"- {c.name} ({c.nik}): " + "; ".join(g.message for g in c.guards) for c in blocked
        ]
        super().__init__("PENERIMA_DITOLAK", blocked="\n".join(lines))
        self.blocked = blocked


def _people(work: Work, ids: Sequence[int]) -> dict[int, Any]:
    stmt = select(R.c.id, R.c.nik, R.c.name, R.c.occupation).where(R.c.id.in_(list(ids)))
    return {r.id: r for r in work.conn.execute(stmt)}


def _candidates(
    work: Work, line_id: int, resident_ids: Sequence[int], start: int, end: int
) -> list[Candidate]:
    year = line_year(work.conn, line_id)
    found = guards(work.conn, year, start, end, resident_ids, work.today)
    people = _people(work, resident_ids)
    grounds = ground_warnings(work, year, [rid for rid in resident_ids if rid in people])
    return [
        Candidate(
            rid,
            people[rid].nik,
            people[rid].name,
            tuple(found[rid]),
            (*payer_warnings(people[rid].occupation), *_one(grounds.get(rid))),
        )
        for rid in resident_ids
        if rid in people
    ]


def _one(text: str | None) -> tuple[str, ...]:
    return (text,) if text else ()


def candidates(
    work: Work, line_id: int, resident_ids: Sequence[int], start: int, end: int
) -> list[Candidate]:
    """What the dialog shows before anything is saved: each resident with its guards."""
    check_months(start, end)
    return _candidates(work, line_id, resident_ids, start, end)


def household_members(work: Work, no_kk: str) -> list[int]:
    """Residents of a KK, living ones first, in SHDK order."""
    kk = clean_identifier(no_kk)
    conn = work.conn
    hid = conn.execute(select(H.c.id).where(H.c.no_kk == kk)).scalar()
    if hid is None:
        raise UserError("KK_TIDAK_ADA", kk=kk)
    stmt = (
        select(R.c.id)
        .where(R.c.household_id == hid)
        .order_by(R.c.status_dasar != codes.HIDUP, func.coalesce(R.c.shdk, 99), R.c.birth_date)
    )
    return [int(r) for r in conn.execute(stmt).scalars()]


def resident_by_nik(work: Work, nik: str) -> int:
    n = clean_identifier(nik)
    rid = work.conn.execute(select(R.c.id).where(R.c.nik == n)).scalar()
    if rid is None:
        raise UserError("BUKAN_WARGA", nik=n)  # the code of the guard A.GUARD_NOT_FOUND
    return int(rid)


def add_beneficiaries(
    work: Work,
    line_id: int,
    resident_ids: Sequence[int],
    start: int,
    end: int,
    *,
    force: bool = False,
    notes: str = "",
) -> AddResult:
    """Add residents to a line for months start..end, all in one transaction. Any guard refuses
    the whole request (``GuardError``) unless ``force``: then the overridden guards are kept on
    the row and in the audit trail."""
    work.require(perm.APBDES)
    check_months(start, end)
    ids = list(dict.fromkeys(resident_ids))
    if not ids:
        raise UserError("TIDAK_ADA_PENERIMA")
    cands = _candidates(work, line_id, ids, start, end)
    if len(cands) < len(ids):
        raise UserError("BUKAN_WARGA.hilang")
    blocked = [c for c in cands if c.guards]
    if blocked and not force:
        raise GuardError(blocked)
    added = [_add_one(work, line_id, c, start, end, notes) for c in cands]
    work.touch(APBDES, line_id)
    return AddResult(added, cands)


def _add_one(work: Work, line_id: int, c: Candidate, start: int, end: int, notes: str) -> int:
    overridden = ",".join(dict.fromkeys(g.code for g in c.guards))
    bid = insert_id(
        work.conn,
        insert(B).values(
            line_id=line_id,
            resident_id=c.resident_id,
            start_month=start,
            end_month=end,
            overridden=overridden,
            notes=notes.strip(),
            created_at=work.now,
            actor=work.user,
        ),
    )
    reason = (
        ("Peringatan dikesampingkan: " + "; ".join(g.message for g in c.guards)) if c.guards else ""
    )
    audit.note(
        work,
        action="create",
        entity="apbdes_beneficiary",
        entity_id=bid,
        entity_key=f"{c.nik} baris {line_id}",
        changes={
            "line_id": (None, line_id),
            "start_month": (None, start),
            "end_month": (None, end),
            "overridden": (None, overridden or None),
        },
        reason=reason,
    )
    return bid


def add_residents(
    work: Work,
    line_id: int,
    start: int,
    end: int,
    *,
    nik: str | None = None,
    no_kk: str | None = None,
    force: bool = False,
    notes: str = "",
) -> AddResult:
    """The command line's add-beneficiary: one resident by NIK, or the members of a KK still
    living here (those who died or moved are not paid for)."""
    work.require(perm.APBDES)
    if nik:
        ids = [resident_by_nik(work, nik)]
    else:
        ids = household_members(work, no_kk or "")
        living = {
            c.resident_id
            for c in candidates(work, line_id, ids, start, end)
            if not any(g.code == A.GUARD_GONE for g in c.guards)
        }
        ids = [i for i in ids if i in living]
        if not ids:
            raise UserError("KK_KOSONG", kk=no_kk)
    return add_beneficiaries(work, line_id, ids, start, end, force=force, notes=notes)


def end_beneficiary(work: Work, beneficiary_id: int, end_month: int, reason: str = "") -> None:
    """Stop paying from the month after ``end_month`` (e.g. the resident died or moved)."""
    work.require(perm.APBDES)
    conn = work.conn
    old = conn.execute(select(B).where(B.c.id == beneficiary_id)).mappings().first()
    if old is None:
        raise UserError("PENERIMA_HILANG")
    if not old["start_month"] <= end_month <= 12:
        raise UserError("BULAN.akhir", start=A.month_name(old["start_month"]))
    if end_month == old["end_month"]:
        return
    conn.execute(update(B).where(B.c.id == beneficiary_id).values(end_month=end_month))
    audit.note(
        work,
        action="update",
        entity="apbdes_beneficiary",
        entity_id=beneficiary_id,
        entity_key=f"penerima {beneficiary_id}",
        changes={"end_month": (old["end_month"], end_month)},
        reason=reason,
    )
    work.touch(APBDES, old["line_id"])


def remove_beneficiary(work: Work, beneficiary_id: int, reason: str) -> None:
    """Take a row entered by mistake off the line (kept in the audit trail with its values)."""
    work.require(perm.APBDES)
    gone = delete_audited(
        work,
        B,
        beneficiary_id,
        lambda o: f"penerima {o['id']}",
        ("line_id", "resident_id", "start_month", "end_month"),
        reason,
    )
    if gone is not None:
        work.touch(APBDES, gone["line_id"])


def beneficiaries(work: Work, line_id: int) -> list[Beneficiary]:
    """The beneficiaries of a line with their cost and what the guards say about them now."""
    return line_beneficiaries(work, [line_id])[line_id]
