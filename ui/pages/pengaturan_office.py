"""Pengaturan → Pelayanan: the services of the counter with the office rule of each (does it need
active JKN?), the SKTM check of APBDes beneficiaries and how long an SKTM is valid — saved
together by one job."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.domain import office as O
from jkn_desktop.domain.wilayah import VillageWords
from jkn_desktop.records.counter import CounterService, OfficeSettings
from jkn_desktop.services.office import settings as S
from ui.context import AppContext
from ui.saved import announce_saved
from ui.widgets import FieldError, error_into

REQUIRES_TIP = (
    "Layanan ini hanya diberikan kepada peserta JKN aktif (Inbup Pemalang 1/2023 KETUJUH BELAS a)"
)


class OfficeSettingsPanel(QWidget):
    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Layanan loket dan aturannya. Layanan bertanda “wajib JKN aktif” hanya diberikan "
            "kepada peserta JKN aktif; penduduk miskin yang belum terlindungi ditawari usulan PBI "
            "atau iuran APBDes, bukan hanya ditolak. Cek loket (Ctrl+K) menampilkan aturan ini "
            "sebelum petugas memutuskan. Mengganti nama atau aturan tidak mengubah catatan lama."
        )
        intro.setWordWrap(True)
        intro.setObjectName("hint")
        layout.addWidget(intro)
        services_box = QGroupBox("Layanan loket")
        sv = QVBoxLayout(services_box)
        self.table = QTableWidget(0, 2)
        self.table.setHorizontalHeaderLabels(["Layanan", "Wajib JKN aktif"])
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        sv.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        self.add_btn = QPushButton("Tambah layanan")
        self.remove_btn = QPushButton("Hapus")
        self.up_btn = QPushButton("Naik")
        self.down_btn = QPushButton("Turun")
        self.reset_btn = QPushButton("Kembalikan bawaan")
        for b in (self.add_btn, self.remove_btn, self.up_btn, self.down_btn, self.reset_btn):
            buttons.addWidget(b)
        buttons.addStretch(1)
        sv.addLayout(buttons)
        layout.addWidget(services_box, 1)
        self.sktm_box = QGroupBox("SKTM")
        form = QFormLayout(self.sktm_box)
        self.rule = QComboBox()
        for key, label in O.APBDES_SKTM_RULES.items():
            self.rule.addItem(label, key)
        self.rule.setToolTip(
            "Sebagian kabupaten mensyaratkan SKTM bagi penerima iuran JKN dari APBDes "
            "(Inbup Karanganyar 440/3/2022 KESEPULUH b)."
        )
        self.rule_label = QLabel("Pemeriksaan penerima iuran APBDes")
        self.months = QSpinBox()
        low, high = S.SKTM_MONTHS
        self.months.setRange(low, high)
        self.months.setSuffix(" bulan")
        form.addRow(self.rule_label, self.rule)
        form.addRow("Masa berlaku SKTM", self.months)
        self.months.setMaximumWidth(120)
        layout.addWidget(self.sktm_box)
        footer = QHBoxLayout()
        self.save_btn = QPushButton("Simpan pengaturan pelayanan")
        self.saved = QLabel()
        footer.addWidget(self.save_btn)
        footer.addWidget(self.saved, 1)
        layout.addLayout(footer)
        self.error = FieldError()
        layout.addWidget(self.error)
        self.add_btn.clicked.connect(self._add)
        self.remove_btn.clicked.connect(self._remove)
        self.up_btn.clicked.connect(lambda: self._move(-1))
        self.down_btn.clicked.connect(lambda: self._move(1))
        self.reset_btn.clicked.connect(
            lambda: self._fill([CounterService(n, r) for n, r in O.DEFAULT_SERVICES])
        )
        self.save_btn.clicked.connect(self.save)

    def set_words(self, words: VillageWords) -> None:
        """A kelurahan has no APBDes: no beneficiary check to set."""
        self.rule.setVisible(words.has_apbdes)
        self.rule_label.setVisible(words.has_apbdes)

    def reload(self) -> None:
        def show(values: OfficeSettings) -> None:
            self._fill(list(values.services))
            self.rule.setCurrentIndex(max(0, self.rule.findData(values.apbdes_sktm_rule)))
            self.months.setValue(values.sktm_valid_months)
            self.error.clear_issue()

        self.ctx.query(S.office_settings, on_done=show)

    def _fill(self, items: list[CounterService]) -> None:
        self.table.setRowCount(0)
        for s in items:
            self._append(s.name, s.requires_jkn)

    def _append(self, name: str, requires: bool) -> None:
        r = self.table.rowCount()
        self.table.insertRow(r)
        self.table.setItem(r, 0, QTableWidgetItem(name))
        check = QTableWidgetItem("")
        check.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
        check.setCheckState(Qt.CheckState.Checked if requires else Qt.CheckState.Unchecked)
        check.setToolTip(REQUIRES_TIP)
        self.table.setItem(r, 1, check)

    def services(self) -> list[CounterService]:
        out = []
        for r in range(self.table.rowCount()):
            name, check = self.table.item(r, 0), self.table.item(r, 1)
            out.append(
                CounterService(
                    name.text() if name else "",
                    check is not None and check.checkState() == Qt.CheckState.Checked,
                )
            )
        return out

    def _add(self) -> None:
        self._append("", False)
        r = self.table.rowCount() - 1
        self.table.setCurrentCell(r, 0)
        item = self.table.item(r, 0)
        if item is not None:
            self.table.editItem(item)

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
        self.table.setCurrentCell(target, 0)

    def save(self) -> None:
        new = OfficeSettings(
            tuple(self.services()), str(self.rule.currentData()), self.months.value()
        )
        self.saved.setText("")
        self.error.clear_issue()

        def done(_: object) -> None:
            self.saved.setText("Pengaturan pelayanan tersimpan; cek loket memakainya.")
            announce_saved(self, None, "Pengaturan pelayanan tersimpan.")

        self.ctx.op(
            S.save_office_settings,
            new,
            on_done=done,
            on_error=error_into(self.error, self.ctx.runner),
        )
