"""Desil per household: every desil a source gave is kept with its as-of date; the household's
current desil follows the latest."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from sqlalchemy import bindparam, insert, select, update

from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import audit_t, household_desil_t, household_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import HOUSEHOLD, MEMBERSHIP
from jkn_desktop.services import audit
from jkn_desktop.services.membership import standing_copy

H = household_t
D = household_desil_t


def set_desil(work: Work, household_id: int, desil: int, as_of: dt.date, *, source: str) -> bool:
    """Record a desil observation; the household's current desil follows the latest as-of date.
    Returns False when the same desil on the same date is already recorded."""
    work.require(perm.MEMBERSHIP)
    if not 1 <= desil <= 10:
        raise UserError("DESIL_RANGE")
    conn = work.conn
    same = conn.execute(
        select(D.c.id).where(
            D.c.household_id == household_id, D.c.as_of == as_of, D.c.desil == desil
        )
    ).first()
    if same is not None:
        return False
    conn.execute(
        insert(D).values(
            household_id=household_id,
            desil=desil,
            as_of=as_of,
            source=source,
            actor=work.user,
            created_at=work.now,
        )
    )
    work.touch(MEMBERSHIP)
    old = conn.execute(
        select(H.c.desil, H.c.desil_as_of, H.c.no_kk).where(H.c.id == household_id)
    ).one()
    if old.desil_as_of is None or as_of >= old.desil_as_of:
        conn.execute(update(H).where(H.c.id == household_id).values(desil=desil, desil_as_of=as_of))
        standing_copy.refresh_households(conn, [household_id])
        work.touch(HOUSEHOLD, household_id)
        audit.note(
            work,
            action="update",
            entity="household",
            entity_id=household_id,
            entity_key=old.no_kk,
            changes={"desil": (old.desil, desil)},
            reason=f"desil per {tanggal(as_of)} ({source})",
        )
    return True


def record_desil_bulk(
    work: Work, items: Sequence[tuple[int, str, int | None, int]], as_of: dt.date, *, source: str
) -> int:
    """Many households' desil at once (imports): ``(household_id, no_kk, old desil, new desil)``.
    The observation is kept and becomes current (the as-of date is the import's)."""
    work.require(perm.MEMBERSHIP)
    if not items:
        return 0
    conn, now, user = work.conn, work.now, work.user
    conn.execute(
        insert(D),
        [
            {
                "household_id": hid,
                "desil": d,
                "as_of": as_of,
                "source": source,
                "actor": user,
                "created_at": now,
            }
            for hid, _, _, d in items
        ],
    )
    conn.execute(
        update(H)
        .where(H.c.id == bindparam("_hid"))
        .values(desil=bindparam("d"), desil_as_of=as_of),
        [{"_hid": hid, "d": d} for hid, _, _, d in items],
    )
    standing_copy.refresh_households(conn, [hid for hid, _, _, _ in items])
    # one audit row per household, written in bulk (an import sets thousands)
    conn.execute(
        insert(audit_t),
        [
            {
                "at": now,
                "actor": user,
                "action": "update",
                "entity": "household",
                "entity_id": hid,
                "entity_key": kk,
                "field": "desil",
                "old_value": None if old is None else str(old),
                "new_value": str(d),
                "reason": f"desil per {tanggal(as_of)} ({source})",
            }
            for hid, kk, old, d in items
        ],
    )
    work.touch(MEMBERSHIP)
    work.touch(HOUSEHOLD, *(hid for hid, _, _, _ in items))
    return len(items)
