"""The audit trail (migration 0012 added its hash chain): who did what, when, and the chain's head.
Kept apart from ``models`` so each stays small; both share one metadata."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from jkn_desktop.persistence.models import _now, _table
from jkn_desktop.persistence.types import Timestamp


class AuditLog(SQLModel, table=True):
    """Who changed, exported, printed or logged in, and when: one row per changed field.

    ``chain`` links the row to the one before it (``persistence.audit_chain``): the SHA-256 of the
    previous row's chain and this row's columns, written when the job that added the row commits.
    The program only ever adds rows; a row edited, removed or added outside it breaks the chain."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_entity", "entity", "entity_id"),)
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=_now, index=True, sa_type=Timestamp)
    actor: str
    action: str  # create, update, status, delete, move, login, login_failed, export, print, …
    entity: str  # resident, household, village, user, document, …
    entity_id: int | None = None
    entity_key: str = ""  # NIK or No. KK (kept even after a delete), a period, a user name
    field: str = ""
    old_value: str | None = None
    new_value: str | None = None
    reason: str = ""
    chain: str | None = None  # hex SHA-256; empty until the adding job commits


class AuditSeal(SQLModel, table=True):
    """The chain's head (one row): the last sealed entry, its chain and how many entries there
    are. Removing the newest entries leaves a chain that is whole up to its new end; the head
    still names the entry that was last, so the removal shows."""

    __tablename__ = "audit_seal"
    id: int | None = Field(default=None, primary_key=True)
    last_id: int = 0
    chain: str = ""
    entries: int = 0
    sealed_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)


audit_t = _table(AuditLog)
audit_seal_t = _table(AuditSeal)
