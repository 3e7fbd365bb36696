"""The tables of the village office's own acts: the counter log, the SKTM register and the list of
the village's officials (migration 0007). Kept apart from ``models`` so each stays small; both
share one metadata."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Column, ForeignKey, Index, Integer, UniqueConstraint
from sqlmodel import Field, SQLModel

from jkn_desktop.persistence.models import _now, _table
from jkn_desktop.persistence.types import Timestamp


class CounterVisit(SQLModel, table=True):
    """One service asked for at the counter: the JKN state the office saw, what the office rule
    said, what the office decided and what followed."""

    __tablename__ = "counter_visit"
    __table_args__ = (
        Index("ix_counter_visit_day", "visited_on"),
        Index("ix_counter_visit_resident", "resident_id", "visited_on"),
        Index("ix_counter_visit_outcome", "outcome", "closed_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    visited_on: dt.date  # the office's day (monthly counts read this)
    resident_id: int = Field(
        sa_column=Column(Integer, ForeignKey("resident.id", ondelete="RESTRICT"), nullable=False)
    )
    service: str  # as named in the services setting on the day (renaming keeps history)
    requires_jkn: bool = False  # what the office rule said for this service on the day
    jkn_segment: str = ""  # the state seen (domain.jkn segment and status keys)
    jkn_status: str = ""
    advice: str = ""  # the rule's advice (a key of domain.office.ADVICE)
    outcome: str  # a key of domain.office.OUTCOMES
    note: str = ""
    usulan_id: int | None = Field(
        default=None,
        sa_column=Column(Integer, ForeignKey("usulan.id", ondelete="SET NULL"), nullable=True),
    )
    # a follow-up closed by hand (registered elsewhere, moved away …); one that became active
    # closes itself and needs no date here
    closed_on: dt.date | None = None
    closed_note: str = ""
    actor: str = ""
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)


class Sktm(SQLModel, table=True):
    """A Surat Keterangan Tidak Mampu the village issued. Name, NIK, KK and address are kept as
    printed on the letter."""

    __tablename__ = "sktm"
    __table_args__ = (
        UniqueConstraint("number"),
        Index("ix_sktm_resident", "resident_id", "valid_until"),
        Index("ix_sktm_valid_until", "valid_until"),
    )
    id: int | None = Field(default=None, primary_key=True)
    number: str
    issued_on: dt.date
    valid_until: dt.date
    purpose: str  # a key of domain.office.SKTM_PURPOSES
    purpose_note: str = ""  # which school, which hospital …
    resident_id: int = Field(
        sa_column=Column(Integer, ForeignKey("resident.id", ondelete="RESTRICT"), nullable=False)
    )
    nik: str = Field(max_length=16)
    name: str
    no_kk: str = Field(default="", max_length=16)
    address: str = ""
    signer_name: str
    signer_title: str
    notes: str = ""
    cancelled_on: dt.date | None = None
    cancel_reason: str = ""
    actor: str = ""
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)


class Official(SQLModel, table=True):
    """The kepala desa or a perangkat desa, a resident of the village, with the position held."""

    __tablename__ = "official"
    __table_args__ = (Index("ix_official_resident", "resident_id"),)
    id: int | None = Field(default=None, primary_key=True)
    resident_id: int = Field(
        sa_column=Column(Integer, ForeignKey("resident.id", ondelete="RESTRICT"), nullable=False)
    )
    position: str  # "Kepala Desa", "Sekretaris Desa", "Kepala Dusun Krajan" …
    kind: str = "perangkat"  # kepala / perangkat
    sk_number: str = ""
    started_on: dt.date | None = None
    ended_on: dt.date | None = None  # no longer in office (kept for the history)
    notes: str = ""
    actor: str = ""
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    updated_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)


counter_visit_t = _table(CounterVisit)
sktm_t = _table(Sktm)
official_t = _table(Official)
