"""Screenshots of a kecamatan's file (``jkn-desktop screenshots DIR`` on a kecamatan database):
every page of the kecamatan, the first run's kecamatan choice, and the dialogs of receiving."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from jkn_desktop.errors import UserError
from ui.mainwindow import MainWindow


def _save(widget: QWidget, path: Path) -> None:
    if not widget.grab().save(str(path)):
        raise UserError("SCREENSHOT_FAILED", path=path)


def slug(name: str) -> str:
    return name.lower().replace(" ", "_")


def kecamatan_shots(window: MainWindow, out_dir: Path) -> list[Path]:
    from jkn_desktop.services.kecamatan.identity import villages
    from jkn_desktop.services.kecamatan.packages import packages
    from ui.dialogs.identity import FirstRunDialog
    from ui.dialogs.kecamatan_dialogs import KeyConfirmDialog, ReregisterDialog, ReturnDialog
    from ui.pages.kecamatan.pengaturan import VillageDialog
    from ui.screenshots import settle

    written: list[Path] = []
    for i, name in enumerate(window.page_names):
        if name not in window.visible_pages():
            continue
        window.sidebar.setCurrentRow(i)
        settle(window)
        path = out_dir / f"kec_{i + 1:02d}_{slug(name)}.png"
        _save(window, path)
        written.append(path)
    if "Cari Warga" in window.visible_pages():  # a name many residents have, found
        cari = window.show_page("Cari Warga")
        settle(window)
        cari.text.setText("siti")  # type: ignore[attr-defined]
        cari.search()  # type: ignore[attr-defined]
        settle(window)
        path = out_dir / "kec_cari_warga_hasil.png"
        _save(window, path)
        written.append(path)
    if "Penerimaan Paket" in window.page_names:
        page = window.show_page("Penerimaan Paket")
        page.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]
        settle(window)
        _save(window, out_dir / "kec_penerimaan_hasil.png")
        page.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    if "Beranda" in window.page_names:  # a village's lists, opened from the dashboard
        from PySide6.QtWidgets import QApplication

        from ui.dialogs.kecamatan_lists import VillageListsDialog

        beranda = window.show_page("Beranda")
        settle(window)
        summary = beranda.summary  # type: ignore[attr-defined]
        sent = [i for i, v in enumerate(summary.villages) if v.sent] if summary else []
        if sent:
            beranda.open_village(sent[0])  # type: ignore[attr-defined]
            settle(window)
            for w in QApplication.topLevelWidgets():
                if isinstance(w, VillageListsDialog) and w.isVisible():
                    _save(w, out_dir / "kec_dialog_daftar_desa.png")
                    w.close()
    if "Data Ganda" in window.page_names:
        ganda = window.show_page("Data Ganda")
        settle(window)
        rows = ganda.model.rows()  # type: ignore[attr-defined]
        if len(rows) > 6:
            ganda.view.selectRow(6)  # type: ignore[attr-defined]
            settle(window)
            _save(window, out_dir / "kec_data_ganda_orang_sama.png")
    settings = window.show_page("Pengaturan")
    for tab in range(1, settings.tabs.count()):  # type: ignore[attr-defined]
        settings.tabs.setCurrentIndex(tab)  # type: ignore[attr-defined]
        settle(window)
        title = settings.tabs.tabText(tab)  # type: ignore[attr-defined]
        _save(window, out_dir / f"kec_pengaturan_{slug(title)}.png")
    settings.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]
    db = window.ctx.db
    listed = db.run(villages, write=False)
    kode = window.ctx.kecamatan.kode_wilayah if window.ctx.kecamatan else ""
    # a real village and its registered key, where one is
    signed = next((v for v in listed if v.fingerprint), listed[0] if listed else None)
    village = signed.full_name if signed else "Desa"
    key = signed.fingerprint if signed and signed.fingerprint else "—"
    files = [f"paket_{signed.name.lower() if signed else 'desa'}_2026-11.xlsx"]
    dialogs: list[tuple[QWidget, str]] = [
        (VillageDialog(window.ctx, kode, listed[0] if listed else None, window), "desa"),
        (
            KeyConfirmDialog(village, key, files, window),
            "kunci_baru",
        ),
        (
            ReregisterDialog(village, key, key, files[0], window),
            "daftar_ulang_kunci",
        ),
    ]
    rows = db.run(packages, write=False)
    if rows:
        dialogs.append((ReturnDialog(window.ctx, rows[0], window), "kembalikan_paket"))
    first = FirstRunDialog(window.ctx, window)
    first.as_kecamatan.setChecked(True)
    if window.ctx.kecamatan is not None:
        first.kecamatan_form.set_info(window.ctx.kecamatan)
    dialogs.append((first, "pertama_kali_kecamatan"))
    for dialog, name in dialogs:
        dialog.show()
        settle(window)
        _save(dialog, out_dir / f"kec_dialog_{name}.png")
        dialog.close()
    return written
