"""The kabupaten's identity and its kecamatan: the consolidation's identity row with the code
PP.KK (decision 49), the villages expected being every village of the kabupaten in the
Kemendagri region data."""

from __future__ import annotations

import re

from sqlalchemy import select

from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.wilayah import village_kind
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import kec_village_t, kecamatan_t, region_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan import ExpectedVillage, KecamatanInfo
from jkn_desktop.services import audit
from jkn_desktop.services.kecamatan.identity import DESA, database_kind, get_kecamatan, villages

KODE_KABUPATEN = re.compile(r"^\d{2}\.\d{2}$")
K, V = kecamatan_t, kec_village_t


def normalize_kabupaten(text: str) -> str:
    """``3313`` or ``33.13`` → ``33.13``; other text as given (then refused)."""
    digits = re.sub(r"\D", "", text or "")
    return f"{digits[:2]}.{digits[2:]}" if len(digits) == 4 else (text or "").strip()


def require_kabupaten(work: Work) -> KecamatanInfo:
    """The kabupaten's identity; a kecamatan's or a village's file is refused with what to do."""
    info = get_kecamatan(work)
    if info is None or not info.is_kabupaten:
        raise UserError("KAB_BUKAN_KABUPATEN")
    return info


def init_kabupaten(
    work: Work,
    kode_wilayah: str,
    *,
    kabupaten: str | None = None,
    provinsi: str | None = None,
    kepala: str = "",
    kepala_nip: str = "",
) -> KecamatanInfo:
    """Make this (new) database the consolidation database of a kabupaten: its identity and
    every village of the Kemendagri region data under it. A village's or a kecamatan's database
    is refused; running it again updates the names and adds no village twice. ``kepala`` and
    ``kepala_nip``: who signs the kabupaten's worksheets (the Kepala Dinas Sosial)."""
    work.require(perm.SETTINGS)
    kode = normalize_kabupaten(kode_wilayah)
    if not KODE_KABUPATEN.match(kode):
        raise UserError("KAB_KODE", kode=kode_wilayah)
    if database_kind(work) == DESA:
        raise UserError("KAB_SUDAH_ADA", what="desa")
    existing = get_kecamatan(work)
    if existing is not None and existing.kode_wilayah != kode:
        raise UserError("KAB_SUDAH_ADA", what=existing.label)
    conn = work.conn
    prov_code = kode[:2]
    names = {
        str(c): str(n)
        for c, n in conn.execute(
            select(region_t.c.code, region_t.c.name).where(region_t.c.code.in_([kode, prov_code]))
        )
    }
    final = [
        (given or "").strip() or names.get(code, "")
        for given, code in ((kabupaten, kode), (provinsi, prov_code))
    ]
    if not all(final):
        raise UserError("KAB_TIDAK_DIKENAL", kode=kode)
    values = {
        "kode_wilayah": kode,
        "kecamatan": "",
        "kabupaten": final[0],
        "provinsi": final[1],
        "camat": kepala.strip(),
        "camat_nip": kepala_nip.strip(),
        "updated_at": work.now,
    }
    if existing is None:
        conn.execute(K.insert().values(id=1, created_at=work.now, **values))
    else:
        conn.execute(K.update().where(K.c.id == 1).values(**values))
    audit.note(
        work,
        action="create" if existing is None else "update",
        entity="kabupaten",
        entity_id=1,
        entity_key=kode,
        changes={"kabupaten": (existing.kabupaten if existing else None, final[0])},
    )
    have = set(conn.execute(select(V.c.kode_wilayah)).scalars())
    new_rows = [
        {
            "kode_wilayah": code,
            "name": name,
            "kind": village_kind(code),
            "expected": True,
            "notes": "",
            "created_at": work.now,
            "updated_at": work.now,
        }
        for code, name in conn.execute(
            select(region_t.c.code, region_t.c.name)
            .where(region_t.c.code.like(f"{kode}.%"), region_t.c.level == 4)
            .order_by(region_t.c.code)
        )
        if code not in have
    ]
    if new_rows:
        conn.execute(V.insert(), new_rows)
    return require_kabupaten(work)


def kecamatan_of(kode_desa: str) -> str:
    """``33.13.05.2001`` → ``33.13.05``."""
    return kode_desa.rsplit(".", 1)[0]


def kecamatan_names(work: Work) -> dict[str, str]:
    """Every kecamatan of the kabupaten (from the region data, and any other a village on the
    list belongs to, named by its code), code → name, in code order."""
    info = require_kabupaten(work)
    names = {
        str(c): str(n)
        for c, n in work.conn.execute(
            select(region_t.c.code, region_t.c.name).where(
                region_t.c.code.like(f"{info.kode_wilayah}.%"), region_t.c.level == 3
            )
        )
    }
    for v in villages(work):
        names.setdefault(kecamatan_of(v.kode_wilayah), kecamatan_of(v.kode_wilayah))
    return dict(sorted(names.items()))


def villages_by_kecamatan(work: Work) -> dict[str, list[ExpectedVillage]]:
    """The villages on the list, grouped by kecamatan code (every kecamatan, in code order)."""
    groups: dict[str, list[ExpectedVillage]] = {k: [] for k in kecamatan_names(work)}
    for v in villages(work):
        groups.setdefault(kecamatan_of(v.kode_wilayah), []).append(v)
    return groups
