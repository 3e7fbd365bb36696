"""An .ods file's content.xml measured as calamine builds it: every table, its repeated rows and
cells, and the text they copy."""

from __future__ import annotations

import html

from jkn_desktop.importers.limits.common import MAX_ROWS, Extent
from jkn_desktop.importers.limits.xml_tags import XmlTags, first_attr, raw_attrs

# --- .ods: calamine's read_content and read_table replayed ----------------------------------------
_ODS_MAX_COLUMNS = 16_384  # calamine caps a row's cells here
_ODS_CELLS = (b"table:table-cell", b"table:covered-table-cell")
_ODS_VALUES = (
    b"office:value",
    b"office:string-value",
    b"office:date-value",
    b"office:time-value",
    b"office:boolean-value",
)


def _usize(value: bytes | None, default: int = 1) -> int:
    """Rust's ``str::parse::<usize>`` ("+5" is 5); an unparseable value makes calamine fail, so
    counting it as ``default`` is safe."""
    if value is None:
        return default
    text = value[1:] if value.startswith(b"+") else value
    return int(text) if text.isdigit() and len(text) < 20 else default


class OdsScan:
    """An .ods file's ``content.xml``; every table is built when the workbook opens. A row holds
    its cells with their repeats (empty cells only before a cell with a value, at most 16,384); a
    repeated row is expanded when a row with a value follows; the grid is the rows from the top
    times the widest row, all tables together. The text is bounded per cell by its attributes, the
    bytes of its content and the spaces its ``<text:s text:c>`` ask for, times its repeats."""

    def __init__(self) -> None:
        self.tags = XmlTags()
        self.ext = Extent()
        self.state = "out"  # out / table / row / string / annotation / depth
        self.table = ""
        self.row_repeat = 1
        self.width = 0
        self.pending = 0
        self.row_text = 0
        self.cell_text = 0
        self.cell_repeat = 1
        self.cell_start = 0
        self.skip_name = b""
        self.depth = 0
        self.rows_seen = 0
        self.rows_span = 0
        self.table_width = 0
        self.table_text = 0
        self.grid = 0
        self.spaces = 0
        self.endless = False

    def feed(self, chunk: bytes, final: bool = False) -> None:
        for is_end, qname, body, closing, start, end in self.tags.feed(chunk, final):
            self._tag(is_end, qname, body, start, end)
            if closing and not is_end:
                self._tag(True, qname, b"", end, end)

    def _tag(self, is_end: bool, qname: bytes, body: bytes, start: int, end: int) -> None:
        state = self.state
        if qname == b"text:s" and not is_end:
            count = _usize(first_attr(raw_attrs(body)[0], b"text:c"))
            if state in ("string", "depth", "annotation"):
                self.cell_text += count  # counted with the cell, times its repeats
            else:
                self.spaces += count
        if state == "out":
            if qname == b"table:table" and not is_end:
                name = first_attr(raw_attrs(body)[0], b"table:name")
                if name is not None:
                    self.state = "table"
                    self.table = html.unescape(name.decode("utf-8", "replace"))
                    self.rows_seen = self.rows_span = self.table_width = self.table_text = 0
        elif state == "table":
            if qname == b"table:table-row" and not is_end:
                repeat = _usize(first_attr(raw_attrs(body)[0], b"table:number-rows-repeated"))
                self.row_repeat = min(repeat, MAX_ROWS + 1)
                self.width = self.pending = self.row_text = 0
                self.state = "row"
            elif qname == b"table:table" and is_end:
                self._end_table()
        elif state == "row":
            if qname in _ODS_CELLS and not is_end:
                self._cell(qname, body, end)
            elif qname == b"table:table-row" and is_end:
                self._end_row()
        elif state == "string":  # get_datatype: to the first end of any cell
            if qname == b"office:annotation" and not is_end:
                self.state = "annotation"
            elif qname in _ODS_CELLS and is_end:
                self._end_cell(start)
        elif state == "annotation":
            if qname == b"office:annotation" and is_end:
                self.state = "string"
        elif state == "depth" and qname == self.skip_name:  # read_to_end: nested same names count
            if not is_end:
                self.depth += 1
            elif self.depth:
                self.depth -= 1
            else:
                self._end_cell(start)

    def _cell(self, qname: bytes, body: bytes, end: int) -> None:
        attrs, _ = raw_attrs(body)
        repeat = _usize(first_attr(attrs, b"table:number-columns-repeated"))
        room = _ODS_MAX_COLUMNS - self.width
        value_set = is_string = has_formula = False
        for key, value in attrs:
            if key in _ODS_VALUES and not value_set:
                value_set = True
            elif key == b"office:value-type" and not value_set:
                is_string = value == b"string"
            elif key == b"table:formula":
                has_formula = True
        self.cell_repeat = min(repeat, room)
        self.cell_text = len(body)
        self.cell_start = end
        if value_set or has_formula or is_string:
            self.width += min(self.pending, room)
            self.width += min(repeat, _ODS_MAX_COLUMNS - self.width)
            self.pending = 0
            self.cell_valued = True
        else:
            self.pending = min(repeat, room)
            self.cell_valued = False
        if is_string and not value_set:
            self.state = "string"
        else:
            self.state, self.skip_name, self.depth = "depth", qname, 0

    cell_valued = False

    def _end_cell(self, start: int) -> None:
        if self.cell_valued:
            self.row_text += (self.cell_text + max(0, start - self.cell_start)) * self.cell_repeat
        self.state = "row"

    def _end_row(self) -> None:
        self.ext.held += self.width
        self.rows_seen += self.row_repeat
        if self.width:
            self.rows_span = self.rows_seen
            self.table_width = max(self.table_width, self.width)
            self.table_text += self.row_text * self.row_repeat
        self.state = "table"

    def _end_table(self) -> None:
        grid = self.rows_span * self.table_width
        self.grid += grid
        self.ext.text += self.table_text
        if grid >= self.ext.rows * self.ext.cols:
            self.ext.label = self.table
        self.ext.rows = max(self.ext.rows, self.rows_span)
        self.ext.cols = max(self.ext.cols, self.table_width)
        self.state = "out"

    def finish(self) -> Extent:
        self.feed(b"", final=True)
        # calamine's read_table and its annotation loop never stop at the end of the file:
        # a table (or an annotation) left open makes it spin forever
        self.endless = self.state in ("table", "annotation")
        if self.state != "out":
            if self.state in ("row", "string", "annotation", "depth"):
                self._end_row()
            self._end_table()
        self.ext.held = max(self.ext.held, self.grid)
        self.ext.text += self.spaces
        return self.ext
