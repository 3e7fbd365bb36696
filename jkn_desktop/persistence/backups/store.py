"""The backups of one database in its folder's ``cadangan/``: each a plain SQLite copy
``<name>-<kind>-<YYYYmmdd-HHMMSS>.sqlite3`` with a sidecar ``….json`` that records its kind,
moment, size and counts (so the list shows them without opening every copy); kept in generations
(domain.backups.to_keep), private to the user.

Sidecar (format 1)::

    {"format": 1, "database": "jkn_desktop.sqlite3", "kind": "harian",
     "moment": "2026-11-22T08:01:02+07:00",
     "facts": {"schema": "0010", "kode_wilayah": "33.13.05.2006", "village": "Girilayu",
               "residents": 100000, "households": 25000, "last_change": "…",
               "audit_max_id": 216950, "size": 263102464}}

A copy without a sidecar (made before sidecars existed) is still listed, its kind and moment read
from its name and its facts from the file.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any

from jkn_desktop.domain import backups as B
from jkn_desktop.domain.formatting import ukuran
from jkn_desktop.errors import UserError
from jkn_desktop.paths import backup_dir
from jkn_desktop.persistence.backups.facts import read_facts
from jkn_desktop.persistence.backups.files import (
    Progress,
    copy_database,
    private_folder,
    put_in_place,
    sweep_temps,
    temp_beside,
    unwritable,
)
from jkn_desktop.records.backups import BackupInfo, DbFacts

log = logging.getLogger("jkn.backup")

SIDECAR_FORMAT = 1
MARGIN = 1 << 20  # room kept free beside the copy (the sidecar, the file system's own needs)
_STAMP = re.compile(r"-(\d{8}-\d{6})(?:-\d+)?\.sqlite3$")


def sidecar_of(path: Path) -> Path:
    return path.with_suffix(".json")


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone().strftime("%Y%m%d-%H%M%S")


def new_path(folder: Path, stem: str, kind: str, moment: dt.datetime) -> Path:
    base = f"{stem}-{kind}-{_stamp(moment)}"
    path, n = folder / f"{base}.sqlite3", 2
    while path.exists() or sidecar_of(path).exists():
        path, n = folder / f"{base}-{n}.sqlite3", n + 1
    return path


def database_size(db_path: Path) -> int:
    """The bytes a copy of the database needs: the file and what its write-ahead log adds."""
    size = 0
    for p in (db_path, Path(f"{db_path}-wal")):
        try:
            size += p.stat().st_size
        except OSError:
            continue
    return size


def check_space(folder: Path, needed: int) -> None:
    """Refuse before writing anything when ``folder`` has no room for ``needed`` bytes."""
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return  # cannot tell: the write itself will say
    if free < needed + MARGIN:
        raise UserError(
            "BACKUP_DISK_FULL", folder=folder, needed=ukuran(needed + MARGIN), free=ukuran(free)
        )


def write_sidecar(info: BackupInfo, database: str) -> None:
    data = {
        "format": SIDECAR_FORMAT,
        "database": database,
        "kind": info.kind,
        "moment": info.moment.isoformat(),
        "facts": info.facts.as_json(),
    }
    target = sidecar_of(info.path)
    temp = temp_beside(target)
    try:
        temp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        put_in_place(temp, target)
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise unwritable(target.parent, exc) from exc


def take(
    db_path: Path,
    kind: str,
    *,
    now: dt.datetime,
    progress: Progress | None = None,
    damaged: bool = False,
    prune_after: bool = True,
) -> BackupInfo:
    """A new backup of the database at ``db_path`` in its ``cadangan/``, with its sidecar; then
    the older ones retention lets go are deleted. ``damaged``: the file failed SQLite's check;
    when SQLite cannot copy it, its bytes are copied as they are (kept, never pruned away by
    the copies of a sound file: a damaged file is not backed up daily)."""
    folder = backup_dir(db_path)
    private_folder(folder)
    sweep_temps(folder)
    check_space(folder, database_size(db_path))
    target = new_path(folder, db_path.stem, kind, now)
    try:
        copy_database(db_path, target, progress=progress)
    except sqlite3.DatabaseError:
        if not damaged:
            raise
        _raw_copy(db_path, target)
    try:
        facts = read_facts(target) or _no_facts(target)
    except sqlite3.DatabaseError:
        facts = _no_facts(target)
    info = BackupInfo(target, kind, now, facts)
    try:
        write_sidecar(info, db_path.name)
    except UserError:
        target.unlink(missing_ok=True)  # a copy nobody can describe is no backup
        raise
    log.info("backup written: %s (%s, %d bytes)", target, kind, facts.size)
    if prune_after:
        prune(db_path)
    return info


def _raw_copy(db_path: Path, target: Path) -> None:
    """The bytes of a damaged database (its file, then its log beside the copy's name)."""
    temp = temp_beside(target)
    try:
        shutil.copyfile(db_path, temp)
        put_in_place(temp, target)
        wal = Path(f"{db_path}-wal")
        if wal.exists():
            shutil.copyfile(wal, Path(f"{target}-wal"))
    except OSError as exc:
        temp.unlink(missing_ok=True)
        raise unwritable(target.parent, exc) from exc


def _no_facts(path: Path) -> DbFacts:
    return DbFacts(None, "", "", 0, 0, None, 0, path.stat().st_size)


def _from_sidecar(path: Path, database: str) -> BackupInfo | bool | None:
    """The sidecar's backup; ``False`` when it belongs to another database; ``None`` when there
    is no readable sidecar."""
    try:
        data: dict[str, Any] = json.loads(sidecar_of(path).read_text(encoding="utf-8"))
        if data.get("database") != database:
            return False
        f = data["facts"]
        last = f.get("last_change")
        facts = DbFacts(
            schema=f.get("schema"),
            kode_wilayah=str(f.get("kode_wilayah") or ""),
            village=str(f.get("village") or ""),
            residents=int(f.get("residents") or 0),
            households=int(f.get("households") or 0),
            last_change=dt.datetime.fromisoformat(last) if last else None,
            audit_max_id=int(f.get("audit_max_id") or 0),
            size=int(f.get("size") or path.stat().st_size),
        )
        return BackupInfo(path, str(data["kind"]), dt.datetime.fromisoformat(data["moment"]), facts)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _legacy(path: Path, stem: str) -> BackupInfo | None:
    """A copy without a sidecar: one written before sidecars existed (or whose sidecar is lost)."""
    if not path.name.startswith(f"{stem}-"):
        return None
    rest = path.name[len(stem) + 1 :]
    if rest.startswith("sebelum-demo"):
        kind = B.BEFORE_DEMO
    elif re.match(r"sebelum-\d{4}", rest):
        kind = B.BEFORE_UPGRADE
    else:
        kind = next((k for k in B.KINDS if rest.startswith(f"{k}-")), B.MANUAL)
    found = _STAMP.search(path.name)
    try:
        if found:
            moment = dt.datetime.strptime(found.group(1), "%Y%m%d-%H%M%S").astimezone()
        else:
            moment = dt.datetime.fromtimestamp(path.stat().st_mtime).astimezone()
        facts = read_facts(path)
    except (OSError, ValueError, sqlite3.Error):
        return None
    return BackupInfo(path, kind, moment, facts) if facts is not None else None


def list_backups(db_path: Path) -> list[BackupInfo]:
    """The backups of this database, newest first."""
    folder = backup_dir(db_path)
    if not folder.is_dir():
        return []
    found: list[BackupInfo] = []
    for path in folder.glob("*.sqlite3"):
        if path.name.startswith("."):
            continue
        info = _from_sidecar(path, db_path.name)
        if info is None:
            info = _legacy(path, db_path.stem)
        if isinstance(info, BackupInfo):
            found.append(info)
    return sorted(found, key=lambda i: i.moment, reverse=True)


def remove(info: BackupInfo) -> None:
    for p in (info.path, sidecar_of(info.path), Path(f"{info.path}-wal")):
        try:
            p.unlink(missing_ok=True)
        except OSError as exc:
            log.warning("backup not removed: %s (%s)", p, exc)


def prune(db_path: Path) -> list[BackupInfo]:
    """Delete the backups retention lets go; returns them."""
    backups = list_backups(db_path)
    keep = B.to_keep(B.Dated(b.name, b.moment, b.kind) for b in backups)
    gone = [b for b in backups if b.name not in keep]
    for b in gone:
        remove(b)
        log.info("backup removed by retention: %s", b.path)
    return gone
