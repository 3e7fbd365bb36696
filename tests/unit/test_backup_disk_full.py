"""A full disk during a backup, an export to a small flash drive, or a restore: one clear
Indonesian message, nothing half-written left behind, the database untouched. The disks are real
small file systems (tmpfs, mounted for the test; skipped where that is not allowed)."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from jkn_desktop.errors import UserError
from jkn_desktop.persistence.backups import files, sealed, store
from jkn_desktop.services.backup import making as M
from jkn_desktop.services.backup import restoring as R
from jkn_desktop.services.database import open_database
from tests.unit.test_backup_kill import state

# backups are copies of the database file beside it: SQLite only (decision 47)
pytestmark = pytest.mark.file_only

MB = 1024 * 1024


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[object]:
    """``small_disk(megabytes)`` mounts a tmpfs of that size and returns its folder."""
    mounted: list[Path] = []

    def mount(megabytes: int) -> Path:
        folder = tmp_path / f"disk{len(mounted)}"
        folder.mkdir()
        done = subprocess.run(
            ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(folder)],
            capture_output=True,
            check=False,
        )
        if done.returncode != 0:
            pytest.skip("a small file system cannot be mounted here (needs root on Linux)")
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _database_on(disk: Path, demo_db) -> Path:
    """The demo village's file, moved onto ``disk``."""
    demo_db.close()
    target = disk / "desa.sqlite3"
    shutil.copyfile(demo_db.path, target)
    return target


def test_a_full_disk_refuses_the_backup_before_writing(small_disk, demo_db):
    size = demo_db.path.stat().st_size
    disk = small_disk(size // MB + 4)  # the database fits, a copy of it does not
    path = _database_on(disk, demo_db)
    db = open_database(path)
    try:
        before = state(path)
        with pytest.raises(UserError) as err:
            M.take_backup(db)
        assert err.value.code == "BACKUP_DISK_FULL"
        assert "tidak ada yang berubah" in err.value.message
        assert state(path) == before
        assert list((disk / "cadangan").iterdir()) == []
    finally:
        db.close()


def test_a_disk_that_fills_during_the_copy_leaves_nothing_behind(small_disk, demo_db):
    """Past the check (the room went to something else meanwhile): SQLite's own write fails."""
    disk = small_disk(3)
    before = state(demo_db.path)
    with pytest.raises(UserError) as err:
        files.copy_database(demo_db.path, disk / "salinan.sqlite3")
    assert err.value.key == "BACKUP_DISK_FULL.during"
    assert list(disk.iterdir()) == []  # the temporary copy is gone
    assert state(demo_db.path) == before


def test_a_flash_drive_too_small_for_the_encrypted_copy(small_disk, demo_db):
    flash = small_disk(3)
    before = state(demo_db.path)
    with pytest.raises(UserError) as err:
        M.export_backup(demo_db, flash / "cadangan.jknbak", "sandi-desa-2026")
    assert err.value.code == "BACKUP_DISK_FULL"
    # and when the room runs out while the sealed copy is written
    plain = demo_db.path.with_name("salinan.sqlite3")
    files.copy_database(demo_db.path, plain)
    with pytest.raises(UserError) as err:
        sealed.seal(plain, flash / "cadangan.jknbak", "sandi-desa-2026", {})
    assert err.value.key == "BACKUP_DISK_FULL.during"
    assert list(flash.iterdir()) == []
    assert state(demo_db.path) == before
    assert [p.name for p in demo_db.path.parent.glob(".*sementara*")] == []


def test_a_restore_without_room_for_its_copies_changes_nothing(small_disk, demo_db, monkeypatch):
    size = demo_db.path.stat().st_size
    backup = M.take_backup(demo_db).path
    source = demo_db.path.with_name("dari-flashdisk.sqlite3")
    shutil.copyfile(backup, source)
    disk = small_disk(size // MB + 4)
    path = _database_on(disk, demo_db)
    db = open_database(path)
    try:
        before = state(path)
        with pytest.raises(UserError) as err:
            R.restore_backup(db, source)
        assert err.value.code == "BACKUP_DISK_FULL"
        # past the check: the staged copy itself runs out of room
        monkeypatch.setattr(store, "check_space", lambda folder, needed: None)
        with pytest.raises(UserError) as err:
            R.restore_backup(db, source)
        assert err.value.code == "BACKUP_DISK_FULL"
        assert state(path) == before
        assert [p.name for p in disk.iterdir() if "sementara" in p.name] == []
        assert not (disk / "cadangan").exists() or not list((disk / "cadangan").iterdir())
    finally:
        db.close()
