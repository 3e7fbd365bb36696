"""Bantuan: the About dialog tells the real version and where this computer keeps the database;
F1 opens the guide with every section of its source; the guide is saved as a PDF from the
window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog

from jkn_desktop import __version__
from jkn_desktop.domain.formatting import ukuran
from jkn_desktop.reports.guide_text import load_guide
from tests.ui.conftest import settle
from ui.dialogs.about import AboutDialog, database_size
from ui.dialogs.guide import GuideDialog


def _shown(kind):
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()]


def test_about_shows_the_version_and_the_database_in_use(window, qtbot):
    assert [a.text() for a in window.help.menu.actions() if a.text()] == [
        "Panduan",
        "Simpan panduan sebagai PDF…",
        "Tentang JKN Desktop",
    ]
    window.help.about_action.trigger()
    qtbot.waitUntil(lambda: bool(_shown(AboutDialog)))
    about = _shown(AboutDialog)[0]
    path = window.ctx.db.path
    assert about.windowTitle() == "Tentang JKN Desktop"
    assert __version__ in about.version_label.text()
    assert about.values["Basis data"].text() == str(path)
    size = about.values["Ukuran basis data"].text()
    assert size == ukuran(database_size(path))
    assert size[0].isdigit()
    assert database_size(path) >= path.stat().st_size > 0
    assert "Lisensi MIT" in about.licence_label.text()
    about.copy_btn.click()
    copied = QGuiApplication.clipboard().text()
    assert str(path) in copied
    assert __version__ in copied
    assert about.copied.text() == "Keterangan disalin."
    about.close()


def test_f1_opens_the_guide_with_every_section_of_its_source(window, qtbot):
    qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(_shown(GuideDialog)))
    guide = _shown(GuideDialog)[0]
    source = load_guide()
    listed = [guide.contents.item(i).text() for i in range(guide.contents.count())]
    assert listed == [s.title for s in source.sections]
    text = guide.text.toPlainText()
    assert source.title in text
    for section in source.sections:
        assert section.title in text
    assert "**" not in text  # bold marks became bold, not asterisks
    # choosing a section in the contents brings it into view
    bar = guide.text.verticalScrollBar()
    assert bar.value() == 0
    guide.contents.setCurrentRow(len(listed) - 1)
    assert bar.value() > 0
    # F1 again shows the same guide, not a second one
    qtbot.keyClick(window.stack.currentWidget(), Qt.Key.Key_F1)
    assert _shown(GuideDialog) == [guide]
    guide.close()


def test_the_guide_is_saved_as_a_pdf_from_the_bantuan_menu(window, qtbot, tmp_path, monkeypatch):
    target = tmp_path / "panduan"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    window.help.pdf_action.trigger()
    settle(qtbot, window)
    written = Path(f"{target}.pdf")
    qtbot.waitUntil(lambda: "Panduan tersimpan" in window.statusBar().currentMessage())
    assert written.read_bytes().startswith(b"%PDF")
    assert str(written) in window.statusBar().currentMessage()


def test_f1_over_a_modal_dialog_opens_a_guide_above_it(window, qtbot):
    window.help.about_action.trigger()
    qtbot.waitUntil(lambda: bool(_shown(AboutDialog)))
    about = _shown(AboutDialog)[0]
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is about)
    qtbot.keyClick(about.copy_btn, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: bool(_shown(GuideDialog)))
    guide = _shown(GuideDialog)[0]
    assert guide.parent() is about  # reachable: the modal dialog does not block its own child
    guide.close()
    about.close()


def test_the_licence_text_is_shown_when_the_program_carries_it(qtbot, tmp_path, monkeypatch):
    (tmp_path / "resources").mkdir()
    (tmp_path / "LICENSE").write_text("MIT License\n\nCopyright (c) 2026\n", encoding="utf-8")
    monkeypatch.setattr("ui.dialogs.about.resources_dir", lambda: tmp_path / "resources")
    about = AboutDialog(None)
    qtbot.addWidget(about)
    about.show()
    assert about.licence_box is not None
    assert not about.licence_box.isVisible()
    assert about.values["Basis data"].text() == "belum dibuka"
    assert not about.folder_btn.isEnabled()
    about.licence_toggle.click()
    assert about.licence_box.isVisible()
    assert "MIT License" in about.licence_box.toPlainText()
