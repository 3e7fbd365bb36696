"""The kecamatan: its consolidation tables; the village's signing key, stable ids and returns

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-01

Issue #15. A kecamatan file keeps every package a village sends (``kec_package`` and the rows
under it, never deleted; a later package of the month replaces the earlier as ``current``), the
villages it expects and their registered public keys, and the reviews of people counted twice. A
village file gains its Ed25519 key pair (made at the first package), a stable id per resident
(``resident.uid``, filled at the next package) and the corrections the kecamatan returns.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from jkn_desktop.persistence.types import Timestamp

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "kec_duplicate_verdict",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("pair_key", sa.String(), nullable=False),
        sa.Column("nik_a", sa.String(length=16), nullable=False),
        sa.Column("nik_b", sa.String(length=16), nullable=False),
        sa.Column("village_a", sa.String(length=13), nullable=False),
        sa.Column("village_b", sa.String(length=13), nullable=False),
        sa.Column("verdict", sa.String(), nullable=False),
        sa.Column("correcting_village", sa.String(length=13), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("decided_at", Timestamp(), nullable=False),
        sa.Column("decided_by", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kec_duplicate_verdict")),
        sa.UniqueConstraint("kind", "pair_key", name=op.f("uq_kec_duplicate_verdict_kind")),
    )
    op.create_table(
        "kec_village",
        sa.Column("kode_wilayah", sa.String(length=13), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("expected", sa.Boolean(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("created_at", Timestamp(), nullable=False),
        sa.Column("updated_at", Timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("kode_wilayah", name=op.f("pk_kec_village")),
    )
    op.create_table(
        "kecamatan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kode_wilayah", sa.String(length=8), nullable=False),
        sa.Column("kecamatan", sa.String(), nullable=False),
        sa.Column("kabupaten", sa.String(), nullable=False),
        sa.Column("provinsi", sa.String(), nullable=False),
        sa.Column("camat", sa.String(), nullable=False),
        sa.Column("camat_nip", sa.String(), nullable=False),
        sa.Column("created_at", Timestamp(), nullable=False),
        sa.Column("updated_at", Timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kecamatan")),
    )
    op.create_table(
        "kecamatan_correction",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("nik", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("other_nik", sa.String(length=16), nullable=False),
        sa.Column("other_name", sa.String(), nullable=False),
        sa.Column("other_village", sa.String(), nullable=False),
        sa.Column("note", sa.String(), nullable=False),
        sa.Column("received_at", Timestamp(), nullable=False),
        sa.Column("source_file", sa.String(), nullable=False),
        sa.Column("resolved_at", Timestamp(), nullable=True),
        sa.Column("resolved_by", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kecamatan_correction")),
        sa.UniqueConstraint(
            "period",
            "kind",
            "nik",
            "other_nik",
            "other_village",
            name=op.f("uq_kecamatan_correction_period"),
        ),
    )
    op.create_table(
        "package_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_key", sa.String(), nullable=False),
        sa.Column("private_key", sa.String(), nullable=False),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("created_at", Timestamp(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_package_key")),
    )
    op.create_table(
        "kec_package",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kode_wilayah", sa.String(length=13), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("made_at", Timestamp(), nullable=False),
        sa.Column("received_at", Timestamp(), nullable=False),
        sa.Column("received_by", sa.String(), nullable=False),
        sa.Column("file_name", sa.String(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("format_version", sa.String(), nullable=False),
        sa.Column("schema_version", sa.String(), nullable=False),
        sa.Column("app", sa.String(), nullable=False),
        sa.Column("operator", sa.String(), nullable=False),
        sa.Column("signed", sa.Boolean(), nullable=False),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("counts", sa.String(), nullable=False),
        sa.Column("summary", sa.String(), nullable=False),
        sa.Column("state", sa.String(), nullable=False),
        sa.Column("replaced_by", sa.Integer(), nullable=True),
        sa.Column("returned_at", Timestamp(), nullable=True),
        sa.Column("returned_by", sa.String(), nullable=False),
        sa.Column("returned_note", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["kode_wilayah"],
            ["kec_village.kode_wilayah"],
            name=op.f("fk_kec_package_kode_wilayah_kec_village"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kec_package")),
        sa.UniqueConstraint(
            "kode_wilayah", "period", "sha256", name=op.f("uq_kec_package_kode_wilayah")
        ),
    )
    op.create_index(
        "ix_kec_package_month", "kec_package", ["period", "state", "kode_wilayah"], unique=False
    )
    op.create_table(
        "kec_village_key",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kode_wilayah", sa.String(length=13), nullable=False),
        sa.Column("public_key", sa.String(), nullable=False),
        sa.Column("fingerprint", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("registered_at", Timestamp(), nullable=False),
        sa.Column("registered_by", sa.String(), nullable=False),
        sa.Column("retired_at", Timestamp(), nullable=True),
        sa.ForeignKeyConstraint(
            ["kode_wilayah"],
            ["kec_village.kode_wilayah"],
            name=op.f("fk_kec_village_key_kode_wilayah_kec_village"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kec_village_key")),
    )
    op.create_index(
        "ix_kec_village_key_village",
        "kec_village_key",
        ["kode_wilayah", "retired_at"],
        unique=False,
    )
    op.create_table(
        "kec_apbdes_beneficiary",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("nik", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("start_month", sa.Integer(), nullable=False),
        sa.Column("end_month", sa.Integer(), nullable=False),
        sa.Column("overridden", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["kec_package.id"],
            name=op.f("fk_kec_apbdes_beneficiary_package_id_kec_package"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kec_apbdes_beneficiary")),
    )
    op.create_index(
        "ix_kec_apbdes_beneficiary_package",
        "kec_apbdes_beneficiary",
        ["package_id", "nik"],
        unique=False,
    )
    op.create_table(
        "kec_apbdes_line",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("line_no", sa.Integer(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("kegiatan", sa.String(), nullable=False),
        sa.Column("rekening", sa.String(), nullable=False),
        sa.Column("sumber", sa.String(), nullable=False),
        sa.Column("pagu", sa.BigInteger(), nullable=False),
        sa.Column("pagu_revised", sa.BigInteger(), nullable=True),
        sa.Column("revised_on", sa.Date(), nullable=True),
        sa.Column("scheme_segment", sa.String(), nullable=False),
        sa.Column("scheme_kelas", sa.Integer(), nullable=True),
        sa.Column("scheme_share", sa.String(), nullable=False),
        sa.Column("custom_rate", sa.BigInteger(), nullable=True),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("committed", sa.BigInteger(), nullable=False),
        sa.Column("realized", sa.BigInteger(), nullable=False),
        sa.Column("beneficiaries", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["kec_package.id"],
            name=op.f("fk_kec_apbdes_line_package_id_kec_package"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kec_apbdes_line")),
    )
    op.create_index(
        "ix_kec_apbdes_line_package", "kec_apbdes_line", ["package_id", "line_no"], unique=False
    )
    op.create_table(
        "kec_household",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("no_kk", sa.String(length=16), nullable=False),
        sa.Column("address", sa.String(), nullable=False),
        sa.Column("rt", sa.String(length=3), nullable=False),
        sa.Column("rw", sa.String(length=3), nullable=False),
        sa.Column("dusun", sa.String(), nullable=False),
        sa.Column("desil", sa.Integer(), nullable=True),
        sa.Column("desil_as_of", sa.Date(), nullable=True),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["kec_package.id"],
            name=op.f("fk_kec_household_package_id_kec_package"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kec_household")),
    )
    op.create_index(
        "ix_kec_household_package", "kec_household", ["package_id", "no_kk"], unique=False
    )
    op.create_table(
        "kec_office_figure",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(), nullable=False),
        sa.Column("measure", sa.String(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["kec_package.id"],
            name=op.f("fk_kec_office_figure_package_id_kec_package"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kec_office_figure")),
    )
    op.create_index(
        "ix_kec_office_figure_package", "kec_office_figure", ["package_id", "section"], unique=False
    )
    op.create_table(
        "kec_proposal",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("period", sa.String(length=7), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("reason", sa.String(), nullable=False),
        sa.Column("nik", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("no_kk", sa.String(length=16), nullable=False),
        sa.Column("card_no", sa.String(), nullable=False),
        sa.Column("replaces_nik", sa.String(length=16), nullable=False),
        sa.Column("replaces_name", sa.String(), nullable=False),
        sa.Column("replaces_reason", sa.String(), nullable=False),
        sa.Column("notes", sa.String(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("approved_on", sa.Date(), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("decided_on", sa.Date(), nullable=True),
        sa.Column("track", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["kec_package.id"],
            name=op.f("fk_kec_proposal_package_id_kec_package"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kec_proposal")),
    )
    op.create_index("ix_kec_proposal_package", "kec_proposal", ["package_id", "kind"], unique=False)
    op.create_table(
        "kec_resident",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("package_id", sa.Integer(), nullable=False),
        sa.Column("uid", sa.String(), nullable=False),
        sa.Column("nik", sa.String(length=16), nullable=False),
        sa.Column("no_kk", sa.String(length=16), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("sex", sa.String(length=1), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("mother_name", sa.String(), nullable=False),
        sa.Column("shdk", sa.Integer(), nullable=True),
        sa.Column("status_dasar", sa.Integer(), nullable=False),
        sa.Column("status_date", sa.Date(), nullable=True),
        sa.Column("occupation", sa.Integer(), nullable=True),
        sa.Column("disability", sa.Integer(), nullable=True),
        sa.Column("chronic_illness", sa.Integer(), nullable=True),
        sa.Column("pregnant", sa.Boolean(), nullable=False),
        sa.Column("segment", sa.String(), nullable=True),
        sa.Column("kelas", sa.Integer(), nullable=True),
        sa.Column("card_no", sa.String(), nullable=False),
        sa.Column("jkn_status", sa.String(), nullable=True),
        sa.Column("jkn_as_of", sa.Date(), nullable=True),
        sa.Column("jkn_source", sa.String(), nullable=False),
        sa.Column("registered", sa.Boolean(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=True),
        sa.Column("uninsured_reason", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(
            ["package_id"],
            ["kec_package.id"],
            name=op.f("fk_kec_resident_package_id_kec_package"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kec_resident")),
    )
    op.create_index("ix_kec_resident_nik", "kec_resident", ["nik"], unique=False)
    op.create_index(
        "ix_kec_resident_package", "kec_resident", ["package_id", "no_kk"], unique=False
    )
    op.add_column("resident", sa.Column("uid", sa.String(length=32), nullable=True))


def downgrade() -> None:
    op.drop_column("resident", "uid")  # SQLite 3.35+ drops a column in place
    op.drop_index("ix_kec_resident_package", table_name="kec_resident")
    op.drop_index("ix_kec_resident_nik", table_name="kec_resident")
    op.drop_index("ix_kec_proposal_package", table_name="kec_proposal")
    op.drop_index("ix_kec_office_figure_package", table_name="kec_office_figure")
    op.drop_index("ix_kec_household_package", table_name="kec_household")
    op.drop_index("ix_kec_apbdes_line_package", table_name="kec_apbdes_line")
    op.drop_index("ix_kec_apbdes_beneficiary_package", table_name="kec_apbdes_beneficiary")
    op.drop_index("ix_kec_village_key_village", table_name="kec_village_key")
    op.drop_index("ix_kec_package_month", table_name="kec_package")
    op.drop_table("kec_resident")
    op.drop_table("kec_proposal")
    op.drop_table("kec_office_figure")
    op.drop_table("kec_household")
    op.drop_table("kec_apbdes_line")
    op.drop_table("kec_apbdes_beneficiary")
    op.drop_table("kec_village_key")
    op.drop_table("kec_package")
    op.drop_table("package_key")
    op.drop_table("kecamatan_correction")
    op.drop_table("kecamatan")
    op.drop_table("kec_village")
    op.drop_table("kec_duplicate_verdict")
