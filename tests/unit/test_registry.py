"""Residents and households: validation, audited changes, SQL search/filter/sort."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from jkn_desktop.domain import codes
from jkn_desktop.errors import UserError, ValidationError
from jkn_desktop.persistence.models import audit_t
from jkn_desktop.services.registry import households, residents
from jkn_desktop.services.registry.residents import ResidentFilter, ResidentInput


def _family(db):
    hid = households.create(
        db, households.HouseholdInput("3313050306224132", "Dusun Tlogo", "2", "1", "Tlogo"), "uji"
    )
    head = residents.create(
        db,
        ResidentInput(
            nik="3313051203800001",
            name=" budi   santoso ",
            sex="L",
            birth_date=dt.date(1980, 3, 12),
            no_kk="3313050306224132",
            shdk=1,
        ),
        "uji",
    ).id
    wife = residents.create(
        db,
        ResidentInput(
            nik="3313054506850002",
            name="SITI AMINAH",
            sex="P",
            birth_date=dt.date(1985, 6, 5),
            no_kk="3313050306224132",
            shdk=3,
        ),
        "uji",
    ).id
    child = residents.create(
        db,
        ResidentInput(
            nik="3313050101150003",
            name="ADI SANTOSO",
            sex="L",
            birth_date=dt.date(2015, 1, 1),
            no_kk="3313050306224132",
            shdk=4,
            mother_name="Siti Aminah",
        ),
        "uji",
    ).id
    return hid, head, wife, child


def _audit(db, entity_id):
    with db.read() as conn:
        return conn.execute(
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
    detail = residents.get(village_db, head)
    assert detail.name == "budi santoso"
    assert detail.no_kk == "3313050306224132"
    trail = _audit(village_db, head)
    assert {r.field for r in trail} >= {"nik", "name", "sex", "birth_date"}
    assert all(r.action == "create" and r.actor == "uji" for r in trail)


def test_invalid_resident_is_refused_with_every_problem_explained(village_db):
    with pytest.raises(ValidationError) as exc:
        residents.create(village_db, ResidentInput(nik="3313053102800001", name="", sex="X"), "uji")
    found = {i.code for i in exc.value.issues}
    assert found >= {"NIK_DATE_INVALID", "NAME_MISSING", "SEX_INVALID"}
    assert residents.search(village_db) == []


def test_duplicate_nik_is_refused(village_db):
    _family(village_db)
    with pytest.raises(ValidationError) as exc:
        residents.create(
            village_db, ResidentInput(nik="3313051203800001", name="ORANG LAIN", sex="L"), "uji"
        )
    assert exc.value.issues[0].code == "NIK_EXISTS"
    assert "budi santoso" in exc.value.message


def test_unknown_no_kk_is_refused(village_db):
    with pytest.raises(ValidationError) as exc:
        residents.create(
            village_db,
            ResidentInput(nik="3313051203800001", name="BUDI", sex="L", no_kk="3313050306229999"),
            "uji",
        )
    assert exc.value.issues[0].code == "KK_NOT_FOUND"


def test_sex_disagreeing_with_nik_saves_with_a_warning(village_db):
    result = residents.create(
        village_db,
        ResidentInput(nik="3313054506850002", name="SITI", sex="L", birth_date=dt.date(1985, 6, 5)),
        "uji",
    )
    assert [w.code for w in result.warnings] == ["NIK_SEX_MISMATCH"]


def test_edit_records_old_and_new_values(village_db):
    import dataclasses

    _, head, _, _ = _family(village_db)
    old = residents.get(village_db, head)
    data = ResidentInput(
        **{f.name: getattr(old, f.name) for f in dataclasses.fields(ResidentInput)}
    )
    residents.update_resident(
        village_db, head, dataclasses.replace(data, phone="081234567890", occupation=9), "operator2"
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
        residents.change_status(village_db, head, codes.MATI, None, "uji")
    residents.change_status(
        village_db, head, codes.MATI, dt.date(2026, 10, 1), "uji", "meninggal di rumah"
    )
    detail = residents.get(village_db, head)
    assert (detail.status_dasar, detail.status_changed_at) == (codes.MATI, dt.date(2026, 10, 1))
    status_rows = [r for r in _audit(village_db, head) if r.action == "status"]
    assert {r.field for r in status_rows} == {"status_dasar", "status_changed_at"}
    assert status_rows[0].reason == "meninggal di rumah"


def test_delete_needs_a_reason_and_keeps_the_record_in_the_audit_trail(village_db):
    _, _, _, child = _family(village_db)
    with pytest.raises(ValidationError):
        residents.delete_resident(village_db, child, "  ", "uji")
    residents.delete_resident(village_db, child, "data ganda", "uji")
    with pytest.raises(UserError):
        residents.get(village_db, child)
    rows = [r for r in _audit(village_db, child) if r.action == "delete"]
    assert {r.field: r.old_value for r in rows}["nik"] == "3313050101150003"
    assert rows[0].reason == "data ganda"


def test_members_come_in_shdk_order(village_db):
    hid, head, wife, child = _family(village_db)
    assert [m.id for m in households.members(village_db, hid)] == [head, wife, child]
    row = households.get(village_db, hid)
    assert (row.head_name, row.members, row.rt, row.rw) == ("budi santoso", 3, "002", "001")


def test_search_by_name_nik_prefix_and_kk_prefix(village_db):
    _, head, wife, child = _family(village_db)
    ids = lambda **kw: residents.query_ids(village_db, ResidentFilter(**kw))  # noqa: E731
    assert set(ids(search="santoso")) == {head, child}
    assert ids(search="siti ami") == [wife]
    assert ids(search="ti") == [wife]  # short text still works (substring)
    assert ids(search="331305120380") == [head]
    assert set(ids(search="3313 0503 0622")) == {head, wife, child}  # KK prefix finds the family
    assert ids(search="zzzz") == []


def test_filters_and_sorts_run_in_sql(village_db):
    _, head, wife, child = _family(village_db)
    today = dt.date(2026, 11, 22)
    q = lambda flt, **kw: residents.query_ids(village_db, flt, today=today, **kw)  # noqa: E731
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
    households.create(
        village_db,
        households.HouseholdInput("3313050306220001", "Dusun Krajan", "1", "1", "Krajan"),
        "uji",
    )
    other_head = residents.create(
        village_db,
        ResidentInput(
            nik="3313051203700001", name="ZAINAL", sex="L", no_kk="3313050306220001", shdk=1
        ),
        "uji",
    ).id
    loose = residents.create(
        village_db, ResidentInput(nik="3313051203600001", name="TANPA KK", sex="L"), "uji"
    ).id
    q = lambda **kw: residents.query_ids(village_db, ResidentFilter(), **kw)  # noqa: E731
    assert q(sort="dusun") == [loose, other_head, head, wife, child]
    assert q(sort="dusun", descending=True) == [child, wife, head, other_head, loose]
    assert q(sort="no_kk") == [loose, other_head, head, wife, child]
    only_tlogo = residents.query_ids(village_db, ResidentFilter(dusun="Tlogo"), sort="rt")
    assert only_tlogo == [head, wife, child]


def test_move_and_split_household(village_db):
    hid, head, wife, child = _family(village_db)
    new_hid = households.split_household(
        village_db,
        hid,
        households.HouseholdInput("3313051511260001", "Dusun Tlogo", "3", "1", "Tlogo"),
        {child: codes.KEPALA_KELUARGA},
        "uji",
    )
    assert [m.id for m in households.members(village_db, new_hid)] == [child]
    assert residents.get(village_db, child).shdk == codes.KEPALA_KELUARGA
    households.move_resident(village_db, wife, new_hid, 7, "uji")
    assert [m.id for m in households.members(village_db, hid)] == [head]
    moves = [r for r in _audit(village_db, wife) if r.action == "move"]
    assert ("no_kk", "3313050306224132", "3313051511260001") in {
        (r.field, r.old_value, r.new_value) for r in moves
    }


def test_split_needs_exactly_one_head(village_db):
    hid, _, wife, child = _family(village_db)
    with pytest.raises(ValidationError) as exc:
        households.split_household(
            village_db,
            hid,
            households.HouseholdInput("3313051511260001"),
            {child: 4, wife: 3},
            "uji",
        )
    assert exc.value.issues[0].code == "SPLIT_HEAD"
    assert households.find_by_no_kk(village_db, "3313051511260001") is None


def test_household_with_members_cannot_be_deleted(village_db):
    hid, *_ = _family(village_db)
    with pytest.raises(UserError) as exc:
        households.delete_household(village_db, hid, "salah input", "uji")
    assert exc.value.code == "HOUSEHOLD_NOT_EMPTY"


def test_demo_village_is_realistic(demo_db):
    from jkn_desktop.domain.nik import validate_nik
    from jkn_desktop.services.registry.stats import registry_stats

    stats = registry_stats(demo_db)
    assert stats.residents == 600
    assert 120 <= stats.households <= 260  # 2.5–4.5 people per KK
    assert stats.by_status["MATI"] >= 1
    assert stats.by_status["PINDAH"] >= 1
    rows = residents.search(demo_db)
    for r in rows:
        assert validate_nik(r.nik, sex=r.sex, birth_date=r.birth_date) == [], r
    for hid in households.query_ids(demo_db, households.HouseholdFilter())[:50]:
        members = households.members(demo_db, hid)
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
    old = residents.get(village_db, wife)
    data = ResidentInput(
        **{f.name: getattr(old, f.name) for f in dataclasses.fields(ResidentInput)}
    )
    residents.update_resident(
        village_db, wife, dataclasses.replace(data, pregnant=True, chronic_illness=6), "uji"
    )
    again = residents.get(village_db, wife)
    assert (again.pregnant, again.chronic_illness, again.disability) == (True, 6, None)
    trail = {(r.field, r.new_value) for r in _audit(village_db, wife) if r.action == "update"}
    assert trail == {("pregnant", "True"), ("chronic_illness", "6")}
    man = residents.get(village_db, head)
    data = ResidentInput(
        **{f.name: getattr(man, f.name) for f in dataclasses.fields(ResidentInput)}
    )
    with pytest.raises(ValidationError, match="laki-laki tidak bisa ditandai hamil"):
        residents.update_resident(village_db, head, dataclasses.replace(data, pregnant=True), "uji")
