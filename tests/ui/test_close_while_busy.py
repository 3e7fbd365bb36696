"""Closing the window while a long job runs: the window asks, and either stops the job (its
transaction rolls back) and closes once it has stopped, or lets it finish and stays open."""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QMessageBox

from jkn_desktop.services.registry.stats import registry_stats
from tests.ui.conftest import settle
from tests.ui.test_import_wizard import HEAD, click, open_wizard, workbook


def _slow_import(qtbot, window, tmp_path, monkeypatch):
    """Start a real resident import that pauses halfway until ``release`` is set."""
    from ui import tasks

    rows = [HEAD] + [
        [f"331305120380{i:04d}", "3313050306229941", f"WARGA TUTUP {i}", "L", "12-03-1980", "Anak"]
        for i in range(1, 300)
    ]
    path = workbook(tmp_path / "tutup.xlsx", rows)
    _, wizard = open_wizard(qtbot, window, path)
    click(qtbot, wizard.next_btn)
    click(qtbot, wizard.next_btn)
    settle(qtbot, window)
    assert wizard.stack.currentIndex() == 2  # the preview
    halfway, release = threading.Event(), threading.Event()
    step = tasks.Progress.__call__

    def pause_halfway(self, done, total):
        if total and done > total // 2 and not halfway.is_set():
            halfway.set()
            release.wait(20)
        step(self, done, total)

    monkeypatch.setattr(tasks.Progress, "__call__", pause_halfway)
    click(qtbot, wizard.next_btn)  # Impor sekarang
    qtbot.waitUntil(halfway.is_set, timeout=20000)
    return wizard, release


def _answer(monkeypatch, button):
    asked: list[str] = []

    def answer(box):
        asked.append(box.text())
        return button

    monkeypatch.setattr(QMessageBox, "exec", answer)
    return asked


def test_stop_and_close_rolls_the_import_back(qtbot, window, demo_db, tmp_path, monkeypatch):
    before = demo_db.run(registry_stats).residents
    _, release = _slow_import(qtbot, window, tmp_path, monkeypatch)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.Yes)  # "Hentikan dan tutup"
    try:
        window.close()
        assert asked == ["Pekerjaan “Mengimpor data penduduk” sedang berjalan. Hentikan dan tutup?"]
        assert window.isVisible()
        assert not window.closed
        assert "Menghentikan pekerjaan" in window.statusBar().currentMessage()
    finally:
        release.set()
    qtbot.waitUntil(lambda: window.closed, timeout=20000)
    assert not window.isVisible()
    window.ctx.runner.wait_idle()
    assert demo_db.run(registry_stats).residents == before  # rolled back, nothing half-written


def test_wait_keeps_the_window_and_the_import(qtbot, window, demo_db, tmp_path, monkeypatch):
    before = demo_db.run(registry_stats).residents
    wizard, release = _slow_import(qtbot, window, tmp_path, monkeypatch)
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)  # "Tunggu"
    try:
        window.close()
    finally:
        release.set()
    assert len(asked) == 1
    settle(qtbot, window)
    assert window.isVisible()
    assert not window.closed
    assert wizard.outcome is not None
    assert wizard.outcome.created == 299
    assert demo_db.run(registry_stats).residents == before + 299


def test_a_short_read_is_waited_for_then_the_window_closes(qtbot, window, monkeypatch):
    """A job the user was shown no progress for is not asked about: the window says it waits,
    and closes when it ends."""
    asked = _answer(monkeypatch, QMessageBox.StandardButton.No)
    release = threading.Event()
    window.ctx.runner.run(lambda: release.wait(20))
    try:
        window.close()
        assert window.isVisible()
        assert "Menunggu pekerjaan" in window.statusBar().currentMessage()
    finally:
        release.set()
    qtbot.waitUntil(lambda: window.closed, timeout=20000)
    assert asked == []
