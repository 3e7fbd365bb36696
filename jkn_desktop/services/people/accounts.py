"""Accounts: adding people, their roles, passwords, disabling; listing them for the admin.

Passwords are hashed with Argon2id (argon2-cffi); the hash carries its own parameters, so they can
be raised later and old hashes still verify (and are re-hashed at the next login). Nothing here
logs or stores a password in clear.
"""

from __future__ import annotations

import re

from argon2 import PasswordHasher
from sqlalchemy import func, insert, select, update

from jkn_desktop.domain.roles import (
    MIN_PASSWORD_LENGTH,
    ROLE_WORDS,
    ROLES,
    USERS,
    parse_roles,
)
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import app_user_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.area import Scope, area_level, normalize_area
from jkn_desktop.records.changes import USER
from jkn_desktop.records.people import UserInfo
from jkn_desktop.services import audit

# Argon2id, chosen for a village laptop (docs/decisions.md, "Accounts"): 64 MiB and 3 passes over
# 2 lanes take about 0.1–0.2 s on the reference machine, well inside the 1 s a login may take.
HASHER = PasswordHasher(time_cost=3, memory_cost=64 * 1024, parallelism=2)

_NAME = re.compile(r"^[\w.][\w. -]{0,39}$")


def username_key(username: str) -> str:
    return " ".join(username.split()).casefold()


def clean_username(username: str) -> str:
    name = " ".join(username.split())
    if not name:
        raise UserError("USER_NAME_EMPTY")
    if not _NAME.match(name):
        raise UserError("USER_NAME_BAD", username=name)
    return name


def check_new_password(username: str, password: str, repeat: str | None = None) -> None:
    if repeat is not None and password != repeat:
        raise UserError("PASSWORD_MISMATCH")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise UserError("PASSWORD_SHORT", min=MIN_PASSWORD_LENGTH, length=len(password))
    if username_key(password) == username_key(username):
        raise UserError("PASSWORD_SAME_AS_NAME")


def check_roles(username: str, roles: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    for role in roles:
        if role not in ROLES:
            raise UserError("USER_ROLE_UNKNOWN", role=role, choices=", ".join(ROLES))
    ordered = tuple(r for r in ROLES if r in roles)
    if not ordered:
        raise UserError("USER_NO_ROLE", username=username)
    return ordered


def check_area(work: Work, area: str) -> str:
    """An account's area as a dotted Kemendagri code (``""``: the whole database). An admin who
    works in an area gives only areas inside it (decision 48)."""
    kode = normalize_area(area)
    if area_level(kode) is None:
        raise UserError("USER_AREA_BAD", area=area.strip())
    own = work.actor.area
    if own and not (kode and Scope.of(own).contains(kode)):
        raise UserError("AREA_OUTSIDE", kode=kode or "seluruh wilayah", area=own)
    return kode


def count_accounts(work: Work) -> int:
    return int(work.conn.execute(select(func.count()).select_from(app_user_t)).scalar_one())


def _row(work: Work, username: str):  # type: ignore[no-untyped-def]
    row = work.conn.execute(
        select(app_user_t).where(app_user_t.c.username_key == username_key(username))
    ).first()
    if row is None:
        raise UserError("USER_UNKNOWN", username=" ".join(username.split()))
    return row


def add_account(
    work: Work,
    username: str,
    password: str,
    roles: tuple[str, ...] | list[str],
    *,
    full_name: str = "",
    must_change_password: bool = False,
    area: str = "",
) -> int:
    """A new account. The file's first account needs no one logged in and must be an admin;
    every later one is added by an admin. ``area``: the Kemendagri code of the village,
    kecamatan or kabupaten the person works in; empty for the whole database."""
    first = count_accounts(work) == 0
    if first:
        work.open_to_all()
    else:
        work.require(USERS)
    name = clean_username(username)
    ordered = check_roles(name, roles)
    if first and "admin" not in ordered:
        raise UserError("USER_FIRST_ADMIN")
    check_new_password(name, password)
    kode = check_area(work, area)
    taken = work.conn.execute(
        select(app_user_t.c.id).where(app_user_t.c.username_key == username_key(name))
    ).first()
    if taken is not None:
        raise UserError("USER_EXISTS", username=name)
    inserted = work.conn.execute(
        insert(app_user_t).values(
            username=name,
            username_key=username_key(name),
            full_name=" ".join(full_name.split()),
            roles=",".join(ordered),
            area=kode,
            password_hash=HASHER.hash(password),
            must_change_password=must_change_password,
            created_at=work.now,
            updated_at=work.now,
        )
    ).inserted_primary_key
    assert inserted is not None
    new_id = int(inserted[0])
    audit.note(
        work,
        action="create",
        entity=USER,
        entity_id=new_id,
        entity_key=name,
        changes={"roles": (None, ",".join(ordered)), "area": (None, kode)},
    )
    work.touch(USER, new_id)
    return new_id


def list_accounts(work: Work) -> list[UserInfo]:
    work.require(USERS)
    t = app_user_t
    rows = work.conn.execute(select(t).order_by(t.c.disabled, t.c.username_key))
    return [
        UserInfo(
            id=r.id,
            username=r.username,
            full_name=r.full_name,
            roles=parse_roles(r.roles),
            disabled=bool(r.disabled),
            must_change_password=bool(r.must_change_password) or not r.password_hash,
            last_login_at=r.last_login_at,
            created_at=r.created_at,
            area=r.area,
        )
        for r in rows
    ]


def _active_admins(work: Work) -> list[str]:
    rows = work.conn.execute(
        select(app_user_t.c.username_key, app_user_t.c.roles).where(
            app_user_t.c.disabled.is_(False)
        )
    )
    return [r.username_key for r in rows if "admin" in parse_roles(r.roles)]


def set_roles(work: Work, username: str, roles: tuple[str, ...] | list[str]) -> None:
    work.require(USERS)
    row = _row(work, username)
    ordered = check_roles(row.username, roles)
    if "admin" not in ordered and _active_admins(work) == [row.username_key]:
        raise UserError("USER_LAST_ADMIN", username=row.username)
    _update(work, row, {"roles": (row.roles, ",".join(ordered))})


def set_area(work: Work, username: str, area: str) -> None:
    """Move an account to another area (its next login works there)."""
    work.require(USERS)
    row = _row(work, username)
    _update(work, row, {"area": (row.area, check_area(work, area))})


def set_disabled(work: Work, username: str, disabled: bool = True) -> None:
    """Disable an account (it can no longer log in; its name stays in the audit trail) or enable
    it again."""
    work.require(USERS)
    row = _row(work, username)
    if disabled and row.username_key == username_key(work.user):
        raise UserError("USER_SELF_DISABLE")
    if disabled and _active_admins(work) == [row.username_key]:
        raise UserError("USER_LAST_ADMIN", username=row.username)
    _update(work, row, {"disabled": (bool(row.disabled), disabled)})


def set_password(
    work: Work, username: str, new_password: str, *, old_password: str | None = None
) -> None:
    """A new password. One's own: with the old one (or, right after logging in on an account that
    must set one, without it). Another person's: an admin's reset, which makes them choose their
    own at the next login."""
    row = _row(work, username)
    own = row.username_key == username_key(work.user) and not work.actor.is_system
    if own:
        work.open_to_all()
        needs_old = bool(row.password_hash) and not row.must_change_password
        if needs_old and (old_password is None or not _verify(row.password_hash, old_password)):
            raise UserError("PASSWORD_WRONG_OLD")
    else:
        work.require(USERS)
    check_new_password(row.username, new_password)
    work.conn.execute(
        update(app_user_t)
        .where(app_user_t.c.id == row.id)
        .values(
            password_hash=HASHER.hash(new_password),
            must_change_password=not own,
            failed_logins=0,
            updated_at=work.now,
        )
    )
    audit.note(
        work,
        action="password",
        entity=USER,
        entity_id=row.id,
        entity_key=row.username,
        reason="diganti sendiri" if own else "diatur ulang oleh admin",
    )
    work.touch(USER, row.id)


def _verify(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(HASHER.verify(password_hash, password))
    except (VerificationError, InvalidHashError):
        return False


def _update(work: Work, row, changes: dict[str, tuple[object, object]]) -> None:  # type: ignore[no-untyped-def]
    values = {k: (",".join(v) if isinstance(v, tuple) else v) for k, (_, v) in changes.items()}
    work.conn.execute(
        update(app_user_t).where(app_user_t.c.id == row.id).values(**values, updated_at=work.now)
    )
    audit.note(
        work,
        action="update",
        entity=USER,
        entity_id=row.id,
        entity_key=row.username,
        changes=changes,
    )
    work.touch(USER, row.id)


def role_choices() -> list[tuple[str, str]]:
    """(key, Indonesian name) of every role, for the command line's help and the dialogs."""
    return list(ROLE_WORDS.items())
