"""What a small screen must not do to a window: be larger than the screen, cut a button's or a
box's text, or put a button where nobody can see it. Each check returns readable problems."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractScrollArea,
    QCheckBox,
    QComboBox,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QStyle,
    QStyleOptionButton,
    QStyleOptionComboBox,
    QToolButton,
    QWidget,
)

TASKBAR = 40  # Windows' taskbar at the bottom of a 1024×600 screen
TITLE = 40  # the window's title bar and frame (ui.fitting.FRAME)


def _label(w: QWidget) -> str:
    """ "QPushButton 'Tambah penduduk'", a combo box's current text, a line edit's hint."""
    if isinstance(w, QAbstractButton):
        text = w.text()
    elif isinstance(w, QComboBox):
        text = w.currentText()
    elif isinstance(w, QLineEdit):
        text = w.placeholderText()
    else:
        text = ""
    return f"{type(w).__name__} {text!r}" if text else type(w).__name__


def _text(widget: QAbstractButton) -> str:
    """The label as shown: "&Simpan" is "Simpan", "&&" one ampersand."""
    return widget.text().replace("&&", "\0").replace("&", "").replace("\0", "&")


def too_big(window: QWidget, screen: QRect) -> list[str]:
    """The window with its frame must fit the screen's free area (above the taskbar)."""
    width = window.width() + 16
    height = window.height() + TITLE
    if width > screen.width() or height > screen.height() - TASKBAR:
        return [f"{window.windowTitle()!r} is {window.width()}×{window.height()}"]
    return []


def needed_width(w: QWidget) -> tuple[int, int]:
    """(what the text needs, what the widget gives it) in pixels, the style's own margins
    included."""
    fm = w.fontMetrics()
    style = w.style()
    if isinstance(w, QPushButton):
        opt = QStyleOptionButton()
        opt.initFrom(w)
        contents = style.subElementRect(QStyle.SubElement.SE_PushButtonContents, opt, w)
        need = fm.horizontalAdvance(_text(w))
        if not w.icon().isNull():
            need += w.iconSize().width() + 4
        if w.menu() is not None:
            need += style.pixelMetric(QStyle.PixelMetric.PM_MenuButtonIndicator, opt, w)
        return need, contents.width()
    if isinstance(w, (QToolButton, QCheckBox, QRadioButton)):
        return w.sizeHint().width(), w.width()
    if isinstance(w, QComboBox):
        copt = QStyleOptionComboBox()
        w.initStyleOption(copt)
        field = style.subControlRect(
            QStyle.ComplexControl.CC_ComboBox, copt, QStyle.SubControl.SC_ComboBoxEditField, w
        )
        need = fm.horizontalAdvance(w.currentText())
        if not w.itemIcon(w.currentIndex()).isNull():
            need += w.iconSize().width() + 4
        return need, field.width()
    if isinstance(w, QLineEdit):
        margins = w.textMargins()
        room = w.contentsRect().width() - margins.left() - margins.right() - 4
        return fm.horizontalAdvance(w.placeholderText()), room
    return 0, 0


def cut_texts(window: QWidget) -> list[str]:
    """Every visible button, check box, combo box and empty line edit's text or placeholder
    fits in the room the style leaves for it."""
    problems = []
    kinds = (QAbstractButton, QComboBox, QLineEdit)
    for w in window.findChildren(QWidget):
        if not isinstance(w, kinds) or not w.isVisible() or w.window() is not window:
            continue
        if isinstance(w, QLineEdit) and (w.text() or not w.placeholderText()):
            continue
        if isinstance(w, QAbstractButton) and not w.text():
            continue
        if w.property("elided"):  # elided on purpose (a long file name, say)
            continue
        need, room = needed_width(w)
        if need > room:
            problems.append(f"{_label(w)} needs {need}px, has {room}px")
    return problems


def _scrolled(w: QWidget) -> bool:
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea):
            return True
        parent = parent.parentWidget()
    return False


def hidden_buttons(window: QWidget) -> list[str]:
    """A visible button with a text outside a scroll area must be whole inside the window."""
    problems = []
    for b in window.findChildren(QAbstractButton):
        if not b.isVisible() or not b.text() or b.window() is not window or _scrolled(b):
            continue
        seen = b.visibleRegion().boundingRect()
        if seen != b.rect():
            problems.append(f"{_label(b)} shows {seen.width()}×{seen.height()} of {b.size()}")
    return problems
