"""The officials' own JKN: the list a secretary keeps (bad input refused, nothing half-written, the
end of office kept as history), the PPU family as BPJS counts it, the flag and next step per
segment, the counts the package carries, the printed list, and the command line."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pytest
from sqlalchemy import func, insert, select

from jkn_desktop.cli import main
from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import officials as O
from jkn_desktop.domain.office import KEPALA, PERANGKAT
from jkn_desktop.domain.wilayah import DESA_WORDS, KELURAHAN_WORDS
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import audit_t, household_t, official_t, resident_t
from jkn_desktop.records.changes import OFFICE
from jkn_desktop.records.documents import DocRequest
from jkn_desktop.records.membership import Observation
from jkn_desktop.records.officials import OfficialInput
from jkn_desktop.services.documents import catalog as D
from jkn_desktop.services.membership.evidence import record_observations
from jkn_desktop.services.office import officials as S
from tests.jobs import reading

TODAY = dt.date(2026, 12, 1)
NOW = dt.datetime(2026, 1, 2)
IN_SCHOOL, NOT_IN_SCHOOL = 11, 18  # pendidikan sedang: S-1, tidak sedang sekolah
MARRIED = 2


def _household(conn, kk):
    return conn.execute(
        insert(household_t).values(
            no_kk=kk, dusun="Krajan", rw="001", rt="002", created_at=NOW, updated_at=NOW
        )
    ).inserted_primary_key[0]


def _person(conn, nik, hid, name, born, *, shdk=1, sd=codes.HIDUP, **extra):
    return conn.execute(
        insert(resident_t).values(
            nik=nik,
            name=name,
            name_key=name,
            sex="L",
            household_id=hid,
            shdk=shdk,
            birth_date=born,
            status_dasar=sd,
            marital_status=extra.pop("marital_status", 1),
            created_at=NOW,
            updated_at=NOW,
            **extra,
        )
    ).inserted_primary_key[0]


def _seen(rid, segment, status=J.AKTIF, source="bpjs"):
    status = status if segment in J.JKN_SEGMENTS else J.STATUS_TIDAK_DIKETAHUI
    return Observation(rid, segment, status, dt.date(2026, 10, 1), source)


@pytest.fixture
def village(village_db):
    """Three families with an official each (head, spouse, grown child of the KK), and residents
    for the refusals; their ids in ``village.p``."""
    db = village_db
    with db.work("uji", today=TODAY) as work:
        c = work.conn
        h1, h2, h3 = (_household(c, f"331305010120000{i}") for i in (1, 2, 3))
        p = {
            "kades": _person(c, "3313050101750001", h1, "SUTRISNO", dt.date(1975, 1, 1)),
            "istri": _person(c, "3313054101800002", h1, "WARSINI", dt.date(1980, 1, 1), shdk=3),
            # children, eldest first: 24 not in school, 23 in school, 22 married, 19, 15, 10
            "a24": _person(
                c, "3313050106020003", h1, "ANAK 24", dt.date(2002, 6, 1), shdk=4,
                schooling=NOT_IN_SCHOOL,
            ),
            "b23": _person(
                c, "3313050105030004", h1, "ANAK 23", dt.date(2003, 5, 1), shdk=4,
                schooling=IN_SCHOOL,
            ),
            "c22": _person(
                c, "3313050103040005", h1, "ANAK 22", dt.date(2004, 3, 1), shdk=4,
                marital_status=MARRIED,
            ),
            "d19": _person(c, "3313050101070006", h1, "ANAK 19", dt.date(2007, 1, 1), shdk=4),
            "e15": _person(c, "3313050101110007", h1, "ANAK 15", dt.date(2011, 1, 1), shdk=4),
            "f10": _person(c, "3313050101160008", h1, "ANAK 10", dt.date(2016, 1, 1), shdk=4),
            # the official is the wife; the head is her husband
            "suami": _person(c, "3313050101780009", h2, "BAMBANG", dt.date(1978, 1, 1)),
            "kaur": _person(c, "3313054101820010", h2, "SRI", dt.date(1982, 1, 1), shdk=3),
            "g8": _person(c, "3313050101180011", h2, "ANAK 8", dt.date(2018, 1, 1), shdk=4),
            "h5": _person(c, "3313050101210012", h2, "ANAK 5", dt.date(2021, 1, 1), shdk=4),
            # a grown son in his parents' KK
            "bapak": _person(c, "3313050101600013", h3, "KARTO", dt.date(1960, 1, 1)),
            "kadus": _person(c, "3313050101960014", h3, "JOKO", dt.date(1996, 1, 1), shdk=4),
            # for the refusals and the suggestions
            "mati": _person(
                c, "3313050101700015", h3, "ALMARHUM", dt.date(1970, 1, 1), shdk=6,
                sd=codes.MATI, status_changed_at=dt.date(2026, 5, 1),
            ),
            "calon": _person(
                c, "3313050101850016", h3, "CALON", dt.date(1985, 1, 1), shdk=6, occupation=85
            ),
        }  # fmt: skip
        record_observations(
            work,
            [
                _seen(p["kades"], J.PPU),
                _seen(p["istri"], J.PPU),
                _seen(p["a24"], J.PBPU_MANDIRI),
                _seen(p["b23"], J.PPU),
                _seen(p["c22"], J.BELUM_TERDAFTAR, source="pengakuan"),
                _seen(p["e15"], J.PPU),
                _seen(p["f10"], J.BELUM_TERDAFTAR, source="pengakuan"),
                _seen(p["suami"], J.PBPU_MANDIRI),
                _seen(p["kaur"], J.PBI_APBN, source="dinsos"),
                _seen(p["h5"], J.PBI_APBN, source="dinsos"),
                _seen(p["kadus"], J.BELUM_TERDAFTAR, source="pengakuan"),
            ],
        )
    db.p = p
    return db


def _add(db, rid, position, kind=PERANGKAT, started=dt.date(2024, 1, 15), today=TODAY, **kw):
    return db.run(
        S.add_official,
        OfficialInput(rid, position, kind, kw.pop("sk", ""), started),
        today=today,
        **kw,
    )


@pytest.fixture
def listed(village):
    """The three officials on the list."""
    p = village.p
    village.ids = {
        "kades": _add(village, p["kades"], "Kepala Desa", KEPALA, dt.date(2023, 6, 12)),
        "kaur": _add(village, p["kaur"], "Kepala Urusan Keuangan"),
        "kadus": _add(village, p["kadus"], "Kepala Dusun Krajan", started=dt.date(2026, 10, 2)),
    }
    return village


def _coverage(db, today=TODAY):
    return {c.official.name: c for c in db.run(S.officials_list, write=False, today=today)}


def _counts(db):
    with reading(db) as conn:
        rows = conn.execute(select(func.count()).select_from(official_t)).scalar()
        audits = conn.execute(select(func.count()).select_from(audit_t)).scalar()
    return rows, audits


# --- bad input ------------------------------------------------------------------------------------
def test_each_bad_input_is_refused_in_indonesian_and_leaves_the_list_unchanged(listed):
    db, p, ids = listed, listed.p, listed.ids
    before = _counts(db)
    stored = db.run(S.officials, write=False, today=TODAY, include_ended=True)
    cases = [
        ("PERANGKAT_PENDUDUK", S.add_official, (OfficialInput(0, "Sekretaris Desa"),)),
        ("PERANGKAT_PENDUDUK", S.add_official, (OfficialInput(99999, "Sekretaris Desa"),)),
        ("PERANGKAT_TIDAK_HIDUP", S.add_official, (OfficialInput(p["mati"], "Kaur Umum"),)),
        ("PERANGKAT_GANDA", S.add_official, (OfficialInput(p["kaur"], "Sekretaris Desa"),)),
        (
            "PERANGKAT_KEPALA_GANDA",
            S.add_official,
            (OfficialInput(p["calon"], "Kepala Desa", KEPALA),),
        ),
        ("PERANGKAT_JABATAN", S.add_official, (OfficialInput(p["calon"], "   "),)),
        ("PERANGKAT_JENIS", S.add_official, (OfficialInput(p["calon"], "Kaur", "ketua"),)),
        (
            "PERANGKAT_MULAI",
            S.add_official,
            (OfficialInput(p["calon"], "Kaur", PERANGKAT, "", dt.date(2027, 1, 2)),),
        ),
        (
            "PERANGKAT_GANTI_ORANG",
            S.update_official,
            (ids["kaur"], OfficialInput(p["calon"], "Kepala Urusan Keuangan")),
        ),
        ("PERANGKAT_TANGGAL", S.end_official, (ids["kades"], dt.date(2023, 6, 1), "purnatugas")),
        ("PERANGKAT_ALASAN", S.end_official, (ids["kaur"], TODAY, "  ")),
        ("PERANGKAT_ALASAN", S.remove_official, (ids["kaur"], "")),
        ("PERANGKAT_HILANG", S.end_official, (4242, TODAY, "purnatugas")),
    ]
    for code, fn, args in cases:
        with pytest.raises(UserError) as caught:
            db.run(fn, *args, today=TODAY)
        assert caught.value.code == code, (code, caught.value.message)
        assert "{" not in caught.value.message
    assert _counts(db) == before
    assert db.run(S.officials, write=False, today=TODAY, include_ended=True) == stored


def test_the_messages_name_the_person_and_the_head_of_this_village(listed):
    p = listed.p
    with pytest.raises(UserError) as caught:
        _add(listed, p["calon"], "Kepala Desa", KEPALA)
    assert caught.value.message == (
        "SUTRISNO masih tercatat sebagai Kepala Desa. Catat berhenti menjabat lebih dulu: hanya "
        "satu Kepala Desa yang menjabat pada satu waktu."
    )
    with pytest.raises(UserError) as caught:
        _add(listed, p["mati"], "Kaur Umum")
    assert "ALMARHUM tercatat mati" in caught.value.message


def test_ending_twice_is_refused_with_the_date(listed):
    listed.run(S.end_official, listed.ids["kadus"], dt.date(2026, 11, 30), "salah SK", today=TODAY)
    with pytest.raises(UserError) as caught:
        listed.run(S.end_official, listed.ids["kadus"], TODAY, "lagi", today=TODAY)
    assert caught.value.message == "JOKO sudah tercatat berhenti menjabat per 30 November 2026."


# --- the PPU family ---------------------------------------------------------------------------------
def test_the_family_is_the_spouse_and_the_three_eldest_eligible_children(listed):
    kades = _coverage(listed)["SUTRISNO"]
    assert kades.on_ppu
    assert not kades.flag
    assert kades.next_step == ""
    # the 24-year-old not in school and the married 22-year-old are not counted; the one in school
    # at 23 is; the fourth eligible child (10) is left out
    assert [(f.relation, f.name) for f in kades.family] == [
        ("Istri", "WARSINI"),
        ("Anak", "ANAK 23"),
        ("Anak", "ANAK 19"),
        ("Anak", "ANAK 15"),
    ]
    # under the official's active PPU every counted member is covered, recorded or not
    assert all(f.covered and f.in_family for f in kades.family)
    assert [f.note for f in kades.family][2] == (
        "Ditanggung PPU pejabat; pastikan terdaftar sebagai anggota keluarganya"
    )
    # outside the PPU family and uninsured: the married child and the fourth child (the 1% case);
    # the 24-year-old has her own mandiri membership and is not flagged
    assert [f.name for f in kades.outside] == ["ANAK 22", "ANAK 10"]
    assert all(not f.covered and f.note == O.OUTSIDE_NOTE for f in kades.outside)


def test_an_official_who_is_the_wife_counts_her_husband_as_the_spouse(listed):
    sri = _coverage(listed)["SRI"]
    assert [(f.relation, f.name) for f in sri.family] == [
        ("Kepala Keluarga", "BAMBANG"),
        ("Anak", "ANAK 8"),
        ("Anak", "ANAK 5"),
    ]
    # not on PPU: each counts by their own active membership
    assert [f.covered for f in sri.family] == [True, False, True]
    assert sri.outside == ()


def test_an_official_living_in_the_parents_kk_has_no_family_there(listed):
    joko = _coverage(listed)["JOKO"]
    assert joko.family == ()
    assert joko.outside == ()
    assert joko.family_note == (
        "Tercatat sebagai anak dalam KK: pasangan dan anaknya tidak ada di KK ini."
    )


def test_ppu_family_rule_alone():
    def m(i, shdk, age, married=False, school=False):
        return J.FamilyMember(i, shdk, age, married, school, J.PPU, J.AKTIF, False)

    members = [
        m(1, 1, 50),
        m(2, 3, 45),
        m(3, 4, 24, school=True),
        m(4, 4, 24),
        m(5, 4, 20, married=True),
        m(6, 4, 18),
        m(7, 4, 12),
        m(8, 4, 3),
        m(9, 5, 26),
    ]
    assert J.ppu_family(members) == {1, 2, 3, 6, 7}


# --- flags and next steps ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("segment", "status", "step"),
    [
        (J.PPU, J.AKTIF, None),
        (J.PPU, J.NONAKTIF, O.PPU_NONAKTIF),
        (J.PPU, J.STATUS_TIDAK_DIKETAHUI, O.CEK_STATUS),
        (J.PBI_APBN, J.AKTIF, O.PBI_KE_PPU),
        (J.PBPU_PEMDA, J.NONAKTIF, O.PBI_KE_PPU),
        (J.PBPU_MANDIRI, J.AKTIF, O.MANDIRI_KE_PPU),
        (J.BP, J.NONAKTIF, O.MANDIRI_KE_PPU),
        (J.BELUM_TERDAFTAR, J.STATUS_TIDAK_DIKETAHUI, O.DAFTAR_PPU),
        (J.NON_PBI, J.AKTIF, O.CEK_STATUS),
        (J.JKN_LAIN, J.AKTIF, O.CEK_STATUS),
        (J.TIDAK_DIKETAHUI, J.STATUS_TIDAK_DIKETAHUI, O.CEK_STATUS),
        (None, None, O.CEK_STATUS),
    ],
)
def test_the_next_step_for_each_segment(segment, status, step):
    assert O.official_step(segment, status) == step


def test_the_next_steps_in_the_words_the_instructions_use():
    assert O.step_text(O.DAFTAR_PPU) == (
        "Daftarkan sebagai PPU oleh Pemda (melalui bagian pemerintahan desa/BKAD)"
    )
    assert O.step_text(O.PBI_KE_PPU) == (
        "Kepala/perangkat desa bukan PBI: daftarkan PPU Pemda, lalu usulkan penghapusan PBI"
    )
    assert O.step_text(O.MANDIRI_KE_PPU) == "Pindahkan ke PPU Pemda (iuran 4% Pemda, 1% dari ADD)"
    assert O.step_text(O.PPU_NONAKTIF) == "Periksa ke BPJS/BKAD: PPU tidak aktif"
    assert O.step_text(O.CEK_STATUS) == "Cek status di BPJS"
    assert "perangkat kelurahan bukan PBI" in O.step_text(O.PBI_KE_PPU, KELURAHAN_WORDS)
    assert "ADD" not in O.step_text(O.MANDIRI_KE_PPU, KELURAHAN_WORDS)
    assert O.step_text(None, DESA_WORDS) == ""


def test_officials_are_flagged_by_their_own_membership(listed):
    c = _coverage(listed)
    assert (c["SRI"].flag, c["SRI"].next_step) == (True, O.step_text(O.PBI_KE_PPU))
    assert (c["JOKO"].flag, c["JOKO"].next_step) == (True, O.step_text(O.DAFTAR_PPU))
    assert not c["SUTRISNO"].flag
    # the Kaur moves to PPU: the flag goes, and PBI still recorded asks for its removal
    with listed.work("uji", today=TODAY) as work:
        record_observations(work, [_seen(listed.p["kaur"], J.PPU)])  # BPJS outranks Dinsos
    sri = _coverage(listed)["SRI"]
    assert sri.on_ppu
    assert not sri.flag
    assert sri.next_step == J.STEPS["usul_hapus_ppu"]


def test_an_official_who_died_in_office_is_flagged(listed):
    from jkn_desktop.services.registry.residents import change_status

    listed.run(change_status, listed.p["kadus"], codes.MATI, dt.date(2026, 11, 20), today=TODAY)
    joko = _coverage(listed)["JOKO"]
    assert joko.flag
    assert joko.next_step == O.step_text(O.TIDAK_HIDUP)


# --- counts, history, suggestions -------------------------------------------------------------------
def test_the_summary_agrees_with_the_list(listed):
    items = list(_coverage(listed).values())
    s = listed.run(S.summary, write=False, today=TODAY)
    assert (s.officials, s.on_ppu, s.not_ppu) == (3, 1, 2)
    assert s.family == sum(len(c.family) for c in items) == 4 + 3 + 0
    assert s.family_covered == 4 + 2
    assert s.family_uncovered == s.family - s.family_covered == 1


def test_the_end_of_office_leaves_the_list_but_keeps_the_history(listed):
    db, ids = listed, listed.ids
    result = []
    with db.work("uji", today=TODAY) as work:
        S.end_official(work, ids["kaur"], dt.date(2026, 11, 30), "mengundurkan diri")
        result.append(work.changes)
    assert result[0].ids(OFFICE) == {ids["kaur"]}
    assert "SRI" not in _coverage(db)
    assert "SRI" in _coverage(db, today=dt.date(2026, 11, 29))  # still in office that day
    history = {o.id: o for o in db.run(S.officials, write=False, today=TODAY, include_ended=True)}
    assert history[ids["kaur"]].ended_on == dt.date(2026, 11, 30)
    assert "mengundurkan diri" in history[ids["kaur"]].notes
    with reading(db) as conn:
        row = conn.execute(
            select(audit_t.c.action, audit_t.c.reason)
            .where(audit_t.c.entity == "official", audit_t.c.entity_id == ids["kaur"])
            .order_by(audit_t.c.id.desc())
        ).first()
    assert tuple(row) == ("end", "mengundurkan diri")
    # she can be appointed again later, but not into the past she has already left
    with pytest.raises(UserError):
        _add(db, listed.p["kaur"], "Kepala Urusan Umum", started=dt.date(2026, 11, 1))
    _add(db, listed.p["kaur"], "Kepala Urusan Umum", started=dt.date(2026, 12, 1))
    assert _coverage(db)["SRI"].official.position == "Kepala Urusan Umum"


def test_suggestions_offer_residents_whose_occupation_says_perangkat(listed):
    offered = listed.run(S.suggestions, write=False, today=TODAY)
    assert [(s.name, s.position, s.kind) for s in offered] == [
        ("CALON", "Perangkat Desa", PERANGKAT)
    ]
    with listed.work("uji", today=TODAY) as work:
        work.conn.execute(
            resident_t.update().where(resident_t.c.id == listed.p["kaur"]).values(occupation=86)
        )
    assert listed.run(S.suggestions, write=False, today=TODAY)[0].name == "CALON"  # listed already
    s = offered[0]
    _add(listed, s.resident_id, s.position, s.kind)
    assert listed.run(S.suggestions, write=False, today=TODAY) == []


def test_a_month_of_changes_then_the_next_month_and_a_correction(village):
    """Appointments in November, a correction of a position, a perangkat leaving at the end of the
    month, a new one in December, and an entry made by mistake removed."""
    db, p = village, village.p
    nov = [dt.date(2026, 11, d) for d in (3, 5, 10, 30)]
    kades = _add(db, p["kades"], "Kepala Desa", KEPALA, dt.date(2023, 6, 12), today=nov[0])
    kaur = _add(db, p["kaur"], "Kaur Keuangan", started=dt.date(2024, 2, 1), today=nov[0])
    wrong = _add(db, p["calon"], "Kepala Seksi Pelayanan", started=nov[1], today=nov[1])
    db.run(
        S.update_official,
        kaur,
        OfficialInput(
            p["kaur"], "Kepala Urusan Keuangan", PERANGKAT, "141/05/KPTS/2024", dt.date(2024, 2, 1)
        ),
        today=nov[2],
    )
    assert db.run(S.summary, write=False, today=nov[2]).officials == 3
    db.run(S.end_official, kaur, nov[3], "mengundurkan diri", today=nov[3])
    dec = dt.date(2026, 12, 2)
    _add(db, p["kadus"], "Kepala Dusun Krajan", started=dec, today=dec)
    db.run(S.remove_official, wrong, "salah input: bukan perangkat", today=dec)
    names = list(_coverage(db, today=dec))
    assert names == ["SUTRISNO", "JOKO"]  # the head first
    assert db.run(S.summary, write=False, today=dec).officials == 2
    assert db.run(S.summary, write=False, today=nov[2]).officials == 2  # the removed one is gone
    history = db.run(S.officials, write=False, today=dec, include_ended=True)
    assert [o.position for o in history] == [
        "Kepala Desa",
        "Kepala Urusan Keuangan",
        "Kepala Dusun Krajan",
    ]
    assert kades in {o.id for o in history}
    with reading(db) as conn:
        actions = conn.execute(
            select(audit_t.c.action).where(audit_t.c.entity == "official").order_by(audit_t.c.id)
        ).scalars()
        # one row per changed field: the steps in the order they happened
        assert list(dict.fromkeys(actions)) == ["create", "update", "end", "delete"]


# --- the printed list ---------------------------------------------------------------------------------
def _pdf_text(path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftotext"), reason="pdftotext (poppler-utils) is not installed"
)


@needs_poppler
def test_the_printed_list_shows_each_official_the_family_and_the_same_totals(listed, tmp_path):
    out = tmp_path / "perangkat.pdf"
    message = listed.run(D.save, DocRequest("perangkat", "2026-12"), out, write=False, today=TODAY)
    assert "Daftar kepesertaan JKN Kepala Desa, perangkat desa dan keluarganya disimpan" in message
    text = _pdf_text(out)
    assert "DAFTAR KEPESERTAAN JKN KEPALA DESA, PERANGKAT DESA DAN KELUARGANYA" in text
    assert "KEADAAN PER 1 DESEMBER 2026" in text
    for name in ("SUTRISNO", "WARSINI", "ANAK 23", "BAMBANG", "JOKO", "Kepala Dusun"):
        assert name in text
    assert "3313054101820010" in text  # the NIK in full: the list goes to the Pemda/BKAD
    assert "Daftarkan sebagai PPU oleh Pemda" in text
    assert "bukan PBI" in text
    assert "di luar keluarga PPU" in text
    s = listed.run(S.summary, write=False, today=TODAY)
    totals = [ln.split() for ln in text.splitlines() if ln.split()[:1] == [str(s.officials)]]
    values = [str(v) for v in (s.officials, s.on_ppu, s.not_ppu, s.family)]
    values += [str(s.family_covered), str(s.family_uncovered)]
    assert values in totals, text
    assert "Mengetahui," in text
    assert "Sekretaris Desa" in text
    assert "Sutrisno" in text


@needs_poppler
def test_a_kelurahan_prints_the_lurah_and_its_perangkat(village, tmp_path):
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    info = village.run(resolve_identity, "33.13.06.1003", kepala_desa="Lurah Uji")
    village.run(save_village, info)
    _add(village, village.p["kades"], "Lurah", KEPALA)
    out = tmp_path / "lurah.pdf"
    village.run(D.save, DocRequest("perangkat", "2026-12"), out, write=False, today=TODAY)
    text = _pdf_text(out)
    assert "DAFTAR KEPESERTAAN JKN LURAH, PERANGKAT KELURAHAN DAN KELUARGANYA" in text
    assert D.documents(KELURAHAN_WORDS)["perangkat"].title == (
        "Daftar kepesertaan JKN Lurah, perangkat kelurahan dan keluarganya"
    )


# --- the demo and the command line ------------------------------------------------------------------
def test_the_demo_lists_a_kepala_desa_and_perangkat_with_flags(demo_db):
    items = demo_db.run(S.officials_list, write=False)
    kinds = [c.official.kind for c in items]
    assert kinds.count(KEPALA) == 1
    assert 6 <= kinds.count(PERANGKAT) <= 8
    steps = {c.step for c in items}
    assert {O.DAFTAR_PPU, O.PBI_KE_PPU} <= steps
    assert sum(c.on_ppu for c in items) > len(items) / 2
    assert any(c.family for c in items)
    assert demo_db.run(S.suggestions, write=False)  # someone left for the hint row


def test_the_command_line_adds_lists_ends_and_prints(db_path, tmp_path, capsys):
    def run(*args):
        code = main(["--db", str(db_path), *args])
        out, err = capsys.readouterr()
        return code, out, err

    assert run("init", "--kode-wilayah", "3313052006", "--kepala-desa", "Sutrisno")[0] == 0
    assert run("demo", "--residents", "300", "--seed", "5")[0] == 0
    code, out, _ = run("perangkat", "list", "--json")
    data = json.loads(out)
    assert code == 0
    assert data["summary"]["officials"] == len(data["officials"])
    assert data["suggestions"], "the demo leaves residents with occupation 85 off the list"
    nik = data["suggestions"][0]["nik"]
    code, out, _ = run("perangkat", "add", "--nik", nik, "--jabatan", "Kepala Seksi Pelayanan")
    assert code == 0
    assert "dicatat sebagai Kepala Seksi Pelayanan" in out
    new_id = int(out.split("]")[0].strip("["))
    code, out, err = run("perangkat", "add", "--nik", nik, "--jabatan", "Sekretaris Desa")
    assert (code, out) == (2, "")
    assert "sudah tercatat menjabat" in err
    assert len(err.strip().splitlines()) == 1
    code, out, err = run("perangkat", "add", "--nik", "3313050000000000", "--jabatan", "Kaur")
    assert code == 2
    assert "NIK 3313050000000000 tidak ada di data penduduk." in err
    code, out, _ = run("perangkat", "list")
    assert code == 0
    assert f"[{new_id}] Kepala Seksi Pelayanan" in out
    assert "PERLU TINDAKAN" in out
    code, out, err = run("perangkat", "end", str(new_id), "--date", "2026-13-01", "--reason", "x")
    assert code == 2
    assert "TTTT-BB-HH" in err
    code, out, _ = run("perangkat", "end", str(new_id), "--reason", "mengundurkan diri")
    assert code == 0
    assert "tercatat berhenti menjabat" in out
    after = json.loads(run("perangkat", "list", "--json")[1])
    assert after["summary"]["officials"] == data["summary"]["officials"]
    pdf = tmp_path / "perangkat.pdf"
    code, out, _ = run("perangkat", "print", "-o", str(pdf))
    assert code == 0
    assert pdf.exists()
    assert "halaman" in out


def test_a_stale_officials_dialog_is_refused_with_who_changed_what(listed):
    """No silent overwrite (issue #14): the record changed since the dialog opened."""
    from jkn_desktop.records.people import Actor
    from jkn_desktop.services.edit_conflict import EditConflict

    oid, rid = listed.ids["kaur"], listed.p["kaur"]
    opened = OfficialInput(rid, "Kepala Urusan Keuangan", PERANGKAT, "", dt.date(2024, 1, 15))
    budi = Actor(username="budi", roles=("sekretaris",))
    listed.run(
        S.update_official,
        oid,
        OfficialInput(
            rid, "Kepala Urusan Keuangan", PERANGKAT, "141/05/2024", dt.date(2024, 1, 15)
        ),
        opened=opened,
        user=budi,
        today=TODAY,
    )
    mine = OfficialInput(rid, "Kaur Keuangan", PERANGKAT, "", dt.date(2024, 1, 15))
    with pytest.raises(EditConflict) as caught:
        listed.run(S.update_official, oid, mine, opened=opened, today=TODAY)
    assert [f.field for f in caught.value.fields] == ["sk_number"]
    assert caught.value.by == "budi"
    assert listed.run(S.official, oid, write=False).position == "Kepala Urusan Keuangan"
