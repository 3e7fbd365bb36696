"""Undo the last big step: after a real import the summary says how to take it back; undo shows
what would be lost since the backup taken just before (the import's own changes and any made
after it), then restores that backup."""

from __future__ import annotations

import datetime as dt

import pytest

from jkn_desktop.cli import main
from jkn_desktop.errors import UserError
from jkn_desktop.services.backup import undo as U
from jkn_desktop.services.registry.stats import registry_stats
from tests.unit.test_backup_restore import add_residents


@pytest.mark.file_only  # undo restores a backup file beside the database
def test_undo_after_a_real_import_on_the_command_line(demo_db, tmp_path, capsys):
    demo_db.close()
    db = str(demo_db.path)
    main(["--db", db, "stats"])
    capsys.readouterr()
    before = _counts(demo_db.path)
    file = add_residents(tmp_path / "warga-baru.csv", 7)
    assert main(["--db", db, "import-residents", str(file)]) == 0
    text = capsys.readouterr().out
    assert "7 telah ditambahkan" in text
    assert "Untuk membatalkannya: jkn-desktop undo" in text
    assert _counts(demo_db.path)[0] == before[0] + 7

    assert main(["--db", db, "undo", "--dry-run"]) == 0
    text = capsys.readouterr().out
    assert "Langkah terakhir: impor penduduk" in text
    assert "Penduduk ditambahkan: 7 data" in text
    assert "Uji coba" in text
    assert _counts(demo_db.path)[0] == before[0] + 7

    assert main(["--db", db, "undo", "--yes"]) == 0
    assert "Dikembalikan ke keadaan sebelum impor penduduk" in capsys.readouterr().out
    assert _counts(demo_db.path) == before


@pytest.mark.file_only  # undo restores a backup file beside the database
def test_undo_shows_the_changes_made_after_the_step_too(demo_db, tmp_path):
    from jkn_desktop.domain.backups import BEFORE_RESIDENT_IMPORT
    from jkn_desktop.services.backup.making import before_step
    from jkn_desktop.services.registry.resident_import import import_residents
    from jkn_desktop.services.registry.village import get_village, save_village

    before = demo_db.run(registry_stats)
    before_step(demo_db, BEFORE_RESIDENT_IMPORT)
    demo_db.run(import_residents, add_residents(tmp_path / "a.csv", 4))
    village = demo_db.run(get_village)
    from dataclasses import replace

    demo_db.run(save_village, replace(village, kepala_desa="Kepala Baru"))  # a later edit
    plan = U.undo_plan(demo_db)
    lost = {k.label: k for k in plan.lost}
    assert lost["Penduduk ditambahkan"].records == 4
    assert lost["Identitas desa diubah"].records == 1
    assert plan.step == "impor penduduk"
    U.undo_last_step(demo_db, plan, now=dt.datetime.now().astimezone())
    after = demo_db.run(registry_stats)
    assert (after.residents, after.households) == (before.residents, before.households)
    assert demo_db.run(get_village).kepala_desa == village.kepala_desa


@pytest.mark.file_only  # undo restores a backup file beside the database
def test_nothing_to_undo_is_said_plainly(demo_db):
    with pytest.raises(UserError) as err:
        U.undo_plan(demo_db)
    assert err.value.code == "UNDO_NOTHING"


def test_on_a_server_undo_is_the_administrators_restore(engine, demo_db, tmp_path, capsys):
    """A database on a server keeps no backup files of the program's: an import there works
    without one and without the hint to undo it, and undo says plainly whom to ask."""
    from sqlalchemy import func, select

    from jkn_desktop.persistence.tables import resident_t

    if engine != "postgresql":
        pytest.skip("a database file keeps its own backups (the tests above)")
    address = demo_db.location.text

    def residents() -> int:
        with demo_db.work("uji", write=False) as work:
            return int(work.conn.execute(select(func.count()).select_from(resident_t)).scalar())

    before = residents()
    file = add_residents(tmp_path / "warga-baru.csv", 7)
    assert main(["--db", address, "import-residents", str(file)]) == 0
    said = capsys.readouterr()
    assert "7 telah ditambahkan" in said.out
    assert "jkn-desktop undo" not in said.out
    assert "cadangan" not in said.err  # no daily backup to warn about either
    assert main(["--db", address, "undo", "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "tidak bisa dibatalkan dari sini" in err
    assert "pengelola server" in err
    assert residents() == before + 7


def _counts(path):
    import sqlite3

    con = sqlite3.connect(path)
    try:
        return tuple(
            con.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("resident", "household", "audit_log")
        )
    finally:
        con.close()
