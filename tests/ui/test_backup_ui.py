"""Backups from the window as the secretary uses them: Pengaturan › Cadangan dan pemulihan lists
the automatic backups, *Cadangkan sekarang…* writes an encrypted copy to a flash drive,
*Pulihkan…* shows what the copy holds and restores it (a wrong password is refused on the
dialog), and an import's summary undoes the import after showing what would be lost."""

from __future__ import annotations

from PySide6.QtCore import Qt

from jkn_desktop.services.backup import making as M
from jkn_desktop.services.registry.stats import registry_stats
from tests.ui.conftest import settle
from tests.ui.test_import_wizard import HEAD, open_wizard, workbook

PASSWORD = "sandi-desa-2026"


def click(qtbot, button):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def backup_panel(qtbot, window):
    page = window.show_page("Pengaturan")
    page.tabs.setCurrentWidget(page.backups)
    settle(qtbot, window)
    return page.backups


def test_backup_to_a_flash_drive_and_restore_it(qtbot, window, demo_db, tmp_path):
    M.take_backup(demo_db)
    panel = backup_panel(qtbot, window)
    assert panel.model.rowCount() >= 1
    assert "cadangan" in panel.intro.text()

    flash = tmp_path / "flashdisk"
    flash.mkdir()
    panel.export_to(flash / "cadangan-girilayu.jknbak", PASSWORD)
    settle(qtbot, window)
    written = flash / "cadangan-girilayu.jknbak"
    assert written.read_bytes().startswith(b"JKN-CADANGAN")
    assert "terkunci kata sandi" in panel.message.text()
    before = demo_db.run(registry_stats).residents

    # a wrong password: said on the dialog, nothing restored
    wrong = panel.open_restore(written, "bukan-sandinya")
    qtbot.addWidget(wrong)
    settle(qtbot, window)
    assert "Kata sandi" in wrong.error.text()
    assert not wrong.go_btn.isEnabled()
    wrong.reject()

    dialog = panel.open_restore(written, PASSWORD)
    qtbot.addWidget(dialog)
    settle(qtbot, window)
    assert dialog.check is not None
    assert dialog.check.backup.residents == before
    assert dialog.go_btn.isEnabled()
    click(qtbot, dialog.go_btn)
    settle(qtbot, window)
    assert dialog.result_ is not None
    assert "dipulihkan" in window.integrity_label.text()
    assert "Basis data dipulihkan" in panel.message.text()
    assert window.ctx.db.run(registry_stats).residents == before
    kinds = [b.kind for b in panel.model.rows()]
    assert "sebelum-pulihkan" in kinds


def test_a_new_password_must_be_long_and_typed_twice(qtbot, tmp_path):
    from ui.dialogs.backup_dialogs import NewPasswordDialog

    dialog = NewPasswordDialog(tmp_path / "x.jknbak")
    qtbot.addWidget(dialog)
    dialog.first.setText("pendek")
    dialog.again.setText("pendek")
    dialog.confirm()
    assert "minimal 8 karakter" in dialog.error.text()
    dialog.first.setText(PASSWORD)
    dialog.again.setText(PASSWORD + "x")
    dialog.confirm()
    assert "tidak sama" in dialog.error.text()
    dialog.again.setText(PASSWORD)
    dialog.confirm()
    assert dialog.password == PASSWORD


def test_an_import_is_undone_from_its_summary(qtbot, window, demo_db, tmp_path):
    before = demo_db.run(registry_stats)
    path = workbook(
        tmp_path / "warga.xlsx",
        [
            HEAD,
            ["3313051203800901", "3313050306229901", "BUDI UTOMO", "L", "12-03-1980", "Kepala"],
            ["3313054506850902", "3313050306229901", "SITI AMINAH", "P", "05-06-1985", "Istri"],
        ],
    )
    _, wizard = open_wizard(qtbot, window, path)
    click(qtbot, wizard.next_btn)  # mapping
    click(qtbot, wizard.next_btn)  # preview
    settle(qtbot, window)
    click(qtbot, wizard.next_btn)  # import
    settle(qtbot, window)
    assert demo_db.run(registry_stats).residents == before.residents + 2
    assert wizard.done_step.undo_btn.isEnabled()
    assert "dicadangkan" in wizard.done_step.done_text.text()

    undo = wizard.open_undo()
    qtbot.addWidget(undo)
    settle(qtbot, window)
    assert undo.plan is not None
    assert undo.plan.step == "impor penduduk"
    lost = {k.label: k.records for k in undo.plan.lost}
    assert lost["Penduduk ditambahkan"] == 2
    click(qtbot, undo.go_btn)
    settle(qtbot, window)
    after = window.ctx.db.run(registry_stats)
    assert (after.residents, after.households) == (before.residents, before.households)
    assert "Impor dibatalkan" in wizard.done_step.done_text.text()
    assert not wizard.done_step.undo_btn.isEnabled()
    wizard.close()


def test_a_step_on_several_proposals_offers_undo(qtbot, window, demo_db):
    page = window.show_page("Usulan PBI")
    settle(qtbot, window)
    assert page.suggest_model.rowCount() >= 2
    page.suggest_view.selectRow(0)
    page.suggest_view.selectionModel().select(
        page.suggest_model.index(1, 0),
        page.suggest_view.selectionModel().SelectionFlag.Select
        | page.suggest_view.selectionModel().SelectionFlag.Rows,
    )
    assert not page.undo_btn.isVisible()
    click(qtbot, page.accept_btn)
    settle(qtbot, window)
    assert page.undo_btn.isVisible()
    undo = page.open_undo()
    qtbot.addWidget(undo)
    settle(qtbot, window)
    assert undo.plan is not None
    assert undo.plan.step == "perubahan usulan sekaligus"
    assert {k.label for k in undo.plan.lost} >= {"Usulan PBI ditambahkan"}
    click(qtbot, undo.go_btn)
    settle(qtbot, window)
    assert not page.undo_btn.isVisible()
