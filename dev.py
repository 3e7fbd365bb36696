#!/usr/bin/env python3
"""Set-up and run JKN Desktop from a source checkout, with nothing but Python installed.

    python3 dev.py run [ARGS...]   create .venv on first use, then start the app (ARGS go to jkn-desktop)
    python3 dev.py test            create .venv on first use, then run lint, format check, types, import
                                   contracts, the module-size ratchet, tests
    python3 dev.py bundle          build the PyInstaller bundle and run its headless self-test

Only the standard library is used here, so it works before anything is installed.
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


def _requirements_digest(extras: str) -> str:
    data = (ROOT / "pyproject.toml").read_bytes() + extras.encode()
    return hashlib.sha256(data).hexdigest()


def ensure_venv(extras: str) -> Path:
    """Create the virtual environment and install the project (editable) if needed."""
    py = venv_python()
    if not py.exists():
        print("Menyiapkan lingkungan Python (.venv) untuk pertama kali…", flush=True)
        venv.EnvBuilder(with_pip=True, clear=False).create(VENV)
    digest = _requirements_digest(extras)
    if not STAMP.exists() or STAMP.read_text().strip() != digest:
        print("Memasang paket yang dibutuhkan…", flush=True)
        subprocess.check_call([str(py), "-m", "pip", "install", "-q", "--upgrade", "pip"])
        target = f".[{extras}]" if extras else "."
        subprocess.check_call([str(py), "-m", "pip", "install", "-q", "-e", target], cwd=ROOT)
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
        [str(py.parent / "lint-imports")],
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
    py = ensure_venv("dev,build")
    return subprocess.call([str(py), str(ROOT / "scripts" / "build_bundle.py"), *args], cwd=ROOT)


def main() -> int:
    commands = {"run": cmd_run, "test": cmd_test, "bundle": cmd_bundle}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        return 2
    return commands[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
