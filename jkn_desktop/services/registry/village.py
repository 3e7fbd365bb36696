"""The village's identity: Kemendagri code, names, signatories and the operator."""

from __future__ import annotations

import dataclasses

from sqlalchemy import insert, select, update

from jkn_desktop.domain import roles as perm
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import village_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.changes import VILLAGE
from jkn_desktop.records.village import VillageInfo
from jkn_desktop.services import audit
from jkn_desktop.services.registry.regions import KODE_DESA, names_for, normalize_kode

_FIELDS = [f.name for f in dataclasses.fields(VillageInfo)]


def get_village(work: Work) -> VillageInfo | None:
    conn = work.conn
    row = conn.execute(select(*[village_t.c[f] for f in _FIELDS])).first()
    return VillageInfo(*row) if row else None


def resolve_identity(
    work: Work,
    kode_wilayah: str,
    *,
    desa: str | None = None,
    kecamatan: str | None = None,
    kabupaten: str | None = None,
    provinsi: str | None = None,
    kepala_desa: str = "",
    sekretaris_desa: str = "",
    operator: str = "",
) -> VillageInfo:
    """Build the identity from a code, names filled in from the region data; given names win.

    A code that is well formed but unknown (a new village) is accepted when every name is given.
    """
    kode = normalize_kode(kode_wilayah)
    if not KODE_DESA.match(kode):
        raise UserError("KODE_WILAYAH_FORMAT", code=kode_wilayah)
    names = names_for(work, kode)
    given = {"desa": desa, "kecamatan": kecamatan, "kabupaten": kabupaten, "provinsi": provinsi}
    if names is None and not all(given.values()):
        raise UserError("KODE_WILAYAH_UNKNOWN", code=kode)
    return VillageInfo(
        kode_wilayah=kode,
        desa=desa or (names.desa if names else ""),
        kecamatan=kecamatan or (names.kecamatan if names else ""),
        kabupaten=kabupaten or (names.kabupaten if names else ""),
        provinsi=provinsi or (names.provinsi if names else ""),
        kepala_desa=kepala_desa.strip(),
        sekretaris_desa=sekretaris_desa.strip(),
        operator=operator.strip(),
    )


def save_village(work: Work, info: VillageInfo) -> VillageInfo:
    """Create or update the identity; every changed field goes to the audit trail."""
    work.require(perm.SETTINGS)
    old = get_village(work)
    new_values = dataclasses.asdict(info)
    conn = work.conn
    if old is None:
        conn.execute(insert(village_t).values(id=1, **new_values))
        changes: dict[str, tuple[object, object]] = {k: (None, v) for k, v in new_values.items()}
        action = "create"
    else:
        changes = audit.diff(dataclasses.asdict(old), new_values)
        if not changes:
            return info
        conn.execute(
            update(village_t).where(village_t.c.id == 1).values(**new_values, updated_at=work.now)
        )
        action = "update"
    audit.note(
        work,
        action=action,
        entity="village",
        entity_id=1,
        entity_key=info.kode_wilayah,
        changes=changes,
    )
    work.touch(VILLAGE)
    return info


def set_identity(work: Work, kode_wilayah: str, **names: str) -> VillageInfo:
    """The identity dialog's one job: names filled in from the region data, then saved."""
    work.require(perm.SETTINGS)
    return save_village(work, resolve_identity(work, kode_wilayah, **names))
