"""The SKTM tab of the Pelayanan page as a village secretary uses it: the demo's register with its
summary line, an SKTM issued through the dialog (the resident found by name, the next number
offered) and listed at once, printed to PDF through the save dialog, and cancelled with a reason;
the filters; and the page at 1024×600."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QDialog, QFileDialog

from jkn_desktop.records import sktm as S
from jkn_desktop.services.office.sktm_lists import sktm_list, uninsured_holders
from tests.ui.conftest import settle


def _sktm_tab(qtbot, window):
    page = window.show_page("Pelayanan")
    page.tabs.setCurrentIndex(1)
    settle(qtbot, window)
    return page.sktm


def test_issue_an_sktm_from_the_tab_print_it_and_cancel_it(
    qtbot, window, demo_db, monkeypatch, tmp_path
):
    from ui.dialogs import sktm_dialog

    tab = _sktm_tab(qtbot, window)
    before = demo_db.run(sktm_list, write=False)
    assert tab.model.rowCount() == len(before)
    people, _monthly, _rest = demo_db.run(uninsured_holders, write=False)
    assert f"{len(people)} pemegang belum terlindungi JKN" in tab.summary.text()
    assert "biaya iuran dari APBDes" in tab.summary.text()
    holders = {r.resident_id for r in before}
    seen = {}

    def issue(dialog):
        settle(qtbot, window)
        seen["number"] = dialog.number.text()
        with demo_db.work("uji", write=False) as work:  # someone living without an SKTM
            name = work.conn.exec_driver_sql(
                "SELECT name FROM resident WHERE status_dasar = 1 AND id NOT IN "
                f"({','.join(map(str, holders))}) ORDER BY id LIMIT 1"
            ).scalar_one()
        dialog.search.setText(name)
        dialog._search()
        settle(qtbot, window)
        dialog.found.selectRow(0)
        seen["name"] = dialog.chosen.person.name
        dialog.purpose.setCurrentIndex(dialog.purpose.findData("sekolah"))
        dialog.note.setText("SD Negeri 1 Girilayu")
        dialog._save()
        settle(qtbot, window)
        return QDialog.DialogCode.Accepted if dialog.saved_id else QDialog.DialogCode.Rejected

    monkeypatch.setattr(sktm_dialog.SktmDialog, "exec", issue)
    tab.issue_btn.click()
    settle(qtbot, window)
    rows = tab.model.rows()
    assert len(rows) == len(before) + 1
    new = next(r for r in rows if r.number == seen["number"])
    assert new.number.endswith(f"/{dt.date.today().year}")
    assert (new.name, new.purpose, new.state) == (seen["name"], "sekolah", S.BERLAKU)
    assert "SKTM tercatat" in tab.status.text()

    tab.view.selectRow(rows.index(new))
    out = tmp_path / "sktm.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    tab.print_btn.click()
    settle(qtbot, window)
    assert out.exists()
    assert out.read_bytes().startswith(b"%PDF")
    assert str(out) in tab.status.text()

    def cancel(dialog):
        dialog.reason.setText("salah keperluan")
        dialog._save()
        settle(qtbot, window)
        return QDialog.DialogCode.Accepted if dialog.saved else QDialog.DialogCode.Rejected

    monkeypatch.setattr(sktm_dialog.CancelDialog, "exec", cancel)
    tab.cancel_btn.click()
    settle(qtbot, window)
    again = next(r for r in tab.model.rows() if r.id == new.id)
    assert again.state == S.DIBATALKAN
    assert "Dibatalkan" in [
        tab.model.index(tab.model.rows().index(again), c).data()
        for c in range(tab.model.columnCount())
    ]


def test_the_filters_and_the_search(qtbot, window, demo_db):
    tab = _sktm_tab(qtbot, window)
    for key, expected in (
        (S.SHOW_VALID, {S.BERLAKU}),
        (S.SHOW_UNINSURED, {S.BERLAKU}),
    ):
        tab.show_box.setCurrentIndex(tab.show_box.findData(key))
        settle(qtbot, window)
        assert tab.model.rowCount() > 0
        assert {r.state for r in tab.model.rows()} == expected
    tab.show_box.setCurrentIndex(tab.show_box.findData(S.SHOW_EXPIRING))
    settle(qtbot, window)
    today = dt.date.today()
    assert all(
        (r.valid_until.year, r.valid_until.month) == (today.year, today.month)
        for r in tab.model.rows()
    )
    tab.show_box.setCurrentIndex(0)
    first = demo_db.run(sktm_list, write=False)[0]
    tab.search.setText(first.nik)
    qtbot.wait(300)
    settle(qtbot, window)
    assert {r.nik for r in tab.model.rows()} == {first.nik}


def test_the_tab_and_the_dialog_fit_a_small_laptop_screen(qtbot, window):
    from ui.dialogs.sktm_dialog import SktmDialog

    window.resize(1024, 600)
    tab = _sktm_tab(qtbot, window)
    for button in (tab.issue_btn, tab.print_btn, tab.cancel_btn, tab.register_btn):
        assert button.isVisible()
        assert button.geometry().right() <= tab.width()
    assert tab.view.height() > 150
    dialog = SktmDialog(window.ctx, window)
    dialog.show()
    settle(qtbot, window)
    assert dialog.sizeHint().height() <= 600
    assert dialog.number.text().startswith("400.12/")
    dialog.close()
