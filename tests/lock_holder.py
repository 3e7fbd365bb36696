"""A second program for the writer-lock tests: opens a database as the window does, says
``siap`` once it holds the lock, and holds it until its stdin closes (or it is killed).

    python -m tests.lock_holder DB NAME
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def start(db: Path, name: str = "Wahyuni") -> subprocess.Popen[str]:
    """The holder, running and holding ``db``'s lock when this returns."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "tests.lock_holder", str(db), name],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    assert proc.stdout is not None
    line = proc.stdout.readline()  # "" when it ended instead
    if line.strip() != "siap":
        proc.kill()
        _, err = proc.communicate(timeout=30)
        raise AssertionError(f"the holder did not start: {line!r} {err}")
    return proc


def stop(proc: subprocess.Popen[str]) -> None:
    if proc.poll() is None:
        assert proc.stdin is not None
        proc.stdin.close()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()


def main() -> None:
    from jkn_desktop.services.database import open_database

    db = open_database(Path(sys.argv[1]), holder=sys.argv[2], program="jendela JKN Desktop")
    sys.stdout.write("siap\n")
    sys.stdout.flush()
    sys.stdin.readline()
    db.close()


if __name__ == "__main__":
    main()
