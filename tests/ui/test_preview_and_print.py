"""The report preview turns through every page of the document with zoom, and printing shows the
print dialog before anything is read: Batal reads nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from tests.ui.conftest import settle


def laporan_on(qtbot, window, key: str):
    page = window.show_page("Laporan")
    settle(qtbot, window)
    page.docs.setCurrentRow(list(page.available).index(key))
    settle(qtbot, window)
    return page


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_preview_pages_through_the_whole_document(qtbot, window):
    page = laporan_on(qtbot, window, "semua")  # every resident: many pages
    browser = page.browser
    count = browser.count
    assert count > 2
    assert browser.page_label.text() == f"Halaman 1 dari {count}"
    assert not browser.prev_btn.isEnabled()
    first = page.preview.pixmap().toImage()
    click(qtbot, browser.next_btn)
    settle(qtbot, window)
    assert browser.page_label.text() == f"Halaman 2 dari {count}"
    assert f"halaman 2 dari {count}" in page.preview_title.text()
    assert page.preview.pixmap().toImage() != first  # another page drawn, not the first again
    browser.go(count)
    settle(qtbot, window)
    assert browser.page_label.text() == f"Halaman {count} dari {count}"
    assert not browser.next_btn.isEnabled()
    click(qtbot, browser.prev_btn)
    settle(qtbot, window)
    assert browser.number == count - 1


def test_zoom_in_out_and_fit(qtbot, window):
    page = laporan_on(qtbot, window, "pbi")
    browser = page.browser
    fitted = page.preview.pixmap().width()
    click(qtbot, browser.in_btn)
    settle(qtbot, window)
    bigger = page.preview.pixmap().width()
    assert bigger > fitted
    assert browser.zoom_label.text() == f"{round(100 * browser.zoom)}%"
    assert page.preview.pixmap().width() <= browser.render_width()  # drawn that wide: sharp
    click(qtbot, browser.out_btn)
    click(qtbot, browser.out_btn)
    settle(qtbot, window)
    assert page.preview.pixmap().width() < bigger
    click(qtbot, browser.fit_btn)
    settle(qtbot, window)
    assert browser.zoom is None
    assert page.preview.pixmap().width() == fitted


def test_the_print_dialog_comes_before_the_pages_are_read(qtbot, window, monkeypatch):
    from PySide6.QtPrintSupport import QPrintDialog

    from jkn_desktop.services.documents import catalog

    page = laporan_on(qtbot, window, "pbi")
    read: list[str] = []
    prepare = catalog.prepare_print

    def counted(*args, **kwargs):
        read.append("pages")
        return prepare(*args, **kwargs)

    monkeypatch.setattr(catalog, "prepare_print", counted)
    asked: list[list[str]] = []

    def cancel(_dialog):
        asked.append(list(read))  # what had been read when the dialog showed
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(QPrintDialog, "exec", cancel)
    page.print_()
    settle(qtbot, window)
    assert asked == [[]]  # the dialog came at once, with nothing read before it
    assert read == []  # Batal: nothing read, nothing printed
    assert page.status.text() == ""
