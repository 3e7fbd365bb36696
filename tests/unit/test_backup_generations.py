"""Backups kept in generations: the newest of each of the last 7 days, 4 weeks and 12 months that
have backups, and the 10 most recent whatever their kind; the daily backup once a day, not for a
new database; each backup's sidecar says what it holds. Every moment is passed in: nothing here
depends on the clock."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from jkn_desktop.domain import backups as B
from jkn_desktop.persistence.backups import store
from jkn_desktop.services.backup import making as M

# backups are copies of the database file beside it: SQLite only (decision 47)
pytestmark = pytest.mark.file_only

ZONE = dt.timezone(dt.timedelta(hours=7))  # WIB


def at(day: dt.date, hour: int = 8) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), ZONE)


def test_a_year_of_daily_backups_keeps_7_days_4_weeks_12_months_and_the_last_10():
    start = dt.date(2026, 1, 1)
    items = [B.Dated(f"b{i:03d}", at(start + dt.timedelta(days=i)), B.DAILY) for i in range(365)]
    keep = B.to_keep(items)
    newest = {f"b{i:03d}" for i in range(355, 365)}  # the 10 most recent
    assert newest <= keep
    by_name = {i.name: i.moment for i in items}
    kept_months = {(by_name[n].year, by_name[n].month) for n in keep}
    assert len(kept_months) == 12  # one in every month of the year
    assert len(keep) < 30  # and not much more: 10 + weeks + months, overlapping
    # the newest of each month is the one kept for it
    assert "b030" in keep  # 31 January
    assert "b029" not in keep


def test_a_long_pause_never_loses_the_last_backups_before_it():
    """Counted in days *that have backups*: a laptop unused for a year keeps its old copies."""
    old = [B.Dated(f"lama{i}", at(dt.date(2025, 3, 1 + i)), B.DAILY) for i in range(20)]
    new = [B.Dated("baru", at(dt.date(2026, 6, 1)), B.DAILY)]
    keep = B.to_keep(old + new)
    assert "baru" in keep
    assert {"lama19", "lama18", "lama17", "lama16", "lama15", "lama14"} <= keep


def test_many_steps_in_one_day_keep_the_last_ten_and_the_days_newest():
    day = dt.date(2026, 11, 22)
    items = [
        B.Dated(
            f"impor{h:02d}", at(day, 0) + dt.timedelta(minutes=20 * h), B.BEFORE_RESIDENT_IMPORT
        )
        for h in range(30)
    ]
    keep = B.to_keep(items)
    assert keep == {f"impor{h:02d}" for h in range(20, 30)}


def test_pruning_on_disk_follows_the_dates_passed_in(village_db, tmp_path):
    """Forty days of real backups of a real database, one a day at the moment given; after each
    the old ones retention lets go are deleted, sidecar and all."""
    start = dt.date(2026, 9, 1)
    for i in range(40):
        M.take_backup(village_db, B.DAILY, now=at(start + dt.timedelta(days=i)))
    left = store.list_backups(village_db.path)
    days = sorted(b.moment.date() for b in left)
    last = start + dt.timedelta(days=39)
    expected_recent = [last - dt.timedelta(days=d) for d in range(9, -1, -1)]
    assert days[-10:] == expected_recent  # the last 10 (which include the last 7 days)
    assert {(d.year, d.month) for d in days} == {(2026, 9), (2026, 10)}  # a month kept each
    assert max(d for d in days if d.month == 9) == dt.date(2026, 9, 30)  # September's newest
    folder = village_db.path.parent / "cadangan"
    assert sorted(p.stem for p in folder.glob("*.sqlite3")) == sorted(
        p.stem for p in folder.glob("*.json")
    )  # no sidecar without its copy, no copy without its sidecar
    assert len(list(folder.iterdir())) == 2 * len(left)


def test_the_sidecar_records_kind_moment_size_and_counts(demo_db):
    moment = at(dt.date(2026, 11, 22), 9)
    info = M.take_backup(demo_db, B.MANUAL, now=moment)
    data = json.loads(info.path.with_suffix(".json").read_text(encoding="utf-8"))
    assert data["kind"] == "manual"
    assert data["database"] == demo_db.path.name
    assert dt.datetime.fromisoformat(data["moment"]) == moment
    facts = data["facts"]
    assert facts["kode_wilayah"] == "33.13.05.2006"
    assert facts["village"] == "Girilayu"
    assert facts["residents"] == 600
    assert facts["households"] > 100
    assert facts["size"] == info.path.stat().st_size
    assert facts["last_change"] is not None
    assert facts["audit_max_id"] > 0
    assert info.name.startswith("desa-manual-")


def test_no_daily_backup_for_a_new_database(village_db):
    # a new database (an identity, nobody registered): nothing to keep yet
    assert M.daily_backup(village_db, now=at(dt.date(2026, 11, 22))) is None


def test_the_daily_backup_on_the_first_open_of_each_day(demo_db):
    day = dt.date(2026, 11, 22)
    first = M.daily_backup(demo_db, now=at(day, 7))
    assert first is not None
    assert first.kind == B.DAILY
    assert M.daily_backup(demo_db, now=at(day, 15)) is None  # the same day: already made
    assert M.daily_backup(demo_db, now=at(day + dt.timedelta(days=1), 7)) is not None


def test_backups_of_another_database_in_the_same_folder_are_not_listed(demo_db, tmp_path: Path):
    from jkn_desktop.services.database import open_database

    M.take_backup(demo_db, now=at(dt.date(2026, 11, 22)))
    other = open_database(demo_db.path.with_name("desa-lain.sqlite3"))
    try:
        assert store.list_backups(other.path) == []
    finally:
        other.close()
    assert len(store.list_backups(demo_db.path)) == 1


def test_a_backup_from_before_sidecars_is_still_listed(demo_db):
    """The copies the schema upgrades made before this version (no sidecar) keep showing."""
    from jkn_desktop.persistence.backups.files import copy_database

    folder = demo_db.path.parent / "cadangan"
    folder.mkdir()
    copy_database(demo_db.path, folder / "desa-sebelum-0010-20261101-101500.sqlite3")
    (listed,) = store.list_backups(demo_db.path)
    assert listed.kind == B.BEFORE_UPGRADE
    assert listed.moment.replace(tzinfo=None) == dt.datetime(2026, 11, 1, 10, 15)
    assert listed.facts.residents == 600
