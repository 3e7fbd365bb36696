"""Who is uninsured, why, and what to do next: the pure rules, the SQL that lists and counts with
them (the same answer for every combination), observations with history, and coverage counts."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from sqlalchemy import insert, select

from jkn_desktop.domain import codes
from jkn_desktop.domain import jkn as J
from jkn_desktop.persistence.models import household_t, jkn_current_t, resident_t
from jkn_desktop.services import jkn
from jkn_desktop.services.jkn import Observation

TODAY = dt.date(2026, 11, 22)


def test_rules_of_the_issue():
    def s(**kw):
        base = {
            "status_dasar": codes.HIDUP,
            "segment": None,
            "status": None,
            "desil": None,
            "occupation": None,
        }
        return J.standing(**{**base, **kw})

    assert s(desil=3) == J.Standing(False, False, True, "belum_terdaftar", "usul_pbi")
    assert s().step == "usul_dtsen"
    assert s(desil=7).step == "daftar_mandiri"
    active_pbi = s(segment=J.PBI_APBN, status=J.AKTIF)
    assert (active_pbi.uninsured, active_pbi.step) == (False, None)
    assert s(segment=J.PBI_APBN, status=J.NONAKTIF, desil=2).reason == "pbi_dihapus"
    assert s(segment=J.PBPU_MANDIRI, status=J.NONAKTIF, desil=8).reason == "menunggak"
    assert s(segment=J.PBI_APBN, status=J.AKTIF, occupation=5).step == "cek_ppu"  # PNS on PBI
    dead = s(status_dasar=codes.MATI, segment=J.PBI_APBN, status=J.AKTIF)
    assert (dead.uninsured, dead.step) == (False, "usul_hapus")
    # on a list but nobody knows if the card is active: check, do not propose PBI
    assert s(segment=J.NON_PBI, status=J.STATUS_TIDAK_DIKETAHUI, desil=2).step == "cek_status"
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


def test_sql_rules_agree_with_the_python_rules_for_every_combination(village_db):
    segments = [None, *J.SEGMENTS]
    statuses = list(J.STATUSES)
    desils = [None, 3, 8]
    occupations = [None, 5, 9]
    status_dasar = [codes.HIDUP, codes.MATI, codes.PINDAH]
    now = dt.datetime(2026, 11, 1)
    cases = list(itertools.product(segments, statuses, desils, occupations, status_dasar))
    expected = {}
    with village_db.write() as conn:
        hh = {}
        for d in desils:
            hh[d] = conn.execute(
                insert(household_t).values(
                    no_kk=f"33130501012{len(hh):05d}", desil=d, created_at=now, updated_at=now
                )
            ).inserted_primary_key[0]
        for n, (seg, st, d, occ, sd) in enumerate(cases, start=1):
            rid = conn.execute(
                insert(resident_t).values(
                    nik=f"3313050101{n:06d}",
                    name=f"W{n}",
                    name_key=f"W{n}",
                    sex="L",
                    household_id=hh[d],
                    occupation=occ,
                    status_dasar=sd,
                    created_at=now,
                    updated_at=now,
                )
            ).inserted_primary_key[0]
            if seg is not None:
                jkn.record_observations(
                    conn, [Observation(rid, seg, st, TODAY, "impor")], actor="uji"
                )
            expected[rid] = J.standing(
                status_dasar=sd,
                segment=seg,
                status=st if seg is not None else None,
                desil=d,
                occupation=occ,
            )
    got = jkn.standing_of(village_db, expected)
    assert len(got) == len(cases)
    wrong = {rid: (expected[rid], got[rid]) for rid in expected if expected[rid] != got[rid]}
    assert not wrong, list(wrong.values())[:3]


def test_observations_keep_history_and_the_latest_is_current(village_db):
    now = dt.datetime(2026, 11, 1)
    with village_db.write() as conn:
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
    jkn.add_observation(village_db, aug, "Operator")
    oct_ = Observation(
        rid,
        J.PBI_APBN,
        J.NONAKTIF,
        dt.date(2026, 10, 1),
        "dinsos",
        note="tidak ada di daftar 2026-10",
    )
    jkn.add_observation(village_db, oct_, "Operator")
    # a late report about September does not overwrite October
    jkn.add_observation(
        village_db, Observation(rid, J.PBI_APBN, J.AKTIF, dt.date(2026, 9, 1), "bpjs"), "Operator"
    )
    hist = jkn.history(village_db, rid)
    assert [(h.as_of.month, h.status) for h in hist] == [
        (10, "nonaktif"),
        (9, "aktif"),
        (8, "aktif"),
    ]
    with village_db.read() as conn:
        cur = conn.execute(select(jkn_current_t).where(jkn_current_t.c.resident_id == rid)).one()
    assert (cur.status, cur.as_of) == (J.NONAKTIF, dt.date(2026, 10, 1))
    with pytest.raises(Exception, match="13 angka"):
        jkn.add_observation(
            village_db, Observation(rid, J.PPU, J.AKTIF, TODAY, "kartu", card_no="123"), "x"
        )


def test_coverage_counts_living_people_and_flags_households(village_db):
    now = dt.datetime(2026, 11, 1)
    with village_db.write() as conn:

        def household(kk, dusun, rw):
            return conn.execute(
                insert(household_t).values(
                    no_kk=kk, dusun=dusun, rw=rw, created_at=now, updated_at=now
                )
            ).inserted_primary_key[0]

        def person(nik, hid, sd=1):
            return conn.execute(insert(resident_t).values(nik=nik, name=nik, name_key=nik, sex="L", household_id=hid,
                                                          status_dasar=sd, created_at=now, updated_at=now)).inserted_primary_key[0]  # fmt: skip

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
        jkn.record_observations(conn, obs, actor="uji")
    cov = jkn.coverage(village_db)
    t = cov.total
    assert (t.population, t.registered, t.active) == (5, 4, 3)
    assert (t.coverage_pct, t.active_pct) == (80.0, 75.0)
    assert (t.households, t.households_fully_uninsured, t.households_partly_uninsured) == (3, 1, 1)
    assert [(d.area, d.population, d.active) for d in cov.by_dusun] == [
        ("Krajan", 4, 3),
        ("Tlogo", 1, 0),
    ]
    # the mandiri in arrears and the never-registered person have no desil: DTSEN first
    assert cov.steps == {"usul_dtsen": 2, "usul_hapus": 1}
    assert cov.reasons == {"menunggak": 1, "belum_terdaftar": 1}


def test_monthly_trend_follows_the_observations(village_db):
    now = dt.datetime(2026, 1, 1)
    with village_db.write() as conn:

        def person(nik, sd=1, changed=None):
            return conn.execute(insert(resident_t).values(
                nik=nik, name=nik, name_key=nik, sex="L", status_dasar=sd, status_changed_at=changed,
                created_at=now, updated_at=now)).inserted_primary_key[0]  # fmt: skip

        a = person("3313050101800001")
        b = person("3313050101800002", sd=codes.MATI, changed=dt.date(2026, 9, 15))
        c = person("3313050101800003")
        person("3313050101800004")  # never registered
        jkn.record_observations(conn, [
            Observation(a, J.PBI_APBN, J.AKTIF, dt.date(2026, 8, 1), "dinsos"),
            Observation(a, J.PBI_APBN, J.NONAKTIF, dt.date(2026, 10, 1), "dinsos"),
            Observation(b, J.PBI_APBN, J.AKTIF, dt.date(2026, 7, 1), "dinsos"),
            Observation(c, J.PBPU_MANDIRI, J.AKTIF, dt.date(2026, 9, 10), "bpjs"),
            Observation(c, J.PBPU_MANDIRI, J.NONAKTIF, dt.date(2026, 9, 20), "bpjs"),  # same month: latest wins
        ], actor="uji")  # fmt: skip
    trend = jkn.coverage_trend(village_db, 6, today=TODAY)
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

    with demo_db.read() as conn:
        people = conn.execute(
            select(resident_t.c.id, resident_t.c.household_id, resident_t.c.status_dasar)
        ).all()
    verdicts = jkn.standing_of(demo_db, [p.id for p in people])
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

    cov = jkn.coverage(demo_db)
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
