"""Turning cells into values: identifiers (with Excel's precision damage detected), dates in the
shapes villages write them, sex, and coded columns given as codes or labels."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import Any

from jkn_desktop.domain import codes
from jkn_desktop.domain.codes import normalize_label
from jkn_desktop.domain.formatting import BULAN, tanggal_pendek
from jkn_desktop.domain.nik import clean_identifier

EXCEL_EPOCH = dt.date(1899, 12, 30)
_SCI = re.compile(r"^\s*'?\d+(?:[.,]\d+)?[eE]\+?\d+\s*$")
_ENGLISH_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
# full month names, Indonesian (with the old spellings) and English
MONTH_NAMES = {normalize_label(m): i + 1 for i, m in enumerate(BULAN)}
MONTH_NAMES.update({m: i + 1 for i, m in enumerate(_ENGLISH_MONTHS)})
MONTH_NAMES.update({"pebruari": 2, "nopember": 11})
_MONTHS = dict(MONTH_NAMES)
_MONTHS.update({normalize_label(m[:3]): i + 1 for i, m in enumerate(BULAN)})
_MONTHS.update({m[:3]: i + 1 for i, m in enumerate(_ENGLISH_MONTHS)})
_MONTHS.update({"agt": 8, "ags": 8, "agust": 8, "peb": 2, "nop": 11, "sept": 9})


def month_number(word: str) -> int | None:
    """1-12 for a month name or its common abbreviation, Indonesian or English ("Okt", "Agt",
    "Mei", "Oct"); ``None`` otherwise."""
    return _MONTHS.get(normalize_label(word))


class PrecisionLost(ValueError):
    """A 16-digit number that went through Excel as a number and lost its last digit."""


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def identifier(value: Any, *, exact_numbers: bool = False) -> str:
    """A NIK / No. KK as text. Raises PrecisionLost when the cell cannot be trusted: text in
    scientific notation (3.50801E+15), a number with a fraction or too big for a double, or a
    number ending in 0 unless ``exact_numbers`` says its column was written by a program (see
    ``numbers_are_exact``)."""
    if is_blank(value):
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            return ""
        if not value.is_integer():
            raise PrecisionLost(repr(value))
        number = int(value)
        if number >= 2**53:  # 16 digits a double cannot hold exactly
            raise PrecisionLost(str(number))
        return _whole_number(number, exact_numbers)
    if isinstance(value, int):
        return _whole_number(value, exact_numbers)
    text = str(value)
    if _SCI.match(text):
        raise PrecisionLost(text)
    return clean_identifier(text)


def _whole_number(number: int, exact: bool) -> str:
    text = str(number)
    if number >= 10**15 and text.endswith("0") and not exact:
        raise PrecisionLost(text)
    return text


def _sixteen_digit_number(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    if isinstance(value, float) and not (math.isfinite(value) and value.is_integer()):
        return None
    number = int(value)
    return number if 10**15 <= number < 10**16 else None


def numbers_are_exact(cells: Iterable[Any]) -> bool:
    """Whether the 16-digit numbers of one NIK / No. KK column are exact. Excel keeps 15 significant
    digits, so every 16-digit number it stored ends in 0; a program (OpenSID, a Dinsos database)
    writes the real numbers, about one in ten of them ending in 0. So the column is exact when at
    most half of its numbers end in 0; when all (or most) do, Excel cut them. Text cells do not
    count."""
    numbers = [
        n for c in cells if type(c) is not str and (n := _sixteen_digit_number(c)) is not None
    ]
    ending_in_0 = sum(1 for n in numbers if n % 10 == 0)
    return bool(numbers) and ending_in_0 * 2 <= len(numbers)


def exact_number_columns(rows: Sequence[list[Any]], columns: Iterable[int]) -> set[int]:
    """The columns (indexes) among ``columns`` whose numbers are exact, over ``rows``."""
    return {i for i in columns if numbers_are_exact(r[i] for r in rows if i < len(r))}


def text(value: Any) -> str:
    """A cell as trimmed text with inner whitespace (non-breaking spaces included) collapsed."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split())


def area_code(value: Any) -> str:
    """RT / RW as three digits: 2, "02", "002" → "002"; other text is kept as typed."""
    return _area_code(text(value))


@lru_cache(maxsize=4096)
def _area_code(t: str) -> str:
    digits = re.sub(r"\D", "", t)
    if digits and len(digits) <= 3 and re.fullmatch(r"(rt|rw|\s|\.|0)*\d+", t.lower()):
        return digits.zfill(3)
    return t


def parse_date(value: Any) -> dt.date | None:
    """Excel date, Excel serial number, or text in DD-MM-YYYY, DD/MM/YYYY, YYYY-MM-DD,
    "12 Maret 1980". ``None`` for blank; raises ValueError when present but unreadable."""
    if is_blank(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        serial = int(value)
        if 1 <= serial <= 80000:
            return EXCEL_EPOCH + dt.timedelta(days=serial)
        raise ValueError(str(value))
    t = text(value).lower().replace(",", " ")
    if len(t) == 10 and t.isascii() and t[2] == t[5] == "-" and (t[:2] + t[3:5] + t[6:]).isdigit():
        return dt.date(int(t[6:]), int(t[3:5]), int(t[:2]))  # 22-05-1965, the common shape
    m = re.fullmatch(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})", t)
    if m:
        return dt.date(int(m[3]), int(m[2]), int(m[1]))
    m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ t]\d{1,2}:\d{2}(?::\d{2})?)?", t)
    if m:
        return dt.date(int(m[1]), int(m[2]), int(m[3]))
    m = re.fullmatch(r"(\d{1,2})\s*[- ]\s*([a-z]+)\s*[- ]\s*(\d{4})", t)
    if m and (month := month_number(m[2])) is not None:
        return dt.date(int(m[3]), month, int(m[1]))
    raise ValueError(str(value))


EARLIEST_BIRTH_YEAR = 1900


def implausible_birth(birth: dt.date, today: dt.date) -> tuple[str, str] | None:
    """(code, message) when a readable birth date cannot be right: after today, or before 1900."""
    if birth > today:
        return "BIRTHDATE_FUTURE", (
            f"Tanggal lahir {tanggal_pendek(birth)} ada di masa depan (setelah hari ini); "
            "periksa tahunnya."
        )
    if birth.year < EARLIEST_BIRTH_YEAR:
        return "BIRTHDATE_TOO_OLD", (
            f"Tanggal lahir {tanggal_pendek(birth)} sebelum tahun {EARLIEST_BIRTH_YEAR}; periksa "
            "tahunnya."
        )
    return None


def split_place_date(value: Any) -> tuple[str, dt.date | None]:
    """'Solo, 6 Februari 1953' → ('Solo', 1953-02-06); the date part may be unreadable (None)."""
    t = text(value)
    if not t:
        return "", None
    place, _, rest = t.partition(",")
    try:
        return place.strip(), parse_date(rest.strip()) if rest.strip() else None
    except ValueError:
        return place.strip(), None


_SEX = {
    "1": "L",
    "l": "L",
    "lk": "L",
    "laki": "L",
    "lakilaki": "L",
    "pria": "L",
    "male": "L",
    "m": "L",
    "2": "P",
    "p": "P",
    "pr": "P",
    "perempuan": "P",
    "wanita": "P",
    "female": "P",
    "f": "P",
    "w": "P",
}


def parse_sex(value: Any) -> str | None:
    """'L', 'LAKI-LAKI', 'Laki laki', 'Lk', '1' → 'L'; ``None`` for blank; ValueError if unreadable."""
    if is_blank(value):
        return None
    key = normalize_label(text(value))
    if key in _SEX:
        return _SEX[key]
    raise ValueError(str(value))


# Status dasar as SIAK, the Buku Induk and OpenSID write it (normalised: lowercase letters and
# digits only), and the prefixes of SIAK's kinds of moving away ("Pindah Dalam Negeri", "Pindah
# Luar Negeri", "Pindah Antar Kab/Kota", "Pindah Keluar", …).
_STATUS = {
    "hidup": codes.HIDUP,
    "masihhidup": codes.HIDUP,
    "ada": codes.HIDUP,
    "mati": codes.MATI,
    "meninggal": codes.MATI,
    "meninggaldunia": codes.MATI,
    "sudahmeninggal": codes.MATI,
    "wafat": codes.MATI,
    "almarhum": codes.MATI,
    "almarhumah": codes.MATI,
    "pindah": codes.PINDAH,
    "hilang": codes.HILANG,
    "pergi": codes.PERGI,
    "tidakvalid": codes.TIDAK_VALID,
    "tdkvalid": codes.TIDAK_VALID,
}
_STATUS_CODES = frozenset({*codes.STATUS_DASAR, codes.TIDAK_VALID})
_PINDAH_PREFIXES = ("pindahdalam", "pindahluar", "pindahantar", "pindahke")
STATUS_ACCEPTED = (
    "HIDUP (atau ADA), MATI (MENINGGAL, MENINGGAL DUNIA, WAFAT), PINDAH (PINDAH DALAM NEGERI, "
    "PINDAH LUAR NEGERI, PINDAH ANTAR KAB/KOTA, …), HILANG, PERGI, TIDAK VALID, atau kodenya "
    "1, 2, 3, 4, 6, 9"
)


def _status_code(key: str) -> int | None:
    if key.isdigit():
        return int(key) if int(key) in _STATUS_CODES else None
    if key in _STATUS:
        return _STATUS[key]
    return codes.PINDAH if key.startswith(_PINDAH_PREFIXES) else None


def is_status_word(value: Any) -> bool:
    """A status dasar written as a word (not a bare code)."""
    key = normalize_label(text(value))
    return not key.isdigit() and _status_code(key) is not None


def parse_status(value: Any) -> int | None:
    """Status dasar code (codes.HIDUP … codes.TIDAK_VALID) for a word or code; ``None`` for a cell
    with no letter or digit ("", "-"); ValueError when the value is none of them."""
    key = normalize_label(text(value))
    if not key:
        return None
    found = _status_code(key)
    if found is None:
        raise ValueError(str(value))
    return found


_YES = {"1", "y", "ya", "hamil", "iya", "benar", "true", "v", "sedanghamil"}
_NO = {"0", "2", "n", "t", "tidak", "tdk", "tidakhamil", "bukan", "false", "", "tidakada"}


def parse_yes_no(value: Any) -> bool:
    """OpenSID's 1/0 flags and the words people type (ya/tidak, hamil/tidak hamil)."""
    raw = text(value)
    if raw in ("✓", "√"):
        return True
    key = normalize_label(raw)
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise ValueError(str(value))
