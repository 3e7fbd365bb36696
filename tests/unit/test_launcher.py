"""The entry point both programs share (ui/launcher.py), run as Windows runs them: the windowed
``JKN Desktop.exe`` (and pythonw) has no sys.stdout / sys.stderr at all, and output redirected to a
file or a pipe would be in the locale's code page. Each case runs in a fresh interpreter, since it
replaces the process's standard streams."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _python(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_without_a_console_a_refused_command_ends_with_its_code_not_a_crash(
    tmp_path: Path,
) -> None:
    not_a_database = tmp_path / "desa.sqlite3"
    not_a_database.write_text("bukan basis data", encoding="utf-8")
    result = tmp_path / "kode.txt"
    code = (
        "import sys\n"
        "sys.stdout = None\n"
        "sys.stderr = None\n"
        "from ui.launcher import main\n"
        f"rc = main(['--db', {str(not_a_database)!r}, 'coverage'])\n"
        f"open({str(result)!r}, 'w').write(str(rc))\n"
    )
    done = _python(code, tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert result.read_text() == "2"  # the usage/input error code: the message went to the sink


def test_without_a_console_help_and_version_end_normally(tmp_path: Path) -> None:
    code = (
        "import sys\n"
        "sys.stdout = None\n"
        "sys.stderr = None\n"
        "from ui.launcher import main\n"
        "for args in (['--help'], ['--version']):\n"
        "    try:\n"
        "        main(args)\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code == 0, exc.code\n"
    )
    done = _python(code, tmp_path)
    assert done.returncode == 0, done.stderr.decode()


def test_redirected_output_is_utf8_whatever_the_locale_code_page(tmp_path: Path) -> None:
    # cp1252, as on an Indonesian or English Windows: an arrow or a name outside it would stop
    # the command with UnicodeEncodeError
    code = (
        "from ui.launcher import prepare_streams\n"
        "assert prepare_streams()\n"
        "print('Āisyah → Dusun Krajan')\n"
    )
    done = _python(code, tmp_path, PYTHONIOENCODING="cp1252")
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode("utf-8").strip() == "Āisyah → Dusun Krajan"
