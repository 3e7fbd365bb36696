"""Windows that fit the screen they open on: a 1024×600 netbook as well as a 1366×768 laptop.

The main window opens no larger than the screen's free area and comes back where the user left
it; every dialog is shrunk to the free area when shown (its form part scrolls, see
``scrolling``), so its buttons are never below the bottom of the screen."""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QEvent, QObject, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QFrame, QLayout, QScrollArea, QWidget

# what a Windows title bar and frame take around the client area (the frame is not known until
# the window is shown)
FRAME = QSize(16, 40)
PREFERRED = QSize(1280, 780)  # the main window where there is room for it
SETTINGS_FILE = "tampilan.ini"


def available(widget: QWidget | None = None) -> QRect:
    """The free area (without the taskbar) of the screen ``widget`` is on, else the primary one."""
    screen = widget.screen() if widget is not None else None
    screen = screen or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def fitted_size(wanted: QSize, area: QRect) -> QSize:
    """``wanted`` shrunk so that it and its frame fit in ``area``."""
    return QSize(
        min(wanted.width(), area.width() - FRAME.width()),
        min(wanted.height(), area.height() - FRAME.height()),
    )


def fit_to_area(widget: QWidget, area: QRect | None = None, move: bool = True) -> None:
    """Shrink a window (never below its minimum) and, with ``move``, move it so that it lies in
    ``area``."""
    area = area or available(widget)
    size = fitted_size(widget.size(), area)
    if size != widget.size():
        widget.resize(size)
    geo = widget.geometry()
    x = min(max(geo.x(), area.left()), area.right() - geo.width() - FRAME.width() + 1)
    y = min(max(geo.y(), area.top()), area.bottom() - geo.height() - FRAME.height() + 1)
    if move and widget.isVisible() and (x, y) != (geo.x(), geo.y()):
        widget.move(max(x, area.left()), max(y, area.top()))


class FormScroll(QScrollArea):
    """A scroll area that asks for the whole of its form (so a big screen shows it all) but can
    be squeezed down to a few rows."""

    def sizeHint(self) -> QSize:
        inner = self.widget()
        hint = inner.sizeHint() if inner is not None else QSize(0, 0)
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(hint.width() + bar, hint.height() + 2)

    def minimumSizeHint(self) -> QSize:
        return QSize(self.minimumWidth(), min(self.sizeHint().height(), 160))


def scrolling(body: QWidget | QLayout) -> QScrollArea:
    """The form part of a dialog in a frameless scroll area: on a small screen it scrolls while
    the button row below it stays in view. Never wider than needed: only vertical scrolling
    unless the screen is narrower than the form."""
    if isinstance(body, QLayout):
        holder = QWidget()
        holder.setLayout(body)
        body = holder
    area = FormScroll()
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    area.setWidget(body)
    body.setAutoFillBackground(False)
    area.viewport().setAutoFillBackground(False)
    # as wide as the form (plus a scroll bar) where the screen allows
    bar = area.verticalScrollBar().sizeHint().width()
    area.setMinimumWidth(min(body.minimumSizeHint().width() + bar, available().width() - 80))
    return area


class DialogFitter(QObject):
    """Application-wide: every dialog, as it is shown, is shrunk to the free area of its screen
    (Qt then centres it over its parent within that area)."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        shown = event.type() == QEvent.Type.Show
        if shown and isinstance(watched, QDialog) and watched.isWindow():
            # only the size: moving it would stop Qt from centring it over its parent (which
            # keeps it on the screen by itself)
            fit_to_area(watched, move=False)
        return False


def install(app: QObject) -> None:
    fitter = DialogFitter(app)
    app.installEventFilter(fitter)


# -- the main window's size and place between runs ------------------------------------------


def settings() -> QSettings:
    """The window's place and size, kept beside the data (not in the registry: a portable copy
    carries it along, and tests never touch the user's)."""
    from jkn_desktop.paths import default_db_path, settings_dir

    path = settings_dir(default_db_path()) / SETTINGS_FILE
    return QSettings(str(path), QSettings.Format.IniFormat)


def on_some_screen(frame: QRect) -> bool:
    """Whether enough of a saved window (its title bar) lies on one of today's screens."""
    title = QRect(frame.x(), frame.y(), frame.width(), 32)
    for screen in QGuiApplication.screens():
        seen = screen.availableGeometry().intersected(title)
        if seen.width() >= min(200, frame.width()) and seen.height() >= 16:
            return True
    return False


def default_geometry(window: QWidget, area: QRect | None = None) -> bool:
    """The first start (or a saved place gone): the preferred size where it fits, centred;
    returns whether the window should open maximised (a screen smaller than the preferred size,
    where the whole screen is the sensible size)."""
    area = area or available(window)
    size = fitted_size(PREFERRED, area)
    size = size.expandedTo(window.minimumSize()).boundedTo(area.size())
    window.resize(size)
    window.move(
        area.left() + (area.width() - size.width() - FRAME.width()) // 2,
        area.top() + max(0, (area.height() - size.height() - FRAME.height()) // 2),
    )
    return size != PREFERRED


def restore_window(window: QWidget) -> bool:
    """Put the window where it was at the last close; returns whether it should be shown
    maximised. A place saved on a screen that is no longer there is ignored."""
    store = settings()
    data = store.value("window/geometry")
    maximised = str(store.value("window/maximised", "false")).lower() == "true"
    saved = isinstance(data, QByteArray) and not data.isEmpty()
    if saved and window.restoreGeometry(data) and on_some_screen(window.frameGeometry()):
        fit_to_area(window)
        return maximised
    return default_geometry(window) or maximised


def save_window(window: QWidget) -> None:
    store = settings()
    store.setValue("window/geometry", window.saveGeometry())
    store.setValue("window/maximised", window.isMaximized())
    store.sync()
