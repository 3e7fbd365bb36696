"""a package's bulk rows without foreign keys; the search's words keyed by package first

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02

Issue #17, five staff receiving at once (decision 51). PostgreSQL checks a foreign key once
per row written: a 5,000-resident package's households, residents and 15,000 name words were
some 36,000 checks of the same package row, most of the server's time for the package. Only
receiving writes these rows, in the transaction that adds their package, and no package is
ever deleted: the keys guarded nothing that receiving does not. So:

* ``kec_household`` and ``kec_resident``: the foreign key to ``kec_package`` is dropped (the
  package's smaller records keep theirs);
* ``kec_resident_word`` (0017) was keyed (word, package, resident) with foreign keys to the
  package and the resident: at a kabupaten of a million residents a package's words landed
  all over a key of four million. Keyed (package, word, resident), they go in at the key's end;
  a search reads each package's range of the word. Its foreign keys are dropped too.

On PostgreSQL the keys are changed in place (the tables keep their row-level security
policies); on SQLite the tables are copied into their new shape.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

_TABLE = "kec_resident_word"
_ROW_TABLES = ("kec_household", "kec_resident")
_OLD_FKS = (
    "fk_kec_resident_word_package_id_kec_package",
    "fk_kec_resident_word_resident_id_kec_resident",
)


def _rebuild_sqlite(key: list[str], foreign_keys: bool) -> None:
    op.rename_table(_TABLE, f"{_TABLE}_old")
    constraints: list[sa.Constraint] = [sa.PrimaryKeyConstraint(*key, name="pk_" + _TABLE)]
    if foreign_keys:
        constraints += [
            sa.ForeignKeyConstraint(
                ["package_id"], ["kec_package.id"], ondelete="RESTRICT", name=_OLD_FKS[0]
            ),
            sa.ForeignKeyConstraint(
                ["resident_id"], ["kec_resident.id"], ondelete="RESTRICT", name=_OLD_FKS[1]
            ),
        ]
    op.create_table(
        _TABLE,
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("word", sa.String(), nullable=False),
        sa.Column("resident_id", sa.Integer(), nullable=False),
        *constraints,
    )
    op.execute(
        f"INSERT INTO {_TABLE} (package_id, word, resident_id) "
        f"SELECT package_id, word, resident_id FROM {_TABLE}_old"
    )
    op.drop_table(f"{_TABLE}_old")


def _package_key(table: str) -> str:
    return f"fk_{table}_package_id_kec_package"


def upgrade() -> None:
    server = op.get_bind().dialect.name == "postgresql"
    # the words first: on SQLite their old key to kec_resident would stop its copying
    if server:
        for name in _OLD_FKS:
            op.drop_constraint(name, _TABLE, type_="foreignkey")
        op.drop_constraint("pk_" + _TABLE, _TABLE, type_="primary")
        op.create_primary_key("pk_" + _TABLE, _TABLE, ["package_id", "word", "resident_id"])
    else:
        _rebuild_sqlite(["package_id", "word", "resident_id"], foreign_keys=False)
    for table in _ROW_TABLES:
        if server:
            op.drop_constraint(_package_key(table), table, type_="foreignkey")
            continue
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(_package_key(table), type_="foreignkey")


def downgrade() -> None:
    server = op.get_bind().dialect.name == "postgresql"
    for table in _ROW_TABLES:
        if server:
            op.create_foreign_key(
                _package_key(table), table, "kec_package", ["package_id"], ["id"], ondelete="RESTRICT"
            )
            continue
        with op.batch_alter_table(table) as batch:
            batch.create_foreign_key(
                _package_key(table), "kec_package", ["package_id"], ["id"], ondelete="RESTRICT"
            )
    if server:
        op.drop_constraint("pk_" + _TABLE, _TABLE, type_="primary")
        op.create_primary_key("pk_" + _TABLE, _TABLE, ["word", "package_id", "resident_id"])
        op.create_foreign_key(
            _OLD_FKS[0], _TABLE, "kec_package", ["package_id"], ["id"], ondelete="RESTRICT"
        )
        op.create_foreign_key(
            _OLD_FKS[1], _TABLE, "kec_resident", ["resident_id"], ["id"], ondelete="RESTRICT"
        )
        return
    _rebuild_sqlite(["word", "package_id", "resident_id"], foreign_keys=True)
