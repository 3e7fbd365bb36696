"""Build the PyInstaller bundle from build.spec and try it as a user would, headless:

- both programs are in the folder: the windowed one (``JKN Desktop.exe``; ``jkn-desktop-gui`` on
  Linux) and the console one (``jkn-desktop.exe``);
- the console one: ``--version`` says the version of pyproject.toml, ``selftest`` passes, and a
  database is made, filled with a demo village and asked for its JKN coverage;
- the windowed one opens that database and renders every page offscreen;
- the console one sets up a kabupaten's database on a throwaway PostgreSQL server and searches it
  (psycopg and libpq travel in the bundle);
- nothing that build.spec trims (Qt's network, QML, Quick, PDF libraries, the software OpenGL,
  other languages' translations) came back.

python3 dev.py bundle        (installs requirements/build.txt into .venv, then runs this)
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FOLDER = "jkn-desktop"
TRIMMED = re.compile(
    r"(Qt6(Network|Qml|Quick|Pdf|VirtualKeyboard|OpenGL)|opengl32sw|d3dcompiler|qtuiotouch|qpdf)",
    re.IGNORECASE,
)
KEPT_TRANSLATIONS = {"qt_id.qm", "qtbase_id.qm", "qt_en.qm", "qtbase_en.qm"}


def _size_mb(folder: Path) -> float:
    return (
        sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6
    )


def programs(folder: Path) -> tuple[Path, Path]:
    """(windowed, console) executables of the bundle on this platform."""
    if os.name == "nt":
        return folder / "JKN Desktop.exe", folder / "jkn-desktop.exe"
    gui = "JKN Desktop" if sys.platform == "darwin" else "jkn-desktop-gui"
    return folder / gui, folder / "jkn-desktop"


def trimming_problems(folder: Path) -> list[str]:
    """Files build.spec meant to leave out that are in the bundle anyway, and links to nothing."""
    found = [p for p in folder.rglob("*") if p.is_symlink() and not p.exists()]
    found += [p for p in folder.rglob("*") if p.is_file() and TRIMMED.search(p.name)]
    found += [
        p
        for p in folder.rglob("*.qm")
        if "PySide6" in p.parts and "translations" in p.parts and p.name not in KEPT_TRANSLATIONS
    ]
    return sorted(str(p.relative_to(folder)) for p in found)


def _run(exe: Path, args: list[str], env: dict[str, str], what: str) -> str | None:
    """Run one command of the bundle; its stdout, or None (and a line saying so) on failure."""
    done = subprocess.run(
        [str(exe), *args], env=env, timeout=300, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        print(
            f"bundle {what}: GAGAL pada {exe.name} {' '.join(args[-2:])} (kode {done.returncode})"
        )
        print(done.stdout[-2000:], done.stderr[-2000:], sep="\n", file=sys.stderr)
        return None
    return done.stdout


def try_bundle(folder: Path) -> int:
    gui, cli = programs(folder)
    missing = [p.name for p in (gui, cli) if not p.is_file()]
    if missing:
        print(f"bundle: tidak ada {', '.join(missing)} di {folder}")
        return 1
    leftovers = trimming_problems(folder)
    if leftovers:
        print("bundle: berkas yang mestinya dibuang build.spec masih ada:", *leftovers, sep="\n  ")
        return 1
    carried = {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}
    absent = [
        need
        for need in ("LICENSE", "resources/i18n/qt_id.qm", "resources/guide/panduan.md")
        if not any(c == need or c.endswith("/" + need) for c in carried)
    ]
    if absent:
        print("bundle: berkas yang harus ikut tidak ada:", *absent, sep="\n  ")
        return 1
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("JKN_DESKTOP_DB", None)

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    out = _run(cli, ["--version"], env, "--version")
    if out is None or out.strip() != f"JKN Desktop {version}":
        print(f"bundle --version: GAGAL ({out!r}, diharapkan 'JKN Desktop {version}')")
        return 1
    if _run(cli, ["selftest"], env, "self-test") is None:
        return 1
    print(f"bundle self-test ({cli.name}): OK")

    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "uji.sqlite3"
        shots = Path(tmp) / "gambar"
        on_db = ["--db", str(db)]
        for args in (["init", "--kode-wilayah", "33.13.05.2006"], ["demo", "--residents", "300"]):
            if _run(cli, [*on_db, *args], env, "command line") is None:
                return 1
        report = _run(cli, [*on_db, "coverage"], env, "command line")
        if report is None or not report.strip():
            print("bundle command line: GAGAL (coverage tidak menulis apa pun)")
            return 1
        guide = Path(tmp) / "panduan.pdf"
        if _run(cli, ["panduan", "--pdf", str(guide)], env, "command line") is None:
            return 1
        if not guide.read_bytes().startswith(b"%PDF"):
            print("bundle command line: GAGAL (panduan --pdf tidak menulis PDF)")
            return 1
        print(f"bundle command line ({cli.name} coverage, panduan --pdf): OK")
        # the window: open the same database and render every page offscreen
        if _run(gui, [*on_db, "screenshots", str(shots)], env, "window test") is None:
            return 1
        pages = len(list(shots.glob("*.png")))
    print(f"bundle window test ({gui.name}): OK ({pages} gambar halaman)")
    return _try_server(cli, env)


def _try_server(cli: Path, env: dict[str, str]) -> int:
    """The bundle on a PostgreSQL server (issue 17): psycopg and its libpq travel in the bundle,
    so a kabupaten's database on a throwaway server is set up and searched with the bundled
    program alone. Skipped where no PostgreSQL server is installed (CI installs one)."""
    sys.path.insert(0, str(ROOT))
    from tests.pg_server import database_url, libpq_dsn, server_binaries, throwaway_server

    bin_dir = server_binaries()
    if bin_dir is None:
        print("bundle on a server: dilewati (PostgreSQL tidak terpasang)")
        return 0 if not os.environ.get("JKN_REQUIRE_POSTGRES") else 1
    import psycopg

    with throwaway_server(bin_dir) as url:
        with psycopg.connect(libpq_dsn(url, "postgres"), autocommit=True) as con:
            con.execute("CREATE DATABASE bundel")
        on_server = ["--db", database_url(url, "bundel")]
        init = _run(cli, [*on_server, "server", "init", "--kode-wilayah", "33.18"], env, "server")
        found = _run(cli, [*on_server, "kabupaten", "cari", "siti"], env, "server")
    if init is None or found is None or "Belum ada paket desa" not in found:
        print(f"bundle on a server: GAGAL ({init!r}, {found!r})")
        return 1
    print(f"bundle on a server ({cli.name} server init, kabupaten cari): OK")
    return 0


def main() -> int:
    work = ROOT / "build" / "pyinstaller"
    dist = ROOT / "dist"
    rc = subprocess.call(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            "--noconfirm",
            "--clean",
            "--log-level",
            "WARN",
            "--workpath",
            str(work),
            "--distpath",
            str(dist),
            str(ROOT / "build.spec"),
        ],
        cwd=ROOT,
    )
    if rc != 0:
        print("bundle: PyInstaller gagal", file=sys.stderr)
        return rc
    folder = dist / FOLDER
    print(f"bundle: {folder} ({_size_mb(folder):.0f} MB)")
    return try_bundle(folder)


if __name__ == "__main__":
    sys.exit(main())
