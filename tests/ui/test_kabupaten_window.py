"""The window on a kabupaten's database (issue 17, decision 90): the consolidation's pages, named
for the kabupaten, not an empty "Kecamatan"."""

from __future__ import annotations

import pytest

from tests.ui.conftest import settle


@pytest.fixture
def kab_window(qtbot, db):  # type: ignore[no-untyped-def]
    from jkn_desktop.domain.roles import ROLES
    from jkn_desktop.records.people import Actor
    from jkn_desktop.services.kabupaten.identity import init_kabupaten
    from ui.app import build_window

    db.run(init_kabupaten, "33.13", kepala="Dra. Sri Wahyuni")
    win = build_window(db.path, first_run=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.ready, timeout=10000)
    win.ctx.db.session = Actor(username="penguji", roles=tuple(ROLES), full_name="Penguji")
    settle(qtbot, win)
    yield win
    win.ctx.runner.shutdown()
    win.ctx.db.close()


def test_a_kabupaten_database_opens_the_consolidation_pages(kab_window) -> None:
    from ui.mainwindow import KECAMATAN_PAGE_NAMES

    assert kab_window.visible_pages() == KECAMATAN_PAGE_NAMES
    assert kab_window.windowTitle().endswith("— Kabupaten Karanganyar")
    assert kab_window.village_label.text().startswith("Kabupaten Karanganyar · 33.13 · v")
    assert "Kecamatan" not in kab_window.windowTitle()
