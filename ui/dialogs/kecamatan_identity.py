"""The kecamatan's identity form (issue #15): the Kemendagri code picked from cascading lists
(province → kabupaten → kecamatan) or typed as PP.KK.SS, the names filled in from the region data,
and the Camat with the NIP printed under the recap's signature (both may wait)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from jkn_desktop.errors import UserError
from jkn_desktop.records.kecamatan import KecamatanInfo
from jkn_desktop.records.village import RegionItem
from jkn_desktop.services.kecamatan.identity import KODE_KECAMATAN, init_kecamatan, normalize_code
from jkn_desktop.services.registry import regions
from ui.context import AppContext
from ui.crash import show_error
from ui.widgets import FieldError

LEVELS = ("Provinsi", "Kabupaten/Kota", "Kecamatan")
NAME_KEYS = ("provinsi", "kabupaten", "kecamatan")  # the name each level fills
NAME_ROLE = int(Qt.ItemDataRole.UserRole) + 1  # the region's bare name beside its code


class KecamatanForm(QWidget):
    saved = Signal(object)  # KecamatanInfo

    def __init__(self, ctx: AppContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.combos: list[QComboBox] = [QComboBox() for _ in LEVELS]
        pick = QGroupBox("Pilih dari daftar wilayah Kemendagri")
        pick_form = QFormLayout(pick)
        for label, combo in zip(LEVELS, self.combos, strict=True):
            combo.setMinimumWidth(280)
            combo.setMaxVisibleItems(20)
            pick_form.addRow(label, combo)
        self.kode = QLineEdit()
        self.kode.setPlaceholderText("mis. 33.13.05")
        self.kode_error = FieldError()
        self.names = {k: QLineEdit() for k in ("kecamatan", "kabupaten", "provinsi")}
        self.camat = QLineEdit()
        self.camat.setPlaceholderText("boleh diisi nanti di Pengaturan")
        self.camat_nip = QLineEdit()
        self.camat_nip.setPlaceholderText("18 angka, boleh diisi nanti")
        form = QFormLayout()
        form.addRow("Kode wilayah *", self.kode)
        form.addRow("", self.kode_error)
        form.addRow("Nama kecamatan", self.names["kecamatan"])
        form.addRow("Kabupaten/Kota", self.names["kabupaten"])
        form.addRow("Provinsi", self.names["provinsi"])
        form.addRow("Nama Camat", self.camat)
        form.addRow("NIP Camat", self.camat_nip)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(pick)
        note = QLabel(
            "Atau ketik kode kecamatannya langsung; nama-nama terisi dari data wilayah dan boleh "
            "diubah. Daftar desa dan kelurahan kecamatan ini diambil dari data wilayah yang sama."
        )
        note.setWordWrap(True)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addStretch(1)
        for level, combo in enumerate(self.combos):
            combo.activated.connect(lambda _i, lv=level: self._picked(lv))
        self.kode.editingFinished.connect(self._kode_typed)
        self._provinces_loaded = False

    def showEvent(self, event: QShowEvent) -> None:
        if not self._provinces_loaded and self.ctx.db is not None:
            self._provinces_loaded = True
            self._load_level(0, None, self.kode.text() or None)
        super().showEvent(event)

    # --- cascading lists -------------------------------------------------------------------
    def _load_level(self, level: int, parent: str | None, select: str | None = None) -> None:
        for combo in self.combos[level:]:
            combo.clear()

        def fill(items: list[RegionItem]) -> None:
            combo = self.combos[level]
            combo.clear()
            combo.addItem("— pilih —", None)
            for item in items:
                combo.addItem(f"{item.name}  ({item.code})", item.code)
                combo.setItemData(combo.count() - 1, item.name, NAME_ROLE)
            if select and items:  # follow the typed code down the levels (33 → 33.13 → 33.13.05)
                index = combo.findData(select[: len(items[0].code)])
                if index > 0:
                    combo.setCurrentIndex(index)
                    self._take_name(level)
                    if level < len(LEVELS) - 1:
                        self._load_level(level + 1, str(combo.currentData()), select)

        self.ctx.query(regions.children, parent, on_done=fill)

    def _take_name(self, level: int) -> None:
        name = self.combos[level].currentData(NAME_ROLE)
        if name:
            self.names[NAME_KEYS[level]].setText(str(name))

    def _picked(self, level: int) -> None:
        code = self.combos[level].currentData()
        if code is None:
            return
        self._take_name(level)
        if level < len(LEVELS) - 1:
            self._load_level(level + 1, code)
        else:
            self.kode.setText(code)
            self.kode_error.clear_issue()

    def _kode_typed(self) -> None:
        kode = normalize_code(self.kode.text())
        self.kode.setText(kode)
        if not kode:
            return
        if not KODE_KECAMATAN.match(kode):
            self.kode_error.show_issue(
                "Kode kecamatan harus berpola PP.KK.SS, mis. 33.13.05.", True
            )
            return
        self.kode_error.clear_issue()
        if self.combos[2].currentData() != kode:
            self._load_level(0, None, kode)  # the lists (and the names) follow the typed code

    # --- values ----------------------------------------------------------------------------
    def set_info(self, info: KecamatanInfo) -> None:
        self.kode.setText(info.kode_wilayah)
        for key in self.names:
            self.names[key].setText(getattr(info, key))
        self.camat.setText(info.camat)
        self.camat_nip.setText(info.camat_nip)

    def save(self) -> None:
        kode = normalize_code(self.kode.text())
        if not kode:
            self.kode_error.show_issue(
                "Pilih kecamatan dari daftar atau ketik kodenya (PP.KK.SS).", True
            )
            return

        def failed(exc: BaseException) -> None:
            if isinstance(exc, UserError):
                self.kode_error.show_issue(exc.message, True)
            else:
                show_error(exc, self)

        self.ctx.op(
            init_kecamatan,
            kode,
            kecamatan=self.names["kecamatan"].text().strip() or None,
            kabupaten=self.names["kabupaten"].text().strip() or None,
            provinsi=self.names["provinsi"].text().strip() or None,
            camat=self.camat.text(),
            camat_nip=self.camat_nip.text(),
            on_done=self.saved.emit,
            on_error=failed,
        )
