"""Backups and restore are the admin's; anyone may undo a step whose changes since are all their
own, nobody else's."""

from __future__ import annotations

import pytest

from jkn_desktop.domain import backups as B
from jkn_desktop.errors import UserError
from jkn_desktop.records.households import HouseholdInput
from jkn_desktop.records.people import Actor
from jkn_desktop.services.backup import making as M
from jkn_desktop.services.backup import restoring as R
from jkn_desktop.services.backup import undo as U
from jkn_desktop.services.database import Database
from jkn_desktop.services.people import accounts as A
from jkn_desktop.services.people.login import login
from jkn_desktop.services.registry import households

PW = "rahasia-desa-1"


@pytest.fixture
def office(demo_db: Database) -> Database:
    demo_db.run(A.add_account, "wahyuni", PW, ["admin"])
    admin = demo_db.run(login, "wahyuni", PW).actor
    demo_db.run(A.add_account, "budi", "operator-1", ["operator"], user=admin)
    demo_db.run(A.add_account, "ani", "operator-2", ["operator"], user=admin)
    return demo_db


def _as(db: Database, name: str, password: str) -> Actor:
    actor = db.run(login, name, password).actor
    assert actor is not None
    db.session = actor
    return actor


def _attempts(office: Database, tmp_path, source) -> list:  # type: ignore[no-untyped-def]
    return [
        lambda: M.take_backup(office),
        lambda: M.list_backups(office),
        lambda: M.export_backup(office, tmp_path / "x.jknbak", "kata-sandi-1"),
        lambda: R.inspect_backup(office, source),
        lambda: R.restore_backup(office, source),
    ]


def test_an_operator_may_not_back_up_or_restore(office: Database, tmp_path) -> None:
    """On a file and on a server alike the operator is refused for the role; on a server the
    admin then hears that its backups are the server administrator's (decision 47)."""
    _as(office, "wahyuni", PW)
    if office.on_server:
        source = tmp_path / "cadangan.jknbak"  # a backup file someone brought along
        source.write_bytes(b"JKN")
        for attempt in _attempts(office, tmp_path, source):
            with pytest.raises(UserError) as caught:
                attempt()
            assert caught.value.code == "DB_ON_SERVER"
            assert "pengelola server" in caught.value.message
    else:
        source = M.take_backup(office).path
    _as(office, "budi", "operator-1")
    for attempt in _attempts(office, tmp_path, source):
        with pytest.raises(UserError) as caught:
            attempt()
        assert caught.value.code == "NOT_PERMITTED"
    assert not (tmp_path / "x.jknbak").exists()
    step = M.before_step(office, B.BEFORE_RESIDENT_IMPORT)
    if office.on_server:  # the program keeps no backups on a server
        assert step is None
        with pytest.raises(UserError) as caught:
            U.undo_plan(office)
        assert caught.value.code == "UNDO_ON_SERVER"
    else:  # the automatic backup before a step is taken for anyone
        assert step is not None
        assert step.kind == B.BEFORE_RESIDENT_IMPORT


@pytest.mark.file_only  # undo restores a backup file beside the database
def test_an_operator_undoes_their_own_step_but_not_anothers_work(office: Database) -> None:
    budi = _as(office, "budi", "operator-1")
    M.before_step(office, B.BEFORE_RESIDENT_IMPORT)
    office.run(households.create, HouseholdInput("3313050101209991", "Jl. Baru 1"), user=budi)
    # only Budi changed anything since: he may undo it
    plan = U.undo_plan(office)
    U.undo_last_step(office, plan)
    assert office.run(households.find_by_no_kk, "3313050101209991", write=False) is None

    budi = _as(office, "budi", "operator-1")
    M.before_step(office, B.BEFORE_RESIDENT_IMPORT)
    office.run(households.create, HouseholdInput("3313050101209992", "Jl. Baru 2"), user=budi)
    ani = _as(office, "ani", "operator-2")
    office.run(households.create, HouseholdInput("3313050101209993", "Jl. Baru 3"), user=ani)
    _as(office, "budi", "operator-1")
    with pytest.raises(UserError) as caught:
        U.undo_last_step(office, U.undo_plan(office))
    assert caught.value.code == "UNDO_OTHERS"
    assert "ani" in caught.value.message
    assert office.run(households.find_by_no_kk, "3313050101209993", write=False) is not None
