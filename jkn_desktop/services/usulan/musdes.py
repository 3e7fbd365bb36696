"""The Musyawarah Desa (in a kelurahan: Musyawarah Kelurahan) that approves the draft proposals:
recorded with the proposals it agreed on, in one job. Its Berita Acara is a document of the
Laporan page (``services.documents.catalog``)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import insert, select, update

from jkn_desktop.domain import roles as perm
from jkn_desktop.domain import usulan as U
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.bulk import insert_id
from jkn_desktop.persistence.tables import musdes_t, usulan_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import USULAN
from jkn_desktop.records.usulan import Meeting, MusdesInput
from jkn_desktop.services import audit

T = usulan_t


def _check(work: Work, m: MusdesInput) -> None:
    if not m.place.strip():
        raise UserError("MUSDES_TEMPAT")
    if m.held_on > work.today:
        raise UserError("MUSDES_TANGGAL")


def _approve(work: Work, pid: int, m: MusdesInput, mid: int) -> bool:
    """One draft proposal approved by the meeting; False when it is gone meanwhile."""
    conn = work.conn
    old = conn.execute(select(T.c.status, T.c.nik, T.c.name).where(T.c.id == pid)).first()
    if old is None:
        return False
    if old.status != U.DRAFT:
        raise UserError("USULAN_LANGKAH.musdes", name=old.name, nik=old.nik)
    values = {
        "status": U.DISETUJUI,
        "approved_on": m.held_on,
        "musdes_id": mid,
        "updated_at": work.now,
    }
    conn.execute(update(T).where(T.c.id == pid).values(**values))
    audit.note(
        work,
        action="update",
        entity="usulan",
        entity_id=pid,
        entity_key=old.nik,
        changes={"status": (U.DRAFT, U.DISETUJUI), "musdes_id": (None, mid)},
    )
    return True


def record_musdes(work: Work, m: MusdesInput, approve: Sequence[int]) -> int:
    """Record the meeting and approve the proposals it agreed on (status disetujui, dated the day
    of the meeting), in the job's one transaction; returns the meeting's id."""
    work.require(perm.APPROVE)
    _check(work, m)
    values = {
        "held_on": m.held_on,
        "place": m.place.strip(),
        "participants": m.participants.strip(),
        "ba_number": m.ba_number.strip(),
        "notes": m.notes.strip(),
        "created_at": work.now,
        "actor": work.user,
    }
    mid = insert_id(work.conn, insert(musdes_t).values(**values))
    audit.note(
        work,
        action="create",
        entity="musdes",
        entity_id=mid,
        entity_key=m.ba_number.strip() or str(m.held_on),
        changes={"held_on": (None, m.held_on), "place": (None, m.place.strip())},
    )
    approved = [pid for pid in approve if _approve(work, pid, m, mid)]
    work.touch(USULAN, *approved)
    return mid


def meetings(work: Work) -> list[Meeting]:
    """Every meeting, the latest first."""
    t = musdes_t
    stmt = select(t.c.id, t.c.held_on, t.c.place, t.c.participants, t.c.ba_number, t.c.notes)
    return [
        Meeting(*r) for r in work.conn.execute(stmt.order_by(t.c.held_on.desc(), t.c.id.desc()))
    ]


def meeting(work: Work, musdes_id: int | None) -> Meeting | None:
    t = musdes_t
    stmt = select(t.c.id, t.c.held_on, t.c.place, t.c.participants, t.c.ba_number, t.c.notes)
    row = work.conn.execute(stmt.where(t.c.id == musdes_id)).first()
    return Meeting(*row) if row else None
