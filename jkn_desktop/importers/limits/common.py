"""What every check shares: the limits, the error and its messages, the file itself (a regular,
non-empty file) and the extent a sheet would take."""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from jkn_desktop.domain.formatting import angka
from jkn_desktop.errors import UserError
from jkn_desktop.logsetup import described, kind_of

log = logging.getLogger("jkn.import")

MB = 1024 * 1024
MAX_FILE_BYTES = 100 * MB  # a packed workbook, or a CSV
MAX_XLS_BYTES = 30 * MB  # an .xls is read whole, every sheet at once
MAX_UNPACKED_BYTES = 500 * MB  # all members of a ZIP together
MAX_RATIO = 250  # unpacked ÷ packed, for a member above RATIO_FLOOR
RATIO_FLOOR = 10 * MB
MAX_MEMBERS = 10_000
MAX_ROWS = 1_048_576  # Excel's own limit
MAX_COLUMNS = 1_000  # OpenSID's export has 43; nothing real comes near this
MAX_CELLS = 10_000_000  # rows × columns of the grid calamine builds from A1
MAX_TEXT_CHARS = 100_000_000  # characters calamine would copy into the cells of a workbook
MAX_CELL_CHARS = 100_000
CHUNK = MB
MAX_TAG_BYTES = 16 * MB  # one XML construct (a tag, a comment) across chunks
MAX_BIFF_RECORDS = 20_000_000  # records walked in an .xls, all sheets together

ZIP_MAGIC = b"PK\x03\x04"
CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ImportFileError(UserError):
    """Nothing can be taken from the file; the database is untouched."""


def size_text(n: int) -> str:
    """``123456789`` → ``118 MB``; smaller sizes in KB or bytes."""
    if n >= MB:
        return f"{angka(round(n / MB))} MB"
    if n >= 1024:
        return f"{angka(round(n / 1024))} KB"
    return f"{angka(n)} bita"


def unreadable(path: Path) -> ImportFileError:
    return ImportFileError("FILE_UNREADABLE", name=path.name)


def odd(path: Path, what: str) -> ImportFileError:
    """A structure no real workbook has; ``what`` says which, e.g. "berisi terlalu banyak
    bagian"."""
    return ImportFileError("FILE_UNREADABLE.odd", name=path.name, what=what)


# --- the file itself ------------------------------------------------------------------------
def regular_file(path: Path) -> os.stat_result:
    """The file's status when it is a regular, non-empty file; refuses a folder, a device
    (``/dev/zero``), a pipe, a socket or a link to one without opening it."""
    try:
        st = path.stat()  # follows links: a link to /dev/zero is judged as /dev/zero
    except FileNotFoundError:
        raise ImportFileError("FILE_NOT_FOUND", path=path) from None
    except PermissionError:
        raise access_denied(path) from None
    except (OSError, ValueError) as exc:  # a loop of links, a name too long, a NUL in the name
        log.info("stat a %s file: %s", kind_of(path), described(exc))
        raise ImportFileError("FILE_NOT_FOUND", path=path) from None
    if stat.S_ISDIR(st.st_mode):
        raise ImportFileError("FILE_NOT_REGULAR.folder", path=path)
    if not stat.S_ISREG(st.st_mode):
        raise ImportFileError("FILE_NOT_REGULAR", path=path)
    if st.st_size == 0:
        raise ImportFileError("FILE_EMPTY", name=path.name)
    return st


def access_denied(path: Path) -> ImportFileError:
    return ImportFileError("FILE_ACCESS", name=path.name)


def too_large(path: Path, size: int, limit: int) -> ImportFileError:
    return ImportFileError(
        "FILE_TOO_LARGE", name=path.name, size=size_text(size), limit=size_text(limit)
    )


def read_head(path: Path, n: int = 8) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read(n)
    except OSError as exc:
        log.info("open a %s file: %s", kind_of(path), described(exc))
        raise access_denied(path) from None


# --- what a sheet would take, and the messages when it is too much ----------------------------
@dataclass
class Extent:
    """What calamine would build from one sheet (or, for formats read whole, from all of them):
    the grid from A1, the cells it holds meanwhile, the text it copies into them."""

    rows: int = 0
    cols: int = 0
    held: int = 0  # cells held besides the grid (.ods before repeats, .xls reservations)
    text: int = 0  # characters copied into cells (an upper bound)
    cells: int = 0  # cell tags that may carry a value (xlsx)
    label: str = ""  # the sheet's name, when known
    declared: str = ""  # what the file itself declares, e.g. the <dimension ref> "XFD1048576"

    @property
    def grid(self) -> int:
        return max(self.rows * self.cols, self.held)

    def over(self) -> bool:
        return self.rows > MAX_ROWS or self.cols > MAX_COLUMNS or self.grid > MAX_CELLS

    def add(self, row: int, col: int) -> None:
        """A cell at 1-based ``row``, ``col``."""
        self.rows = max(self.rows, row)
        self.cols = max(self.cols, col)


def col_letters(col: int) -> str:
    """1 → A, 27 → AA, 16384 → XFD."""
    out = ""
    while col > 0:
        col, rem = divmod(col - 1, 26)
        out = chr(65 + rem) + out
    return out


def sheet_too_large(path: Path, ext: Extent) -> ImportFileError:
    """The grid a sheet would take (``ext.label`` names it; without it, the whole workbook)."""
    last = ext.declared or f"{col_letters(max(ext.cols, 1))}{max(ext.rows, 1)}"
    rows, cols, cells = angka(ext.rows), angka(ext.cols), angka(ext.grid)
    most = angka(MAX_ROWS), angka(MAX_COLUMNS), angka(MAX_CELLS)
    if ext.label:
        return ImportFileError(
            "SHEET_TOO_LARGE",
            sheet=ext.label,
            name=path.name,
            last=last,
            rows=rows,
            cols=cols,
            cells=cells,
            max_rows=most[0],
            max_cols=most[1],
            max_cells=most[2],
        )
    return ImportFileError(
        "SHEET_TOO_LARGE.workbook",
        name=path.name,
        last=last,
        rows=rows,
        cols=cols,
        cells=cells,
        max_rows=most[0],
        max_cols=most[1],
        max_cells=most[2],
    )


def text_too_large(path: Path, chars: int, label: str = "") -> ImportFileError:
    """Too much text once read: ``label`` names the sheet; without it, the whole workbook."""
    found, limit = angka(chars), angka(MAX_TEXT_CHARS)
    if label:
        return ImportFileError(
            "SHEET_TOO_LARGE.text", sheet=label, name=path.name, chars=found, limit=limit
        )
    return ImportFileError(
        "SHEET_TOO_LARGE.text_workbook", name=path.name, chars=found, limit=limit
    )
