"""The window on a kecamatan's file (issue #15): the first run's choice, the kecamatan's pages
instead of the village's, and Pengaturan's identity and villages list."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialog

from tests.ui.conftest import settle

PW = "rahasia-kecamatan-1"


def _shown(cls):  # type: ignore[no-untyped-def]
    for w in QApplication.topLevelWidgets():
        if isinstance(w, cls) and w.isVisible():
            return w
    return None


def _later(fn) -> None:  # type: ignore[no-untyped-def]
    QTimer.singleShot(30, fn)


@pytest.fixture
def kecamatan_db(db):  # type: ignore[no-untyped-def]
    """A kecamatan's file: Matesih (Karanganyar) with its villages from the region data."""
    from jkn_desktop.services.kecamatan.identity import init_kecamatan

    db.run(init_kecamatan, "33.13.05", camat="Drs. Sutopo", camat_nip="197001011990031001")
    return db


@pytest.fixture
def kec_window(qtbot, kecamatan_db):  # type: ignore[no-untyped-def]
    from jkn_desktop.domain.roles import ROLES
    from jkn_desktop.records.people import Actor
    from ui.app import build_window

    win = build_window(kecamatan_db.path, first_run=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.ready, timeout=10000)
    win.ctx.db.session = Actor(username="penguji", roles=tuple(ROLES), full_name="Penguji")
    settle(qtbot, win)
    yield win
    win.ctx.runner.shutdown()
    win.ctx.db.close()


def test_the_first_run_as_kecamatan_opens_the_kecamatan_pages(qtbot, db_path: Path) -> None:
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.kecamatan.identity import database_kind, get_kecamatan
    from ui.app import build_window
    from ui.dialogs.identity import FirstRunDialog
    from ui.dialogs.login import FirstAdminDialog
    from ui.mainwindow import KECAMATAN_PAGE_NAMES

    steps: list[str] = []

    def identity() -> None:
        dialog = _shown(FirstRunDialog)
        if dialog is None:
            _later(identity)
            return
        if not steps:
            steps.append("choice")
            dialog.as_kecamatan.setChecked(True)
            form = dialog.kecamatan_form
            form.kode.setText("331305")
            form._kode_typed()
            _later(identity)
            return
        form = dialog.kecamatan_form
        if form.names["kecamatan"].text() != "Matesih":
            _later(identity)  # the lists follow the typed code, the names with them
            return
        assert form.kode.text() == "33.13.05"
        assert form.combos[2].currentData() == "33.13.05"
        form.camat.setText("Drs. Sutopo")
        steps.append("identity")
        dialog._save()
        _later(admin)

    def admin() -> None:
        dialog = _shown(FirstAdminDialog)
        if dialog is None:
            _later(admin)
            return
        assert "Sekretaris Kecamatan" in dialog.secretary.text()
        dialog.username.setText("wahyuni")
        dialog.full_name.setText("Sri Wahyuni")
        dialog.password.setText(PW)
        dialog.repeat.setText(PW)
        steps.append("admin")
        dialog.submit()

    _later(identity)
    win = build_window(db_path, first_run=True)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.ready, timeout=20000)
    settle(qtbot, win)
    assert steps == ["choice", "identity", "admin"]
    assert win.visible_pages() == KECAMATAN_PAGE_NAMES
    assert "Kecamatan Matesih" in win.windowTitle()
    assert "Sekretaris Kecamatan + Admin" in win.account_button.text()
    assert "Desa" not in win.account_button.text()
    win.ctx.runner.shutdown()
    win.ctx.db.close()
    db = open_database(db_path)
    assert db.run(database_kind, write=False) == "kecamatan"
    info = db.run(get_kecamatan, write=False)
    assert (info.kecamatan, info.camat) == ("Matesih", "Drs. Sutopo")
    db.close()


def test_a_village_file_still_opens_the_village_pages(window) -> None:
    from ui.mainwindow import PAGE_NAMES

    assert window.visible_pages() == PAGE_NAMES
    assert window.ctx.kecamatan is None
    assert "Desa Girilayu" in window.windowTitle()


def test_settings_keep_the_camat_and_the_villages_list(qtbot, kec_window) -> None:
    from jkn_desktop.services.kecamatan.identity import get_kecamatan, villages
    from ui.pages.kecamatan.pengaturan import VillageDialog

    win = kec_window
    db = win.ctx.db
    page = win.show_page("Pengaturan")
    settle(qtbot, win)
    assert page.identity.kode.text() == "33.13.05"
    assert page.identity.camat.text() == "Drs. Sutopo"
    page.identity.camat.setText("Drs. Sutopo, M.Si.")
    page.identity.camat_nip.setText("197001011990031002")
    page.identity.save()
    settle(qtbot, win)
    info = db.run(get_kecamatan, write=False)
    assert (info.camat, info.camat_nip) == ("Drs. Sutopo, M.Si.", "197001011990031002")

    panel = page.villages
    page.tabs.setCurrentWidget(panel)
    settle(qtbot, win)
    listed = db.run(villages, write=False)
    assert panel.table.rowCount() == len(listed) > 3
    assert any(panel.table.item(r, 1).text() == "Girilayu" for r in range(len(listed)))

    # a village that no longer sends (merged, say): not expected, with a note
    girilayu = next(v for v in listed if v.name == "Girilayu")
    dialog = VillageDialog(win.ctx, "33.13.05", girilayu, win)
    qtbot.addWidget(dialog)
    dialog.expected.setChecked(False)
    dialog.notes.setText("digabung")
    dialog._save()
    qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=5000)
    after = next(v for v in db.run(villages, write=False) if v.name == "Girilayu")
    assert (after.expected, after.notes) == (False, "digabung")

    # a code of another kecamatan is refused under the field, nothing saved
    added = VillageDialog(win.ctx, "33.13.05", None, win)
    qtbot.addWidget(added)
    added.kode.setText("33.13.06.2001")
    added.name.setText("Bukan Sini")
    added._save()
    settle(qtbot, win)
    assert "33.13.05.DDDD" in added.error.text()
    added.kode.setText("33.13.05.1099")
    added._kind_from_code("33.13.05.1099")
    assert added.kind.currentData() == "kelurahan"
    added.name.setText("Baru")
    added._save()
    qtbot.waitUntil(lambda: added.result() == QDialog.DialogCode.Accepted, timeout=5000)
    assert any(v.kode_wilayah == "33.13.05.1099" for v in db.run(villages, write=False))
