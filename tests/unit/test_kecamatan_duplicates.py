"""People counted twice across a kecamatan's villages: the four kinds over the month's current
packages, verdicts that hold for later months, rows put straight into the kec_* tables."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from jkn_desktop.domain import duplicates as D
from jkn_desktop.errors import UserError
from jkn_desktop.services.kecamatan.duplicates import find_duplicates
from jkn_desktop.services.kecamatan.verdicts import get_verdict, set_verdict
from tests.kec_rows import V1, V2, V3, make_kecamatan, package, person

PERIOD = "2026-10"


@pytest.fixture
def kec(db: Any) -> Any:
    make_kecamatan(db)
    return db


def kinds(report: Any) -> dict[str, int]:
    return report.counts()


def test_same_nik_living_in_two_villages_both_records_and_the_newer(kec: Any) -> None:
    package(
        kec,
        V1,
        PERIOD,
        [person("3313050101800001", "Budi Santoso", status_date=dt.date(2019, 5, 1))],
    )
    package(
        kec,
        V2,
        PERIOD,
        [
            person("3313050101800001", "BUDI SANTOSO", status_date=dt.date(2026, 8, 3)),
            # dead in V2: never counted twice
            person("3313050202700002", "Sri Wahyuni", status_dasar=2),
        ],
    )
    package(kec, V3, PERIOD, [person("3313050202700002", "Sri Wahyuni")])
    report = kec.run(find_duplicates, PERIOD, write=False)
    same = [c for c in report.candidates if c.kind == D.NIK_SAMA]
    assert len(same) == 1
    c = same[0]
    assert c.villages == (V1, V2)
    assert c.pair_key == f"3313050101800001@{V1}|3313050101800001@{V2}"
    assert (c.a.name, c.b.name) == ("Budi Santoso", "BUDI SANTOSO")
    assert c.newer == V2
    assert c.newer_basis == "tanggal_status"
    assert c.older == V1
    assert c.as_json()["villages"] == [V1, V2]


def test_newer_falls_back_to_the_later_package(kec: Any) -> None:
    package(kec, V1, PERIOD, [person("1", "A")], made_at=dt.datetime(2026, 10, 21, 9))
    package(kec, V2, PERIOD, [person("1", "A")], made_at=dt.datetime(2026, 10, 19, 9))
    (c,) = kec.run(find_duplicates, PERIOD, kinds=[D.NIK_SAMA], write=False).candidates
    assert (c.newer, c.newer_basis) == (V1, "waktu_paket")


def test_only_current_packages_count(kec: Any) -> None:
    package(kec, V1, PERIOD, [person("3313050101800001", "Budi")], state="replaced")
    package(kec, V1, PERIOD, [person("3313050101800009", "Budi")])
    package(kec, V2, PERIOD, [person("3313050101800001", "Budi")])
    report = kec.run(find_duplicates, PERIOD, kinds=[D.NIK_SAMA], write=False)
    assert report.candidates == []


def test_same_person_under_two_niks_with_titles_old_spelling_and_muhammad(kec: Any) -> None:
    package(
        kec,
        V1,
        PERIOD,
        [
            person("3313051203800001", "H. Moch. Djoenaedi, S.Pd.", mother_name="Siti Aminah"),
            person("3313054512850002", "Hj. Siti Chotidjah", "1985-12-05", "P"),
            person("3313051111900003", "Agus Salim", "1990-11-11"),
        ],
    )
    package(
        kec,
        V2,
        PERIOD,
        [
            person("3313051203800099", "Muhammad Junaedi", mother_name="SITI AMINAH"),
            person("3313054512850098", "Siti Khotijah", "1985-12-05", "P"),
            # same birth date, another person entirely
            person("3313051111900097", "Bambang Irawan", "1990-11-11"),
            # same name, other sex: another block
            person("3313051203800096", "Muhammad Junaedi", sex="P"),
        ],
    )
    report = kec.run(find_duplicates, PERIOD, kinds=[D.ORANG_SAMA], write=False)
    found = {(c.a.name, c.b.name): c for c in report.candidates}
    assert set(found) == {
        ("H. Moch. Djoenaedi, S.Pd.", "Muhammad Junaedi"),
        ("Hj. Siti Chotidjah", "Siti Khotijah"),
    }
    c = found[("H. Moch. Djoenaedi, S.Pd.", "Muhammad Junaedi")]
    assert c.score == 100
    assert c.mother_score == 100
    assert "Nama mirip 100%" in c.detail


def test_mother_name_breaks_ties(kec: Any) -> None:
    # "Suparno" / "Suparmo": 86 — not enough alone, enough when the mothers agree
    package(
        kec,
        V1,
        PERIOD,
        [
            person("1001", "Suparno", mother_name="Painem"),
            person("1002", "Suyatno", "1970-01-01"),
        ],
    )
    package(
        kec,
        V2,
        PERIOD,
        [
            person("2001", "Suparmo", mother_name="PAINEM"),
            person("2002", "Suyatmo", "1970-01-01"),
        ],
    )
    report = kec.run(find_duplicates, PERIOD, kinds=[D.ORANG_SAMA], write=False)
    assert [(c.a.nik, c.b.nik) for c in report.candidates] == [("1001", "2001")]


def test_pbi_on_two_lists_by_nik_or_card(kec: Any) -> None:
    pbi = {"segment": "pbi_apbn", "jkn_status": "aktif"}
    package(
        kec,
        V1,
        PERIOD,
        [
            person("1001", "Sumarni", **pbi, card_no="0001234567890"),
            person("1002", "Karto", **pbi, card_no="0009999999999"),
        ],
    )
    package(
        kec,
        V2,
        PERIOD,
        [
            person("1001", "Sumarni", **pbi, card_no="0001234567890"),
            person("2002", "Kartono", "1955-01-01", **pbi, card_no="0009999999999"),
            person("1003", "Paijo", segment="pbi_apbn", jkn_status="nonaktif"),
        ],
    )
    package(kec, V3, PERIOD, [person("1003", "Paijo", **pbi)])
    report = kec.run(find_duplicates, PERIOD, kinds=[D.PBI_GANDA], write=False)
    got = sorted((c.a.nik, c.b.nik, c.detail.split()[0]) for c in report.candidates)
    assert got == [("1001", "1001", "NIK"), ("1002", "2002", "Nomor")]


def test_apbdes_paid_by_two_villages_in_overlapping_months(kec: Any) -> None:
    package(
        kec,
        V1,
        PERIOD,
        [person("1001", "Sumarni")],
        beneficiaries=[
            {"nik": "1001", "start_month": 1, "end_month": 6},
            {"nik": "1002", "start_month": 1, "end_month": 6},
        ],
    )
    package(
        kec,
        V2,
        PERIOD,
        [],
        beneficiaries=[
            {"nik": "1001", "start_month": 4, "end_month": 12},
            {"nik": "1002", "start_month": 7, "end_month": 12},  # one after the other: fine
        ],
    )
    (c,) = kec.run(find_duplicates, PERIOD, kinds=[D.APBDES_GANDA], write=False).candidates
    assert c.nik == "1001"
    assert c.villages == (V1, V2)
    assert c.a.name == "Sumarni"
    assert c.b.name == ""
    assert "Apr–Jun 2026" in c.detail
    assert c.a.funded == "Jan–Jun 2026 (baris 1)"


def test_verdict_sticks_next_month_and_bukan_hides(kec: Any) -> None:
    for period in (PERIOD, "2026-11"):
        package(kec, V1, period, [person("1001", "Budi"), person("1002", "Wati", sex="P")])
        package(kec, V2, period, [person("1001", "Budi"), person("1002", "Wati", sex="P")])
    report = kec.run(find_duplicates, PERIOD, kinds=[D.NIK_SAMA], write=False)
    budi, wati = report.candidates
    kec.run(
        set_verdict,
        D.NIK_SAMA,
        budi.pair_key,
        D.SAMA,
        V1,
        "Sudah pindah ke desa lain",
        period=PERIOD,
        user="staf",
    )
    kec.run(
        set_verdict,
        D.NIK_SAMA,
        wati.pair_key,
        D.BUKAN,
        "",
        "NIK salah ketik",
        period=PERIOD,
        user="staf",
    )
    nxt = kec.run(find_duplicates, "2026-11", kinds=[D.NIK_SAMA], write=False)
    assert [c.a.name for c in nxt.candidates] == ["Budi"]
    assert nxt.hidden == 1
    (c,) = nxt.candidates
    assert c.verdict is not None
    assert c.verdict.verdict == D.SAMA
    assert c.verdict.correcting_village == V1
    assert c.verdict.period == PERIOD
    shown = kec.run(
        find_duplicates, "2026-11", kinds=[D.NIK_SAMA], include_dismissed=True, write=False
    )
    assert len(shown.candidates) == 2


def test_changing_a_verdict_is_audited_with_old_and_new(kec: Any) -> None:
    from sqlalchemy import select

    from jkn_desktop.persistence.tables import audit_t

    key = f"1001@{V1}|2001@{V2}"
    kec.run(set_verdict, D.ORANG_SAMA, key, D.SAMA, V2, "", user="staf")
    kec.run(set_verdict, D.ORANG_SAMA, key, D.BUKAN, "", "Kembar, ibu sama", user="camat")
    assert kec.run(get_verdict, D.ORANG_SAMA, key, write=False).verdict == D.BUKAN
    with kec.engine.connect() as conn:
        rows = conn.execute(
            select(
                audit_t.c.action,
                audit_t.c.field,
                audit_t.c.old_value,
                audit_t.c.new_value,
                audit_t.c.actor,
            )
            .where(audit_t.c.entity == "kec_duplicate_verdict")
            .order_by(audit_t.c.id)
        ).all()
    assert ("update", "verdict", "sama", "bukan", "camat") in rows
    assert ("update", "correcting_village", V2, "", "camat") in rows
    assert ("create", "verdict", None, "sama", "staf") in rows


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("kembar", f"1@{V1}|2@{V2}", "sama", V1, ""), "GANDA_JENIS"),
        (("orang_sama", "1|2", "sama", V1, ""), "GANDA_KUNCI"),
        (("orang_sama", f"1@{V1}|2@33.13.05.2999", "sama", V1, ""), "GANDA_KUNCI"),
        (("orang_sama", f"1@{V1}|2@{V2}", "mungkin", V1, ""), "GANDA_PUTUSAN"),
        (("orang_sama", f"1@{V1}|2@{V2}", "sama", V3, ""), "GANDA_DESA_KOREKSI"),
        (("orang_sama", f"1@{V1}|2@{V2}", "bukan", "", " "), "GANDA_CATATAN"),
    ],
)
def test_bad_verdicts_are_refused_and_change_nothing(
    kec: Any, args: tuple[str, ...], code: str
) -> None:
    with pytest.raises(UserError) as err:
        kec.run(set_verdict, *args)
    assert err.value.code == code
    assert kec.run(get_verdict, "orang_sama", f"1@{V1}|2@{V2}", write=False) is None


def test_unknown_kind_and_bad_period(kec: Any) -> None:
    with pytest.raises(UserError) as err:
        kec.run(find_duplicates, PERIOD, kinds=["kembar"], write=False)
    assert err.value.code == "GANDA_JENIS"
    with pytest.raises(UserError) as err:
        kec.run(find_duplicates, "Oktober", write=False)
    assert err.value.code == "PERIODE"


def test_a_village_file_is_refused(village_db: Any) -> None:
    with pytest.raises(UserError) as err:
        village_db.run(find_duplicates, PERIOD, write=False)
    assert err.value.code == "KEC_BUKAN_KECAMATAN"


def test_a_shared_nik_with_other_names_says_it_may_be_a_typing_error(kec: Any) -> None:
    package(kec, V1, PERIOD, [person("3313050101800001", "Retno Astuti", "1980-01-05", "P")])
    package(kec, V2, PERIOD, [person("3313050101800001", "Harti Kusumawati", "1980-01-05", "P")])
    (c,) = kec.run(find_duplicates, PERIOD, kinds=[D.NIK_SAMA], write=False).candidates
    assert "mungkin salah satu NIK salah ketik" in c.detail


def test_verdicts_need_the_review_permission(kec: Any) -> None:
    from jkn_desktop.records.people import Actor

    pemeriksa = Actor(username="periksa", roles=("pemeriksa",), full_name="Pemeriksa")
    with pytest.raises(UserError) as err:
        kec.run(set_verdict, D.NIK_SAMA, f"1@{V1}|1@{V2}", D.SAMA, V1, "", user=pemeriksa)
    assert err.value.code == "NOT_PERMITTED"
    # reading the candidates is open to every role
    assert kec.run(find_duplicates, PERIOD, user=pemeriksa, write=False).candidates == []
