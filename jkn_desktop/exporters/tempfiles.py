"""Files are written beside their target under a temporary name and renamed when whole, so an
earlier file stays intact until the new one is complete. Each temporary name is noted in the log
folder while it exists: if the process is killed mid-write, the next start removes what was left
(``sweep``). Each name is noted with the process writing it (its id and start mark), so a
program started while another one exports (a command beside the window) leaves that export's
file alone: only the files of processes that no longer run are swept."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Iterator
from pathlib import Path

from jkn_desktop.paths import log_dir, private_dir, private_file

log = logging.getLogger("jkn.files")


def _ledger() -> Path:
    """In the log folder (``JKN_DESKTOP_LOG_DIR`` wins, as for the log itself): each test, and each
    of several programs run side by side with their own folder, sweeps only its own leftovers."""
    return Path(os.environ.get("JKN_DESKTOP_LOG_DIR") or log_dir()) / "berkas_sementara.txt"


def _me() -> str:
    from jkn_desktop.persistence.processes import look

    pid = os.getpid()
    return f"{pid}\t{look(pid).mark or ''}"


def _path_of(line: str) -> str:
    return line.rsplit("\t", 1)[-1]


def _owner_gone(line: str) -> bool:
    """True when the process that noted ``line`` has ended (a line without an owner: an older
    ledger, swept as before)."""
    from jkn_desktop.persistence.processes import look, same_process

    parts = line.split("\t")
    if len(parts) != 3 or not parts[0].isdigit():
        return True
    seen = look(int(parts[0]))
    if not seen.running:
        return True
    return same_process(parts[1] or None, seen.mark) is False  # the PID was reused


def _note(tmp: Path, keep: bool) -> None:
    ledger = _ledger()
    with contextlib.suppress(OSError):
        lines = ledger.read_text(encoding="utf-8").splitlines() if ledger.exists() else []
        lines = [line for line in lines if line and _path_of(line) != str(tmp)]
        if keep:
            lines.append(f"{_me()}\t{tmp}")
        private_dir(ledger.parent, ours=False)
        private_file(ledger)
        ledger.write_text("".join(f"{line}\n" for line in lines), encoding="utf-8")


@contextlib.contextmanager
def temp_beside(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``; the caller writes it and renames it onto ``path``.
    Whatever happens, the temporary file is gone afterwards."""
    tmp = path.with_name(f"{path.name}.tmp")
    _note(tmp, True)
    try:
        yield tmp
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
        _note(tmp, False)


def sweep() -> int:
    """Remove the temporary files a killed process left behind; returns how many."""
    ledger = _ledger()
    if not ledger.exists():
        return 0
    removed = 0
    with contextlib.suppress(OSError):
        kept = []
        for line in ledger.read_text(encoding="utf-8").splitlines():
            if not line:
                continue
            if not _owner_gone(line):
                kept.append(line)  # another program is writing it now
                continue
            tmp = Path(_path_of(line))
            if tmp.name.endswith(".tmp") and tmp.is_file():
                with contextlib.suppress(OSError):
                    os.unlink(tmp)
                    removed += 1
        if kept:
            ledger.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")
        else:
            ledger.unlink()
    if removed:
        log.info("removed %d temporary files left by an interrupted write", removed)
    return removed
