"""``pip install .`` gives a working program: the wheel built from the repository carries the
migrations (db/) and the resources (resources/) inside the jkn_desktop package, nothing generic
named ``db`` or ``resources`` at the top of site-packages, and the licence; and a copy installed
from it finds them (jkn_desktop/paths.py) and passes the self-test. Decision 40."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SOURCES = (
    "pyproject.toml",
    "setup.py",
    "README.md",
    "LICENSE",
    "jkn_desktop",
    "ui",
    "db",
    "resources",
)

pytestmark = pytest.mark.slow


def _shipped_files(folder: str) -> set[str]:
    base = ROOT / folder
    return {
        f"jkn_desktop/{folder}/{p.relative_to(base).as_posix()}"
        for p in base.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # the build backend of pyproject.toml, from requirements/dev.txt (no download here)
    pytest.importorskip("setuptools", minversion="77", reason="setuptools>=77 builds the wheel")
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # a clean copy: the build writes build/ and *.egg-info beside it
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
            shutil.copytree(ROOT / name, source / name, ignore=ignore)
        else:
            shutil.copy2(ROOT / name, source / name)
    out = tmp / "dist"
    offline = ["--no-deps", "--no-build-isolation", "--no-index", "--quiet"]
    pip_wheel = [sys.executable, "-m", "pip", "wheel", *offline, "--wheel-dir", str(out)]
    subprocess.run([*pip_wheel, str(source)], check=True, timeout=300)
    (built,) = out.glob("jkn_desktop-*.whl")
    return built


def test_the_wheel_carries_the_migrations_and_resources_inside_the_package(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    migrations = _shipped_files("db")
    resources = _shipped_files("resources")
    assert any(n.startswith("jkn_desktop/db/versions/0001_") for n in migrations)
    assert migrations <= names, sorted(migrations - names)
    assert resources <= names, sorted(resources - names)
    top_level = {n.split("/", 1)[0] for n in names}
    assert top_level == {"jkn_desktop", "ui", f"jkn_desktop-{_version(wheel)}.dist-info"}


def test_the_wheel_states_its_licence(wheel: Path) -> None:
    archive = zipfile.ZipFile(wheel)
    info = f"jkn_desktop-{_version(wheel)}.dist-info"
    metadata = archive.read(f"{info}/METADATA").decode()
    assert "License-Expression: MIT" in metadata
    assert archive.read(f"{info}/licenses/LICENSE") == (ROOT / "LICENSE").read_bytes()


def test_a_copy_installed_from_the_wheel_finds_its_files_and_passes_the_self_test(
    wheel: Path, tmp_path: Path
) -> None:
    target = tmp_path / "site-packages"
    pip_install = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"]
    subprocess.run([*pip_install, "--target", str(target), str(wheel)], check=True, timeout=300)
    # run outside the repository, the installed copy first on the path
    env = {**os.environ, "PYTHONPATH": str(target), "QT_QPA_PLATFORM": "offscreen"}
    where = subprocess.run(
        [sys.executable, "-c", "from jkn_desktop import paths; "
         "print(paths.migrations_dir()); print(paths.resources_dir())"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True, timeout=120,
    ).stdout.splitlines()  # fmt: skip
    package = target / "jkn_desktop"
    assert [Path(p) for p in where] == [package / "db", package / "resources"]
    assert (package / "db" / "env.py").is_file()
    done = subprocess.run(
        [sys.executable, "-m", "jkn_desktop", "selftest"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=False, timeout=600,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    assert done.stdout.rstrip().endswith("OK")


def _version(wheel: Path) -> str:
    return wheel.name.split("-")[1]
