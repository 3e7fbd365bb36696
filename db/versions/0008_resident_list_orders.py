"""the household's No. KK and area on its members; one covering index per list order

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01

Issue #13: sorting 100,000 residents by dusun/RW/RT joined every resident to its household and
sorted the result (about 280 ms). Each resident now carries a copy of its household's No. KK,
dusun, RW and RT (kept in step by the services in the same transaction), and each order the lists
offer has one covering index that ends in the NIK, with the filter columns after it, so SQLite
reads the rows in index order. The five older list indexes go: the new ones serve their queries.
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

# each order index: the order's columns, then the filter columns (written out: a migration
# does not follow later changes of the app)
_INDEXES = {
    "ix_resident_order_name": [
        "name_key",
        "nik",
        "status_dasar",
        "sex",
        "birth_date",
        "household_dusun",
        "household_rw",
        "household_rt",
        "household_no_kk",
        "shdk",
        "jkn_segment",
        "jkn_status",
    ],
    "ix_resident_order_nik": [
        "nik",
        "status_dasar",
        "sex",
        "birth_date",
        "household_dusun",
        "household_rw",
        "household_rt",
        "household_no_kk",
        "shdk",
        "jkn_segment",
        "jkn_status",
    ],
    "ix_resident_order_birth_date": [
        "birth_date",
        "nik",
        "status_dasar",
        "sex",
        "household_dusun",
        "household_rw",
        "household_rt",
        "household_no_kk",
    ],
    "ix_resident_order_area": [
        "household_dusun",
        "household_rw",
        "household_rt",
        "household_no_kk",
        "shdk",
        "birth_date",
        "nik",
        "status_dasar",
        "sex",
        "jkn_segment",
        "jkn_status",
    ],
    "ix_resident_order_rw": [
        "household_rw",
        "household_rt",
        "household_no_kk",
        "shdk",
        "birth_date",
        "nik",
        "status_dasar",
        "sex",
        "household_dusun",
    ],
    "ix_resident_order_rt": [
        "household_rt",
        "household_rw",
        "household_no_kk",
        "shdk",
        "birth_date",
        "nik",
        "status_dasar",
        "sex",
        "household_dusun",
    ],
    "ix_resident_order_no_kk": [
        "household_no_kk",
        "shdk",
        "birth_date",
        "nik",
        "status_dasar",
        "sex",
        "household_dusun",
        "household_rw",
        "household_rt",
    ],
}
_OLD = {
    "ix_resident_list_name": ["status_dasar", "name_key", "sex", "birth_date", "household_id"],
    "ix_resident_list_nik": ["status_dasar", "nik", "sex", "birth_date", "household_id"],
    "ix_resident_list_birth": ["status_dasar", "birth_date", "sex", "household_id"],
    "ix_resident_all_name": ["name_key", "sex", "birth_date", "household_id"],
    "ix_resident_birth_date": ["birth_date"],
}
_COPIED = {"household_no_kk": 16, "household_dusun": None, "household_rw": 3, "household_rt": 3}


def upgrade() -> None:
    # plain ADD COLUMN (a batch copy of resident would cost minutes at 100k residents)
    for name, length in _COPIED.items():
        op.add_column(
            "resident",
            sa.Column(
                name,
                sqlmodel.sql.sqltypes.AutoString(length=length),
                nullable=False,
                server_default="",
            ),
        )
    # fill before the indexes exist: one pass over the residents, then one sort per index
    op.execute(
        "UPDATE resident SET household_no_kk = h.no_kk, household_dusun = h.dusun, "
        "household_rw = h.rw, household_rt = h.rt "
        "FROM household AS h WHERE h.id = resident.household_id"
    )
    for name in _OLD:
        op.drop_index(name, table_name="resident")
    for name, columns in _INDEXES.items():
        op.create_index(name, "resident", columns)
    # the counts by status and by sex read the old status-led indexes; this one is narrow
    op.create_index("ix_resident_status", "resident", ["status_dasar", "sex"])
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA analysis_limit = 2000")
        op.execute("ANALYZE")  # the planner's statistics for the new indexes


def downgrade() -> None:
    op.drop_index("ix_resident_status", table_name="resident")
    for name in _INDEXES:
        op.drop_index(name, table_name="resident")
    for name, columns in _OLD.items():
        op.create_index(name, "resident", columns)
    for name in _COPIED:
        op.drop_column("resident", name)
