"""The window on a database on a PostgreSQL server (issue 17): every page opens with the same
figures the services give, and when the server drops the window's connections (a network cut,
a restarted server) the next page still shows its rows: the window reconnects by itself."""

from __future__ import annotations

import pytest

from jkn_desktop.domain.roles import ROLES
from jkn_desktop.records.people import Actor
from jkn_desktop.services.membership.coverage import coverage
from jkn_desktop.services.registry.stats import registry_stats
from tests.conftest import _pg_admin, server_address
from tests.ui.conftest import settle
from ui.mainwindow import PAGE_NAMES

NAME = "ui_server_window"


@pytest.fixture
def server_village(pg_server: str, pg_template: str):  # type: ignore[no-untyped-def]
    from jkn_desktop.demo.village import generate
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    _pg_admin(pg_server, f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')
    _pg_admin(pg_server, f'CREATE DATABASE "{NAME}" TEMPLATE "{pg_template}"')
    address = server_address(pg_server, NAME)
    db = open_database(address)
    info = db.run(resolve_identity, "33.13.05.2006", kepala_desa="Sutrisno", operator="Operator")
    db.run(save_village, info)
    generate(db, 300, seed=5)
    db.close()
    yield address
    _pg_admin(pg_server, f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')


@pytest.fixture
def server_window(qtbot, server_village):  # type: ignore[no-untyped-def]
    from ui.app import build_window

    win = build_window(server_village, first_run=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.ready, timeout=20000)
    win.ctx.db.session = Actor(username="penguji", roles=tuple(ROLES), full_name="Penguji")
    settle(qtbot, win)
    yield win
    win.ctx.runner.shutdown()
    win.ctx.db.close()


def test_every_page_opens_on_a_server_with_the_services_figures(qtbot, server_window) -> None:
    db = server_window.ctx.db
    assert db.on_server
    for name in PAGE_NAMES:
        page = server_window.show_page(name)
        settle(qtbot, server_window)
        assert server_window.stack.currentWidget() is page
    server_window.show_page("Penduduk")
    settle(qtbot, server_window)
    living = db.run(registry_stats, write=False).living
    assert server_window.pages["Penduduk"].model.rowCount() == living
    beranda = server_window.show_page("Beranda")
    settle(qtbot, server_window)
    figures = db.run(coverage, write=False)
    shown = beranda.cards["living"].value.text()  # type: ignore[attr-defined]
    assert shown.replace(".", "") == str(figures.total.population)
    # the status line names the server's database, never a password or a file
    assert "postgresql://" in str(db.location)
    # Pengaturan › Cadangan says whose the backups are, with no file buttons to fail
    server_window.show_page("Pengaturan")
    settle(qtbot, server_window)
    panel = server_window.pages["Pengaturan"].backups
    assert "pg_dump" in panel.intro.text()
    assert not panel.export_btn.isVisibleTo(panel)
    assert not panel.undo_btn.isVisibleTo(panel)


def test_the_window_reconnects_after_the_server_drops_its_connections(
    qtbot, server_window, pg_server
) -> None:
    db = server_window.ctx.db
    server_window.show_page("Penduduk")
    settle(qtbot, server_window)
    before = server_window.pages["Penduduk"].model.rowCount()
    _pg_admin(
        pg_server,
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
        f"WHERE datname = '{NAME}' AND pid <> pg_backend_pid()",
    )
    server_window.show_page("Keluarga")
    settle(qtbot, server_window)
    server_window.show_page("Penduduk")
    page = server_window.pages["Penduduk"]
    page.search.setText("a")  # type: ignore[attr-defined]
    settle(qtbot, server_window)
    page.search.setText("")  # type: ignore[attr-defined]
    settle(qtbot, server_window)
    assert page.model.rowCount() == before
    assert db.run(registry_stats, write=False).living == before
