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

_MEMBERS = ("shdk", "birth_date", "nik")  # a household's members: SHDK order, then by age
ORDERS: dict[str, tuple[str, ...]] = {
    "name": ("name_key", "nik"),
    "nik": ("nik",),
    "birth_date": ("birth_date", "nik"),
    # household by household within each RT
    "area": ("household_dusun", "household_rw", "household_rt", "household_no_kk", *_MEMBERS),
    "rw": ("household_rw", "household_rt", "household_no_kk", *_MEMBERS),
    "rt": ("household_rt", "household_rw", "household_no_kk", *_MEMBERS),
    "no_kk": ("household_no_kk", *_MEMBERS),
    # Kepesertaan's own: the household's desil (households in No. KK order), the date of the
    # current membership, the JKN segment; each then by name (services.membership.standing_copy
    # keeps the desil and the date on the resident)
    "desil": ("household_desil", "household_no_kk", *_MEMBERS),
    "as_of": ("jkn_as_of", "name_key", "nik"),
    "segment": ("jkn_segment", "name_key", "nik"),
}

# What the lists filter on, carried by the order indexes (see the module docstring). Penduduk:
# status dasar, sex, age, the area boxes, the NIK / No. KK prefix search. The orders Kepesertaan
# reads also carry its segment and status, and the SHDK: other sorts group the name order by those
# keys (resident_lists.grouped_ids).
REGISTRY_FILTERS = (
    "status_dasar",
    "sex",
    "birth_date",
    "household_dusun",
    "household_rw",
    "household_rt",
    "household_no_kk",
    "nik",
)
LIST_FILTERS = (*REGISTRY_FILTERS, "shdk", "jkn_segment", "jkn_status")
# Kepesertaan's own orders carry only what its filters read (no sex, age or SHDK there): each
# index that holds the segment and status is rewritten for every resident a month's list moves
JKN_FILTERS = (
    "status_dasar",
    "household_dusun",
    "household_rw",
    "household_rt",
    "household_no_kk",
    "nik",
    "jkn_segment",
    "jkn_status",
)
_CARRIES = {
    **dict.fromkeys(("name", "nik", "area"), LIST_FILTERS),
    **dict.fromkeys(("desil", "as_of", "segment"), JKN_FILTERS),
}


def index_columns(order: str) -> tuple[str, ...]:
    own = ORDERS[order]
    return own + tuple(c for c in _CARRIES.get(order, REGISTRY_FILTERS) if c not in own)


# Kepesertaan's filter by next step (``jkn_step``, a few thousand residents a step) picks its rows
# through its own index, in the area order; another sort sorts those few. The step stays out of
# the order indexes: a month's lists change it for thousands of residents, and each index that
# held it would be rewritten for each of them.
STEP_INDEX = Index(
    "ix_resident_step",
    "jkn_step",
    *ORDERS["area"],
    *[c for c in JKN_FILTERS if c not in ORDERS["area"]],
)
ORDER_INDEXES = (
    *(Index(f"ix_resident_order_{key}", *index_columns(key)) for key in ORDERS),
    STEP_INDEX,
)
