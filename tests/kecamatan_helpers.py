"""Real village databases and real packages for the kecamatan's tests: demo villages of the
Kemendagri codes of Kecamatan Matesih (33.13.05), each with its own seed, and the kecamatan's
consolidation database.

Two forms: from a template FILE (``make_village``/``make_kecamatan``: SQLite files, for the
command line's tests and for villages made once per module, see :func:`village_template`), and
from the ``new_db`` fixture (``new_village``/``new_kecamatan``: a database of the test's engine,
so the kecamatan's consolidation runs on SQLite and on a PostgreSQL server)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

KECAMATAN = "33.13.05"
VILLAGES = ("33.13.05.2001", "33.13.05.2002", "33.13.05.2003", "33.13.05.2006")


def make_village(
    template: Path, folder: Path, kode: str, *, seed: int, residents: int = 250
) -> Any:
    """A village database FILE with its identity and ``residents`` demo residents."""
    from jkn_desktop.services.database import open_database

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"desa_{kode.replace('.', '')}.sqlite3"
    shutil.copyfile(template, path)
    return _village(open_database(path), kode, seed=seed, residents=residents)


def _village(db: Any, kode: str, *, seed: int, residents: int) -> Any:
    from jkn_desktop.demo.village import generate
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    info = db.run(resolve_identity, kode, kepala_desa="Kades", operator="Operator")
    db.run(save_village, info)
    generate(db, residents, seed=seed)
    return db


def new_village(new_db: Any, kode: str, *, seed: int, residents: int = 250) -> Any:
    """A village database of the test's engine (the ``new_db`` fixture) with its identity and
    ``residents`` demo residents."""
    return _village(new_db(f"desa{kode[-4:]}"), kode, seed=seed, residents=residents)


def new_kecamatan(new_db: Any, kode: str = KECAMATAN) -> Any:
    """The kecamatan's consolidation database on the test's engine (the ``new_db`` fixture)."""
    from jkn_desktop.services.kecamatan.identity import init_kecamatan

    db = new_db(f"kec{kode.replace('.', '')}")
    db.run(init_kecamatan, kode, camat="Drs. Bambang Sutejo", camat_nip="196805121990031007")
    return db


_TEMPLATES: dict[Path, Path] = {}


def village_template(tmp_path_factory: Any) -> Path:
    """An empty migrated SQLite file, made once per run, to copy village FILES from in a
    module-scoped fixture: the villages are made once, and the kecamatan that receives their
    packages (``new_kecamatan``) follows the test's engine. (Taking the ``template_db`` fixture
    instead would keep such a test off PostgreSQL, tests/conftest.py.)"""
    from jkn_desktop.services.database import open_database

    root = tmp_path_factory.getbasetemp()
    if root not in _TEMPLATES:
        path = tmp_path_factory.mktemp("village_template") / "template.sqlite3"
        open_database(path).close()
        _TEMPLATES[root] = path
    return _TEMPLATES[root]


def export(db: Any, period: str, out: Path, *, at: dt.datetime | None = None) -> Path:
    """The village's package of ``period`` made at ``at`` (the village laptop's clock)."""
    from jkn_desktop.services.usulan.package import export_package

    out.parent.mkdir(parents=True, exist_ok=True)
    with db.work("Operator", write=True, now=at) as work:
        export_package(work, period, out)
    return out


def make_kecamatan(template: Path, folder: Path, kode: str = KECAMATAN) -> Any:
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.kecamatan.identity import init_kecamatan

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "kecamatan.sqlite3"
    shutil.copyfile(template, path)
    db = open_database(path)
    db.run(init_kecamatan, kode, camat="Drs. Bambang Sutejo", camat_nip="196805121990031007")
    return db


def at(day: int, month: int = 11, hour: int = 9) -> dt.datetime:
    """A local moment in 2026."""
    return dt.datetime(2026, month, day, hour, 0).astimezone()
