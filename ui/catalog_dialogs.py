"""The dialogs of ``ui.catalog``: how to open each one over the window with the file's own data
(nothing is saved: the catalog closes each dialog with Batal). A maker returns ``None`` where
the file has nothing to show it with (a kelurahan has no APBDes line)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QApplication, QWidget

if TYPE_CHECKING:
    from ui.mainwindow import MainWindow

Maker = tuple[str, type, Callable[["MainWindow"], QWidget | None]]


def _run(window: MainWindow, fn: Any, *args: Any) -> Any:
    return window.ctx.db.run(fn, *args, write=False)


def _resident(window: MainWindow) -> Any:
    from jkn_desktop.records.residents import ResidentFilter
    from jkn_desktop.services.registry import resident_search, residents

    ids = _run(window, resident_search.query_ids, ResidentFilter())
    return _run(window, residents.get, ids[0]) if ids else None


def _household(window: MainWindow) -> Any:
    from jkn_desktop.records.households import HouseholdFilter
    from jkn_desktop.services.registry import households

    ids = _run(window, households.query_ids, HouseholdFilter())
    return _run(window, households.with_members, ids[0]) if ids else (None, [])


def _jkn_person(window: MainWindow) -> Any:
    from jkn_desktop.records.membership import JknFilter
    from jkn_desktop.services.membership import kepesertaan

    ids = _run(window, kepesertaan.query_ids, JknFilter(segment="pbi_apbn"))
    return _run(window, kepesertaan.fetch_rows, ids[:1])[0] if ids else None


def _line(window: MainWindow) -> Any:
    if not window.ctx.words.has_apbdes:
        return None
    page = window.show_page("APBDes")
    return page.current_line()  # type: ignore[attr-defined]


def _demo_file(window: MainWindow, name: str, write: Any) -> Path:
    """A generated file to open the import dialogs on, removed when the program ends."""
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="jkn-katalog-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    path = folder / name
    write(window.ctx.db, path)
    return path


def _village_basic() -> list[Maker]:
    from jkn_desktop.domain import codes
    from ui.dialogs import household_dialogs as H
    from ui.dialogs import simple
    from ui.dialogs.history import HistoryDialog
    from ui.dialogs.resident_dialog import ResidentDialog

    def history(w: MainWindow) -> QWidget | None:
        from jkn_desktop.services.registry import residents

        d = _resident(w)
        return HistoryDialog(d.name, _run(w, residents.history, d.id), w) if d else None

    def member(w: MainWindow) -> Any:
        return _household(w)[1][0] if _household(w)[1] else None

    return [
        ("Penduduk baru", ResidentDialog, lambda w: ResidentDialog(w.ctx, parent=w)),
        ("Ubah penduduk", ResidentDialog, lambda w: ResidentDialog(w.ctx, _resident(w), parent=w)),
        (
            "Ubah status dasar",
            simple.StatusDialog,
            lambda w: simple.StatusDialog("Budi Santoso", codes.HIDUP, w),
        ),
        (
            "Alasan hapus",
            simple.ReasonDialog,
            lambda w: simple.ReasonDialog(
                "Hapus penduduk", "Alasan menghapus Budi Santoso dari daftar penduduk:", w
            ),
        ),
        ("Riwayat perubahan", HistoryDialog, history),
        ("KK baru", H.HouseholdDialog, lambda w: H.HouseholdDialog(w.ctx, parent=w)),
        (
            "Ubah KK",
            H.HouseholdDialog,
            lambda w: H.HouseholdDialog(w.ctx, _household(w)[0], parent=w),
        ),
        (
            "Pindah KK",
            H.MoveDialog,
            lambda w: H.MoveDialog(w.ctx, member(w), parent=w) if member(w) else None,
        ),
        (
            "Pecah KK",
            H.SplitDialog,
            lambda w: H.SplitDialog(w.ctx, _household(w)[0], _household(w)[1], parent=w),
        ),
    ]


def _village_jkn() -> list[Maker]:
    from jkn_desktop.demo.files import write_demo_import_file, write_demo_pbi_list
    from ui.dialogs.corrections_dialog import CorrectionsDialog
    from ui.dialogs.counter_check import CounterCheckDialog
    from ui.dialogs.import_wizard import ImportWizard
    from ui.dialogs.membership_dialog import MembershipDialog
    from ui.dialogs.pbi_import_dialog import PbiImportDialog
    from ui.pages.usulan import MusdesDialog, ProposalDialog

    def membership(w: MainWindow) -> QWidget | None:
        person = _jkn_person(w)
        return MembershipDialog(w.ctx, person, parent=w) if person else None

    def wizard(w: MainWindow) -> QWidget:
        path = _demo_file(w, "daftar_penduduk.xlsx", write_demo_import_file)
        return ImportWizard(w.ctx, path, parent=w)

    def pbi(w: MainWindow) -> QWidget:
        path = _demo_file(w, "daftar_pbi_dinsos.xlsx", write_demo_pbi_list)
        return PbiImportDialog(w.ctx, path, parent=w)

    def counter(w: MainWindow) -> QWidget:
        dialog = CounterCheckDialog(w.ctx, w)
        person = _jkn_person(w)
        if person is not None:
            dialog.search.setText(person.nik[:10])
            dialog._timer.stop()  # the search now, not after the typing pause
            dialog.run_query()
        return dialog

    def period() -> str:
        return dt.date.today().strftime("%Y-%m")

    return [
        ("Impor penduduk", ImportWizard, wizard),
        ("Catat kepesertaan", MembershipDialog, membership),
        ("Impor PBI", PbiImportDialog, pbi),
        ("Cek loket", CounterCheckDialog, counter),
        ("Koreksi dari kecamatan", CorrectionsDialog, lambda w: CorrectionsDialog(w.ctx, w)),
        ("Tambah usulan", ProposalDialog, lambda w: ProposalDialog(w.ctx, period(), w)),
        ("Catat Musdes", MusdesDialog, lambda w: MusdesDialog(w.ctx, [], w)),
    ]


def _village_apbdes() -> list[Maker]:
    from jkn_desktop.domain.apbdes import PriorityWeights
    from jkn_desktop.records.membership import JknFilter
    from jkn_desktop.services.apbdes.codes import line_choices
    from jkn_desktop.services.membership import kepesertaan
    from ui.dialogs.apbdes.beneficiaries import BeneficiaryDialog, EndDialog
    from ui.dialogs.apbdes.line import LineDialog
    from ui.dialogs.apbdes.payment import PaymentDialog
    from ui.pages.apbdes.priority_tab import WeightsDialog

    def line(w: MainWindow) -> QWidget | None:
        found = _line(w)
        if found is None:
            return None
        return LineDialog(w.ctx, found.year, _run(w, line_choices), found, w)

    def people(w: MainWindow) -> QWidget | None:
        found = _line(w)
        if found is None:
            return None
        ids = _run(w, kepesertaan.query_ids, JknFilter(uninsured=True))[:3]
        return BeneficiaryDialog(w.ctx, found, found.from_month, ids, w)

    def end(w: MainWindow) -> QWidget | None:
        if _line(w) is None:
            return None
        tab = w.pages["APBDes"].people  # type: ignore[attr-defined]
        rows = tab.model.rows()
        return EndDialog(w.ctx, rows[0], w) if rows else None

    def payment(w: MainWindow) -> QWidget | None:
        found = _line(w)
        return PaymentDialog(w.ctx, found, found.from_month, w) if found else None

    return [
        ("Baris APBDes", LineDialog, line),
        ("Penerima APBDes", BeneficiaryDialog, people),
        ("Akhiri tanggungan", EndDialog, end),
        ("Catat pembayaran", PaymentDialog, payment),
        ("Bobot prioritas", WeightsDialog, lambda w: WeightsDialog(PriorityWeights(), w)),
    ]


def _village_office() -> list[Maker]:
    from ui.dialogs.official_dialog import EndOfficeDialog, OfficialDialog
    from ui.dialogs.sktm_dialog import CancelDialog, SktmDialog

    def official(w: MainWindow) -> Any:
        tab = w.show_page("Pelayanan").officials  # type: ignore[attr-defined]
        w.ctx.runner.wait_idle()
        QApplication.processEvents()
        if tab.data is None or not tab.data.items:
            return None
        return tab.data.items[0].official

    def sktm_row(w: MainWindow) -> Any:
        rows = w.show_page("Pelayanan").sktm.model.rows()  # type: ignore[attr-defined]
        return rows[-1] if rows else None

    def sktm(w: MainWindow) -> QWidget:
        dialog = SktmDialog(w.ctx, w)
        row = sktm_row(w)
        dialog.search.setText(row.name if row else "")
        dialog._search()
        return dialog

    return [
        ("Perangkat desa baru", OfficialDialog, lambda w: OfficialDialog(w.ctx, parent=w)),
        (
            "Berhenti menjabat",
            EndOfficeDialog,
            lambda w: EndOfficeDialog(w.ctx, official(w), w) if official(w) else None,
        ),
        ("Terbitkan SKTM", SktmDialog, sktm),
        (
            "Batalkan SKTM",
            CancelDialog,
            lambda w: CancelDialog(w.ctx, sktm_row(w), w) if sktm_row(w) else None,
        ),
    ]


def _common() -> list[Maker]:
    """Settings, accounts, backups, the first run, help, a conflict and a crash: in both kinds of
    file."""
    from jkn_desktop.records.people import Actor
    from jkn_desktop.services.edit_conflict import ChangedField, EditConflict
    from ui.crash import CrashDialog
    from ui.dialogs import backup_dialogs as B
    from ui.dialogs import login
    from ui.dialogs.about import AboutDialog
    from ui.dialogs.conflict import ConflictDialog
    from ui.dialogs.guide import GuideDialog
    from ui.dialogs.identity import FirstRunDialog
    from ui.pages.pengaturan_users import AccountDialog

    actor = Actor(username="admin", roles=("admin",), full_name="Sutrisno")
    conflict = EditConflict(
        [ChangedField("mother_name", "SRI", "SRI WAHYUNI")],
        "Budi",
        dt.datetime(2026, 11, 22, 9, 15),
        "data penduduk ini",
    )

    def restore(w: MainWindow) -> QWidget | None:
        from jkn_desktop.services.backup.making import list_backups

        rows = list_backups(w.ctx.db)
        return B.RestoreDialog(w.ctx, rows[0].path, None, w) if rows else None

    return [
        ("Pertama kali", FirstRunDialog, lambda w: FirstRunDialog(w.ctx, w)),
        ("Panduan", GuideDialog, lambda w: GuideDialog(w.ctx, w)),
        ("Tentang", AboutDialog, lambda w: AboutDialog(w.ctx.db.location, w)),
        ("Masuk", login.LoginDialog, lambda w: login.LoginDialog(w.ctx, w)),
        ("Admin pertama", login.FirstAdminDialog, lambda w: login.FirstAdminDialog(w.ctx, w)),
        (
            "Ganti kata sandi",
            login.SetPasswordDialog,
            lambda w: login.SetPasswordDialog(w.ctx, actor, w),
        ),
        ("Tambah pengguna", AccountDialog, lambda w: AccountDialog(w.ctx, w)),
        (
            "Kata sandi cadangan baru",
            B.NewPasswordDialog,
            lambda w: B.NewPasswordDialog(Path("cadangan-desa.jknbak"), w),
        ),
        (
            "Kata sandi cadangan",
            B.PasswordDialog,
            lambda w: B.PasswordDialog(Path("cadangan-desa.jknbak"), w),
        ),
        ("Pulihkan cadangan", B.RestoreDialog, restore),
        ("Batalkan langkah", B.UndoDialog, lambda w: B.UndoDialog(w.ctx, w)),
        ("Data diubah orang lain", ConflictDialog, lambda w: ConflictDialog(conflict, w)),
        (
            "Kesalahan program",
            CrashDialog,
            lambda w: CrashDialog("Traceback (most recent call last):\n  …\nValueError", w),
        ),
    ]


def _village_settings() -> list[Maker]:
    from ui.pages.pengaturan_apbdes import CodeDialog, RateDialog

    return [
        ("Tarif iuran", RateDialog, lambda w: RateDialog(None, w)),
        ("Kode APBDes", CodeDialog, lambda w: CodeDialog("kegiatan", w)),
    ]


def village_dialogs() -> list[Maker]:
    return (
        _village_basic()
        + _village_jkn()
        + _village_apbdes()
        + _village_office()
        + _village_settings()
        + _common()
    )


def kecamatan_dialogs() -> list[Maker]:
    from ui.catalog_kecamatan import kecamatan_makers

    return kecamatan_makers() + _common()


def all_dialog_classes() -> set[type]:
    """Every dialog class the catalog opens, in a village's or a kecamatan's file."""
    return {cls for _n, cls, _m in village_dialogs() + kecamatan_dialogs()}
