"""A throwaway PostgreSQL server for the tests (issue 17): ``initdb`` in a temporary folder, a free
port, a Unix socket in that folder and no TCP listener, removed when the run ends. No mock: the
tests that take ``pg_url`` talk to a real server.

Where Debian's ``postgresql`` is not installed the tests that need it are skipped, unless
``JKN_REQUIRE_POSTGRES=1`` (set by ``.ci/run``, which installs it): then its absence fails the run."""

from __future__ import annotations

import contextlib
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

REQUIRED = "JKN_REQUIRE_POSTGRES"
# an ordinary role that signs in with a password (SCRAM), as an office's program does; the
# superuser ``jkn`` the tests otherwise use is let in without one and bypasses row-level security
OFFICE_ROLE = "jkn_kantor"
OFFICE_PASSWORD = "kata-sandi-kantor-uji"


def server_binaries() -> Path | None:
    """The newest installed server's bin folder (Debian: /usr/lib/postgresql/NN/bin)."""
    found = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4])
    )
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _as_server_user(cmd: list[str]) -> list[str]:
    """initdb and postgres refuse root; CI runs as root, so the server runs as nobody there."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return ["runuser", "-u", "nobody", "--", *cmd]
    return cmd


@contextlib.contextmanager
def throwaway_server(bin_dir: Path) -> Iterator[str]:
    """Start a new cluster; yield the SQLAlchemy URL of its ``postgres`` database; remove it."""
    folder = Path(tempfile.mkdtemp(prefix="jkn-pg-"))
    data, port = folder / "data", _free_port()
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        shutil.chown(folder, "nobody")
    try:
        subprocess.run(
            _as_server_user([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", "jkn"]),
            check=True,
            capture_output=True,
        )
        hba = data / "pg_hba.conf"
        hba.write_text(
            f"local all {OFFICE_ROLE} scram-sha-256\n" + hba.read_text(encoding="utf-8"),
            encoding="utf-8",
        )
        options = f"-p {port} -k {folder} -c listen_addresses= -c fsync=off"
        subprocess.run(
            _as_server_user(
                [
                    str(bin_dir / "pg_ctl"),
                    "-D",
                    str(data),
                    "-o",
                    options,
                    "-w",
                    "-l",
                    str(folder / "log"),
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        url = f"postgresql+psycopg://jkn@/postgres?host={folder}&port={port}"
        _make_office_role(url)
        try:
            yield url
        finally:
            subprocess.run(
                _as_server_user([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]),
                check=False,
                capture_output=True,
            )
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _make_office_role(url: str) -> None:
    from sqlalchemy import create_engine, text

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as conn:
            conn.execute(
                text(f"CREATE ROLE {OFFICE_ROLE} LOGIN PASSWORD '{OFFICE_PASSWORD}' NOSUPERUSER")
            )
    finally:
        admin.dispose()


def database_url(server_url: str, dbname: str) -> str:
    """The program's address (``postgresql://…``) of ``dbname`` on the throwaway server, signed
    in as the server's own superuser."""
    rest = server_url.split("://", 1)[1].replace("/postgres?", f"/{dbname}?")
    return f"postgresql://{rest}"


def libpq_dsn(server_url: str, dbname: str) -> str:
    """libpq's ``key=value`` form of the same, for bare psycopg (benchmarks' floors, admin)."""
    rest = server_url.split("://", 1)[1]
    query = dict(q.split("=", 1) for q in rest.split("?", 1)[1].split("&"))
    user = rest.split("@", 1)[0]
    return f"host={query['host']} port={query['port']} user={user} dbname={dbname}"


def office_url(server_url: str, dbname: str, password: str = OFFICE_PASSWORD) -> str:
    """The program's address (``postgresql://…``) of ``dbname`` signed in as the office role."""
    rest = database_url(server_url, dbname).split("@", 1)[1]
    return f"postgresql://{OFFICE_ROLE}:{password}@{rest}"
