"""Logging: named loggers per area ("jkn.db", "jkn.ui", …), a rotating file in the user's log
folder, and faulthandler writing hard crashes to a file next to it.

The log is for the developer and holds no personal data: no call logs a NIK, a name or an address
(a file is named by its kind, an error by its type and the system's reason), SQLAlchemy hides a
failed statement's parameters (``persistence/engine.py``), and, as a second line of defence, every
record passes :class:`PersonalDataFilter`, which masks any run of ten digits or more (a NIK, a
No. KK, a card or a phone number) in the message, the traceback and the stack. The files and the
folder are the user's alone (0600 / 0700 on POSIX). README, "Privacy"."""

from __future__ import annotations

import faulthandler
import logging
import logging.handlers
import os
import re
import sys
from pathlib import Path
from typing import IO, Any

from jkn_desktop.paths import log_dir, private_dir, private_file

_fault_file: IO[str] | None = None
LONG_DIGITS = re.compile(r"\d{10,}")  # NIK and No. KK 16, card 13, phone 10-13 digits


def mask_digits(text: str) -> str:
    """``text`` with every run of ten digits or more replaced by as many asterisks."""
    return LONG_DIGITS.sub(lambda m: "*" * len(m.group()), text)


class PersonalDataFilter(logging.Filter):
    """Masks long digit runs in a record before any handler writes it: the message (its
    arguments merged in), the formatted traceback and the stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a bad format string: logging reports it itself
            return True
        record.msg = mask_digits(message)
        record.args = None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_digits(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_digits(record.stack_info)
        return True


class _PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Each log file (the first and every one after a rollover) created private before its first
    line is written."""

    def _open(self) -> Any:
        private_file(Path(self.baseFilename))
        return super()._open()


def described(exc: BaseException) -> str:
    """An error for the log without the data it may quote: an OSError by its reason (its text
    names the file), anything else by its type and text (digits masked by the filter)."""
    if isinstance(exc, OSError) and exc.strerror:
        return f"{type(exc).__name__}: {exc.strerror}"
    return f"{type(exc).__name__}: {exc}"


def kind_of(path: Path) -> str:
    """A file for the log by its kind only (".xlsx"): its name may be a person's."""
    return path.suffix.lower() or "(no suffix)"


def log_file() -> Path:
    return Path(os.environ.get("JKN_DESKTOP_LOG_DIR") or log_dir()) / "jkn_desktop.log"


def setup_logging(verbose: bool = False) -> Path:
    """Install the handlers once; returns the log file path."""
    global _fault_file  # the file must outlive this call for faulthandler
    path = log_file()
    root = logging.getLogger()
    if getattr(root, "_jkn_configured", False):
        return path
    root.setLevel(logging.DEBUG if verbose else logging.INFO)
    fmt = logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    masking = PersonalDataFilter()
    try:
        # the platform's log folder is ours; one named by JKN_DESKTOP_LOG_DIR is left as it is
        private_dir(path.parent, ours=not os.environ.get("JKN_DESKTOP_LOG_DIR"))
        handler = _PrivateRotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
        handler.setFormatter(fmt)
        handler.addFilter(masking)
        root.addHandler(handler)
        fault = private_file(path.parent / "crash_fault.log")
        earlier, _fault_file = _fault_file, fault.open("a", encoding="utf-8")
        faulthandler.enable(_fault_file)
        if earlier is not None:  # set up again (a test's own log folder): the old one closed
            earlier.close()
    except OSError:
        pass  # no writable log folder: carry on without a file
    if verbose and sys.stderr is not None:  # a windowed Windows build has no stderr
        console = logging.StreamHandler(sys.stderr)
        console.setFormatter(fmt)
        console.addFilter(masking)
        root.addHandler(console)
    root._jkn_configured = True  # type: ignore[attr-defined]
    return path
