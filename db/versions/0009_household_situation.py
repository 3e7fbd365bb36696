"""a per-household summary for the coverage figures, kept in step by triggers

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-01

Issue #13: coverage() grouped 100,000 residents by household on every Beranda view (about 320 ms).
``household_situation`` holds, per household with members, its dusun, RW, desil, its members'
situations as the coverage rules read them and what the rules make of them (living, registered,
active, the flag); ``situation_count`` the residents per situation and desil
(persistence.household_situation). Triggers mark the households a write touches in
``household_situation_dirty``; the app summarises them again before each write job commits.

Filling the tables runs the rules (domain.jkn, in Python), which a migration must not import (it
does not follow later changes of the app): every household is marked here instead, and
``household_situation_state`` is left without an encoding, so the app builds the tables when it
opens the file, in the same start (services.database.open_database), and coverage counts from the
residents until then.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_WATCHED = (
    "household_id",
    "status_dasar",
    "occupation",
    "jkn_segment",
    "jkn_status",
    "jkn_other",
    "moved_out",
    "chronic_illness",
    "pregnant",
)


def _mark(value: str) -> str:
    return (
        "INSERT OR IGNORE INTO household_situation_dirty (household_id) "
        f"VALUES (coalesce({value}, 0));"
    )


def _changed(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in columns)


TRIGGERS = {
    "household_situation_ri": f"AFTER INSERT ON resident BEGIN {_mark('NEW.household_id')} END",
    "household_situation_rd": f"AFTER DELETE ON resident BEGIN {_mark('OLD.household_id')} END",
    "household_situation_ru": (
        f"AFTER UPDATE OF {', '.join(_WATCHED)} ON resident WHEN {_changed(_WATCHED)} "
        f"BEGIN {_mark('OLD.household_id')} {_mark('NEW.household_id')} END"
    ),
    "household_situation_hu": (
        "AFTER UPDATE OF id, dusun, rw, desil ON household "
        f"WHEN {_changed(('id', 'dusun', 'rw', 'desil'))} "
        f"BEGIN {_mark('OLD.id')} {_mark('NEW.id')} END"
    ),
    "household_situation_hd": f"AFTER DELETE ON household BEGIN {_mark('OLD.id')} END",
}


def upgrade() -> None:
    op.create_table(
        "household_situation",
        sa.Column("household_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("dusun", sa.String(), nullable=False),
        sa.Column("rw", sa.String(), nullable=False),
        sa.Column("desil", sa.Integer(), nullable=True),
        sa.Column("listed", sa.String(), nullable=False),
        sa.Column("living", sa.Integer(), nullable=False),
        sa.Column("registered", sa.Integer(), nullable=False),
        sa.Column("active", sa.Integer(), nullable=False),
        sa.Column("flag", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("household_id", name=op.f("pk_household_situation")),
    )
    op.create_index(
        "ix_household_situation_area",
        "household_situation",
        ["dusun", "rw", "living", "registered", "active", "flag"],
    )
    op.create_table(
        "situation_count",
        sa.Column("situation", sa.String(), nullable=False),
        sa.Column("desil", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("n", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("situation", "desil", name=op.f("pk_situation_count")),
    )
    op.create_table(
        "household_situation_dirty",
        sa.Column("household_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("household_id", name=op.f("pk_household_situation_dirty")),
    )
    op.create_table(
        "household_situation_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("encoding", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_household_situation_state")),
    )
    if op.get_bind().dialect.name != "sqlite":
        return  # the triggers are SQLite's; elsewhere coverage counts from the residents
    # every household (and the residents without one) waits for the app's first write job
    op.execute(
        "INSERT INTO household_situation_dirty (household_id) "
        "SELECT id FROM household UNION SELECT 0"
    )
    for name, body in TRIGGERS.items():
        op.execute(f"CREATE TRIGGER {name} {body}")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":  # a server's triggers are 0014's
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("household_situation_state")
    op.drop_table("household_situation_dirty")
    op.drop_table("situation_count")
    op.drop_index("ix_household_situation_area", table_name="household_situation")
    op.drop_table("household_situation")
