"""Each page of the sidebar by name, imported only when it is first made (the window starts
with the page it shows; the other pages' modules load in the quiet moments after)."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ui.context import AppContext
    from ui.pages.base import Page


def make(name: str, ctx: AppContext) -> Page:
    if ctx.kecamatan is not None:
        return make_kecamatan(name, ctx)
    if name == "Beranda":
        from ui.pages.beranda import BerandaPage

        return BerandaPage(ctx)
    if name == "Penduduk":
        from ui.pages.penduduk import PendudukPage

        return PendudukPage(ctx)
    if name == "Keluarga":
        from ui.pages.keluarga import KeluargaPage

        return KeluargaPage(ctx)
    if name == "Kepesertaan JKN":
        from ui.pages.kepesertaan import KepesertaanPage

        return KepesertaanPage(ctx)
    if name == "APBDes":
        from ui.pages.apbdes import ApbdesPage

        return ApbdesPage(ctx)
    if name == "Usulan PBI":
        from ui.pages.usulan import UsulanPage

        return UsulanPage(ctx)
    if name == "Pelayanan":
        from ui.pages.office import PelayananPage

        return PelayananPage(ctx)
    if name == "Laporan":
        from ui.pages.laporan import LaporanPage

        return LaporanPage(ctx)
    if name == "Pengaturan":
        from ui.pages.pengaturan import PengaturanPage

        return PengaturanPage(ctx)
    if name == "Audit":
        from ui.pages.audit import AuditPage

        return AuditPage(ctx)
    raise KeyError(name)


def make_kecamatan(name: str, ctx: AppContext) -> Page:
    """A kecamatan's file (issue #15): the consolidation's pages."""
    if name == "Penerimaan Paket":
        from ui.pages.kecamatan.penerimaan import PenerimaanPage

        return PenerimaanPage(ctx)
    if name == "Beranda" and ctx.kecamatan is not None and ctx.kecamatan.is_kabupaten:
        from ui.pages.kecamatan.beranda_kabupaten import BerandaKabupatenPage

        return BerandaKabupatenPage(ctx)
    if name == "Beranda":
        from ui.pages.kecamatan.beranda import BerandaKecamatanPage

        return BerandaKecamatanPage(ctx)
    if name == "Laporan":
        from ui.pages.kecamatan.laporan import KecamatanLaporanPage

        return KecamatanLaporanPage(ctx)
    if name == "Data Ganda":
        from ui.pages.kecamatan.ganda import GandaPage

        return GandaPage(ctx)
    if name == "Cari Warga":
        from ui.pages.kecamatan.cari import CariWargaPage

        return CariWargaPage(ctx)
    if name == "Matriks Pengiriman":
        from ui.pages.kecamatan.matriks import MatriksPage

        return MatriksPage(ctx)
    if name == "Pengaturan":
        from ui.pages.kecamatan.pengaturan import KecamatanSettingsPage

        return KecamatanSettingsPage(ctx)
    if name == "Audit":
        from ui.pages.audit import AuditPage

        return AuditPage(ctx)
    raise KeyError(name)
