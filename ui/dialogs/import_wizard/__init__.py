"""The resident import wizard, one module per step (file, mapping, preview, done), and the
drag-and-drop of spreadsheets the PBI dialog shares."""

from ui.dialogs.import_wizard.drop import FILE_FILTER, SUFFIXES, SpreadsheetDrop, dropped_file
from ui.dialogs.import_wizard.preview_step import ISSUE_COLUMNS
from ui.dialogs.import_wizard.wizard import ImportWizard

__all__ = [
    "FILE_FILTER",
    "ISSUE_COLUMNS",
    "SUFFIXES",
    "ImportWizard",
    "SpreadsheetDrop",
    "dropped_file",
]
