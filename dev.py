#!/usr/bin/env python3
"""Set-up and run JKN Desktop from a source checkout, with nothing but Python installed.

    python3 dev.py run [ARGS...]   create .venv on first use, then start the app (ARGS go to jkn-desktop)
    python3 dev.py test            create .venv on first use, then run lint, format check, types, import
                                   contracts, the module-size ratchet, tests
    python3 dev.py bundle          build the PyInstaller bundle and run its headless self-test

Only the standard library is used here, so it works before anything is installed. The packages come
from the lock files in requirements/ (exact versions, checked against their hashes): dev.txt for
run and test, build.txt (dev.txt plus PyInstaller) for bundle. README, "Installing".
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"


def venv_python() -> Path:
    if os.name == "nt":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def _requirements_digest(lock: Path) -> str:
    data = b"".join(p.read_bytes() for p in (lock, ROOT / "pyproject.toml", ROOT / "setup.py"))
    return hashlib.sha256(data).hexdigest()


def ensure_venv(lock_name: str) -> Path:
    """Create the virtual environment if needed and install the locked packages from
    requirements/<lock_name>.txt, then the project itself (editable, no other download)."""
    py = venv_python()
    if not py.exists():
        print("Menyiapkan lingkungan Python (.venv) untuk pertama kali…", flush=True)
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    lock = ROOT / "requirements" / f"{lock_name}.txt"
    digest = _requirements_digest(lock)
    if not STAMP.exists() or STAMP.read_text().strip() != digest:
        print("Memasang paket yang dibutuhkan…", flush=True)
        pip = [str(py), "-m", "pip", "install", "-q"]
        subprocess.check_call([*pip, "--require-hashes", "-r", str(lock)], cwd=ROOT)
        # the build backend is in the lock too: no unpinned download for the project itself
        subprocess.check_call([*pip, "--no-deps", "--no-build-isolation", "-e", "."], cwd=ROOT)
        STAMP.write_text(digest)
    return py


def cmd_run(args: list[str]) -> int:
    py = ensure_venv("dev")
    return subprocess.call([str(py), "-m", "ui.launcher", *args], cwd=ROOT)


def cmd_test(args: list[str]) -> int:
    py = ensure_venv("dev")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONDONTWRITEBYTECODE="1")
    steps = [
        [str(py), "-m", "ruff", "check", "."],
        [str(py), "-m", "ruff", "format", "--check", "."],
        [str(py), "-m", "mypy"],
        [str(py.parent / ("lint-imports.exe" if os.name == "nt" else "lint-imports"))],
        [str(py), str(ROOT / "scripts" / "check_sizes.py")],
        [str(py), "-m", "pytest", *args],
    ]
    for step in steps:
        print(
            "$",
            " ".join(Path(step[0]).name if i == 0 else s for i, s in enumerate(step)),
            flush=True,
        )
        rc = subprocess.call(step, cwd=ROOT, env=env)
        if rc != 0:
            return rc
    return 0


def cmd_bundle(args: list[str]) -> int:
    py = ensure_venv("build")
    return subprocess.call([str(py), str(ROOT / "scripts" / "build_bundle.py"), *args], cwd=ROOT)


def main() -> int:
    commands = {"run": cmd_run, "test": cmd_test, "bundle": cmd_bundle}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
