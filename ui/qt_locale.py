"""Qt's own strings and formats in Indonesian: the standard buttons, context menus and the file,
print and preview dialogs read Indonesian, and Qt widgets format dates and numbers as Indonesia
does. Qt ships no Indonesian translation; resources/i18n/qt_id.qm is our own (see
scripts/update_qt_translation.py)."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from jkn_desktop.paths import resources_dir

log = logging.getLogger("jkn.ui")

INDONESIAN = QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia)


def qm_path() -> str:
    return str(resources_dir() / "i18n" / "qt_id.qm")


def install_indonesian(app: QCoreApplication) -> QTranslator | None:
    """Install the translator once per application (it lives as long as ``app``)."""
    QLocale.setDefault(INDONESIAN)
    existing = app.findChild(QTranslator, "qt_id")
    if isinstance(existing, QTranslator):
        return existing
    translator = QTranslator(app)
    translator.setObjectName("qt_id")
    if not translator.load(qm_path()):
        log.warning("Qt's Indonesian translation is missing: %s", qm_path())
        translator.deleteLater()
        return None
    app.installTranslator(translator)
    return translator
