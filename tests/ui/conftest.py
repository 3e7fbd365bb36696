"""Window fixtures: a real MainWindow on a demo village, offscreen; our own bugs fail the test
instead of opening a modal crash dialog."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def crash_fails_test(monkeypatch):
    crashes: list[str] = []

    def record(exc_type, exc, tb, parent=None):
        import traceback

        crashes.append("".join(traceback.format_exception(exc_type, exc, tb)))

    monkeypatch.setattr("ui.crash._crash", record)
    yield crashes
    assert not crashes, crashes[0]


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
    settle(qtbot, win)
    yield win
    win.ctx.runner.shutdown()
    win.ctx.db.close()
