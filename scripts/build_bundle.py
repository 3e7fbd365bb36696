"""Build the PyInstaller bundle from build.spec and run its headless self-test.

python3 dev.py bundle        (creates .venv with PyInstaller, then runs this)
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _size_mb(folder: Path) -> float:
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file()) / 1e6


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
    return rc


if __name__ == "__main__":
    sys.exit(main())
