"""Each user sees their area (issue 17 item 3, decision 48), on a real PostgreSQL server where
the program signs in as an ordinary role that owns the tables: row-level security keeps even a
hand-written query through the program's connection to the user's area; a user outside the area
gets a clear message and nothing is stored; the villages' rows are never edited."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from jkn_desktop.errors import DatabaseError, UserError
from jkn_desktop.records.area import Scope
from tests.conftest import _pg_admin
from tests.kecamatan_helpers import at, export, make_village

KEC, OTHER_KEC = "33.13.05", "33.13.06"
DESA_A, DESA_B, DESA_X = "33.13.05.2001", "33.13.05.2002", "33.13.06.2001"
PASSWORD = "rahasia-uji-123"
TABLES = (
    "kec_package",
    "kec_resident",
    "kec_household",
    "kec_village",
    "kec_duplicate_verdict",
    "kec_package_figure",
    "kec_resident_word",
)


@pytest.fixture(scope="module")
def packages(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("paket")
    out = {}
    for i, kode in enumerate((DESA_A, DESA_B)):
        village = make_village(template_db, root / "desa", kode, seed=40 + i, residents=120)
        out[kode] = export(village, "2026-11", root / f"paket_{kode}.xlsx", at=at(1, 12))
        village.close()
    return out


@pytest.fixture(scope="module")
def office(pg_server: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    """A kecamatan's consolidation on the server, owned by the office role the program signs in
    as, with two villages' packages taken in, a verdict, and the rows of a village of another
    kecamatan (as a kabupaten's database holds them)."""
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.kecamatan.identity import init_kecamatan
    from jkn_desktop.services.kecamatan.receive import receive_package
    from tests.pg_server import OFFICE_ROLE, office_url

    name = "t_area_kecamatan"
    _pg_admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _pg_admin(pg_server, f'CREATE DATABASE "{name}" OWNER {OFFICE_ROLE}')
    db = open_database(office_url(pg_server, name))
    try:
        db.run(init_kecamatan, KEC)
        packages = request.getfixturevalue("packages")
        for kode in (DESA_A, DESA_B):
            got = db.run(receive_package, packages[kode], register_new_key=True)
            assert got.rows > 0, got
        _other_kecamatan_rows(pg_server, name)
        _accounts(db)
        yield db
    finally:
        db.close()
        _pg_admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _other_kecamatan_rows(server: str, name: str) -> None:
    """A village of Kecamatan 33.13.06 with a package and its residents, written by the server's
    superuser (who bypasses the areas) as a kabupaten's receiving would; and a verdict on a pair
    across the two villages of 33.13.05."""
    from sqlalchemy import create_engine

    from jkn_desktop.persistence.tables import kec_package_t, kec_resident_t, kec_village_t

    def same(table: Any, *fixed: str) -> str:
        return ", ".join(c.name for c in table.c if c.name not in ("id", *fixed))

    v, p, r = (
        same(kec_village_t, "kode_wilayah"),
        same(kec_package_t, "kode_wilayah"),
        same(kec_resident_t, "package_id"),
    )
    admin = create_engine(server.replace("/postgres?", f"/{name}?"))
    try:
        with admin.begin() as conn:
            codes = {"x": DESA_X, "a": DESA_A}
            conn.execute(
                text(
                    f"INSERT INTO kec_village (kode_wilayah, {v}) SELECT :x, {v} "
                    "FROM kec_village WHERE kode_wilayah = :a"
                ),
                codes,
            )
            new_id = conn.execute(
                text(
                    f"INSERT INTO kec_package (kode_wilayah, {p}) SELECT :x, {p} "
                    "FROM kec_package WHERE kode_wilayah = :a RETURNING id"
                ),
                codes,
            ).scalar_one()
            conn.execute(
                text(
                    f"INSERT INTO kec_resident (package_id, {r}) SELECT :p, {r} FROM kec_resident "
                    "WHERE package_id = (SELECT id FROM kec_package WHERE kode_wilayah = :a)"
                ),
                {"p": new_id, "a": DESA_A},
            )
            conn.execute(
                text(
                    "INSERT INTO kec_duplicate_verdict (kind, pair_key, nik_a, nik_b, village_a,"
                    " village_b, verdict, correcting_village, note, period, decided_at,"
                    " decided_by) VALUES ('nik_sama', 'uji', '', '', :a, :b, 'sama', '', '', '',"
                    " now(), '')"
                ),
                {"a": DESA_A, "b": DESA_B},
            )
    finally:
        admin.dispose()


def _accounts(db: Any) -> None:
    from jkn_desktop.services.people.accounts import add_account

    db.run(add_account, "admin", PASSWORD, ["admin"])
    admin = _login(db, "admin")
    for user, area in (("budi", DESA_A), ("sari", KEC), ("tono", OTHER_KEC), ("kab", "33.13")):
        with db.work(admin) as w:
            add_account(w, user, PASSWORD, ["operator", "admin"], area=area)


def _login(db: Any, name: str) -> Any:
    from jkn_desktop.services.people.login import login

    with db.work(name, beside_writer=True) as w:
        outcome = login(w, name, PASSWORD)
    assert outcome.actor is not None, outcome.error
    return outcome.actor


def _seen(db: Any, who: Any, sql: str) -> int:
    """A hand-written query through the program's connection, in one of ``who``'s jobs."""
    with db.work(who, write=False) as w:
        return int(w.conn.execute(text(sql)).scalar_one())


def _read_in(db: Any, who: Any, scope: Scope) -> None:
    with db.work(who, write=False, scope=scope) as w:
        w.conn.execute(text("SELECT 1"))


def _write_by_hand(db: Any, who: Any, sql: str) -> None:
    """A write job of ``who`` that runs ``sql`` as typed (the permission asked, as a service
    would)."""
    with db.work(who) as w:
        w.require("settings")
        w.conn.execute(text(sql))


def _residents_of(db: Any, kode: str) -> int:
    admin = _login(db, "admin")
    return _seen(
        db,
        admin,
        "SELECT count(*) FROM kec_resident r JOIN kec_package p ON p.id = r.package_id "
        f"WHERE p.kode_wilayah = '{kode}'",
    )


def test_a_user_of_one_kecamatan_reads_nothing_of_another_even_by_hand(office: Any) -> None:
    admin, tono, sari = (_login(office, n) for n in ("admin", "tono", "sari"))
    a, b = _residents_of(office, DESA_A), _residents_of(office, DESA_B)
    x = _residents_of(office, DESA_X)
    assert a > 0
    assert b > 0
    assert x == a
    # the whole database's admin sees every row; the kabupaten's user too
    assert _seen(office, admin, "SELECT count(*) FROM kec_resident") == a + b + x
    assert _seen(office, _login(office, "kab"), "SELECT count(*) FROM kec_resident") == a + b + x
    # a query that forgets its filter still stops at the user's kecamatan
    assert _seen(office, sari, "SELECT count(*) FROM kec_resident") == a + b
    assert _seen(office, tono, "SELECT count(*) FROM kec_resident") == x
    for table in ("kec_package", "kec_household", "kec_proposal", "kec_duplicate_verdict"):
        assert _seen(office, tono, f"SELECT count(*) FROM {table} p WHERE true") == (
            1 if table == "kec_package" else 0
        ), table
    assert (
        _seen(
            office,
            tono,
            f"SELECT count(*) FROM kec_resident WHERE nik IN (SELECT nik FROM kec_resident r JOIN kec_package p ON p.id = r.package_id WHERE p.kode_wilayah = '{DESA_A}')",
        )
        == 0
    )
    assert _seen(office, sari, "SELECT count(*) FROM kec_duplicate_verdict") == 1


def test_a_village_user_sees_only_their_village(office: Any) -> None:
    budi = _login(office, "budi")
    a = _residents_of(office, DESA_A)
    assert _seen(office, budi, "SELECT count(*) FROM kec_resident") == a
    assert _seen(office, budi, "SELECT count(*) FROM kec_package") == 1
    # the verdict names both villages: each village's user sees it
    assert _seen(office, budi, "SELECT count(*) FROM kec_duplicate_verdict") == 1


def test_the_search_words_and_figures_keep_to_the_area_too(office: Any) -> None:
    """What receiving stores beside a package (its figures, its residents' name words) is the
    village's too: a village's user finds by name only their own village's residents."""
    from jkn_desktop.services.kecamatan.people import find_people

    budi, admin = _login(office, "budi"), _login(office, "admin")
    assert _seen(office, budi, "SELECT count(*) FROM kec_package_figure") == 1
    assert _seen(office, admin, "SELECT count(*) FROM kec_package_figure") == 2
    own = "SELECT count(DISTINCT resident_id) FROM kec_resident_word"
    assert _seen(office, budi, own) == _residents_of(office, DESA_A)
    with office.work(admin, write=False) as w:
        r = w.conn.execute(
            text(
                "SELECT r.name FROM kec_resident r JOIN kec_package p ON p.id = r.package_id "
                f"WHERE p.kode_wilayah = '{DESA_B}' ORDER BY r.id LIMIT 1"
            )
        ).scalar_one()
    everyone = office.run(find_people, r, user=admin, write=False).people
    assert DESA_B in {p.kode_wilayah for p in everyone}
    mine = office.run(find_people, r, user=budi, write=False).people
    assert {p.kode_wilayah for p in mine} <= {DESA_A}


def test_a_connection_outside_any_job_reads_no_village_rows(office: Any) -> None:
    """Only a job sets an area: a statement on the program's connection outside one sees none,
    nor does a job of nobody logged in."""
    for table in TABLES:
        assert _seen(office, "-", f"SELECT count(*) FROM {table}") == 0, table
    with office.engine.connect() as conn:
        for table in TABLES:
            assert conn.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0, table


def test_a_user_outside_the_area_is_told_so_and_nothing_is_stored(
    office: Any, packages: dict[str, Path]
) -> None:
    from jkn_desktop.services.kecamatan.receive import receive_package

    tono = _login(office, "tono")
    before = _residents_of(office, DESA_A)
    # asking for an area outside one's own
    with pytest.raises(UserError) as refused:
        _read_in(office, tono, Scope(KEC, "kecamatan"))
    assert refused.value.code == "AREA_OUTSIDE"
    assert KEC in refused.value.message
    # taking in a village's package of another kecamatan
    got = office.run(receive_package, packages[DESA_A], user=tono)
    assert got.code == "PAKET_DI_LUAR_WILAYAH"
    assert "33.13.06" in got.message
    # a row written by hand into a package outside the area is refused by the server
    verdict = (
        "INSERT INTO kec_duplicate_verdict (kind, pair_key, nik_a, nik_b, village_a, village_b,"
        " verdict, correcting_village, note, period, decided_at, decided_by) VALUES"
        f" ('nik_sama', 'luar', '', '', '{DESA_A}', '{DESA_A}', 'bukan', '', '', '', now(), '')"
    )
    with pytest.raises(DatabaseError) as denied:
        _write_by_hand(office, tono, verdict)
    assert denied.value.code == "SERVER_DENIED"
    assert _residents_of(office, DESA_A) == before


def test_the_villages_rows_are_never_edited_nor_deleted(office: Any) -> None:
    from sqlalchemy.exc import DBAPIError

    admin = _login(office, "admin")
    before = _residents_of(office, DESA_A)
    for sql in (
        "UPDATE kec_resident SET name = 'Diubah'",
        "DELETE FROM kec_resident",
        "DELETE FROM kec_household",
        "UPDATE kec_proposal SET status = 'x'",
    ):
        with pytest.raises(DBAPIError, match="milik desa"):
            _write_by_hand(office, admin, sql)
    assert _residents_of(office, DESA_A) == before
