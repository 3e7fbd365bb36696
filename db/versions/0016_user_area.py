"""each account carries an area; on a server the consolidation's rows are kept to it

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02

Issue #17, decision 48. ``app_user.area``: the Kemendagri code of the area an account works in —
a village (PP.KK.SS.DDDD), a kecamatan (PP.KK.SS), a kabupaten (PP.KK) — or empty: the whole
database. On SQLite that is all (one file is one office's).

On PostgreSQL every job sets ``jkn.area`` for its transaction (``persistence.server.begin_job``):
the job's area code, or ``*`` for the whole database. Row-level security, forced on the table
owner too, keeps each consolidation table holding a village's rows to the villages of that area;
a transaction that set no area sees none of them. The village's own rows (residents, households,
proposals, APBDes lines and beneficiaries, office figures as the package brought them) are never
updated nor deleted: the kecamatan and the kabupaten write their verdicts, returns and notes in
their own tables and columns.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

# tables whose rows belong to one village, by its code column
_BY_CODE = {"kec_village": "kode_wilayah", "kec_village_key": "kode_wilayah", "kec_package": "kode_wilayah"}
# tables whose rows belong to one package (and so to its village)
_BY_PACKAGE = (
    "kec_package_file",
    "kec_household",
    "kec_resident",
    "kec_proposal",
    "kec_apbdes_line",
    "kec_apbdes_beneficiary",
    "kec_office_figure",
)
# a verdict on two people of two villages: seen from the area of either
_VERDICT = "kec_duplicate_verdict"

_IN_AREA = """
SELECT CASE coalesce(current_setting('jkn.area', true), '')
    WHEN '' THEN false
    WHEN '*' THEN true
    ELSE kode = current_setting('jkn.area', true)
         OR left(kode, length(current_setting('jkn.area', true)) + 1)
            = current_setting('jkn.area', true) || '.'
END
"""
_WHOLE = "coalesce(current_setting('jkn.area', true), '') = '*'"
_VILLAGE_ROWS_FIXED = """
BEGIN
    RAISE EXCEPTION 'baris % milik desa dan tidak boleh diubah atau dihapus', TG_TABLE_NAME
        USING ERRCODE = 'P0001';
END
"""


def _policies() -> dict[str, tuple[str, str]]:
    """table -> (policy name, condition)"""
    found = {t: (f"{t}_area", f"jkn_in_area({c})") for t, c in _BY_CODE.items()}
    for table in _BY_PACKAGE:
        found[table] = (
            f"{table}_area",
            f"{_WHOLE} OR package_id IN (SELECT id FROM kec_package)",
        )
    found[_VERDICT] = (f"{_VERDICT}_area", "jkn_in_area(village_a) OR jkn_in_area(village_b)")
    return found


def upgrade() -> None:
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("area", sa.String(), nullable=False, server_default=""))
    if op.get_bind().dialect.name != "postgresql":
        return
    op.execute(
        "CREATE FUNCTION jkn_in_area(kode text) RETURNS boolean LANGUAGE sql STABLE "
        f"AS $${_IN_AREA}$$"
    )
    for table, (name, condition) in _policies().items():
        op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY {name} ON {table} USING ({condition}) WITH CHECK ({condition})")
    op.execute(
        "CREATE FUNCTION jkn_village_rows_fixed() RETURNS trigger LANGUAGE plpgsql "
        f"AS $${_VILLAGE_ROWS_FIXED}$$"
    )
    for table in _BY_PACKAGE:
        op.execute(
            f"CREATE TRIGGER {table}_fixed BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH STATEMENT EXECUTE FUNCTION jkn_village_rows_fixed()"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in _BY_PACKAGE:
            op.execute(f"DROP TRIGGER IF EXISTS {table}_fixed ON {table}")
        op.execute("DROP FUNCTION IF EXISTS jkn_village_rows_fixed()")
        for table, (name, _condition) in _policies().items():
            op.execute(f"DROP POLICY IF EXISTS {name} ON {table}")
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
        op.execute("DROP FUNCTION IF EXISTS jkn_in_area(text)")
    with op.batch_alter_table("app_user", schema=None) as batch_op:
        batch_op.drop_column("area")
