"""A server database backed up with PostgreSQL's own tools and restored (issue 17, README
"Kabupaten dan kecamatan di server PostgreSQL"): ``pg_dump -Fc`` of a filled database,
``pg_restore`` into a new one, and the program opens the copy with the same counts and an audit
chain that still holds."""

from __future__ import annotations

import subprocess
from pathlib import Path

from sqlalchemy import func, select

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
