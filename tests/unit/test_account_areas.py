"""Accounts carry an area (issue 17, decision 48): given when the account is added or changed,
checked, carried by the person's login into every job they run — on a file and on a server."""

from __future__ import annotations

from typing import Any

import pytest

from jkn_desktop.errors import UserError
from jkn_desktop.records.area import Scope, area_level, normalize_area
from jkn_desktop.services.people import accounts as A
from jkn_desktop.services.people.login import login

PW = "rahasia-kantor-1"


def _login(db: Any, name: str) -> Any:
    with db.work(name, beside_writer=True) as w:
        outcome = login(w, name, PW)
    assert outcome.actor is not None
    return outcome.actor


def _scope_of(db: Any, who: Any, scope: Scope | None = None) -> Scope:
    with db.work(who, write=False, scope=scope or Scope()) as w:
        return w.scope  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("typed", "kode", "level"),
    [
        ("3313", "33.13", "kabupaten"),
        ("33.13.05", "33.13.05", "kecamatan"),
        ("3313052006", "33.13.05.2006", "desa"),
        (" * ", "", ""),
        ("", "", ""),
        ("33.1", "33.1", None),
        ("Matesih", "Matesih", None),
    ],
)
def test_area_codes_are_read_as_typed(typed: str, kode: str, level: str | None) -> None:
    assert normalize_area(typed) == kode
    assert area_level(kode) == level


def test_an_account_works_in_its_area_and_its_jobs_run_there(db: Any) -> None:
    db.run(A.add_account, "admin", PW, ["admin"])
    admin = _login(db, "admin")
    with db.work(admin) as w:
        A.add_account(w, "sari", PW, ["operator"], area="331305")
        A.add_account(w, "budi", PW, ["operator"], area="33.13.05.2001")
    sari = _login(db, "sari")
    assert sari.area == "33.13.05"
    assert _scope_of(db, sari) == Scope("33.13.05", "kecamatan")
    # a job may narrow the area to a village inside it, never widen it
    assert _scope_of(db, sari, Scope("33.13.05.2001")).kode == "33.13.05.2001"
    with pytest.raises(UserError) as refused:
        _scope_of(db, _login(db, "budi"), Scope("33.13.05", "kecamatan"))
    assert refused.value.code == "AREA_OUTSIDE"
    # the whole database's admin works everywhere
    assert _scope_of(db, admin) == Scope()
    with db.work(admin, write=False) as w:
        areas = {u.username: u.area for u in A.list_accounts(w)}
    assert areas == {"admin": "", "sari": "33.13.05", "budi": "33.13.05.2001"}


def test_an_area_is_checked_and_an_admin_gives_only_areas_inside_their_own(db: Any) -> None:
    db.run(A.add_account, "admin", PW, ["admin"])
    admin = _login(db, "admin")
    with pytest.raises(UserError) as bad, db.work(admin) as w:
        A.add_account(w, "tono", PW, ["operator"], area="Matesih")
    assert bad.value.code == "USER_AREA_BAD"
    assert "PP.KK.SS" in bad.value.message
    with db.work(admin) as w:
        A.add_account(w, "camat", PW, ["admin"], area="33.13.05")
    camat = _login(db, "camat")
    with db.work(camat) as w:
        A.add_account(w, "operator desa", PW, ["operator"], area="33.13.05.2006")
    for outside in ("33.13.06", "", "33.13"):
        with pytest.raises(UserError) as refused, db.work(camat) as w:
            A.set_area(w, "operator desa", outside)
        assert refused.value.code == "AREA_OUTSIDE"
    with db.work(admin) as w:
        A.set_area(w, "operator desa", "33.13.06.2001")
    assert _login(db, "operator desa").area == "33.13.06.2001"


def test_the_command_line_adds_a_user_with_an_area_and_lists_it(
    tmp_path: Any, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from jkn_desktop.cli import main

    file = str(tmp_path / "kecamatan.sqlite3")
    monkeypatch.setenv("JKN_DESKTOP_NEW_PASSWORD", PW)
    monkeypatch.setenv("JKN_DESKTOP_PASSWORD", PW)
    assert main(["--db", file, "user", "add", "admin", "--peran", "admin"]) == 0
    as_admin = ["--db", file, "--user", "admin", "user"]
    assert main([*as_admin, "add", "sari", "--peran", "operator", "--wilayah", "331305"]) == 0
    assert main([*as_admin, "add", "tono", "--peran", "operator", "--wilayah", "Matesih"]) == 2
    assert "Wilayah 'Matesih' tidak dikenal" in capsys.readouterr().err
    assert main([*as_admin, "area", "sari", "--wilayah", "33.13.05.2006"]) == 0
    capsys.readouterr()
    assert main([*as_admin, "list"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert any(line.startswith("sari\t") and "\t33.13.05.2006\t" in line for line in lines)
    assert any(line.startswith("admin\t") and "\tseluruh wilayah\t" in line for line in lines)
