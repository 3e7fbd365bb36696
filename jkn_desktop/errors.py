"""Errors that are the environment's or the user's fault, with a stable code and an Indonesian message.

Anything else that escapes is our own bug and ends in the crash dialog (window) or the log (command line).
"""

from __future__ import annotations


class UserError(Exception):
    """A problem the user can fix: bad input, a locked or read-only file, a full disk.

    ``message`` is shown as is, so it must be good Indonesian and say what to do.
    """

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def __str__(self) -> str:
        return self.message


class DatabaseError(UserError):
    """The database file cannot be used (locked, read-only, corrupt, too new, disk full)."""


class ValidationError(UserError):
    """A record failed validation; ``issues`` lists every problem found, field by field."""

    def __init__(self, issues: list[object]) -> None:
        from jkn_desktop.domain.issues import Issue

        self.issues: list[Issue] = [i for i in issues if isinstance(i, Issue)]
        errors = [i for i in self.issues if i.severity == "error"]
        first = errors[0].message if errors else "Data tidak valid."
        super().__init__("VALIDATION", first)


class Cancelled(Exception):
    """The user pressed Cancel; the transaction was rolled back."""
