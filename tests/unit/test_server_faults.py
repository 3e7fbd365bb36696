"""Bad input and faults on a PostgreSQL server (issue 17): each gets a clear message in
Indonesian and nothing partial is stored. Against the real throwaway server (tests/pg_server.py):
a wrong address, a refused password, a missing database, the version check, a database of another
kecamatan, the server going away in the middle of taking in a package, and two staff taking in the
same package at once."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from jkn_desktop.errors import DatabaseError
from jkn_desktop.paths import ServerAddress
from tests.conftest import _pg_admin, server_address
from tests.kecamatan_helpers import at, export, make_village

KEC, DESA = "33.13.05", "33.13.05.2001"


def _open(address: object) -> Any:
    from jkn_desktop.services.database import open_database

    return open_database(address)  # type: ignore[arg-type]


def _refusal(address: object) -> DatabaseError:
    with pytest.raises(DatabaseError) as refused:
        _open(address)
    return refused.value


def test_a_host_that_does_not_exist_is_named() -> None:
    e = _refusal(ServerAddress("postgresql://jkn@server-tidak-ada.invalid/jkn"))
    assert e.code == "SERVER_HOST"
    assert "server-tidak-ada.invalid" in e.message


def test_a_computer_where_no_server_listens_is_unreachable() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # free: nothing listens on it once the socket closes
    e = _refusal(ServerAddress(f"postgresql://jkn@127.0.0.1:{port}/jkn"))
    assert e.code == "SERVER_UNREACHABLE"
    assert "tidak ada yang diubah" in e.message


def test_a_refused_password_says_so_and_never_shows_it(pg_server: str) -> None:
    from tests.pg_server import office_url

    e = _refusal(office_url(pg_server, "postgres", password="salah-ketik-99"))
    assert e.code == "SERVER_PASSWORD"
    assert "jkn_kantor" in e.message
    assert "salah-ketik-99" not in e.message


def test_a_database_missing_on_the_server_is_named(pg_server: str) -> None:
    e = _refusal(server_address(pg_server, "basis_data_tidak_ada"))
    assert e.code == "SERVER_NO_DATABASE"
    assert "basis_data_tidak_ada" in e.message


def test_servers_older_than_15_are_refused_and_this_one_is_not(pg_server: str) -> None:
    """The refusal is decided by ``SHOW server_version_num`` (no older server is installed here to
    connect to): the comparison on the numbers PostgreSQL 13, 14, 15 and 17 report, and the check
    itself on the real server's answer."""
    from jkn_desktop.persistence.server import check_version, too_old

    assert too_old(130015)
    assert too_old(140012)
    assert not too_old(150000)
    assert not too_old(170002)
    engine = create_engine(pg_server)
    try:
        with engine.connect() as conn:
            number = int(conn.exec_driver_sql("SHOW server_version_num").scalar_one())
            check_version(conn, server_address(pg_server, "postgres"))  # type: ignore[arg-type]
    finally:
        engine.dispose()
    assert number >= 150000


# --- server init ----------------------------------------------------------------------------------
@pytest.fixture
def empty_db(pg_server: str, request: pytest.FixtureRequest) -> Iterator[object]:
    name = "t_init_" + request.node.name[5:35].lower()
    _pg_admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _pg_admin(pg_server, f'CREATE DATABASE "{name}"')
    yield server_address(pg_server, name)
    _pg_admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    from jkn_desktop.cli import main

    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def _state(address: object) -> tuple[Any, ...]:
    db = _open(address)
    try:
        with db.work("t", write=False) as w:
            kec = w.conn.execute(text("SELECT kode_wilayah, kecamatan FROM kecamatan")).all()
            audit = w.conn.execute(text("SELECT count(*) FROM audit_log")).scalar_one()
        return tuple(kec), audit
    finally:
        db.close()


def test_server_init_sets_up_a_kecamatan_and_again_changes_nothing_twice(
    empty_db: object, capsys: pytest.CaptureFixture[str]
) -> None:
    address = empty_db.text  # type: ignore[attr-defined]
    code, out, err = _cli(capsys, "--db", address, "server", "init", "--kode-wilayah", "331305")
    assert code == 0, err
    assert "Kecamatan Matesih (33.13.05) disiapkan" in out
    # the tests' server role is a superuser: the program says the areas cannot hold for it
    assert "superuser" in out
    kec, _audit = _state(empty_db)
    assert kec == (("33.13.05", "Matesih"),)
    code, out, err = _cli(capsys, "--db", address, "server", "init", "--kode-wilayah", KEC)
    assert code == 0, err
    assert "sudah disiapkan sebelumnya" in out
    assert _state(empty_db)[0] == kec


def test_server_init_refuses_a_database_of_another_kecamatan_and_changes_nothing(
    empty_db: object, capsys: pytest.CaptureFixture[str]
) -> None:
    address = empty_db.text  # type: ignore[attr-defined]
    assert _cli(capsys, "--db", address, "server", "init", "--kode-wilayah", "33.13.06")[0] == 0
    before = _state(empty_db)
    code, _out, err = _cli(capsys, "--db", address, "server", "init", "--kode-wilayah", KEC)
    assert code == 2
    assert "sudah milik kecamatan" in err
    assert "(33.13.06), bukan wilayah 33.13.05" in err
    assert "Tidak ada yang diubah" in err
    assert _state(empty_db) == before
    # a kabupaten's set-up on that kecamatan's database: refused the same way
    code, _out, err = _cli(capsys, "--db", address, "server", "init", "--kode-wilayah", "33.13")
    assert code == 2
    assert "sudah milik kecamatan" in err


def test_server_init_sets_up_a_kabupaten_and_refuses_a_kecamatan_on_it_after(
    empty_db: object, capsys: pytest.CaptureFixture[str]
) -> None:
    address = empty_db.text  # type: ignore[attr-defined]
    code, out, err = _cli(
        capsys, "--db", address, "server", "init", "--kode-wilayah", "33.13", "--kepala", "Dra. Sri"
    )
    assert code == 0, err
    assert "Kabupaten Karanganyar (33.13) disiapkan" in out
    kec, _audit = _state(empty_db)
    assert kec[0][0] == "33.13"
    # the same kabupaten again: its names refreshed, nothing twice
    code, out, err = _cli(capsys, "--db", address, "server", "init", "--kode-wilayah", "3313")
    assert code == 0, err
    assert "sudah disiapkan sebelumnya" in out
    assert _state(empty_db)[0] == kec
    # a kecamatan's set-up on the kabupaten's database: refused, nothing changed
    code, _out, err = _cli(capsys, "--db", address, "server", "init", "--kode-wilayah", KEC)
    assert code == 2
    assert "sudah milik kabupaten" in err
    assert _state(empty_db)[0] == kec


def test_server_init_refuses_a_file_and_a_village_code(
    tmp_path: Path, empty_db: object, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _out, err = _cli(
        capsys, "--db", str(tmp_path / "a.sqlite3"), "server", "init", "--kode-wilayah", KEC
    )
    assert code == 2
    assert "adalah berkas" in err
    address = empty_db.text  # type: ignore[attr-defined]
    code, _out, err = _cli(capsys, "--db", address, "server", "init", "--kode-wilayah", DESA)
    assert code == 2
    assert "PP.KK.SS" in err
    assert not (tmp_path / "a.sqlite3").exists()


# --- faults in the middle of work -----------------------------------------------------------------
@pytest.fixture(scope="module")
def package(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("paket")
    village = make_village(template_db, root, DESA, seed=7, residents=300)
    try:
        return export(village, "2026-11", root / "paket.xlsx", at=at(1, 12))
    finally:
        village.close()


@pytest.fixture
def kecamatan(pg_server: str, request: pytest.FixtureRequest) -> Iterator[Any]:
    from jkn_desktop.services.kecamatan.identity import init_kecamatan

    name = "t_fault_" + request.node.name[5:35].lower()
    _pg_admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _pg_admin(pg_server, f'CREATE DATABASE "{name}"')
    address = server_address(pg_server, name)
    db = _open(address)
    db.run(init_kecamatan, KEC)
    yield db, address
    db.close()
    _pg_admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _taken_in(db: Any) -> tuple[int, int]:
    with db.work("t", write=False) as w:
        packages = w.conn.execute(text("SELECT count(*) FROM kec_package")).scalar_one()
        residents = w.conn.execute(text("SELECT count(*) FROM kec_resident")).scalar_one()
    return int(packages), int(residents)


def test_the_server_going_away_mid_import_stores_nothing_and_the_next_job_works(
    kecamatan: tuple[Any, Any], package: Path, pg_server: str
) -> None:
    from jkn_desktop.services.kecamatan.receive import receive_package

    db, address = kecamatan
    inside, cut = threading.Event(), threading.Event()
    failure: list[BaseException] = []

    def take_in() -> None:
        try:
            with db.work("petugas") as w:
                got = receive_package(w, package, register_new_key=True)
                assert got.rows > 0
                inside.set()  # the rows are written, the job not yet committed
                cut.wait(30)
                w.conn.execute(text("SELECT count(*) FROM kec_resident"))
        except BaseException as exc:
            failure.append(exc)
            inside.set()

    worker = threading.Thread(target=take_in)
    worker.start()
    assert inside.wait(60)
    admin = create_engine(pg_server)
    try:
        with admin.begin() as conn:
            ended = conn.execute(
                text(
                    "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                    "WHERE datname = :db AND state = 'idle in transaction'"
                ),
                {"db": address.dbname},
            ).scalar_one()
    finally:
        admin.dispose()
    cut.set()
    worker.join(60)
    assert ended == 1
    assert len(failure) == 1
    assert isinstance(failure[0], DatabaseError)
    assert failure[0].code == "SERVER_GONE"
    assert "tidak disimpan sama sekali" in failure[0].message
    assert _taken_in(db) == (0, 0)  # nothing half-written
    # the program reconnects by itself: the next job takes the package in whole
    again = db.run(receive_package, package, register_new_key=True)
    assert again.rows > 0
    assert not again.already
    assert _taken_in(db) == (1, 300)


def test_two_staff_taking_in_the_same_package_at_once_store_it_once(
    kecamatan: tuple[Any, Any], package: Path
) -> None:
    from jkn_desktop.services.kecamatan.receive import receive_package

    first, address = kecamatan
    second = _open(address)  # another computer's program on the same database
    start = threading.Barrier(2)
    results: list[Any] = []

    def take_in(db: Any, who: str) -> None:
        start.wait(10)
        results.append(db.run(receive_package, package, user=who, register_new_key=True))

    try:
        workers = [
            threading.Thread(target=take_in, args=(db, who))
            for db, who in ((first, "Sri"), (second, "Budi"))
        ]
        for w in workers:
            w.start()
        for w in workers:
            w.join(120)
    finally:
        second.close()
    assert len(results) == 2
    assert sorted(r.already for r in results) == [False, True]
    assert _taken_in(first) == (1, 300)


@pytest.fixture(scope="module")
def three_villages(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("tiga")
    files = []
    for i, kode in enumerate(("33.13.05.2002", "33.13.05.2003", "33.13.05.2006")):
        village = make_village(template_db, root, kode, seed=20 + i, residents=200)
        try:
            files.append(export(village, "2026-11", root / f"paket_{i}.xlsx", at=at(1, 12)))
        finally:
            village.close()
    return files


def test_staff_receiving_villages_at_once_write_together_and_the_trail_holds(
    kecamatan: tuple[Any, Any], three_villages: list[Path], package: Path
) -> None:
    """Receiving locks only the package's village on a server (decision 50): four staff at once,
    two of them with the same package, beside a change to the village list (a job holding the
    whole database's lock). Every package is stored once, each receipt is audited, and the
    audit trail's chain holds, in the order the entries were written."""
    from jkn_desktop.services.audit_trail import verify_chain
    from jkn_desktop.services.kecamatan.batch import receive_files
    from jkn_desktop.services.kecamatan.identity import save_village

    first, address = kecamatan
    others = [_open(address) for _ in range(4)]
    start = threading.Barrier(5)
    reports: list[Any] = []
    failures: list[BaseException] = []

    def receive(db: Any, who: str, path: Path) -> None:
        try:
            start.wait(10)
            reports.append(receive_files(db, [path], user=who, register_new_keys=True))
        except BaseException as exc:
            failures.append(exc)

    def rename(db: Any) -> None:
        try:
            start.wait(10)
            db.run(save_village, "33.13.05.2004", "Gedangan Baru", user="Camat")
        except BaseException as exc:
            failures.append(exc)

    jobs = [
        threading.Thread(target=receive, args=(others[0], "Sri", three_villages[0])),
        threading.Thread(target=receive, args=(others[1], "Budi", three_villages[1])),
        threading.Thread(target=receive, args=(others[2], "Ani", three_villages[2])),
        threading.Thread(target=receive, args=(others[3], "Dewi", three_villages[2])),
        threading.Thread(target=rename, args=(first,)),
    ]
    try:
        for j in jobs:
            j.start()
        for j in jobs:
            j.join(180)
    finally:
        for db in others:
            db.close()
    assert failures == []
    assert all(not r.refused for r in reports)
    received = [x for r in reports for x in r.received]
    assert sorted(x.already for x in received) == [False, False, False, True]
    assert _taken_in(first) == (3, 600)
    with first.work("t", write=False) as w:
        actions = w.conn.execute(
            text(
                "SELECT DISTINCT actor FROM audit_log WHERE action = 'receive' "
                "AND entity = 'kec_package'"
            )
        ).scalars()
        assert sorted(actions) in (["Ani", "Budi", "Sri"], ["Budi", "Dewi", "Sri"])
    chain = first.run(verify_chain, write=False)
    assert chain.broken == 0
    assert chain.head_problem == ""


def test_server_init_as_the_office_role_reports_the_areas_in_force(
    pg_server: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.pg_server import OFFICE_ROLE, office_url

    _pg_admin(pg_server, 'DROP DATABASE IF EXISTS "t_init_kantor" WITH (FORCE)')
    _pg_admin(pg_server, f'CREATE DATABASE "t_init_kantor" OWNER {OFFICE_ROLE}')
    try:
        address = office_url(pg_server, "t_init_kantor")
        code, out, err = _cli(capsys, "--db", address, "server", "init", "--kode-wilayah", KEC)
        assert code == 0, err
        assert f"Pembatasan wilayah aktif untuk peran {OFFICE_ROLE}" in out
        assert "kata-sandi-kantor-uji" not in out + err
    finally:
        _pg_admin(pg_server, 'DROP DATABASE IF EXISTS "t_init_kantor" WITH (FORCE)')
