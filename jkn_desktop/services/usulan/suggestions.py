"""What the membership rules suggest proposing each month, accepted as draft proposals or dismissed
with a reason (a dismissal sticks in the months after, until it is undone)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import Connection, delete, func, insert, select

from jkn_desktop.domain import roles as perm
from jkn_desktop.domain import usulan as U
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.bulk import insert_id
from jkn_desktop.persistence.tables import (
    household_t,
    jkn_current_t,
    pbi_entry_t,
    pbi_list_t,
    resident_t,
    usulan_dismissal_t,
)
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import USULAN
from jkn_desktop.records.usulan import Dismissal, ProposalInput, SuggestionRow, UsulanMonth
from jkn_desktop.services import audit
from jkn_desktop.services.membership.rules import people_from, rule_columns
from jkn_desktop.services.usulan.musdes import meetings
from jkn_desktop.services.usulan.proposals import add, check_period, proposals, taken

R, H, C, D = resident_t, household_t, jkn_current_t, usulan_dismissal_t


def _dismissed(conn: Connection) -> set[tuple[str, str]]:
    return {(n, k) for n, k in conn.execute(select(D.c.nik, D.c.kind))}


def _rule_rows(conn: Connection) -> Sequence[Any]:
    """Residents whose next step (the membership rules) is a proposal, in household order."""
    rc = rule_columns()
    return conn.execute(
        select(
            R.c.id,
            R.c.nik,
            R.c.name,
            H.c.no_kk,
            C.c.card_no,
            H.c.dusun,
            H.c.rw,
            H.c.rt,
            R.c.status_dasar,
            rc.segment.label("segment"),
            rc.status.label("status"),
            H.c.desil,
            rc.step.label("step"),
            rc.reason.label("reason"),
        )
        .select_from(people_from())
        .where(rc.step.in_(sorted(U.STEP_PROPOSALS)))
        .order_by(H.c.dusun, H.c.rw, H.c.rt, H.c.no_kk, func.coalesce(R.c.shdk, 99), R.c.id)
    ).all()


def _strangers(conn: Connection, period: str) -> list[tuple[Any, ...]]:
    """(track, list month, NIK, name, card) of the people on the latest Dinsos list of each track
    up to the month who are not residents of the village."""
    L, E = pbi_list_t, pbi_entry_t
    out: list[tuple[Any, ...]] = []
    for track in U.TRACKS:
        latest = conn.execute(
            select(L.c.id, L.c.period)
            .where(L.c.source == "dinsos", L.c.segment == track, L.c.period <= period)
            .order_by(L.c.period.desc(), L.c.id.desc())
            .limit(1)
        ).first()
        if latest is None:
            continue
        entries = conn.execute(
            select(E.c.nik, E.c.name, E.c.card_no)
            .where(E.c.list_id == latest.id, E.c.resident_id.is_(None), E.c.nik != "")
            .order_by(E.c.row)
        ).all()
        out += [(track, latest.period, *r) for r in entries]
    return out


def suggestions(work: Work, period: str) -> list[SuggestionRow]:
    """What the membership rules propose for the month, minus what is already proposed for the
    same person that month and what was dismissed; plus the people on the latest Dinsos list up to
    that month who do not live in the village (removal: pindah / tidak ditemukan)."""
    period = check_period(period)
    conn = work.conn
    already, dismissed = taken(conn, period), _dismissed(conn)
    out: list[SuggestionRow] = []
    seen: set[str] = set()
    for r in _rule_rows(conn):
        s = U.suggest_for(
            status_dasar=r.status_dasar,
            segment=r.segment,
            status=r.status,
            desil=r.desil,
            step=r.step,
            reason=r.reason,
        )
        if s is None or r.nik in already or (r.nik, s.kind) in dismissed or r.nik in seen:
            continue
        seen.add(r.nik)
        place = (r.no_kk or "", r.card_no or "", r.dusun or "", r.rw or "", r.rt or "")
        out.append(
            SuggestionRow(s.kind, s.reason, s.why, s.origin, r.id, r.nik, r.name, *place, s.track)
        )
    for track, list_period, nik, name, card in _strangers(conn, period):
        if nik in already or (nik, U.PENGHAPUSAN) in dismissed or nik in seen:
            continue
        seen.add(nik)
        why = f"ada di daftar Dinsos {list_period} tetapi tidak ditemukan sebagai penduduk desa"
        out.append(
            SuggestionRow(
                U.PENGHAPUSAN,
                "tidak_ditemukan",
                why,
                "daftar_dinsos",
                None,
                nik,
                name,
                "",
                card or "",
                track=track,
            )
        )
    return out


def month(work: Work, period: str) -> UsulanMonth:
    """The Usulan PBI page's month: the open suggestions, the month's proposals and every
    Musyawarah Desa, read together."""
    return UsulanMonth(suggestions(work, period), proposals(work, period), meetings(work))


def accept(work: Work, period: str, items: Sequence[SuggestionRow]) -> list[int]:
    """Turn suggestions into draft proposals, in the job's one transaction."""
    work.require(perm.PROPOSALS)
    return [
        add(
            work,
            ProposalInput(
                period,
                s.kind,
                s.nik,
                s.reason if U.needs_reason(s.kind) else s.why,
                origin=s.origin,
                name=s.name,
                card_no=s.card_no,
                track=s.track,
            ),
        )
        for s in items
    ]


def dismiss(work: Work, items: Sequence[SuggestionRow], reason: str, period: str) -> None:
    work.require(perm.PROPOSALS)
    if not reason.strip():
        raise UserError("ALASAN_KOSONG")
    conn = work.conn
    for s in items:
        conn.execute(delete(D).where(D.c.nik == s.nik, D.c.kind == s.kind))
        values = {
            "nik": s.nik,
            "kind": s.kind,
            "name": s.name,
            "reason": reason.strip(),
            "period": period,
            "created_at": work.now,
            "actor": work.user,
        }
        did = insert_id(conn, insert(D).values(**values))
        audit.note(
            work,
            action="dismiss",
            entity="usulan_dismissal",
            entity_id=did,
            entity_key=f"{U.KINDS.get(s.kind, s.kind)} {s.nik}",
            reason=reason.strip(),
        )
    work.touch(USULAN)


def dismissals(work: Work) -> list[Dismissal]:
    cols = (D.c.nik, D.c.kind, D.c.name, D.c.reason, D.c.period, D.c.actor)
    stmt = select(*cols).order_by(D.c.created_at.desc())
    return [Dismissal(*r) for r in work.conn.execute(stmt)]


def undismiss(work: Work, nik: str, kind: str) -> None:
    work.require(perm.PROPOSALS)
    work.conn.execute(delete(D).where(D.c.nik == nik, D.c.kind == kind))
    audit.note(
        work,
        action="undismiss",
        entity="usulan_dismissal",
        entity_id=None,
        entity_key=f"{U.KINDS.get(kind, kind)} {nik}",
    )
    work.touch(USULAN)
