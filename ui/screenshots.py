"""``jkn-desktop screenshots DIR``: render every page (and the main dialogs) with the current data
to PNG files, offscreen. Used for docs/ and for looking at what we made."""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from jkn_desktop.errors import UserError
from jkn_desktop.paths import Location
from jkn_desktop.records.households import HouseholdFilter
from jkn_desktop.records.residents import ResidentFilter
from jkn_desktop.services.registry import households, resident_search, residents
from ui.app import build_window, make_app
from ui.dialogs.household_dialogs import SplitDialog
from ui.dialogs.identity import FirstRunDialog
from ui.dialogs.resident_dialog import ResidentDialog
from ui.fitting import PREFERRED
from ui.mainwindow import PAGE_NAMES, MainWindow


def settle(window: MainWindow, rounds: int = 6) -> None:
    """Let queued jobs and their results flow until the window is quiet (results may start new
    jobs, e.g. the cascading region lists, so wait until two rounds in a row find nothing)."""
    app = QApplication.instance()
    assert app is not None
    quiet = 0
    for _ in range(rounds * 10):
        app.processEvents()
        window.ctx.runner.wait_idle()
        app.processEvents()
        time.sleep(0.02)
        quiet = quiet + 1 if not window.ctx.runner.busy else 0
        if quiet >= rounds // 3 + 1 and _ >= rounds:
            break


def _save(widget: QWidget, path: Path) -> None:
    if not widget.grab().save(str(path)):
        raise UserError("SCREENSHOT_FAILED", path=path)


def slug(name: str) -> str:
    return name.lower().replace(" ", "_")


def _wizard_shots(window: MainWindow, out_dir: Path) -> None:
    """The import wizard's file, mapping and preview steps on a generated file (nothing is
    written: the preview is a dry run)."""
    import tempfile

    from jkn_desktop.demo.files import write_demo_import_file
    from ui.dialogs.import_wizard import ImportWizard

    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "daftar_penduduk_dari_kasi_pemerintahan.xlsx"
        write_demo_import_file(window.ctx.db, source)
        wizard = ImportWizard(window.ctx, source, parent=window)
        wizard.show()
        settle(window)
        _save(wizard, out_dir / "impor_1_berkas.png")
        wizard.next_btn.click()
        settle(window)
        _save(wizard, out_dir / "impor_2_kolom.png")
        wizard.next_btn.click()
        settle(window)
        _save(wizard, out_dir / "impor_3_pratinjau.png")
        wizard.close()


def _jkn_shots(window: MainWindow, out_dir: Path) -> None:
    """Kepesertaan JKN per KK, the membership dialog, the counter check and the PBI import check
    (a dry run on a list generated from the village: nothing is written)."""
    import tempfile

    from jkn_desktop.demo.files import write_demo_pbi_list
    from jkn_desktop.records.membership import JknFilter
    from jkn_desktop.services.membership import kepesertaan
    from ui.dialogs.membership_dialog import MembershipDialog

    db = window.ctx.db
    page = window.show_page("Kepesertaan JKN")
    settle(window)
    page.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    settle(window)
    _save(window, out_dir / "04b_kepesertaan_per_kk.png")
    page.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]
    settle(window)
    ids = db.run(kepesertaan.query_ids, JknFilter(segment="pbi_apbn"), write=False)
    if ids:
        person = db.run(kepesertaan.fetch_rows, ids[:1], write=False)[0]
        dialog = MembershipDialog(window.ctx, person, parent=window)
        dialog.show()
        settle(window)
        _save(dialog, out_dir / "dialog_kepesertaan.png")
        dialog.close()
        window.open_counter_check()
        check = window._check
        check.search.setText(person.nik[:10])
        check.run_query()
        settle(window)
        _save(check, out_dir / "cek_loket.png")
        check.close()
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "daftar_pbi_dinsos.xlsx"
        write_demo_pbi_list(db, source)
        import_dialog = page.open_import(source)  # type: ignore[attr-defined]
        settle(window)
        _save(import_dialog, out_dir / "impor_pbi.png")
        import_dialog.close()


def _usulan_shots(window: MainWindow, out_dir: Path) -> None:
    """The Usulan PBI page's proposals and Musdes tabs."""
    page = window.show_page("Usulan PBI")
    settle(window)
    for tab, name in ((1, "05b_usulan_bulan_ini"), (2, "05c_usulan_musdes")):
        page.tabs.setCurrentIndex(tab)  # type: ignore[attr-defined]
        settle(window)
        _save(window, out_dir / f"{name}.png")
    page.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]


def _officials_shots(window: MainWindow, out_dir: Path) -> None:
    """Pelayanan's Perangkat desa tab and the dialog that adds an official."""
    from ui.dialogs.official_dialog import OfficialDialog

    page = window.show_page("Pelayanan")
    settle(window)
    tab = page.officials  # type: ignore[attr-defined]
    page.tabs.setCurrentWidget(tab)  # type: ignore[attr-defined]
    settle(window)
    _save(window, out_dir / "07c_pelayanan_perangkat.png")
    dialog = OfficialDialog(window.ctx, parent=window)
    dialog.show()
    dialog.search.setText("suk")
    dialog.search_now()
    settle(window)
    dialog.found.selectRow(0)
    settle(window)
    _save(dialog, out_dir / "dialog_perangkat.png")
    dialog.close()
    page.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]


def _apbdes_shots(window: MainWindow, out_dir: Path) -> None:
    """The APBDes page's other tabs, the line dialog and the beneficiary dialog with one resident
    the guards stop (an active PBI member) beside one they let through."""
    from jkn_desktop.records.membership import JknFilter
    from jkn_desktop.services.apbdes.codes import line_choices
    from jkn_desktop.services.membership import kepesertaan
    from ui.dialogs.apbdes.beneficiaries import BeneficiaryDialog
    from ui.dialogs.apbdes.line import LineDialog

    db = window.ctx.db
    page = window.show_page("APBDes")
    settle(window)
    line = page.current_line()  # type: ignore[attr-defined]
    if line is None:
        return
    for tab, name in (
        (1, "06b_apbdes_pembayaran"),
        (2, "06c_apbdes_prioritas"),
        (3, "06d_apbdes_kalkulator"),
    ):
        page.tabs.setCurrentIndex(tab)  # type: ignore[attr-defined]
        if tab == 3:
            page.calculator.from_line_btn.click()  # type: ignore[attr-defined]
        settle(window)
        _save(window, out_dir / f"{name}.png")
    page.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]
    settle(window)
    dialog = LineDialog(window.ctx, line.year, db.run(line_choices, write=False), line, window)
    dialog.show()
    settle(window)
    _save(dialog, out_dir / "dialog_baris_apbdes.png")
    dialog.close()
    pbi = db.run(kepesertaan.query_ids, JknFilter(segment="pbi_apbn", status="aktif"), write=False)[
        :1
    ]
    uninsured = db.run(kepesertaan.query_ids, JknFilter(uninsured=True), write=False)[:2]
    people = BeneficiaryDialog(
        window.ctx, line, line.from_month if line.months_left else 12, uninsured + pbi, window
    )
    first = db.run(kepesertaan.fetch_rows, uninsured[:1], write=False) if uninsured else []
    people.search.setText(first[0].name if first else "")
    people._search()
    people.show()
    settle(window)
    _save(people, out_dir / "dialog_penerima_apbdes.png")
    people.close()


def _sktm_shots(window: MainWindow, out_dir: Path) -> None:
    """Pelayanan's SKTM tab, and the issue dialog with a search typed."""
    from ui.dialogs.sktm_dialog import SktmDialog

    page = window.show_page("Pelayanan")
    page.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    settle(window)
    _save(window, out_dir / f"{PAGE_NAMES.index('Pelayanan') + 1:02d}b_pelayanan_sktm.png")
    rows = page.sktm.model.rows()  # type: ignore[attr-defined]
    dialog = SktmDialog(window.ctx, window)
    dialog.search.setText(rows[-1].name if rows else "")
    dialog._search()
    dialog.show()
    settle(window)
    _save(dialog, out_dir / "dialog_sktm.png")
    dialog.close()
    page.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]


def _settings_shots(window: MainWindow, out_dir: Path) -> None:
    """Pengaturan's other tabs (a kelurahan has no APBDes codes)."""
    settings = window.show_page("Pengaturan")
    for tab, name in (
        (1, "09b_pengaturan_tarif"),
        (2, "09c_pengaturan_kode_apbdes"),
        (3, "09d_pengaturan_format_dinsos"),
        (4, "09e_pengaturan_pelayanan"),
    ):
        if not settings.tabs.isTabVisible(tab):  # type: ignore[attr-defined]
            continue
        settings.tabs.setCurrentIndex(tab)  # type: ignore[attr-defined]
        settle(window)
        _save(window, out_dir / f"{name}.png")
    settings.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]


def _backup_shots(window: MainWindow, out_dir: Path) -> None:
    """Pengaturan › Cadangan dan pemulihan, the restore check of the newest backup (a dry run:
    the dialog is closed before anything is restored), undo's list of what would be lost (when a
    step can be undone), and the password of a flash-drive copy."""
    from ui.dialogs.backup_dialogs import NewPasswordDialog, RestoreDialog, UndoDialog

    settings = window.show_page("Pengaturan")
    panel = settings.backups  # type: ignore[attr-defined]
    settings.tabs.setCurrentWidget(panel)  # type: ignore[attr-defined]
    settle(window)
    _save(window, out_dir / "09f_pengaturan_cadangan.png")
    rows = panel.model.rows()
    if rows:
        restore = RestoreDialog(window.ctx, rows[0].path, None, window)
        restore.show()
        settle(window)
        _save(restore, out_dir / "dialog_pulihkan.png")
        restore.close()
    if any(b.kind in ("sebelum-impor-penduduk", "sebelum-impor-pbi") for b in rows):
        undo = UndoDialog(window.ctx, window)
        undo.show()
        settle(window)
        _save(undo, out_dir / "dialog_batalkan_langkah.png")
        undo.close()
    password = NewPasswordDialog(Path("cadangan-desa.jknbak"), window)
    password.show()
    settle(window)
    _save(password, out_dir / "dialog_kata_sandi_cadangan.png")
    password.close()
    settings.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]


def render_all(db_path: Location, out_dir: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError("SCREENSHOT_DIR", folder=out_dir, reason=exc.strerror) from exc
    make_app()
    failed: list[bool] = []
    window = build_window(db_path, on_failed=lambda: failed.append(True), first_run=False)
    window.resize(PREFERRED)  # the documentation's size, whatever the offscreen screen
    window.show()
    settle(window)
    if failed or window.ctx.db is None:
        return 2
    if window.ctx.village is None:
        dialog = FirstRunDialog(window.ctx, window)
        dialog.show()
        settle(window)
        _save(dialog, out_dir / "pertama_kali.png")
        dialog.close()
        window.start(None)
        settle(window)
    if window.ctx.kecamatan is not None:  # a kecamatan's file: its own pages and dialogs
        from ui.screenshots_kecamatan import kecamatan_shots

        written = kecamatan_shots(window, out_dir)
        window.close()
        window.ctx.runner.shutdown()
        window.ctx.db.close()
        print(f"{len(written)} halaman disimpan di {out_dir}")
        return 0
    written = []
    for i, name in enumerate(PAGE_NAMES):
        if name not in window.visible_pages():  # a kelurahan has no APBDes page
            continue
        window.sidebar.setCurrentRow(i)
        settle(window)
        if name == "Keluarga":
            window.pages[name].table.selectRow(0)  # type: ignore[attr-defined]
            settle(window)
        path = out_dir / f"{i + 1:02d}_{slug(name)}.png"
        _save(window, path)
        written.append(path)
    db = window.ctx.db
    ids = db.run(resident_search.query_ids, ResidentFilter(), write=False)
    if ids:
        detail = db.run(residents.get, ids[0], write=False)
        resident_dialog = ResidentDialog(window.ctx, detail, parent=window)
        resident_dialog.show()
        settle(window)
        _save(resident_dialog, out_dir / "dialog_penduduk.png")
        resident_dialog.close()
        hh = db.run(households.query_ids, HouseholdFilter(), write=False)
        if hh:
            source, members = db.run(households.with_members, hh[0], write=False)
            split = SplitDialog(window.ctx, source, members, parent=window)
            split.show()
            settle(window)
            _save(split, out_dir / "dialog_pecah_kk.png")
            split.close()
        _wizard_shots(window, out_dir)
        _jkn_shots(window, out_dir)
        _usulan_shots(window, out_dir)
        _officials_shots(window, out_dir)
        if window.ctx.words.has_apbdes:
            _apbdes_shots(window, out_dir)
        _sktm_shots(window, out_dir)
        _settings_shots(window, out_dir)
        _backup_shots(window, out_dir)
    window.close()
    window.ctx.runner.shutdown()
    db.close()
    print(f"{len(written)} halaman disimpan di {out_dir}")
    return 0
