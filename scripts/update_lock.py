"""Write the lock files in requirements/ from pyproject.toml: exact versions with their hashes, for
Linux and Windows alike (one universal resolution, markers where a package is for one platform).

    python scripts/update_lock.py              keep the locked versions that still fit, add what
                                               is new (after a dependency was added or changed)
    python scripts/update_lock.py --upgrade    the newest versions that fit (then run the tests
                                               and build the bundle before committing)

It needs uv (`python -m pip install uv`, or uv on PATH). Three sets, each pinned to the same
versions (the larger set is resolved first and constrains the others):

    requirements/build.txt     dev plus PyInstaller: what `dev.py bundle` installs
    requirements/dev.txt       the program, the test and lint tools, the build backend (`dev.py test`)
    requirements/runtime.txt   the program alone (an installed copy: `pip install -r` it, then `.`)
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REQ = Path("requirements")
SETS = (  # (lock file, extras, with the build backend)
    ("build.txt", ("dev", "build"), True),
    ("dev.txt", ("dev",), True),
    ("runtime.txt", (), False),
)


def _uv() -> list[str]:
    found = shutil.which("uv")
    if found:
        return [found]
    return [sys.executable, "-m", "uv"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--upgrade", action="store_true", help="take the newest versions that fit")
    args = parser.parse_args()
    widest = REQ / SETS[0][0]
    for name, extras, backend in SETS:
        cmd = [
            *_uv(),
            "pip",
            "compile",
            "--quiet",
            "--universal",
            "--python-version",
            "3.11",
            "--generate-hashes",
            "--custom-compile-command",
            "python scripts/update_lock.py",
            "pyproject.toml",
        ]
        if backend:
            cmd.append(str(REQ / "backend.in"))
        for extra in extras:
            cmd += ["--extra", extra]
        if name != widest.name:
            cmd += ["--constraint", str(widest)]
        elif args.upgrade:
            cmd.append("--upgrade")
        cmd += ["--output-file", str(REQ / name)]
        print("$", " ".join(cmd[len(_uv()) :]), flush=True)
        subprocess.run(cmd, cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
