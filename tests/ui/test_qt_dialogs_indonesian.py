"""No English from Qt on the screens a village uses: the message boxes, right-click menus, the file,
print and preview dialogs, opened as the program opens them, are read item by item (Qt's own
strings come from resources/i18n/qt_id.qm)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDialogButtonBox,
    QFileDialog,
    QLineEdit,
    QMessageBox,
)

from tests.ui.conftest import settle
from tests.ui.qt_texts import context_menu_texts, english, plain, texts

B = QMessageBox.StandardButton


def test_a_message_box_with_every_standard_button_and_its_details(qtbot):
    box = QMessageBox(QMessageBox.Icon.Warning, "Judul", "Isi pesan.")
    qtbot.addWidget(box)
    every = B.NoButton
    for button in (
        B.Ok, B.Save, B.SaveAll, B.Open, B.Yes, B.YesToAll, B.No, B.NoToAll, B.Abort, B.Retry,
        B.Ignore, B.Close, B.Cancel, B.Discard, B.Help, B.Apply, B.Reset, B.RestoreDefaults,
    ):  # fmt: skip
        every |= button
    box.setStandardButtons(every)
    box.setDetailedText("Rincian teknis.")
    box.show()
    said = {plain(box.button(b).text()) for b in (B.Ok, B.Save, B.Yes, B.No, B.Cancel, B.Close)}
    assert said == {"OK", "Simpan", "Ya", "Tidak", "Batal", "Tutup"}
    assert not english(texts(box))
    details = next(
        b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.ActionRole
    )
    assert plain(details.text()) == "Tampilkan Rincian"
    details.click()
    assert plain(details.text()) == "Sembunyikan Rincian"
    box.close()


def test_the_program_s_plain_message_box_says_ok_in_indonesian_terms(qtbot):
    """QMessageBox.critical(parent, title, text), as the program calls it: one OK button."""
    box = QMessageBox(QMessageBox.Icon.Critical, "Tidak bisa dibuka", "Berkasnya rusak.", B.Ok)
    qtbot.addWidget(box)
    box.show()
    assert [plain(b.text()) for b in box.buttons()] == ["OK"]
    box.close()


# the offscreen platform cannot raise a popup or grab the keyboard for it; that is not our code
@pytest.mark.qt_log_ignore("This plugin does not support (raise|grabbing)")
def test_right_click_menus_of_the_search_box_the_table_and_a_date_field(qtbot, window):
    """The menus a person meets on the Penduduk page (search box, the table's scroll bar) and on
    Audit (a date field with its calendar)."""
    people = window.show_page("Penduduk")
    settle(qtbot, window)
    people.search.setText("SITI")
    menu = context_menu_texts(people.search)
    assert {"Urungkan", "Potong", "Salin", "Tempel", "Hapus", "Pilih Semua"} <= set(
        map(plain, menu)
    )
    scroll = people.table.verticalScrollBar()
    assert scroll.isVisible()
    menu = context_menu_texts(scroll)
    assert {"Gulir ke sini", "Paling atas", "Paling bawah"} <= set(map(plain, menu))
    bad = english(menu)

    audit = window.show_page("Audit")
    audit.dated.setChecked(True)  # the date fields open once a date range is asked for
    settle(qtbot, window)
    assert audit.start.isEnabled()
    menu = context_menu_texts(audit.start)
    assert {"Naikkan", "Turunkan", "Salin"} <= set(map(plain, menu))
    bad += english(menu)
    calendar = audit.start.calendarWidget()
    calendar.setSelectedDate(audit.start.date().fromString("2026-12-01", "yyyy-MM-dd"))
    calendar.show()
    assert "Desember" in texts(calendar)  # month names from the Indonesian locale
    calendar.hide()
    people.search.clear()
    assert not bad, bad


def _file_dialog(window, tmp_path, caption: str, filter_: str, save: bool) -> QFileDialog:
    """The dialog QFileDialog.getOpenFileName / getSaveFileName make, as ui/ calls them (no
    options: the platform's own dialog where there is one, Qt's otherwise, as here)."""
    (tmp_path / "penduduk.xlsx").write_bytes(b"")
    (tmp_path / "arsip").mkdir(exist_ok=True)
    dialog = QFileDialog(window, caption, str(tmp_path), filter_)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    return dialog


def test_the_open_and_save_file_dialogs(qtbot, window, tmp_path):
    from ui.dialogs.import_wizard.drop import FILE_FILTER

    opened = _file_dialog(window, tmp_path, "Pilih berkas data penduduk", FILE_FILTER, save=False)
    opened.show()
    qtbot.waitUntil(lambda: "penduduk.xlsx" in str(texts(opened)) or _rows(opened) >= 2)
    found = texts(opened)
    assert {"Nama", "Ukuran", "Jenis", "Tanggal Diubah"} <= set(found)
    assert {"Buka", "Batal", "Cari di", "Nama berkas", "Jenis berkas"} <= set(map(plain, found))
    assert not english(found), english(found)
    opened.close()

    saved = _file_dialog(window, tmp_path, "Simpan daftar", "Excel (*.xlsx)", save=True)
    saved.show()
    assert {"Simpan", "Batal"} <= set(map(plain, texts(saved)))
    assert not english(texts(saved))
    # an existing name: Qt asks before replacing it
    asked: list[str] = []

    def answer_no() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.isVisible():
                asked.extend([w.text(), *texts(w)])
                w.button(B.No).click()

    saved.findChild(QLineEdit, "fileNameEdit").setText("penduduk.xlsx")  # typed by the person
    QTimer.singleShot(50, answer_no)
    saved.accept()
    assert asked, "Qt did not ask before replacing the file"
    assert asked[0] == "penduduk.xlsx sudah ada.\nApakah Anda ingin menggantinya?"
    assert {"Ya", "Tidak"} <= set(map(plain, asked))
    assert not english(asked), english(asked)
    assert saved.isVisible()  # "Tidak": the person chooses another name
    saved.close()


def _rows(dialog: QFileDialog) -> int:
    from PySide6.QtWidgets import QTreeView

    view = dialog.findChild(QTreeView)
    return 0 if view is None else view.model().rowCount(view.rootIndex())


def test_the_print_dialog_as_printing_opens_it(qtbot, window):
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)  # outlives the dialog, as in printing
    dialog = QPrintDialog(printer, window)
    dialog.setWindowTitle("Cetak daftar penduduk")
    dialog.show()
    found = texts(dialog)
    assert {"Cetak", "Batal", "Pencetak", "Salinan"} <= set(map(plain, found))
    assert not english(found), english(found)
    dialog.close()


def test_the_print_preview_dialog(qtbot, window):
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    preview = QPrintPreviewDialog(printer, window)
    preview.show()
    found = texts(preview)
    assert preview.windowTitle() == "Pratinjau Cetak"
    assert {"Halaman berikutnya", "Perbesar", "Cetak", "Pengaturan halaman"} <= set(found)
    assert "100,0%" in found  # the zoom in Indonesian numbers
    assert not english(found), english(found)
    preview.close()


def test_the_input_dialog_the_program_asks_a_reason_with(qtbot, window):
    from PySide6.QtWidgets import QInputDialog

    dialog = QInputDialog(window)
    dialog.setWindowTitle("Tolak usulan")
    dialog.setLabelText("Alasan:")
    dialog.show()
    buttons = dialog.findChild(QDialogButtonBox)
    assert [plain(b.text()) for b in buttons.buttons()] == ["OK", "Batal"]
    assert not english(texts(dialog))
    dialog.close()
