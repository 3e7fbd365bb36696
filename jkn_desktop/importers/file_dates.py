"""What a file says about when it speaks for, read from the title rows above its header or else
from its file name: the month of a participant list ("DESA GIRILAYU - BULAN OKTOBER 2026",
``pbi_dinsos_girilayu_2026-10.xlsx``) and the day of a resident file ("Keadaan per 30 September
2026"). Pure functions; ``None`` whenever the answer is not unambiguous. Dates are day first, as
Indonesia writes them; years have four digits."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator
from pathlib import PurePath
from typing import Any, TypeVar

from jkn_desktop.importers import values as V

_YEAR = r"((?:19|20)\d\d)"
# not part of a longer dotted number such as the region code 33.13.05.2006
_START, _END = r"(?<!\d[-/.])(?<!\d)", r"(?![-/.]?\d)"
_FULL_DATES = (  # (pattern, groups of day / month / year)
    (re.compile(rf"{_START}(\d{{1,2}})\s*[-/.]\s*(\d{{1,2}})\s*[-/.]\s*{_YEAR}{_END}"), (1, 2, 3)),
    (re.compile(rf"{_START}{_YEAR}\s*[-/.]\s*(\d{{1,2}})\s*[-/.]\s*(\d{{1,2}}){_END}"), (3, 2, 1)),
    (
        re.compile(rf"{_START}(\d{{1,2}})\s*[-/.]?\s*([a-z]{{3,9}})\.?\s*[-/.,]?\s*{_YEAR}{_END}"),
        (1, 2, 3),
    ),
)
_COMPACT_DATES = (  # in file names only: 20260930, 30092026
    (re.compile(rf"(?<!\d){_YEAR}(\d\d)(\d\d)(?!\d)"), (3, 2, 1)),
    (re.compile(rf"(?<!\d)(\d\d)(\d\d){_YEAR}(?!\d)"), (1, 2, 3)),
)
# what comes before a date that tells which date it is
_SPEAKS_FOR = re.compile(r"\b(per|keadaan|periode|posisi|kondisi|tanggal|tgl|data)\b")
_PRINTED = re.compile(r"cetak|unduh|download|print|dibuat|ekspor|export")

_MONTH_WORD_YEAR = re.compile(r"(?<![a-z])([a-z]{3,9})\.?\s*[-/.,']?\s*(20\d\d)(?!\d)")
_TITLE_MONTHS = (  # "10/2026", "10-2026"; "2026-10"; "Bulan 10 Tahun 2026"
    (re.compile(r"(?<![\d/.-])(0?[1-9]|1[0-2])\s*[-/.]\s*(20\d\d)(?!\d)"), (1, 2)),
    (re.compile(r"(?<![\d/.-])(20\d\d)\s*[-/.]\s*(0?[1-9]|1[0-2])(?![\d/.-])"), (2, 1)),
    (re.compile(r"\bbulan\W{0,3}(0?[1-9]|1[0-2])\W{1,3}tahun\W{0,3}(20\d\d)(?!\d)"), (1, 2)),
)
_NAME_MONTHS = (  # "10-2026", "10_2026"; "2026-10", "2026_10", "202610"
    (re.compile(r"(?<![\d.-])(0[1-9]|1[0-2])[-. ]?(20\d\d)(?!\d)"), (1, 2)),
    (re.compile(r"(?<![\d.-])(20\d\d)[-. ]?(0[1-9]|1[0-2])(?![\d.-])"), (2, 1)),
)
_WORD = re.compile(r"[a-z]+")
_T = TypeVar("_T")


def list_period(title_rows: list[list[object]], file_name: str) -> str | None:
    """The month ("YYYY-MM") a participant list speaks for: from the title rows ("BULAN OKTOBER
    2026", "Periode 10/2026", "Bulan : Okt 2026"), else from the file name ("…_2026-10.xlsx",
    "…_10-2026.xlsx", "PBI_OKTOBER_2026.xlsx", "202610"). A full date is not a month and is left
    out. ``None`` when nothing is found, when two months are found ("JANUARI - MARET 2026"), or
    when the file name disagrees with a month the title names without a year."""
    title = _without_full_dates(_title_text(title_rows))
    named = {V.MONTH_NAMES[w] for w in _WORD.findall(title) if w in V.MONTH_NAMES}
    found = _periods(title, _TITLE_MONTHS)
    if found:
        return _only(found) if named <= {int(p[5:]) for p in found} else None
    period = _only(_periods(_without_full_dates(_name_text(file_name), compact=True), _NAME_MONTHS))
    if period is None or (named and int(period[5:]) not in named):
        return None
    return period


def file_date(title_rows: list[list[object]], file_name: str) -> dt.date | None:
    """The day a resident file speaks for: a full date in the title rows ("PERIODE/TANGGAL :
    30-09-2026", "Keadaan per 30 September 2026", "Data per 2026-09-30"), else in the file name
    ("penduduk_2026-09-30.xlsx", "…_20260930.xlsx"). Of several dates, one introduced by "per",
    "keadaan", "periode", "tanggal" … wins, then one with no such word, then a printing date
    ("Dicetak 05-10-2026"); two different dates of the same kind give ``None``."""
    found = [d for line in _title_lines(title_rows) for d in _dated(line, compact=False)]
    if not found:
        found = _dated(_name_text(file_name), compact=True)
    for kind in (0, 1, 2):
        dates = {d for k, d in found if k == kind}
        if dates:
            return _only(dates)
    return None


def _cell_text(value: Any) -> str:
    return f"{value:%d-%m-%Y}" if isinstance(value, dt.date) else V.text(value)


def _title_lines(rows: Iterable[list[object]]) -> list[str]:
    lines = (" ".join(_cell_text(c) for c in row if not V.is_blank(c)) for row in rows)
    return [line.lower() for line in lines if line]


def _title_text(rows: Iterable[list[object]]) -> str:
    return "\n".join(_title_lines(rows))


def _name_text(file_name: str) -> str:
    return PurePath(file_name).stem.lower().replace("_", " ")


def _full_dates(text: str, compact: bool) -> Iterator[tuple[re.Match[str], dt.date | None]]:
    patterns = _FULL_DATES + _COMPACT_DATES if compact else _FULL_DATES
    for pattern, (d, m, y) in patterns:
        for match in pattern.finditer(text):
            yield match, _date(match[y], match[m], match[d])


def _date(year: str, month: str, day: str) -> dt.date | None:
    number = int(month) if month.isdigit() else V.month_number(month)
    try:
        return dt.date(int(year), number or 0, int(day))
    except ValueError:
        return None


def _dated(line: str, compact: bool) -> list[tuple[int, dt.date]]:
    """Each real date on one line with its kind, told by the words since the previous date:
    0 introduced by a word such as "per" or "tanggal", 1 plain, 2 a printing date."""
    found: list[tuple[int, dt.date]] = []
    end = 0
    for match, date in sorted(_full_dates(line, compact), key=lambda m: m[0].start()):
        before, end = line[end : match.start()], match.end()
        if date is not None:
            kind = 2 if _PRINTED.search(before) else 0 if _SPEAKS_FOR.search(before) else 1
            found.append((kind, date))
    return found


def _without_full_dates(text: str, compact: bool = False) -> str:
    for match, date in _full_dates(text, compact):
        if date is not None:
            text = text[: match.start()] + " " * len(match[0]) + text[match.end() :]
    return text


def _periods(text: str, numeric: tuple[tuple[re.Pattern[str], tuple[int, int]], ...]) -> set[str]:
    found = set()
    for match in _MONTH_WORD_YEAR.finditer(text):
        month = V.month_number(match[1])
        if month is not None:
            found.add(f"{match[2]}-{month:02d}")
    for pattern, (m, y) in numeric:
        for match in pattern.finditer(text):
            found.add(f"{match[y]}-{int(match[m]):02d}")
    return found


def _only(found: set[_T]) -> _T | None:
    return next(iter(found)) if len(found) == 1 else None
