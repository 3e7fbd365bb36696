"""Accounts, logging in and the roles' permissions, checked in the services themselves."""

from __future__ import annotations

import ast
import datetime as dt
import importlib
import inspect
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert, select

from jkn_desktop.domain import roles as perm
from jkn_desktop.domain.roles import ROLES
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import app_user_t, audit_t, setting_t
from jkn_desktop.records.people import Actor
from jkn_desktop.services.database import Database, open_database
from jkn_desktop.services.people import accounts as A
from jkn_desktop.services.people.login import login, wait_after

ROOT = Path(__file__).resolve().parents[2]
SERVICES = ROOT / "jkn_desktop" / "services"
PW = "rahasia-desa-1"


@pytest.fixture
def db(tmp_path: Path) -> Database:
    return open_database(tmp_path / "desa.sqlite3")


def _admin(db: Database) -> None:
    db.run(A.add_account, "Sri Wahyuni", PW, ["admin"], full_name="Sri Wahyuni")


def _as(username: str, *roles: str) -> Actor:
    return Actor(username=username, roles=tuple(roles))


def test_the_first_account_needs_no_login_but_must_be_an_admin(db: Database) -> None:
    with pytest.raises(UserError) as caught:
        db.run(A.add_account, "budi", PW, ["operator"])
    assert caught.value.code == "USER_FIRST_ADMIN"
    assert not db.has_accounts
    _admin(db)
    assert db.has_accounts
    # after that, a job with no one logged in may not add anyone
    with pytest.raises(UserError) as caught:
        db.run(A.add_account, "budi", PW, ["operator"])
    assert caught.value.code == "NOT_PERMITTED"
    assert "Admin" in caught.value.message


def test_passwords_are_hashed_with_argon2id_and_checked(db: Database) -> None:
    _admin(db)
    with db.engine.connect() as conn:
        stored = conn.execute(select(app_user_t.c.password_hash)).scalar_one()
    assert stored.startswith("$argon2id$")
    assert PW not in stored
    ok = db.run(login, "  sri   WAHYUNI ", PW)
    assert ok.error is None
    assert ok.actor is not None
    assert ok.actor.roles == ("admin",)
    bad = db.run(login, "sri wahyuni", "salah-sekali")
    assert bad.actor is None
    assert bad.error is not None
    assert bad.error.code == "LOGIN_FAILED"
    unknown = db.run(login, "siapa", PW)
    assert unknown.error is not None
    assert unknown.error.message == bad.error.message  # does not tell which part was wrong


@pytest.mark.parametrize(
    ("password", "code"),
    [("pendek", "PASSWORD_SHORT"), ("sri wahyuni", "PASSWORD_SAME_AS_NAME")],
)
def test_a_weak_password_is_refused(db: Database, password: str, code: str) -> None:
    with pytest.raises(UserError) as caught:
        db.run(A.add_account, "Sri Wahyuni", password, ["admin"])
    assert caught.value.code == code
    assert not db.has_accounts


def test_wrong_passwords_in_a_row_are_remembered_audited_and_slow_the_next_attempt(
    db: Database,
) -> None:
    _admin(db)
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))
    for i in range(3):
        with db.work("-", now=start + dt.timedelta(seconds=i)) as work:
            assert login(work, "sri wahyuni", "salah-sekali").error is not None
    # the fourth attempt, even with the right password, must wait
    with db.work("-", now=start + dt.timedelta(seconds=3)) as work:
        waiting = login(work, "sri wahyuni", PW)
    assert waiting.error is not None
    assert waiting.error.code == "LOGIN_WAIT"
    assert wait_after(3) == 5
    with db.work("-", now=start + dt.timedelta(seconds=10)) as work:
        assert login(work, "sri wahyuni", PW).actor is not None
    with db.engine.connect() as conn:
        failures = conn.execute(select(app_user_t.c.failed_logins)).scalar_one()
        entries = conn.execute(
            select(audit_t.c.action, audit_t.c.actor).where(audit_t.c.entity == "user")
        ).all()
        actions = [r.action for r in entries]
    # each attempt is recorded under the account it was for, not the job's placeholder name
    assert {r.actor for r in entries if r.action.startswith("login")} == {"Sri Wahyuni"}
    assert failures == 0  # a good login starts the count again
    assert actions.count("login_failed") == 3
    assert actions.count("login") == 1


def test_a_disabled_account_cannot_log_in_and_the_last_admin_stays(db: Database) -> None:
    _admin(db)
    admin = db.run(login, "sri wahyuni", PW).actor
    db.run(A.add_account, "budi", "operator-1", ["operator"], user=admin)
    db.run(A.set_disabled, "budi", True, user=admin)
    out = db.run(login, "budi", "operator-1")
    assert out.error is not None
    assert out.error.code == "LOGIN_DISABLED"
    with pytest.raises(UserError) as caught:
        db.run(A.set_roles, "sri wahyuni", ["sekretaris"], user=admin)
    assert caught.value.code == "USER_LAST_ADMIN"
    with pytest.raises(UserError) as caught:
        db.run(A.set_disabled, "sri wahyuni", True, user=admin)
    assert caught.value.code == "USER_SELF_DISABLE"


def test_an_admin_reset_makes_the_person_choose_their_own_password(db: Database) -> None:
    _admin(db)
    admin = db.run(login, "sri wahyuni", PW).actor
    db.run(A.add_account, "budi", "operator-1", ["operator"], user=admin)
    db.run(A.set_password, "budi", "sementara-9", user=admin)
    first = db.run(login, "budi", "sementara-9")
    assert first.must_set_password
    assert first.actor is not None
    db.run(A.set_password, "budi", "milik-budi-1", user=first.actor)  # no old one asked
    again = db.run(login, "budi", "milik-budi-1")
    assert again.actor is not None
    assert not again.must_set_password
    with pytest.raises(UserError) as caught:  # now the old one is asked for
        db.run(A.set_password, "budi", "lain-lagi-22", user=again.actor)
    assert caught.value.code == "PASSWORD_WRONG_OLD"


def test_a_session_makes_every_named_job_act_for_the_person(db: Database) -> None:
    _admin(db)
    db.session = db.run(login, "sri wahyuni", PW).actor
    users = db.run(A.list_accounts, write=False)  # a plain name: the session's person
    assert [u.username for u in users] == ["Sri Wahyuni"]
    db.session = None
    with pytest.raises(UserError):
        db.run(A.list_accounts, write=False)


def test_a_persons_write_that_asked_no_permission_is_rolled_back(db: Database) -> None:
    _admin(db)
    from jkn_desktop.records.changes import SETTINGS

    def sneak(work: Any) -> None:  # a write that forgot to ask
        work.conn.execute(insert(setting_t).values(key="x", value="1"))
        work.touch(SETTINGS)

    with pytest.raises(RuntimeError):
        db.run(sneak, user=_as("sri wahyuni", "admin"))
    with db.engine.connect() as conn:
        assert conn.execute(select(setting_t.c.key).where(setting_t.c.key == "x")).first() is None


# --------------------------------------------------------------------------- every guard


def _guards() -> list[tuple[str, str, str]]:
    """(module, function, permission) of every service whose first statement (after its
    docstring) is ``work.require(perm.X)``."""
    found = []
    for path in sorted(SERVICES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        for node in tree.body:
            if not isinstance(node, ast.FunctionDef):
                continue
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                body = body[1:]
            first = ast.unparse(body[0]) if body else ""
            if first.startswith("work.require(perm.") and first.endswith(")"):
                name = first.removeprefix("work.require(perm.").removesuffix(")")
                if name.isidentifier():
                    found.append((module, node.name, getattr(perm, name)))
    return found


GUARDS = _guards()


def test_the_guards_were_found() -> None:
    names = {f"{m.rsplit('.', 1)[-1]}.{f}" for m, f, _ in GUARDS}
    assert {"residents.create", "resident_import.import_residents", "dinsos.export_dinsos"} <= names
    assert len(GUARDS) > 60


@pytest.fixture(scope="module")
def guarded_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    return open_database(tmp_path_factory.mktemp("guards") / "desa.sqlite3")


@pytest.mark.parametrize("role", list(ROLES))
def test_each_role_against_each_guarded_service(guarded_db: Database, role: str) -> None:
    """Every guarded service refuses a role without its permission before doing anything, and
    lets a role with it past the check (the dummy arguments then fail elsewhere, or not)."""
    actor = _as(f"uji-{role}", role)
    for module, name, permission in GUARDS:
        fn = getattr(importlib.import_module(module), name)
        params = list(inspect.signature(fn).parameters.values())[1:]
        required = [p for p in params if p.default is inspect.Parameter.empty]
        args = [None for p in required if p.kind == p.POSITIONAL_OR_KEYWORD]
        kwargs = {p.name: None for p in required if p.kind == p.KEYWORD_ONLY}
        try:
            with guarded_db.work(actor) as work:
                fn(work, *args, **kwargs)
                raise _Stop
        except UserError as exc:
            refused = exc.code == "NOT_PERMITTED"
        except Exception:  # past the check, the dummy arguments fail: allowed
            refused = False
        assert refused == (permission not in ROLES[role]), (role, module, name, permission)


class _Stop(Exception):
    """Ends a job that got past its check, so nothing is committed."""


def test_every_public_service_that_writes_asks_for_a_permission() -> None:
    """A write service without a check would let any logged-in person change data."""
    internal = {  # helpers called only from inside guarded services, or before any account
        "audit.note",
        "audit.exported",  # called by each export and printout after its own check
        "_common.delete_audited",
        "guards.ground_warnings",
        "resident_import_write.write",
        "regions.ensure_regions",
    }
    unguarded = []
    for path in sorted(SERVICES.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for node in ast.parse(text).body:
            if not isinstance(node, ast.FunctionDef) or node.name.startswith("_"):
                continue
            if not node.args.args or node.args.args[0].arg != "work":
                continue
            src = ast.get_source_segment(text, node) or ""
            writes = any(w in src for w in ("work.touch(", "insert(", "update(", "delete("))
            asks = "work.require(" in src or "work.open_to_all(" in src
            if writes and not asks and f"{path.stem}.{node.name}" not in internal:
                unguarded.append(f"{path.relative_to(ROOT)}:{node.name}")
    assert unguarded == []
