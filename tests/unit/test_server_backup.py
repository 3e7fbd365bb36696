"""A server database backed up with PostgreSQL's own tools and restored (issue 17, README
"Kabupaten dan kecamatan di server PostgreSQL"): ``pg_dump -Fc`` of a filled database,
``pg_restore`` into a new one, and the program opens the copy with the same counts and an audit
chain that still holds."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sqlalchemy import func, select, text

from jkn_desktop.persistence.tables import audit_t, household_t, membership_t, resident_t
from tests.conftest import _pg_admin, server_address


def _counts(db: object) -> dict[str, int]:
    with db.work("t", write=False) as w:  # type: ignore[attr-defined]
        return {
            t.name: int(w.conn.execute(select(func.count()).select_from(t)).scalar_one())
            for t in (resident_t, household_t, membership_t, audit_t)
        }


def _tool(name: str) -> str:
    from tests.pg_server import server_binaries

    bin_dir = server_binaries()
    assert bin_dir is not None
    return str(bin_dir / name)


def _libpq_args(server: str, dbname: str) -> list[str]:
    """-h/-p/-U for the throwaway server (a Unix socket folder and a port)."""
    query = dict(p.split("=", 1) for p in server.split("?", 1)[1].split("&"))
    return ["-h", query["host"], "-p", query["port"], "-U", "jkn", "-d", dbname]


def test_pg_dump_and_pg_restore_give_back_the_same_village(pg_server: str, tmp_path: Path) -> None:
    from jkn_desktop.demo.village import generate
    from jkn_desktop.services.audit_trail import verify_chain
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    _pg_admin(pg_server, 'DROP DATABASE IF EXISTS "dump_src" WITH (FORCE)')
    _pg_admin(pg_server, 'DROP DATABASE IF EXISTS "dump_copy" WITH (FORCE)')
    _pg_admin(pg_server, 'CREATE DATABASE "dump_src"')
    _pg_admin(pg_server, 'CREATE DATABASE "dump_copy"')
    try:
        db = open_database(server_address(pg_server, "dump_src"))
        info = db.run(resolve_identity, "33.13.05.2006", kepala_desa="Sutrisno")
        db.run(save_village, info)
        generate(db, 400, seed=5)
        before = _counts(db)
        db.close()
        assert before["resident"] > 300
        assert before["audit_log"] > 0

        dump = tmp_path / "kecamatan.dump"
        subprocess.run(
            [_tool("pg_dump"), "-Fc", "-f", str(dump), *_libpq_args(pg_server, "dump_src")],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [_tool("pg_restore"), "--no-owner", *_libpq_args(pg_server, "dump_copy"), str(dump)],
            check=True,
            capture_output=True,
        )

        copy = open_database(server_address(pg_server, "dump_copy"))
        try:
            assert _counts(copy) == before
            report = copy.run(verify_chain, write=False)
            assert report.ok
            assert report.entries == before["audit_log"]
            # the copy takes new work: its id sequences came back too, and the chain goes on
            changed = resolve_identity_again(copy)
            assert changed.kepala_desa == "Sri Lestari"
            after = copy.run(verify_chain, write=False)
            assert after.ok
            assert after.entries > before["audit_log"]
        finally:
            copy.close()
    finally:
        _pg_admin(pg_server, 'DROP DATABASE IF EXISTS "dump_src" WITH (FORCE)')
        _pg_admin(pg_server, 'DROP DATABASE IF EXISTS "dump_copy" WITH (FORCE)')


def resolve_identity_again(db: object) -> object:
    from jkn_desktop.services.registry.village import get_village, resolve_identity, save_village

    info = db.run(resolve_identity, "33.13.05.2006", kepala_desa="Sri Lestari")  # type: ignore[attr-defined]
    db.run(save_village, info)  # type: ignore[attr-defined]
    return db.run(get_village, write=False)  # type: ignore[attr-defined]


def test_a_kecamatan_with_its_areas_comes_back_from_pg_dump_for_its_office_role(
    pg_server: str, tmp_path: Path, template_db: Path
) -> None:
    """A consolidation whose tables the office role owns, with row-level security forced on it:
    the role's own pg_dump is refused by the server (its rows are kept to an area), the
    superuser's dump restores into a database of that role, and the program opens it as the
    role with the same rows and the areas still in force."""
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.kecamatan.identity import init_kecamatan
    from jkn_desktop.services.kecamatan.receive import receive_package
    from tests.kecamatan_helpers import at, export, make_village
    from tests.pg_server import OFFICE_PASSWORD, OFFICE_ROLE, office_url

    village = make_village(template_db, tmp_path, "33.13.05.2001", seed=3, residents=150)
    package = export(village, "2026-11", tmp_path / "paket.xlsx", at=at(1, 12))
    village.close()
    for name in ("kec_src", "kec_copy"):
        _pg_admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        _pg_admin(pg_server, f'CREATE DATABASE "{name}" OWNER {OFFICE_ROLE}')
    try:
        db = open_database(office_url(pg_server, "kec_src"))
        db.run(init_kecamatan, "33.13.05")
        assert db.run(receive_package, package, register_new_key=True).rows > 0
        before = _kec_counts(db)
        db.close()

        dump = tmp_path / "kecamatan.dump"
        as_office = [
            *_libpq_args(pg_server, "kec_src")[:4],
            "-U",
            OFFICE_ROLE,
            "-d",
            "kec_src",
        ]
        own = subprocess.run(
            [_tool("pg_dump"), "-Fc", "-f", str(dump), *as_office],
            capture_output=True,
            text=True,
            env={"PGPASSWORD": OFFICE_PASSWORD, "PATH": "/usr/bin:/bin"},
            check=False,
        )
        assert own.returncode != 0
        assert "row-level security" in own.stderr
        subprocess.run(
            [_tool("pg_dump"), "-Fc", "-f", str(dump), *_libpq_args(pg_server, "kec_src")],
            check=True,
            capture_output=True,
        )
        subprocess.run(
            [_tool("pg_restore"), *_libpq_args(pg_server, "kec_copy"), str(dump)],
            check=True,
            capture_output=True,
        )
        copy = open_database(office_url(pg_server, "kec_copy"))
        try:
            assert _kec_counts(copy) == before
            with copy.engine.connect() as conn:  # outside a job: no area, no village's rows
                assert conn.execute(text("SELECT count(*) FROM kec_resident")).scalar_one() == 0
        finally:
            copy.close()
    finally:
        for name in ("kec_src", "kec_copy"):
            _pg_admin(pg_server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _kec_counts(db: object) -> tuple[int, ...]:
    with db.work("t", write=False) as w:  # type: ignore[attr-defined]
        return tuple(
            int(w.conn.execute(text(f"SELECT count(*) FROM {t}")).scalar_one())
            for t in ("kec_package", "kec_resident", "kec_household", "audit_log")
        )
