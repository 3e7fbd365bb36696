"""Headless self-test of an installed or frozen build: create a database, migrate it, fill a demo
village, read it back, exit 0. Used by scripts/build_bundle.py on the PyInstaller bundle."""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
from pathlib import Path

from jkn_desktop.demo.village import generate
from jkn_desktop.persistence import household_situation
from jkn_desktop.persistence.work import Work
from jkn_desktop.services.database import Database, open_database, os_user
from jkn_desktop.services.membership.coverage import coverage, coverage_streamed
from jkn_desktop.services.registry import resident_search
from jkn_desktop.services.registry.stats import registry_stats


def run_selftest(db_path: Path | None = None) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(db_path) if db_path else Path(tmp) / "selftest.sqlite3"
        # under the writer lock, as the window and the command line: a database a window holds
        # is refused, not filled with the demo village
        db = open_database(path, holder=os_user(), program="uji mandiri jkn-desktop")
        result = generate(db, 500, seed=7, force=True)
        stats = db.run(registry_stats, write=False)
        found = db.run(resident_search.search, "SRI", write=False)
        # the printed list and the package: ReportLab, the embedded font and openpyxl in the bundle
        from jkn_desktop.persistence.work import local_now
        from jkn_desktop.records.documents import RosterOptions
        from jkn_desktop.services.documents.rosters import write_roster
        from jkn_desktop.services.usulan.package import export_package
        from jkn_desktop.services.usulan.package_verify import verify_package

        period = f"{dt.date.today():%Y-%m}"
        opts = RosterOptions(kind="semua", period=period)
        with db.work("selftest", write=False) as work:
            pdf = write_roster(work, opts, Path(tmp) / "daftar.pdf")
        # a write: the village's signing key is made and the residents get their stable ids
        with db.work("selftest", write=True) as work:
            package = export_package(work, period, Path(tmp) / "paket.xlsx")
        checked = verify_package(package.path, local_now())
        intact = checked.ok and checked.signed
        summary_true = db.run(_summary_true, write=False)
        logged_in = _login_works(db)
        kecamatan_ok = _kecamatan_receives(db, package.path, Path(tmp) / "kecamatan.sqlite3")
        db.close()
        ok = (
            stats.residents == result.residents == 500
            and stats.households > 0
            and pdf.pages > 0
            and intact
            and summary_true
            and logged_in
            and kecamatan_ok
        )
        sys.stdout.write(
            f"selftest: {stats.residents} penduduk, {stats.households} KK, "
            f"pencarian 'SRI' {len(found)} hasil, daftar {pdf.pages} halaman, paket "
            f"{'utuh' if intact else 'RUSAK'}, ringkasan cakupan "
            f"{'sesuai' if summary_true else 'TIDAK SESUAI'}, masuk akun "
            f"{'berhasil' if logged_in else 'GAGAL'}, paket diterima kecamatan "
            f"{'sesuai' if kecamatan_ok else 'GAGAL'} — {'OK' if ok else 'GAGAL'}\n"
        )
        return 0 if ok else 1


def _kecamatan_receives(village: Database, package: Path, path: Path) -> bool:
    """The package taken in by a new kecamatan file (cryptography's Ed25519 and RapidFuzz in the
    bundle): the kecamatan's row for the village equals the village's own coverage, and the
    duplicates search runs."""
    from jkn_desktop.services.kecamatan.batch import receive_files
    from jkn_desktop.services.kecamatan.duplicates import find_duplicates
    from jkn_desktop.services.kecamatan.identity import init_kecamatan
    from jkn_desktop.services.kecamatan.summary import kecamatan_summary
    from jkn_desktop.services.registry.village import get_village

    info = village.run(get_village, write=False)
    if info is None:
        return False
    kec = open_database(path)
    kec.run(init_kecamatan, info.kode_wilayah[:8])
    report = receive_files(kec, [package], user="selftest", register_new_keys=True)
    period = report.received[0].period if report.received else ""
    row = next(
        (
            v
            for v in kec.run(kecamatan_summary, period, write=False).villages
            if v.kode_wilayah == info.kode_wilayah
        ),
        None,
    )
    kec.run(find_duplicates, period, write=False)
    kec.close()
    own = village.run(coverage, write=False).total
    return (
        len(report.received) == 1
        and row is not None
        and (row.population, row.registered, row.active)
        == (own.population, own.registered, own.active)
    )


def _login_works(db: Database) -> bool:
    """An account made and logged into, a wrong password refused: argon2-cffi's compiled part is
    in the bundle."""
    from jkn_desktop.services.people.accounts import add_account
    from jkn_desktop.services.people.login import login

    db.run(add_account, "uji-mandiri", "kata-sandi-uji", ["admin"])
    good = db.run(login, "uji-mandiri", "kata-sandi-uji")
    bad = db.run(login, "uji-mandiri", "bukan-kata-sandinya")
    return good.actor is not None and bad.actor is None


def _summary_true(work: Work) -> bool:
    """The coverage summary kept on write equals the residents, and coverage read from it equals
    coverage counted from the residents (persistence.household_situation)."""
    return (
        household_situation.trusted(work.conn)
        and not household_situation.stale(work.conn)
        and coverage(work) == coverage_streamed(work)
    )
