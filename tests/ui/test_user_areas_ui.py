"""Pengaturan › Pengguna on a consolidation database (issue 17, decision 48): the admin gives each
staff member a working area when adding them and can move them later; the table shows it; a
code outside the kecamatan is refused in Indonesian. A village's database has no areas to give."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from jkn_desktop.services.people import accounts as A
from tests.ui.conftest import settle
from tests.ui.kecamatan_fixtures import kec_window, kecamatan_file  # noqa: F401
from ui.pages.pengaturan_users import AREA_COLUMN, AccountDialog


def _row_of(panel, username: str) -> int:  # type: ignore[no-untyped-def]
    return next(r for r, u in enumerate(panel.users) if u.username == username)


def test_an_admin_gives_and_moves_a_staff_members_area(
    qtbot,
    kec_window,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # the first account is the kecamatan's admin; the staff come after
    kec_window.ctx.db.run(A.add_account, "admin", "admin-kecamatan-1", ["admin"])
    kec_window.show_page("Pengaturan")
    settle(qtbot, kec_window)
    panel = kec_window.pages["Pengaturan"].users
    panel.reload()
    settle(qtbot, kec_window)
    assert not panel.table.isColumnHidden(AREA_COLUMN)
    assert panel.area_btn.isVisibleTo(panel)

    dialog = AccountDialog(kec_window.ctx, panel)
    dialog.username.setText("sari")
    dialog.full_name.setText("Sari Rahayu")
    dialog.password.setText("sementara-123")
    dialog.area.setText("33.13.05.2001")
    dialog._save()
    settle(qtbot, kec_window)
    assert dialog.error.text() == ""
    assert dialog.result() == dialog.DialogCode.Accepted
    panel.reload()
    settle(qtbot, kec_window)
    row = _row_of(panel, "sari")
    assert panel.table.item(row, AREA_COLUMN).text() == "33.13.05.2001"

    # moved to the whole kecamatan
    panel.table.selectRow(row)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("3313 05", True))
    panel.area_btn.click()
    settle(qtbot, kec_window)
    row = _row_of(panel, "sari")
    assert panel.table.item(row, AREA_COLUMN).text() == "33.13.05"
    users = {u.username: u for u in kec_window.ctx.db.run(A.list_accounts, write=False)}
    assert users["sari"].area == "33.13.05"

    # a code of another shape is refused where the admin sees it, nothing changed
    panel.table.selectRow(row)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("33.13.0", True))
    panel.area_btn.click()
    settle(qtbot, kec_window)
    assert panel.error.isVisibleTo(panel)
    assert "33.13.0" in panel.error.text()
    users = {u.username: u for u in kec_window.ctx.db.run(A.list_accounts, write=False)}
    assert users["sari"].area == "33.13.05"


def test_a_villages_pengguna_page_has_no_areas(qtbot, window) -> None:
    window.show_page("Pengaturan")
    settle(qtbot, window)
    panel = window.pages["Pengaturan"].users
    assert panel.table.isColumnHidden(AREA_COLUMN)
    assert not panel.area_btn.isVisibleTo(panel)
    dialog = AccountDialog(window.ctx, panel)
    assert not dialog.area.isVisibleTo(dialog)
    dialog.close()
