"""The village's package key: an Ed25519 pair made at the first package export and kept in the
``package_key`` table (id 1). The private key never leaves the database — nor its sealed
backups, which carry the whole database; the kecamatan registers the public key's fingerprint."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select

from jkn_desktop.domain import roles as perm
from jkn_desktop.domain import signing
from jkn_desktop.persistence.tables import package_key_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.services import audit

K = package_key_t
KEY_ID = 1


@dataclass(frozen=True, slots=True)
class PackageKey:
    public_key: str  # base64 of the raw 32 bytes
    private_key: str  # base64 of the raw 32 bytes: never written anywhere but this database
    fingerprint: str  # "AB12-CD34-EF56-7890"


def stored_key(work: Work) -> PackageKey | None:
    """The village's key, or None before its first package."""
    row = work.conn.execute(
        select(K.c.public_key, K.c.private_key, K.c.fingerprint).where(K.c.id == KEY_ID)
    ).first()
    return PackageKey(*row) if row is not None else None


def key_fingerprint(work: Work) -> str:
    """The fingerprint printed on the Berita Acara ("" before the first package)."""
    key = stored_key(work)
    return key.fingerprint if key is not None else ""


def village_key(work: Work) -> PackageKey:
    """The village's key, made (and noted in the audit trail) the first time: a write job, for
    whoever may export the package."""
    work.require(perm.EXPORT)
    key = stored_key(work)
    if key is not None:
        return key
    public, private = signing.new_pair()
    key = PackageKey(public, private, signing.fingerprint_of(public))
    work.conn.execute(
        insert(K).values(
            id=KEY_ID,
            public_key=key.public_key,
            private_key=key.private_key,
            fingerprint=key.fingerprint,
            created_at=work.now.replace(tzinfo=None),
        )
    )
    audit.note(
        work,
        action="create",
        entity="package_key",
        entity_id=KEY_ID,
        entity_key=key.fingerprint,
        changes={"fingerprint": (None, key.fingerprint)},
        reason="Kunci tanda tangan paket desa dibuat saat paket pertama disimpan",
    )
    return key
