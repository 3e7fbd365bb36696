"""The dialogs of a kecamatan's file for ``ui.catalog``: a village's lists, a village's entry,
a new or changed village key, a package sent back."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from ui.catalog_dialogs import Maker
    from ui.mainwindow import MainWindow


def _signed(window: MainWindow) -> Any:
    from jkn_desktop.services.kecamatan.identity import villages

    listed = window.ctx.db.run(villages, write=False)
    return next((v for v in listed if v.fingerprint), listed[0] if listed else None)


def _lists(window: MainWindow) -> QWidget | None:
    """A village's lists, opened from the dashboard as the user would."""
    from ui.dialogs.kecamatan_lists import VillageListsDialog

    beranda = window.show_page("Beranda")
    window.ctx.runner.wait_idle()
    QApplication.processEvents()
    summary = beranda.summary  # type: ignore[attr-defined]
    sent = [i for i, v in enumerate(summary.villages) if v.sent] if summary else []
    if not sent:
        return None
    village = summary.villages[sent[0]]
    return VillageListsDialog(window.ctx, summary.period, village, window)


def _village(window: MainWindow) -> QWidget:
    from jkn_desktop.services.kecamatan.identity import villages
    from ui.pages.kecamatan.pengaturan import VillageDialog

    listed = window.ctx.db.run(villages, write=False)
    kode = window.ctx.kecamatan.kode_wilayah if window.ctx.kecamatan else ""
    return VillageDialog(window.ctx, kode, listed[0] if listed else None, window)


def _names(window: MainWindow) -> tuple[str, str, list[str]]:
    signed = _signed(window)
    village = signed.full_name if signed else "Desa"
    key = signed.fingerprint if signed and signed.fingerprint else "—"
    files = [f"paket_{signed.name.lower() if signed else 'desa'}_2026-11.xlsx"]
    return village, key, files


def _return(window: MainWindow) -> QWidget | None:
    from jkn_desktop.services.kecamatan.packages import packages
    from ui.dialogs.kecamatan_dialogs import ReturnDialog

    rows = window.ctx.db.run(packages, write=False)
    return ReturnDialog(window.ctx, rows[0], window) if rows else None


def kecamatan_makers() -> list[Maker]:
    from ui.dialogs.kecamatan_dialogs import KeyConfirmDialog, ReregisterDialog, ReturnDialog
    from ui.dialogs.kecamatan_lists import VillageListsDialog
    from ui.pages.kecamatan.pengaturan import VillageDialog

    def key(w: MainWindow) -> QWidget:
        village, fingerprint, files = _names(w)
        return KeyConfirmDialog(village, fingerprint, files, w)

    def reregister(w: MainWindow) -> QWidget:
        village, fingerprint, files = _names(w)
        return ReregisterDialog(village, fingerprint, fingerprint, files[0], w)

    return [
        ("Daftar desa", VillageListsDialog, _lists),
        ("Desa", VillageDialog, _village),
        ("Kunci desa baru", KeyConfirmDialog, key),
        ("Daftar ulang kunci", ReregisterDialog, reregister),
        ("Kembalikan paket", ReturnDialog, _return),
    ]
