"""What every command shares: the parser, opening the database, printing."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from jkn_desktop.errors import UserError
from jkn_desktop.paths import default_db_path

if TYPE_CHECKING:
    from jkn_desktop.domain.wilayah import VillageWords

log = logging.getLogger("jkn.cli")

EXIT_OK, EXIT_BUG, EXIT_USAGE = 0, 1, 2


_ARGPARSE_ID = [
    (r"the following arguments are required: (.*)", r"argumen wajib belum diisi: \1"),
    (r"unrecognized arguments: (.*)", r"argumen tidak dikenal: \1"),
    (r"argument (\S+): invalid int value: '(.*)'", r"nilai \1 harus bilangan bulat, bukan '\2'"),
    (
        r"argument (\S+): invalid choice: '?([^']*)'? \(choose from (.*)\)",
        r"pilihan \1 '\2' tidak ada; pilih salah satu: \3",
    ),
    (r"argument (\S+): expected one argument", r"\1 perlu satu nilai"),
    (r"argument (\S+): (.*)", r"\1: \2"),
]


# argparse's own words in its help (it looks them up through its module's ``_`` each time)
_ARGPARSE_WORDS = {
    "usage: ": "cara pakai: ",
    "positional arguments": "argumen",
    "options": "pilihan",
    "show this help message and exit": "tampilkan bantuan ini lalu selesai",
    "show program's version number and exit": "tampilkan versi program lalu selesai",
}
_english = argparse._  # type: ignore[attr-defined]


def _indonesian(text: str) -> str:
    return _ARGPARSE_WORDS.get(text) or str(_english(text))


argparse._ = _indonesian  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    """argparse with one-line Indonesian errors and exit code 2."""

    def error(self, message: str) -> NoReturn:
        for pattern, repl in _ARGPARSE_ID:
            if re.match(pattern, message):
                message = re.sub(pattern, repl, message)
                break
        self.exit(EXIT_USAGE, f"jkn-desktop: {message} (lihat jkn-desktop --help)\n")


def open_db(args: argparse.Namespace) -> Any:
    """The database, checked by SQLite first (``quick_check``): a damaged file is still read — with
    one warning line — but never written (imports, demo and every change are refused, exit 2)."""
    from jkn_desktop.persistence.migrate import damaged_message
    from jkn_desktop.services.database import open_database

    db = open_database(db_path(args))
    if db.check():
        print("Peringatan: " + damaged_message(db.path), file=sys.stderr)
    daily_backup(db)
    return db


def daily_backup(db: Any) -> None:
    """The first open of the day backs the database up; a backup that cannot be made (a full
    disk) is a warning, never a reason not to work."""
    from jkn_desktop.services.backup.making import daily_backup as backup

    try:
        backup(db)
    except UserError as exc:
        print("Peringatan: cadangan harian tidak bisa dibuat. " + exc.message, file=sys.stderr)


def db_path(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "db", None) or default_db_path())


def village_words(db: Any) -> VillageWords:
    """The village's words (Desa or Kelurahan …); a desa's while no identity is saved."""
    from jkn_desktop.domain.wilayah import DESA_WORDS
    from jkn_desktop.services.registry.village import get_village

    village = db.run(get_village, write=False)
    return village.words if village else DESA_WORDS


def actor(db: Any) -> str:
    from jkn_desktop.services.registry.village import get_village

    village = db.run(get_village, write=False)
    return (village.operator if village else "") or "baris-perintah"


def out(text: str) -> None:
    sys.stdout.write(text + "\n")


def print_issues(issues: Sequence[Any]) -> None:
    """One line per row issue of an import, as the user finds it in the spreadsheet."""
    for issue in issues:
        tingkat = "GALAT" if issue.severity == "error" else "peringatan"
        out(f"  baris {issue.row}, kolom {issue.column}: {tingkat} {issue.code} — {issue.message}")


def month_of_year(text: str, year: int | None = None) -> tuple[int, int]:
    from jkn_desktop.domain.apbdes import parse_period

    try:
        y, m = parse_period(text)
    except ValueError as exc:
        raise UserError("PERIODE", month=text) from exc
    if year is not None and y != year:
        raise UserError("BULAN.tahun", month=text, year=year)
    return y, m


def refuse_kelurahan(db: Any) -> None:
    """A kelurahan has no APBDes: every apbdes command stops here with the reason."""
    from jkn_desktop.services.registry.village import get_village

    village = db.run(get_village, write=False)
    if village is not None and not village.words.has_apbdes:
        raise UserError("TANPA_APBDES", village=village.full_name)


def today() -> dt.date:
    return dt.date.today()
