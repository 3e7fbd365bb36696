"""The Qt binding must not corrupt Python's reference counts (PySide6 6.12.0 did on Python 3.11:
editing a text field or emitting a signal slowly freed ``None``/``True`` until the app aborted)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit


class _Emitter(QObject):
    fired = Signal(object)


def test_widgets_and_signals_keep_reference_counts_intact(qtbot):
    edit = QLineEdit()
    qtbot.addWidget(edit)
    emitter = _Emitter()
    received = []
    emitter.fired.connect(received.append)
    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for i in range(300):
        edit.setText(str(i))
        emitter.fired.emit(i % 2 == 0)
    assert len(received) == 300
    # counts may grow (objects keep references) but must never shrink below where they started
    assert sys.getrefcount(None) >= none_before
    assert sys.getrefcount(True) >= true_before
