"""One writer per database file (issue #14, item 3): a second program that would write is refused
with who has the database open, where and since when; reading commands read beside it; a holder
that was killed is taken over; a PID that now runs another program is no holder; another
computer's lock is taken over only at the user's word (audited); a garbled lock file is handled.
Real processes, real files."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from jkn_desktop.cli import main
from jkn_desktop.domain.formatting import tanggal
from jkn_desktop.errors import DatabaseHeldElsewhere, DatabaseInUse
from jkn_desktop.persistence.processes import look
from jkn_desktop.persistence.tables import audit_t
from jkn_desktop.persistence.writer_lock import lock_path
from jkn_desktop.services.database import open_database
from tests import lock_holder
from tests.lock_holder import ROOT

HOST = socket.gethostname()
INIT = ("init", "--kode-wilayah", "33.13.05.2006")


def cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The command line as its own program."""
    return subprocess.run(
        [sys.executable, "-m", "jkn_desktop", "--db", str(db), *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        timeout=120,
    )


def run(capsys: pytest.CaptureFixture[str], db: Path, *args: str) -> tuple[int, str, str]:
    """The command line in this process (a program of its own next to the holder)."""
    code = main(["--db", str(db), *args])
    out, err = capsys.readouterr()
    return code, out, err


def fingerprint(db: Path) -> list[str]:
    """The database's bytes, its write-ahead log's included: equal means nothing was written."""
    files = [db, Path(f"{db}-wal")]
    return [hashlib.sha256(f.read_bytes()).hexdigest() if f.exists() else "-" for f in files]


def write_lock(db: Path, **fields: object) -> Path:
    """A lock file as another program would have left it (no OS lock held on it)."""
    data: dict[str, object] = {
        "app": "JKN Desktop 0.1.0",
        "holder": "Sekretaris",
        "program": "jendela JKN Desktop",
        "host": HOST,
        "pid": 999_999_999,
        "process_start": None,
        "since": dt.datetime(2026, 12, 1, 14, 5).astimezone().isoformat(),
        "token": "0" * 32,
    }
    data.update(fields)
    path = lock_path(db)
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def village(db: Path) -> str | None:
    """The village's name as saved, read without any program of ours."""
    import sqlite3

    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        row = con.execute("SELECT desa FROM village").fetchone()
    finally:
        con.close()
    return row[0] if row else None


@pytest.fixture
def held(db_path):
    """``db_path`` held by another program, as a window on it would."""
    proc = lock_holder.start(db_path)
    yield proc
    lock_holder.stop(proc)


# --- two programs -------------------------------------------------------------------------------
def test_a_writing_command_is_refused_while_a_window_holds_the_database(db_path, held):
    before = fingerprint(db_path)
    proc = cli(db_path, *INIT)
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1
    today = tanggal(dt.date.today())
    assert (
        f"Basis data ini sedang dibuka oleh Wahyuni di komputer {HOST} sejak {today} pukul "
        in proc.stderr
    )
    assert "(jendela JKN Desktop)" in proc.stderr
    assert fingerprint(db_path) == before
    assert village(db_path) is None


def test_reading_commands_read_beside_the_window(db_path, held, capsys):
    code, out, err = run(capsys, db_path, "stats", "--json")
    assert (code, err) == (0, "")
    assert json.loads(out)["residents"] == 0
    assert run(capsys, db_path, "coverage", "--json")[0] == 0
    assert run(capsys, db_path, "residents", "--json")[0] == 0
    # … while what writes is refused, also when the same command would write
    code, _, err = run(capsys, db_path, "coverage", "--periksa")
    assert code == 2
    assert "sedang dibuka oleh Wahyuni" in err


def test_a_reading_command_that_writes_after_all_is_refused_nothing_written(db_path, held):
    db = open_database(db_path, holder="Budi", program="perintah jkn-desktop stats", write=False)
    before = fingerprint(db_path)
    with pytest.raises(DatabaseInUse) as refused:
        db.run(lambda work: work.conn.execute(audit_t.delete()))
    assert refused.value.code == "DB_IN_USE"
    assert db.run(lambda work: 1, write=False) == 1
    assert fingerprint(db_path) == before
    db.close()


def test_a_reader_beside_a_holder_of_another_schema_is_refused(db_path, held):
    """The holder migrated the file with its own version: this program cannot read that
    schema, and may not migrate it under the holder."""
    import sqlite3

    con = sqlite3.connect(db_path)
    con.execute("UPDATE alembic_version SET version_num = '0001'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseInUse) as refused:
        open_database(db_path, holder="Budi", program="perintah jkn-desktop stats", write=False)
    assert refused.value.key == "DB_IN_USE.version"
    assert "oleh Wahyuni di komputer" in refused.value.message


def test_a_killed_holder_is_taken_over_at_the_next_start(db_path, capsys):
    proc = lock_holder.start(db_path)
    proc.kill()  # SIGKILL: no chance to let go of anything
    proc.wait()
    lock_holder.stop(proc)
    left = json.loads(lock_path(db_path).read_text(encoding="utf-8"))
    assert left["pid"] == proc.pid
    code, _out, err = run(capsys, db_path, *INIT)
    assert (code, err) == (0, "")
    assert village(db_path) == "Girilayu"
    assert not lock_path(db_path).exists()  # released at the command's end


def test_the_window_that_closed_lets_the_next_program_write(db_path, capsys):
    proc = lock_holder.start(db_path)
    lock_holder.stop(proc)
    assert not lock_path(db_path).exists()
    assert run(capsys, db_path, *INIT)[0] == 0


def test_with_accounts_a_reading_command_logs_in_beside_the_window(db_path, capsys, monkeypatch):
    """A file with accounts: the login writes its own record (the audit row, the count of wrong
    passwords) beside the window that holds the lock, so reading still works; writing does not;
    a writing command's lock names the person who logged in."""
    from jkn_desktop.services.people import accounts

    db = open_database(db_path)
    db.run(accounts.add_account, "wahyuni", "rahasia-desa-1", ["admin"], full_name="Sri Wahyuni")
    db.close()
    monkeypatch.setenv("JKN_DESKTOP_PASSWORD", "rahasia-desa-1")
    proc = lock_holder.start(db_path, name="Sri Wahyuni")
    try:
        code, out, err = run(capsys, db_path, "--user", "wahyuni", "stats", "--json")
        assert (code, err) == (0, "")
        assert json.loads(out)["residents"] == 0
        code, _, err = run(capsys, db_path, "--user", "wahyuni", *INIT)
        assert code == 2
        assert "sedang dibuka oleh Sri Wahyuni" in err
    finally:
        lock_holder.stop(proc)
    db = open_database(db_path, holder="wahyuni", program="perintah jkn-desktop init")
    from jkn_desktop.records.people import Actor

    db.session = Actor(username="wahyuni", roles=("admin",), full_name="Sri Wahyuni")
    assert json.loads(lock_path(db_path).read_text(encoding="utf-8"))["holder"] == "Sri Wahyuni"
    logins = db.run(
        lambda work: work.conn.execute(
            select(audit_t.c.action).where(audit_t.c.action.in_(["login", "login_failed"]))
        ).all(),
        write=False,
    )
    db.close()
    # the reading command's login; the writing one was refused before it logged anyone in
    assert [r.action for r in logins] == ["login"]


# --- what a lock file says ----------------------------------------------------------------------
@pytest.fixture
def sleeper():
    """A live process that is not ours: its PID is running, its start mark its own."""
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"])
    yield proc
    proc.kill()
    proc.wait()


def test_a_live_pid_with_another_start_is_another_program_and_taken_over(db_path, sleeper):
    write_lock(db_path, pid=sleeper.pid, process_start="not-when-it-started")
    db = open_database(db_path, holder="Budi", program="perintah jkn-desktop init")
    assert db.lock is not None
    assert db.lock.taken_over == "reused"
    assert db.lock.replaced is not None
    assert db.lock.replaced.pid == sleeper.pid
    db.close()


@pytest.mark.skipif(look(os.getpid()).mark is None, reason="this system gives no start mark")
def test_a_live_pid_with_its_own_start_is_a_holder_even_without_the_os_lock(db_path, sleeper):
    """A file system whose locks do not reach other programs: the PID and its start decide."""
    write_lock(db_path, pid=sleeper.pid, process_start=look(sleeper.pid).mark)
    with pytest.raises(DatabaseInUse) as refused:
        open_database(db_path, holder="Budi", program="perintah jkn-desktop init")
    assert refused.value.code == "DB_IN_USE"
    assert "sedang dibuka oleh Sekretaris" in refused.value.message


def test_a_dead_pid_is_taken_over(db_path):
    write_lock(db_path, pid=999_999_999)
    db = open_database(db_path, holder="Budi", program="perintah jkn-desktop init")
    assert db.lock is not None
    assert db.lock.taken_over == "stale"
    db.close()


def test_another_computers_lock_is_taken_over_only_at_the_users_word(db_path, capsys):
    write_lock(db_path, host="LAPTOP-KANTOR-2")
    before = fingerprint(db_path)
    code, out, err = run(capsys, db_path, *INIT)
    assert (code, out) == (2, "")
    assert (
        "Basis data ini tercatat sedang dibuka oleh Sekretaris di komputer LAPTOP-KANTOR-2 sejak "
        "1 Desember 2026 pukul 14.05 (jendela JKN Desktop)." in err
    )
    assert "--ambil-alih" in err
    assert fingerprint(db_path) == before
    # reading needs no lock
    assert run(capsys, db_path, "stats", "--json")[0] == 0
    code, _, err = run(capsys, db_path, "--ambil-alih", *INIT)
    assert (code, err) == (0, "")
    assert village(db_path) == "Girilayu"
    db = open_database(db_path)
    rows = db.run(
        lambda work: work.conn.execute(
            select(
                audit_t.c.actor, audit_t.c.old_value, audit_t.c.new_value, audit_t.c.reason
            ).where(audit_t.c.action == "lock_takeover")
        ).all(),
        write=False,
    )
    db.close()
    assert len(rows) == 1
    assert rows[0].old_value.startswith("Sekretaris (jendela JKN Desktop) di LAPTOP-KANTOR-2")
    assert "(perintah jkn-desktop init)" in rows[0].new_value
    assert "konfirmasi" in rows[0].reason


def test_the_elsewhere_refusal_may_be_taken_over(db_path):
    write_lock(db_path, host="LAPTOP-KANTOR-2")
    with pytest.raises(DatabaseHeldElsewhere) as refused:
        open_database(db_path, holder="Budi", program="jendela JKN Desktop")
    assert refused.value.can_take_over
    assert refused.value.params["host"] == "LAPTOP-KANTOR-2"


@pytest.mark.parametrize("content", [b"", b"{", b"\x00\xff\xfe garbage", b'{"holder": 3}', b"[]"])
def test_a_garbled_lock_file_nobody_holds_is_taken_over(db_path, content):
    lock_path(db_path).write_bytes(content)
    db = open_database(db_path, holder="Budi", program="perintah jkn-desktop init")
    assert db.lock is not None
    assert db.lock.taken_over == ("" if not content else "garbled")
    assert json.loads(lock_path(db_path).read_text(encoding="utf-8"))["holder"] == "Budi"
    db.close()


def test_a_garbled_lock_file_someone_holds_is_refused(db_path, held):
    lock_path(db_path).write_bytes(b"\x00 not ours")
    proc = cli(db_path, *INIT)
    assert proc.returncode == 2
    assert "sedang dibuka oleh program lain" in proc.stderr
    assert str(lock_path(db_path)) in proc.stderr


# --- one program --------------------------------------------------------------------------------
def test_the_lock_file_says_who_is_private_and_goes_at_close(db_path):
    db = open_database(db_path, holder="Budi", program="jendela JKN Desktop")
    path = lock_path(db_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert (data["holder"], data["host"], data["pid"]) == ("Budi", HOST, os.getpid())
    assert data["program"] == "jendela JKN Desktop"
    assert dt.datetime.fromisoformat(data["since"]).tzinfo is not None
    if os.name == "posix":
        assert path.stat().st_mode & 0o777 == 0o600
    db.rename_holder("Wahyuni")  # the operator, once the village is read
    assert json.loads(path.read_text(encoding="utf-8"))["holder"] == "Wahyuni"
    db.close()
    assert not path.exists()
    db.close()  # twice: nothing


def test_a_second_open_in_the_same_program_is_refused(db_path):
    db = open_database(db_path, holder="Budi", program="jendela JKN Desktop")
    with pytest.raises(DatabaseInUse):
        open_database(db_path, holder="Budi", program="perintah jkn-desktop init")
    db.close()
    open_database(db_path, holder="Budi", program="perintah jkn-desktop init").close()


def test_a_lock_taken_over_meanwhile_stops_the_old_holders_writes(db_path):
    """Taken over from another computer while this program still ran: it writes no more."""
    db = open_database(db_path, holder="Budi", program="jendela JKN Desktop")
    write_lock(db_path, host="LAPTOP-KANTOR-2", holder="Sekretaris", token="f" * 32)
    before = fingerprint(db_path)
    with pytest.raises(DatabaseInUse) as refused:
        db.run(lambda work: work.conn.execute(audit_t.delete()))
    assert refused.value.key == "DB_IN_USE.lost"
    assert "diambil alih oleh Sekretaris di komputer LAPTOP-KANTOR-2" in refused.value.message
    assert fingerprint(db_path) == before
    db.close()
    assert lock_path(db_path).exists()  # the new holder's file stays


@pytest.mark.skipif(os.name != "posix", reason="Windows does not remove a file held open")
def test_a_lock_file_deleted_by_hand_is_made_again(db_path):
    db = open_database(db_path, holder="Budi", program="jendela JKN Desktop")
    lock_path(db_path).unlink()
    db.run(lambda work: None)
    assert json.loads(lock_path(db_path).read_text(encoding="utf-8"))["holder"] == "Budi"
    with pytest.raises(DatabaseInUse):
        open_database(db_path, holder="Ani", program="perintah jkn-desktop init")
    db.close()
    assert not lock_path(db_path).exists()


@pytest.mark.skipif(
    os.name != "posix" or os.geteuid() == 0,
    reason="a read-only folder needs a user that is not root",
)
def test_a_read_only_folder_takes_no_lock_and_says_read_only(db_path):
    from jkn_desktop.errors import DatabaseError

    open_database(db_path).close()
    folder = db_path.parent
    folder.chmod(0o555)
    try:
        with pytest.raises(DatabaseError) as refused:
            open_database(db_path, holder="Budi", program="jendela JKN Desktop")
        assert refused.value.code == "DB_READONLY"
        assert not lock_path(db_path).exists()
    finally:
        folder.chmod(0o755)
