"""The counter log (buku loket) as a village office keeps it: the rule's advice before deciding, a
visit written with the state seen, a poor resident proposed for PBI in the same job, follow-ups
that close when the resident becomes active or by hand, a month's counts for the kecamatan, and
the command line's ``check --log``. Bad input leaves nothing written."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import func, insert, select

from jkn_desktop.cli import main
from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.domain import office as O
from jkn_desktop.domain import usulan as U
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import (
    audit_t,
    counter_visit_t,
    household_t,
    resident_t,
    sktm_t,
    usulan_t,
)
from jkn_desktop.records.apbdes import LineInput
from jkn_desktop.records.changes import OFFICE, USULAN
from jkn_desktop.records.counter import CounterService, OfficeSettings, VisitInput
from jkn_desktop.records.membership import Observation
from jkn_desktop.records.usulan import ProposalInput
from jkn_desktop.services.apbdes.beneficiaries import add_beneficiaries
from jkn_desktop.services.apbdes.lines import add_line
from jkn_desktop.services.membership.evidence import record_observations
from jkn_desktop.services.office import counter_log as CL
from jkn_desktop.services.usulan import proposals as P
from tests.engines import db_arg
from tests.jobs import USER, reading, writing

NOW = dt.datetime(2026, 1, 2)
NOV = dt.date(2026, 11, 2)  # a Monday
DOMISILI = "Surat keterangan domisili"  # needs active JKN (the default list)
PENGANTAR = "Surat pengantar KTP/KK/akta"  # does not


@pytest.fixture
def village(village_db):
    """Residents of every kind the counter meets, with their JKN state recorded."""
    db = village_db
    ids: dict[str, int] = {}
    with writing(db) as conn:

        def hh(kk, desil):
            return conn.execute(
                insert(household_t).values(
                    no_kk=kk,
                    dusun="Krajan",
                    rw="001",
                    rt="002",
                    desil=desil,
                    created_at=NOW,
                    updated_at=NOW,
                )
            ).inserted_primary_key[0]

        def person(key, nik, hid, sd=codes.HIDUP, occupation=None):
            ids[key] = conn.execute(
                insert(resident_t).values(
                    nik=nik,
                    name=f"WARGA {key.upper()}",
                    name_key=f"WARGA {key.upper()}",
                    sex="L",
                    household_id=hid,
                    shdk=1,
                    birth_date=dt.date(1980, 1, 1),
                    status_dasar=sd,
                    occupation=occupation,
                    created_at=NOW,
                    updated_at=NOW,
                )
            ).inserted_primary_key[0]

        poor, middle = hh("3313050101200001", 3), hh("3313050101200002", 8)
        person("poor", "3313050101800001", poor)  # no JKN, desil 3
        person("lapsed", "3313050101800002", middle)  # PBPU mandiri nonaktif
        person("newcomer", "3313050101800003", middle)  # nothing recorded, desil 8
        person("active", "3313050101800004", middle)  # PBI APBN aktif
        person("dead", "3313050101800005", poor, sd=codes.MATI)
        person("perangkat", "3313050101800006", poor, occupation=85)  # perangkat desa, no JKN
        person("pbi_off", "3313050101800007", poor)  # PBI APBN nonaktif, desil 3
    day = dt.date(2026, 10, 1)
    db.run(
        record_observations,
        [
            Observation(ids["poor"], J.BELUM_TERDAFTAR, J.STATUS_TIDAK_DIKETAHUI, day, "pengakuan"),
            Observation(ids["lapsed"], J.PBPU_MANDIRI, J.NONAKTIF, day, "bpjs"),
            Observation(ids["active"], J.PBI_APBN, J.AKTIF, day, "dinsos"),
            Observation(ids["pbi_off"], J.PBI_APBN, J.NONAKTIF, day, "bpjs"),
        ],
        today=day,
    )
    db.ids = ids
    return db


def _rows(db) -> dict[str, int]:
    """How many rows the counter log, the proposals and the audit trail hold."""
    with reading(db) as conn:
        return {
            t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
            for t in (counter_visit_t, usulan_t, audit_t)
        }


def log(db, who, service, outcome, day=NOV, note=""):
    return db.run(
        CL.log_visit, VisitInput(db.ids[who], service, outcome, note), user=USER, today=day
    )


def test_the_rule_is_shown_before_deciding(village):
    def advice(who, service=DOMISILI, day=NOV):
        return village.run(CL.advice_for, village.ids[who], service, write=False, today=day)

    assert advice("active").code == O.BOLEH
    assert advice("newcomer").code == O.RUJUK_DAFTAR
    assert advice("lapsed").code == O.RUJUK_AKTIFKAN
    assert advice("perangkat").code == O.RUJUK_PPU
    assert advice("dead").code == O.TIDAK_HIDUP
    poor = advice("poor")
    assert (poor.code, poor.suggested) == (O.TAWARKAN_USULAN, O.DIUSULKAN_PBI)
    assert "jangan hanya ditolak" in poor.text
    assert advice("newcomer", PENGANTAR).code == O.BOLEH_SARANKAN
    assert advice("newcomer", " surat KETERANGAN domisili ").code == O.RUJUK_DAFTAR
    # an SKTM valid on the day makes the desil-8 newcomer poor; one cancelled or expired does not
    with writing(village) as conn:
        for number, until, cancelled in (
            ("1/SKTM/2026", dt.date(2026, 10, 31), None),  # expired before November
            ("2/SKTM/2026", dt.date(2027, 4, 30), dt.date(2026, 10, 20)),  # cancelled
        ):
            conn.execute(
                insert(sktm_t).values(
                    number=number,
                    issued_on=dt.date(2026, 5, 1),
                    valid_until=until,
                    purpose="iuran_jkn",
                    resident_id=village.ids["newcomer"],
                    nik="3313050101800003",
                    name="WARGA NEWCOMER",
                    signer_name="Sutrisno",
                    signer_title="Kepala Desa",
                    cancelled_on=cancelled,
                    created_at=NOW,
                )
            )
    assert advice("newcomer").code == O.RUJUK_DAFTAR
    with writing(village) as conn:
        conn.execute(
            insert(sktm_t).values(
                number="3/SKTM/2026",
                issued_on=dt.date(2026, 11, 5),
                valid_until=dt.date(2027, 5, 5),
                purpose="iuran_jkn",
                resident_id=village.ids["newcomer"],
                nik="3313050101800003",
                name="WARGA NEWCOMER",
                signer_name="Sutrisno",
                signer_title="Kepala Desa",
                created_at=NOW,
            )
        )
    assert advice("newcomer").code == O.RUJUK_DAFTAR  # not issued yet on 2 November
    assert advice("newcomer", day=dt.date(2026, 11, 5)).code == O.TAWARKAN_USULAN


def test_a_visit_keeps_the_state_seen_the_advice_who_and_when(village):
    with village.work(USER, today=NOV) as work:
        vid = CL.log_visit(
            work, VisitInput(village.ids["lapsed"], DOMISILI, O.DIRUJUK, " bawa KK ")
        )
    assert work.changes.ids(OFFICE) == {vid}
    assert USULAN not in work.changes.touched
    v = village.run(CL.visit, vid, write=False)
    assert (v.visited_on, v.actor, v.service, v.requires_jkn) == (NOV, USER, DOMISILI, True)
    assert (v.jkn_segment, v.jkn_status, v.advice) == (J.PBPU_MANDIRI, J.NONAKTIF, O.RUJUK_AKTIFKAN)
    assert (v.outcome, v.note, v.usulan_id) == (O.DIRUJUK, "bawa KK", None)
    assert v.state_label == "Mandiri · Nonaktif"
    with reading(village) as conn:
        audit = conn.execute(
            select(audit_t.c.field, audit_t.c.new_value).where(audit_t.c.entity == "counter_visit")
        ).all()
    assert ("outcome", O.DIRUJUK) in {tuple(a) for a in audit}


def test_bad_input_is_refused_with_nothing_written(village):
    before = _rows(village)
    bad = [
        (VisitInput(None, DOMISILI, O.DILAYANI), "LOKET_PENDUDUK", "Pilih dulu penduduk"),
        (VisitInput(999_999, DOMISILI, O.DILAYANI), "LOKET_PENDUDUK", "tidak ada di data"),
        (VisitInput(village.ids["active"], "  ", O.DILAYANI), "LOKET_LAYANAN", "Pilih layanan"),
        (
            VisitInput(village.ids["active"], "Surat sakti", O.DILAYANI),
            "LOKET_LAYANAN",
            "Surat sakti",
        ),
        (VisitInput(village.ids["active"], DOMISILI, "mungkin"), "LOKET_HASIL", "Pilih hasil"),
        (
            VisitInput(village.ids["active"], DOMISILI, O.DIUSULKAN_PBI),
            "LOKET_USUL",
            "sudah peserta",
        ),
        (VisitInput(village.ids["dead"], DOMISILI, O.DIUSULKAN_PBI), "LOKET_USUL", "mati"),
        (VisitInput(village.ids["perangkat"], DOMISILI, O.DIUSULKAN_PBI), "LOKET_USUL", "PPU"),
    ]
    for visit, code, words in bad:
        with pytest.raises(UserError) as exc:
            village.run(CL.log_visit, visit, user=USER, today=NOV)
        assert exc.value.code == code, visit
        assert words in exc.value.message
        assert _rows(village) == before, visit


def test_a_proposal_refused_means_no_visit_either(village):
    """The poor resident is already in a data-correction proposal this month: usulan refuses a
    second one, so the counter writes nothing at all."""
    village.run(
        P.add, ProposalInput("2026-11", U.PERBAIKAN, "3313050101800001"), user=USER, today=NOV
    )
    before = _rows(village)
    with pytest.raises(UserError) as exc:
        log(village, "poor", DOMISILI, O.DIUSULKAN_PBI)
    assert exc.value.code == "USULAN_GANDA"
    assert _rows(village) == before


def test_proposed_for_pbi_in_the_same_job_and_linked(village):
    with village.work(USER, today=NOV) as work:
        first = CL.log_visit(work, VisitInput(village.ids["poor"], DOMISILI, O.DIUSULKAN_PBI, "x"))
    v = village.run(CL.visit, first, write=False)
    assert v.usulan_id is not None
    assert work.changes.ids(USULAN) == {v.usulan_id}
    (proposal,) = village.run(P.proposals, "2026-11", write=False)
    assert (proposal.id, proposal.kind, proposal.status) == (v.usulan_id, U.PENAMBAHAN, U.DRAFT)
    assert (proposal.nik, proposal.origin, proposal.track) == (
        "3313050101800001",
        "loket",
        J.PBI_APBN,
    )
    assert DOMISILI in proposal.notes
    # the same month again: the proposal is reused; the next month: a new one
    again = log(village, "poor", PENGANTAR, O.DIUSULKAN_PBI, day=dt.date(2026, 11, 20))
    assert village.run(CL.visit, again, write=False).usulan_id == v.usulan_id
    december = log(village, "poor", DOMISILI, O.DIUSULKAN_PBI, day=dt.date(2026, 12, 1))
    (dec,) = village.run(P.proposals, "2026-12", write=False)
    assert village.run(CL.visit, december, write=False).usulan_id == dec.id
    # a PBI member whose membership was deactivated is proposed for reaktivasi
    log(village, "pbi_off", DOMISILI, O.DIUSULKAN_PBI)
    kinds = {p.nik: p.kind for p in village.run(P.proposals, "2026-11", write=False)}
    assert kinds["3313050101800007"] == U.REAKTIVASI


def test_a_referral_closes_when_the_resident_becomes_active(village):
    log(village, "newcomer", DOMISILI, O.DIRUJUK, day=dt.date(2026, 11, 2))
    log(village, "lapsed", DOMISILI, O.DIRUJUK, day=dt.date(2026, 11, 3))
    latest = log(village, "newcomer", "Surat pengantar SKCK", O.DIRUJUK, day=dt.date(2026, 11, 9))
    log(village, "active", DOMISILI, O.DILAYANI, day=dt.date(2026, 11, 9))
    open_ = village.run(CL.followups, write=False, today=dt.date(2026, 11, 12))
    # one line per resident and kind: the latest visit
    assert [(f.name, f.visit_id == latest) for f in open_] == [
        ("WARGA LAPSED", False),
        ("WARGA NEWCOMER", True),
    ]
    lapsed, newcomer = open_
    assert (lapsed.days_open, lapsed.awaited) == (9, "Kepesertaan aktif kembali")
    assert (newcomer.visited_on, newcomer.awaited) == (dt.date(2026, 11, 9), "Mendaftar JKN")
    # the newcomer registers as PBPU mandiri: the card is seen on the 16th
    seen = Observation(
        village.ids["newcomer"], J.PBPU_MANDIRI, J.AKTIF, dt.date(2026, 11, 16), "kartu"
    )
    village.run(record_observations, [seen], today=dt.date(2026, 11, 16))
    assert [
        f.name for f in village.run(CL.followups, write=False, today=dt.date(2026, 11, 16))
    ] == ["WARGA LAPSED"]
    # the lapsed member paid at the BPJS office: closed by hand, with the reason
    with pytest.raises(UserError) as exc:
        village.run(CL.close_followup, lapsed.visit_id, "  ", today=dt.date(2026, 11, 17))
    assert exc.value.code == "LOKET_TUTUP"
    assert (
        village.run(
            CL.close_followup, lapsed.visit_id, "Lunas di BPJS", today=dt.date(2026, 11, 17)
        )
        == 1
    )
    assert village.run(CL.followups, write=False, today=dt.date(2026, 11, 17)) == []
    with pytest.raises(UserError) as exc:  # twice, or a visit that follows nothing
        village.run(CL.close_followup, lapsed.visit_id, "lagi", today=dt.date(2026, 11, 18))
    assert exc.value.key == "LOKET_TUTUP.hilang"
    closed = village.run(CL.visit, lapsed.visit_id, write=False)
    assert (closed.closed_on, closed.closed_note) == (dt.date(2026, 11, 17), "Lunas di BPJS")


def test_an_apbdes_proposal_is_open_until_the_line_pays_for_the_resident(village):
    vid = log(village, "poor", DOMISILI, O.DIUSULKAN_APBDES, day=dt.date(2026, 11, 4))
    (f,) = village.run(CL.followups, write=False, today=dt.date(2026, 11, 10))
    assert (f.visit_id, f.awaited) == (vid, "Masuk daftar penerima iuran APBDes")
    with village.work(USER, today=dt.date(2026, 11, 10)) as work:
        line = add_line(work, LineInput(2026, "02.02.96", "5.2.7", "ADD", 10_000_000))
        add_beneficiaries(work, line, [village.ids["poor"]], 12, 12, notes="uji")
    # paid from December: still open in November, closed once December comes
    assert len(village.run(CL.followups, write=False, today=dt.date(2026, 11, 30))) == 1
    assert village.run(CL.followups, write=False, today=dt.date(2026, 12, 1)) == []


def test_two_months_at_the_counter_counted_for_the_kecamatan(village):
    """November: served, referred, one poor resident refused although the rule advised a
    proposal, one proposed. December: a referral registers, another is closed by hand, a
    service renamed in Pengaturan keeps November's name in November's counts."""
    log(village, "active", DOMISILI, O.DILAYANI, day=dt.date(2026, 11, 2))
    log(village, "active", PENGANTAR, O.DILAYANI, day=dt.date(2026, 11, 3))
    log(
        village,
        "newcomer",
        PENGANTAR,
        O.DILAYANI_CATATAN,
        day=dt.date(2026, 11, 3),
        note="sarankan JKN",
    )
    log(village, "newcomer", DOMISILI, O.DIRUJUK, day=dt.date(2026, 11, 10))
    log(village, "lapsed", DOMISILI, O.DIRUJUK, day=dt.date(2026, 11, 11))
    log(
        village, "pbi_off", DOMISILI, O.DITOLAK, day=dt.date(2026, 11, 12)
    )  # rule: offer a proposal
    log(village, "poor", DOMISILI, O.DIUSULKAN_PBI, day=dt.date(2026, 11, 20))
    mid = village.run(CL.month_counts, "2026-11", write=False, today=dt.date(2026, 11, 15))
    assert (mid.total, mid.followups_open, mid.followups_closed) == (7, 2, 0)
    # December
    seen = Observation(
        village.ids["newcomer"], J.PBPU_MANDIRI, J.AKTIF, dt.date(2026, 12, 3), "kartu"
    )
    village.run(record_observations, [seen], today=dt.date(2026, 12, 4))
    lapsed = list(village.run(CL.followups, write=False, today=dt.date(2026, 12, 8)))
    assert [f.name for f in lapsed] == ["WARGA LAPSED"]
    village.run(
        CL.close_followup, lapsed[0].visit_id, "Pindah ke Sukoharjo", today=dt.date(2026, 12, 8)
    )
    services = village.run(CL.services, write=False)
    renamed = [
        CounterService("Surat domisili", True) if s.name == DOMISILI else s for s in services
    ]
    village.run(CL.save_services, renamed, today=dt.date(2026, 12, 9))
    log(village, "active", "surat domisili", O.DILAYANI, day=dt.date(2026, 12, 10))
    log(village, "perangkat", "Surat domisili", O.DIRUJUK, day=dt.date(2026, 12, 11))

    nov = village.run(CL.month_counts, "2026-11", write=False, today=dt.date(2026, 12, 20))
    assert nov.period == "2026-11"
    assert nov.total == 7
    assert nov.by_outcome == {
        O.DILAYANI: 2,
        O.DILAYANI_CATATAN: 1,
        O.DIRUJUK: 2,
        O.DIUSULKAN_PBI: 1,
        O.DIUSULKAN_APBDES: 0,
        O.DITOLAK: 1,
    }
    assert nov.by_service == {DOMISILI: 5, PENGANTAR: 2}
    assert nov.refused_without_offer == 1
    assert (nov.followups_open, nov.followups_closed) == (2, 0)  # both open on 30 November
    dec = village.run(CL.month_counts, "2026-12", write=False, today=dt.date(2026, 12, 20))
    assert (dec.total, dec.by_service) == (2, {"Surat domisili": 2})
    assert dec.by_outcome[O.DIUSULKAN_APBDES] == 0
    assert set(dec.by_outcome) == set(O.OUTCOMES)
    assert (dec.followups_open, dec.followups_closed) == (1, 2)  # the perangkat; two closed
    assert dec.refused_without_offer == 0
    assert nov.as_json()["by_outcome"]["ditolak"] == 1
    # the log of a month, filtered in SQL
    assert len(village.run(CL.visits, "2026-11", write=False)) == 7
    assert [v.name for v in village.run(CL.visits, "2026-11", O.DITOLAK, write=False)] == [
        "WARGA PBI_OFF"
    ]
    newest = village.run(CL.visits, "2026-11", None, "newcomer", write=False)
    assert [v.visited_on for v in newest] == [dt.date(2026, 11, 10), dt.date(2026, 11, 3)]
    assert len(village.run(CL.visits, None, None, "3313050101800004", write=False)) == 3
    assert len(village.run(CL.visits, "2026-12", None, "domisili", write=False)) == 2
    with pytest.raises(UserError) as exc:
        village.run(CL.month_counts, "2026-13", write=False)
    assert exc.value.code == "PERIODE"


def test_a_service_no_longer_offered_is_refused_and_history_keeps_its_name(village):
    log(village, "active", "Surat pengantar nikah", O.DILAYANI)
    kept = [s for s in village.run(CL.services, write=False) if s.name != "Surat pengantar nikah"]
    village.run(CL.save_services, kept)
    before = _rows(village)
    with pytest.raises(UserError) as exc:
        log(village, "active", "Surat pengantar nikah", O.DILAYANI)
    assert exc.value.key == "LOKET_LAYANAN.tidak_ada"
    assert _rows(village) == before
    (v,) = village.run(CL.visits, "2026-11", write=False)
    assert v.service == "Surat pengantar nikah"


def test_the_services_list_and_the_sktm_settings_are_checked_and_saved_together(village):
    original = village.run(CL.office_settings, write=False)
    assert [s.name for s in original.services] == [n for n, _ in O.DEFAULT_SERVICES]
    for services, key in (
        ([], "LOKET_DAFTAR.kosong"),
        ([CounterService("Surat domisili", True), CounterService("  ")], "LOKET_DAFTAR.nama"),
        (
            [CounterService("Surat domisili"), CounterService("surat  DOMISILI")],
            "LOKET_DAFTAR.ganda",
        ),
    ):
        with pytest.raises(UserError) as exc:
            village.run(CL.save_services, services)
        assert exc.value.key == key
    good = (CounterService(" Surat  izin keramaian ", True), CounterService("Legalisir"))
    for new, key in (
        (OfficeSettings(good, "sembarang", 6), "PENGATURAN_SKTM.aturan"),
        (OfficeSettings(good, O.SKTM_RULE_SKTM, 0), "PENGATURAN_SKTM.bulan"),
        (OfficeSettings((), O.SKTM_RULE_SKTM, 6), "LOKET_DAFTAR.kosong"),
    ):
        with pytest.raises(UserError) as exc:
            village.run(CL.save_office_settings, new)
        assert exc.value.key == key
        assert village.run(CL.office_settings, write=False) == original  # nothing half-saved
    village.run(CL.save_office_settings, OfficeSettings(good, O.SKTM_RULE_SKTM, 12), user=USER)
    saved = village.run(CL.office_settings, write=False)
    assert saved == OfficeSettings(
        (CounterService("Surat izin keramaian", True), CounterService("Legalisir")),
        O.SKTM_RULE_SKTM,
        12,
    )
    with reading(village) as conn:
        keys = set(
            conn.execute(
                select(audit_t.c.entity_key).where(audit_t.c.entity == "setting")
            ).scalars()
        )
    assert {"counter_services", "apbdes_sktm_rule", "sktm_valid_months"} <= keys


def cli(capsys, *args):
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_with_log_on_the_command_line(village, capsys):
    path = db_arg(village)
    before = _rows(village)
    # a name matching several residents: the matches are listed, nothing is written
    code, out, err = cli(
        capsys, "--db", path, "check", "WARGA", "--log", "domisili", "--outcome", "dirujuk"
    )
    assert (code, out) == (2, "")
    assert "WARGA LAPSED (3313050101800002)" in err
    assert "Ketik NIK lengkap" in err
    assert len(err.strip().splitlines()) == 1
    for args, words in (
        (["--log", "domisili"], "--outcome"),
        (["--log", "surat", "--outcome", "dirujuk"], "lebih dari satu layanan"),
        (["--log", "sertifikat tanah", "--outcome", "dirujuk"], "tidak ada dalam daftar"),
        (["--log", "domisili", "--outcome", "mungkin"], "dilayani-catatan"),
    ):
        code, out, err = cli(capsys, "--db", path, "check", "3313050101800002", *args)
        assert code == 2, args
        assert words in err, (args, err)
    assert _rows(village) == before
    # one resident: the check, the rule's advice, then the visit
    code, out, _ = cli(
        capsys,
        "--db",
        path,
        "check",
        "3313050101800002",
        "--log",
        "DOMISILI",
        "--outcome",
        "dirujuk",
        "--note",
        "bawa KK",
    )
    assert code == 0
    assert "Aturan loket: Surat keterangan domisili mensyaratkan JKN aktif" in out
    assert "Tercatat di buku loket" in out
    (v,) = village.run(CL.visits, write=False)
    assert (v.service, v.outcome, v.note, v.actor) == (
        DOMISILI,
        O.DIRUJUK,
        "bawa KK",
        "Operator Uji",
    )
    assert v.visited_on == dt.date.today()
    # a poor resident proposed, as JSON
    code, out, _ = cli(
        capsys,
        "--db",
        path,
        "check",
        "3313050101800001",
        "--log",
        "Surat keterangan d",
        "--outcome",
        "Diusulkan_PBI",
        "--json",
    )
    data = json.loads(out)
    assert data["advice"]["code"] == O.TAWARKAN_USULAN
    assert data["visit"]["outcome"] == O.DIUSULKAN_PBI
    assert data["visit"]["usulan_id"]
    # the log, the follow-ups, closing one, the services
    month = f"{dt.date.today():%Y-%m}"
    code, out, _ = cli(capsys, "--db", path, "loket", "list", "--month", month)
    assert code == 0
    assert "2 kunjungan" in out
    assert "Dirujuk 1" in out
    assert "Usul PBI 1" in out
    code, out, _ = cli(capsys, "--db", path, "loket", "list", "--json")
    assert json.loads(out)["by_outcome"]["dirujuk"] == 1
    code, out, _ = cli(capsys, "--db", path, "loket", "followups")
    assert f"[{v.id}]" in out
    assert "Kepesertaan aktif kembali" in out
    code, _, err = cli(capsys, "--db", path, "loket", "close", str(v.id), "--note", " ")
    assert code == 2
    assert "catatan penutupan" in err
    code, out, _ = cli(capsys, "--db", path, "loket", "close", str(v.id), "--note", "Lunas")
    assert code == 0
    code, out, _ = cli(capsys, "--db", path, "loket", "followups")
    assert "Tidak ada tindak lanjut" in out
    code, out, _ = cli(capsys, "--db", path, "loket", "services")
    assert "Surat keterangan domisili — wajib JKN aktif" in out


def test_the_demo_village_has_a_realistic_counter(demo_db):
    """About thirty visits over the last two months: mostly served, some referred, one or two
    refused, one proposed for PBI (last month), one referral closed by hand."""
    today = dt.date.today()
    everything = demo_db.run(CL.visits, write=False)
    assert 15 <= len(everything) <= 45
    this_month = today.replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    assert all(last_month <= v.visited_on <= today for v in everything)
    outcomes = [v.outcome for v in everything]
    served = outcomes.count(O.DILAYANI) + outcomes.count(O.DILAYANI_CATATAN)
    assert served > len(outcomes) / 2
    assert outcomes.count(O.DIRUJUK) >= 1
    assert 1 <= outcomes.count(O.DITOLAK) <= 2
    (proposed,) = [v for v in everything if v.outcome == O.DIUSULKAN_PBI]
    assert proposed.usulan_id
    assert proposed.visited_on < this_month
    assert any(v.closed_on for v in everything)
    months = [
        demo_db.run(CL.month_counts, f"{d:%Y-%m}", write=False) for d in (last_month, this_month)
    ]
    assert sum(m.total for m in months) == len(everything)


def test_a_visit_written_by_mistake_is_taken_back_with_its_reason(village, capsys):
    """The wrong outcome was chosen: without a reason nothing goes; with one the visit leaves the
    log and the counts, the audit trail keeps what it said, and the referral it opened is gone."""
    wrong = log(village, "newcomer", DOMISILI, O.DIRUJUK)
    log(village, "active", DOMISILI, O.DILAYANI)
    assert village.run(CL.month_counts, "2026-11", today=NOV, write=False).total == 2
    before = _rows(village)
    with pytest.raises(UserError) as err:
        village.run(CL.remove_visit, wrong, "   ", user=USER, today=NOV)
    assert err.value.code == "LOKET_HAPUS"
    assert _rows(village) == before
    code, out, _err = cli(
        capsys, "--db", db_arg(village), "loket", "remove", str(wrong), "--reason", "salah hasil"
    )
    assert code == 0
    assert f"no. {wrong} dihapus" in out
    counts = village.run(CL.month_counts, "2026-11", today=NOV, write=False)
    assert (counts.total, counts.by_outcome[O.DIRUJUK], counts.followups_open) == (1, 0, 0)
    assert village.run(CL.followups, today=NOV, write=False) == []
    with reading(village) as conn:
        trail = conn.execute(
            select(audit_t.c.action, audit_t.c.field, audit_t.c.old_value, audit_t.c.reason).where(
                audit_t.c.entity == "counter_visit", audit_t.c.entity_id == wrong
            )
        ).all()
    assert ("delete", "outcome", O.DIRUJUK, "salah hasil") in [tuple(r) for r in trail]
    with pytest.raises(UserError) as err:  # a second time: it is gone
        village.run(CL.remove_visit, wrong, "lagi", user=USER, today=NOV)
    assert err.value.code == "LOKET_HAPUS"
