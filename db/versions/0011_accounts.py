"""Accounts: the people who use the program, their roles and login state

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-01

Issue #14. A file from before this release had one free-text operator name on the village's
identity. That name becomes the first account, an admin who keeps the secretary's work (so the
office is not stopped the morning after the upgrade) and must set a password at the next start;
the admin then gives others their own accounts. A file with no village yet (a new one) gets its
first admin from the first-run dialog or ``jkn-desktop user add``.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

from jkn_desktop.persistence.types import Timestamp

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "app_user",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("username", sa.String(), nullable=False),
        sa.Column("username_key", sa.String(), nullable=False),
        sa.Column("full_name", sa.String(), nullable=False),
        sa.Column("roles", sa.String(), nullable=False),
        sa.Column("password_hash", sa.String(), nullable=False),
        sa.Column("must_change_password", sa.Boolean(), nullable=False),
        sa.Column("disabled", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("last_failed_at", Timestamp(), nullable=True),
        sa.Column("last_login_at", Timestamp(), nullable=True),
        sa.Column("created_at", Timestamp(), nullable=False),
        sa.Column("updated_at", Timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_app_user")),
        sa.UniqueConstraint("username_key", name=op.f("uq_app_user_username_key")),
    )
    conn = op.get_bind()
    row = conn.execute(sa.text("SELECT operator FROM village ORDER BY id LIMIT 1")).first()
    if row is None:
        return  # a new file: the first run makes the first admin
    name = " ".join(str(row[0] or "").split()) or "admin"
    now = dt.datetime.now().astimezone().replace(microsecond=0)
    stamp = Timestamp()
    users = sa.table(
        "app_user",
        sa.column("username"),
        sa.column("username_key"),
        sa.column("full_name"),
        sa.column("roles"),
        sa.column("password_hash"),
        sa.column("must_change_password"),
        sa.column("disabled"),
        sa.column("failed_logins"),
        sa.column("created_at", stamp),
        sa.column("updated_at", stamp),
    )
    conn.execute(
        users.insert().values(
            username=name,
            username_key=name.casefold(),
            full_name=" ".join(str(row[0] or "").split()),
            roles="admin,sekretaris",
            password_hash="",
            must_change_password=True,
            disabled=False,
            failed_logins=0,
            created_at=now,
            updated_at=now,
        )
    )


def downgrade() -> None:
    op.drop_table("app_user")
