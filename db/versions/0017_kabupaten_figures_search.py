"""the package figures and the person search at the kecamatan and the kabupaten

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02

Issue #17, a kabupaten of a million residents (decision 50):

* ``kec_package_figure``: what the dashboard counts from a package's rows (living, registered,
  active, households, the need for APBDes premiums, the PBI list and its overlap with the month
  before), counted once when the package is taken in (``services.kecamatan.receive``). Packages
  received before this revision have none and are counted from their rows when read, as before.
* ``kec_resident_word``: each word of each resident's name, for the person search
  (``services.kecamatan.people``), filled here for the packages already held. A range on the
  word finds the names with a word starting so; on PostgreSQL a ``LIKE`` on the name could not
  use an index under row-level security (its operator is not leakproof), a range on a text can.

On PostgreSQL both tables are kept to the job's area like a package's other tables (0016).
"""

from __future__ import annotations

import re
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None

_AREA = (
    "coalesce(current_setting('jkn.area', true), '') = '*' "
    "OR package_id IN (SELECT id FROM kec_package)"
)
_WORD = re.compile(r"[A-Z0-9]+")
_CHUNK = 20_000


def _words(name: str) -> list[str]:
    """As ``domain.names.search_words`` did when this revision was written."""
    plain = unicodedata.normalize("NFKD", name or "").encode("ascii", "ignore").decode().upper()
    return list(dict.fromkeys(_WORD.findall(plain)))


def upgrade() -> None:
    op.create_table(
        "kec_package_figure",
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("living", sa.Integer(), nullable=False),
        sa.Column("registered", sa.Integer(), nullable=False),
        sa.Column("active", sa.Integer(), nullable=False),
        sa.Column("verdicts", sa.Boolean(), nullable=False),
        sa.Column("households", sa.Integer(), nullable=False),
        sa.Column("fully_uninsured", sa.Integer(), nullable=False),
        sa.Column("partly_uninsured", sa.Integer(), nullable=False),
        sa.Column("need", sa.Integer(), nullable=False),
        sa.Column("pbi", sa.Integer(), nullable=False),
        sa.Column("pbi_before_id", sa.Integer(), nullable=True),
        sa.Column("pbi_both", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["package_id"], ["kec_package.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("package_id"),
    )
    words = op.create_table(
        "kec_resident_word",
        sa.Column("word", sa.String(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["package_id"], ["kec_package.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["resident_id"], ["kec_resident.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("word", "package_id", "resident_id"),
    )
    bind = op.get_bind()
    server = bind.dialect.name == "postgresql"
    if server:
        for table in ("kec_package_figure", "kec_resident_word"):
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY {table}_area ON {table} USING ({_AREA}) WITH CHECK ({_AREA})"
            )
        # the residents already held, whichever area: this transaction sees them all
        op.execute("SELECT set_config('jkn.area', '*', true)")
    last = 0
    while True:
        rows = bind.execute(
            sa.text(
                "SELECT id, package_id, name FROM kec_resident WHERE id > :last "
                "ORDER BY id LIMIT :chunk"
            ),
            {"last": last, "chunk": _CHUNK},
        ).all()
        if not rows:
            break
        found = [
            {"word": w, "package_id": pid, "resident_id": rid}
            for rid, pid, name in rows
            for w in _words(name)
        ]
        if found:
            bind.execute(words.insert(), found)
        last = rows[-1][0]


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in ("kec_package_figure", "kec_resident_word"):
            op.execute(f"DROP POLICY IF EXISTS {table}_area ON {table}")
    op.drop_table("kec_resident_word")
    op.drop_table("kec_package_figure")
