"""One stylesheet for the whole app: calm colours, readable sizes on a modest laptop screen."""

STYLESHEET = """
QWidget { font-size: 10pt; }
#sidebar { background: #0f4c5c; color: white; border: none; font-size: 11pt; padding-top: 8px; }
#sidebar::item { padding-left: 16px; }
#sidebar::item:selected { background: #1b7a8c; color: white; }
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
