"""The task runner: a read nobody waits for gives way to the jobs the user starts."""

from __future__ import annotations

import threading

from jkn_desktop.errors import Cancelled
from ui.tasks import TaskRunner


def _raise(error: BaseException) -> None:
    raise error


def test_a_job_that_yields_is_cancelled_by_the_next_job(qtbot):
    runner = TaskRunner(_raise)
    started = threading.Event()
    answers: list[object] = []

    def trend(progress) -> str:  # a long read that checks its progress callback
        started.set()
        for _ in range(1000):
            progress(0, 1)
            threading.Event().wait(0.01)
        return "trend"

    try:
        runner.run(trend, on_done=answers.append, on_error=answers.append, yields=True)
        started.wait(5)
        runner.run(lambda: "first page", on_done=answers.append)
        qtbot.waitUntil(lambda: len(answers) == 2, timeout=5000)
        assert isinstance(answers[0], Cancelled)
        assert answers[1] == "first page"
        # with nothing after it, the same job runs to its end
        answers.clear()
        runner.run(lambda progress: "trend", on_done=answers.append, yields=True)
        qtbot.waitUntil(lambda: answers == ["trend"], timeout=5000)
    finally:
        runner.shutdown()


def test_a_yielding_job_still_queued_is_cancelled_before_it_starts(qtbot):
    runner = TaskRunner(_raise)
    release = threading.Event()
    ran: list[str] = []
    answers: list[object] = []

    def trend(progress) -> None:
        progress(0, 1)
        ran.append("trend")

    try:
        runner.run(lambda: release.wait(10))
        runner.run(trend, on_error=answers.append, yields=True)
        runner.run(lambda: "sort", on_done=answers.append)
        release.set()
        qtbot.waitUntil(lambda: len(answers) == 2, timeout=5000)
        assert isinstance(answers[0], Cancelled)
        assert answers[1] == "sort"
        assert ran == []
    finally:
        release.set()
        runner.shutdown()


def test_a_job_asked_for_after_shutdown_is_not_run(qtbot):
    """A search box's timer may fire while the window closes: the job is dropped, not an error."""
    runner = TaskRunner(_raise)
    runner.shutdown()
    ran: list[bool] = []
    late = runner.run(lambda: ran.append(True))
    assert late.cancelled()
    assert ran == []
    assert not runner.busy
