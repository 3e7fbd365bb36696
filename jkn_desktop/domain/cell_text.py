"""Text a spreadsheet could take for a formula, and text with characters a screen does not show.

The exporters write such text as text, never as a formula (``exporters/xlsx.py``,
``exporters/csv_file.py``); the importers and the dialogs flag a name or an address that looks
like one (``NAME_SUSPICIOUS``, a warning: the value is kept) so that a person looks at it.

A spreadsheet reads a typed cell as a formula when it begins with "=", and also with "+", "-" or
"@" (Excel and LibreOffice turn "+1+1", "-2+3" and "@SUM(1)" into formulas). A leading tab or
carriage return is on the usual lists too (OWASP, "CSV Injection"): some programs drop it and read
what follows. README, "Privacy"; docs/decisions.md, "Every text cell we write is text".
"""

from __future__ import annotations

import re
import unicodedata

from jkn_desktop.domain.issues import Issue, warning

# what a cell's text may begin with for a spreadsheet to read a formula, or to drop and read on
LEADS = frozenset("=+-@\t\r\n")
_CALL = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*\s*\(")  # SUM( HYPERLINK( cmd(
_PLACEHOLDER = frozenset("-=+._ ")  # "-", "--", "- -", "." stand for "nothing" in village files
_LEAD_WORDS = {"=": "tanda =", "+": "tanda +", "-": "tanda -", "@": "tanda @"}
SHOWN = 40  # characters of the value quoted in a message


def starts_like_formula(text: str) -> bool:
    """Whether a spreadsheet could read ``text``, typed into a cell, as a formula: the cells the
    exporters guard (an empty text is not)."""
    return text[:1] in LEADS


def looks_like_formula(text: str) -> bool:
    """Whether a cleaned name or address reads as a formula rather than as a person's words: "="
    or "@" before anything; "+" or "-" before a number, a bracket, an operator, a function call
    or a cell reference ("-2+3", "+SUM(1,1)", "-cmd|' /C calc'!A0"). A lone "-" or "--" stands for
    "empty" in village files, and "-Budi" is a typing slip, not a formula: neither is flagged."""
    lead = text[:1]
    if lead not in _LEAD_WORDS:
        return False
    rest = text[1:].strip()
    if not rest or set(rest) <= _PLACEHOLDER:
        return False
    if lead in "=@":
        return True
    return (
        rest[0].isdigit()
        or rest[0] in "(=+-@"
        or "|" in rest
        or "!" in rest
        or _CALL.search(rest) is not None
    )


def has_control_characters(raw: str) -> bool:
    """Whether ``raw`` (a cell as written, before cleaning) holds a control character other than a
    line break inside the cell (Alt+Enter in Excel writes "\\n", a Windows file "\\r\\n"): a tab,
    a lone carriage return, or a code such as \\x01."""
    if raw.isprintable():  # the common case
        return False
    text = raw.replace("\r\n", "\n")
    return any(ch != "\n" and unicodedata.category(ch) == "Cc" for ch in text)


def _shown(text: str) -> str:
    return text if len(text) <= SHOWN else text[: SHOWN - 1] + "…"


def suspicious_message(raw: str, cleaned: str) -> str | None:
    """The warning for a name or address that looks like a formula (judged on ``cleaned``) or held
    control characters (judged on ``raw``, which cleaning removed); ``None`` when it is ordinary."""
    if looks_like_formula(cleaned):
        return (
            f"'{_shown(cleaned)}' diawali {_LEAD_WORDS[cleaned[0]]} seperti rumus Excel. Disimpan "
            "apa adanya sebagai teks, tidak pernah dijalankan; periksa apakah memang begitu "
            "tertulis di KK."
        )
    if has_control_characters(raw):
        return (
            "Berisi karakter tersembunyi (tab atau kode kendali) yang sudah dibuang; tersimpan "
            f"'{_shown(cleaned)}'. Periksa apakah isinya benar."
        )
    return None


def suspicious(raw: str, cleaned: str, field: str) -> Issue | None:
    """``NAME_SUSPICIOUS`` (a warning: the value is kept) for one field, or ``None``."""
    found = suspicious_message(raw, cleaned)
    return None if found is None else warning("NAME_SUSPICIOUS", found, field)
