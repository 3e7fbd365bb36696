"""The village's month on the command line with ``--db postgresql://…`` (issue 17): the same
commands, in the order the files arrive, on a SQLite file and on a database on the throwaway
server, say the same thing word for word — the figures, the counter check, the roster, the audit
trail — and the server's own limits are said plainly (no backups of a server from the program)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jkn_desktop.cli import main
from tests.conftest import _pg_admin, server_address

SAMPLES = Path(__file__).resolve().parents[3] / "shared" / "samples"
pytestmark = pytest.mark.skipif(
    not SAMPLES.exists(), reason="shared samples not beside the checkout"
)
OPENSID = SAMPLES / "opensid_penduduk_girilayu.xlsx"
OCTOBER = SAMPLES / "pbi_dinsos_girilayu_2026-10.xlsx"


def _run(capsys: pytest.CaptureFixture[str], db: str, *args: str) -> tuple[int, str]:
    code = main(["--db", db, *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def _month(capsys: pytest.CaptureFixture[str], db: str, out: Path) -> list[str]:
    """What the office sees in a month: identity, residents, the Dinsos list, coverage, a check
    at the counter, the PBI roster, the audit trail's check."""
    said = []
    for args in (
        ("init", "--kode-wilayah", "33.13.05.2006"),
        ("import-residents", str(OPENSID)),
        ("import-pbi", str(OCTOBER), "--period", "2026-10"),
        ("coverage",),
        ("check", "3313055908090245"),
        ("roster", "--period", "2026-10", "--kind", "pbi", "-o", str(out / "pbi.pdf")),
    ):
        code, text = _run(capsys, db, *args)
        assert code == 0, text
        said.append(text)
    return said


def _neutral(text: str, *places: str) -> str:
    """Where the database is and how old a status is today are the only words that differ; a
    file's step backup (what ``undo`` restores) has no counterpart on a server, whose backups
    are its own."""
    text = re.sub(r"Cadangan sebelum langkah ini: .*\n", "", text)
    for place in places:
        text = text.replace(place, "<basis data>")
    text = re.sub(r"sudah \d+ hari", "sudah N hari", text)
    return re.sub(r"pukul \d\d\.\d\d", "pukul HH.MM", text)


def test_a_month_on_a_server_reads_word_for_word_as_on_a_file(
    capsys: pytest.CaptureFixture[str], pg_server: str, tmp_path: Path
) -> None:
    _pg_admin(pg_server, "CREATE DATABASE cli_month")
    try:
        address = server_address(pg_server, "cli_month")
        (tmp_path / "file").mkdir()
        (tmp_path / "server").mkdir()
        on_file = _month(capsys, str(tmp_path / "desa.sqlite3"), tmp_path / "file")
        on_server = _month(capsys, address.text, tmp_path / "server")  # type: ignore[attr-defined]
        shown = str(address)
        assert [_neutral(t, str(tmp_path / "desa.sqlite3"), shown) for t in on_file] == [
            _neutral(t.replace(str(tmp_path / "server"), str(tmp_path / "file")), shown)
            for t in on_server
        ]
        assert "Penduduk hidup: 99; terdaftar JKN: 27 (cakupan 27,27%)" in on_server[3]
        assert "AKTIF — PBI JK (APBN)" in on_server[4]
        # nothing about a file is said of a server: no daily-backup warning, no file path
        assert not any("cadangan" in t for t in on_server)
        code, text = _run(capsys, address.text, "audit", "verify")  # type: ignore[attr-defined]
        assert code == 0, text
        assert text.startswith("Jejak audit utuh")
        # a backup of a server is the server's own business, said plainly
        code, text = _run(capsys, address.text, "backup")  # type: ignore[attr-defined]
        assert code != 0
        assert "pg_dump" in text
        assert "Traceback" not in text
    finally:
        _pg_admin(pg_server, 'DROP DATABASE IF EXISTS "cli_month" WITH (FORCE)')
