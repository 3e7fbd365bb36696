"""The kecamatan side (migration 0013): a consolidation database fed only by the villages' monthly
packages, and on the village side the package signing key and the corrections the kecamatan
returns. One schema and one migration chain for both kinds of file (decision 30): a kecamatan file
has a ``kecamatan`` row and no ``village`` row; a village file the other way round.

Every package taken in keeps its rows under its own ``package_id`` (``kec_*`` tables): nothing is
deleted when a village sends the month again; the newer package becomes the month's ``current``
one and the earlier stays listed as ``replaced``."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from jkn_desktop.persistence.models import _now, _table
from jkn_desktop.persistence.types import Timestamp


def _package_fk() -> Column:  # type: ignore[type-arg]
    return Column(Integer, ForeignKey("kec_package.id", ondelete="RESTRICT"), nullable=False)


def _package_rows_id() -> Column:  # type: ignore[type-arg]
    """The package of a household or resident row: no foreign key (migration 0018, decision
    51). Only receiving writes these rows, in the transaction that adds their package, and no
    package is ever deleted; PostgreSQL would check the key once per row (6,500 checks a
    package, a tenth of a second of the server's time with five staff receiving at once)."""
    return Column(Integer, nullable=False)


# --- the village side ----------------------------------------------------------------------------
class PackageKey(SQLModel, table=True):
    """The village's Ed25519 key pair (id 1), made at its first package. The private key never
    leaves this file (and its sealed backups); the public key and its fingerprint are printed on
    the package's cover sheet and Berita Acara."""

    __tablename__ = "package_key"
    id: int = Field(default=1, primary_key=True)
    public_key: str  # raw 32 bytes, base64
    private_key: str  # raw 32 bytes, base64
    fingerprint: str  # short, for a person to compare: "AB12-CD34-EF56-7890"
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)


class KecamatanCorrection(SQLModel, table=True):
    """What the kecamatan's return file asks the village to correct (a person counted twice, a
    package returned with a note). Reading the same return file again changes nothing."""

    __tablename__ = "kecamatan_correction"
    __table_args__ = (UniqueConstraint("period", "kind", "nik", "other_nik", "other_village"),)
    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(max_length=7)
    kind: str  # nik_sama, orang_sama, pbi_ganda, apbdes_ganda, paket_dikembalikan
    nik: str = Field(default="", max_length=16)
    name: str = ""
    other_nik: str = Field(default="", max_length=16)
    other_name: str = ""
    other_village: str = ""  # the other village's name and code
    note: str = ""  # the kecamatan's note: what to correct
    received_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    source_file: str = ""
    resolved_at: dt.datetime | None = Field(default=None, sa_type=Timestamp)
    resolved_by: str = ""


# --- the kecamatan side --------------------------------------------------------------------------
class Kecamatan(SQLModel, table=True):
    """The one kecamatan — or kabupaten — this consolidation database belongs to (id is always
    1). A kabupaten's row has the code PP.KK and no kecamatan name (decision 49)."""

    __tablename__ = "kecamatan"
    id: int = Field(default=1, primary_key=True)
    kode_wilayah: str = Field(max_length=8)  # PP.KK.SS, or PP.KK for a kabupaten
    kecamatan: str
    kabupaten: str
    provinsi: str
    camat: str = ""
    camat_nip: str = ""
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    updated_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)


class KecVillage(SQLModel, table=True):
    """A village the kecamatan expects packages from (from the Kemendagri region data, editable)."""

    __tablename__ = "kec_village"
    kode_wilayah: str = Field(primary_key=True, max_length=13)
    name: str
    kind: str = "desa"  # desa / kelurahan
    expected: bool = True  # False: kept for its packages, no longer asked for one
    notes: str = ""
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    updated_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)


class KecVillageKey(SQLModel, table=True):
    """A village's registered public keys: the one without ``retired_at`` is in force."""

    __tablename__ = "kec_village_key"
    __table_args__ = (Index("ix_kec_village_key_village", "kode_wilayah", "retired_at"),)
    id: int | None = Field(default=None, primary_key=True)
    kode_wilayah: str = Field(
        sa_column=Column(
            "kode_wilayah",
            String(13),
            ForeignKey("kec_village.kode_wilayah", ondelete="RESTRICT"),
            nullable=False,
        )
    )
    public_key: str
    fingerprint: str
    reason: str = ""  # why it was registered again (empty for the first key)
    registered_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    registered_by: str = ""
    retired_at: dt.datetime | None = Field(default=None, sa_type=Timestamp)


class KecPackage(SQLModel, table=True):
    """One package taken in. Of a village's packages for a month, the one made last is
    ``current``; the others are ``replaced`` (kept, with their rows)."""

    __tablename__ = "kec_package"
    __table_args__ = (
        UniqueConstraint("kode_wilayah", "period", "sha256"),
        Index("ix_kec_package_month", "period", "state", "kode_wilayah"),
    )
    id: int | None = Field(default=None, primary_key=True)
    kode_wilayah: str = Field(
        sa_column=Column(
            "kode_wilayah",
            String(13),
            ForeignKey("kec_village.kode_wilayah", ondelete="RESTRICT"),
            nullable=False,
        )
    )
    period: str = Field(max_length=7)
    made_at: dt.datetime = Field(sa_type=Timestamp)  # the Manifest's "dibuat" (village clock)
    received_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    received_by: str = ""
    file_name: str = ""
    sha256: str = Field(max_length=64)
    format_version: str = ""
    schema_version: str = ""
    app: str = ""
    operator: str = ""
    signed: bool = False
    fingerprint: str = ""
    rows: int = 0
    counts: str = "{}"  # JSON: data rows per sheet
    summary: str = "{}"  # JSON: the village's own totals (Ringkasan sheet), checked on receipt
    state: str = "current"  # current / replaced
    replaced_by: int | None = None
    returned_at: dt.datetime | None = Field(default=None, sa_type=Timestamp)
    returned_by: str = ""
    returned_note: str = ""


class KecPackageFile(SQLModel, table=True):
    """A package's file as it arrived, byte for byte (migration 0015), so the kecamatan can
    forward the month's packages to the kabupaten with the villages' signatures intact. Packages
    taken in before 0015 have none: their villages send them to the kabupaten themselves."""

    __tablename__ = "kec_package_file"
    package_id: int = Field(
        sa_column=Column(
            "package_id",
            Integer,
            ForeignKey("kec_package.id", ondelete="RESTRICT"),
            primary_key=True,
            autoincrement=False,
        )
    )
    content: bytes = Field(sa_column=Column("content", LargeBinary, nullable=False))


class KecHousehold(SQLModel, table=True):
    __tablename__ = "kec_household"
    __table_args__ = (Index("ix_kec_household_package", "package_id", "no_kk"),)
    id: int | None = Field(default=None, primary_key=True)
    package_id: int = Field(sa_column=_package_rows_id())
    no_kk: str = Field(max_length=16)
    address: str = ""
    rt: str = Field(default="", max_length=3)
    rw: str = Field(default="", max_length=3)
    dusun: str = ""
    desil: int | None = None
    desil_as_of: dt.date | None = None


class KecResident(SQLModel, table=True):
    """A resident as the village sent them, with the current JKN state and the village's own
    verdict by the rules (``registered``, ``active``, ``uninsured_reason``) so the kecamatan's
    sums are the village's figures."""

    __tablename__ = "kec_resident"
    __table_args__ = (
        Index("ix_kec_resident_package", "package_id", "no_kk"),
        Index("ix_kec_resident_nik", "nik"),
    )
    id: int | None = Field(default=None, primary_key=True)
    package_id: int = Field(sa_column=_package_rows_id())
    uid: str = ""  # the village's stable id of the person (format 3)
    nik: str = Field(max_length=16)
    no_kk: str = Field(default="", max_length=16)
    name: str
    sex: str = Field(default="", max_length=1)
    birth_date: dt.date | None = None
    mother_name: str = ""
    shdk: int | None = None
    status_dasar: int = 1
    status_date: dt.date | None = None
    occupation: int | None = None
    disability: int | None = None
    chronic_illness: int | None = None
    pregnant: bool = False
    segment: str | None = None
    kelas: int | None = None
    card_no: str = ""
    jkn_status: str | None = None
    jkn_as_of: dt.date | None = None
    jkn_source: str = ""
    registered: bool | None = None  # None: the package did not say (format 1 and 2)
    active: bool | None = None
    uninsured_reason: str | None = None


class KecProposal(SQLModel, table=True):
    __tablename__ = "kec_proposal"
    __table_args__ = (Index("ix_kec_proposal_package", "package_id", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    package_id: int = Field(sa_column=_package_fk())
    period: str = Field(max_length=7)
    kind: str
    reason: str = ""
    nik: str = Field(default="", max_length=16)
    name: str = ""
    no_kk: str = Field(default="", max_length=16)
    card_no: str = ""
    replaces_nik: str = Field(default="", max_length=16)
    replaces_name: str = ""
    replaces_reason: str = ""
    notes: str = ""
    status: str = ""
    approved_on: dt.date | None = None
    sent_on: dt.date | None = None
    decided_on: dt.date | None = None
    track: str = ""


class KecApbdesLine(SQLModel, table=True):
    __tablename__ = "kec_apbdes_line"
    __table_args__ = (Index("ix_kec_apbdes_line_package", "package_id", "line_no"),)
    id: int | None = Field(default=None, primary_key=True)
    package_id: int = Field(sa_column=_package_fk())
    line_no: int  # the line's id in the village file
    year: int
    kegiatan: str = ""
    rekening: str = ""
    sumber: str = ""
    pagu: int = Field(default=0, sa_type=BigInteger)
    pagu_revised: int | None = Field(default=None, sa_type=BigInteger)
    revised_on: dt.date | None = None
    scheme_segment: str = ""
    scheme_kelas: int | None = None
    scheme_share: str = ""
    custom_rate: int | None = Field(default=None, sa_type=BigInteger)
    notes: str = ""
    committed: int = Field(default=0, sa_type=BigInteger)
    realized: int = Field(default=0, sa_type=BigInteger)
    beneficiaries: int = 0


class KecApbdesBeneficiary(SQLModel, table=True):
    __tablename__ = "kec_apbdes_beneficiary"
    __table_args__ = (Index("ix_kec_apbdes_beneficiary_package", "package_id", "nik"),)
    id: int | None = Field(default=None, primary_key=True)
    package_id: int = Field(sa_column=_package_fk())
    line_no: int
    nik: str = Field(max_length=16)
    name: str = ""
    start_month: int
    end_month: int
    overridden: str = ""


class KecOfficeFigure(SQLModel, table=True):
    __tablename__ = "kec_office_figure"
    __table_args__ = (Index("ix_kec_office_figure_package", "package_id", "section"),)
    id: int | None = Field(default=None, primary_key=True)
    package_id: int = Field(sa_column=_package_fk())
    section: str
    measure: str
    value: int = Field(default=0, sa_type=BigInteger)


class KecPackageFigure(SQLModel, table=True):
    """What the kecamatan counts from a package's rows (services.kecamatan.figures), counted
    once when it is taken in: a package's rows never change, and a kabupaten's dashboard then
    reads one row per village instead of a million residents. ``pbi_before_id``: the package of
    the month before it was compared with, ``pbi_both`` the NIKs on both PBI lists."""

    __tablename__ = "kec_package_figure"
    package_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("kec_package.id", ondelete="RESTRICT"),
            primary_key=True,
            autoincrement=False,
            nullable=False,
        )
    )
    living: int
    registered: int
    active: int
    verdicts: bool
    households: int
    fully_uninsured: int
    partly_uninsured: int
    need: int
    pbi: int
    pbi_before_id: int | None = None
    pbi_both: int | None = None


class KecResidentWord(SQLModel, table=True):
    """Each word of a package's resident's name (``domain.names.search_words``), for the
    person search (``services.kecamatan.people``): a word typed finds the names with a word
    starting so, by a range on this key. On PostgreSQL a ``LIKE`` on the name cannot use an
    index under row-level security (its operator is not leakproof); a range on a text is.

    Keyed by the package first (migration 0018): a package's words go in at the key's end, not
    scattered through a kabupaten's millions, and a search reads each package's range of the
    word. No foreign keys: the rows are derived from the package's residents in the same
    transaction, and PostgreSQL checks a foreign key row by row (15,000 checks a package)."""

    __tablename__ = "kec_resident_word"
    package_id: int = Field(primary_key=True)
    word: str = Field(primary_key=True)
    resident_id: int = Field(primary_key=True)


class KecDuplicateVerdict(SQLModel, table=True):
    """A person's review of one duplicate candidate; it holds for the later months too."""

    __tablename__ = "kec_duplicate_verdict"
    __table_args__ = (UniqueConstraint("kind", "pair_key"),)
    id: int | None = Field(default=None, primary_key=True)
    kind: str  # nik_sama, orang_sama, pbi_ganda, apbdes_ganda
    pair_key: str  # the candidate's identity, the same every month (services.kecamatan.duplicates)
    nik_a: str = Field(default="", max_length=16)
    nik_b: str = Field(default="", max_length=16)
    village_a: str = Field(default="", max_length=13)
    village_b: str = Field(default="", max_length=13)
    verdict: str  # sama / bukan
    correcting_village: str = Field(default="", max_length=13)
    note: str = ""
    period: str = Field(default="", max_length=7)  # the month it was first decided in
    decided_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    decided_by: str = ""


package_key_t = _table(PackageKey)
kecamatan_correction_t = _table(KecamatanCorrection)
kecamatan_t = _table(Kecamatan)
kec_village_t = _table(KecVillage)
kec_village_key_t = _table(KecVillageKey)
kec_package_t = _table(KecPackage)
kec_package_file_t = _table(KecPackageFile)
kec_household_t = _table(KecHousehold)
kec_resident_t = _table(KecResident)
kec_proposal_t = _table(KecProposal)
kec_apbdes_line_t = _table(KecApbdesLine)
kec_apbdes_beneficiary_t = _table(KecApbdesBeneficiary)
kec_office_figure_t = _table(KecOfficeFigure)
kec_duplicate_verdict_t = _table(KecDuplicateVerdict)
kec_package_figure_t = _table(KecPackageFigure)
kec_resident_word_t = _table(KecResidentWord)
