"""Names as the registry keeps them: trimmed, inner spaces collapsed, invisible characters removed;
an upper-case sort key."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_INVISIBLE = ("Cf", "Cc")  # zero-width spaces and joiners, BOM, soft hyphen, bidi marks, controls


def strip_invisible(text: str) -> str:
    """``text`` without the characters a screen does not show: zero-width spaces and joiners, the
    BOM, the soft hyphen, bidirectional marks and other format (Cf) and control (Cc) characters.
    Whitespace among them (tab, line breaks) becomes a space."""
    if text.isprintable():  # the common case: nothing to remove
        return text
    return "".join(
        " " if ch.isspace() else ch
        for ch in text
        if ch.isspace() or unicodedata.category(ch) not in _INVISIBLE
    )


def clean_text(text: str) -> str:
    """Trimmed, invisible characters removed, inner whitespace (non-breaking spaces included)
    collapsed to one space: for names, places and addresses."""
    return _SPACES.sub(" ", strip_invisible(text or "").replace("\u00a0", " ")).strip()


def clean_name(name: str) -> str:
    return clean_text(name)


def has_letter(text: str) -> bool:
    """Whether ``text`` holds at least one letter (of any script): a name needs one."""
    return any(ch.isalpha() for ch in text)


def name_key(name: str) -> str:
    return clean_name(name).upper()
