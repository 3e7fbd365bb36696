"""The orders the resident lists (Penduduk, Kepesertaan) are read in, and the covering index that
serves each one, so SQLite reads 100,000 residents in index order instead of sorting them.

Each order ends in a unique column (the NIK), so it is total and the index alone satisfies it. The
filter columns follow the order's own columns in every index: a status, sex, age or area filter is
checked inside the index without a visit to the table. They must come after the order's columns,
not between them: SQLite treats a column fixed by ``col = ?`` as settled only when the index uses
it as a leading constraint, so a filter column in the middle would make it sort the rest.

The household's No. KK, dusun, RW and RT are copied onto its members (``household_*`` columns,
kept in step by services.registry.household_copy) so these orders need no join. The queries
that read them are in resident_lists.
"""

from __future__ import annotations

from sqlalchemy import Index

ORDERS: dict[str, tuple[str, ...]] = {
    "name": ("name_key", "nik"),
    "nik": ("nik",),
    "birth_date": ("birth_date", "nik"),
    # household by household within each RT; members in SHDK order, then by age
    "area": (
        "household_dusun",
        "household_rw",
        "household_rt",
        "household_no_kk",
        "shdk",
        "birth_date",
        "nik",
    ),
}

# What the lists filter on, carried by every order index (see the module docstring): status dasar,
# sex, age, the area boxes, the NIK / No. KK prefix search, and Kepesertaan's segment and status;
# with the SHDK, the keys other sorts group an order by (resident_lists.grouped_ids).
FILTER_COLUMNS = (
    "status_dasar",
    "sex",
    "shdk",
    "birth_date",
    "household_dusun",
    "household_rw",
    "household_rt",
    "household_no_kk",
    "nik",
    "jkn_segment",
    "jkn_status",
)


def index_columns(order: str) -> tuple[str, ...]:
    own = ORDERS[order]
    return own + tuple(c for c in FILTER_COLUMNS if c not in own)


ORDER_INDEXES = tuple(Index(f"ix_resident_order_{key}", *index_columns(key)) for key in ORDERS)
