"""Qt's own strings in Indonesian: resources/i18n/qt_id.ts (ours, by hand) is complete for the
contexts it covers, and the committed qt_id.qm the program loads says what the .ts says."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from tests.ui.qt_texts import update_script

U = update_script()


def test_every_message_is_translated_and_keeps_placeholders_and_one_accelerator():
    messages = U.read_ts()
    assert len(messages) > 400
    for (context, source, _), (text, finished) in messages.items():
        where = f"{context}: {source!r} → {text!r}"
        assert finished, where
        assert text, where
        assert sorted(re.findall(r"%\d", source)) == sorted(re.findall(r"%\d", text)), where
        assert (source.replace("&&", "").count("&") > 0) == (
            text.replace("&&", "").count("&") == 1
        ), where


def test_the_committed_qm_says_what_the_ts_says():
    """Stale .qm: a translation changed or added in the .ts but not compiled (run
    scripts/update_qt_translation.py). Checked through Qt's own lookup, as the program reads it."""
    translator = QTranslator()
    assert translator.load(str(U.QM))
    for (context, source, comment), (text, _) in U.read_ts().items():
        found = translator.translate(context, source, comment or None)
        assert found == text, f"{context}: {source!r}: .qm has {found!r}, .ts has {text!r}"
    assert set(U.read_qm(U.QM)) == set(U.read_ts()), "messages removed from the .ts are in the .qm"


@pytest.mark.skipif(U.find_lrelease() is None, reason="Qt's lrelease is not installed")
def test_the_ts_compiles_with_qt_lrelease_to_the_committed_qm(tmp_path):
    fresh = tmp_path / "qt_id.qm"
    U.compile_ts(U.TS, fresh)
    assert U.read_qm(fresh) == U.read_qm(U.QM)


def test_every_string_qt_has_in_the_covered_contexts_is_in_the_ts():
    """After a Qt upgrade, strings Qt added to the dialogs we translate fail here until they are
    translated (the script adds them to the .ts as unfinished)."""
    missing = U.missing_from_ts(U.read_ts())
    assert not missing, sorted(missing)[:10]


def test_the_application_speaks_indonesian(qapp):
    """Installed by make_app (and the UI tests' fixture): standard buttons, context menus and the
    Qt widgets' dates are Indonesian."""
    assert qapp.findChild(QTranslator, "qt_id") is not None
    tr = QCoreApplication.translate
    assert tr("QPlatformTheme", "Cancel") == "Batal"
    assert tr("QLineEdit", "&Paste") == "&Tempel"
    assert tr("QPrintPreviewDialog", "Print Preview") == "Pratinjau Cetak"
    assert QLocale().language() == QLocale.Language.Indonesian
    assert QLocale().monthName(12) == "Desember"
