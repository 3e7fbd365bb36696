"""Proposals to Dinas Sosial: added by hand or accepted from the suggestions (``suggestions``),
moved through draft → disetujui Musdes → dikirim → diterima / ditolak, approved by the Musyawarah
Desa (``musdes``). Nothing is proposed twice for one person and month."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select, update

from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import roles as perm
from jkn_desktop.domain import usulan as U
from jkn_desktop.domain.apbdes import parse_period
from jkn_desktop.domain.nik import clean_identifier
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.bulk import insert_id
from jkn_desktop.persistence.tables import household_t, jkn_current_t, resident_t, usulan_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import USULAN
from jkn_desktop.records.usulan import Proposal, ProposalInput
from jkn_desktop.services import audit
from jkn_desktop.services.usulan.musdes import meetings

__all__ = [  # meetings(work): the Musyawarah Desa's meetings (usulan.musdes), offered here too
    "add",
    "check_period",
    "counts",
    "delete_draft",
    "meetings",
    "periods",
    "proposals",
    "set_status",
    "taken",
    "update_notes",
]
R, H, C, T = resident_t, household_t, jkn_current_t, usulan_t
_FIELDS = (
    "id",
    "period",
    "kind",
    "reason",
    "resident_id",
    "nik",
    "name",
    "no_kk",
    "card_no",
    "replaces_nik",
    "replaces_name",
    "replaces_reason",
    "notes",
    "status",
    "approved_on",
    "sent_on",
    "decided_on",
    "musdes_id",
    "origin",
    "track",
)
# the date each step writes
_STEP_DATE = {
    U.DISETUJUI: "approved_on",
    U.DIKIRIM: "sent_on",
    U.DITERIMA: "decided_on",
    U.DITOLAK: "decided_on",
}


def check_period(period: str) -> str:
    try:
        y, m = parse_period(period)
    except ValueError as exc:
        raise UserError("PERIODE", month=period) from exc
    return f"{y}-{m:02d}"


def taken(conn: Connection, period: str) -> set[str]:
    """NIKs already in a proposal of the month (as the person or the one replaced)."""
    out: set[str] = set()
    for nik, replaced in conn.execute(
        select(T.c.nik, T.c.replaces_nik).where(T.c.period == period)
    ):
        out.add(nik)
        if replaced:
            out.add(replaced)
    return out


def _person(conn: Connection, nik: str) -> Any:
    return conn.execute(
        select(R.c.id, R.c.nik, R.c.name, H.c.no_kk, C.c.card_no)
        .select_from(
            R.outerjoin(H, H.c.id == R.c.household_id).outerjoin(C, C.c.resident_id == R.c.id)
        )
        .where(R.c.nik == nik)
    ).first()


def _checked(p: ProposalInput) -> tuple[str, str]:
    """The month and the NIK of a well-formed proposal; a clear message for anything else."""
    period = check_period(p.period)
    if p.kind not in U.KINDS:
        raise UserError("USULAN_JENIS")
    if p.track not in U.TRACKS:
        raise UserError("USULAN_JALUR")
    nik = clean_identifier(p.nik)
    if len(nik) != 16 or not nik.isdigit():
        raise UserError("NIK_FORMAT", nik=p.nik)
    if U.needs_reason(p.kind):
        reason = p.replaces_reason if p.kind == U.PENGGANTIAN else p.reason
        if reason not in U.REMOVAL_REASONS:
            raise UserError("USULAN_ALASAN")
        if reason == "pindah_kabupaten" and p.track != J.PBPU_PEMDA:
            raise UserError("USULAN_ALASAN.pindah")
    return period, nik


def add(work: Work, p: ProposalInput) -> int:
    """A draft proposal: the person from the registry (a removal may name someone who is not in
    it), never twice in one month."""
    work.require(perm.PROPOSALS)
    period, nik = _checked(p)
    conn = work.conn
    person = _person(conn, nik)
    if person is None and p.kind != U.PENGHAPUSAN:
        raise UserError("BUKAN_WARGA", nik=nik)
    replaced = None
    if p.kind == U.PENGGANTIAN:
        rn = clean_identifier(p.replaces_nik)
        if len(rn) != 16 or rn == nik:
            raise UserError("USULAN_GANTI")
        replaced = _person(conn, rn)
    already = taken(conn, period)
    for who in (nik, clean_identifier(p.replaces_nik)):
        if who and who in already:
            raise UserError("USULAN_GANDA", nik=who, period=period)
    values = {
        "period": period,
        "kind": p.kind,
        "reason": p.reason
        if U.needs_reason(p.kind) and p.kind != U.PENGGANTIAN
        else p.reason.strip(),
        "resident_id": person.id if person else None,
        "nik": nik,
        "name": person.name if person else p.name.strip().upper(),
        "no_kk": (person.no_kk or "") if person else "",
        "card_no": ((person.card_no or "") if person else "") or p.card_no,
        "replaces_nik": clean_identifier(p.replaces_nik),
        "replaces_name": replaced.name if replaced else "",
        "replaces_reason": p.replaces_reason,
        "notes": p.notes.strip(),
        "status": U.DRAFT,
        "origin": p.origin,
        "track": p.track,
        "created_at": work.now,
        "updated_at": work.now,
        "actor": work.user,
    }
    pid = insert_id(conn, insert(T).values(**values))
    audit.note(
        work,
        action="create",
        entity="usulan",
        entity_id=pid,
        entity_key=f"{U.KINDS[p.kind]} {nik} {period}",
        changes={
            k: (None, values[k]) for k in ("kind", "reason", "nik", "period", "notes") if values[k]
        },
    )
    work.touch(USULAN, pid)
    return pid


def update_notes(work: Work, pid: int, notes: str) -> None:
    """Supporting notes, e.g. the health facility's letter number for a reaktivasi."""
    work.require(perm.PROPOSALS)
    conn = work.conn
    old = conn.execute(select(T.c.notes, T.c.nik).where(T.c.id == pid)).first()
    if old is None:
        raise UserError("USULAN_HILANG")
    if old.notes != notes.strip():
        conn.execute(
            update(T).where(T.c.id == pid).values(notes=notes.strip(), updated_at=work.now)
        )
        audit.note(
            work,
            action="update",
            entity="usulan",
            entity_id=pid,
            entity_key=old.nik,
            changes={"notes": (old.notes, notes.strip())},
        )
        work.touch(USULAN, pid)


def _step_refused(old: Any, new: str) -> UserError:
    """Why a proposal (its row: name, nik, status, kind) cannot move to status ``new``."""
    name, nik, current = old["name"], old["nik"], old["status"]
    status = U.STATUSES.get(current, current)
    steps = U.next_steps(current, old["kind"])
    if not steps:
        return UserError("USULAN_LANGKAH.selesai", name=name, nik=nik, status=status)
    return UserError(
        "USULAN_LANGKAH",
        name=name,
        nik=nik,
        status=status,
        target=U.STATUSES.get(new, new),
        steps=", ".join(U.STATUSES[s] for s in steps),
    )


def _check_step(old: Any, status: str) -> None:
    if not U.move_allowed(old["status"], status, old["kind"]):
        raise _step_refused(old, status)
    if status == U.DIKIRIM and old["kind"] == U.REAKTIVASI and not old["notes"].strip():
        raise UserError("USULAN_SURAT", name=old["name"], nik=old["nik"])


def set_status(work: Work, ids: Sequence[int], status: str) -> None:
    """Move proposals to the next step, dated the job's day; every proposal must allow the step.
    Approving (or taking an approval back) is the Kepala Desa's; the other steps the secretary's."""
    work.require(perm.APPROVE if status in (U.DISETUJUI, U.DRAFT) else perm.PROPOSALS)
    conn, on = work.conn, work.today
    for pid in ids:
        old = conn.execute(select(T).where(T.c.id == pid)).mappings().first()
        if old is None:
            raise UserError("USULAN_HILANG")
        _check_step(old, status)
        values: dict[str, Any] = {"status": status, "updated_at": work.now}
        dated = {_STEP_DATE[status]: on} if status in _STEP_DATE else {}
        values.update(dated)
        if status == U.DRAFT:
            values.update(approved_on=None, musdes_id=None)
        conn.execute(update(T).where(T.c.id == pid).values(**values))
        audit.note(
            work,
            action="update",
            entity="usulan",
            entity_id=pid,
            entity_key=f"{old['nik']} {old['period']}",
            changes={"status": (old["status"], status), **{k: (None, v) for k, v in dated.items()}},
        )
        work.touch(USULAN, pid)


def delete_draft(work: Work, pid: int, reason: str) -> None:
    work.require(perm.PROPOSALS)
    conn = work.conn
    old = conn.execute(select(T).where(T.c.id == pid)).mappings().first()
    if old is None:
        return
    if old["status"] != U.DRAFT:
        raise UserError("USULAN_TERKUNCI")
    conn.execute(delete(T).where(T.c.id == pid))
    audit.note(
        work,
        action="delete",
        entity="usulan",
        entity_id=pid,
        entity_key=f"{old['nik']} {old['period']}",
        changes={"kind": (old["kind"], None), "nik": (old["nik"], None)},
        reason=reason,
    )
    work.touch(USULAN, pid)


def proposals(
    work: Work,
    period: str | None = None,
    *,
    kind: str | None = None,
    status: str | None = None,
    musdes_id: int | None = None,
) -> list[Proposal]:
    stmt = (
        select(*[T.c[f] for f in _FIELDS], H.c.dusun, H.c.rw, H.c.rt, H.c.address)
        .select_from(
            T.outerjoin(R, R.c.id == T.c.resident_id).outerjoin(H, H.c.id == R.c.household_id)
        )
        .order_by(T.c.period, T.c.kind, H.c.dusun, H.c.rw, H.c.rt, T.c.no_kk, T.c.name)
    )
    if period is not None:
        stmt = stmt.where(T.c.period == check_period(period))
    if kind is not None:
        stmt = stmt.where(T.c.kind == kind)
    if status is not None:
        stmt = stmt.where(T.c.status == status)
    if musdes_id is not None:
        stmt = stmt.where(T.c.musdes_id == musdes_id)
    return [
        Proposal(*r[: len(_FIELDS)], *(x or "" for x in r[len(_FIELDS) :]))
        for r in work.conn.execute(stmt)
    ]


def periods(work: Work) -> list[str]:
    return [
        str(p)
        for p in work.conn.execute(
            select(T.c.period).distinct().order_by(T.c.period.desc())
        ).scalars()
    ]


def counts(work: Work, period: str) -> dict[str, int]:
    period = check_period(period)
    return {
        k: int(n)
        for k, n in work.conn.execute(
            select(T.c.kind, func.count()).where(T.c.period == period).group_by(T.c.kind)
        )
    }
