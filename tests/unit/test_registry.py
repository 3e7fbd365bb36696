"""Residents and households: validation, audited changes, SQL search/filter/sort."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from jkn_desktop.domain import codes
from jkn_desktop.errors import UserError, ValidationError
from jkn_desktop.persistence.tables import audit_t
from jkn_desktop.records.changes import HOUSEHOLD, RESIDENT
from jkn_desktop.records.households import HouseholdFilter, HouseholdInput
from jkn_desktop.records.residents import ResidentFilter, ResidentInput
from jkn_desktop.services.registry import households, resident_search, residents


def _family(db):
    hid = db.run(
        households.create,
        HouseholdInput("3313050306224132", "Dusun Tlogo", "2", "1", "Tlogo"),
        user="uji",
    )
    head = db.run(
        residents.create,
        ResidentInput(
            nik="3313051203800001",
            name=" budi   santoso ",
            sex="L",
            birth_date=dt.date(1980, 3, 12),
            no_kk="3313050306224132",
            shdk=1,
        ),
        user="uji",
    ).id
    wife = db.run(
        residents.create,
        ResidentInput(
            nik="3313054506850002",
            name="SITI AMINAH",
            sex="P",
            birth_date=dt.date(1985, 6, 5),
            no_kk="3313050306224132",
            shdk=3,
        ),
        user="uji",
    ).id
    child = db.run(
        residents.create,
        ResidentInput(
            nik="3313050101150003",
            name="ADI SANTOSO",
            sex="L",
            birth_date=dt.date(2015, 1, 1),
            no_kk="3313050306224132",
            shdk=4,
            mother_name="Siti Aminah",
        ),
        user="uji",
    ).id
    return hid, head, wife, child


def _audit(db, entity_id):
    with db.work("-", write=False) as work:
        return work.conn.execute(
            select(
                audit_t.c.action,
                audit_t.c.field,
                audit_t.c.old_value,
                audit_t.c.new_value,
                audit_t.c.reason,
                audit_t.c.actor,
            )
            .where(audit_t.c.entity == "resident", audit_t.c.entity_id == entity_id)
            .order_by(audit_t.c.id)
        ).all()


def test_created_resident_is_cleaned_and_audited(village_db):
    _, head, _, _ = _family(village_db)
    detail = village_db.run(residents.get, head)
    assert detail.name == "budi santoso"
    assert detail.no_kk == "3313050306224132"
    trail = _audit(village_db, head)
    assert {r.field for r in trail} >= {"nik", "name", "sex", "birth_date"}
    assert all(r.action == "create" and r.actor == "uji" for r in trail)


def test_invalid_resident_is_refused_with_every_problem_explained(village_db):
    with pytest.raises(ValidationError) as exc:
        village_db.run(
            residents.create, ResidentInput(nik="3313053102800001", name="", sex="X"), user="uji"
        )
    found = {i.code for i in exc.value.issues}
    assert found >= {"NIK_DATE_INVALID", "NAME_MISSING", "SEX_INVALID"}
    assert village_db.run(resident_search.search) == []


def test_duplicate_nik_is_refused(village_db):
    _family(village_db)
    with pytest.raises(ValidationError) as exc:
        village_db.run(
            residents.create,
            ResidentInput(nik="3313051203800001", name="ORANG LAIN", sex="L"),
            user="uji",
        )
    assert exc.value.issues[0].code == "NIK_EXISTS"
    assert "budi santoso" in exc.value.message


def test_unknown_no_kk_is_refused(village_db):
    with pytest.raises(ValidationError) as exc:
        village_db.run(
            residents.create,
            ResidentInput(nik="3313051203800001", name="BUDI", sex="L", no_kk="3313050306229999"),
            user="uji",
        )
    assert exc.value.issues[0].code == "KK_NOT_FOUND"


def test_sex_disagreeing_with_nik_saves_with_a_warning(village_db):
    result = village_db.run(
        residents.create,
        ResidentInput(nik="3313054506850002", name="SITI", sex="L", birth_date=dt.date(1985, 6, 5)),
        user="uji",
    )
    assert [w.code for w in result.warnings] == ["NIK_SEX_MISMATCH"]


def test_edit_records_old_and_new_values(village_db):
    import dataclasses

    _, head, _, _ = _family(village_db)
    old = village_db.run(residents.get, head)
    data = ResidentInput(
        **{f.name: getattr(old, f.name) for f in dataclasses.fields(ResidentInput)}
    )
    village_db.run(
        residents.update_resident,
        head,
        dataclasses.replace(data, phone="081234567890", occupation=9),
        user="operator2",
    )
    trail = [r for r in _audit(village_db, head) if r.action == "update"]
    assert {(r.field, r.old_value, r.new_value) for r in trail} == {
        ("phone", "", "081234567890"),
        ("occupation", None, "9"),
    }
    assert {r.actor for r in trail} == {"operator2"}


def test_status_change_needs_a_date_and_is_audited(village_db):
    _, head, _, _ = _family(village_db)
    with pytest.raises(ValidationError):
        village_db.run(residents.change_status, head, codes.MATI, None, user="uji")
    village_db.run(
        residents.change_status,
        head,
        codes.MATI,
        dt.date(2026, 10, 1),
        "meninggal di rumah",
        user="uji",
    )
    detail = village_db.run(residents.get, head)
    assert (detail.status_dasar, detail.status_changed_at) == (codes.MATI, dt.date(2026, 10, 1))
    status_rows = [r for r in _audit(village_db, head) if r.action == "status"]
    assert {r.field for r in status_rows} == {"status_dasar", "status_changed_at"}
    assert status_rows[0].reason == "meninggal di rumah"


def test_delete_needs_a_reason_and_keeps_the_record_in_the_audit_trail(village_db):
    _, _, _, child = _family(village_db)
    with pytest.raises(ValidationError):
        village_db.run(residents.delete_resident, child, "  ", user="uji")
    village_db.run(residents.delete_resident, child, "data ganda", user="uji")
    with pytest.raises(UserError):
        village_db.run(residents.get, child)
    rows = [r for r in _audit(village_db, child) if r.action == "delete"]
    assert {r.field: r.old_value for r in rows}["nik"] == "3313050101150003"
    assert rows[0].reason == "data ganda"


def test_members_come_in_shdk_order(village_db):
    hid, head, wife, child = _family(village_db)
    assert [m.id for m in village_db.run(households.members, hid)] == [head, wife, child]
    row = village_db.run(households.get, hid)
    assert (row.head_name, row.members, row.rt, row.rw) == ("budi santoso", 3, "002", "001")


def test_search_by_name_nik_prefix_and_kk_prefix(village_db):
    _, head, wife, child = _family(village_db)
    ids = lambda **kw: village_db.run(resident_search.query_ids, ResidentFilter(**kw))  # noqa: E731
    assert set(ids(search="santoso")) == {head, child}
    assert ids(search="siti ami") == [wife]
    assert ids(search="ti") == [wife]  # short text still works (substring)
    assert ids(search="331305120380") == [head]
    assert set(ids(search="3313 0503 0622")) == {head, wife, child}  # KK prefix finds the family
    assert ids(search="zzzz") == []


def test_filters_and_sorts_run_in_sql(village_db):
    _, head, wife, child = _family(village_db)
    today = dt.date(2026, 11, 22)
    q = lambda flt, **kw: village_db.run(resident_search.query_ids, flt, today=today, **kw)  # noqa: E731
    assert q(ResidentFilter(sex="P")) == [wife]
    assert q(ResidentFilter(age_band="Anak (5–17)")) == [child]
    assert q(ResidentFilter(dusun="Tlogo", rt="002")) == q(ResidentFilter()) != []
    assert q(ResidentFilter(dusun="Krajan")) == []
    assert q(ResidentFilter(), sort="birth_date") == [head, wife, child]
    assert q(ResidentFilter(), sort="age", descending=False) == [child, wife, head]
    assert q(ResidentFilter(), sort="name", descending=True) == [wife, head, child]
    assert q(ResidentFilter(), sort="nik") == [child, head, wife]
    assert q(ResidentFilter(), sort="shdk") == [head, wife, child]


def test_sorting_by_area_walks_households_in_order_with_members_in_shdk_order(village_db):
    _, head, wife, child = _family(village_db)
    village_db.run(
        households.create,
        HouseholdInput("3313050306220001", "Dusun Krajan", "1", "1", "Krajan"),
        user="uji",
    )
    other_head = village_db.run(
        residents.create,
        ResidentInput(
            nik="3313051203700001", name="ZAINAL", sex="L", no_kk="3313050306220001", shdk=1
        ),
        user="uji",
    ).id
    loose = village_db.run(
        residents.create,
        ResidentInput(nik="3313051203600001", name="TANPA KK", sex="L"),
        user="uji",
    ).id
    q = lambda **kw: village_db.run(resident_search.query_ids, ResidentFilter(), **kw)  # noqa: E731
    assert q(sort="dusun") == [loose, other_head, head, wife, child]
    assert q(sort="dusun", descending=True) == [child, wife, head, other_head, loose]
    assert q(sort="no_kk") == [loose, other_head, head, wife, child]
    only_tlogo = village_db.run(resident_search.query_ids, ResidentFilter(dusun="Tlogo"), sort="rt")
    assert only_tlogo == [head, wife, child]


def test_move_and_split_household(village_db):
    hid, head, wife, child = _family(village_db)
    new_hid = village_db.run(
        households.split_household,
        hid,
        HouseholdInput("3313051511260001", "Dusun Tlogo", "3", "1", "Tlogo"),
        {child: codes.KEPALA_KELUARGA},
        user="uji",
    )
    assert [m.id for m in village_db.run(households.members, new_hid)] == [child]
    assert village_db.run(residents.get, child).shdk == codes.KEPALA_KELUARGA
    village_db.run(households.move_resident, wife, new_hid, 7, user="uji")
    assert [m.id for m in village_db.run(households.members, hid)] == [head]
    moves = [r for r in _audit(village_db, wife) if r.action == "move"]
    assert ("no_kk", "3313050306224132", "3313051511260001") in {
        (r.field, r.old_value, r.new_value) for r in moves
    }


def test_split_needs_exactly_one_head(village_db):
    hid, _, wife, child = _family(village_db)
    with pytest.raises(ValidationError) as exc:
        village_db.run(
            households.split_household,
            hid,
            HouseholdInput("3313051511260001"),
            {child: 4, wife: 3},
            user="uji",
        )
    assert exc.value.issues[0].code == "SPLIT_HEAD"
    assert village_db.run(households.find_by_no_kk, "3313051511260001") is None


def test_household_with_members_cannot_be_deleted(village_db):
    hid, *_ = _family(village_db)
    with pytest.raises(UserError) as exc:
        village_db.run(households.delete_household, hid, "salah input", user="uji")
    assert exc.value.code == "HOUSEHOLD_NOT_EMPTY"


def test_demo_village_is_realistic(demo_db):
    from jkn_desktop.domain.nik import validate_nik
    from jkn_desktop.services.registry.stats import registry_stats

    stats = demo_db.run(registry_stats)
    assert stats.residents == 600
    assert 120 <= stats.households <= 260  # 2.5–4.5 people per KK
    assert stats.by_status["MATI"] >= 1
    assert stats.by_status["PINDAH"] >= 1
    rows = demo_db.run(resident_search.search)
    for r in rows:
        assert validate_nik(r.nik, sex=r.sex, birth_date=r.birth_date) == [], r
    for hid in demo_db.run(households.query_ids, HouseholdFilter())[:50]:
        members = demo_db.run(households.members, hid)
        assert members[0].shdk == codes.KEPALA_KELUARGA
        assert sum(m.shdk == codes.KEPALA_KELUARGA for m in members) == 1


def test_demo_refuses_a_filled_database(demo_db):
    from jkn_desktop.demo.village import generate

    with pytest.raises(UserError) as exc:
        generate(demo_db, 10)
    assert exc.value.code == "DEMO_NOT_EMPTY"


def test_needs_of_the_priority_score_are_kept_and_audited(village_db):
    import dataclasses

    _, head, wife, _ = _family(village_db)
    old = village_db.run(residents.get, wife)
    data = ResidentInput(
        **{f.name: getattr(old, f.name) for f in dataclasses.fields(ResidentInput)}
    )
    village_db.run(
        residents.update_resident,
        wife,
        dataclasses.replace(data, pregnant=True, chronic_illness=6),
        user="uji",
    )
    again = village_db.run(residents.get, wife)
    assert (again.pregnant, again.chronic_illness, again.disability) == (True, 6, None)
    trail = {(r.field, r.new_value) for r in _audit(village_db, wife) if r.action == "update"}
    assert trail == {("pregnant", "True"), ("chronic_illness", "6")}
    man = village_db.run(residents.get, head)
    data = ResidentInput(
        **{f.name: getattr(man, f.name) for f in dataclasses.fields(ResidentInput)}
    )
    with pytest.raises(ValidationError, match="laki-laki tidak bisa ditandai hamil"):
        village_db.run(
            residents.update_resident, head, dataclasses.replace(data, pregnant=True), user="uji"
        )


def test_moving_to_a_kk_by_its_number_is_one_job_that_says_what_it_changed(village_db):
    """The move dialog's use case: the KK found by its number and the move, in one job."""
    hid, head, wife, _ = _family(village_db)
    other = village_db.run(
        households.create, HouseholdInput("3313050306220001", "Dusun Krajan"), user="uji"
    )
    with village_db.work("uji") as work:
        assert households.move_to_kk(work, wife, "3313 0503 0622 0001", 7) == other
    assert work.changes.ids(RESIDENT) == {wife}
    assert work.changes.ids(HOUSEHOLD) == {hid, other}
    assert [m.id for m in village_db.run(households.members, other)] == [wife]
    assert village_db.run(residents.get, wife).shdk == 7
    with pytest.raises(ValidationError) as exc:
        village_db.run(households.move_to_kk, head, "3313050306229999", None)
    assert exc.value.issues[0].code == "KK_NOT_FOUND"
    assert "belum terdaftar" in exc.value.issues[0].message
    assert village_db.run(residents.get, head).no_kk == "3313050306224132"


def test_writes_report_what_they_changed(village_db):
    """Every write names the entities and ids it touched, so the window reloads only those."""
    hid, head, wife, child = _family(village_db)
    with village_db.work("uji") as work:
        new_id = residents.create(
            work, ResidentInput(nik="3313051203600001", name="TANPA KK", sex="L")
        ).id
    assert dict(work.changes.touched) == {RESIDENT: {new_id}}
    with village_db.work("uji") as work:
        new_hid = households.split_household(
            work, hid, HouseholdInput("3313051511260001"), {child: codes.KEPALA_KELUARGA}
        )
    assert work.changes.ids(HOUSEHOLD) == {hid, new_hid}
    assert work.changes.ids(RESIDENT) == {child}
    old = village_db.run(residents.get, head)
    same = ResidentInput(**{f: getattr(old, f) for f in ResidentInput.__dataclass_fields__})
    with village_db.work("uji") as work:
        residents.update_resident(work, head, same)
    assert not work.changes  # nothing changed, nothing to reload
    with village_db.work("uji") as work:
        residents.change_status(work, wife, codes.PINDAH, dt.date(2026, 10, 1), "", True)
    assert dict(work.changes.touched) == {RESIDENT: {wife}}


def test_the_job_dates_the_checks_and_the_trail(village_db):
    """The day of the job decides what is "in the future"; the trail carries the job's user."""
    _, head, _, _ = _family(village_db)
    died = dt.date(2026, 10, 2)
    with pytest.raises(ValidationError) as exc:
        village_db.run(residents.change_status, head, codes.MATI, died, today=dt.date(2026, 10, 1))
    assert exc.value.issues[0].code == "STATUS_DATE_FUTURE"
    village_db.run(residents.change_status, head, codes.MATI, died, user="Bu Wahyuni", today=died)
    assert {r.actor for r in _audit(village_db, head) if r.action == "status"} == {"Bu Wahyuni"}
