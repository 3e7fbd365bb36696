"""The resident import wizard, one module per step (file, mapping, preview, done), and the
drag-and-drop of spreadsheets the PBI dialog shares.

The wizard itself (and the importers behind it) is loaded when first asked for: a page that only
accepts a dropped file opens without it."""

from typing import TYPE_CHECKING, Any

from ui.dialogs.import_wizard.drop import FILE_FILTER, SUFFIXES, SpreadsheetDrop, dropped_file

if TYPE_CHECKING:
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


def __getattr__(name: str) -> Any:
    if name == "ImportWizard":
        from ui.dialogs.import_wizard.wizard import ImportWizard

        return ImportWizard
    if name == "ISSUE_COLUMNS":
        from ui.dialogs.import_wizard.preview_step import ISSUE_COLUMNS

        return ISSUE_COLUMNS
    raise AttributeError(name)
