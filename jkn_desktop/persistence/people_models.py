"""The people who use the program (migration 0011): their accounts, roles and login state. Kept
apart from ``models`` so each stays small; both share one metadata."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from jkn_desktop.persistence.models import _now, _table
from jkn_desktop.persistence.types import Timestamp


class AppUser(SQLModel, table=True):
    """One account. ``username_key`` is the name as typed at login, case-folded and trimmed, so
    "Sri" and "sri " are one account. ``password_hash`` is an Argon2id hash (argon2-cffi's encoded
    form, parameters included); empty while the account must set its password at the next start
    (an operator name carried over from before accounts existed)."""

    __tablename__ = "app_user"
    __table_args__ = (UniqueConstraint("username_key"),)
    id: int | None = Field(default=None, primary_key=True)
    username: str
    username_key: str
    full_name: str = ""
    roles: str  # keys of domain.roles.ROLES, comma-separated ("sekretaris,admin")
    # the area the account works in (migration 0016): a village, kecamatan or kabupaten code;
    # empty for the whole database. On a server its jobs see only that area's rows (decision 48)
    area: str = ""
    password_hash: str = ""
    must_change_password: bool = False
    disabled: bool = False
    failed_logins: int = 0  # wrong passwords in a row; the next attempt waits longer
    last_failed_at: dt.datetime | None = Field(default=None, sa_type=Timestamp)
    last_login_at: dt.datetime | None = Field(default=None, sa_type=Timestamp)
    created_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)
    updated_at: dt.datetime = Field(default_factory=_now, sa_type=Timestamp)


app_user_t = _table(AppUser)
