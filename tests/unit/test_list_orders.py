"""The resident lists read their orders from indexes and group them (persistence.resident_lists)
instead of letting SQLite sort. Whatever the route, each sort gives
exactly what a plain ORDER BY over the household join gives, ascending and descending, with and
without filters; and SQLite reads the page's default views in index order (no temp B-tree)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select

from jkn_desktop.domain import codes
from jkn_desktop.persistence.tables import household_t, jkn_current_t, resident_t
from jkn_desktop.records.membership import JknFilter
from jkn_desktop.records.residents import ResidentFilter, ResidentInput
from jkn_desktop.services.membership import kepesertaan
from jkn_desktop.services.registry import resident_search, residents

R, H, C = resident_t, household_t, jkn_current_t
TODAY = dt.date(2026, 11, 22)


def _area(h: Any) -> list[Any]:
    return [func.coalesce(h.c[c], "") for c in ("dusun", "rw", "rt", "no_kk")]


MEMBERS = [R.c.shdk, R.c.birth_date, R.c.nik]
NAME = [R.c.name_key, R.c.nik]
# what each sort means, written as the plain ORDER BY over the join
PENDUDUK = {
    "name": NAME,
    "nik": [R.c.nik],
    "birth_date": [R.c.birth_date, R.c.nik],
    "sex": [R.c.sex, *NAME],
    "shdk": [R.c.shdk, *NAME],
    "status_dasar": [R.c.status_dasar, *NAME],
    "dusun": [*_area(H), *MEMBERS],
    "rw": [*[_area(H)[i] for i in (1, 2, 3)], *MEMBERS],
    "rt": [*[_area(H)[i] for i in (2, 1, 3)], *MEMBERS],
    "no_kk": [_area(H)[3], *MEMBERS],
}
KEPESERTAAN = {
    "area": [*_area(H), *MEMBERS],
    "name": NAME,
    "nik": [R.c.nik],
    "segment": [R.c.jkn_segment, *NAME],
    "status": [R.c.jkn_status, *NAME],
    "desil": [H.c.desil, _area(H)[3], *MEMBERS],
    "as_of": [C.c.as_of, R.c.name_key, R.c.nik],
}


def _expected(db, where: list[Any], order: list[Any], descending: bool) -> list[int]:
    stmt = (
        select(R.c.id)
        .select_from(
            R.outerjoin(H, H.c.id == R.c.household_id).outerjoin(C, C.c.resident_id == R.c.id)
        )
        .where(*where)
        .order_by(*[c.desc() if descending else c.asc() for c in order])
    )
    with db.work("uji", write=False) as work:
        return list(work.conn.execute(stmt).scalars())


@pytest.fixture(scope="module")
def village(tmp_path_factory, template_db):
    """A demo village, plus residents the demo never makes: one without a KK, one without SHDK
    or birth date."""
    import shutil

    from jkn_desktop.demo.village import generate
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    home = tmp_path_factory.mktemp("orders")
    env = pytest.MonkeyPatch()  # the per-test isolation of user folders starts after this fixture
    env.setenv("JKN_DESKTOP_LOG_DIR", str(home / "log"))
    env.setenv("JKN_DESKTOP_DB", str(home / "data" / "default.sqlite3"))
    path = home / "desa.sqlite3"
    shutil.copyfile(template_db, path)
    db = open_database(path)
    db.run(save_village, db.run(resolve_identity, "33.13.05.2006"))
    generate(db, 900, seed=5)
    db.run(residents.create, ResidentInput(nik="3313051203600001", name="TANPA KK", sex="L"))
    db.run(
        residents.create,
        ResidentInput(nik="3313054203600002", name="TANPA SHDK", sex="P", no_kk=_some_kk(db)),
    )
    yield db
    db.close()
    env.undo()


def _some_kk(db) -> str:
    with db.work("uji", write=False) as work:
        return str(work.conn.execute(select(H.c.no_kk).order_by(H.c.id).limit(1)).scalar_one())


def _dusun(db) -> str:
    with db.work("uji", write=False) as work:
        return str(work.conn.execute(select(H.c.dusun).order_by(H.c.id).limit(1)).scalar_one())


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", sorted(PENDUDUK))
def test_every_penduduk_sort_is_the_plain_order(village, sort, descending):
    dusun = _dusun(village)
    filters = [
        (ResidentFilter(), []),
        (ResidentFilter(status_dasar=codes.HIDUP), [R.c.status_dasar == codes.HIDUP]),
        (
            ResidentFilter(status_dasar=codes.HIDUP, sex="P", dusun=dusun),
            [R.c.status_dasar == codes.HIDUP, R.c.sex == "P", H.c.dusun == dusun],
        ),
        (
            ResidentFilter(search="3313"),
            [R.c.nik.startswith("3313") | H.c.no_kk.startswith("3313")],
        ),
    ]
    for flt, where in filters:
        got = village.run(
            resident_search.query_ids, flt, sort, descending, write=False, today=TODAY
        )
        assert got == _expected(village, where, PENDUDUK[sort], descending), (sort, flt)
    # age is the birth order the other way round
    got = village.run(
        resident_search.query_ids, ResidentFilter(), "age", not descending, write=False
    )
    assert got == _expected(village, [], PENDUDUK["birth_date"], descending)


@pytest.mark.parametrize("descending", [False, True])
@pytest.mark.parametrize("sort", sorted(KEPESERTAAN))
def test_every_kepesertaan_sort_is_the_plain_order(village, sort, descending):
    dusun = _dusun(village)
    filters = [
        (JknFilter(), [R.c.status_dasar == codes.HIDUP]),
        (JknFilter(living_only=False, dusun=dusun), [H.c.dusun == dusun]),
        (
            JknFilter(uninsured=True, step="usul_pbi"),
            [R.c.status_dasar == codes.HIDUP, R.c.id.in_(_step_ids(village, "usul_pbi"))],
        ),
    ]
    for flt, where in filters:
        got = village.run(kepesertaan.query_ids, flt, sort, descending, write=False)
        assert got == _expected(village, where, KEPESERTAAN[sort], descending), (sort, flt)


def _step_ids(db, step: str) -> list[int]:
    from jkn_desktop.services.membership.rules import people_from, rule_columns

    with db.work("uji", write=False) as work:
        rc = rule_columns()
        stmt = select(R.c.id).select_from(people_from()).where(rc.step == step, rc.uninsured)
        return list(work.conn.execute(stmt).scalars())


def test_default_views_read_in_index_order(village, monkeypatch):
    """No sort of the Penduduk page's default view (living residents) and no sort of the
    Kepesertaan list needs SQLite to sort: each reads an index in order (EXPLAIN QUERY PLAN)."""
    from jkn_desktop.persistence import fastread

    plans: list[str] = []
    real = fastread._driver_rows

    def explain(conn, stmt):
        compiled = stmt.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
        params = compiled.construct_params()
        args = [params[n] for n in (compiled.positiontup or [])]
        raw = conn.connection.driver_connection
        plan = " | ".join(r[3] for r in raw.execute(f"EXPLAIN QUERY PLAN {compiled}", args))
        plans.append(plan)
        return real(conn, stmt)

    monkeypatch.setattr(fastread, "_driver_rows", explain)
    for sort in [*PENDUDUK, "age"]:
        flt = ResidentFilter(status_dasar=codes.HIDUP)
        village.run(resident_search.query_ids, flt, sort, write=False)
    for sort in KEPESERTAAN:  # the desil and the date are on the resident
        village.run(kepesertaan.query_ids, JknFilter(), sort, write=False)
    # the next step (on the resident too) picks its rows through its own index, in area order
    village.run(kepesertaan.query_ids, JknFilter(step="usul_pbi"), "area", write=False)
    assert len(plans) > len(PENDUDUK) + len(KEPESERTAAN)
    for plan in plans:
        assert "TEMP B-TREE" not in plan, plan
        assert "LEFT-JOIN" not in plan, plan
    assert "USING COVERING INDEX ix_resident_step (jkn_step=?)" in plans[-1], plans[-1]
