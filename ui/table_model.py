"""Table models for big tables: they hold ids, not rows (Anki's browser model, calibre's library).

The page asks the services for the filtered, sorted id list (in SQL); the model asks for rows a page
at a time through a fetch function and caches them. Models know no database: they are given a
``fetch(ids, deliver)`` callable, which may deliver at once (tests) or later (the worker thread).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

PAGE = 200
ROW_ROLE = Qt.ItemDataRole.UserRole + 1  # the row object (a dataclass) or None if not loaded yet
ID_ROLE = Qt.ItemDataRole.UserRole + 2
SORT_ROLE = Qt.ItemDataRole.UserRole + 3  # the column's sort key name (as the services know it)
# roles as plain ints: the view asks for five or six roles of every visible cell at each paint,
# and comparing ints is what keeps data() cheap
_DISPLAY = int(Qt.ItemDataRole.DisplayRole)
_ALIGN = int(Qt.ItemDataRole.TextAlignmentRole)
_TOOLTIP = int(Qt.ItemDataRole.ToolTipRole)
_FOREGROUND = int(Qt.ItemDataRole.ForegroundRole)
_ROW, _ID, _SORT = int(ROW_ROLE), int(ID_ROLE), int(SORT_ROLE)

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class Column:
    key: str  # sort key understood by the service ("" = not sortable)
    header: str
    text: Callable[[Any], str]
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    tooltip: Callable[[Any], str] | None = None
    color: Callable[[Any], str | None] | None = None  # text colour, e.g. red for the uninsured


Fetch = Callable[[list[int], Callable[[list[Any]], None]], None]


def with_first_page(query: Callable[..., list[int]], fetch: Callable[..., list[Any]]) -> Any:
    """One job for a big table's new list: the ordered ids and the rows of its first page, read
    together, so the table shows the rows at its first paint instead of asking for them after."""

    def job(work: Any, *args: Any) -> tuple[list[int], list[Any]]:
        ids = query(work, *args)
        return ids, fetch(work, ids[:PAGE])

    return job


class LazyIdTableModel(QAbstractTableModel):
    def __init__(self, columns: Sequence[Column], fetch: Fetch, parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._aligns = [int(c.align | Qt.AlignmentFlag.AlignVCenter) for c in self._columns]
        self._fetch = fetch
        self._ids: list[int] = []
        self._rows: dict[int, Any] = {}
        self._texts: dict[int, tuple[str, ...]] = {}  # a loaded row's cells, as shown
        self._pending: set[int] = set()
        self._generation = 0
        self._in_data = False

    # --- content ---------------------------------------------------------------------------
    def set_ids(self, ids: Sequence[int], rows: Sequence[Any] = ()) -> None:
        """A new list. ``rows``: rows already read with it (its first page), shown without a
        fetch."""
        self.beginResetModel()
        self._ids = list(ids)
        self._rows = {obj.id: obj for obj in rows}
        self._texts.clear()
        self._pending.clear()
        self._generation += 1
        self.endResetModel()

    def ids(self) -> list[int]:
        return list(self._ids)

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of_id(self, item_id: int) -> int:
        try:
            return self._ids.index(item_id)
        except ValueError:
            return -1

    def row_object(self, row: int) -> Any:
        item_id = self.id_at(row)
        return None if item_id is None else self._rows.get(item_id)

    def column_key(self, column: int) -> str:
        return self._columns[column].key

    # --- fetching --------------------------------------------------------------------------
    def _request(self, row: int) -> None:
        page = row // PAGE
        if page in self._pending:
            return
        self._pending.add(page)
        start = page * PAGE
        ids = self._ids[start : start + PAGE]
        generation = self._generation

        def deliver(rows: list[Any]) -> None:
            if generation != self._generation:
                return  # the list changed meanwhile; this answer is stale
            self._pending.discard(page)
            for obj in rows:
                self._rows[obj.id] = obj
                self._texts.pop(obj.id, None)
            # ids that vanished (deleted meanwhile) are remembered as None, not refetched forever
            for item_id in ids:
                self._rows.setdefault(item_id, None)
            if not self._in_data and ids:
                end = min(start + len(ids), len(self._ids)) - 1
                self.dataChanged.emit(self.index(start, 0), self.index(end, len(self._columns) - 1))

        self._fetch(ids, deliver)

    # --- Qt model interface ------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation == Qt.Orientation.Horizontal and 0 <= section < len(self._columns):
            if role == Qt.ItemDataRole.DisplayRole:
                return self._columns[section].header
            if role == SORT_ROLE:
                return self._columns[section].key
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        row = index.row()  # -1 for an invalid index
        if not 0 <= row < len(self._ids):
            return None
        item_id = self._ids[row]
        if role == _DISPLAY:
            texts = self._texts.get(item_id)
            if texts is None:
                obj = self._loaded(row, item_id)
                if obj is None:
                    return "…"
                texts = self._texts[item_id] = tuple(c.text(obj) for c in self._columns)
            return texts[index.column()]
        if role == _ALIGN:
            return self._aligns[index.column()]
        if role == _ID:
            return item_id
        if role == _SORT:
            return self._columns[index.column()].key
        if role not in (_ROW, _TOOLTIP, _FOREGROUND):
            return None
        obj = self._loaded(row, item_id)
        column = self._columns[index.column()]
        if role == _ROW:
            return obj
        if role == _TOOLTIP and obj is not None and column.tooltip:
            return column.tooltip(obj)
        if role == _FOREGROUND and obj is not None and column.color:
            color = column.color(obj)
            return QColor(color) if color else None
        return None

    def _loaded(self, row: int, item_id: int) -> Any:
        """The row object, asking for its page when it was never fetched (None until then)."""
        if item_id not in self._rows:
            self._in_data = True
            try:
                self._request(row)
            finally:
                self._in_data = False
        return self._rows.get(item_id)


class ListTableModel(QAbstractTableModel):
    """A small in-memory table (e.g. a household's members): rows are given as a list."""

    def __init__(self, columns: Sequence[Column], parent: Any = None) -> None:
        super().__init__(parent)
        self._columns = list(columns)
        self._rows: list[Any] = []

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_object(self, row: int) -> Any:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rows(self) -> list[Any]:
        return list(self._rows)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(self._columns)
        ):
            return self._columns[section].header
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._rows)):
            return None
        obj = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(obj)
        if role == ROW_ROLE:
            return obj
        if role == ID_ROLE:
            return getattr(obj, "id", None)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(column.align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip:
            return column.tooltip(obj)
        if role == Qt.ItemDataRole.ForegroundRole and column.color:
            color = column.color(obj)
            return QColor(color) if color else None
        return None
