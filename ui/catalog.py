"""Every page (each of its tabs) and every dialog of the window, shown one at a time: what the
screenshot tool renders and the small-screen tests check (``catalog(window)`` yields
``(name, widget)``; the widget is shown and settled, and closed once the caller moves on).

A new dialog class joins ``ui.catalog_dialogs``'s list, or tests/ui/test_small_screens.py fails."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QApplication, QDialog, QTabWidget, QWidget

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

Shot = tuple[str, QWidget]
Settle = Callable[["MainWindow"], None]


def _default_settle(window: MainWindow) -> None:
    from ui.screenshots import settle

    settle(window)


def _outer_tabs(page: QWidget) -> list[QTabWidget]:
    """The page's own tab widgets (not those inside another tab widget's pages)."""
    found = []
    for tabs in page.findChildren(QTabWidget):
        parent = tabs.parentWidget()
        inner = False
        while parent is not None and parent is not page:
            if isinstance(parent, QTabWidget):
                inner = True
                break
            parent = parent.parentWidget()
        if not inner:
            found.append(tabs)
    return found


def page_shots(window: MainWindow, settle: Settle) -> Iterator[Shot]:
    """Each page the sidebar shows, then each further tab of it ("Pengaturan / Tarif iuran")."""
    for name in window.visible_pages():
        page = window.show_page(name)
        settle(window)
        yield name, window
        for tabs in _outer_tabs(page):
            first = tabs.currentIndex()
            for i in range(tabs.count()):
                if i == first or not tabs.isTabVisible(i) or not tabs.isTabEnabled(i):
                    continue
                tabs.setCurrentIndex(i)
                settle(window)
                yield f"{name} / {tabs.tabText(i) or i}", window
            tabs.setCurrentIndex(first)


def dialog_shots(window: MainWindow, settle: Settle) -> Iterator[Shot]:
    """Each dialog the window can open, made from the file's own data and shown over it."""
    from ui.catalog_dialogs import kecamatan_dialogs, village_dialogs

    makers = kecamatan_dialogs() if window.ctx.kecamatan is not None else village_dialogs()
    for name, _cls, make in makers:
        dialog = make(window)
        if dialog is None:
            continue
        dialog.show()
        settle(window)
        yield name, dialog
        _close(dialog)
        settle(window)  # the jobs it started deliver to a dialog that is still there
        dialog.deleteLater()
        settle(window)


def _close(dialog: QWidget) -> None:
    if isinstance(dialog, QDialog):
        dialog.reject()
    dialog.close()
    # a dialog may have opened another one (a page's own dialogs): none stays open
    for w in QApplication.topLevelWidgets():
        if isinstance(w, QDialog) and w.isVisible():
            w.reject()


def catalog(window: MainWindow, settle: Settle | None = None) -> Iterator[Shot]:
    """Every page and tab, then every dialog."""
    settle = settle or _default_settle
    yield from page_shots(window, settle)
    yield from dialog_shots(window, settle)
