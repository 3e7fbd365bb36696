"""Which kind of file this is, the kecamatan's identity and the villages it expects."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.wilayah import village_kind
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import (
    kec_village_key_t,
    kec_village_t,
    kecamatan_t,
    region_t,
    village_t,
)
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.kecamatan import ExpectedVillage, KecamatanInfo
from jkn_desktop.services import audit

KODE_KECAMATAN = re.compile(r"^\d{2}\.\d{2}\.\d{2}$")
KODE_DESA = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")
K, V, KEY = kecamatan_t, kec_village_t, kec_village_key_t

DESA, KECAMATAN, KABUPATEN, NEW = "desa", "kecamatan", "kabupaten", "baru"


def database_kind(work: Work) -> str:
    """``"desa"``, ``"kecamatan"``, ``"kabupaten"`` or ``"baru"`` (no identity written yet). A
    kabupaten's consolidation is a kecamatan's schema whose identity has the code PP.KK."""
    conn = work.conn
    code = conn.execute(select(K.c.kode_wilayah)).scalar()
    if code is not None:
        return KABUPATEN if str(code).count(".") == 1 else KECAMATAN
    if conn.execute(select(village_t.c.id)).first() is not None:
        return DESA
    return NEW


def get_kecamatan(work: Work) -> KecamatanInfo | None:
    row = work.conn.execute(
        select(
            K.c.kode_wilayah, K.c.kecamatan, K.c.kabupaten, K.c.provinsi, K.c.camat, K.c.camat_nip
        )
    ).first()
    return KecamatanInfo(*row) if row else None


def require_kecamatan(work: Work) -> KecamatanInfo:
    """The consolidation's identity — a kecamatan's or a kabupaten's, whose services are the
    same over more villages (decision 49); a village file or a new one is refused with what to
    do."""
    info = get_kecamatan(work)
    if info is None:
        raise UserError("KEC_BUKAN_KECAMATAN")
    return info


def require_kecamatan_level(work: Work) -> KecamatanInfo:
    """A kecamatan's own identity, for its own documents (the Camat's recap, the letter to the
    villages, the quarterly report, the APBDes evaluation); refused on a kabupaten's database."""
    info = require_kecamatan(work)
    if info.is_kabupaten:
        raise UserError("KEC_DOKUMEN_KABUPATEN")
    return info


def normalize_code(text: str) -> str:
    """``330101`` or ``33.01.01`` → ``33.01.01``; other text as given (then refused)."""
    digits = re.sub(r"\D", "", text or "")
    if len(digits) == 6:
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:]}"
    if len(digits) == 10:
        return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:]}"
    return (text or "").strip()


def init_kecamatan(
    work: Work,
    kode_wilayah: str,
    *,
    kecamatan: str | None = None,
    kabupaten: str | None = None,
    provinsi: str | None = None,
    camat: str = "",
    camat_nip: str = "",
) -> KecamatanInfo:
    """Make this (new) file the consolidation database of a kecamatan: its identity and the
    villages of the Kemendagri region data under it. A file that is already a village's is
    refused; running it again on a kecamatan file updates the names and adds no village twice."""
    work.require(perm.SETTINGS)
    kode = normalize_code(kode_wilayah)
    if not KODE_KECAMATAN.match(kode):
        raise UserError("KEC_KODE", kode=kode_wilayah)
    kind = database_kind(work)
    if kind == DESA:
        raise UserError("KEC_SUDAH_ADA", what="desa")
    existing = get_kecamatan(work)
    if existing is not None and existing.kode_wilayah != kode:
        raise UserError("KEC_SUDAH_ADA", what=existing.label)
    conn = work.conn
    parts = kode.split(".")
    codes = [".".join(parts[: i + 1]) for i in range(3)]
    found_rows = conn.execute(
        select(region_t.c.code, region_t.c.name).where(region_t.c.code.in_(codes))
    )
    names: dict[str, str] = {str(c): str(n) for c, n in found_rows}
    given = [kecamatan, kabupaten, provinsi]
    found = [names.get(codes[2]), names.get(codes[1]), names.get(codes[0])]
    final = [g.strip() if g and g.strip() else f for g, f in zip(given, found, strict=True)]
    if not all(final):
        raise UserError("KEC_TIDAK_DIKENAL", kode=kode)
    values = {
        "kode_wilayah": kode,
        "kecamatan": final[0],
        "kabupaten": final[1],
        "provinsi": final[2],
        "camat": camat.strip(),
        "camat_nip": camat_nip.strip(),
        "updated_at": work.now,
    }
    if existing is None:
        conn.execute(K.insert().values(id=1, created_at=work.now, **values))
    else:
        conn.execute(K.update().where(K.c.id == 1).values(**values))
    audit.note(
        work,
        action="create" if existing is None else "update",
        entity="kecamatan",
        entity_id=1,
        entity_key=kode,
        changes={"kecamatan": (existing.kecamatan if existing else None, final[0])},
    )
    have = set(conn.execute(select(V.c.kode_wilayah)).scalars())
    for code, name in conn.execute(
        select(region_t.c.code, region_t.c.name)
        .where(region_t.c.parent_code == kode, region_t.c.level == 4)
        .order_by(region_t.c.code)
    ):
        if code not in have:
            conn.execute(
                V.insert().values(
                    kode_wilayah=code,
                    name=name,
                    kind=village_kind(code),
                    expected=True,
                    notes="",
                    created_at=work.now,
                    updated_at=work.now,
                )
            )
    return require_kecamatan(work)


def set_camat(work: Work, camat: str, camat_nip: str) -> KecamatanInfo:
    """The Camat's name and NIP, printed under the recap's signature."""
    work.require(perm.SETTINGS)
    before = require_kecamatan(work)
    work.conn.execute(
        K.update()
        .where(K.c.id == 1)
        .values(camat=camat.strip(), camat_nip=camat_nip.strip(), updated_at=work.now)
    )
    audit.note(
        work,
        action="update",
        entity="kecamatan",
        entity_id=1,
        entity_key=before.kode_wilayah,
        changes={
            "camat": (before.camat, camat.strip()),
            "camat_nip": (before.camat_nip, camat_nip.strip()),
        },
    )
    return require_kecamatan(work)


def villages(work: Work, *, expected_only: bool = False) -> list[ExpectedVillage]:
    """The kecamatan's villages by code, with the fingerprint of the key in force."""
    key = (
        select(KEY.c.kode_wilayah, func.max(KEY.c.fingerprint).label("fp"))
        .where(KEY.c.retired_at.is_(None))
        .group_by(KEY.c.kode_wilayah)
        .subquery()
    )
    stmt = (
        select(V.c.kode_wilayah, V.c.name, V.c.kind, V.c.expected, V.c.notes, key.c.fp)
        .select_from(V.outerjoin(key, key.c.kode_wilayah == V.c.kode_wilayah))
        .order_by(V.c.kode_wilayah)
    )
    if expected_only:
        stmt = stmt.where(V.c.expected.is_(True))
    return [
        ExpectedVillage(k, n, kind, bool(e), notes or "", fp or "")
        for k, n, kind, e, notes, fp in work.conn.execute(stmt)
    ]


def save_village(
    work: Work,
    kode_wilayah: str,
    name: str,
    *,
    kind: str | None = None,
    expected: bool = True,
    notes: str = "",
) -> ExpectedVillage:
    """Add a village to the list, or change its name, kind or whether a package is expected."""
    work.require(perm.SETTINGS)
    info = require_kecamatan(work)
    kode = normalize_code(kode_wilayah)
    if not KODE_DESA.match(kode) or not kode.startswith(info.kode_wilayah + "."):
        raise UserError("KEC_DESA_KODE", kode=kode_wilayah, prefix=info.kode_wilayah)
    if not name.strip():
        raise UserError("KEC_DESA_NAMA")
    kind = kind or village_kind(kode)
    conn = work.conn
    before = conn.execute(
        select(V.c.name, V.c.kind, V.c.expected, V.c.notes).where(V.c.kode_wilayah == kode)
    ).first()
    values = {"name": name.strip(), "kind": kind, "expected": expected, "notes": notes.strip()}
    if before is None:
        conn.execute(
            V.insert().values(kode_wilayah=kode, created_at=work.now, updated_at=work.now, **values)
        )
    else:
        conn.execute(
            V.update().where(V.c.kode_wilayah == kode).values(updated_at=work.now, **values)
        )
    old = dict(zip(("name", "kind", "expected", "notes"), before or (None,) * 4, strict=True))
    audit.note(
        work,
        action="create" if before is None else "update",
        entity="kec_village",
        entity_id=None,
        entity_key=kode,
        changes={k: (old[k], v) for k, v in values.items() if old[k] != v},
    )
    return next(v for v in villages(work) if v.kode_wilayah == kode)
