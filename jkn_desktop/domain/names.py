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


# --- comparing names across villages (people counted twice) ---------------------------------------
# Titles written before a name (hajj, academic, religious, forms of address), without their dots.
PREFIX_TITLES = frozenset(
    {
        "H", "HJ", "HAJI", "HAJAH", "DRS", "DRA", "DR", "IR", "PROF", "KH", "KYAI", "NY",
        "NYONYA", "TN", "TUAN", "SDR", "SDRI", "UST", "USTADZ", "USTADZAH", "BPK", "IBU",
    }
)  # fmt: skip
# Degrees written after a name, without their dots (S.Pd. → SPD, A.Md.Keb. → AMDKEB).
SUFFIX_DEGREES = frozenset(
    {
        "SPD", "SPDI", "SPDSD", "SAG", "SH", "SHI", "SE", "SEI", "SKOM", "SSOS", "ST", "SKEP",
        "SIP", "SKM", "SSI", "SP", "SS", "SFARM", "SKED", "SSY", "SHUT", "SPT", "SKG", "SPSI",
        "STR", "SSIT", "SAK", "SIKOM", "SSTP", "STP", "SGZ", "NERS", "APT", "MPD", "MPDI", "MSI",
        "MM", "MKES", "MH", "MAG", "MT", "MKOM", "MAP", "MSC", "AMD", "AMDKEB", "AMDKEP",
        "AMKEB", "AMKEP", "AMDKES", "AMA", "AMAPD", "BSC", "BA", "MBA", "MA", "PHD", "DRS",
        "DRA", "IR", "DR", "SPOG", "SPA", "SPPD", "MKM",
    }
)  # fmt: skip
# The ways Muhammad is written on Indonesian identity cards, without dots.
MUHAMMAD_VARIANTS = frozenset(
    {
        "MUHAMMAD", "MUHAMAD", "MUHAMMED", "MUHAMED", "MUHAMMAT", "MUHAMAT", "MOHAMMAD",
        "MOHAMAD", "MOHAMMED", "MOHAMED", "MOCHAMMAD", "MOCHAMAD", "MOCHAMMED", "MUCHAMMAD",
        "MUCHAMAD", "MUHHAMMAD", "MOHAMMAT", "MOCH", "MOH", "MOHD", "MUH", "MUHD", "MHD", "MUCH",
        "MUHAMMADH",
    }
)  # fmt: skip
# other abbreviations of a name's first word
FIRST_WORD = {"M": "MUHAMMAD", "ST": "SITI", "ABD": "ABDUL"}
# the spelling before 1972 (Ejaan van Ophuijsen / Soewandi) → today's, in this order
OLD_SPELLING = (("OE", "U"), ("DJ", "J"), ("TJ", "C"), ("SJ", "SY"), ("NJ", "NY"), ("CH", "KH"))
_TOKEN_SPLIT = re.compile(r"[\s,;/]+")
_NOT_LETTER = re.compile(r"[^A-Z]")
_DOUBLE = re.compile(r"([A-Z])\1+")
_FINAL_Y = re.compile(r"(?<=[^AEIOU])Y$")


def _bare(token: str) -> str:
    """A token's letters only, upper case, accents folded (``S.Pd.`` → ``SPD``, ``Ma'ruf`` →
    ``MARUF``)."""
    folded = unicodedata.normalize("NFKD", token.upper())
    return _NOT_LETTER.sub("", folded)


def _strip_degrees(tokens: list[str]) -> list[str]:
    """Drop degrees at the end: one token (``S.Pd.``) or two or three written apart (``S. Pd``)."""
    while len(tokens) > 1:
        for k in (3, 2, 1):
            if len(tokens) - k < 1:
                continue
            tail = tokens[-k:]
            joined = "".join(_bare(t) for t in tail)
            dotted = any("." in t for t in tail)
            if joined in SUFFIX_DEGREES and (dotted or k == 1):
                del tokens[-k:]
                break
        else:
            return tokens
    return tokens


def _modern(word: str) -> str:
    for old, new in OLD_SPELLING:
        word = word.replace(old, new)
    word = word.replace("KH", "H")  # Chairul, Khairul, Hairul; Achmad, Akhmad, Ahmad
    word = word.replace("J", "Y")  # the old j was today's y (Hidajat, Jusuf); dj is j already
    word = _FINAL_Y.sub("I", word)  # Rudy, Rudi; Hady, Hadi
    return _DOUBLE.sub(r"\1", word)  # Muhammad, Muhamad; Sitti, Siti; Abdullah, Abdulah


def match_name(name: str) -> str:
    """A name as two villages' records are compared: upper case, titles before it (H., Hj.,
    Drs., Ir., dr., …) and degrees after it (S.Pd., A.Md.Keb., …) dropped, every way of writing
    Muhammad made one, the old spelling made today's (oe→u, dj→j, tj→c, sj→sy, nj→ny, ch→kh,
    then kh→h and the old j→y), final y after a consonant as i, doubled letters single, punctuation gone.

    ``"H. Moch. Djoenaedi, S.Pd."`` and ``"Muhammad Junaidi"`` both give ``"MUHAMAD JUNAEDI"`` /
    ``"MUHAMAD JUNAIDI"``: near enough for a person to look at, never merged by this alone."""
    tokens = [t for t in _TOKEN_SPLIT.split(clean_text(name).upper()) if _bare(t)]
    tokens = _strip_degrees(tokens)
    while len(tokens) > 1 and _bare(tokens[0]) in PREFIX_TITLES:
        tokens.pop(0)
    words: list[str] = []
    for i, token in enumerate(tokens):
        bare = _bare(token)
        if bare in MUHAMMAD_VARIANTS:
            bare = "MUHAMMAD"
        elif i == 0 and len(tokens) > 1 and bare in FIRST_WORD:
            bare = FIRST_WORD[bare]
        words.append(_modern(bare))
    return " ".join(words)


_SEARCH_WORD = re.compile(r"[A-Z0-9]+")


def search_words(text: str) -> list[str]:
    """The words a name is found by, and a search typed is split into: upper case, letters
    without their accents, split at anything that is not a letter or a digit ("H. SITI_AMINAH"
    → H, SITI, AMINAH), each once."""
    plain = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode().upper()
    return list(dict.fromkeys(_SEARCH_WORD.findall(plain)))


def after_prefix(prefix: str) -> str | None:
    """The first text after every word that starts with ``prefix`` (letters A–Z and digits):
    "SITI" → "SITJ", "SIZ" → "SJ"; None when there is none ("ZZ")."""
    stem = prefix.rstrip("Z")
    if not stem:
        return None
    last = stem[-1]
    return stem[:-1] + ("A" if last == "9" else chr(ord(last) + 1))
