"""Pengaturan: the village identity and signatories, the UHC targets the dashboard compares
coverage and keaktifan against, the JKN premium rates (effective-dated: a new Perpres is a new row),
the APBDes codes (with the kabupaten's local ones) and the Dana Desa rule. A kelurahan has no
APBDes: its page shows neither the codes nor the Dana Desa rule."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import dinsos as DS
from jkn_desktop.domain.wilayah import VillageWords
from jkn_desktop.records.changes import APBDES, SETTINGS, VILLAGE
from jkn_desktop.records.settings import Targets
from jkn_desktop.records.village import VillageInfo
from jkn_desktop.services.settings import get_setting, save_targets, set_setting, targets
from ui.context import AppContext
from ui.dialogs.identity import IdentityForm
from ui.fitting import scrolling
from ui.flow import Columns, FlowLayout
from ui.pages.base import Page
from ui.pages.pengaturan_apbdes import CodesPanel, RatesPanel
from ui.pages.pengaturan_backup import BackupPanel
from ui.pages.pengaturan_office import OfficeSettingsPanel
from ui.pages.pengaturan_users import UsersPanel
from ui.saved import announce_saved
from ui.widgets import FieldError


class PengaturanPage(Page):
    title = "Pengaturan"
    shows = frozenset({APBDES, SETTINGS, VILLAGE})
    village_saved = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(ctx, parent)
        self.form = IdentityForm(ctx)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.form)
        scroll.setMaximumWidth(720)
        # the form whole (it scrolls down, never sideways)
        bar = scroll.verticalScrollBar().sizeHint().width()
        scroll.setMinimumWidth(self.form.minimumSizeHint().width() + bar + 4)
        side = QVBoxLayout()
        targets = QGroupBox("Target cakupan JKN (UHC)")
        form = QFormLayout(targets)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # narrow: label above
        self.target_coverage = QDoubleSpinBox()
        self.target_active = QDoubleSpinBox()
        for box in (self.target_coverage, self.target_active):
            box.setRange(50.0, 100.0)
            box.setDecimals(1)
            box.setSuffix(" %")
            box.setLocale(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
        form.addRow(
            f"Cakupan tahun {dt.date.today().year} (terdaftar ÷ penduduk)", self.target_coverage
        )
        form.addRow("Keaktifan (aktif ÷ terdaftar)", self.target_active)
        self.status_age = QSpinBox()
        self.status_age.setRange(7, 365)
        self.status_age.setSuffix(" hari")
        self.status_age.setToolTip(
            "Loket memperingatkan bila status kepesertaan lebih tua dari ini"
        )
        self.desil_age = QSpinBox()
        self.desil_age.setRange(1, 24)
        self.desil_age.setSuffix(" bulan")
        self.desil_age.setToolTip(
            "DTSEN diperbarui tiap tiga bulan: desil lebih tua dari ini diperingatkan"
        )
        form.addRow("Status dianggap lama setelah", self.status_age)
        form.addRow("Desil dianggap lama setelah", self.desil_age)
        note = QLabel(
            "Status UHC kabupaten: cakupan ≥ 98% dan keaktifan ≥ 80% (aturan lama 95% / 75%). "
            "Target bertahap per tahun (mis. 96% 2022, 97% 2023, 98% 2024 — Perbup Halmahera "
            "Tengah 37/2023 Ps. 2): tahun sebelumnya tetap memakai targetnya sendiri."
        )
        note.setWordWrap(True)
        note.setObjectName("hint")
        form.addRow(note)
        self.targets_btn = QPushButton("Simpan target")
        self.targets_btn.clicked.connect(self.save_targets)
        form.addRow(self.targets_btn)
        side.addWidget(targets)
        self.apbdes_box = apbdes = QGroupBox("APBDes")
        apbdes_layout = QVBoxLayout(apbdes)
        self.warn_dana_desa = QCheckBox("Peringatkan bila iuran JKN dibiayai Dana Desa")
        self.warn_dana_desa.setToolTip(
            "Kemendes (2024): Dana Desa tidak boleh membayar iuran BPJS Kesehatan."
        )
        self.warn_dana_desa.toggled.connect(self._save_dana_desa)
        apbdes_layout.addWidget(self.warn_dana_desa)
        side.addWidget(apbdes)
        self.logo_box = logo_box = QGroupBox()
        logo_layout = QHBoxLayout(logo_box)
        self.logo = QLabel("Belum ada logo.")
        self.logo.setFixedSize(84, 84)
        self.logo.setWordWrap(True)
        self.logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        logo_buttons = QVBoxLayout()
        self.logo_btn = QPushButton("Pilih logo…")
        self.logo_clear = QPushButton("Hapus logo")
        logo_buttons.addWidget(self.logo_btn)
        logo_buttons.addWidget(self.logo_clear)
        logo_layout.addWidget(self.logo)
        logo_layout.addLayout(logo_buttons, 1)
        self.logo_btn.clicked.connect(self._choose_logo)
        self.logo_clear.clicked.connect(lambda: self._save_logo(""))
        side.addWidget(logo_box)
        side.addStretch(1)
        side_box = QWidget()
        side_box.setLayout(side)
        # side by side on a wide window; on a 1024-pixel one the targets go under the form and
        # the tab scrolls as a whole
        columns = Columns(scroll, side_box, (3, 2), narrow=900)

        def stack(stacked: bool) -> None:
            """Stacked, the form shows whole (the tab scrolls); side by side, it scrolls."""
            layout = self.form.layout()
            width = min(scroll.maximumWidth(), columns.width()) - bar - 4
            need = self.form.sizeHint().height()
            if layout is not None and layout.hasHeightForWidth():
                need = max(need, layout.totalHeightForWidth(width))
            scroll.setMinimumHeight(need + 4 if stacked else 0)

        columns.on_stack.append(stack)
        both = scrolling(columns)
        both.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        identity = QWidget()
        identity_layout = QVBoxLayout(identity)
        identity_layout.addWidget(both, 1)
        self.tabs = QTabWidget()
        self.tabs.addTab(identity, "")
        self.rates = RatesPanel(ctx)
        self.codes = CodesPanel(ctx)
        self.tabs.addTab(self.rates, "Tarif iuran JKN")
        self.tabs.addTab(self.codes, "Kode APBDes")
        self.templates = TemplatesPanel(ctx)
        self.tabs.addTab(self.templates, "Format Dinas Sosial")
        self.office = OfficeSettingsPanel(ctx)
        self.tabs.addTab(self.office, "Pelayanan")
        self.users = UsersPanel(ctx)
        self.tabs.addTab(self.users, "Pengguna")
        self.backups = BackupPanel(ctx)
        self.tabs.addTab(self.backups, "Cadangan dan pemulihan")
        self.layout_.addWidget(self.tabs, 1)
        row = QHBoxLayout()
        self.save_btn = QPushButton()
        self.saved_label = QLabel()
        row.addWidget(self.save_btn)
        row.addWidget(self.saved_label, 1)
        identity_layout.addLayout(row)
        self.save_btn.clicked.connect(self.form.save)
        self.form.saved.connect(self._saved)
        self.set_words(ctx.words)

    def set_words(self, words: VillageWords) -> None:
        self.tabs.setTabText(0, f"Identitas {words.lower} dan target")
        self.save_btn.setText(f"Simpan identitas {words.lower}")
        self.logo_box.setTitle(f"Logo {words.lower} (kop surat)")
        self.apbdes_box.setVisible(words.has_apbdes)  # a kelurahan has no APBDes
        self.tabs.setTabVisible(self.tabs.indexOf(self.codes), words.has_apbdes)
        self.rates.set_words(words)
        self.office.set_words(words)

    def reload(self) -> None:
        if self.ctx.village is not None:
            self.form.set_info(self.ctx.village)

        def show(values: Targets) -> None:
            self.target_coverage.setValue(values.coverage_pct)
            self.target_active.setValue(values.active_pct)
            self.status_age.setValue(values.status_max_age_days)
            self.desil_age.setValue(values.desil_max_age_months)
            self.warn_dana_desa.blockSignals(True)
            self.warn_dana_desa.setChecked(values.warn_dana_desa)
            self.warn_dana_desa.blockSignals(False)

        self.ctx.query(targets, on_done=show)
        self.ctx.query(get_setting, "logo_png", on_done=lambda raw: self._show_logo(str(raw)))
        self.rates.reload()
        self.codes.reload()
        self.templates.reload()
        self.office.reload()
        self.users.reload()
        self.backups.reload()

    def show_tab(self, title: str) -> None:
        for i in range(self.tabs.count()):
            if self.tabs.tabText(i) == title:
                self.tabs.setCurrentIndex(i)

    def _show_logo(self, raw: str) -> None:
        import base64

        image = QImage.fromData(base64.b64decode(raw)) if raw else QImage()
        if image.isNull():
            self.logo.setPixmap(QPixmap())
            self.logo.setText("Belum ada logo.")
        else:
            self.logo.setPixmap(
                QPixmap.fromImage(image).scaled(
                    80,
                    80,
                    Qt.AspectRatioMode.KeepAspectRatio,
                    Qt.TransformationMode.SmoothTransformation,
                )
            )

    def _choose_logo(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, f"Pilih logo {self.ctx.words.lower}", "", "Gambar (*.png *.jpg *.jpeg *.bmp)"
        )
        if not path:
            return
        image = QImage(path)
        if image.isNull():
            QMessageBox.warning(
                self, "Logo", "Berkas itu bukan gambar yang bisa dibaca. Pilih berkas PNG atau JPG."
            )
            return
        self._save_logo(_png_base64(image))

    def _save_logo(self, raw: str) -> None:
        def done(_: object) -> None:
            self._show_logo(raw)
            logo = f"Logo {self.ctx.words.lower}"
            announce_saved(self, None, f"{logo} tersimpan." if raw else f"{logo} dihapus.")

        self.ctx.op(set_setting, "logo_png", raw, on_done=done)

    def _save_dana_desa(self, on: bool) -> None:
        def done(_: object) -> None:
            self.status_message.emit("Aturan Dana Desa " + ("dinyalakan." if on else "dimatikan."))

        self.ctx.op(set_setting, "apbdes_warn_dana_desa", on, on_done=done)

    def save_targets(self) -> None:
        new = Targets(
            coverage_pct=self.target_coverage.value(),
            active_pct=self.target_active.value(),
            warn_dana_desa=self.warn_dana_desa.isChecked(),
            status_max_age_days=self.status_age.value(),
            desil_max_age_months=self.desil_age.value(),
        )

        def done(_: object) -> None:
            self.saved_label.setText("Target tersimpan.")
            announce_saved(self, None, "Target cakupan tersimpan; Beranda memakainya.")

        self.ctx.op(save_targets, new, on_done=done)

    def _saved(self, info: VillageInfo) -> None:
        self.ctx.village = info
        self.saved_label.setText("Tersimpan.")
        announce_saved(self, None, f"Identitas {info.words.lower} tersimpan.")
        self.village_saved.emit(info)


class TemplatesPanel(QWidget):
    """The column layout of each sheet of the monthly workbook to Dinas Sosial: which fields, in
    which order, under which header text."""

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.layouts: dict[str, DS.Template] = {}
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Setiap Dinas Sosial meminta bentuk kolomnya sendiri. Pilih lembar, lalu atur kolomnya: "
            "tambah, hapus, urutkan, dan ubah judulnya (klik dua kali pada judul). NIK wajib ada."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        row = FlowLayout()  # wraps on a narrow screen
        self.sheet = QComboBox()
        for key, title in DS.SHEETS.items():
            self.sheet.addItem(title, key)
        self.field = QComboBox()
        self.add_btn = QPushButton("Tambah kolom")
        self.remove_btn = QPushButton("Hapus kolom")
        self.up_btn = QPushButton("Naik")
        self.down_btn = QPushButton("Turun")
        self.reset_btn = QPushButton("Kembalikan bawaan")
        self.save_btn = QPushButton("Simpan format")
        row.add(QLabel("Lembar"))
        row.add(self.sheet)
        row.add(self.field, 1)
        for b in (self.add_btn, self.remove_btn, self.up_btn, self.down_btn, self.reset_btn):
            row.add(b)
        row.add(self.save_btn)
        layout.addLayout(row)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Isi kolom", "Judul kolom di Excel"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setColumnWidth(0, 260)
        self.table.verticalHeader().setVisible(True)
        layout.addWidget(self.table, 1)
        self.error = FieldError()
        layout.addWidget(self.error)
        self.sheet.currentIndexChanged.connect(lambda *_: self._show())
        self.add_btn.clicked.connect(self._add)
        self.remove_btn.clicked.connect(self._remove)
        self.up_btn.clicked.connect(lambda: self._move(-1))
        self.down_btn.clicked.connect(lambda: self._move(1))
        self.reset_btn.clicked.connect(self._reset)
        self.save_btn.clicked.connect(self._save)
        self.current = ""

    def reload(self) -> None:
        def got(raw: dict[str, Any]) -> None:
            self.layouts = DS.templates(raw)
            self._show()

        self.ctx.query(get_setting, "dinsos_templates", on_done=got)

    def _take(self) -> None:
        """Keep the edits of the sheet on screen before another is shown."""
        if not self.current:
            return
        cols: DS.Template = []
        for r in range(self.table.rowCount()):
            item, header = self.table.item(r, 0), self.table.item(r, 1)
            if item is not None:
                field = str(item.data(Qt.ItemDataRole.UserRole))
                cols.append((field, (header.text() if header else "").strip() or DS.FIELDS[field]))
        self.layouts[self.current] = cols

    def _show(self) -> None:
        self._take()
        key = str(self.sheet.currentData())
        self.current = key
        cols = self.layouts.get(key, DS.default_template(key))
        self.table.setRowCount(0)
        for field, header in cols:
            self._append(field, header)
        self.field.clear()
        for f in DS.ALLOWED[key]:
            self.field.addItem(DS.FIELDS[f], f)
        self.error.clear_issue()

    def _append(self, field: str, header: str) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        item = QTableWidgetItem(DS.FIELDS[field])
        item.setData(Qt.ItemDataRole.UserRole, field)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.table.setItem(r, 0, item)
        self.table.setItem(r, 1, QTableWidgetItem(header))

    def _add(self) -> None:
        field = str(self.field.currentData())
        self._append(field, DS.FIELDS[field])

    def _remove(self) -> None:
        r = self.table.currentRow()
        if r >= 0:
            self.table.removeRow(r)

    def _move(self, step: int) -> None:
        r = self.table.currentRow()
        target = r + step
        if r < 0 or not 0 <= target < self.table.rowCount():
            return
        for c in (0, 1):
            a, b = self.table.takeItem(r, c), self.table.takeItem(target, c)
            self.table.setItem(r, c, b)
            self.table.setItem(target, c, a)
        self.table.setCurrentCell(target, 1)

    def _reset(self) -> None:
        self.layouts[self.current] = DS.default_template(self.current)
        self.current = ""
        self._show()

    def _save(self) -> None:
        self._take()
        for key, cols in self.layouts.items():
            problem = DS.check_template(key, cols)
            if problem:
                self.error.show_issue(f"{DS.SHEETS[key]}: {problem}", True)
                return
        value = {k: [list(c) for c in cols] for k, cols in self.layouts.items()}

        def done(_: object) -> None:
            self.error.clear_issue()
            announce_saved(self, None, "Format kolom tersimpan; buku kerja berikutnya memakainya.")

        self.ctx.op(set_setting, "dinsos_templates", value, on_done=done)


def _png_base64(image: QImage, side: int = 300) -> str:
    """A logo small enough for the kop (at most ``side`` pixels), as base64 PNG."""
    import base64

    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    if max(image.width(), image.height()) > side:
        image = image.scaled(
            side,
            side,
            Qt.AspectRatioMode.KeepAspectRatio,
            Qt.TransformationMode.SmoothTransformation,
        )
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, b"PNG")
    buffer.close()
    return base64.b64encode(bytes(data.data())).decode("ascii")
