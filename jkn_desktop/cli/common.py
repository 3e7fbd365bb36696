"""What every command shares: the parser, opening the database, printing."""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import re
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from jkn_desktop.errors import UserError
from jkn_desktop.paths import Location, db_location, default_db_path

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


_opened: dict[
    Location, Any
] = {}  # one Database per file (or server database) per run, closed by close_databases()


def open_db(args: argparse.Namespace, *, write: bool, holder: str | None = None) -> Any:
    """The database, checked by SQLite first (``quick_check``): a damaged file is still read — with
    one warning line — but never written (imports, demo and every change are refused, exit 2).

    ``write``: the command changes data, so it holds the writer lock until it ends; while another
    program (a window) holds it, the command is refused before it reads anything (exit 2: who has
    the database open, on which computer, since when). A reading command reads beside such a
    window. ``--ambil-alih`` takes over a lock left on another computer (audited). The lock names
    ``holder``, else the ``--user`` given, else the operating system's user."""
    from jkn_desktop.persistence.migrate import damaged_message
    from jkn_desktop.services.database import open_database, os_user

    path = db_path(args)
    db = _opened.get(path)
    if db is not None:
        if write:
            db.claim_writer()
        return db
    db = open_database(
        path,
        holder=holder or getattr(args, "user", None) or os_user(),
        program=f"perintah jkn-desktop {args.command}",
        write=write,
        take_over=bool(getattr(args, "ambil_alih", False)),
    )
    _opened[path] = db
    if db.check():
        print("Peringatan: " + damaged_message(db.path), file=sys.stderr)
    if db.has_accounts:
        log_in(db, args)
    daily_backup(db)
    return db


def log_in(db: Any, args: argparse.Namespace) -> None:
    """A file with accounts: ``--user NAME``, the password from ``JKN_DESKTOP_PASSWORD`` or a
    prompt. Every job of ``db`` then acts for that person, and the services refuse what their
    roles do not allow (exit 2)."""
    import os

    from jkn_desktop.services.people.login import login

    name = getattr(args, "user", None)
    if not name:
        raise UserError("LOGIN_NEEDED")
    password = os.environ.get("JKN_DESKTOP_PASSWORD")
    if password is None:
        password = ask_password(f"Kata sandi untuk {name}: ", name)
    # the login's own record is written beside a window that holds the writer lock, so reading
    # commands keep working while it is open
    with db.work(name, beside_writer=True) as work:
        outcome = login(work, name, password)
    if outcome.error is not None:
        raise outcome.error
    assert outcome.actor is not None  # no error: someone logged in
    own_password = getattr(args, "user_command", None) == "passwd" and not getattr(
        args, "username", None
    )
    if outcome.must_set_password and not own_password:
        raise UserError("PASSWORD_NOT_SET", username=outcome.actor.username)
    db.session = outcome.actor


def ask_password(prompt: str, name: str, variable: str = "JKN_DESKTOP_PASSWORD") -> str:
    """A password typed at the terminal, never echoed; refused when there is no terminal (the
    message names the environment ``variable`` a script sets instead)."""
    import getpass

    if not sys.stdin.isatty():
        raise UserError("LOGIN_NO_PASSWORD", username=name, variable=variable)
    return getpass.getpass(prompt)


def close_databases() -> None:
    """At the end of a command: every database let go of, its writer lock released."""
    while _opened:
        _, db = _opened.popitem()
        db.close()


def daily_backup(db: Any) -> None:
    """The first open of the day backs the database up; a backup that cannot be made (a full
    disk) is a warning, never a reason not to work."""
    from jkn_desktop.services.backup.making import daily_backup as backup

    if db.on_server:  # a server is backed up by its own pg_dump (README, kabupaten)
        return
    try:
        backup(db)
    except UserError as exc:
        print("Peringatan: cadangan harian tidak bisa dibuat. " + exc.message, file=sys.stderr)


def db_path(args: argparse.Namespace) -> Location:
    """The database the command works on: ``--db`` (a file or a server's address), else the
    default."""
    given = getattr(args, "db", None)
    return db_location(given) if given else default_db_path()


def village_words(db: Any) -> VillageWords:
    """The village's words (Desa or Kelurahan …); a desa's while no identity is saved."""
    from jkn_desktop.domain.wilayah import DESA_WORDS
    from jkn_desktop.services.registry.village import get_village

    village = db.run(get_village, write=False)
    return village.words if village else DESA_WORDS


def actor(db: Any) -> str:
    """The name a job records when no one logged in (a file without accounts); once someone has,
    the database acts for them whatever name is given."""
    if db.session is not None:
        return str(db.session.username)
    from jkn_desktop.services.registry.village import get_village

    village = db.run(get_village, write=False)
    return (village.operator if village else "") or "baris-perintah"


def out(text: str) -> None:
    sys.stdout.write(text + "\n")


def print_issues(issues: Sequence[Any]) -> None:
    """One line per row issue of an import, as the user finds it in the spreadsheet, in plain
    words; the issue's code is only in the ``--json`` output."""
    for issue in issues:
        out(
            f"  Baris {issue.row}, kolom {issue.column}: {issue_level(issue.severity)} {issue.message}"
        )


def issue_level(severity: str) -> str:
    """How a row issue's weight reads: an error keeps the row out, a warning does not."""
    if severity == "error":
        return "Kesalahan, baris ini tidak diambil."
    return "Peringatan, baris ini tetap diambil."


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
