"""Saving says so the same way everywhere: "Tersimpan: berkas" in the status bar with "Buka folder"
where a file was written, the sentence alone where a setting was saved."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QDesktopServices

from tests.ui.conftest import settle
from ui.saved import SavedNotice


def notice_of(window) -> SavedNotice | None:
    return window.findChild(SavedNotice, "savedNotice")


def test_an_export_names_its_file_and_opens_its_folder(qtbot, window, tmp_path, monkeypatch):
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    page = window.show_page("Penduduk")
    settle(qtbot, window)
    out = tmp_path / "penduduk_girilayu.xlsx"
    page.export_to(out)
    settle(qtbot, window)
    assert out.exists()
    notice = notice_of(window)
    assert notice is not None
    assert notice.isVisible()
    assert notice.label.text().startswith("Tersimpan: penduduk_girilayu.xlsx — ")
    assert notice.label.text().endswith("penduduk diekspor")
    assert notice.open_btn.isVisible()
    assert notice.open_btn.text() == "Buka folder"
    qtbot.mouseClick(notice.open_btn, Qt.MouseButton.LeftButton)
    assert opened == [str(tmp_path)]


def test_a_saved_setting_is_said_without_a_folder(qtbot, window):
    page = window.show_page("Pengaturan")
    settle(qtbot, window)
    page.target_active.setValue(81.0)
    page.save_targets()
    settle(qtbot, window)
    notice = notice_of(window)
    assert notice is not None
    assert notice.label.text() == "Target cakupan tersimpan; Beranda memakainya."
    assert not notice.open_btn.isVisible()
    # the next notice replaces it: never two side by side
    from ui.saved import announce_saved

    announce_saved(page, None, "Lagi.")
    qtbot.wait(10)
    shown = [n for n in window.findChildren(SavedNotice) if n.isVisible()]
    assert [n.label.text() for n in shown] == ["Lagi."]
