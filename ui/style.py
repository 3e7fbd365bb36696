"""One look for the whole app: the Fusion style with our own light palette and one stylesheet, calm
colours, readable sizes on a modest laptop screen.

The palette is chosen, not inherited: a dark Windows theme would otherwise give light text on our
light cards and charts (titles and chart labels unreadable), and the screen would no longer look
like the printouts the office hands out. docs/decisions.md, "One light palette"."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

INK = "#1a1a1a"  # text on light backgrounds
WINDOW = "#f0f0f0"
BASE = "#ffffff"
ACCENT = "#1b7a8c"
DISABLED = "#8a8a8a"

STYLESHEET = """
QWidget { font-size: 10pt; }
QToolTip { color: #1a1a1a; background: #ffffe6; border: 1px solid #b8b8b8; }
QListWidget#sidebar { background: #0f4c5c; color: white; border: none; font-size: 11pt; padding-top: 8px; }
QListWidget#sidebar::item { padding-left: 16px; }
QListWidget#sidebar::item:selected { background: #1b7a8c; color: white; }
#pageTitle { font-size: 16pt; font-weight: 600; color: #0f4c5c; padding-bottom: 4px; }
#subtitle { color: #444; padding-bottom: 8px; }
#sectionTitle { font-weight: 600; color: #0f4c5c; padding-top: 6px; }
#card { background: #f2f7f8; border: 1px solid #d5e4e7; border-radius: 6px; }
#cardValue { font-size: 20pt; font-weight: 600; color: #0f4c5c; }
#cardLabel { color: #444; }
#notice { background: #fff8e6; border: 1px solid #f0d9a0; border-radius: 6px; padding: 10px; }
#wizardSteps { color: #666; padding: 2px 0 8px 0; font-size: 11pt; }
#wizardMessage { color: #b3261e; }
#dropZone { border: 2px dashed #8fb8c2; border-radius: 8px; background: #f5fafb; color: #335; font-size: 12pt; }
#hint { color: #555; }
#countBox { background: #f2f7f8; border: 1px solid #d5e4e7; border-radius: 6px; }
#bigNumber { font-size: 18pt; font-weight: 600; color: #0f4c5c; }
QTableView { gridline-color: #e3e3e3; selection-background-color: #cde8ee; selection-color: black; }
QHeaderView::section { background: #eef3f4; padding: 4px; border: none; border-right: 1px solid #dde; font-weight: 600; }
"""


def light_palette() -> QPalette:
    """Dark text on light backgrounds in every colour role the widgets use."""
    pal = QPalette()
    roles = {
        QPalette.ColorRole.Window: WINDOW,
        QPalette.ColorRole.WindowText: INK,
        QPalette.ColorRole.Base: BASE,
        QPalette.ColorRole.AlternateBase: "#f4f7f8",
        QPalette.ColorRole.Text: INK,
        QPalette.ColorRole.Button: "#f6f6f6",
        QPalette.ColorRole.ButtonText: INK,
        QPalette.ColorRole.BrightText: "#ffffff",
        QPalette.ColorRole.Highlight: ACCENT,
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.ToolTipBase: "#ffffe6",
        QPalette.ColorRole.ToolTipText: INK,
        QPalette.ColorRole.PlaceholderText: "#6b6b6b",
        QPalette.ColorRole.Link: "#0b5f8a",
        QPalette.ColorRole.LinkVisited: "#5b3f8a",
        QPalette.ColorRole.Light: "#ffffff",
        QPalette.ColorRole.Midlight: "#e3e3e3",
        QPalette.ColorRole.Mid: "#b8b8b8",
        QPalette.ColorRole.Dark: "#9a9a9a",
        QPalette.ColorRole.Shadow: "#505050",
    }
    for role, color in roles.items():
        pal.setColor(role, QColor(color))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        pal.setColor(QPalette.ColorGroup.Disabled, role, QColor(DISABLED))
    return pal


def apply_theme(app: QApplication) -> None:
    """The Fusion style, the light palette and the stylesheet, whatever the system's theme (the
    colour scheme too, so Windows draws light title bars around our light windows)."""
    hints = QGuiApplication.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt 6.8
        hints.setColorScheme(Qt.ColorScheme.Light)
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
    app.setPalette(light_palette())
    app.setStyleSheet(STYLESHEET)
