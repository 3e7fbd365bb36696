"""Bounded reading: what a workbook may cost before python-calamine opens it.

calamine builds a dense grid from A1 to the last cell it finds (32 bytes a cell, in Rust, where a
failed allocation ends the process with no chance to answer), copies a shared string into every
cell that points to it, and an .ods file repeats rows, columns and spaces on request. A few KB can
describe terabytes. So before any library opens a workbook it is checked here with our own cheap
reading of its structure:

* the path must be a regular file: a folder, a device (``/dev/zero``), a pipe or a link to one is
  refused before anything opens it (opening a pipe would wait for a writer forever); a workbook
  may be at most 100 MB (.xls: 30 MB, read whole);
* a ZIP (.xlsx, .xlsm, .ods) may unpack to at most 500 MB, with no member above 10 MB compressed
  more than 250 to 1, both judged from its directory before anything is inflated; every member is
  then inflated here 1 MB at a time, and one that inflates to more than it declares is refused;
* a worksheet's declared ``<dimension ref=…>`` and the cells it really holds must fit in
  ``MAX_ROWS`` rows, ``MAX_COLUMNS`` columns and ``MAX_CELLS`` cells (the grid from A1). The
  cells are proved to lie inside that area by one regular expression per chunk
  (:class:`FastCells`); anything unusual (a cell without ``r``, a namespace prefix, two ``r``)
  is replayed with calamine's own rules for positions (:class:`SlowCells`), taking the larger
  value wherever calamine could choose, so the area found is never smaller than calamine's;
* the text calamine would copy into the cells (``MAX_TEXT_CHARS``): shared strings times the
  cells that point to them; an .ods file's repeated cells and ``<text:s text:c>`` spaces; an
  .xls file's shared strings times its LabelSst cells;
* an .ods file and an .xls file build every sheet when they open, so their sheets count together;
  an .xls file's DIMENSIONS records (calamine reserves room by them) count as well. .xlsb (Excel
  Binary) is not read at all: save it as .xlsx.

Beyond a limit the answer is an :class:`ImportFileError` with a stable code and an Indonesian
message, in well under a second and without holding the unpacked file in memory.
"""

from jkn_desktop.importers.limits.common import (
    CFB_MAGIC,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    Extent,
    ImportFileError,
    access_denied,
    col_letters,
    odd,
    regular_file,
    sheet_too_large,
    too_large,
    unreadable,
)
from jkn_desktop.importers.limits.workbook import check_workbook, long_cell
from jkn_desktop.importers.limits.xls import CfbTrapError, cfb_streams

__all__ = [
    "CFB_MAGIC",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_FILE_BYTES",
    "MAX_ROWS",
    "CfbTrapError",
    "Extent",
    "ImportFileError",
    "access_denied",
    "cfb_streams",
    "check_workbook",
    "col_letters",
    "long_cell",
    "odd",
    "regular_file",
    "sheet_too_large",
    "too_large",
    "unreadable",
]
