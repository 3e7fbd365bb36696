"""The file's part of receiving a package, which needs no database: open the workbook, verify
its hashes and signature, read its sheets and its summary. A batch does it before the package's
write job (``batch.receive_files``), so on a server the one-writer-at-a-time lock (decision 46)
covers only the checks against the database and the rows written: five staff receiving at
once queue for a fraction of a second each, not for every file's reading."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jkn_desktop.errors import UserError
from jkn_desktop.records.usulan import Verification
from jkn_desktop.services.kecamatan.package_rows import (
    BadCell,
    CachedBook,
    read_sheet,
    read_summary,
    summary_differences,
)

# the sheets taken in, in the order they are read
SHEETS = (
    "Keluarga",
    "Penduduk",
    "Kepesertaan",
    "Usulan",
    "APBDes_Baris",
    "APBDes_Penerima",
    "Pelayanan",
)


@dataclass
class OpenedPackage:
    """What the file says. ``refusal``: it cannot be read as a package at all. ``bad_cell`` or
    ``unreadable``: a sheet could not be read (refused once the package is known)."""

    path: Path
    book: CachedBook | None = None
    v: Verification | None = None
    refusal: UserError | None = None
    sheets: dict[str, Any] = field(default_factory=dict)
    bad_cell: BadCell | None = None
    unreadable: str = ""
    summary: dict[str, int] = field(default_factory=dict)
    differences: list[str] = field(default_factory=list)


def open_package(path: Path, now: dt.datetime) -> OpenedPackage:
    from jkn_desktop.importers.reader import ImportFileError, open_workbook
    from jkn_desktop.services.usulan.package_verify import verify_workbook

    path = Path(path)
    try:
        book = CachedBook(open_workbook(path))
        v = verify_workbook(book, now)
    except ImportFileError as exc:
        return OpenedPackage(
            path, refusal=UserError("PAKET_BUKAN", file=path.name, problem=exc.message)
        )
    opened = OpenedPackage(path, book, v)
    if not v.readable:
        problem = " ".join(v.problems)
        if "lebih baru" in problem:
            opened.refusal = UserError("PAKET_FORMAT_BARU", file=path.name, problem=problem)
        else:
            opened.refusal = UserError("PAKET_BUKAN", file=path.name, problem=problem)
        return opened
    if not v.ok:
        return opened
    try:
        opened.sheets = {name: read_sheet(book, name) for name in SHEETS}
    except BadCell as bad:
        opened.bad_cell = bad
        return opened
    except ImportFileError as exc:
        opened.unreadable = exc.message
        return opened
    opened.summary = read_summary(book)
    opened.differences = summary_differences(opened.sheets["Penduduk"], opened.summary)
    return opened
