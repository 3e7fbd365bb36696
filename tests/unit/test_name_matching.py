"""Names compared across villages: titles, old spellings and the ways of writing Muhammad made
one, with real Indonesian name variants; the pair key; when a pair is near enough."""

from __future__ import annotations

import pytest

from jkn_desktop.domain import duplicates as D
from jkn_desktop.domain.names import match_name


@pytest.mark.parametrize(
    ("one", "two"),
    [
        ("H. Moch. Djoenaedi, S.Pd.", "Muhammad Djunaedi"),
        ("Mochamad Rizki", "M. Rizky"),
        ("MOH. SALEH", "Muhamad Saleh"),
        ("Muh. Nur Hidayat", "Mohammad Noer Hidajat"),
        ("Hj. Siti Chotidjah", "SITI KHOTIJAH"),
        ("Drs. Soekarno", "Sukarno"),
        ("Tjipto Mangoenkoesoemo", "Cipto Mangunkusumo"),
        ("Sjahrir", "Syahrir"),
        ("Njoto", "Nyoto"),
        ("Achmad Dahlan", "Ahmad Dahlan"),
        ("Chairul Anwar", "Khairul Anwar"),
        ("Ir. H. Abd. Rachman, M.Si.", "Abdul Rahman"),
        ("dr. Andi Wijaya, Sp.OG", "ANDI WIJAYA"),
        ("Budi Santoso S. Pd", "BUDI SANTOSO"),
        ("Sri Wahyuni, A.Md.Keb.", "Sri Wahyuni"),
        ("Sitti Aminah", "St. Aminah"),
        ("Abdullah", "Abdulah"),
        ("Rudy Hartono", "Rudi Hartono"),
        ("Ma'ruf Amin", "Maruf Amin"),
        ("KH. Hasyim Asy'ari", "Hasyim Asyari"),
        ("Ny.  Suparmi", "SUPARMI"),
    ],
)
def test_variants_of_one_name_become_one(one: str, two: str) -> None:
    assert match_name(one) == match_name(two)


def test_a_title_alone_is_a_name() -> None:
    # nothing is left out when the title is all there is, and a middle initial M stays a letter
    assert match_name("H.") == "H"
    assert match_name("Ahmad M. Yusuf") == "AHMAD M YUSUF"
    assert match_name("") == ""


@pytest.mark.parametrize(
    ("one", "two", "low", "high"),
    [
        ("Muhammad Junaidi", "Moch. Djoenaedi", 90, 100),
        ("Suparno", "Suparmo", 75, 89),
        ("Siti Aminah", "Aminah Siti", 100, 100),
        ("Bambang Irawan", "Agus Salim", 0, 40),
    ],
)
def test_similarity_of_normalised_names(one: str, two: str, low: int, high: int) -> None:
    assert low <= D.similarity(match_name(one), match_name(two)) <= high


def test_the_mother_breaks_ties() -> None:
    assert D.near_enough(92, None)
    assert not D.near_enough(86, None)
    assert D.near_enough(86, 100)  # mothers agree: a middling name is enough
    assert not D.near_enough(100, 30)  # mothers plainly differ: two people, whatever the name
    assert D.near_enough(92, 70)  # mothers neither alike nor plainly different: the name decides
    assert not D.near_enough(86, 70)
    assert not D.near_enough(86, 87)  # "Sri Pratiwi" / "Rini Pratiwi" is not the same mother


def test_pair_key_is_the_same_whichever_side_comes_first() -> None:
    one = D.PairKey.of("3313050101800001", "33.13.05.2002", "3313050101800009", "33.13.05.2001")
    two = D.PairKey.of("3313050101800009", "33.13.05.2001", "3313050101800001", "33.13.05.2002")
    assert one == two
    assert str(one) == "3313050101800001@33.13.05.2002|3313050101800009@33.13.05.2001"
    assert D.PairKey.parse(str(one)) == one
    assert one.villages == ("33.13.05.2002", "33.13.05.2001")
    for bad in ("", "a|b", "1@x", "1@x|2@y|3@z", "@x|2@y"):
        assert D.PairKey.parse(bad) is None


def test_a_placeholder_birth_date_asks_more() -> None:
    import datetime as dt

    assert D.placeholder_birth_date(dt.date(1950, 1, 1))
    assert D.placeholder_birth_date("1962-12-31")
    assert not D.placeholder_birth_date(dt.date(1950, 3, 1))
    assert not D.placeholder_birth_date(None)
    assert not D.near_enough(92, None, weak_date=True)
    assert D.near_enough(100, None, weak_date=True)
    assert not D.near_enough(100, 30, weak_date=True)  # same name, plainly other mothers
    assert D.near_enough(90, 100, weak_date=True)  # the mothers agree
    assert not D.near_enough(80, 100, weak_date=True)
