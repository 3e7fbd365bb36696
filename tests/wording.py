"""What an internal word looks like in a text shown to a person: the program's keys (snake_case
such as ``no_kk`` or ``pbi_apbn``) and raw code pairs such as ``ppu/aktif``; paths and file names
aside."""

from __future__ import annotations

import re

from jkn_desktop.domain import jkn as J

KEY = re.compile(r"(?<![\w./\\-])[a-z]+(?:_[a-z0-9]+)+(?![\w./\\-])")
CODES = "|".join(sorted({*J.SEGMENTS, *J.STATUSES}, key=len, reverse=True))
RAW_PAIR = re.compile(rf"\b(?:{CODES})/(?:{CODES})\b")


def internal_words(text: str) -> list[str]:
    plain = re.sub(r"<[^>]+>", " ", text)  # rich text's tags
    return KEY.findall(plain) + RAW_PAIR.findall(plain)
