"""Window fixtures: a real MainWindow on a demo village, offscreen; our own bugs fail the test
instead of opening a modal crash dialog."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def qt_in_indonesian(qapp):
    """The tests see Qt's own strings and formats as users do: in Indonesian (ui.app.make_app)."""
    from ui.qt_locale import install_indonesian

    install_indonesian(qapp)


@pytest.fixture(autouse=True)
def crash_fails_test(monkeypatch):
    crashes: list[str] = []

    def record(exc_type, exc, tb, parent=None):
        import traceback

        crashes.append("".join(traceback.format_exception(exc_type, exc, tb)))

    monkeypatch.setattr("ui.crash._crash", record)
    yield crashes
    assert not crashes, crashes[0]


@pytest.fixture(autouse=True)
def unexpected_message_box_fails_test(monkeypatch):
    """A message box nobody answers would hang the run offscreen: a test that expects one
    answers it itself (monkeypatch); any other one is answered "no" and fails the test."""
    from PySide6.QtWidgets import QMessageBox

    shown: list[str] = []

    def answer(*args, **_kwargs):
        texts = [a for a in args if isinstance(a, str)]
        if args and isinstance(args[0], QMessageBox):
            texts = [args[0].windowTitle(), args[0].text()]
        shown.append(" — ".join(texts))
        return QMessageBox.StandardButton.No

    for name in ("question", "warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(answer))
    monkeypatch.setattr(QMessageBox, "exec", answer)
    yield shown
    assert not shown, f"unexpected message box: {shown[0]}"


def settle(qtbot, window, rounds: int = 4) -> None:
    for _ in range(rounds):
        window.ctx.runner.wait_idle()
        qtbot.wait(10)


@pytest.fixture
def window(qtbot, demo_db):
    from ui.app import build_window

    win = build_window(demo_db.path, first_run=False)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.ready, timeout=10000)
    # every job of the window acts for a person holding every role: a write the window can start
    # that asks no permission then fails the test (Database.work's check), as it would for a
    # real user
    from jkn_desktop.domain.roles import ROLES
    from jkn_desktop.records.people import Actor

    win.ctx.db.session = Actor(username="penguji", roles=tuple(ROLES), full_name="Penguji")
    settle(qtbot, win)
    yield win
    win.ctx.runner.shutdown()
    win.ctx.db.close()
