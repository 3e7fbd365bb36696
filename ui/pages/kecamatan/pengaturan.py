"""Pengaturan of a kecamatan's file: the kecamatan's identity and its Camat (name and NIP under the
recap's signature), the villages expected to send a package each month, and the accounts and
backups as in a village's file."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain.wilayah import village_kind
from jkn_desktop.errors import UserError
from jkn_desktop.records.changes import SETTINGS, USER
from jkn_desktop.records.kecamatan import ExpectedVillage, KecamatanInfo
from jkn_desktop.services.kecamatan.identity import (
    get_kecamatan,
    init_kecamatan,
    save_village,
    set_camat,
    villages,
)
from jkn_desktop.services.settings import get_setting, set_setting
from ui.context import AppContext
from ui.crash import show_error
from ui.dialogs.simple import add_footer
from ui.pages.base import Page
from ui.pages.pengaturan_backup import BackupPanel
from ui.pages.pengaturan_users import UsersPanel
from ui.saved import announce_saved
from ui.widgets import FieldError

KINDS = {"desa": "Desa", "kelurahan": "Kelurahan"}
VILLAGE_COLUMNS = ["Kode wilayah", "Nama", "Jenis", "Wajib mengirim", "Sidik kunci", "Catatan"]


def save_identity(work: Any, names: dict[str, str], camat: str, camat_nip: str) -> KecamatanInfo:
    """The Camat (audited as such) and, when they changed, the names, in one transaction."""
    before = get_kecamatan(work)
    info = set_camat(work, camat, camat_nip)
    changed = before is not None and any(getattr(before, k) != v for k, v in names.items() if v)
    if changed and info.is_kabupaten:
        from jkn_desktop.services.kabupaten.identity import init_kabupaten

        return init_kabupaten(
            work,
            info.kode_wilayah,
            kabupaten=names.get("kabupaten") or None,
            provinsi=names.get("provinsi") or None,
            kepala=info.camat,
            kepala_nip=info.camat_nip,
        )
    if changed:
        info = init_kecamatan(
            work,
            info.kode_wilayah,
            kecamatan=names.get("kecamatan") or None,
            kabupaten=names.get("kabupaten") or None,
            provinsi=names.get("provinsi") or None,
            camat=info.camat,
            camat_nip=info.camat_nip,
        )
    return info


class IdentityPanel(QWidget):
    saved = Signal(object)  # KecamatanInfo

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        kab = ctx.kecamatan is not None and ctx.kecamatan.is_kabupaten
        level = "kabupaten" if kab else "kecamatan"
        head = "Kepala Dinas Sosial" if kab else "Camat"
        box = QGroupBox(f"Identitas {level}")
        form = QFormLayout(box)
        self.kode = QLabel()
        self.kode.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.names = {k: QLineEdit() for k in ("kecamatan", "kabupaten", "provinsi")}
        self.camat = QLineEdit()
        self.camat_nip = QLineEdit()
        self.camat_nip.setPlaceholderText("18 angka")
        form.addRow("Kode wilayah", self.kode)
        if not kab:
            form.addRow("Nama kecamatan", self.names["kecamatan"])
        form.addRow("Kabupaten/Kota", self.names["kabupaten"])
        form.addRow("Provinsi", self.names["provinsi"])
        form.addRow(f"Nama {head}", self.camat)
        form.addRow(f"NIP {head}", self.camat_nip)
        hint = QLabel(
            (
                "Nama dan NIP Kepala Dinas Sosial dicetak di sampul buku kerja dan lembar verval."
                if kab
                else "Nama dan NIP Camat dicetak di bawah tanda tangan rekap dan laporan ke "
                "kabupaten."
            )
            + f" Kode wilayah tidak bisa diubah: buat basis data baru untuk {level} lain."
        )
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        form.addRow(hint)
        box.setMaximumWidth(640)
        layout.addWidget(box)
        row = QHBoxLayout()
        self.save_btn = QPushButton(f"Simpan identitas {level}")
        row.addWidget(self.save_btn)
        self.saved_label = QLabel()
        row.addWidget(self.saved_label, 1)
        layout.addLayout(row)
        self.error = FieldError()
        layout.addWidget(self.error)
        due = QGroupBox("Batas kirim paket desa")
        due_layout = QVBoxLayout(due)
        due_row = QHBoxLayout()
        due_row.addWidget(QLabel("Paling lambat"))
        self.deadline = QSpinBox()
        self.deadline.setRange(1, 28)
        self.deadline.setPrefix("tanggal ")
        due_row.addWidget(self.deadline)
        due_row.addWidget(QLabel("bulan berikutnya"))
        due_row.addStretch(1)
        self.deadline_btn = QPushButton("Simpan batas kirim")
        due_row.addWidget(self.deadline_btn)
        due_layout.addLayout(due_row)
        due_hint = QLabel(
            "Paket suatu bulan tercatat tepat waktu di Matriks Pengiriman bila diterima paling "
            "lambat tanggal ini pada bulan berikutnya."
        )
        due_hint.setObjectName("hint")
        due_hint.setWordWrap(True)
        due_layout.addWidget(due_hint)
        due.setMaximumWidth(640)
        layout.addWidget(due)
        layout.addStretch(1)
        self.save_btn.clicked.connect(self.save)
        self.deadline_btn.clicked.connect(self.save_deadline)

    def show_deadline(self, day: int) -> None:
        self.deadline.setValue(int(day))

    def save_deadline(self) -> None:
        day = self.deadline.value()

        def done(_r: object) -> None:
            self.saved_label.setText(f"Batas kirim: tanggal {day} bulan berikutnya.")

        self.ctx.op(
            set_setting,
            "kec_deadline_day",
            day,
            on_done=done,
            on_error=lambda exc: _refused(self.error, exc, self),
        )

    def show_info(self, info: KecamatanInfo | None) -> None:
        if info is None:
            return
        self.kode.setText(info.kode_wilayah)
        for key, edit in self.names.items():
            edit.setText(getattr(info, key))
        self.camat.setText(info.camat)
        self.camat_nip.setText(info.camat_nip)

    def save(self) -> None:
        names = {k: e.text().strip() for k, e in self.names.items()}

        def done(info: KecamatanInfo) -> None:
            self.error.clear_issue()
            self.saved_label.setText("Tersimpan.")
            self.saved.emit(info)

        self.ctx.op(
            save_identity,
            names,
            self.camat.text(),
            self.camat_nip.text(),
            on_done=done,
            on_error=lambda exc: _refused(self.error, exc, self),
        )


def _refused(error: FieldError, exc: BaseException, parent: QWidget) -> None:
    if isinstance(exc, UserError):
        error.show_issue(exc.message, True)
    else:
        show_error(exc, parent)


class VillageDialog(QDialog):
    """Add a village to the list, or change its name, kind, whether it must send, and a note."""

    def __init__(
        self,
        ctx: AppContext,
        prefix: str,
        village: ExpectedVillage | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle("Ubah desa" if village else "Tambah desa atau kelurahan")
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.kode = QLineEdit(village.kode_wilayah if village else f"{prefix}.")
        self.kode.setReadOnly(village is not None)
        self.kode.setPlaceholderText(f"{prefix}.DDDD")
        self.name = QLineEdit(village.name if village else "")
        self.kind = QComboBox()
        for key, word in KINDS.items():
            self.kind.addItem(word, key)
        self.kind.setCurrentIndex(max(0, self.kind.findData(village.kind if village else "desa")))
        self.expected = QCheckBox("Wajib mengirim paket setiap bulan")
        self.expected.setChecked(village.expected if village else True)
        self.notes = QLineEdit(village.notes if village else "")
        form.addRow("Kode wilayah", self.kode)
        form.addRow("Nama", self.name)
        form.addRow("Jenis", self.kind)
        form.addRow("", self.expected)
        form.addRow("Catatan", self.notes)
        layout.addLayout(form)
        if village is None:
            self.kode.textEdited.connect(self._kind_from_code)
        self.error, self.buttons = add_footer(self, layout, "Simpan", self._save)
        self.resize(460, self.sizeHint().height())

    def _kind_from_code(self, text: str) -> None:
        """A kelurahan's code has a 1 in its village block (33.13.05.1001): the kind follows."""
        digits = "".join(c for c in text if c.isdigit())
        if len(digits) == 10:
            self.kind.setCurrentIndex(self.kind.findData(village_kind(text)))

    def _save(self) -> None:
        self.buttons.setEnabled(False)

        def refused(exc: BaseException) -> None:
            self.buttons.setEnabled(True)
            _refused(self.error, exc, self)

        self.ctx.op(
            save_village,
            self.kode.text(),
            self.name.text(),
            kind=str(self.kind.currentData()),
            expected=self.expected.isChecked(),
            notes=self.notes.text(),
            on_done=lambda _v: self.accept(),
            on_error=refused,
            parent=self,
        )


class VillagesPanel(QWidget):
    """The villages the kecamatan expects a package from, with the key each one signs with."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.rows: list[ExpectedVillage] = []
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Desa dan kelurahan kecamatan ini, dari data wilayah Kemendagri. Desa yang tidak wajib "
            "mengirim paket tidak dihitung di Matriks Pengiriman. Sidik kunci tercatat saat paket "
            "bertanda tangan pertama dari desa itu diterima."
        )
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        layout.addWidget(intro)
        buttons = QHBoxLayout()
        self.add_btn = QPushButton("Tambah desa…")
        self.edit_btn = QPushButton("Ubah…")
        self.count = QLabel()
        buttons.addWidget(self.add_btn)
        buttons.addWidget(self.edit_btn)
        buttons.addStretch(1)
        buttons.addWidget(self.count)
        layout.addLayout(buttons)
        self.table = QTableWidget(0, len(VILLAGE_COLUMNS))
        self.table.setHorizontalHeaderLabels(VILLAGE_COLUMNS)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.add_btn.clicked.connect(lambda: self._edit(None))
        self.edit_btn.clicked.connect(self._edit_current)
        self.table.doubleClicked.connect(lambda _i: self._edit_current())

    def reload(self) -> None:
        self.ctx.query(villages, on_done=self._show)

    def _show(self, rows: list[ExpectedVillage]) -> None:
        self.rows = rows
        self.table.setRowCount(len(rows))
        for r, v in enumerate(rows):
            texts = (
                v.kode_wilayah,
                v.name,
                KINDS.get(v.kind, v.kind),
                "Ya" if v.expected else "Tidak",
                v.fingerprint or "belum ada",
                v.notes,
            )
            for c, text in enumerate(texts):
                item = QTableWidgetItem(text)
                if not v.expected:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(r, c, item)
        expected = sum(v.expected for v in rows)
        self.count.setText(f"{len(rows)} desa/kelurahan, {expected} wajib mengirim")

    def _edit_current(self) -> None:
        r = self.table.currentRow()
        if 0 <= r < len(self.rows):
            self._edit(self.rows[r])

    def _edit(self, village: ExpectedVillage | None) -> None:
        info = self.ctx.kecamatan
        prefix = info.kode_wilayah if info is not None else ""
        if VillageDialog(self.ctx, prefix, village, self).exec() == QDialog.DialogCode.Accepted:
            self.reload()


class KecamatanSettingsPage(Page):
    title = "Pengaturan"
    shows = frozenset({SETTINGS, USER})
    kecamatan_saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.identity = IdentityPanel(ctx)
        self.villages = VillagesPanel(ctx)
        self.users = UsersPanel(ctx)
        self.backups = BackupPanel(ctx)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.identity, "Identitas kecamatan")
        self.tabs.addTab(self.villages, "Desa dan kelurahan")
        self.tabs.addTab(self.users, "Pengguna")
        self.tabs.addTab(self.backups, "Cadangan dan pemulihan")
        self.layout_.addWidget(self.tabs, 1)
        self.identity.saved.connect(self._saved)

    def reload(self) -> None:
        self.identity.show_info(self.ctx.kecamatan)
        self.ctx.query(get_setting, "kec_deadline_day", on_done=self.identity.show_deadline)
        self.villages.reload()
        self.users.reload()
        self.backups.reload()

    def show_tab(self, title: str) -> None:
        for i in range(self.tabs.count()):
            if self.tabs.tabText(i) == title:
                self.tabs.setCurrentIndex(i)

    def _saved(self, info: KecamatanInfo) -> None:
        self.ctx.kecamatan = info
        announce_saved(self, None, f"Identitas {info.label} tersimpan.")
        self.kecamatan_saved.emit(info)
        self.villages.reload()
