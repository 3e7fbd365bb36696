"""The villages' registered signing keys: the first one on a village's first signed package, after
a person compared its fingerprint with the one on the village's Berita Acara; another key only
when the village is registered again, with a reason (audited)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import kec_village_key_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.services import audit

KEY = kec_village_key_t


@dataclass(frozen=True, slots=True)
class RegisteredKey:
    id: int
    public_key: str
    fingerprint: str


def registered_key(work: Work, kode_wilayah: str) -> RegisteredKey | None:
    """The key in force for a village, if any."""
    row = work.conn.execute(
        select(KEY.c.id, KEY.c.public_key, KEY.c.fingerprint)
        .where(KEY.c.kode_wilayah == kode_wilayah, KEY.c.retired_at.is_(None))
        .order_by(KEY.c.id.desc())
        .limit(1)
    ).first()
    return RegisteredKey(*row) if row else None


def register_key(
    work: Work, kode_wilayah: str, public_key: str, fingerprint: str, *, reason: str = ""
) -> RegisteredKey:
    """Put ``public_key`` in force for the village. The first key needs no reason; a different
    key replaces the one in force only with a reason, and the old one is kept, retired."""
    work.require(perm.SETTINGS)
    reason = " ".join(reason.split())
    current = registered_key(work, kode_wilayah)
    if current is not None and current.public_key == public_key:
        return current
    if current is not None and not reason:
        raise UserError("KEC_KUNCI_ALASAN", fingerprint=current.fingerprint)
    conn = work.conn
    if current is not None:
        conn.execute(KEY.update().where(KEY.c.id == current.id).values(retired_at=work.now))
    new_id = conn.execute(
        KEY.insert().values(
            kode_wilayah=kode_wilayah,
            public_key=public_key,
            fingerprint=fingerprint,
            reason=reason,
            registered_at=work.now,
            registered_by=work.actor.username,
        )
    ).inserted_primary_key
    assert new_id is not None
    audit.note(
        work,
        action="register_key",
        entity="kec_village_key",
        entity_id=int(new_id[0]),
        entity_key=kode_wilayah,
        changes={"fingerprint": (current.fingerprint if current else None, fingerprint)},
        reason=reason,
    )
    return RegisteredKey(int(new_id[0]), public_key, fingerprint)


def key_history(work: Work, kode_wilayah: str) -> list[tuple[str, str, str, str]]:
    """(fingerprint, registered at, by, reason) of every key the village had, newest first."""
    rows = work.conn.execute(
        select(KEY.c.fingerprint, KEY.c.registered_at, KEY.c.registered_by, KEY.c.reason)
        .where(KEY.c.kode_wilayah == kode_wilayah)
        .order_by(KEY.c.id.desc())
    )
    return [(f, str(at), by, reason) for f, at, by, reason in rows]
