"""Errors that are the environment's or the user's fault, with a stable code and an Indonesian message.

The messages live in one table, ``jkn_desktop.messages``; a raise names its key and fills the
placeholders: ``DatabaseError("DB_LOCKED", name=path.name)``. Anything else that escapes is our
own bug and ends in the crash dialog (window) or the log (command line).
"""

from __future__ import annotations

from jkn_desktop.messages import code_of, message


class UserError(Exception):
    """A problem the user can fix: bad input, a locked or read-only file, a full disk.

    ``key`` is a key of ``jkn_desktop.messages.MESSAGES``: a stable code, or a code and a variant
    (``FILE_UNREADABLE.xlsb``). ``code`` is the stable code alone; ``message`` is the template
    filled with ``params``, shown as is.
    """

    def __init__(self, key: str, /, **params: object) -> None:
        self.key = key
        self.code = code_of(key)
        self.params = params
        self.message = message(key, **params)
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


class DatabaseError(UserError):
    """The database file cannot be used (locked, read-only, corrupt, too new, disk full)."""


class DatabaseInUse(DatabaseError):
    """Another program holds the database's writer lock (``persistence.writer_lock``); the
    message says who, on which computer and since when."""

    can_take_over = False


class DatabaseHeldElsewhere(DatabaseInUse):
    """The holder is on another computer (a database in a shared folder), or cannot be checked:
    the user may take the lock over explicitly (``--ambil-alih``, or Ya in the window)."""

    can_take_over = True


class ValidationError(UserError):
    """A record failed validation; ``issues`` lists every problem found, field by field. The
    message is the first error's own (each finding has its code and sentence)."""

    def __init__(self, issues: list[object]) -> None:
        from jkn_desktop.domain.issues import Issue

        self.issues: list[Issue] = [i for i in issues if isinstance(i, Issue)]
        errors = [i for i in self.issues if i.severity == "error"]
        if errors:
            super().__init__("VALIDATION", problem=errors[0].message)
        else:
            super().__init__("VALIDATION.none")


class Cancelled(Exception):
    """The user pressed Cancel; the transaction was rolled back."""
