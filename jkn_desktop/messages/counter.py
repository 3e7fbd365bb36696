"""The counter log: services asked for at the village counter, what was decided, what followed."""

from __future__ import annotations

MESSAGES: dict[str, str] = {}
