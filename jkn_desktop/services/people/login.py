"""Logging in: the password checked against its Argon2id hash, wrong ones counted and slowed down,
every attempt in the audit trail (UU 27/2022: who looked at personal data, and who tried).

A failed attempt must be remembered even though it is refused, so :func:`login` never raises for a
wrong password: it returns a :class:`LoginOutcome` whose ``error`` the caller raises after the
job has committed the count and the audit row.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select, update

from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import app_user_t
from jkn_desktop.persistence.work import Work
from jkn_desktop.records.people import Actor
from jkn_desktop.services import audit
from jkn_desktop.services.people.accounts import HASHER, _verify, username_key

FREE_ATTEMPTS = 3  # wrong passwords in a row before the next attempt must wait
MAX_WAIT_SECONDS = 300


def wait_after(failures: int) -> int:
    """Seconds the next attempt waits after ``failures`` wrong passwords in a row: none for the
    first two, then 5, 10, 20, … up to five minutes."""
    if failures < FREE_ATTEMPTS:
        return 0
    return int(min(5 * 2 ** (failures - FREE_ATTEMPTS), MAX_WAIT_SECONDS))


@dataclass(frozen=True)
class LoginOutcome:
    actor: Actor | None
    error: UserError | None = None
    must_set_password: bool = False  # logged in, but the window asks for a new password first


# a hash to verify against when the name is unknown, so both answers take as long
_DUMMY_HASH = HASHER.hash("bukan-kata-sandi-siapa-pun")


def login(work: Work, username: str, password: str) -> LoginOutcome:
    work.open_to_all()
    typed = " ".join(username.split())
    row = work.conn.execute(
        select(app_user_t).where(app_user_t.c.username_key == username_key(typed))
    ).first()
    if row is None:
        _verify(_DUMMY_HASH, password)
        _note(work, "login_failed", None, typed, "nama tidak dikenal")
        return LoginOutcome(None, UserError("LOGIN_FAILED"))
    if row.disabled:
        _note(work, "login_failed", row.id, row.username, "akun nonaktif")
        return LoginOutcome(None, UserError("LOGIN_DISABLED", username=row.username))
    wait = _seconds_left(work.now, row.last_failed_at, row.failed_logins)
    if wait > 0:
        return LoginOutcome(None, UserError("LOGIN_WAIT", count=row.failed_logins, seconds=wait))
    if row.password_hash and not _verify(row.password_hash, password):
        failures = row.failed_logins + 1
        work.conn.execute(
            update(app_user_t)
            .where(app_user_t.c.id == row.id)
            .values(failed_logins=failures, last_failed_at=work.now)
        )
        _note(work, "login_failed", row.id, row.username, f"kata sandi salah ({failures}×)")
        return LoginOutcome(None, UserError("LOGIN_FAILED"))
    values: dict[str, object] = {"failed_logins": 0, "last_login_at": work.now}
    if row.password_hash and HASHER.check_needs_rehash(row.password_hash):
        values["password_hash"] = HASHER.hash(password)
    work.conn.execute(update(app_user_t).where(app_user_t.c.id == row.id).values(**values))
    _note(work, "login", row.id, row.username, "")
    from jkn_desktop.domain.roles import parse_roles

    actor = Actor(
        username=row.username,
        roles=parse_roles(row.roles),
        full_name=row.full_name,
        user_id=row.id,
        area=row.area,
    )
    return LoginOutcome(
        actor, must_set_password=bool(row.must_change_password) or not row.password_hash
    )


def _seconds_left(now: dt.datetime, last_failed: dt.datetime | None, failures: int) -> int:
    wait = wait_after(failures)
    if not wait or last_failed is None:
        return 0
    left = (last_failed + dt.timedelta(seconds=wait) - now).total_seconds()
    return max(0, int(left + 0.999))


def _note(work: Work, action: str, user_id: int | None, name: str, reason: str) -> None:
    # the attempt is recorded under the name typed, not the job's (nobody is logged in yet)
    audit.note(
        work,
        action=action,
        entity="user",
        entity_id=user_id,
        entity_key=name,
        reason=reason,
        actor=name or "-",
    )
