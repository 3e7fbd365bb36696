"""What a person reads in a Qt dialog or menu, and which of it is Qt's English left untranslated."""

from __future__ import annotations

import importlib.util
import re
import sys
from functools import cache
from pathlib import Path
from types import ModuleType

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QTableView,
    QTabWidget,
    QTreeView,
    QWidget,
)

ROOT = Path(__file__).resolve().parents[2]
# words of Qt's English dialogs and menus that are not Indonesian
ENGLISH = (
    "Abort|Apply|Automatic|Back|Bottom|Cancel|Close|Collate|Color|Computer|Copies|Copy|Custom|"
    "Cut|Date|Delete|Details|Directory|Discard|Down|File|Files|Finish|First|Fit|Forward|Grayscale|"
    "Height|Help|Here|Hide|Ignore|Landscape|Last|Location|Look|Margins|Modified|Name|Next|Open|"
    "Options|Orientation|Output|Page|Pages|Paper|Paste|Portrait|Preview|Previous|Print|Printer|"
    "Properties|Redo|Reset|Restore|Retry|Reverse|Save|Scroll|Select|Settings|Setup|Show|Size|Step|"
    "Top|Type|Undo|Up|Width|Yes|Zoom"
)
ENGLISH_WORD = re.compile(rf"\b({ENGLISH})\b")


@cache
def update_script() -> ModuleType:
    """scripts/update_qt_translation.py: reads the .ts and .qm files, runs lrelease."""
    path = ROOT / "scripts" / "update_qt_translation.py"
    spec = importlib.util.spec_from_file_location("update_qt_translation", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@cache
def untranslated_sources() -> frozenset[str]:
    """Qt's English strings (accelerators dropped) whose Indonesian differs from them."""
    pairs = [(plain(k[1]), plain(t)) for k, (t, _) in update_script().read_ts().items()]
    translations = {t for _, t in pairs}
    return frozenset(s for s, t in pairs if s != t and s not in translations)


def plain(text: str) -> str:
    """The words: no accelerator, no shortcut after a tab, no trailing dots or colon."""
    text = text.split("\t", maxsplit=1)[0].replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.strip().rstrip(".:…").strip()


def _action_texts(actions: list[QAction]) -> list[str]:
    out = []
    for action in actions:
        out += [action.text(), action.toolTip(), action.iconText()]
        if action.menu() is not None:
            out += _action_texts(action.menu().actions())
    return out


def texts(top: QWidget) -> list[str]:
    """Every text ``top`` can show: titles, labels, buttons, tooltips, actions and menu items,
    combo items, tabs, group titles and the header labels of item views."""
    out = [top.windowTitle()]
    for w in [top, *top.findChildren(QWidget)]:
        out += [w.toolTip(), w.statusTip(), w.accessibleName()]
        out += _action_texts(w.actions())
        if isinstance(w, (QLabel, QAbstractButton)):
            out.append(w.text())
        if isinstance(w, QLineEdit):
            out.append(w.placeholderText())
        if isinstance(w, QGroupBox):
            out.append(w.title())
        if isinstance(w, QComboBox):
            out += [w.itemText(i) for i in range(w.count())]
        if isinstance(w, QTabWidget):
            out += [w.tabText(i) for i in range(w.count())]
        header = (
            w.horizontalHeader()
            if isinstance(w, QTableView)
            else w.header()
            if isinstance(w, QTreeView)
            else None
        )
        if header is not None and w.model() is not None:
            model = w.model()  # a list view has no header to read
            horizontal = Qt.Orientation.Horizontal
            out += [str(model.headerData(i, horizontal) or "") for i in range(header.count())]
    out += _action_texts(top.findChildren(QAction))
    return [t for t in out if t and t.strip()]


def english(found: list[str]) -> list[str]:
    """The texts a person would read as Qt's English."""
    sources = untranslated_sources()
    bad = []
    for text in found:
        if text.strip() == "No.":
            continue  # the column "No." (nomor) of our own tables is Indonesian
        words = plain(re.sub(r"<[^>]+>", " ", text))
        if words in sources or ENGLISH_WORD.search(words):
            bad.append(text)
    return sorted(set(bad))


def context_menu_texts(widget: QWidget) -> list[str]:
    """The items of the menu a right click on ``widget`` opens, as Qt builds it (the menu runs
    its own loop when opened with exec(): it is read and closed from inside)."""
    from PySide6.QtGui import QContextMenuEvent

    seen: list[str] = []

    def read_and_close() -> None:
        menu = QApplication.activePopupWidget()
        if isinstance(menu, QMenu):
            seen.extend(_action_texts(menu.actions()) or ["(empty menu)"])
            menu.close()

    QTimer.singleShot(0, read_and_close)
    pos = widget.rect().center()
    event = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, pos, widget.mapToGlobal(pos), Qt.KeyboardModifier.NoModifier
    )
    QApplication.sendEvent(widget, event)
    read_and_close()  # a menu opened with popup() rather than exec() is still up now
    return [t for t in seen if t]
