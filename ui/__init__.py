"""The window: PySide6 only. Talks to jkn_desktop services through the task runner."""
