"""A row of buttons or filter boxes that wraps onto a second line when the window is narrow (a
1024×600 netbook) instead of cutting the buttons' text, and spreads out like a plain row where
there is room."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QLayout,
    QLayoutItem,
    QLineEdit,
    QPushButton,
    QStyle,
    QStyleOptionButton,
    QWidget,
)


class FlowLayout(QLayout):
    """Items left to right at their preferred widths, wrapping to the next line when the row
    is full; on each line the room left over goes to the items added with a stretch."""

    def __init__(self, parent: QWidget | None = None, spacing: int = 6) -> None:
        super().__init__(parent)
        self._items: list[QLayoutItem] = []
        self._stretch: dict[int, int] = {}
        self._space = spacing
        self.setContentsMargins(0, 0, 0, 0)

    def add(self, widget: QWidget, stretch: int = 0) -> None:
        self.addWidget(widget)
        self._stretch[id(widget)] = stretch

    def addItem(self, item: QLayoutItem) -> None:
        self._items.append(item)

    def count(self) -> int:
        return len(self._items)

    def itemAt(self, index: int) -> QLayoutItem | None:
        return self._items[index] if 0 <= index < len(self._items) else None

    def takeAt(self, index: int) -> QLayoutItem | None:
        return self._items.pop(index) if 0 <= index < len(self._items) else None

    def expandingDirections(self) -> Qt.Orientation:
        return Qt.Orientation.Horizontal

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return self._place(QRect(0, 0, width, 0), move=False)

    def setGeometry(self, rect: QRect) -> None:
        super().setGeometry(rect)
        self._place(rect, move=True)

    def _shown(self) -> list[QLayoutItem]:
        return [i for i in self._items if not i.isEmpty()]

    def sizeHint(self) -> QSize:
        items = self._shown()
        m = self.contentsMargins()
        width = sum(i.sizeHint().width() for i in items) + self._space * max(0, len(items) - 1)
        height = max((i.sizeHint().height() for i in items), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def minimumSize(self) -> QSize:
        m = self.contentsMargins()
        width = max((i.minimumSize().width() for i in self._shown()), default=0)
        height = max((i.sizeHint().height() for i in self._shown()), default=0)
        return QSize(width + m.left() + m.right(), height + m.top() + m.bottom())

    def _stretch_of(self, item: QLayoutItem) -> int:
        widget = item.widget()
        return self._stretch.get(id(widget), 0) if widget is not None else 0

    def _place(self, rect: QRect, move: bool) -> int:
        m = self.contentsMargins()
        area = rect.adjusted(m.left(), m.top(), -m.right(), -m.bottom())
        lines: list[list[QLayoutItem]] = []
        line: list[QLayoutItem] = []
        used = 0
        for item in self._shown():
            w = item.sizeHint().width()
            if line and used + self._space + w > area.width():
                lines.append(line)
                line, used = [], 0
            used += (self._space if line else 0) + w
            line.append(item)
        if line:
            lines.append(line)
        y = area.y()
        for number, line in enumerate(lines, start=1):
            height = max(i.sizeHint().height() for i in line)
            widths = [min(i.sizeHint().width(), area.width()) for i in line]
            extra = area.width() - sum(widths) - self._space * (len(line) - 1)
            stretches = [self._stretch_of(i) for i in line]
            total = sum(stretches)
            wrapped_tail = number == len(lines) > 1  # the rest of a wrapped row: not spread out
            if extra > 0 and total and not wrapped_tail:
                widths = [w + extra * s // total for w, s in zip(widths, stretches, strict=True)]
            x = area.x()
            for item, w in zip(line, widths, strict=True):
                if move:
                    h = min(height, item.sizeHint().height()) if item.widget() else height
                    item.setGeometry(QRect(x, y + (height - h) // 2, w, h))
                x += w + self._space
            y += height + self._space
        return max(0, y - self._space - area.y()) + m.top() + m.bottom()


def room_for_placeholder(edit: QLineEdit, extra: int = 40) -> None:
    """A search box at least as wide as its hint (plus its clear button)."""
    need = edit.fontMetrics().horizontalAdvance(edit.placeholderText()) + extra
    edit.setMinimumWidth(need)
    edit.setMaximumWidth(16777215)


class EllipsisButton(QPushButton):
    """A button as wide as its list whose long label is shortened with "…" in the middle part,
    never at the end (``tail`` — "— 81 orang" — always shows); the whole label is the tooltip's
    first line."""

    def __init__(self, head: str, tail: str, parent: QWidget | None = None) -> None:
        super().__init__(f"{head}{tail}", parent)
        self.head, self.tail = head, tail
        self.setProperty("elided", True)  # shortened on purpose (ui/screen_checks.py)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        opt = QStyleOptionButton()
        self.initStyleOption(opt)
        room = self.style().subElementRect(QStyle.SubElement.SE_PushButtonContents, opt, self)
        fm = self.fontMetrics()
        # the stylesheet's padding is inside the contents rect on some styles: keep 24px spare
        left = room.width() - fm.horizontalAdvance(self.tail) - 24
        head = fm.elidedText(self.head, Qt.TextElideMode.ElideRight, max(left, 0))
        self.setText(f"{head}{self.tail}")


def group(*widgets: QWidget) -> QWidget:
    """Widgets that stay together on one line of a ``FlowLayout`` (a label and its box)."""
    from PySide6.QtWidgets import QHBoxLayout

    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    for w in widgets:
        row.addWidget(w)
    return holder


class Columns(QWidget):
    """Two columns side by side where the width allows, one above the other where it does not
    (put it in ``fitting.scrolling``: the whole then scrolls). ``on_stack(stacked)`` is told when
    it changes."""

    def __init__(
        self, first: QWidget, second: QWidget, stretch: tuple[int, int], narrow: int
    ) -> None:
        from PySide6.QtWidgets import QBoxLayout

        super().__init__()
        self.box = QBoxLayout(QBoxLayout.Direction.LeftToRight, self)
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.addWidget(first, stretch[0])
        self.box.addWidget(second, stretch[1])
        self.narrow = narrow
        self.stacked = False
        self.on_stack: list[Callable[[bool], None]] = []

    def resizeEvent(self, event: QResizeEvent) -> None:
        from PySide6.QtWidgets import QBoxLayout

        super().resizeEvent(event)
        stacked = event.size().width() < self.narrow
        if stacked != self.stacked:
            self.stacked = stacked
            down, across = QBoxLayout.Direction.TopToBottom, QBoxLayout.Direction.LeftToRight
            self.box.setDirection(down if stacked else across)
            for call in self.on_stack:
                call(stacked)
