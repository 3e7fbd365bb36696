"""Read a sheet of cells from .xlsx/.xlsm/.xls/.ods (python-calamine) or .csv (comma, semicolon or
tab, sniffed; UTF-8 with or without BOM, or Windows-1252). A file is checked against the limits of
``importers/limits/`` before any library reads it; every problem, a library's included, becomes
one Indonesian message with a stable code (ImportFileError), never English text or a crash."""

from __future__ import annotations

import csv
import io
import logging
import os
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jkn_desktop.domain.formatting import angka
from jkn_desktop.importers.limits import (
    CFB_MAGIC,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    CfbTrapError,
    Extent,
    ImportFileError,
    access_denied,
    cfb_streams,
    check_workbook,
    col_letters,
    long_cell,
    regular_file,
    sheet_too_large,
    too_large,
    unreadable,
)
from jkn_desktop.logsetup import described, kind_of

__all__ = [
    "SPREADSHEET_SUFFIXES",
    "ImportFileError",
    "RawSheet",
    "Workbook",
    "csv_delimiter",
    "open_workbook",
    "read_sheet",
    "sheet_names",
]

log = logging.getLogger("jkn.import")

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}
SNIFF_LINES = 50
SNIFF_CHARS = 64 * 1024
DELIMITERS = ",;\t"
MAX_LINE_CHARS = 1_000_000  # one CSV record, quoted line breaks included
EMPTY_ROW: list[Any] = []  # every empty row of a sheet; never changed


@dataclass(frozen=True)
class RawSheet:
    path: Path
    name: str
    rows: list[list[Any]]
    sheet_names: list[str]
    kind: str  # "spreadsheet" or "csv"


@dataclass
class Workbook:
    """An open workbook, its sheets in workbook order and which of them are hidden. Reading a
    sheet goes through :meth:`rows`, which translates calamine's errors."""

    path: Path
    book: Any
    names: list[str]
    hidden: set[str] = field(default_factory=set)  # hidden, very hidden, or no worksheet

    @property
    def visible(self) -> list[str]:
        return [n for n in self.names if n not in self.hidden]

    def listing(self) -> str:
        """'Data, Rekap, Rahasia (tersembunyi)'."""
        return ", ".join(f"{n} (tersembunyi)" if n in self.hidden else n for n in self.names)

    def rows(self, name: str) -> list[list[Any]]:
        """The sheet's rows from A1, each row from column A. Empty rows are one shared empty list
        (a sheet with a cell at A1048576 holds a million of them): rows are never changed in
        place."""

        def load() -> list[list[Any]]:
            sheet = self.book.get_sheet_by_name(name)
            end = sheet.end  # calamine's own extent, before Python builds the rows
            if end is not None:
                ext = Extent(rows=end[0] + 1, cols=end[1] + 1, label=name)
                if ext.over():
                    raise sheet_too_large(self.path, ext)
            pad = [""] * (sheet.start or (0, 0))[1]  # iter_rows starts at the first column used
            rows: list[list[Any]] = []
            for row in sheet.iter_rows():
                if row.count("") != len(row):  # a cell not empty (counted in C)
                    rows.append(pad + row if pad else row)
                else:
                    rows.append(EMPTY_ROW)
            return rows

        rows: list[list[Any]] = _guarded(self.path, load, sheet=name)
        found = long_cell(rows)
        if found is not None:
            r, c, n = found
            raise ImportFileError(
                "CELL_TOO_LONG",
                cell=f"{col_letters(c)}{r}",
                sheet=name,
                name=self.path.name,
                length=angka(n),
                limit=angka(MAX_CELL_CHARS),
            )
        return rows


def _protected(path: Path) -> ImportFileError:
    return ImportFileError("FILE_PROTECTED", name=path.name)


_STDERR = threading.Lock()  # one redirection at a time: two threads would restore each other's


@contextmanager
def _stderr_to_log() -> Iterator[None]:
    """A Rust panic writes its message (and, with RUST_BACKTRACE, a stack trace) straight to file
    descriptor 2 before Python sees it: keep that off the screen and put it in the log."""
    with _STDERR:
        try:
            saved = os.dup(2)
        except OSError:  # no stderr at all (a windowed program on Windows)
            saved = -1
        if saved < 0:
            yield
            return
        with _captured(saved):
            yield


@contextmanager
def _captured(saved: int) -> Iterator[None]:
    with tempfile.TemporaryFile() as caught:
        os.dup2(caught.fileno(), 2)
        try:
            yield
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            caught.seek(0)
            text = caught.read(16_384).decode("utf-8", "replace").strip()
            if text:
                log.warning("the spreadsheet reader wrote: %s", text)


def _guarded(path: Path, call: Callable[[], Any], *, sheet: str | None = None) -> Any:
    """Run a calamine call; whatever it raises (its own errors, an OSError, a Rust panic, which
    arrives as a BaseException) becomes one Indonesian ImportFileError. The original is logged."""
    try:
        with _stderr_to_log():
            return call()
    except ImportFileError:
        raise
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except MemoryError:
        raise ImportFileError("FILE_TOO_LARGE.memory", name=path.name) from None
    except BaseException as exc:  # calamine raises several types, a Rust panic among them
        log.warning("calamine on a %s file: %s", kind_of(path), described(exc))
        from python_calamine import PasswordError

        if isinstance(exc, PasswordError) or "password" in str(exc).lower():
            raise _protected(path) from None
        if isinstance(exc, PermissionError):
            raise access_denied(path) from None
        if sheet is not None:
            raise ImportFileError("FILE_UNREADABLE.sheet", sheet=sheet, name=path.name) from None
        raise unreadable(path) from None


def open_workbook(path: Path) -> Workbook:
    """Check ``path`` against the limits, then open it with python-calamine."""
    path = Path(path)
    kind = check_workbook(path)
    if kind == "cfb" and path.suffix.lower() in {".xlsx", ".xlsm"}:
        # an encrypted .xlsx is a compound file holding the real one; else an .xls renamed
        try:
            encrypted = bool(cfb_streams(path.read_bytes(), ("EncryptedPackage",)))
        except OSError:
            raise access_denied(path) from None
        except CfbTrapError:
            encrypted = False
        if encrypted:
            raise _protected(path)
        raise ImportFileError("FILE_UNREADABLE.renamed_xls", name=path.name)

    def load() -> Workbook:
        from python_calamine import CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

        book = CalamineWorkbook.from_path(str(path))
        names = [str(n) for n in book.sheet_names]
        hidden = {
            str(m.name)
            for m in book.sheets_metadata
            if m.visible != SheetVisibleEnum.Visible or m.typ != SheetTypeEnum.WorkSheet
        }
        return Workbook(path, book, names, hidden)

    result: Workbook = _guarded(path, load)
    return result


def sheet_names(path: Path) -> list[str]:
    if Path(path).suffix.lower() == ".csv":
        return [Path(path).stem]
    return open_workbook(Path(path)).names


# --- CSV ----------------------------------------------------------------------------------------
def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def csv_delimiter(sample: str) -> str:
    """The separator of a CSV: csv.Sniffer's answer over the first lines, else the one of comma,
    semicolon and tab found most often outside quoted cells (ties go to the comma). Commas inside
    quoted names and addresses of a semicolon file never count."""
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:  # title rows above the header, or a single line: no consistent pattern
        return _count_outside_quotes(sample)


def _count_outside_quotes(sample: str) -> str:
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for ch in sample:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    return max(DELIMITERS, key=counts.__getitem__)


class _LineTooLongError(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _Lines:
    """Gives the csv module its lines while keeping one record under MAX_LINE_CHARS characters:
    a quote left open would otherwise make the rest of the file one cell."""

    def __init__(self, text: str) -> None:
        self.lines: Iterator[str] = iter(io.StringIO(text, newline=""))
        self.line = 0
        self.record = 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self.lines)
        self.line += 1
        self.record += len(line)
        if self.record > MAX_LINE_CHARS:
            raise _LineTooLongError(self.line)
        return line


def _read_csv(path: Path) -> RawSheet:
    st = regular_file(path)
    if st.st_size > MAX_FILE_BYTES:
        raise too_large(path, st.st_size, MAX_FILE_BYTES)
    try:
        data = path.read_bytes()
    except OSError as exc:
        log.info("read a %s file: %s", kind_of(path), described(exc))
        raise access_denied(path) from None
    if not data.strip():
        raise ImportFileError("FILE_EMPTY.blank", name=path.name)
    if b"\x00" in data[:4096] or data.startswith(CFB_MAGIC):
        raise ImportFileError("FILE_UNREADABLE.not_text", name=path.name)
    text = _decode(data)
    del data
    sample = "\n".join(text[:SNIFF_CHARS].splitlines()[:SNIFF_LINES])
    lines = _Lines(text)
    rows: list[list[Any]] = []
    try:
        for row in csv.reader(lines, delimiter=csv_delimiter(sample)):
            lines.record = 0
            if row and max(map(len, row)) > MAX_CELL_CHARS:
                raise _cell_too_long(path, lines.line, max(map(len, row)))
            if len(row) > MAX_COLUMNS or len(rows) >= MAX_ROWS:
                raise sheet_too_large(
                    path, Extent(rows=len(rows) + 1, cols=max(len(row), 1), label=path.stem)
                )
            rows.append(row)
    except _LineTooLongError as exc:
        raise ImportFileError(
            "LINE_TOO_LONG", line=angka(exc.line), name=path.name, limit=angka(MAX_LINE_CHARS)
        ) from None
    except csv.Error as exc:
        log.info("csv line %s: %s", lines.line, described(exc))
        if "field larger than field limit" in str(exc):
            raise _cell_too_long(path, lines.line, None) from None
        raise ImportFileError(
            "FILE_UNREADABLE.csv", name=path.name, line=angka(lines.line)
        ) from None
    return RawSheet(path, path.stem, rows, [path.stem], "csv")


def _cell_too_long(path: Path, line: int, length: int | None) -> ImportFileError:
    """A field of a CSV line over the limit; ``length`` when it was measured."""
    where, limit = angka(line), angka(MAX_CELL_CHARS)
    if length:
        return ImportFileError(
            "CELL_TOO_LONG.csv", line=where, name=path.name, length=angka(length), limit=limit
        )
    return ImportFileError("CELL_TOO_LONG.csv_unmeasured", line=where, name=path.name, limit=limit)


# --- one sheet ------------------------------------------------------------------------------------
def read_sheet(path: Path, sheet: str | None = None, *, pick: Any = None) -> RawSheet:
    """Read one sheet. Without ``sheet``, ``pick(rows) -> bool`` chooses the first visible sheet
    with a recognisable header (or the first visible sheet when none has one, or no ``pick`` is
    given); a hidden sheet is read only when named."""
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return _read_csv(path)
    wb = open_workbook(path)
    names = wb.names
    if not names:
        raise ImportFileError("SHEET_NONE", name=path.name)
    if sheet is not None:
        if sheet not in names:
            raise ImportFileError(
                "SHEET_NOT_FOUND", sheet=sheet, name=path.name, sheets=wb.listing()
            )
        candidates = [sheet]
    else:
        candidates = wb.visible
        if not candidates:
            raise ImportFileError("SHEET_NONE.hidden", name=path.name, sheets=wb.listing())
    first: RawSheet | None = None
    for name in candidates:
        raw = RawSheet(path, name, wb.rows(name), names, "spreadsheet")
        if first is None:
            first = raw
        if pick is None or pick(raw.rows):
            return raw
    assert first is not None
    return first
