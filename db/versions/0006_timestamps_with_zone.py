"""timestamps keep their zone

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01

Issue #12: a moment is stored with its zone, so that a kecamatan or a kabupaten server that
gathers villages in WIB, WITA and WIT can still order them. On SQLite the text gains its offset
(``2026-11-20 10:00:00`` → ``2026-11-20 10:00:00+07:00``), the computer's own zone being the one
it was written in; on PostgreSQL the columns become ``timestamptz``.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

COLUMNS = {
    "apbdes_beneficiary": ("created_at",),
    "apbdes_line": ("created_at", "updated_at"),
    "apbdes_payment": ("created_at",),
    "audit_log": ("at",),
    "household": ("created_at", "updated_at"),
    "household_desil": ("created_at",),
    "membership": ("created_at",),
    "musdes": ("created_at",),
    "pbi_list": ("imported_at",),
    "premium_rate": ("created_at", "updated_at"),
    "resident": ("created_at", "updated_at"),
    "usulan": ("created_at", "updated_at"),
    "usulan_dismissal": ("created_at",),
    "village": ("created_at", "updated_at"),
}


def _local_offset() -> str:
    """``+07:00`` for WIB: the zone of the computer that wrote the old values."""
    raw = dt.datetime.now().astimezone().strftime("%z")
    return f"{raw[:3]}:{raw[3:5]}"


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        for table, columns in COLUMNS.items():
            for column in columns:
                op.alter_column(
                    table,
                    column,
                    type_=sa.DateTime(timezone=True),
                    postgresql_using=f"{column} AT TIME ZONE current_setting('TimeZone')",
                )
        return
    offset = _local_offset()
    for table, columns in COLUMNS.items():
        for column in columns:
            conn.execute(
                sa.text(
                    f"UPDATE {table} SET {column} = substr({column}, 1, 19) || :offset "
                    f"WHERE {column} IS NOT NULL AND length({column}) >= 19 "
                    f"AND substr({column}, 20, 1) NOT IN ('+', '-')"
                ),
                {"offset": offset},
            )


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name == "postgresql":
        for table, columns in COLUMNS.items():
            for column in columns:
                op.alter_column(table, column, type_=sa.DateTime(timezone=False))
        return
    for table, columns in COLUMNS.items():
        for column in columns:
            conn.execute(sa.text(f"UPDATE {table} SET {column} = substr({column}, 1, 19)"))
