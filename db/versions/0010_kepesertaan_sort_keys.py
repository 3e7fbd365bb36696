"""Kepesertaan's sort and filter keys on the resident; one covering index per Kepesertaan order

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-01

Issue #13: at 100,000 residents the Kepesertaan list sorted by desil (117 ms) and by the date of
the membership (279 ms) joined the household or jkn_current and sorted; its filter by next step
(299 ms) evaluated the rules' CASE for every resident. Each resident now carries its household's
desil, its current membership's as-of date and the rules' next step (kept in step on write by
services.membership.standing_copy), the desil, date and segment orders get a covering index
each, with the list's filter columns after them, and the step an index of its own that reads its
rows in the area order. The step is filled here by the rule as it stands in this release,
written out below: a migration does not follow later changes of the app (a test compares it
with the rule).
"""

from __future__ import annotations

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

# what Kepesertaan's filters read (it has no sex, age or SHDK filter)
_FILTERS = [
    "status_dasar",
    "household_dusun",
    "household_rw",
    "household_rt",
    "household_no_kk",
    "nik",
    "jkn_segment",
    "jkn_status",
]
_AREA = [
    "household_dusun",
    "household_rw",
    "household_rt",
    "household_no_kk",
    "shdk",
    "birth_date",
    "nik",
]
_OWN = {
    "ix_resident_order_desil": ["household_desil", "household_no_kk", "shdk", "birth_date", "nik"],
    "ix_resident_order_as_of": ["jkn_as_of", "name_key", "nik"],
    "ix_resident_order_segment": ["jkn_segment", "name_key", "nik"],
    # the step picks its few rows, in the area order (kept out of the order indexes: a month's
    # lists change the step of thousands of residents)
    "ix_resident_step": ["jkn_step", *_AREA],
}
# each index: its own columns, then the list's filter columns it does not hold yet
_INDEXES = {name: own + [c for c in _FILTERS if c not in own] for name, own in _OWN.items()}

# the rules' next step (services.membership.rules, the release of this migration) over the
# resident's own columns, the household's desil read from its copy
_STEP = (
    "CASE WHEN (coalesce(jkn_segment, '') IN ('pbi_apbn', 'pbpu_pemda', 'ppu', 'pbpu_mandiri', "
    "'bp', 'non_pbi', 'jkn') AND coalesce(jkn_status, 'tidak_diketahui') != 'nonaktif' AND "
    "coalesce(jkn_segment, '') IN ('pbi_apbn', 'pbpu_pemda') AND status_dasar = 2) THEN "
    "'usul_hapus_meninggal' WHEN (coalesce(jkn_segment, '') IN ('pbi_apbn', 'pbpu_pemda', 'ppu', "
    "'pbpu_mandiri', 'bp', 'non_pbi', 'jkn') AND coalesce(jkn_status, 'tidak_diketahui') != "
    "'nonaktif' AND coalesce(jkn_segment, '') IN ('pbi_apbn', 'pbpu_pemda') AND status_dasar IN "
    "(4, 6)) THEN 'usul_hapus_tidak_ditemukan' WHEN (coalesce(jkn_segment, '') IN ('pbi_apbn', "
    "'pbpu_pemda', 'ppu', 'pbpu_mandiri', 'bp', 'non_pbi', 'jkn') AND coalesce(jkn_status, "
    "'tidak_diketahui') != 'nonaktif' AND coalesce(jkn_segment, '') IN ('pbi_apbn', 'pbpu_pemda')"
    " AND status_dasar = 3 AND (coalesce(jkn_segment, '') = 'pbi_apbn' OR moved_out = 0)) THEN "
    "'perbaikan_domisili' WHEN (coalesce(jkn_segment, '') IN ('pbi_apbn', 'pbpu_pemda', 'ppu', "
    "'pbpu_mandiri', 'bp', 'non_pbi', 'jkn') AND coalesce(jkn_status, 'tidak_diketahui') != "
    "'nonaktif' AND coalesce(jkn_segment, '') IN ('pbi_apbn', 'pbpu_pemda') AND status_dasar = 3 "
    "AND moved_out = 1) THEN 'usul_hapus_pindah' WHEN (coalesce(jkn_segment, '') IN ('pbi_apbn', "
    "'pbpu_pemda', 'ppu', 'pbpu_mandiri', 'bp', 'non_pbi', 'jkn') AND coalesce(jkn_status, "
    "'tidak_diketahui') != 'nonaktif' AND coalesce(jkn_segment, '') IN ('pbi_apbn', 'pbpu_pemda')"
    " AND status_dasar = 3) THEN 'cek_tujuan_pindah' WHEN (coalesce(jkn_segment, '') IN "
    "('pbi_apbn', 'pbpu_pemda', 'ppu', 'pbpu_mandiri', 'bp', 'non_pbi', 'jkn') AND "
    "coalesce(jkn_status, 'tidak_diketahui') != 'nonaktif' AND NOT (coalesce(jkn_segment, '') IN "
    "('pbi_apbn', 'pbpu_pemda', 'ppu', 'pbpu_mandiri', 'bp', 'non_pbi', 'jkn') AND "
    "coalesce(jkn_status, 'tidak_diketahui') != 'nonaktif' AND coalesce(jkn_segment, '') IN "
    "('pbi_apbn', 'pbpu_pemda')) AND status_dasar IN (2, 3)) THEN 'lapor_bpjs' WHEN (status_dasar"
    " != 1) THEN NULL WHEN (coalesce(jkn_segment, '') IN ('pbi_apbn', 'pbpu_pemda', 'ppu', "
    "'pbpu_mandiri', 'bp', 'non_pbi', 'jkn') AND coalesce(jkn_status, 'tidak_diketahui') != "
    "'nonaktif' AND coalesce(jkn_segment, '') IN ('pbi_apbn', 'pbpu_pemda') AND "
    "coalesce(jkn_other, '') = 'ppu') THEN 'usul_hapus_ppu' WHEN (coalesce(jkn_segment, '') IN "
    "('pbi_apbn', 'pbpu_pemda', 'ppu', 'pbpu_mandiri', 'bp', 'non_pbi', 'jkn') AND "
    "coalesce(jkn_status, 'tidak_diketahui') != 'nonaktif' AND coalesce(jkn_segment, '') = 'ppu' "
    "AND coalesce(jkn_other, '') IN ('pbi_apbn', 'pbpu_pemda')) THEN 'usul_hapus_ppu' WHEN "
    "(coalesce(jkn_segment, '') IN ('pbi_apbn', 'pbpu_pemda', 'ppu', 'pbpu_mandiri', 'bp', "
    "'non_pbi', 'jkn') AND coalesce(jkn_status, 'tidak_diketahui') != 'nonaktif' AND "
    "coalesce(jkn_segment, '') IN ('pbi_apbn', 'pbpu_pemda') AND coalesce(occupation, 0) IN (5, "
    "6, 7, 15, 16, 17, 18, 85, 86)) THEN 'cek_ppu' WHEN (coalesce(jkn_segment, '') IN "
    "('pbi_apbn', 'pbpu_pemda', 'ppu', 'pbpu_mandiri', 'bp', 'non_pbi', 'jkn') AND "
    "coalesce(jkn_status, 'tidak_diketahui') != 'nonaktif' AND coalesce(jkn_segment, '') IN "
    "('pbi_apbn', 'pbpu_pemda') AND coalesce(jkn_segment, '') = 'pbi_apbn' AND "
    "coalesce(jkn_status, 'tidak_diketahui') = 'aktif' AND household_desil >= 6) THEN "
    "'usul_hapus_mampu' WHEN (NOT (status_dasar = 1 AND NOT (coalesce(jkn_segment, '') IN "
    "('pbi_apbn', 'pbpu_pemda', 'ppu', 'pbpu_mandiri', 'bp', 'non_pbi', 'jkn') AND "
    "coalesce(jkn_status, 'tidak_diketahui') = 'aktif'))) THEN NULL WHEN (CASE WHEN (NOT "
    "(status_dasar = 1 AND NOT (coalesce(jkn_segment, '') IN ('pbi_apbn', 'pbpu_pemda', 'ppu', "
    "'pbpu_mandiri', 'bp', 'non_pbi', 'jkn') AND coalesce(jkn_status, 'tidak_diketahui') = "
    "'aktif'))) THEN NULL WHEN (jkn_segment IS NULL) THEN 'belum_dicatat' WHEN "
    "((coalesce(jkn_segment, '') NOT IN ('pbi_apbn', 'pbpu_pemda', 'ppu', 'pbpu_mandiri', 'bp', "
    "'non_pbi', 'jkn'))) THEN CASE WHEN (coalesce(jkn_segment, '') = 'tidak_diketahui') THEN "
    "'tidak_diketahui' ELSE 'belum_terdaftar' END WHEN (coalesce(jkn_segment, '') IN ('pbi_apbn',"
    " 'pbpu_pemda') AND coalesce(jkn_status, 'tidak_diketahui') = 'nonaktif') THEN 'pbi_dihapus' "
    "WHEN (coalesce(jkn_segment, '') IN ('pbpu_mandiri', 'bp') AND coalesce(jkn_status, "
    "'tidak_diketahui') = 'nonaktif') THEN 'menunggak' WHEN (coalesce(jkn_segment, '') = 'ppu' "
    "AND coalesce(jkn_status, 'tidak_diketahui') = 'nonaktif') THEN 'ppu_nonaktif' ELSE "
    "'tidak_diketahui' END IN ('belum_dicatat', 'tidak_diketahui')) THEN 'cek_status' WHEN "
    "(coalesce(occupation, 0) IN (85, 86)) THEN 'daftar_ppu_desa' WHEN (coalesce(occupation, 0) "
    "IN (5, 6, 7, 15, 16, 17, 18, 85, 86)) THEN 'daftar_ppu' WHEN (coalesce(jkn_segment, '') IN "
    "('pbi_apbn', 'pbpu_pemda') AND coalesce(jkn_status, 'tidak_diketahui') = 'nonaktif' AND "
    '(chronic_illness IS NOT NULL AND chronic_illness != 14 OR pregnant = 1 OR household_desil <='
    " 5)) THEN 'reaktivasi' WHEN (household_desil IS NULL) THEN 'usul_dtsen' WHEN "
    "(household_desil <= 5) THEN 'usul_pbi' ELSE 'daftar_mandiri' END"
)


def upgrade() -> None:
    # plain ADD COLUMN (a batch copy of resident would cost minutes at 100k residents)
    op.add_column("resident", sa.Column("household_desil", sa.Integer(), nullable=True))
    op.add_column("resident", sa.Column("jkn_as_of", sa.Date(), nullable=True))
    op.add_column(
        "resident", sa.Column("jkn_step", sqlmodel.sql.sqltypes.AutoString(), nullable=True)
    )
    # fill before the indexes are built: one pass each, then one sort per index
    op.execute(
        "UPDATE resident SET household_desil = "
        "(SELECT h.desil FROM household AS h WHERE h.id = resident.household_id)"
    )
    op.execute(
        "UPDATE resident SET jkn_as_of = "
        "(SELECT c.as_of FROM jkn_current AS c WHERE c.resident_id = resident.id)"
    )
    step = _STEP
    if op.get_bind().dialect.name != "sqlite":
        # PostgreSQL's booleans are not 0/1 (issue 17, decision 45); SQLite runs the text above
        step = (
            step.replace("moved_out = 0", "NOT moved_out")
            .replace("moved_out = 1", "moved_out")
            .replace("pregnant = 1", "pregnant")
        )
    op.execute(f"UPDATE resident SET jkn_step = {step}")
    for name, columns in _INDEXES.items():
        op.create_index(name, "resident", columns)
    if op.get_bind().dialect.name == "sqlite":
        op.execute("PRAGMA analysis_limit = 2000")
        op.execute("ANALYZE")


def downgrade() -> None:
    for name in _INDEXES:
        op.drop_index(name, table_name="resident")
    for name in ("jkn_step", "jkn_as_of", "household_desil"):
        op.drop_column("resident", name)
