"""One worker thread owns the database (Anki's taskman is the model).

Every database job runs on a single-thread executor; the result comes back to the UI thread via a
queued signal. A progress dialog appears only when a job runs longer than half a second, and its
Cancel sets a flag the job checks through its progress callback (raising ``Cancelled``, which rolls
its transaction back).

A read nobody waits for (the Beranda's twelve-month line, a few seconds at 100,000 residents) is
submitted with ``yields=True``: the next job the user starts cancels it the same way, so a page
opened meanwhile is not queued behind it; whoever asked for it asks again later. (A second
database thread would not do: such a job is Python, and it would hold the interpreter the window
needs to draw the page.)
"""

from __future__ import annotations

import inspect
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from jkn_desktop.errors import Cancelled

log = logging.getLogger("jkn.ui.tasks")

PROGRESS_DELAY_MS = 500


class Progress:
    """Passed to jobs that accept a ``progress`` argument: ``progress(done, total)``."""

    def __init__(self, emit: Callable[[int, int], None]) -> None:
        self._emit = emit
        self._cancel = threading.Event()

    def __call__(self, done: int, total: int) -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._emit(done, total)

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What a job hands back to the UI thread. One object per emit: PySide6 has been seen to
    miscount references when ``None`` travels through ``object`` signal arguments across threads
    ("deallocating None"), so no bare ``None`` is ever emitted."""

    on_done: Callable[[Any], None] | None
    on_error: Callable[[BaseException], None] | None
    dialog: QProgressDialog | None
    result: Any
    error: BaseException | None
    key: int


class TaskRunner(QObject):
    _finished = Signal(object)  # _Outcome
    _progressed = Signal(object, int, int)  # dialog, done, total
    idle = Signal()  # the last job running has been delivered

    def __init__(
        self, error_handler: Callable[[BaseException], None], parent: QObject | None = None
    ):
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="db")
        self._error_handler = error_handler
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self._progressed.connect(self._update_progress, Qt.ConnectionType.QueuedConnection)
        self._running = 0
        self._yielding: list[Progress] = []  # queued or running jobs that give way
        self._labelled: dict[int, tuple[str, Progress | None]] = {}  # jobs the user is shown
        self._keys = 0
        self._closed = False

    @property
    def busy(self) -> bool:
        return self._running > 0

    def running_labels(self) -> list[str]:
        """What the queued or running jobs the user was shown a progress label for are doing
        ("Mengimpor data penduduk"), in the order they were started."""
        return [label.rstrip(" .…") for label, _ in self._labelled.values()]

    def stop_all(self) -> None:
        """Ask every job to stop at its next progress step (a write job's transaction then rolls
        back); a job that reports no progress runs to its end."""
        for _, progress in self._labelled.values():
            if progress is not None:
                progress.cancel()
        self.give_way()

    def run(
        self,
        fn: Callable[..., Any],
        *args: Any,
        on_done: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        label: str | None = None,
        parent: QWidget | None = None,
        wants_progress: bool | None = None,
        yields: bool = False,
        **kwargs: Any,
    ) -> Future[Any]:
        """Run ``fn(*args, **kwargs)`` on the database thread. With ``label``, a progress dialog
        (with Cancel) appears if the job takes longer than half a second. With ``yields``, the
        job (which must take ``progress``) is cancelled as soon as a job that does not yield is
        submitted, or when :meth:`give_way` is called."""
        if self._closed:  # a timer that fired while the window closed: nothing to run it on
            log.info("job not started: the runner is shut down")
            late: Future[Any] = Future()
            late.cancel()
            return late
        if not yields:
            self.give_way()
        dialog: QProgressDialog | None = None
        progress: Progress | None = None
        if yields:
            assert label is None, "a job that gives way shows no progress"
            progress = Progress(lambda d, t: None)
            self._yielding.append(progress)
            kwargs["progress"] = progress
        if label is not None:
            dialog = QProgressDialog(label, "Batal", 0, 0, parent)
            dialog.setWindowTitle("Mohon tunggu")
            dialog.setWindowModality(Qt.WindowModality.WindowModal)
            dialog.setAutoClose(False)
            dialog.setAutoReset(False)
            dialog.setMinimumDuration(0)
            dialog.hide()
            progress = Progress(lambda d, t: self._progressed.emit(dialog, d, t))
            dialog.canceled.connect(progress.cancel)
            timer = QTimer(dialog)
            timer.setSingleShot(True)
            timer.timeout.connect(lambda: dialog.show() if dialog is not None else None)
            timer.start(PROGRESS_DELAY_MS)
            if wants_progress is None:
                wants_progress = "progress" in inspect.signature(fn).parameters
            if wants_progress:
                kwargs["progress"] = progress
        self._running += 1
        self._keys += 1
        key = self._keys
        if label is not None:
            self._labelled[key] = (label, progress)

        def job() -> Any:
            if progress is not None and progress.cancelled:  # stopped before it started
                exc: BaseException = Cancelled()
                self._finished.emit(_Outcome(on_done, on_error, dialog, None, exc, key))
                raise exc
            try:
                result = fn(*args, **kwargs)
            except BaseException as exc:  # delivered to the UI thread, never lost
                self._finished.emit(_Outcome(on_done, on_error, dialog, None, exc, key))
                raise
            self._finished.emit(_Outcome(on_done, on_error, dialog, result, None, key))
            return result

        return self._executor.submit(job)

    def give_way(self) -> None:
        """Cancel the jobs submitted with ``yields=True`` (the user has started something)."""
        for waiting in self._yielding:
            waiting.cancel()
        self._yielding.clear()

    def _deliver(self, outcome: _Outcome) -> None:
        on_done, on_error, dialog = outcome.on_done, outcome.on_error, outcome.dialog
        result, error = outcome.result, outcome.error
        self._running -= 1
        self._labelled.pop(outcome.key, None)
        if dialog is not None:
            dialog.hide()
            dialog.deleteLater()
        try:
            self._hand_over(on_done, on_error, result, error)
        finally:
            if self._running == 0:
                self.idle.emit()

    def _hand_over(
        self,
        on_done: Callable[[Any], None] | None,
        on_error: Callable[[BaseException], None] | None,
        result: Any,
        error: BaseException | None,
    ) -> None:
        if error is None:
            if on_done is not None:
                on_done(result)
            return
        if isinstance(error, Cancelled):
            log.info("task cancelled")
            if on_error is not None:
                on_error(error)
            return
        if on_error is not None:
            on_error(error)
        else:
            self._error_handler(error)

    def _update_progress(self, dialog: QProgressDialog, done: int, total: int) -> None:
        try:
            dialog.setMaximum(max(total, 0))
            dialog.setValue(min(done, total) if total else 0)
        except RuntimeError:  # dialog already gone
            pass

    def report(self, error: BaseException) -> None:
        """Show an error the way unhandled job errors are shown (message or crash dialog)."""
        self._error_handler(error)

    def wait_idle(self, timeout: float = 30.0) -> None:
        """Block until queued jobs finished (used by screenshots and tests)."""
        self._executor.submit(lambda: None).result(timeout)

    def shutdown(self) -> None:
        self._closed = True
        self._executor.shutdown(wait=True, cancel_futures=True)


def ask_to_stop(parent: QWidget, labels: list[str]) -> bool:
    """The window is being closed while jobs the user was shown run: True to stop them and close
    once they have stopped, False to let them finish with the window open."""
    doing = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " dan " + labels[-1]
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Pekerjaan sedang berjalan",
        f"Pekerjaan “{doing}” sedang berjalan. Hentikan dan tutup?",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        parent,
    )
    box.setInformativeText(
        "Pekerjaan yang dihentikan tidak menyimpan apa pun: data tetap seperti sebelum pekerjaan "
        "itu dimulai. Pilih Tunggu agar pekerjaan selesai lebih dulu."
    )
    box.button(QMessageBox.StandardButton.Yes).setText("Hentikan dan tutup")
    box.button(QMessageBox.StandardButton.No).setText("Tunggu")
    box.setDefaultButton(QMessageBox.StandardButton.No)
    return box.exec() == QMessageBox.StandardButton.Yes
