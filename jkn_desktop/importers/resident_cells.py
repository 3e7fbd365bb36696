"""What one cell of a resident sheet becomes, remembered for the sheet. A village file repeats the
same few values in most columns (sex, religion, occupation, RT, dusun, a birth place, a No. KK for
every member of the family), so each value is converted once and the other rows look it up: the
same functions as before, called less often. Only text cells are remembered (1, 1.0 and True
are equal keys of a dict, and what they become differs).

An outcome is ``(value, problem)``: ``problem`` is ``(code, severity, message)`` or ``None``; the
row adds the column's heading and its line number."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from operator import itemgetter
from typing import Any

from jkn_desktop.domain import codes
from jkn_desktop.domain.cell_text import suspicious_message
from jkn_desktop.domain.issues import Issue
from jkn_desktop.domain.names import clean_name, clean_text, has_letter
from jkn_desktop.domain.nik import PROVINCE_CODES, decode_birth, validate_no_kk
from jkn_desktop.importers import values as V
from jkn_desktop.importers.columns import LABELS

Problem = tuple[str, str, str]
Outcome = tuple[Any, Problem | None]
LIMIT = 200_000  # values remembered per column: a column of unique names stays bounded
JKN_FIELDS = frozenset({"asuransi", "jkn_segment", "card_no", "jkn_status", "desil"})
BLANK: Outcome = (None, None)  # a blank cell of a coded column: nothing to take, nothing to say


class Memo(dict[str, Any]):
    """``fn(value)`` for a cell, remembered for text cells (a hit is one dict lookup)."""

    __slots__ = ("fn",)

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        super().__init__()
        self.fn = fn

    def __missing__(self, value: str) -> Any:
        out = self.fn(value)
        if len(self) < LIMIT:
            self[value] = out
        return out

    def __call__(self, value: Any) -> Any:
        return self[value] if type(value) is str else self.fn(value)


def name(value: Any) -> Outcome:
    """Invisible characters removed; a name needs a letter."""
    written = V.text(value)
    cleaned = clean_name(written)
    if not cleaned:
        return cleaned, (
            "NAME_MISSING",
            "error",
            "Nama kosong."
            if not written
            else "Nama hanya berisi karakter yang tidak terlihat (mis. spasi lebar-nol); tulis nama "
            "orangnya.",
        )
    if not has_letter(cleaned):
        return cleaned, (
            "NAME_INVALID",
            "error",
            f"Nama '{cleaned}' tidak berisi huruf; tulis nama orangnya.",
        )
    return cleaned, flagged(value if type(value) is str else "", cleaned)


def flagged(raw: str, cleaned: str) -> Problem | None:
    """``NAME_SUSPICIOUS`` (a warning: the text is kept) for a name or an address that looks like
    a spreadsheet formula or held control characters (domain/cell_text.py)."""
    found = suspicious_message(raw, cleaned)
    return None if found is None else ("NAME_SUSPICIOUS", "warning", found)


def text_flagged(value: Any) -> Problem | None:
    """The same for a text cell of a name or address column, before cleaning."""
    if type(value) is not str:
        return None
    return flagged(value, clean_text(V.text(value)))


def sex(value: Any) -> Outcome:
    try:
        return V.parse_sex(value), None
    except ValueError:
        return None, (
            "SEX_INVALID",
            "error",
            f"Jenis kelamin '{V.text(value)}' tidak dikenali; tulis L atau P.",
        )


def birth_date(value: Any) -> Outcome:
    """A filled birth-date cell."""
    try:
        return V.parse_date(value), None
    except ValueError:
        return None, (
            "BIRTHDATE_INVALID",
            "error",
            f"Tanggal lahir '{V.text(value)}' tidak terbaca atau bukan tanggal yang ada; "
            "tulis seperti 12-03-1980.",
        )


def place(value: Any) -> str:
    return clean_text(V.text(value))


def coded(field: str, code_list: codes.CodeList) -> Callable[[Any], Outcome]:
    """A cell of a coded column: its code, or a warning and nothing (``BLANK`` when empty)."""

    def convert(value: Any) -> Outcome:
        if V.is_blank(value):
            return BLANK
        found = code_list.lookup(V.text(value))
        if found is None:
            return None, (
                "CODE_UNKNOWN",
                "warning",
                f"{LABELS[field]} '{V.text(value)}' tidak ada di daftar kode; kolom ini dikosongkan.",
            )
        return found, None

    return convert


def status_dasar(value: Any) -> Outcome:
    """The words SIAK and the Buku Induk write become a code; an empty cell leaves the status
    alone (``None``); an unknown word, or SIAK's "tidak valid", rejects the row."""
    try:
        status = V.parse_status(value)
    except ValueError:
        return None, (
            "STATUS_DASAR_UNKNOWN",
            "error",
            f"Status dasar '{V.text(value)}' tidak dikenal, jadi baris ini tidak diimpor. Tulis "
            f"salah satu: {V.STATUS_ACCEPTED}; kosongkan bila orangnya masih hidup.",
        )
    if status == codes.TIDAK_VALID:
        return None, (
            "STATUS_TIDAK_VALID",
            "error",
            "Dukcapil menandai data ini Tidak Valid (biasanya NIK ganda atau data lama); baris ini "
            "tidak diimpor. Periksa NIK yang berlaku di KK terbaru.",
        )
    return status, None


def mother_name(value: Any) -> str:
    return clean_name(V.text(value))


def area(field: str) -> Callable[[Any], str]:
    """RT / RW as three digits; dusun and address cleaned."""
    if field in ("rt", "rw"):
        return V.area_code
    return lambda value: clean_text(V.text(value))


class Sheet:
    """The remembered conversions of one sheet, and what every row shares: the day, the region
    data, which identifier columns hold exact numbers."""

    def __init__(
        self,
        region_known: Callable[[str], bool] | None,
        today: dt.date,
        exact: frozenset[str],
        columns: list[tuple[int, str]],
    ) -> None:
        # the sheet's columns (index, field) picked from a row at once (itemgetter)
        self.columns = columns
        self.fields = [f for _, f in columns]
        self.last_column = max((i for i, _ in columns), default=-1)
        indexes = [i for i, _ in columns]
        getter = itemgetter(*indexes) if indexes else None
        self.pick: Callable[[list[Any]], tuple[Any, ...]] = (
            (lambda cells: ())
            if getter is None
            else (lambda cells: (getter(cells),))
            if len(indexes) == 1
            else getter
        )
        fields = set(self.fields)
        self.region_known = region_known
        self.today = today
        self.exact_nik = "nik" in exact
        self.exact_kk = "no_kk" in exact
        self.name = Memo(name)
        self.sex = Memo(sex)
        self.birth_date = Memo(birth_date)
        self.place = Memo(place)
        self.status_dasar = Memo(status_dasar)
        self.mother_name = Memo(mother_name)
        self.flag = Memo(text_flagged)  # mother's name, address: NAME_SUSPICIOUS or None
        self.text = {f: Memo(V.text) for f in ("phone", "notes")}
        self.coded = [
            (f, Memo(coded(f, code_list))) for f, code_list in codes.coded_fields().items()
        ]
        self.jkn_columns = bool(fields & JKN_FIELDS)
        self.area = {f: Memo(area(f)) for f in ("address", "rt", "rw", "dusun")}
        self._kk: dict[str, list[Issue]] = {}
        self._nik_date: dict[str, tuple[str, dt.date] | None] = {}
        self._region: dict[str, bool] = {}
        self._implausible: dict[dt.date, tuple[str, str] | None] = {}

    def identifier(self, value: Any, *, exact: bool) -> str:
        """``V.identifier``; a clean 16-digit text cell (nearly every one) is itself."""
        if type(value) is str and len(value) == 16 and value.isdigit() and value.isascii():
            return value
        return V.identifier(value, exact_numbers=exact)

    def kk_issues(self, kk: str) -> list[Issue]:
        found = self._kk.get(kk)
        if found is None:
            found = validate_no_kk(kk, region_known=self.region_known, today=self.today)
            if len(self._kk) < LIMIT:
                self._kk[kk] = found
        return found

    def implausible(self, born: dt.date) -> tuple[str, str] | None:
        if born not in self._implausible:
            self._implausible[born] = V.implausible_birth(born, self.today)
        return self._implausible[born]

    def nik_birth(self, nik: str) -> tuple[str, dt.date] | None:
        """Sex and birth date of 16 ASCII digits of a known province, the date part decoded once
        per sheet: ``None`` when that part is no date, or the serial is 0000 (``parse_nik``)."""
        if nik[12:16] == "0000":
            return None
        part = nik[6:12]
        if part not in self._nik_date:
            self._nik_date[part] = decode_birth(part, self.today)
        return self._nik_date[part]

    def plain_nik(
        self, nik: str, sex: str | None, birth: dt.date | None
    ) -> tuple[str, dt.date] | None:
        """What the NIK says (sex, birth date) when ``validate_nik`` would find nothing at all to
        say about it (the common case); ``None`` when it would, so the caller asks it."""
        if len(nik) != 16 or not nik.isdigit() or not nik.isascii():
            return None
        if nik[:2] not in PROVINCE_CODES:
            return None
        info = self.nik_birth(nik)
        if info is None:
            return None
        if sex in ("L", "P") and sex != info[0]:
            return None
        born = info[1]
        if birth is not None and (
            birth.day != born.day
            or birth.month != born.month
            or birth.year % 100 != born.year % 100
        ):
            return None
        if self.region_known is not None:
            region = f"{nik[0:2]}.{nik[2:4]}.{nik[4:6]}"
            known = self._region.get(region)
            if known is None:
                known = self._region[region] = bool(self.region_known(region))
            if not known:
                return None
        return info
