"""Where the app keeps its files, and where the shipped resources and migrations are."""

from __future__ import annotations

import contextlib
import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import platformdirs

APP_DIR_NAME = "JKN Desktop"
ENV_DB = "JKN_DESKTOP_DB"


def _shipped(folder: str) -> Path:
    """Where a folder the program ships (resources/, db/) is: in the frozen bundle; inside the
    jkn_desktop package of an installed wheel (setup.py maps them there, decision 40); or at the
    top of the source tree (an editable install runs from it too). ``db/versions`` finds
    ``resources/`` as its sibling, so the two always stay side by side."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / folder
    package = Path(__file__).resolve().parent
    installed = package / folder
    if installed.is_dir():
        return installed
    return package.parent / folder


def resources_dir() -> Path:
    return _shipped("resources")


def migrations_dir() -> Path:
    return _shipped("db")


def data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))


def log_dir() -> Path:
    return Path(platformdirs.user_log_dir(APP_DIR_NAME, appauthor=False))


# the address of a database on a PostgreSQL server (issue 17), as people and libpq write it
SERVER_SCHEMES = ("postgresql", "postgres")


@dataclass(frozen=True)
class ServerAddress:
    """A database on a PostgreSQL server: ``postgresql://user@host[:port]/dbname[?options]``.

    Kept as the user wrote it; ``str()`` and :meth:`describe` leave a password out, so the
    address may reach a screen or the log. libpq's own ways to give the password (the
    ``PGPASSWORD`` variable, the ``pgpass`` file) work as they do for ``psql``."""

    text: str

    def _parts(self) -> tuple[str, str, str, str]:
        parts = urlsplit(self.text)
        query = dict(p.split("=", 1) for p in parts.query.split("&") if "=" in p)
        host = parts.hostname or unquote(query.get("host", "")) or "localhost"
        port = str(parts.port or query.get("port", "") or "")
        user = unquote(parts.username or query.get("user", ""))
        return user, host, port, unquote(parts.path.lstrip("/"))

    @property
    def user(self) -> str:
        return self._parts()[0]

    @property
    def host(self) -> str:
        return self._parts()[1]

    @property
    def dbname(self) -> str:
        return self._parts()[3]

    @property
    def name(self) -> str:
        """What a message calls it: the database's name on its server."""
        return self.dbname or "(tanpa nama)"

    def describe(self) -> str:
        """``postgresql://user@host:port/dbname`` without a password."""
        user, host, port, dbname = self._parts()
        who = f"{user}@" if user else ""
        where = f"{host}:{port}" if port and not host.startswith("/") else host
        return f"postgresql://{who}{where}/{dbname}"

    def __str__(self) -> str:
        return self.describe()

    def engine_url(self) -> str:
        """The address for SQLAlchemy with the psycopg 3 driver."""
        _scheme, rest = self.text.split("://", 1)
        return f"postgresql+psycopg://{rest}"


Location = Path | ServerAddress


def db_location(text: str | Path) -> Location:
    """A database's place as given to ``--db`` or ``JKN_DESKTOP_DB``: a server address, else a
    file path."""
    if isinstance(text, Path):
        return text
    given = text.strip()
    scheme = given.split("://", 1)[0].lower() if "://" in given else ""
    if scheme in SERVER_SCHEMES or scheme.startswith("postgresql+"):
        return ServerAddress(given)
    return Path(given).expanduser()


def default_db_path() -> Location:
    """``--db`` wins over ``JKN_DESKTOP_DB``, which wins over the user's data folder."""
    env = os.environ.get(ENV_DB)
    if env:
        return db_location(env)
    return data_dir() / "jkn_desktop.sqlite3"


def settings_dir(db: Location) -> Path:
    """Where the window keeps its own small settings: beside a database file; in the user's data
    folder for a database on a server."""
    return db.parent if isinstance(db, Path) else data_dir()


def backup_dir(db_path: Path) -> Path:
    return db_path.parent / "cadangan"


# What the program writes holds NIKs, families and health data (UU 27/2022, Pasal 4 ayat (2):
# "data pribadi yang bersifat spesifik"): on POSIX its files are the user's alone (0600) and so
# are the folders it makes for them (0700). Windows keeps a user's profile folders private by its
# own access lists. README, "Privacy".
PRIVATE_FILE = 0o600
PRIVATE_DIR = 0o700


def make_private(path: Path) -> None:
    """Take the group's and others' access away from an existing file or folder (a read-only file
    stays read-only). Best effort: a flash drive's FAT has no modes, a file of another user's
    cannot be changed; neither stops the work."""
    if os.name != "posix":
        return
    with contextlib.suppress(OSError):
        mode = stat.S_IMODE(os.stat(path).st_mode)
        if mode & 0o077:
            os.chmod(path, mode & ~0o077)


def private_dir(path: Path, *, ours: bool = True) -> Path:
    """Create ``path`` (and its parents) if missing, readable by the user only. ``ours``: the
    program's own folder (data, log, backups), so an existing one is made private as well; a
    folder the user chose is left as it is. Raises ``OSError`` when it cannot be created."""
    existed = path.is_dir()
    path.mkdir(parents=True, exist_ok=True, mode=PRIVATE_DIR)
    if ours or not existed:
        make_private(path)
    return path


def private_file(path: Path) -> Path:
    """Create ``path`` empty and private before anything is written into it (a mode set after the
    writing leaves a moment when others can read it); an existing file keeps its content and
    loses the group's and others' access. Raises ``OSError`` when it cannot be created."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE)
    except FileExistsError:
        make_private(path)
    else:
        os.close(fd)
    return path
