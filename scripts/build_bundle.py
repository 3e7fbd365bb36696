"""Build the PyInstaller bundle from build.spec and run its headless self-test.

python3 dev.py bundle        (creates .venv with PyInstaller, then runs this)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _size_mb(folder: Path) -> float:
    return (
        sum(f.stat().st_size for f in folder.rglob("*") if f.is_file() and not f.is_symlink()) / 1e6
    )


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
    folder = dist / "jkn-desktop"
    exe = folder / ("jkn-desktop.exe" if os.name == "nt" else "jkn-desktop")
    print(f"bundle: {folder} ({_size_mb(folder):.0f} MB)")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    env.pop("JKN_DESKTOP_DB", None)
    rc = subprocess.call([str(exe), "selftest"], env=env, timeout=300)
    print(f"bundle self-test: {'OK' if rc == 0 else f'GAGAL (kode {rc})'}")
    if rc != 0:
        return rc
    # the window too: open a fresh database and render every page offscreen
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "uji.sqlite3"
        for args in (
            ["init", "--kode-wilayah", "33.13.05.2006"],
            ["demo", "--residents", "300"],
            ["screenshots", str(Path(tmp) / "gambar")],
        ):
            rc = subprocess.call([str(exe), "--db", str(db), *args], env=env, timeout=300)
            if rc != 0:
                print(f"bundle window test: GAGAL pada {args[0]} (kode {rc})")
                return rc
        pages = len(list((Path(tmp) / "gambar").glob("*.png")))
    print(f"bundle window test: OK ({pages} gambar halaman)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
