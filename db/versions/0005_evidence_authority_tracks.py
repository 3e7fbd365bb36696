"""evidence with the date it speaks for, list absences, proposal tracks

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01

Issue #11: an observation keeps the date its source speaks for (``as_of`` may be unknown) and
"not on this month's list" is its own kind (``absent``). Existing data is brought under the rule:

- observations from resident files were dated by the day of the import: that date says nothing,
  so it becomes unknown;
- OpenSID's untouched default (``id_asuransi`` 1, "Tidak/Belum Punya") was recorded as "belum
  terdaftar": it records nothing, so those observations go (the backup taken before this upgrade
  keeps them; one audit row says how many);
- the "nonaktif" rows written for people missing from a later list become absences;
- proposals get their track (PBI APBN, or PBPU Pemda for members of that segment);
- the current state of every resident is decided again with the rule in force.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # plain ADD COLUMN on resident (a batch copy would cost minutes at 100k residents)
    op.add_column("resident", sa.Column("jkn_other", sa.String(), nullable=True))
    op.add_column("resident", sa.Column("moved_out", sa.Boolean(), nullable=True))
    op.add_column("resident", sa.Column("schooling", sa.Integer(), nullable=True))
    op.drop_index("ix_resident_jkn", table_name="resident")
    op.create_index(
        "ix_resident_jkn",
        "resident",
        ["household_id", "status_dasar", "occupation", "jkn_segment", "jkn_status", "jkn_other",
         "moved_out", "chronic_illness", "pregnant"],
    )
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("absent", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch_op.alter_column("as_of", existing_type=sa.Date(), nullable=True)
    with op.batch_alter_table("jkn_current", schema=None) as batch_op:
        batch_op.add_column(sa.Column("other_active", sa.String(), nullable=True))
        batch_op.alter_column("as_of", existing_type=sa.Date(), nullable=True)
    op.add_column(
        "usulan", sa.Column("track", sa.String(), nullable=False, server_default="pbi_apbn")
    )
    _bring_data_under_the_rule()


def _bring_data_under_the_rule() -> None:
    conn = op.get_bind()
    now = dt.datetime.now().replace(microsecond=0)
    gone = conn.execute(
        sa.text(
            "SELECT count(*) FROM membership WHERE source = 'impor' "
            "AND segment = 'belum_terdaftar' AND note = ''"
        )
    ).scalar_one()
    conn.execute(
        sa.text(
            "DELETE FROM membership WHERE source = 'impor' "
            "AND segment = 'belum_terdaftar' AND note = ''"
        )
    )
    conn.execute(sa.text("UPDATE membership SET as_of = NULL WHERE source = 'impor'"))
    conn.execute(
        sa.text(
            "UPDATE membership SET absent = :yes WHERE status = 'nonaktif' "
            "AND list_id IS NOT NULL AND note LIKE 'tidak ada di daftar%'"
        ),
        {"yes": True},
    )
    conn.execute(
        sa.text(
            "UPDATE usulan SET track = 'pbpu_pemda' WHERE resident_id IN "
            "(SELECT resident_id FROM jkn_current WHERE segment = 'pbpu_pemda')"
        )
    )
    if gone:
        conn.execute(
            sa.text(
                "INSERT INTO audit_log (at, actor, action, entity, entity_id, entity_key, field, "
                "old_value, new_value, reason) VALUES (:at, 'pembaruan program', 'migration', "
                "'membership', NULL, '', 'kepesertaan JKN', :old, NULL, :why)"
            ),
            {
                "at": now,
                "old": f"{gone} isian 'belum punya' dari berkas penduduk",
                "why": "Kode asuransi 1 OpenSID adalah isian bawaan: tidak mencatat kepesertaan",
            },
        )
    # the current state under the rule in force (jkn_desktop.domain.jkn.decide)
    from jkn_desktop.persistence.current_state import recompute_current

    conn.execute(sa.text("DELETE FROM jkn_current WHERE resident_id NOT IN "
                         "(SELECT resident_id FROM membership)"))
    conn.execute(
        sa.text(
            "UPDATE resident SET jkn_segment = NULL, jkn_status = NULL WHERE id NOT IN "
            "(SELECT resident_id FROM membership)"
        )
    )
    recompute_current(conn)


def downgrade() -> None:
    op.drop_column("usulan", "track")
    with op.batch_alter_table("jkn_current", schema=None) as batch_op:
        batch_op.drop_column("other_active")
    with op.batch_alter_table("membership", schema=None) as batch_op:
        batch_op.drop_column("absent")
    op.drop_index("ix_resident_jkn", table_name="resident")
    op.create_index(
        "ix_resident_jkn",
        "resident",
        ["household_id", "status_dasar", "occupation", "jkn_segment", "jkn_status"],
    )
    op.drop_column("resident", "schooling")
    op.drop_column("resident", "moved_out")
    op.drop_column("resident", "jkn_other")
