"""the kabupaten level: a package's file kept as it arrived

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02

Issue #17, item 2 (decision 49). A kabupaten's consolidation database is a kecamatan's schema
whose identity row carries the code PP.KK: no new table for it. What is new is
``kec_package_file``: the bytes of each package as it arrived, so a kecamatan can forward the
month's packages to the kabupaten with the villages' signatures intact.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kec_package_file",
        sa.Column("package_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["kec_package.id"],
            name=op.f("fk_kec_package_file_package_id_kec_package"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("package_id", name=op.f("pk_kec_package_file")),
    )


def downgrade() -> None:
    op.drop_table("kec_package_file")
