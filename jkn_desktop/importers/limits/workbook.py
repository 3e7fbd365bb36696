"""The checks a workbook passes before calamine opens it (by its kind: a ZIP or a compound file),
and the one its cells pass after."""

from __future__ import annotations

import logging
import struct
import zipfile
import zlib
from pathlib import Path

from jkn_desktop.importers.limits.common import (
    CFB_MAGIC,
    MAX_CELL_CHARS,
    MAX_FILE_BYTES,
    MAX_XLS_BYTES,
    ZIP_MAGIC,
    access_denied,
    odd,
    read_head,
    regular_file,
    too_large,
    unreadable,
)
from jkn_desktop.importers.limits.xls import check_cfb
from jkn_desktop.importers.limits.xml_tags import TagTooLongError
from jkn_desktop.importers.limits.zip_check import check_zip
from jkn_desktop.logsetup import described, kind_of

log = logging.getLogger("jkn.import")

# --- a workbook, before calamine opens it -----------------------------------------------------
_checked: dict[tuple[str, int, int, int], str] = {}


def check_workbook(path: Path) -> str:
    """Raise ImportFileError unless calamine may open ``path`` within the limits; returns
    ``"zip"`` or ``"cfb"`` (an .xls, or an encrypted .xlsx). The answer for an unchanged file is
    remembered: the wizard reads a file several times."""
    st = regular_file(path)
    key = (str(path.resolve()), st.st_size, st.st_mtime_ns, st.st_ino)
    if key in _checked:
        return _checked[key]
    head = read_head(path)
    if head.startswith((ZIP_MAGIC, b"PK\x05\x06")):
        if st.st_size > MAX_FILE_BYTES:
            raise too_large(path, st.st_size, MAX_FILE_BYTES)
        kind, check = "zip", check_zip
    elif head.startswith(CFB_MAGIC):
        if st.st_size > MAX_XLS_BYTES:
            raise too_large(path, st.st_size, MAX_XLS_BYTES)
        kind, check = "cfb", check_cfb
    else:
        raise unreadable(path)
    try:
        check(path, st.st_size)
    except PermissionError:
        raise access_denied(path) from None
    except TagTooLongError:
        raise odd(path, "struktur XML-nya rusak") from None
    except (
        OSError,
        EOFError,
        ValueError,
        IndexError,
        OverflowError,
        struct.error,
        zlib.error,
        zipfile.BadZipFile,
        NotImplementedError,
    ) as exc:
        # a structure cut short or out of range: the file is damaged (or made to look so)
        log.info("check a %s file: %s", kind_of(path), described(exc))
        raise unreadable(path) from None
    if len(_checked) > 32:
        _checked.clear()
    _checked[key] = kind
    return kind


# --- after calamine: the cells themselves -------------------------------------------------------
def long_cell(rows: list[list[object]], limit: int = MAX_CELL_CHARS) -> tuple[int, int, int] | None:
    """(row, column, length), 1-based, of the first text cell longer than ``limit`` characters."""
    for r, cells in enumerate(rows):
        for c, value in enumerate(cells):
            if isinstance(value, str) and len(value) > limit:
                return r + 1, c + 1, len(value)
    return None
