"""Who is uninsured, why, and what to do next: the pure rules, the SQL that lists and counts with
them (the same answer for every combination), observations with history, and coverage counts."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import insert, select

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.errors import UserError
from jkn_desktop.persistence.tables import household_t, jkn_current_t, resident_t
from jkn_desktop.records.membership import Observation
from jkn_desktop.services.membership import evidence, rules
from jkn_desktop.services.membership.coverage import coverage, coverage_trend
from tests.jobs import reading, writing

TODAY = dt.date(2026, 11, 22)


def _s(**kw):
    base = {
        "status_dasar": codes.HIDUP,
        "segment": None,
        "status": None,
        "desil": None,
        "occupation": None,
    }
    return J.standing(**{**base, **kw})


def test_nothing_recorded_is_not_uninsured_by_choice_but_unknown():
    """OpenSID's id_asuransi 1 and an empty record say nothing: check before proposing (domain.md,
    "Civil-registration code lists")."""
    assert _s(desil=3) == J.Standing(False, False, True, "belum_dicatat", "cek_status")
    assert _s(segment=J.NON_PBI, status=J.STATUS_TIDAK_DIKETAHUI, desil=2).step == "cek_status"


def test_uninsured_by_desil_permensos_3_2026():
    """Recorded as not registered: desil 1–5 → PBI (Permensos 3/2026), 6–10 → mandiri, none →
    DTSEN first (Inpres 4/2025)."""
    assert (
        _s(segment=J.BELUM_TERDAFTAR, status=J.STATUS_TIDAK_DIKETAHUI, desil=3).step == "usul_pbi"
    )
    assert _s(segment=J.BELUM_TERDAFTAR, status=J.STATUS_TIDAK_DIKETAHUI).step == "usul_dtsen"
    assert (
        _s(segment=J.BELUM_TERDAFTAR, status=J.STATUS_TIDAK_DIKETAHUI, desil=7).step
        == "daftar_mandiri"
    )
    assert _s(segment=J.PBPU_MANDIRI, status=J.NONAKTIF, desil=8).reason == "menunggak"


def test_uninsured_wage_earner_is_the_employers_duty_perpres_82_2018_ps_4():
    """Never PBI, never mandiri: the employer registers a wage earner; the Pemda registers the
    kepala and perangkat desa as PPU."""
    nobody = {"segment": J.BELUM_TERDAFTAR, "status": J.STATUS_TIDAK_DIKETAHUI, "desil": 2}
    assert _s(**nobody, occupation=15).step == "daftar_ppu"  # karyawan swasta
    assert _s(**nobody, occupation=5).step == "daftar_ppu"  # PNS
    assert _s(**nobody, occupation=86).step == "daftar_ppu_desa"  # kepala desa
    assert _s(**nobody, occupation=85).step == "daftar_ppu_desa"  # perangkat desa
    assert _s(segment=J.PPU, status=J.NONAKTIF, occupation=15).step == "daftar_ppu"


def test_pbi_member_with_a_wage_job_is_checked_then_removed_once_ppu_is_seen_pemalang_20c_d():
    """A PBI member with a wage job is a check for the employer/Disnaker (Pemalang 20c–d,
    Halmahera Tengah Ps. 7); removal (menjadi PPU, Permensos 3/2026 Ps. 12) only once a PPU
    membership is observed."""
    assert _s(segment=J.PBI_APBN, status=J.AKTIF, occupation=5).step == "cek_ppu"
    seen = _s(segment=J.PBI_APBN, status=J.AKTIF, occupation=5, other_active=J.PPU)
    assert seen.step == "usul_hapus_ppu"
    assert _s(segment=J.PPU, status=J.AKTIF, other_active=J.PBI_APBN).step == "usul_hapus_ppu"


def test_pbi_member_who_moved_keeps_pbi_permensos_3_2026():
    """PBI APBN follows the person anywhere in Indonesia: correct the domicile; PBPU Pemda is lost
    only by leaving the kabupaten (the kabupaten's Perbup)."""
    moved = {"status_dasar": codes.PINDAH, "status": J.AKTIF}
    assert _s(**moved, segment=J.PBI_APBN).step == "perbaikan_domisili"
    assert _s(**moved, segment=J.PBI_APBN, moved_out=True).step == "perbaikan_domisili"
    assert _s(**moved, segment=J.PBPU_PEMDA, moved_out=True).step == "usul_hapus_pindah"
    assert _s(**moved, segment=J.PBPU_PEMDA, moved_out=False).step == "perbaikan_domisili"
    assert _s(**moved, segment=J.PBPU_PEMDA).step == "cek_tujuan_pindah"


def test_pbi_member_dead_or_not_found_is_removed_permensos_3_2026_ps_12():
    dead = _s(status_dasar=codes.MATI, segment=J.PBI_APBN, status=J.AKTIF)
    assert (dead.uninsured, dead.step) == (False, "usul_hapus_meninggal")
    lost = _s(status_dasar=codes.HILANG, segment=J.PBPU_PEMDA, status=J.AKTIF)
    assert lost.step == "usul_hapus_tidak_ditemukan"


def test_non_pbi_member_who_died_or_moved_is_reported_to_bpjs():
    """Report to BPJS so the family's bill stops (Perpres 82/2018, changes of participant data)."""
    assert _s(status_dasar=codes.MATI, segment=J.PPU, status=J.AKTIF).step == "lapor_bpjs"
    assert (
        _s(status_dasar=codes.PINDAH, segment=J.PBPU_MANDIRI, status=J.AKTIF).step == "lapor_bpjs"
    )
    assert _s(status_dasar=codes.MATI, segment=J.PBPU_MANDIRI, status=J.NONAKTIF).step is None


def test_reaktivasi_is_individual_permensos_3_2026_ps_20():
    """A removed PBI member who is ill, pregnant or desil 1–5 is reactivated with a health
    facility's letter, no desil condition for the ill."""
    removed = {"segment": J.PBI_APBN, "status": J.NONAKTIF}
    assert _s(**removed, desil=8, needs_care=True).step == "reaktivasi"
    assert _s(**removed, desil=3).step == "reaktivasi"
    assert _s(**removed).reason == "pbi_dihapus"
    assert _s(**removed, desil=8).step == "daftar_mandiri"
    assert _s(**removed).step == "usul_dtsen"


def test_pbi_apbn_in_desil_6_to_10_is_proposed_for_removal():
    """Sudah mampu (Permensos 3/2026 Ps. 12: no longer poor in DTSEN)."""
    assert _s(segment=J.PBI_APBN, status=J.AKTIF, desil=7).step == "usul_hapus_mampu"
    assert _s(segment=J.PBPU_PEMDA, status=J.AKTIF, desil=7).step is None
    active_pbi = _s(segment=J.PBI_APBN, status=J.AKTIF)
    assert (active_pbi.uninsured, active_pbi.step) == (False, None)


def test_household_flags():
    assert J.household_flag(3, 0) == J.COVERED
    assert J.household_flag(3, 3) == J.FULLY_UNINSURED
    assert J.household_flag(3, 1) == J.PARTLY_UNINSURED
    assert J.household_flag(0, 0) is None


def test_values_lists_write():
    assert J.parse_segment("PBI (APBN)") == J.PBI_APBN
    assert J.parse_segment("PBI APBD") == J.PBPU_PEMDA
    assert J.parse_segment("PBPU Pemda") == J.PBPU_PEMDA
    assert J.parse_segment("Mandiri") == J.PBPU_MANDIRI
    assert J.parse_segment("apa saja") is None
    assert J.parse_status("Tidak Aktif") == J.NONAKTIF
    assert J.parse_status("AKTIF") == J.AKTIF
    assert J.clean_card_no(908090245.0) == "0000908090245"  # a number cell lost its zeros
    assert J.clean_card_no("'0000908090245") == "0000908090245"


def test_segments_as_lists_write_them_domain_md():
    """ "UMUM" is a patient who pays cash, not a JKN member; "KIS"/"JKN-KIS" is JKN with the
    segment unknown; OpenSID id_asuransi 4 is PBPU Pemda and 1 records nothing."""
    assert J.parse_segment("UMUM") == J.BELUM_TERDAFTAR
    assert J.parse_segment("KIS") == J.JKN_LAIN
    assert J.parse_segment("JKN-KIS") == J.JKN_LAIN
    assert J.JKN_LAIN in J.JKN_SEGMENTS
    assert J.OPENSID_ASURANSI[4] == J.PBPU_PEMDA
    assert J.OPENSID_ASURANSI[1] is None


def test_sql_rules_agree_with_the_python_rules_for_every_combination(village_db):
    segments = [None, *J.SEGMENTS]
    statuses = list(J.STATUSES)
    desils = [None, 3, 8]
    occupations = [None, 5, 86]
    status_dasar = [codes.HIDUP, codes.MATI, codes.PINDAH, codes.HILANG]
    others = [None, J.PPU, J.PBI_APBN]
    extras = [(False, None), (True, True), (False, False)]  # needs care, moved out
    now = dt.datetime(2026, 11, 1)
    cases = [
        c
        for c in itertools.product(
            segments, statuses, desils, occupations, status_dasar, others, extras
        )
        if not (c[0] is None and (c[1] != statuses[0] or c[5] is not None))
    ]
    expected = {}
    with writing(village_db) as conn:
        hh = {}
        for d in desils:
            hh[d] = conn.execute(
                insert(household_t).values(
                    no_kk=f"33130501012{len(hh):05d}", desil=d, created_at=now, updated_at=now
                )
            ).inserted_primary_key[0]
        rows = []
        for n, (seg, st, d, occ, sd, other, (care, moved)) in enumerate(cases, start=1):
            rows.append(
                {
                    "id": n,
                    "nik": f"33130501{n:08d}",
                    "name": f"W{n}",
                    "name_key": f"W{n}",
                    "sex": "P",
                    "household_id": hh[d],
                    "occupation": occ,
                    "status_dasar": sd,
                    "jkn_segment": seg,
                    "jkn_status": st if seg else None,
                    "jkn_other": other if seg else None,
                    "chronic_illness": 4 if care else None,
                    "moved_out": moved,
                    "created_at": now,
                    "updated_at": now,
                }
            )
            expected[n] = J.standing(
                status_dasar=sd,
                segment=seg,
                status=st if seg is not None else None,
                desil=d,
                occupation=occ,
                other_active=other if seg else None,
                needs_care=care,
                moved_out=moved,
            )
        conn.execute(insert(resident_t), rows)
    got = village_db.run(rules.standing_of, expected, write=False)
    assert len(got) == len(cases)
    wrong = {rid: (expected[rid], got[rid]) for rid in expected if expected[rid] != got[rid]}
    assert not wrong, list(wrong.items())[:3]
    assert {v.step for v in expected.values()} >= set(J.STEPS)  # every step is reached


def test_observations_keep_history_and_the_latest_is_current(village_db):
    now = dt.datetime(2026, 11, 1)
    with writing(village_db) as conn:
        rid = conn.execute(
            insert(resident_t).values(
                nik="3313051203800001",
                name="BUDI",
                name_key="BUDI",
                sex="L",
                status_dasar=1,
                created_at=now,
                updated_at=now,
            )
        ).inserted_primary_key[0]
    aug = Observation(
        rid, J.PBI_APBN, J.AKTIF, dt.date(2026, 8, 1), "dinsos", card_no="0000908090245"
    )
    village_db.run(evidence.add_observation, aug, user="Operator")
    oct_ = Observation(
        rid,
        J.PBI_APBN,
        J.NONAKTIF,
        dt.date(2026, 10, 1),
        "dinsos",
        note="tidak ada di daftar 2026-10",
    )
    village_db.run(evidence.add_observation, oct_, user="Operator")
    # a late report of equal weight about September does not overwrite October
    late = Observation(rid, J.PBI_APBN, J.AKTIF, dt.date(2026, 9, 1), "dinsos")
    village_db.run(evidence.add_observation, late, user="Operator")
    hist = village_db.run(evidence.history, rid, write=False)
    assert [(h.as_of.month, h.status) for h in hist] == [
        (10, "nonaktif"),
        (9, "aktif"),
        (8, "aktif"),
    ]
    with reading(village_db) as conn:
        cur = conn.execute(select(jkn_current_t).where(jkn_current_t.c.resident_id == rid)).one()
    assert (cur.status, cur.as_of) == (J.NONAKTIF, dt.date(2026, 10, 1))
    with pytest.raises(Exception, match="13 angka"):
        village_db.run(
            evidence.add_observation,
            Observation(rid, J.PPU, J.AKTIF, TODAY, "kartu", card_no="123"),
            user="x",
        )


def test_a_recorded_observation_reports_its_resident_and_is_audited_by_the_jobs_user(village_db):
    """The job says what it changed (the window reloads the pages showing membership) and the
    audit names the job's user at the job's time."""
    from jkn_desktop.persistence.tables import audit_t, membership_t
    from jkn_desktop.records.changes import HOUSEHOLD, MEMBERSHIP

    with writing(village_db) as conn:
        rid = _resident(conn)
    seen = Observation(rid, J.PPU, J.AKTIF, dt.date(2026, 11, 2), "kartu", card_no="0000908090245")
    with village_db.work("Bu Wahyuni", today=TODAY) as work:
        evidence.add_observation(work, seen)
    assert work.changes.ids(MEMBERSHIP) == {rid}
    assert not work.changes.touches([HOUSEHOLD])
    with reading(village_db) as conn:
        actor = conn.execute(select(membership_t.c.actor)).scalar_one()
        audited = conn.execute(
            select(audit_t.c.actor, audit_t.c.new_value).where(audit_t.c.entity == "resident")
        ).one()
    assert actor == "Bu Wahyuni"
    assert audited.actor == "Bu Wahyuni"
    assert "PPU" in audited.new_value
    with pytest.raises(UserError, match="sesudah hari ini"):  # the job's day, not the computer's
        village_db.run(evidence.add_observation, seen, today=dt.date(2026, 11, 1))


def test_a_desil_follows_the_latest_date_and_reports_its_household(village_db):
    from jkn_desktop.records.changes import HOUSEHOLD
    from jkn_desktop.services.membership.desil import set_desil

    now = dt.datetime(2026, 1, 1)
    with writing(village_db) as conn:
        hid = conn.execute(
            insert(household_t).values(no_kk="3313050101200009", created_at=now, updated_at=now)
        ).inserted_primary_key[0]
    with village_db.work("uji") as work:
        assert set_desil(work, hid, 3, dt.date(2026, 9, 1), source="DTSEN")
    assert work.changes.ids(HOUSEHOLD) == {hid}
    assert not village_db.run(set_desil, hid, 3, dt.date(2026, 9, 1), source="DTSEN")  # known
    with village_db.work("uji") as work:  # an older desil is kept but does not become current
        assert set_desil(work, hid, 7, dt.date(2026, 6, 1), source="DTSEN")
    assert not work.changes.touches([HOUSEHOLD])
    with reading(village_db) as conn:
        desil = conn.execute(select(household_t.c.desil).where(household_t.c.id == hid)).scalar()
    assert desil == 3


def test_coverage_counts_living_people_and_flags_households(village_db):
    now = dt.datetime(2026, 11, 1)
    with village_db.work("uji") as work:
        conn = work.conn

        def household(kk, dusun, rw):
            return conn.execute(
                insert(household_t).values(
                    no_kk=kk, dusun=dusun, rw=rw, created_at=now, updated_at=now
                )
            ).inserted_primary_key[0]

        def person(nik, hid, sd=1):
            return conn.execute(
                insert(resident_t).values(
                    nik=nik,
                    name=nik,
                    name_key=nik,
                    sex="L",
                    household_id=hid,
                    status_dasar=sd,
                    created_at=now,
                    updated_at=now,
                )
            ).inserted_primary_key[0]

        a = household("3313050101200001", "Krajan", "001")  # everyone active
        b = household("3313050101200002", "Krajan", "002")  # one of two active
        c = household("3313050101200003", "Tlogo", "001")  # nobody
        obs = []
        for i, hid in enumerate([a, a]):
            obs.append(
                Observation(
                    person(f"33130501018000{i:02d}", hid), J.PBI_APBN, J.AKTIF, TODAY, "dinsos"
                )
            )
        obs.append(
            Observation(person("3313050101800010", b), J.PBPU_MANDIRI, J.NONAKTIF, TODAY, "bpjs")
        )
        obs.append(Observation(person("3313050101800011", b), J.PPU, J.AKTIF, TODAY, "kartu"))
        person("3313050101800020", c)
        obs.append(
            Observation(
                person("3313050101800021", c, sd=codes.MATI), J.PBI_APBN, J.AKTIF, TODAY, "dinsos"
            )
        )
        evidence.record_observations(work, obs)
    cov = village_db.run(coverage, write=False)
    t = cov.total
    assert (t.population, t.registered, t.active) == (5, 4, 3)
    assert (t.coverage_pct, t.active_pct) == (80.0, 75.0)
    assert (t.households, t.households_fully_uninsured, t.households_partly_uninsured) == (3, 1, 1)
    assert [(d.area, d.population, d.active) for d in cov.by_dusun] == [
        ("Krajan", 4, 3),
        ("Tlogo", 1, 0),
    ]
    # the mandiri in arrears and the never-registered person have no desil: DTSEN first
    # the mandiri in arrears has no desil: DTSEN first; nothing is recorded of the other one
    assert cov.steps == {"usul_dtsen": 1, "cek_status": 1, "usul_hapus_meninggal": 1}
    assert cov.reasons == {"menunggak": 1, "belum_dicatat": 1}


def test_monthly_trend_follows_the_observations(village_db):
    now = dt.datetime(2026, 1, 1)
    with village_db.work("uji") as work:
        conn = work.conn

        def person(nik, sd=1, changed=None):
            return conn.execute(
                insert(resident_t).values(
                    nik=nik,
                    name=nik,
                    name_key=nik,
                    sex="L",
                    status_dasar=sd,
                    status_changed_at=changed,
                    created_at=now,
                    updated_at=now,
                )
            ).inserted_primary_key[0]

        a = person("3313050101800001")
        b = person("3313050101800002", sd=codes.MATI, changed=dt.date(2026, 9, 15))
        c = person("3313050101800003")
        person("3313050101800004")  # never registered
        evidence.record_observations(
            work,
            [
                Observation(a, J.PBI_APBN, J.AKTIF, dt.date(2026, 8, 1), "dinsos"),
                Observation(a, J.PBI_APBN, J.NONAKTIF, dt.date(2026, 10, 1), "dinsos"),
                Observation(b, J.PBI_APBN, J.AKTIF, dt.date(2026, 7, 1), "dinsos"),
                Observation(c, J.PBPU_MANDIRI, J.AKTIF, dt.date(2026, 9, 10), "bpjs"),
                Observation(
                    c, J.PBPU_MANDIRI, J.NONAKTIF, dt.date(2026, 9, 20), "bpjs"
                ),  # same month: latest wins
            ],
        )
    trend = village_db.run(coverage_trend, 6, today=TODAY, write=False)
    got = [(p.month, p.population, p.registered, p.active) for p in trend]
    assert got == [
        ("2026-07", 4, 1, 1),  # b
        ("2026-08", 4, 2, 2),  # a and b
        ("2026-09", 3, 2, 1),  # b died on the 15th; c registered but nonaktif by month end
        ("2026-10", 3, 2, 0),  # a nonaktif
        ("2026-11", 3, 2, 0),
    ]


def test_coverage_agrees_with_the_rules_applied_person_by_person(demo_db):
    """coverage() summarises each household composition once; the totals must still be what the
    per-person rules give when every resident is judged on their own."""
    from collections import Counter

    with reading(demo_db) as conn:
        people = conn.execute(
            select(resident_t.c.id, resident_t.c.household_id, resident_t.c.status_dasar)
        ).all()
    verdicts = demo_db.run(rules.standing_of, [p.id for p in people], write=False)
    living = [p for p in people if p.status_dasar == codes.HIDUP]
    steps = Counter(v.step for v in verdicts.values() if v.step)
    reasons = Counter(verdicts[p.id].reason for p in living if verdicts[p.id].uninsured)
    per_hh: dict[int, list[int]] = {}
    for p in living:
        if p.household_id is not None:
            counts = per_hh.setdefault(p.household_id, [0, 0])
            counts[0] += 1
            counts[1] += verdicts[p.id].uninsured
    flags = Counter(J.household_flag(n, u) for n, u in per_hh.values())

    cov = demo_db.run(coverage, write=False)
    t = cov.total
    assert t.population == len(living)
    assert t.registered == sum(verdicts[p.id].registered for p in living)
    assert t.active == sum(verdicts[p.id].active for p in living)
    assert cov.steps == dict(steps)
    assert cov.reasons == dict(reasons)
    assert t.households == len(per_hh)
    assert t.households_fully_uninsured == flags[J.FULLY_UNINSURED]
    assert t.households_partly_uninsured == flags[J.PARTLY_UNINSURED]
    assert len(steps) >= 3
    assert flags[J.FULLY_UNINSURED]
    assert flags[J.PARTLY_UNINSURED]


# --- the current state: authority and the date a source speaks for (README table) -------------
def _resident(conn, nik="3313051203800001", **kw):
    now = dt.datetime(2026, 11, 1)
    return conn.execute(
        insert(resident_t).values(
            nik=nik,
            name="BUDI",
            name_key="BUDI",
            sex="L",
            status_dasar=1,
            created_at=now,
            updated_at=now,
            **kw,
        )
    ).inserted_primary_key[0]


def _current(db, rid):
    with reading(db) as conn:
        row = conn.execute(select(jkn_current_t).where(jkn_current_t.c.resident_id == rid)).first()
        mirror = conn.execute(
            select(resident_t.c.jkn_segment, resident_t.c.jkn_status, resident_t.c.jkn_other).where(
                resident_t.c.id == rid
            )
        ).one()
    if row is None:
        assert tuple(mirror) == (None, None, None)
        return None
    assert tuple(mirror) == (
        row.segment,
        row.status,
        row.other_active,
    )  # mirrored, same transaction
    return row.segment, row.status


def _obs(db, *observations):
    db.run(evidence.record_observations, list(observations), user="uji")


def test_a_resident_files_field_never_overrides_a_list_or_a_card(village_db):
    """Whatever the order: an OpenSID field (the weakest source, even when dated later) never
    overrides the Dinsos list; the list overrides the file."""
    with writing(village_db) as conn:
        a, b = _resident(conn), _resident(conn, "3313051203800002")
    oct_list = dt.date(2026, 10, 1)
    # file first, then the list
    _obs(village_db, Observation(a, J.BELUM_TERDAFTAR, J.STATUS_TIDAK_DIKETAHUI, None, "impor"))
    _obs(village_db, Observation(a, J.PBI_APBN, J.AKTIF, oct_list, "dinsos"))
    assert _current(village_db, a) == (J.PBI_APBN, J.AKTIF)
    # list first, then a file printed later that says "non-PBI"
    _obs(village_db, Observation(b, J.PBI_APBN, J.AKTIF, oct_list, "dinsos"))
    _obs(
        village_db,
        Observation(b, J.NON_PBI, J.STATUS_TIDAK_DIKETAHUI, dt.date(2026, 11, 20), "impor"),
    )
    assert _current(village_db, b) == (J.PBI_APBN, J.AKTIF)
    # a card seen at the office overrides the file too
    _obs(village_db, Observation(b, J.PPU, J.AKTIF, None, "impor"))
    assert _current(village_db, b) == (J.PBI_APBN, J.AKTIF)


def test_a_newer_stronger_observation_always_wins_and_equal_weight_goes_by_date(village_db):
    with writing(village_db) as conn:
        rid = _resident(conn)
    _obs(village_db, Observation(rid, J.PBPU_MANDIRI, J.AKTIF, dt.date(2026, 9, 5), "pengakuan"))
    _obs(village_db, Observation(rid, J.PBPU_MANDIRI, J.NONAKTIF, dt.date(2026, 10, 5), "kartu"))
    assert _current(village_db, rid) == (J.PBPU_MANDIRI, J.NONAKTIF)
    # a BPJS list of an earlier month still outranks the office (domain.md: a weaker source
    # never overrides a stronger one)
    _obs(village_db, Observation(rid, J.PBPU_MANDIRI, J.AKTIF, dt.date(2026, 8, 1), "bpjs"))
    assert _current(village_db, rid) == (J.PBPU_MANDIRI, J.AKTIF)


def test_not_on_this_months_list_concerns_only_the_segment_that_list_covers(village_db):
    """A PBI APBN list's absence makes a PBI APBN member nonaktif, never a PBPU Pemda member or
    a PPU card seen after it."""
    with writing(village_db) as conn:
        apbn, pemda, worker = (_resident(conn, f"33130512038000{i:02d}") for i in (1, 2, 3))
    sep, oct_, nov = dt.date(2026, 9, 1), dt.date(2026, 10, 1), dt.date(2026, 11, 1)
    _obs(
        village_db,
        Observation(apbn, J.PBI_APBN, J.AKTIF, sep, "dinsos"),
        Observation(apbn, J.PBI_APBN, J.NONAKTIF, oct_, "dinsos", absent=True),
        Observation(pemda, J.PBPU_PEMDA, J.AKTIF, sep, "dinsos"),
        Observation(pemda, J.PBI_APBN, J.NONAKTIF, oct_, "dinsos", absent=True),
        Observation(worker, J.PBI_APBN, J.AKTIF, sep, "dinsos"),
        Observation(worker, J.PBI_APBN, J.NONAKTIF, oct_, "dinsos", absent=True),
        Observation(worker, J.PPU, J.AKTIF, nov, "kartu"),
    )
    assert _current(village_db, apbn) == (J.PBI_APBN, J.NONAKTIF)
    assert _current(village_db, pemda) == (J.PBPU_PEMDA, J.AKTIF)
    assert _current(village_db, worker) == (J.PPU, J.AKTIF)
    # back on the list the next month
    _obs(village_db, Observation(apbn, J.PBI_APBN, J.AKTIF, nov, "dinsos"))
    assert _current(village_db, apbn) == (J.PBI_APBN, J.AKTIF)


def test_a_weak_claim_does_not_come_back_when_the_list_drops_someone(village_db):
    with writing(village_db) as conn:
        rid = _resident(conn)
    _obs(
        village_db,
        Observation(rid, J.NON_PBI, J.STATUS_TIDAK_DIKETAHUI, None, "impor"),
        Observation(rid, J.PBI_APBN, J.AKTIF, dt.date(2026, 9, 1), "dinsos"),
        Observation(rid, J.PBI_APBN, J.NONAKTIF, dt.date(2026, 10, 1), "dinsos", absent=True),
    )
    assert _current(village_db, rid) == (J.PBI_APBN, J.NONAKTIF)


def test_a_pbi_member_with_a_ppu_card_seen_is_registered_twice(village_db):
    """The list still holds (stronger); the PPU card stands beside it, so the rules propose the
    removal "menjadi PPU" (Permensos 3/2026 Ps. 12)."""
    with writing(village_db) as conn:
        rid = _resident(conn, occupation=15)
    _obs(village_db, Observation(rid, J.PBI_APBN, J.AKTIF, dt.date(2026, 10, 1), "dinsos"))
    assert village_db.run(rules.standing_of, [rid], write=False)[rid].step == "cek_ppu"
    _obs(village_db, Observation(rid, J.PPU, J.AKTIF, dt.date(2026, 11, 3), "kartu"))
    assert _current(village_db, rid) == (J.PBI_APBN, J.AKTIF)
    assert village_db.run(rules.standing_of, [rid], write=False)[rid].step == "usul_hapus_ppu"


def test_decide_is_independent_of_the_order_observations_arrive():
    """The same facts in any order give the same state (the rule depends on weight, date and the
    order recorded only for the same date)."""
    facts = [
        J.Fact(1, "impor", None, J.BELUM_TERDAFTAR, J.STATUS_TIDAK_DIKETAHUI),
        J.Fact(2, "dinsos", dt.date(2026, 9, 1), J.PBI_APBN, J.AKTIF),
        J.Fact(3, "dinsos", dt.date(2026, 10, 1), J.PBI_APBN, J.NONAKTIF, absent=True),
        J.Fact(4, "kartu", dt.date(2026, 11, 2), J.PPU, J.AKTIF),
        J.Fact(5, "pengakuan", dt.date(2026, 8, 2), J.PBPU_MANDIRI, J.AKTIF),
    ]
    results = {J.decide(list(p)).current for p in itertools.permutations(facts)}
    assert len(results) == 1
    assert results.pop().segment == J.PPU


def test_moving_out_of_the_kabupaten_is_recorded_with_the_status(village_db):
    """PINDAH asks where to: a PBPU Pemda member is removed only when they left the kabupaten."""
    from jkn_desktop.services.registry import residents

    with writing(village_db) as conn:
        rid = _resident(conn)
    _obs(village_db, Observation(rid, J.PBPU_PEMDA, J.AKTIF, dt.date(2026, 10, 1), "dinsos"))
    moved = dt.date(2026, 11, 2)
    village_db.run(residents.change_status, rid, codes.PINDAH, moved, "SKPWNI", user="uji")
    assert (
        village_db.run(rules.standing_of, write=False, resident_ids=[rid])[rid].step
        == "cek_tujuan_pindah"
    )
    village_db.run(residents.change_status, rid, codes.PINDAH, moved, "", True, user="uji")
    assert (
        village_db.run(rules.standing_of, write=False, resident_ids=[rid])[rid].step
        == "usul_hapus_pindah"
    )
    village_db.run(residents.change_status, rid, codes.PINDAH, moved, "", False, user="uji")
    assert (
        village_db.run(rules.standing_of, write=False, resident_ids=[rid])[rid].step
        == "perbaikan_domisili"
    )


def test_the_ppu_check_becomes_a_handoff_list_for_employers(village_db, tmp_path):
    """cek_ppu produces the employer / Disnaker hand-off list (Pemalang 20c–d), identifiers as
    text cells, the occupation written out."""
    from openpyxl import load_workbook

    from jkn_desktop.services.membership.exports import export_step

    with writing(village_db) as conn:
        worker = _resident(conn, occupation=15)
        _resident(conn, "3313051203800002")
    _obs(
        village_db,
        Observation(
            worker, J.PBI_APBN, J.AKTIF, dt.date(2026, 10, 1), "dinsos", card_no="0000908090245"
        ),
    )
    out = tmp_path / "ppu.xlsx"
    assert village_db.run(export_step, out, "cek_ppu", write=False) == 1
    wb = load_workbook(out)
    ws = wb.active
    header = [c.value for c in ws[1]]
    row = dict(zip(header, ws[2], strict=True))
    assert row["NIK"].value == "3313051203800001"
    assert row["NIK"].data_type == "s"
    assert row["NO KARTU JKN"].value == "0000908090245"
    assert "KARYAWAN SWASTA" in row["PEKERJAAN"].value
    assert ws.max_row == 2


def test_a_ppu_family_is_the_worker_spouse_and_three_children_perpres_82_2018():
    """Perpres 82/2018: a PPU worker covers the spouse and up to three children under 21 (25 while
    in school), unmarried, eldest first; a parent, a fourth child, a married or older child are
    not covered — unless they have a wage job and PPU of their own."""

    def m(i, shdk, age, *, seg=J.PPU, married=False, school=False, uninsured=False, wage=False):
        return J.FamilyMember(
            i, shdk, age, married, school, seg, J.AKTIF if seg else None, uninsured, wage
        )

    family = [
        m(1, 1, 45, wage=True),  # the worker
        m(2, 3, 42),  # wife
        m(7, 4, 23, school=True, seg=None, uninsured=True),  # 23 and in school: the eldest
        m(3, 4, 20),
        m(4, 4, 18),  # with these two, the three children covered
        m(5, 4, 15),
        m(6, 4, 12),  # a fourth and a fifth child: outside
        m(8, 4, 22, seg=None, uninsured=True),  # 22, not in school: outside, uninsured
        m(9, 7, 70),  # a parent recorded as PPU: outside
        m(10, 4, 19, married=True),  # married: outside
        m(11, 4, 24, wage=True),  # an adult child with his own job and PPU: not flagged
    ]
    assert J.outside_ppu_family(family) == {5, 6, 8, 9, 10}
    # no active PPU worker as head or spouse: nothing to say
    assert J.outside_ppu_family([m(1, 1, 40, seg=J.PBI_APBN), m(2, 4, 30)]) == set()
