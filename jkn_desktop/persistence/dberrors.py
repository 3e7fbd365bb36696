"""What went wrong in the database, read from the driver's error code, never its message text.

SQLite reports a primary result code (``sqlite3.Error.sqlite_errorcode``, the low byte of the
extended code); PostgreSQL an SQLSTATE (``psycopg.Error.sqlstate``). Both are mapped onto the few
situations a user can act on; anything else is ours to fix.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from jkn_desktop.errors import DatabaseError


class Trouble(Enum):
    BUSY = "busy"  # another program holds the file
    READONLY = "readonly"  # the file or folder cannot be written
    FULL = "full"  # no room on the disk
    CORRUPT = "corrupt"  # not a database, or a damaged one
    CANTOPEN = "cantopen"  # the file cannot be opened at all
    IOERR = "ioerr"  # the disk stopped answering (a flash drive pulled out)


# SQLite primary result codes (https://www.sqlite.org/rescode.html)
_SQLITE = {
    5: Trouble.BUSY,  # SQLITE_BUSY
    6: Trouble.BUSY,  # SQLITE_LOCKED
    8: Trouble.READONLY,  # SQLITE_READONLY
    10: Trouble.IOERR,  # SQLITE_IOERR
    11: Trouble.CORRUPT,  # SQLITE_CORRUPT
    13: Trouble.FULL,  # SQLITE_FULL
    14: Trouble.CANTOPEN,  # SQLITE_CANTOPEN
    26: Trouble.CORRUPT,  # SQLITE_NOTADB
}
# PostgreSQL SQLSTATE classes and codes (Appendix A of its manual)
_SQLSTATE = {
    "53100": Trouble.FULL,  # disk_full
    "25006": Trouble.READONLY,  # read_only_sql_transaction
    "55P03": Trouble.BUSY,  # lock_not_available
    "40P01": Trouble.BUSY,  # deadlock_detected
    "XX001": Trouble.CORRUPT,  # data_corrupted
    "58030": Trouble.IOERR,  # io_error
}


def trouble(exc: BaseException) -> Trouble | None:
    """The situation behind a driver error (wrapped by SQLAlchemy or not), or None."""
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlite_errorcode", None)
    if isinstance(code, int):
        return _SQLITE.get(code & 0xFF)
    state = getattr(orig, "sqlstate", None)
    if isinstance(state, str):
        return _SQLSTATE.get(state)
    return None


def readonly_refusal(exc: BaseException) -> bool:
    return trouble(exc) is Trouble.READONLY


def user_error(exc: BaseException, path: Path) -> DatabaseError:
    """The environment's failure as a message a village operator can act on."""
    kind = trouble(exc)
    if kind is Trouble.BUSY:
        return DatabaseError("DB_LOCKED", name=path.name)
    if kind is Trouble.READONLY:
        return DatabaseError("DB_READONLY", path=path)
    if kind is Trouble.FULL:
        return DatabaseError("DISK_FULL")
    if kind is Trouble.CORRUPT:
        return DatabaseError("DB_CORRUPT", path=path)
    if kind is Trouble.CANTOPEN:
        return DatabaseError("DB_UNOPENABLE", path=path)
    if kind is Trouble.IOERR:
        return DatabaseError("DB_IOERR", path=path)
    return DatabaseError("DB_ERROR", name=path.name, detail=getattr(exc, "orig", exc))
