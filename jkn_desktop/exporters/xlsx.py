"""Shared .xlsx writing: identifiers always as text cells, a bold frozen header, sensible widths."""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jkn_desktop.domain.cell_text import LEADS, starts_like_formula
from jkn_desktop.errors import UserError
from jkn_desktop.exporters.tempfiles import temp_beside
from jkn_desktop.paths import private_file


@dataclass(frozen=True)
class Sheet:
    title: str
    headers: Sequence[str]
    rows: Iterable[Sequence[Any]]
    text_columns: Sequence[int] = ()
    widths: Sequence[int] | None = None
    money_columns: Sequence[int] = ()  # whole rupiah, shown with thousands separators


def write_table(
    path: Path,
    sheet_title: str,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    text_columns: Sequence[int] = (),
    widths: Sequence[int] | None = None,
) -> None:
    """One sheet; see :func:`write_sheets`."""
    write_sheets(path, [Sheet(sheet_title, headers, rows, text_columns, widths)])


def write_sheets(path: Path, sheets: Sequence[Sheet]) -> None:
    """Write sheets in openpyxl's write-only mode (constant memory). Columns listed in
    ``text_columns`` are written as text with the '@' format so Excel never turns them into numbers;
    a float there is a value Excel already damaged and stays a number, so it is rejected again."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    with writing(path):  # a folder that cannot be written fails here, before any sheet is built
        path.parent.mkdir(parents=True, exist_ok=True)
        probe = path.with_name(path.name + ".tmp")
        probe.write_bytes(b"")
        probe.unlink()
    wb = Workbook(write_only=True)
    bold = Font(bold=True)
    for sheet in sheets:
        ws = wb.create_sheet(sheet.title[:31])
        ws.freeze_panes = "A2"
        headers = sheet.headers
        for i, width in enumerate(sheet.widths or [max(10, min(40, len(h) + 4)) for h in headers]):
            ws.column_dimensions[_letter(i)].width = width
        header_cells = []
        for h in headers:  # an error workbook repeats the file's own headings: text too
            c = WriteOnlyCell(ws)
            _put_text(c, str(h))
            c.font = bold
            if starts_like_formula(str(h)):
                c.quotePrefix = True
            header_cells.append(c)
        ws.append(header_cells)
        # the data rows through one prepared cell per column (styles set once, not per cell)
        ws._values_to_row = _Cells(ws, sheet.text_columns, sheet.money_columns).row
        try:
            for row in sheet.rows:
                ws.append(row)
        except BaseException:
            # finish the half-written sheet quietly (nothing is saved), then report the real error
            with contextlib.suppress(Exception):
                ws.close()
            raise
    try:
        with temp_beside(path) as tmp, writing(path):  # an earlier file stays whole until then
            private_file(tmp)  # the user's alone from its first byte (README, "Privacy")
            wb.save(str(tmp))
            tmp.replace(path)
    except BaseException:
        # e.g. the disk filled up while saving: finish the sheets quietly so nothing is printed
        # when they are collected; the half-written file is already gone
        for ws in wb.worksheets:
            with contextlib.suppress(Exception):
                ws.close()
        raise


def _styled(ws: Any, number_format: str, *, quoted: bool = False) -> Any:
    """A cell with a number format (and, when ``quoted``, Excel's quote prefix) whose style is
    registered once: openpyxl would look the style up again for every value written."""
    from openpyxl.cell.cell import Cell
    from openpyxl.styles.styleable import StyleableObject

    class Styled(Cell):  # type: ignore[misc]
        __slots__ = ("_style_id",)

        @property
        def style_id(self) -> int:
            return int(self._style_id)

    c = Styled(ws)
    c.number_format = number_format
    if quoted:
        c.quotePrefix = True
    c._style_id = StyleableObject.style_id.fget(c)
    return c


# characters XML 1.0 cannot carry, and the carriage return a reader turns into a line feed: OOXML
# writes them as _xHHHH_ (Excel, LibreOffice and calamine read them back); a text that already
# holds such a sequence gets its underscore escaped (_x005F_), so it reads back as written
_UNSAFE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_(?=x[0-9A-Fa-f]{4}_)"
)
MAX_TEXT = 32_767  # Excel's limit for one cell (openpyxl cuts there too)


def _escape(match: re.Match[str]) -> str:
    return f"_x{ord(match.group()):04X}_"


def ooxml_text(text: str) -> str:
    """``text`` as an OOXML string carries it: control characters, a lone surrogate and the
    carriage return escaped as _xHHHH_; the common case (printable, no "_x") is itself."""
    if text.isprintable() and "_x" not in text:
        return text
    return _UNSAFE.sub(_escape, text)


def _put_text(c: Any, text: str) -> None:
    """``text`` into cell ``c`` as a text cell, whatever it starts with: never a formula ("=…"),
    never an error value ("#N/A"), never refused for a control character."""
    text = ooxml_text(text)
    c._value = text if len(text) <= MAX_TEXT else text[:MAX_TEXT]
    c.data_type = "s"


class _Cells:
    """The cells of a write-only sheet's rows, one reusable cell per column and kind (openpyxl
    writes each cell as soon as it is given, so a cell can carry the next row's value): a text
    column's cells are text with the '@' format, a money column's whole numbers get thousands
    separators. Every text is a text cell, whatever it starts with; one a spreadsheet could read
    as a formula once a person edits it ("=", "+", "-", "@", a tab…) also gets Excel's quote
    prefix, as if typed after an apostrophe, so editing it keeps it text. The cell's text is
    exactly the value: the package's hashes and an import of the file read what was written."""

    def __init__(self, ws: Any, text_columns: Sequence[int], money_columns: Sequence[int]) -> None:
        from openpyxl.cell import WriteOnlyCell

        self.ws = ws
        self.text: dict[int, Any] = {}
        self.money: dict[int, Any] = {}
        self.plain: list[Any] = []
        self.quoted: Any = None
        self.new_cell = WriteOnlyCell
        for i in text_columns:
            self.text[i] = _styled(ws, "@")
        for i in money_columns:
            self.money[i] = _styled(ws, "#,##0")

    def _plain(self, i: int) -> Any:
        while len(self.plain) <= i:
            self.plain.append(self.new_cell(self.ws))
        return self.plain[i]

    def _quoted(self) -> Any:
        """The text cell with '@' and the quote prefix, made when first needed: one serves every
        column, as openpyxl writes a cell before the next is given."""
        self.quoted = _styled(self.ws, "@", quoted=True)
        return self.quoted

    def row(self, values: Iterable[Any], row_idx: int) -> Iterator[Any]:
        text, money, plain, leads = self.text, self.money, self.plain, LEADS
        for i, given in enumerate(values):
            if given.__class__ is str:
                value = given
            elif i in text and not isinstance(given, float):
                # a float in a text column is a value Excel already damaged: it stays a number
                value = "" if given is None else str(given)
            elif isinstance(given, str):  # a str subclass (an enum's value): text as well
                value = str(given)
            elif given is None:
                continue
            else:
                if i in money and isinstance(given, int):
                    c = money[i]
                else:
                    c = plain[i] if i < len(plain) else self._plain(i)
                c.value = given
                if c.data_type == "d":  # a date brought its number format: the cell keeps it
                    plain[i] = self.new_cell(self.ws)
                c.column = i + 1
                c.row = row_idx
                yield c
                continue
            if value[:1] in leads:
                c = self._quoted() if self.quoted is None else self.quoted
            elif i in text:
                c = text[i]
            else:
                c = plain[i] if i < len(plain) else self._plain(i)
            if value.isprintable() and "_x" not in value and len(value) <= MAX_TEXT:
                c._value = value  # the common case, as _put_text writes it
                c.data_type = "s"
            else:
                _put_text(c, value)
            c.column = i + 1
            c.row = row_idx
            yield c


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn the ways saving a file fails (open in Excel, read-only folder, full disk) into a
    message that says what to do."""
    try:
        yield
    except PermissionError as exc:
        raise UserError("FILE_LOCKED", name=path.name) from exc
    except OSError as exc:
        raise _cannot_write(path, exc) from exc


def _cannot_write(path: Path, exc: OSError) -> UserError:
    """The cause in Indonesian (the system's own text may be English) and what to do."""
    import errno

    no = exc.errno
    if no in (errno.ENOENT, errno.ENOTDIR):
        return UserError("FILE_WRITE.no_folder", path=path)
    if no == errno.ENOSPC:
        return UserError("FILE_WRITE.full", path=path)
    if no == errno.EROFS:
        return UserError("FILE_WRITE.read_only", path=path)
    if no in (errno.EACCES, errno.EPERM):
        return UserError("FILE_WRITE.denied", path=path)
    if no == errno.ENAMETOOLONG:
        return UserError("FILE_WRITE.long_name", path=path)
    if no == errno.EISDIR:
        return UserError("FILE_WRITE.is_folder", path=path)
    return UserError("FILE_WRITE", path=path)


def _letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))
