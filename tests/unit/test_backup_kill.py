"""A process killed without warning (kill -9) while it backs up or restores leaves the database
either as it was or as restored, never a mix: a real child process is stopped at each critical
point (``JKN_DESKTOP_TEST_PAUSE`` makes it wait there) or after a delay, then the file is opened
and checked by SQLite."""

from __future__ import annotations

import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jkn_desktop.persistence.backups import store
from jkn_desktop.persistence.work import local_now
from jkn_desktop.services.backup import making as M
from jkn_desktop.services.database import open_database
from tests.unit.test_backup_restore import drop_some

pytestmark = [
    pytest.mark.skipif(os.name != "posix", reason="kill -9 is POSIX"),
    pytest.mark.file_only,  # a killed copy of the database file: SQLite only (decision 47)
]


def state(path: Path) -> tuple[int, int, int, str]:
    """Residents, households, the newest audit entry and SQLite's full check, read as the next
    start would (the log a killed process left is folded in)."""
    con = sqlite3.connect(path)
    try:
        r = con.execute("SELECT count(*) FROM resident").fetchone()[0]
        h = con.execute("SELECT count(*) FROM household").fetchone()[0]
        a = con.execute("SELECT coalesce(max(id), 0) FROM audit_log").fetchone()[0]
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        con.close()
    return r, h, a, ok


def cli(db: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "jkn_desktop", "--db", str(db), *args]


def killed_at(point: str, command: list[str]) -> None:
    """Run ``command`` until it reports ``point``, then kill it with SIGKILL."""
    env = dict(os.environ, JKN_DESKTOP_TEST_PAUSE=point)
    proc = subprocess.Popen(command, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    assert proc.stderr is not None
    seen = []
    while True:
        line = proc.stderr.readline().decode()
        seen.append(line)
        if line.startswith(f"PAUSED {point}") or not line:
            break
    assert proc.poll() is None, f"the process ended before {point}: {''.join(seen)}"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()


@pytest.fixture
def two_states(demo_db):
    """A database with a backup of its earlier state: (path, backup, earlier, now)."""
    backup = M.take_backup(demo_db, now=local_now())  # also today's backup: no daily one below
    earlier = state(demo_db.path)
    drop_some(demo_db)  # five people imported since
    demo_db.close()
    current = state(demo_db.path)
    assert current[0] == earlier[0] + 5
    return demo_db.path, backup, earlier, current


def test_killed_while_backing_up(two_states):
    path, _, _, current = two_states
    killed_at("backup-copy", cli(path, "backup"))
    assert state(path) == current
    listed = store.list_backups(path)
    assert len(listed) == 1  # the half-written copy is no backup; only the earlier one
    # the next backup works, and every listed backup is whole
    subprocess.run(cli(path, "backup"), check=True, capture_output=True)
    for b in store.list_backups(path):
        con = sqlite3.connect(f"file:{b.path}?mode=ro", uri=True)
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        con.close()


@pytest.mark.parametrize(
    ("point", "expected"),
    [
        ("backup-copy", "old"),  # the safety backup of the current state, the check beside it
        ("restore-swap", "old"),  # staged and checked, the old log folded in, not yet renamed
        ("restore-swapped", "restored"),  # renamed, not yet reopened
    ],
)
def test_killed_while_restoring(two_states, point, expected):
    path, backup, earlier, current = two_states
    killed_at(point, cli(path, "restore", str(backup.path), "--yes"))
    assert state(path) == (current if expected == "old" else earlier)
    # and the program opens it and works on it as usual afterwards
    db = open_database(path)
    try:
        assert db.check(full=True) == []
    finally:
        db.close()


def test_killed_after_a_delay_while_restoring(two_states, tmp_path):
    """Without a pause point: killed at whatever it is doing after 0.3 … 2 s, six times; each
    time the database is one of the two states, whole."""
    path, backup, earlier, current = two_states
    source = tmp_path / "cadangan-luar.sqlite3"
    shutil.copyfile(backup.path, source)
    outcomes = set()
    for delay in (0.3, 0.6, 0.9, 1.2, 1.6, 2.0):
        proc = subprocess.Popen(
            cli(path, "restore", str(source), "--yes"),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = state(path)
        assert now in (current, earlier), (delay, now)
        outcomes.add(now == earlier)
        # back to the later state for the next round (so that "old" stays distinguishable)
        if now == earlier:
            newest = store.list_backups(path)[0]
            assert newest.facts.residents == current[0]
            subprocess.run(
                cli(path, "restore", str(newest.path), "--yes"), check=True, capture_output=True
            )
            assert state(path)[:2] == current[:2]
            current = state(path)
