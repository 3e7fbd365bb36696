"""The officials' own JKN coverage: the kepala and perangkat desa and their families."""

from __future__ import annotations

MESSAGES: dict[str, str] = {}
