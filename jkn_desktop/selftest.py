"""Headless self-test of an installed or frozen build: create a database, migrate it, fill a demo
village, read it back, exit 0. Used by scripts/build_bundle.py on the PyInstaller bundle."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from jkn_desktop.services import residents
from jkn_desktop.services.database import open_database
from jkn_desktop.services.demo import generate
from jkn_desktop.services.stats import registry_stats


def run_selftest(db_path: Path | None = None) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(db_path) if db_path else Path(tmp) / "selftest.sqlite3"
        db = open_database(path)
        result = generate(db, 500, seed=7, force=True)
        stats = registry_stats(db)
        found = residents.search(db, "SRI")
        db.close()
        ok = stats.residents == result.residents == 500 and stats.households > 0
        sys.stdout.write(
            f"selftest: {stats.residents} penduduk, {stats.households} KK, "
            f"pencarian 'SRI' {len(found)} hasil — {'OK' if ok else 'GAGAL'}\n"
        )
        return 0 if ok else 1
