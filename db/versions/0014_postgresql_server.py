"""what SQLite does with triggers and FTS5, done on a PostgreSQL server too

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02

Issue #17: the same schema on a PostgreSQL server. Migrations 0001, 0009 and 0012 left their
SQLite-only parts out there; this revision adds PostgreSQL's own, and changes nothing on SQLite:

* the name search: ``pg_trgm``'s trigram GIN index on ``resident.name_key``, which answers the
  search's ``LIKE '%…%'`` as FTS5's trigram index does on SQLite (persistence.search);
* the households a write touches marked in ``household_situation_dirty`` (migration 0009's
  triggers), here by statement-level triggers that read the statement's rows from its
  transition tables: one ``INSERT … SELECT`` per statement, not one per row;
* the audit trail's entries neither edited nor deleted, and their chain written once (0012).

On a server the households are all marked once here, so the app builds the summaries again at
its first write job.
"""

from __future__ import annotations

from alembic import op

revision = "0014"
down_revision = "0013"
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
_HOUSEHOLD_WATCHED = ("id", "dusun", "rw", "desil")

_MARK = (
    "INSERT INTO household_situation_dirty (household_id) {rows} ON CONFLICT DO NOTHING"
)


def _differs(columns: tuple[str, ...]) -> str:
    return " OR ".join(f"o.{c} IS DISTINCT FROM n.{c}" for c in columns)


# function name -> its body (plpgsql), returning NULL (AFTER … FOR EACH STATEMENT)
_FUNCTIONS = {
    "jkn_situation_resident_added": _MARK.format(
        rows="SELECT DISTINCT coalesce(household_id, 0) FROM new_rows"
    ),
    "jkn_situation_resident_removed": _MARK.format(
        rows="SELECT DISTINCT coalesce(household_id, 0) FROM old_rows"
    ),
    "jkn_situation_resident_changed": _MARK.format(
        rows="SELECT coalesce(o.household_id, 0) FROM old_rows o JOIN new_rows n ON n.id = o.id "
        f"WHERE {_differs(_WATCHED)} "
        "UNION SELECT coalesce(n.household_id, 0) FROM old_rows o JOIN new_rows n ON n.id = o.id "
        f"WHERE {_differs(_WATCHED)}"
    ),
    "jkn_situation_household_changed": _MARK.format(
        rows="SELECT o.id FROM old_rows o JOIN new_rows n ON n.id = o.id "
        f"WHERE {_differs(_HOUSEHOLD_WATCHED)} "
        "UNION SELECT n.id FROM old_rows o JOIN new_rows n ON n.id = o.id "
        f"WHERE {_differs(_HOUSEHOLD_WATCHED)}"
    ),
    "jkn_situation_household_removed": _MARK.format(rows="SELECT id FROM old_rows"),
}
# trigger name -> (table, event, transition tables, function)
_TRIGGERS = {
    "household_situation_ri": ("resident", "INSERT", "NEW TABLE AS new_rows", "resident_added"),
    "household_situation_rd": ("resident", "DELETE", "OLD TABLE AS old_rows", "resident_removed"),
    "household_situation_ru": (
        "resident",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "resident_changed",
    ),
    "household_situation_hu": (
        "household",
        "UPDATE",
        "OLD TABLE AS old_rows NEW TABLE AS new_rows",
        "household_changed",
    ),
    "household_situation_hd": ("household", "DELETE", "OLD TABLE AS old_rows", "household_removed"),
}
_AUDIT_COLUMNS = (
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
_AUDIT_GUARD = f"""
BEGIN
    IF TG_OP = 'DELETE' THEN
        RAISE EXCEPTION 'jejak audit tidak boleh dihapus' USING ERRCODE = 'P0001';
    END IF;
    IF ({" OR ".join(f"OLD.{c} IS DISTINCT FROM NEW.{c}" for c in _AUDIT_COLUMNS)})
       OR (OLD.chain IS NOT NULL AND OLD.chain IS DISTINCT FROM NEW.chain) THEN
        RAISE EXCEPTION 'jejak audit tidak boleh diubah' USING ERRCODE = 'P0001';
    END IF;
    RETURN NEW;
END
"""


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    op.execute(
        "CREATE INDEX ix_resident_name_trgm ON resident USING gin (name_key gin_trgm_ops)"
    )
    for name, body in _FUNCTIONS.items():
        op.execute(
            f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS "
            f"$$ BEGIN {body}; RETURN NULL; END $$"
        )
    for trigger, (table, event, tables, function) in _TRIGGERS.items():
        op.execute(
            f"CREATE TRIGGER {trigger} AFTER {event} ON {table} REFERENCING {tables} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION jkn_situation_{function}()"
        )
    op.execute(
        "INSERT INTO household_situation_dirty (household_id) "
        "SELECT id FROM household UNION SELECT 0 ON CONFLICT DO NOTHING"
    )
    op.execute(
        f"CREATE FUNCTION jkn_audit_guard() RETURNS trigger LANGUAGE plpgsql AS $${_AUDIT_GUARD}$$"
    )
    op.execute(
        "CREATE TRIGGER audit_log_guard BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION jkn_audit_guard()"
    )


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute("DROP TRIGGER IF EXISTS audit_log_guard ON audit_log")
    op.execute("DROP FUNCTION IF EXISTS jkn_audit_guard()")
    for trigger, (table, *_rest) in _TRIGGERS.items():
        op.execute(f"DROP TRIGGER IF EXISTS {trigger} ON {table}")
    for name in _FUNCTIONS:
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    op.execute("DROP INDEX IF EXISTS ix_resident_name_trgm")
