"""Bantuan: the small button at the foot of the sidebar and its menu (Panduan, the guide as a PDF,
Tentang JKN Desktop), and F1, which opens the guide from every window of the program."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QListWidget,
    QMenu,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop import APP_NAME

if TYPE_CHECKING:
    from ui.dialogs.guide import GuideDialog
    from ui.mainwindow import MainWindow

# the foot shares the sidebar's colours (ui/style.py #sidebar)
FOOT_STYLE = (
    "#sidebarFoot { background: #0f4c5c; }"
    "#sidebarFoot QToolButton { color: white; background: transparent; border: none;"
    " font-size: 10pt; padding: 8px 12px; border-top: 1px solid #1b7a8c; }"
    "#sidebarFoot QToolButton:hover { background: #1b7a8c; }"
    "#sidebarFoot QToolButton::menu-indicator { image: none; }"
)


class Help(QObject):
    """What the window's Bantuan offers; the dialogs are made on first use."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self._guide: GuideDialog | None = None
        self.guide_action = QAction("Panduan", window)
        self.guide_action.setShortcut(QKeySequence(Qt.Key.Key_F1))
        # F1 from any window of the program; a modal dialog blocks the window's shortcuts, so
        # there the key itself is caught (eventFilter)
        self.guide_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.guide_action.triggered.connect(self.open_guide)
        window.addAction(self.guide_action)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self.pdf_action = QAction("Simpan panduan sebagai PDF…", window)
        self.pdf_action.triggered.connect(self.save_pdf)
        self.about_action = QAction(f"Tentang {APP_NAME}", window)
        self.about_action.triggered.connect(self.open_about)

        self.menu = QMenu(window)
        self.menu.addAction(self.guide_action)
        self.menu.addAction(self.pdf_action)
        self.menu.addSeparator()
        self.menu.addAction(self.about_action)
        self.button = QToolButton()
        self.button.setText("Bantuan")
        self.button.setToolTip("Panduan (F1), panduan sebagai PDF, tentang program")
        self.button.setMenu(self.menu)
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_F1
            and QApplication.activeModalWidget() is not None
            and not self.window.closed
        ):
            self.open_guide()
            return True
        return False

    def sidebar_column(self, sidebar: QListWidget) -> QWidget:
        """The sidebar with the Bantuan button under it, as one column."""
        column = QWidget()
        column.setObjectName("sidebarFoot")
        column.setStyleSheet(FOOT_STYLE)
        column.setFixedWidth(sidebar.maximumWidth())
        layout = QVBoxLayout(column)
        layout.setContentsMargins(0, 0, 0, 4)
        layout.setSpacing(0)
        layout.addWidget(sidebar, 1)
        self.button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        layout.addWidget(self.button)
        return column

    def open_guide(self) -> GuideDialog:
        """The guide, beside the window; over a modal dialog, a guide of its own above it (the
        modal dialog would otherwise keep the window's guide out of reach)."""
        from ui.dialogs.guide import GuideDialog

        modal = QApplication.activeModalWidget()
        if modal is not None and modal is not self._guide:
            dialog = GuideDialog(self.window.ctx, modal)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        else:
            if self._guide is None:
                self._guide = GuideDialog(self.window.ctx, self.window)
            dialog = self._guide
        dialog.show()
        dialog.activateWindow()  # brings a guide already open to the front
        return dialog

    def save_pdf(self) -> None:
        from ui.dialogs.guide import save_guide_pdf

        bar = self.window.statusBar()
        save_guide_pdf(self.window, self.window.ctx, lambda text: bar.showMessage(text, 10000))

    def open_about(self) -> None:
        from ui.dialogs.about import AboutDialog

        db = self.window.ctx.db
        dialog = AboutDialog(db.location if db is not None else None, self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
