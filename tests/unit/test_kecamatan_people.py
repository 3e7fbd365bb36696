"""Cari Warga at the kecamatan and the kabupaten: a person found by NIK or by the words of the
name among each village's current package of a month, on both engines — what the staff answer
a caller with (which village, alive or not, insured or not)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from jkn_desktop.cli import main
from jkn_desktop.errors import UserError
from jkn_desktop.services.kecamatan.identity import init_kecamatan, villages
from jkn_desktop.services.kecamatan.people import find_people
from tests.engines import db_arg
from tests.kec_fill import add_package

SITI = "3313055908090245"


def person(nik: str, name: str, **kw: object) -> dict[str, object]:
    return {"nik": nik, "name": name, "sex": "P", "no_kk": "3313050101080001", **kw}


@pytest.fixture
def kec(db):  # type: ignore[no-untyped-def]
    """Two villages; October and November sent, November twice by the first village (the
    earlier one replaced)."""
    db.run(init_kecamatan, "33.13.05", camat="Drs. Bambang Sutejo", camat_nip="1")
    a, b = [v.kode_wilayah for v in db.run(villages, write=False)][:2]
    with db.work("uji") as job:
        add_package(job.conn, a, "2026-10", residents=[person(SITI, "SITI AMINAH")])
        add_package(
            job.conn, a, "2026-11", residents=[person(SITI, "SITI AMINAH BARU"), person("1", "X")]
        )
        add_package(
            job.conn,
            a,
            "2026-11",
            residents=[
                person(
                    SITI,
                    "SITI AMINAH",
                    birth_date=dt.date(1990, 8, 19),
                    segment="pbi_apbn",
                    jkn_status="aktif",
                ),
                person("3313050101900002", "Ahmad Sutrisno", sex="L", segment=None),
                person("3313050101900003", "SITI_AMINAH"),  # an underscore typed by someone
            ],
        )
        add_package(
            job.conn,
            b,
            "2026-11",
            residents=[
                person("3313056002450004", "Aminah Siti", status_dasar=2),
                person("3313056002450005", "Hj. SITI MARYAM", segment="ppu", jkn_status="nonaktif"),
            ],
        )
    return db, a, b


def test_a_name_found_word_by_word_in_every_village_of_the_newest_month(kec) -> None:  # type: ignore[no-untyped-def]
    db, a, b = kec
    found = db.run(find_people, "aminah  siti", write=False)
    assert found.period == "2026-11"
    assert not found.more
    # the replaced package's "SITI AMINAH BARU" is not there; the name's words in any order
    assert [(p.name, p.kode_wilayah) for p in found.people] == [
        ("Aminah Siti", b),
        ("SITI AMINAH", a),
        ("SITI_AMINAH", a),
    ]
    dead, siti, _ = found.people
    assert dead.status_dasar == 2
    assert not dead.active
    assert siti.active
    assert siti.segment == "pbi_apbn"
    assert siti.birth_date == dt.date(1990, 8, 19)
    assert siti.village  # the village's name, for the staff to read
    maryam = db.run(find_people, "maryam", write=False).people
    assert [(p.name, p.active) for p in maryam] == [("Hj. SITI MARYAM", False)]


def test_a_nik_typed_with_spaces_and_an_earlier_month(kec) -> None:  # type: ignore[no-untyped-def]
    db, a, _b = kec
    found = db.run(find_people, "3313 0559 0809 0245", write=False)
    assert [(p.nik, p.name, p.kode_wilayah) for p in found.people] == [(SITI, "SITI AMINAH", a)]
    october = db.run(find_people, SITI, period="2026-10", write=False)
    assert october.period == "2026-10"
    assert [p.name for p in october.people] == ["SITI AMINAH"]
    assert db.run(find_people, SITI, period="2026-09", write=False).people == []


def test_words_are_started_and_wildcards_are_not_wildcards(kec) -> None:  # type: ignore[no-untyped-def]
    db, _a, _b = kec
    everyone = ["Aminah Siti", "SITI AMINAH", "SITI_AMINAH"]
    assert [p.name for p in db.run(find_people, "sit amin", write=False).people] == everyone
    assert [p.name for p in db.run(find_people, "siti_aminah", write=False).people] == everyone
    assert db.run(find_people, "S_TI", write=False).people == []  # not "any one letter"
    assert db.run(find_people, "mina", write=False).people == []  # a word's start, not inside
    assert [p.name for p in db.run(find_people, "hj maryam", write=False).people] == [
        "Hj. SITI MARYAM"
    ]


def test_the_limit_says_there_is_more(kec) -> None:  # type: ignore[no-untyped-def]
    db, _a, _b = kec
    two = db.run(find_people, "siti", limit=2, write=False)
    assert len(two.people) == 2
    assert two.more


def test_what_cannot_be_searched_is_said_plainly(kec) -> None:  # type: ignore[no-untyped-def]
    db, _a, _b = kec
    with pytest.raises(UserError) as e:
        db.run(find_people, "331305590809024", write=False)
    assert e.value.code == "CARI_NIK"
    assert "16 angka" in e.value.message
    assert "15 angka" in e.value.message
    for text in ("", "  ", "a", "-"):
        with pytest.raises(UserError) as e:
            db.run(find_people, text, write=False)
        assert e.value.code == "CARI_KOSONG"
    with pytest.raises(UserError) as e:
        db.run(find_people, "siti", period="2026-13", write=False)
    assert e.value.code == "KEC_PERIODE"


def test_nothing_received_yet(db) -> None:  # type: ignore[no-untyped-def]
    db.run(init_kecamatan, "33.13.05")
    found = db.run(find_people, "siti", write=False)
    assert (found.period, found.people) == ("", [])


def test_the_command_line(kec, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    db, a, _b = kec
    assert main(["--db", db_arg(db), "kecamatan", "cari", "siti aminah"]) == 0
    out = capsys.readouterr().out
    assert "3 warga dalam paket desa bulan 2026-11:" in out
    assert f"SITI AMINAH, NIK {SITI}, P, lahir 19 Agustus 1990" in out
    assert "Hidup; JKN: PBI APBN Aktif" in out
    assert main(["--db", db_arg(db), "kecamatan", "cari", SITI, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["period"] == "2026-11"
    assert [(p["nik"], p["kode_wilayah"], p["active"]) for p in data["people"]] == [(SITI, a, True)]
    assert main(["--db", db_arg(db), "kecamatan", "cari", "12345"]) == 2
    assert "16 angka" in capsys.readouterr().err


def test_the_words_of_a_name_and_the_end_of_a_prefix() -> None:
    from jkn_desktop.domain.names import after_prefix, search_words

    assert search_words("H. Siti_Aminah, S.Pd. siti") == ["H", "SITI", "AMINAH", "S", "PD"]
    assert search_words("José Mañez") == ["JOSE", "MANEZ"]
    assert after_prefix("SITI") == "SITJ"
    assert after_prefix("SIZ") == "SJ"
    assert after_prefix("A9") == "AA"
    assert after_prefix("ZZ") is None
