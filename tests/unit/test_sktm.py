"""The SKTM register as a village secretary keeps it: numbers that follow the register, every bad
input refused with an Indonesian message and nothing written, the lists over a month boundary, the
holders still uninsured with what the APBDes line would pay, the month's counts, the APBDes
warning under each setting, the printed letter and register, the command line."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess

import pytest
from sqlalchemy import func, insert, select, update

from jkn_desktop.cli import main
from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import office as O
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import (
    apbdes_beneficiary_t,
    audit_t,
    household_t,
    resident_t,
    sktm_t,
)
from jkn_desktop.records import sktm as S
from jkn_desktop.records.apbdes import LineInput
from jkn_desktop.records.changes import OFFICE
from jkn_desktop.records.membership import Observation
from jkn_desktop.records.sktm import SktmFilter, SktmInput
from jkn_desktop.services.apbdes import beneficiaries as BN
from jkn_desktop.services.apbdes import lines as LN
from jkn_desktop.services.apbdes import report as RP
from jkn_desktop.services.membership.evidence import record_observations
from jkn_desktop.services.office import sktm as K
from jkn_desktop.services.office import sktm_lists as KL
from jkn_desktop.services.office import sktm_print as KP
from jkn_desktop.services.settings import set_setting
from tests.jobs import reading, writing

NOW = dt.datetime(2026, 1, 2)
NOV = dt.date(2026, 11, 30)
DEC = dt.date(2026, 12, 1)


def _household(conn, kk, desil=None):
    return conn.execute(
        insert(household_t).values(
            no_kk=kk,
            address="Dusun Krajan",
            dusun="Krajan",
            rw="001",
            rt="002",
            desil=desil,
            created_at=NOW,
            updated_at=NOW,
        )
    ).inserted_primary_key[0]


def _person(conn, nik, hid, name, *, shdk=1, sd=codes.HIDUP, changed=None):
    return conn.execute(
        insert(resident_t).values(
            nik=nik,
            name=name,
            name_key=name,
            sex="L",
            birth_place="KARANGANYAR",
            birth_date=dt.date(1980, 1, 1),
            household_id=hid,
            shdk=shdk,
            occupation=88,
            status_dasar=sd,
            status_changed_at=changed,
            created_at=NOW,
            updated_at=NOW,
        )
    ).inserted_primary_key[0]


@pytest.fixture
def desa(village_db):
    """Desa Girilayu with a few households: a1/a2 (desil 7, uninsured), b1 (desil 3, PBI APBN
    since March), c1 (no desil, uninsured); one resident who died, one who moved away."""
    db = village_db
    with db.work("uji") as work:
        conn = work.conn
        h1 = _household(conn, "3313050101200001", desil=7)
        h2 = _household(conn, "3313050101200002", desil=3)
        h3 = _household(conn, "3313050101200003")
        people = {
            "a1": _person(conn, "3313050101800001", h1, "SUPARNO"),
            "a2": _person(conn, "3313050101800002", h1, "SUWARNI", shdk=2),
            "b1": _person(conn, "3313050101800011", h2, "PAIMIN"),
            "c1": _person(conn, "3313050101800021", h3, "KARSO"),
            "dead": _person(
                conn,
                "3313050101800031",
                h3,
                "MARJO",
                shdk=4,
                sd=codes.MATI,
                changed=dt.date(2026, 4, 10),
            ),
            "moved": _person(
                conn,
                "3313050101800041",
                h3,
                "TUGIYO",
                shdk=4,
                sd=codes.PINDAH,
                changed=dt.date(2026, 5, 2),
            ),
        }
        record_observations(
            work, [Observation(people["b1"], J.PBI_APBN, J.AKTIF, dt.date(2026, 3, 1), "dinsos")]
        )
    db.people = people
    return db


def _add(db, who, day, **kw):
    return db.run(
        K.add_sktm,
        SktmInput(resident_id=db.people[who], **{"purpose": "iuran_jkn", **kw}),
        user="uji",
        today=day,
    )


def _counts(db):
    with reading(db) as conn:
        return (
            conn.execute(select(func.count()).select_from(sktm_t)).scalar_one(),
            conn.execute(select(func.count()).select_from(audit_t)).scalar_one(),
        )


# --- numbers and defaults ------------------------------------------------------------------------
def test_numbers_count_per_year_and_follow_the_registers_shape(desa):
    assert desa.run(K.next_number, dt.date(2026, 11, 3), write=False) == "400.12/001/XI/2026"
    _add(desa, "a1", dt.date(2026, 11, 3))
    assert desa.run(K.next_number, DEC, write=False) == "400.12/002/XII/2026"
    _add(desa, "c1", DEC, number=" 474 / 7 /XII/ 2026 ")  # the village's own style, tidied
    assert desa.run(K.next_number, DEC, write=False) == "474/008/XII/2026"
    assert desa.run(K.next_number, dt.date(2027, 1, 4), write=False) == "474/001/I/2027"


def test_the_defaults_and_the_letter_as_printed(desa):
    with desa.work("uji", today=NOV) as work:
        sid = K.add_sktm(work, SktmInput(resident_id=desa.people["a1"], purpose="jkn"))
        touched = work.changes
    assert touched.ids(OFFICE) == frozenset({sid})
    row = desa.run(KL.sktm_row, sid, write=False, today=NOV)
    assert (row.number, row.issued_on, row.valid_until) == (
        "400.12/001/XI/2026",
        NOV,
        dt.date(2027, 5, 30),
    )
    assert (row.signer_name, row.signer_title) == ("Sutrisno", "Kepala Desa")
    assert (row.nik, row.name, row.no_kk) == ("3313050101800001", "SUPARNO", "3313050101200001")
    assert row.address == "Dusun Krajan, RT 002/RW 001"
    # the letter keeps the name it was printed with
    with writing(desa) as conn:
        conn.execute(update(resident_t).where(resident_t.c.id == row.resident_id).values(name="X"))
    assert desa.run(KL.sktm_row, sid, write=False, today=NOV).name == "SUPARNO"
    # a shorter validity in Pengaturan
    desa.run(set_setting, "sktm_valid_months", 3)
    sid = _add(desa, "c1", NOV, purpose="sekolah", purpose_note="SMP Negeri 1 Matesih")
    assert desa.run(KL.sktm_row, sid, write=False).valid_until == dt.date(2027, 2, 28)
    with reading(desa) as conn:
        audit = conn.execute(
            select(audit_t.c.action, audit_t.c.field).where(
                audit_t.c.entity == "sktm", audit_t.c.entity_id == sid
            )
        ).all()
    assert ("create", "number") in audit
    assert ("create", "purpose") in audit


# --- bad input ----------------------------------------------------------------------------------
BAD = [
    (
        "duplicate number",
        "b1",
        {"number": "400.12/001/XI/2026"},
        "SKTM_NOMOR_GANDA",
        "sudah dipakai",
    ),
    (
        "validity before its date",
        "b1",
        {"valid_until": dt.date(2026, 11, 1)},
        "SKTM_BERLAKU",
        "tidak boleh sebelum",
    ),
    ("resident who died", "dead", {}, "SKTM_TIDAK_HIDUP", "tercatat mati"),
    ("resident who moved", "moved", {}, "SKTM_TIDAK_HIDUP", "tercatat pindah"),
    ("no resident", None, {}, "SKTM_PENDUDUK", "Pilih penduduk"),
    ("unknown NIK", None, {"nik": "3313059999999999"}, "SKTM_PENDUDUK", "tidak terdaftar"),
    ("unknown purpose", "b1", {"purpose": "arisan"}, "SKTM_KEPERLUAN", "tidak dikenal"),
    (
        "a date not yet come",
        "b1",
        {"issued_on": dt.date(2026, 12, 5)},
        "SKTM_TANGGAL_DEPAN",
        "masa depan",
    ),
    ("empty number", "b1", {"number": " / "}, "SKTM_NOMOR", "Isi nomor"),
]


@pytest.mark.parametrize(("what", "who", "given", "code", "words"), BAD, ids=[b[0] for b in BAD])
def test_bad_input_is_refused_in_indonesian_and_leaves_the_register_unchanged(
    desa, what, who, given, code, words
):
    _add(desa, "a1", NOV)  # 400.12/001/XI/2026
    before = _counts(desa)
    fields = {"purpose": "iuran_jkn", **given}
    if who is not None:
        fields["resident_id"] = desa.people[who]
    with pytest.raises(UserError) as exc:
        desa.run(K.add_sktm, SktmInput(**fields), user="uji", today=NOV)
    assert exc.value.code == code
    assert words in exc.value.message
    assert _counts(desa) == before


def test_a_number_taken_by_another_job_meanwhile_is_a_clear_message(desa, monkeypatch):
    """Two computers on one file: the check passed, then the other saved first; the unique
    constraint answers, translated."""
    _add(desa, "a1", NOV)
    before = _counts(desa)
    monkeypatch.setattr(K, "_refuse_used", lambda conn, number: None)
    with pytest.raises(UserError, match="baru saja dipakai"):
        _add(desa, "b1", NOV, number="400.12/001/XI/2026")
    assert _counts(desa) == before


def test_cancelling_needs_a_reason_and_happens_once(desa):
    sid = _add(desa, "a1", NOV)
    with pytest.raises(UserError, match="alasan"):
        desa.run(K.cancel_sktm, sid, "  ", today=DEC)
    desa.run(K.cancel_sktm, sid, "salah orang", today=DEC)
    with pytest.raises(UserError, match="sudah dibatalkan pada 1 Desember 2026"):
        desa.run(K.cancel_sktm, sid, "lagi", today=DEC)
    with pytest.raises(UserError, match="tidak ada di register"):
        desa.run(K.cancel_sktm, 999, "salah", today=DEC)
    row = desa.run(KL.sktm_row, sid, write=False, today=DEC)
    assert (row.state, row.cancel_reason) == (S.DIBATALKAN, "salah orang")


def test_purpose_by_key_or_by_a_word_of_its_label():
    assert K.purpose_key("iuran-jkn") == "iuran_jkn"
    assert K.purpose_key("JKN") == "iuran_jkn"
    assert K.purpose_key("rumah") == "rumah_sakit"
    assert K.purpose_key("sekolah") == "sekolah"
    with pytest.raises(UserError, match="bisa berarti rumah_sakit"):
        K.purpose_key("biaya")


# --- lists over a month boundary ----------------------------------------------------------------
@pytest.fixture
def register(desa):
    """a1's SKTM ends on 30 November; c1's in mid-December; b1 (PBI APBN) holds one to May."""
    ids = {
        "a1": _add(desa, "a1", dt.date(2026, 6, 10), valid_until=NOV),
        "c1": _add(desa, "c1", dt.date(2026, 10, 5), valid_until=dt.date(2026, 12, 15)),
        "b1": _add(desa, "b1", dt.date(2026, 11, 2), purpose="rumah_sakit"),
    }
    desa.sktm = ids
    return desa


def _names(db, flt, day):
    return [r.name for r in db.run(KL.sktm_list, flt, write=False, today=day)]


def test_valid_expiring_and_uninsured_lists_on_either_side_of_the_month_end(register):
    db = register
    assert _names(db, SktmFilter(S.SHOW_VALID), NOV) == ["PAIMIN", "KARSO", "SUPARNO"]
    assert _names(db, SktmFilter(S.SHOW_VALID), DEC) == ["PAIMIN", "KARSO"]
    assert _names(db, SktmFilter(S.SHOW_EXPIRING, "2026-11"), NOV) == ["SUPARNO"]
    assert _names(db, SktmFilter(S.SHOW_EXPIRING), DEC) == ["KARSO"]  # this month by default
    assert _names(db, SktmFilter(S.SHOW_ISSUED, "2026-11"), DEC) == ["PAIMIN"]
    assert _names(db, SktmFilter(search="3313050101800021"), DEC) == ["KARSO"]
    assert _names(db, SktmFilter(search="karso"), DEC) == ["KARSO"]
    states = {r.name: r.state for r in db.run(KL.sktm_list, write=False, today=DEC)}
    assert states == {"PAIMIN": S.BERLAKU, "KARSO": S.BERLAKU, "SUPARNO": S.BERAKHIR}
    rows = {r.name: r for r in db.run(KL.sktm_list, write=False, today=DEC)}
    assert rows["PAIMIN"].jkn_label == "PBI APBN · Aktif"
    assert rows["KARSO"].desil is None

    # on 30 November: a1 and c1 are uninsured holders (b1 is PBI); December is the one month
    # an APBDes line would still pay this year
    people, monthly, rest = db.run(KL.uninsured_holders, write=False, today=NOV)
    assert sorted(r.name for r in people) == ["KARSO", "SUPARNO"]
    assert (monthly, rest) == (2 * 42_000, 2 * 42_000)
    # on 1 December a1's letter has ended; no month is left this year, next year costs twelve
    people, monthly, rest = db.run(KL.uninsured_holders, write=False, today=DEC)
    assert [r.name for r in people] == ["KARSO"]
    assert (monthly, rest) == (42_000, 0)
    s = db.run(KL.summary, write=False, today=DEC)
    assert (s.valid, s.expiring, s.holders_uninsured, s.from_month) == (2, 1, 1, 13)
    assert s.cost_next_year == 12 * 42_000


def test_a_holder_already_paid_by_the_apbdes_line_is_not_counted_again(register):
    db = register
    line = db.run(LN.add_line, LineInput(2026, "02.02.96", "5.2.7", "ADD", 5_000_000), today=NOV)
    db.run(BN.add_beneficiaries, line, [db.people["c1"]], 12, 12, today=NOV)
    people, monthly, _rest = db.run(KL.uninsured_holders, write=False, today=DEC)
    assert people == []
    assert monthly == 0
    # the same holder in November: not on the line that month
    assert db.run(KL.uninsured_on, NOV, write=False, today=DEC) == {
        db.people["a1"],
        db.people["c1"],
    }


def test_a_letter_to_the_head_counts_for_the_whole_family(register):
    db = register
    ids = [db.people[k] for k in ("a1", "a2", "b1", "c1")]
    with reading(db) as conn:
        assert K.valid_sktm_ids(conn, ids, NOV) == set(ids)
        assert K.valid_sktm_ids(conn, ids, DEC) == {db.people["b1"], db.people["c1"]}
        assert K.valid_sktm_ids(conn, ids, NOV, household=False) == {
            db.people[k] for k in ("a1", "b1", "c1")
        }


# --- the month's counts -------------------------------------------------------------------------
def test_month_counts_for_two_months(register):
    """November is past on the day of the count (its JKN state as known then); December is
    still running (today's state)."""
    db = register
    _add(db, "a1", DEC)  # a1's renewal
    db.run(K.cancel_sktm, db.sktm["b1"], "salah keperluan", today=dt.date(2026, 12, 10))
    with db.work("uji", today=dt.date(2026, 12, 12)) as work:  # c1 went mandiri on 5 December
        record_observations(
            work,
            [Observation(db.people["c1"], J.PBPU_MANDIRI, J.AKTIF, dt.date(2026, 12, 5), "kartu")],
        )
    day = dt.date(2026, 12, 20)
    nov = db.run(K.month_counts, "2026-11", write=False, today=day)
    dec = db.run(K.month_counts, "2026-12", write=False, today=day)
    assert nov == S.SktmMonth("2026-11", 1, 0, 3, 1, 2, 84_000)
    assert dec == S.SktmMonth("2026-12", 1, 1, 1, 1, 1, 42_000)
    assert nov.as_json()["holders_uninsured"] == 2
    with pytest.raises(UserError, match="tidak dikenali"):
        db.run(K.month_counts, "Desember", write=False)


def test_a_month_at_the_office_then_the_next(desa, tmp_path):
    """Several days of November, a letter issued for the wrong purpose corrected under a new
    number, then December: the numbers follow on, the lists and the printed register agree."""
    _add(desa, "a1", dt.date(2026, 11, 3))
    _add(desa, "c1", dt.date(2026, 11, 10), purpose="sekolah", purpose_note="SD Negeri 2")
    wrong = _add(desa, "b1", dt.date(2026, 11, 20), purpose="bantuan_sosial")
    desa.run(K.cancel_sktm, wrong, "salah keperluan", today=dt.date(2026, 11, 21))
    _add(desa, "b1", dt.date(2026, 11, 21), purpose="rumah_sakit", purpose_note="RSUD")
    _add(desa, "a2", dt.date(2026, 12, 2))
    numbers = [
        r.number for r in reversed(desa.run(KL.sktm_list, write=False, today=dt.date(2026, 12, 2)))
    ]
    assert numbers == [
        "400.12/001/XI/2026",
        "400.12/002/XI/2026",
        "400.12/003/XI/2026",
        "400.12/004/XI/2026",
        "400.12/005/XII/2026",
    ]
    counts = desa.run(K.month_counts, "2026-11", write=False, today=dt.date(2026, 12, 2))
    assert (counts.issued, counts.cancelled, counts.valid_at_end) == (4, 1, 3)
    out = tmp_path / "register.pdf"
    assert (
        desa.run(KP.export_register, "2026-11", out, write=False, today=dt.date(2026, 12, 2)) == 4
    )
    text = _pdf_text(out)
    for number in numbers[:4]:
        assert number in text
    assert "REGISTER SURAT KETERANGAN TIDAK MAMPU" in text
    assert "NOVEMBER 2026" in text
    assert "Dibatalkan" in text
    assert "Sutrisno" in text


# --- the APBDes warning -------------------------------------------------------------------------
def test_apbdes_warning_under_each_setting(desa):
    """Never blocking; by the setting: an SKTM or desil 1–5, the SKTM required, or not checked.
    The letter to the head of the KK covers the family."""
    p = desa.people
    line = desa.run(LN.add_line, LineInput(2026, "02.02.96", "5.2.7", "ADD", 9_000_000), today=NOV)
    ids = [p["a1"], p["a2"], p["b1"], p["c1"]]

    def warned():
        cands = desa.run(BN.candidates, line, ids, 12, 12, write=False, today=NOV)
        return {c.resident_id for c in cands if any("SKTM" in w for w in c.warnings)}

    no_sktm = O.APBDES_GROUND_WARNINGS[O.SKTM_RULE_SKTM_OR_DESIL]
    assert warned() == {p["a1"], p["a2"], p["c1"]}  # b1 is desil 3
    _add(desa, "a1", dt.date(2026, 11, 2))
    assert warned() == {p["c1"]}
    desa.run(set_setting, "apbdes_sktm_rule", O.SKTM_RULE_SKTM)
    assert warned() == {p["b1"], p["c1"]}
    desa.run(set_setting, "apbdes_sktm_rule", O.SKTM_RULE_NONE)
    assert warned() == set()
    # the default again: c1 is added all the same, and the list and the year's report say why
    desa.run(set_setting, "apbdes_sktm_rule", O.SKTM_RULE_SKTM_OR_DESIL)
    added = desa.run(BN.add_beneficiaries, line, [p["a1"], p["c1"]], 12, 12, today=NOV)
    assert len(added.added) == 2
    listed = {
        b.resident_id: b.warnings for b in desa.run(BN.beneficiaries, line, write=False, today=NOV)
    }
    assert listed == {p["a1"]: (), p["c1"]: (no_sktm,)}
    report = desa.run(RP.year_report, 2026, write=False, today=NOV)
    notes = [w.message for w in report.warnings if w.code == O.WARN_NO_GROUND]
    assert notes == [f"KARSO (3313050101800021) di baris {line} (02.02.96, ADD): {no_sktm}."]


# --- printouts ------------------------------------------------------------------------------------
def _pdf_text(path):
    """The PDF's text with its line breaks and spacing as single spaces."""
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True)
    return " ".join(done.stdout.split())


def test_the_letter_names_the_number_the_person_and_the_purpose(desa, tmp_path):
    sid = _add(desa, "c1", NOV, purpose="sekolah", purpose_note="SMP Negeri 1 Matesih")
    out = tmp_path / "sktm.pdf"
    letter = desa.run(KP.export_letter, sid, out, write=False, today=NOV)
    assert letter.sex == "Laki-laki"
    assert letter.occupation
    text = _pdf_text(out)
    for expected in (
        "SURAT KETERANGAN TIDAK MAMPU",
        "Nomor: 400.12/001/XI/2026",
        "KARSO",
        "3313050101800021",
        "Karanganyar, 1 Januari 1980",
        "keringanan biaya pendidikan atau beasiswa (SMP Negeri 1 Matesih)",
        "berlaku sampai dengan tanggal 30 Mei 2027",
        "Kepala Desa Girilayu",
        "Girilayu, 30 November 2026",
        "Sutrisno",
    ):
        assert expected in text, expected
    with pytest.raises(UserError, match=r"\.pdf"):
        desa.run(KP.export_letter, sid, tmp_path / "sktm.docx", write=False)


def test_a_kelurahan_letter_is_signed_by_the_lurah(db, tmp_path):
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    db.run(save_village, db.run(resolve_identity, "33.13.06.1003", kepala_desa="Bambang Sutopo"))
    with writing(db) as conn:
        rid = _person(conn, "3313060101800001", _household(conn, "3313060101200001", 2), "SADIMIN")
    sid = db.run(K.add_sktm, SktmInput(resident_id=rid, purpose="jkn"), today=NOV)
    out = tmp_path / "sktm.pdf"
    db.run(KP.export_letter, sid, out, write=False, today=NOV)
    text = _pdf_text(out)
    assert "Lurah Kalisoro" in text
    assert "KELURAHAN KALISORO" in text
    assert "Kepala Desa" not in text
    assert "APBDes" not in text


# --- the demo and the command line --------------------------------------------------------------
def test_the_demo_register_has_what_the_pages_show(demo_db):
    today = dt.date.today()
    rows = demo_db.run(KL.sktm_list, write=False)
    assert 10 <= len(rows) <= 20
    states = {r.state for r in rows}
    assert {S.BERLAKU, S.BERAKHIR, S.DIBATALKAN} <= states
    assert any(
        r.valid_until.month == today.month and r.valid_until.year == today.year for r in rows
    )
    people, monthly, _rest = demo_db.run(KL.uninsured_holders, write=False)
    assert people
    assert monthly == len(people) * 42_000


def run(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_end_to_end(db_path, capsys, tmp_path):
    db = str(db_path)
    assert (
        run(
            capsys, "--db", db, "init", "--kode-wilayah", "3313052006", "--kepala-desa", "Sutrisno"
        )[0]
        == 0
    )
    assert run(capsys, "--db", db, "demo", "--residents", "300", "--seed", "5")[0] == 0
    from jkn_desktop.services.database import open_database

    database = open_database(db_path)
    with reading(database) as conn:
        nik = conn.execute(
            select(resident_t.c.nik)
            .where(
                resident_t.c.status_dasar == codes.HIDUP,
                resident_t.c.jkn_segment.is_(None),
                resident_t.c.id.not_in(select(apbdes_beneficiary_t.c.resident_id)),
            )
            .limit(1)
        ).scalar_one()
        dead = conn.execute(
            select(resident_t.c.nik).where(resident_t.c.status_dasar == codes.MATI).limit(1)
        ).scalar_one()
    database.close()
    code, out, _ = run(
        capsys, "--db", db, "sktm", "add", "--nik", nik, "--purpose", "jkn", "--json"
    )
    assert code == 0
    added = json.loads(out)
    assert added["keperluan"] == "iuran_jkn"
    assert added["status"] == "berlaku"
    code, out, _ = run(capsys, "--db", db, "sktm", "list", "--uninsured", "--json")
    listed = json.loads(out)
    assert added["nomor"] in [r["nomor"] for r in listed["sktm"]]
    assert listed["monthly_cost"] == 42_000 * len({r["nik"] for r in listed["sktm"]})
    code, out, err = run(
        capsys,
        "--db",
        db,
        "sktm",
        "add",
        "--nik",
        nik,
        "--purpose",
        "sekolah",
        "--number",
        added["nomor"],
    )
    assert (code, out) == (2, "")
    assert "sudah dipakai" in err
    assert len(err.strip().splitlines()) == 1
    code, _, err = run(capsys, "--db", db, "sktm", "add", "--nik", dead, "--purpose", "sekolah")
    assert code == 2
    assert "tercatat mati" in err
    code, _, err = run(
        capsys, "--db", db, "sktm", "add", "--nik", nik, "--purpose", "jkn", "--date", "1-12-2026"
    )
    assert code == 2
    assert "TTTT-BB-HH" in err
    code, out, _ = run(capsys, "--db", db, "sktm", "list")
    assert code == 0
    assert "Berlaku" in out
    assert "SKTM." in out
    pdf = tmp_path / "sktm.pdf"
    code, out, _ = run(capsys, "--db", db, "sktm", "print", str(added["id"]), "-o", str(pdf))
    assert code == 0
    assert pdf.exists()
    assert added["nomor"] in _pdf_text(pdf)
    code, out, _ = run(
        capsys, "--db", db, "sktm", "cancel", str(added["id"]), "--reason", "salah orang"
    )
    assert code == 0
    assert "dibatalkan" in out
    month = f"{dt.date.today():%Y-%m}"
    code, out, _ = run(capsys, "--db", db, "sktm", "list", "--month", month, "--json")
    data = json.loads(out)
    assert data["month"]["cancelled"] >= 1
    register_pdf = tmp_path / "register.pdf"
    code, out, _ = run(
        capsys, "--db", db, "sktm", "list", "--month", month, "-o", str(register_pdf)
    )
    assert code == 0
    assert register_pdf.exists()
    assert A.month_name(dt.date.today().month).upper() in _pdf_text(register_pdf)
