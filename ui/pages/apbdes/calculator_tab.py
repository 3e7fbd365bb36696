"""A capacity calculator for "what if" questions: how many more residents a remaining budget pays
for at a rate over some months. Nothing is saved."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from jkn_desktop.domain import apbdes as A
from jkn_desktop.domain.formatting import angka, rupiah
from jkn_desktop.records.apbdes import LineSummary
from ui.widgets import MoneyEdit


class CalculatorTab(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line: LineSummary | None = None
        outer = QVBoxLayout(self)
        intro = QLabel(
            'Hitungan cepat untuk pertanyaan "bagaimana jika": berapa warga lagi yang bisa '
            "ditanggung dari sisa anggaran, dengan iuran dan jumlah bulan tertentu. Tidak ada "
            "yang disimpan."
        )
        intro.setWordWrap(True)
        outer.addWidget(intro)
        grid = QGridLayout()
        outer.addLayout(grid)
        outer.addStretch(1)
        self.remaining = MoneyEdit()
        self.rate = MoneyEdit()
        self.rate.set_value(42_000)
        self.months = QSpinBox()
        self.months.setRange(1, 12)
        self.months.setValue(6)
        self.months.setSuffix(" bulan")
        self.result = QLabel()
        self.result.setObjectName("bigNumber")
        self.result.setStyleSheet("font-size: 20pt; font-weight: bold;")
        self.detail = QLabel()
        self.detail.setWordWrap(True)
        self.from_line_btn = QPushButton("Ambil dari baris terpilih")
        grid.addWidget(QLabel("Sisa anggaran (Rp)"), 0, 0)
        grid.addWidget(self.remaining, 0, 1)
        grid.addWidget(QLabel("Iuran per orang per bulan (Rp)"), 1, 0)
        grid.addWidget(self.rate, 1, 1)
        grid.addWidget(QLabel("Jumlah bulan ditanggung"), 2, 0)
        grid.addWidget(self.months, 2, 1)
        grid.addWidget(self.from_line_btn, 3, 1)
        grid.addWidget(QLabel("Masih bisa menanggung"), 0, 2)
        grid.addWidget(self.result, 1, 2, 2, 1)
        grid.addWidget(self.detail, 3, 2)
        grid.setColumnStretch(2, 1)
        for edit in (self.remaining, self.rate):
            edit.textChanged.connect(self.calculate)
        self.months.valueChanged.connect(self.calculate)
        self.from_line_btn.clicked.connect(self.from_line)
        self.calculate()

    def set_line(self, line: LineSummary | None) -> None:
        self.line = line
        self.from_line_btn.setEnabled(line is not None)

    def load(self) -> None:
        """Nothing to read: the calculator works on what is typed."""

    def from_line(self) -> None:
        line = self.line
        if line is None:
            return
        self.remaining.set_value(max(0, line.remaining))
        self.rate.set_value(line.rate)
        self.months.setValue(max(1, line.months_left))

    def calculate(self) -> None:
        remaining, rate, months = self.remaining.value(), self.rate.value(), self.months.value()
        if remaining is None or not rate:
            self.result.setText("—")
            self.detail.setText("Isi sisa anggaran dan iuran per orang per bulan.")
            return
        per_person = rate * months
        people = A.capacity(remaining, per_person)
        self.result.setText(f"{angka(people)} orang")
        self.detail.setText(
            f"{rupiah(remaining)} ÷ ({rupiah(rate)} × {months} bulan = {rupiah(per_person)}) = "
            f"{angka(people)} orang, dibulatkan ke bawah; sisa "
            f"{rupiah(remaining - people * per_person)}."
        )
