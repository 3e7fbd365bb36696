"""Names as the registry keeps them: trimmed, inner spaces collapsed; an upper-case sort key."""

from __future__ import annotations

import re

_SPACES = re.compile(r"\s+")


def clean_name(name: str) -> str:
    return _SPACES.sub(" ", (name or "").replace("\u00a0", " ")).strip()


def name_key(name: str) -> str:
    return clean_name(name).upper()
