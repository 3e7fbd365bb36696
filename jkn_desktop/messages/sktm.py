"""The SKTM register: letters of poverty the village issued."""

from __future__ import annotations

MESSAGES: dict[str, str] = {}
