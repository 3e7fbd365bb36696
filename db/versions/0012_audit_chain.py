"""The audit trail chained by hashes, its head, and no edit or delete of an entry

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-01

Issue #14 (UU 27/2022): an entry edited, removed or added outside the program must show. Each
entry gets the SHA-256 of the entry before it and of its own columns (``chain``), the trail's head
(``audit_seal``) names the last entry, and on SQLite two triggers refuse to change or delete an
entry (the program never does; the sqlite3 shell is told no). The entries made before this
release are chained here, in id order, with the formula of ``persistence.audit_chain`` written out
below: a migration does not follow later changes of the app (a test checks the two agree).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import sqlalchemy as sa
from alembic import op

from jkn_desktop.persistence.types import Timestamp

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

GENESIS = "0" * 64
COLUMNS = (
    "id",
    "at",
    "actor",
    "action",
    "entity",
    "entity_id",
    "entity_key",
    "field",
    "old_value",
    "new_value",
    "reason",
)
_CHUNK = 20_000

TRIGGERS = {
    "audit_log_no_delete": (
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN "
        "SELECT RAISE(ABORT, 'jejak audit tidak boleh dihapus'); END"
    ),
    "audit_log_no_update": (
        f"CREATE TRIGGER audit_log_no_update BEFORE UPDATE OF {', '.join(COLUMNS)} "
        "ON audit_log BEGIN SELECT RAISE(ABORT, 'jejak audit tidak boleh diubah'); END"
    ),
    # the chain is written once, when the job that added the entry commits
    "audit_log_chain_once": (
        "CREATE TRIGGER audit_log_chain_once BEFORE UPDATE OF chain ON audit_log "
        "WHEN OLD.chain IS NOT NULL BEGIN "
        "SELECT RAISE(ABORT, 'jejak audit tidak boleh diubah'); END"
    ),
}


# an entry as one text: the id, then each column quoted by SQLite's printf %Q, as UTF-8 bytes
TEXT = "CAST(printf('%d" + ",%Q" * (len(COLUMNS) - 1) + "', " + ", ".join(COLUMNS) + ") AS BLOB)"


def link(previous: str | None, text: bytes) -> str:
    """SHA-256 (hex) of the previous entry's chain (ASCII) followed by this entry's TEXT."""
    return hashlib.sha256((previous or "").encode("ascii") + text).hexdigest()


def quoted(row: Any) -> bytes:
    """TEXT written by Python, where SQLite's printf is not there."""

    def q(value: Any) -> str:
        return "NULL" if value is None else "'" + str(value).replace("'", "''") + "'"

    return ",".join([str(int(row[0])), *map(q, row[1:])]).encode("utf-8")


def _chain_all(conn: sa.Connection) -> tuple[int, str, int]:
    """Chain every entry in id order; returns the last id, its chain and how many there are."""
    previous, last, count = GENESIS, 0, 0
    sqlite = conn.dialect.name == "sqlite"
    what = f"id, {TEXT}" if sqlite else ", ".join(COLUMNS)
    select = sa.text(f"SELECT {what} FROM audit_log WHERE id > :after ORDER BY id LIMIT :n")
    write = sa.text("UPDATE audit_log SET chain = :chain WHERE id = :id")
    while True:
        rows = conn.execute(select, {"after": last, "n": _CHUNK}).all()
        if not rows:
            return last, previous, count
        params = []
        for row in rows:
            previous = link(previous, bytes(row[1]) if sqlite else quoted(row))
            params.append({"chain": previous, "id": row[0]})
        conn.execute(write, params)
        last, count = rows[-1][0], count + len(rows)


def upgrade() -> None:
    op.add_column("audit_log", sa.Column("chain", sa.String(), nullable=True))
    op.create_table(
        "audit_seal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("last_id", sa.Integer(), nullable=False),
        sa.Column("chain", sa.String(), nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("sealed_at", Timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_seal")),
    )
    conn = op.get_bind()
    last, chain, count = _chain_all(conn)
    seal = sa.table(
        "audit_seal",
        sa.column("last_id"),
        sa.column("chain"),
        sa.column("entries"),
        sa.column("sealed_at", Timestamp()),
    )
    now = dt.datetime.now().astimezone().replace(microsecond=0)
    conn.execute(seal.insert().values(last_id=last, chain=chain, entries=count, sealed_at=now))
    if conn.dialect.name == "sqlite":
        for body in TRIGGERS.values():
            op.execute(body)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("audit_seal")
    with op.batch_alter_table("audit_log") as batch:
        batch.drop_column("chain")
