"""The people who use the program: the acting person of a job and the accounts an admin sees."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from jkn_desktop.domain.roles import ROLE_WORDS, SYSTEM_ROLE, permissions_of, roles_label


@dataclass(frozen=True)
class Actor:
    """Who a job acts for. A logged-in person carries their roles; ``system`` stands for a job with
    no person behind it (a file before its first account, the demo, the self-test, the tests)."""

    username: str
    roles: tuple[str, ...]
    full_name: str = ""
    user_id: int | None = None
    area: str = ""  # the Kemendagri code of the area the person works in; empty: everything

    @classmethod
    def system(cls, name: str = "-") -> Actor:
        return cls(username=name.strip() or "-", roles=(SYSTEM_ROLE,))

    @property
    def is_system(self) -> bool:
        return SYSTEM_ROLE in self.roles

    @property
    def permissions(self) -> frozenset[str]:
        return permissions_of(self.roles)

    def can(self, permission: str) -> bool:
        return permission in self.permissions

    @property
    def display(self) -> str:
        """ "Sri Wahyuni (Sekretaris Desa)" for the title bar and the lock screen."""
        if self.is_system:
            return self.username
        return self.display_in(ROLE_WORDS)

    def display_in(self, words: Mapping[str, str]) -> str:
        """The same with the roles named as this office names them (a kecamatan: "Camat")."""
        if self.is_system:
            return self.username
        return f"{self.full_name or self.username} ({roles_label(self.roles, words)})"


@dataclass(frozen=True)
class UserInfo:
    """One account as the Pengguna page and ``jkn-desktop user list`` show it."""

    id: int
    username: str
    full_name: str
    roles: tuple[str, ...]
    disabled: bool
    must_change_password: bool
    last_login_at: dt.datetime | None
    created_at: dt.datetime
    area: str = ""

    @property
    def roles_label(self) -> str:
        return roles_label(self.roles)
