"""A household's No. KK, dusun, RW and RT, copied onto its members (``resident.household_*``), so
the resident lists sort and filter by area without a join (persistence.resident_order).

The copy is kept in the same transaction by every write that changes it: a household's number or
area (households.update_household, the resident import), a resident's household (residents.create
and update_resident, households.move/split, the import) and the demo. A resident without a
household has empty copies. ``stale`` lists the residents whose copy differs from the household,
for the tests."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import Connection, or_, select, update

from jkn_desktop.persistence.bulk import chunks
from jkn_desktop.persistence.tables import household_t, resident_t

H = household_t
R = resident_t

# resident column -> the household's column it copies
COPIED = {
    "household_no_kk": "no_kk",
    "household_dusun": "dusun",
    "household_rw": "rw",
    "household_rt": "rt",
}
NO_HOUSEHOLD: dict[str, str] = dict.fromkeys(COPIED, "")


def copy_of(household: Mapping[str, Any] | None) -> dict[str, str]:
    """The copied columns for a member of this household (a row or dict with no_kk, dusun, rw,
    rt; None: no household)."""
    if household is None:
        return dict(NO_HOUSEHOLD)
    return {col: str(household[src] or "") for col, src in COPIED.items()}


def copy_for(conn: Connection, household_id: int | None) -> dict[str, str]:
    """The copied columns for a member of the household with this id."""
    if household_id is None:
        return dict(NO_HOUSEHOLD)
    row = conn.execute(
        select(*[H.c[src] for src in COPIED.values()]).where(H.c.id == household_id)
    ).first()
    return copy_of(row._asdict() if row is not None else None)


def _differs() -> Any:
    return or_(*[R.c[col] != H.c[src] for col, src in COPIED.items()])


def refresh_households(conn: Connection, household_ids: Iterable[int]) -> None:
    """Copy these households' number and area onto their members again, after the households
    changed. Only members whose copy differs are written."""
    for part in chunks(sorted(set(household_ids))):
        conn.execute(
            update(R)
            .where(R.c.household_id == H.c.id, H.c.id.in_(part), _differs())
            .values({col: H.c[src] for col, src in COPIED.items()})
        )


def stale(conn: Connection) -> list[int]:
    """Residents whose copy is not their household's (or not empty without one)."""
    with_household = select(R.c.id).where(R.c.household_id == H.c.id, _differs())
    without = select(R.c.id).where(
        R.c.household_id.is_(None), or_(*[R.c[col] != "" for col in COPIED])
    )
    return sorted(conn.execute(with_household.union_all(without)).scalars())
