"""The window and the writer lock (issue #14, item 3): a database another program holds is refused
with who and since when, and nothing is written; another computer's lock is taken over only after
the user says so; closing the window lets the next program in."""

from __future__ import annotations

import json
import socket

import pytest
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from jkn_desktop.errors import DatabaseInUse
from jkn_desktop.persistence.tables import audit_t
from jkn_desktop.persistence.writer_lock import lock_path
from jkn_desktop.services.database import open_database
from tests import lock_holder
from tests.ui.conftest import settle
from tests.unit.test_writer_lock import fingerprint, write_lock


@pytest.fixture
def boxes(monkeypatch):
    """The message boxes the window shows, answered as ``answer`` says."""
    shown: list[str] = []
    answer = {"button": QMessageBox.StandardButton.No}

    def critical(_parent, title, text, *args, **kwargs):
        shown.append(f"{title} — {text}")
        return QMessageBox.StandardButton.Ok

    def exec_(box):
        shown.append(f"{box.windowTitle()} — {box.text()}")
        return answer["button"]

    monkeypatch.setattr(QMessageBox, "critical", staticmethod(critical))
    monkeypatch.setattr(QMessageBox, "exec", exec_)
    return shown, answer


def _open_window(qtbot, path, failed):
    from ui.app import build_window

    win = build_window(path, on_failed=lambda: failed.append(True), first_run=False)
    qtbot.addWidget(win)
    win.show()
    return win


def test_the_window_is_refused_while_another_program_holds_the_database(qtbot, db_path, boxes):
    shown, _ = boxes
    proc = lock_holder.start(db_path)
    try:
        before = fingerprint(db_path)
        failed: list[bool] = []
        win = _open_window(qtbot, db_path, failed)
        qtbot.waitUntil(lambda: bool(failed), timeout=10000)
        assert not win.ready
        assert win.ctx.db is None
        assert len(shown) == 1
        assert shown[0].startswith(
            "Basis data tidak bisa dibuka — Basis data ini sedang dibuka oleh"
        )
        assert f"Wahyuni di komputer {socket.gethostname()} sejak " in shown[0]
        assert fingerprint(db_path) == before
        win.ctx.runner.shutdown()
    finally:
        lock_holder.stop(proc)


def test_another_computers_lock_refused_when_the_user_says_no(qtbot, db_path, boxes):
    shown, _ = boxes
    write_lock(db_path, host="LAPTOP-KANTOR-2")
    before = fingerprint(db_path)
    failed: list[bool] = []
    win = _open_window(qtbot, db_path, failed)
    qtbot.waitUntil(lambda: bool(failed), timeout=10000)
    assert len(shown) == 1  # the question only; "no" needs no second message
    assert shown[0].startswith("Basis data sedang dibuka di komputer lain — ")
    assert (
        "oleh Sekretaris di komputer LAPTOP-KANTOR-2 sejak 1 Desember 2026 pukul 14.05" in shown[0]
    )
    assert "--ambil-alih" not in shown[0]
    assert fingerprint(db_path) == before
    assert json.loads(lock_path(db_path).read_text(encoding="utf-8"))["host"] == "LAPTOP-KANTOR-2"
    win.ctx.runner.shutdown()


def test_another_computers_lock_taken_over_at_the_users_word_and_audited(qtbot, village_db, boxes):
    shown, answer = boxes
    answer["button"] = QMessageBox.StandardButton.Yes
    path = village_db.path
    write_lock(path, host="LAPTOP-KANTOR-2")
    failed: list[bool] = []
    win = _open_window(qtbot, path, failed)
    qtbot.waitUntil(lambda: win.ready, timeout=10000)
    settle(qtbot, win)
    assert not failed
    assert len(shown) == 1
    held = json.loads(lock_path(path).read_text(encoding="utf-8"))
    assert (held["holder"], held["host"]) == ("Operator Uji", socket.gethostname())
    rows = village_db.run(
        lambda work: work.conn.execute(
            select(audit_t.c.actor, audit_t.c.old_value).where(audit_t.c.action == "lock_takeover")
        ).all(),
        write=False,
    )
    assert len(rows) == 1
    assert "LAPTOP-KANTOR-2" in rows[0].old_value
    win.close()
    win.ctx.runner.wait_idle()
    assert not lock_path(path).exists()
    win.ctx.runner.shutdown()


def test_the_window_names_who_logged_in_and_its_close_lets_go(qtbot, window):
    path = window.ctx.db.path
    held = json.loads(lock_path(path).read_text(encoding="utf-8"))
    assert (held["holder"], held["program"]) == ("Penguji", "jendela JKN Desktop")
    with pytest.raises(DatabaseInUse) as refused:
        open_database(path, holder="Budi", program="perintah jkn-desktop init")
    assert "sedang dibuka oleh Penguji di komputer" in str(refused.value)
    window.close()
    window.ctx.runner.wait_idle()
    assert not lock_path(path).exists()
    open_database(path, holder="Budi", program="perintah jkn-desktop init").close()
