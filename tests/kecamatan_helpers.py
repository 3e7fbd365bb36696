"""Real village databases and real packages for the kecamatan's tests: demo villages of the
Kemendagri codes of Kecamatan Matesih (33.13.05), each with its own seed, and the kecamatan's
consolidation database."""

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
    """A village database with its identity and ``residents`` demo residents."""
    from jkn_desktop.demo.village import generate
    from jkn_desktop.services.database import open_database
    from jkn_desktop.services.registry.village import resolve_identity, save_village

    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"desa_{kode.replace('.', '')}.sqlite3"
    shutil.copyfile(template, path)
    db = open_database(path)
    info = db.run(resolve_identity, kode, kepala_desa="Kades", operator="Operator")
    db.run(save_village, info)
    generate(db, residents, seed=seed)
    return db


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
