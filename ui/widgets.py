"""Small widgets shared by dialogs: code-list combos, an optional date, field error labels."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QWidget

from jkn_desktop.domain.codes import CodeList
from jkn_desktop.domain.formatting import BULAN
from jkn_desktop.domain.issues import Issue

EMPTY_DATE = QDate(1900, 1, 1)


_ROMAN = re.compile(r"\b[IVX]+\b", re.IGNORECASE)


def _title(label: str) -> str:
    """ "DIPLOMA I/II" → "Diploma I/II", "SLTA/SEDERAJAT" → "Slta/Sederajat"."""
    return _ROMAN.sub(lambda m: m.group(0).upper(), label.title())


class CodeCombo(QComboBox):
    """A combo over a Dukcapil code list; ``code()`` is ``None`` for the empty choice."""

    def __init__(
        self,
        items: list[tuple[int | str, str]],
        empty: str | None = "— pilih —",
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        if empty is not None:
            self.addItem(empty, None)
        for code, label in items:
            self.addItem(label, code)
        self.setMaxVisibleItems(20)

    @classmethod
    def from_list(cls, code_list: CodeList, empty: str | None = "— pilih —") -> CodeCombo:
        return cls(
            [(c, _title(label) if label.isupper() else label) for c, label in code_list.entries],
            empty,
        )

    def code(self) -> object:
        return self.currentData()

    def set_code(self, code: object) -> None:
        index = self.findData(code)
        self.setCurrentIndex(max(index, 0))


class OptionalDateEdit(QDateEdit):
    """A date field that may be left empty (shown as "—")."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setCalendarPopup(True)
        self.setDisplayFormat("dd-MM-yyyy")
        self.setMinimumDate(EMPTY_DATE)
        self.setMaximumDate(QDate(2100, 12, 31))
        self.setSpecialValueText("—")
        self.setDate(EMPTY_DATE)
        cal = self.calendarWidget()
        cal.setLocale(cal.locale())  # keep Qt's locale; month names come from the system

    def value(self) -> dt.date | None:
        d = self.date()
        if d == EMPTY_DATE:
            return None
        return dt.date(d.year(), d.month(), d.day())

    def set_value(self, value: dt.date | None) -> None:
        self.setDate(EMPTY_DATE if value is None else QDate(value.year, value.month, value.day))


class FieldError(QLabel):
    """A red (error) or amber (warning) line under a field; hidden when empty."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.hide()

    def show_issue(self, text: str, is_error: bool) -> None:
        color = "#b3261e" if is_error else "#8a5a00"
        self.setStyleSheet(f"color: {color}; font-size: 9pt;")
        self.setText(("⚠ " if not is_error else "✖ ") + text)
        self.show()

    def clear_issue(self) -> None:
        self.clear()
        self.hide()


SUSPICIOUS = "NAME_SUSPICIOUS"


def confirmed_suspicious(issues: list[Issue], warned: list[str], summary: QLabel) -> bool:
    """Whether a dialog may save: a name or address flagged ``NAME_SUSPICIOUS`` (like a formula,
    or with control characters) stops the first Simpan (its warning is under the field, the
    summary says so); Simpan again saves it as written. ``warned`` holds the warnings already
    shown (the dialog keeps it)."""
    shown = [i.message for i in issues if i.code == SUSPICIOUS]
    if not shown or shown == warned:
        return True
    warned[:] = shown
    summary.setText(
        "Ada nama atau alamat yang perlu diperiksa (lihat peringatan di bawah isiannya). Tekan "
        "Simpan sekali lagi untuk tetap menyimpannya apa adanya."
    )
    summary.setStyleSheet("color: #8a5a00;")
    summary.show()
    return False


def month_name(month: int) -> str:
    return BULAN[month - 1]


def fill_area_boxes(
    choices: dict[str, list[str]], dusun: QComboBox, rw: QComboBox, rt: QComboBox
) -> None:
    """Refill the dusun / RW / RT filter boxes from ``resident_search.area_choices``, keeping the
    choice."""
    for key, box, label in (
        ("dusun", dusun, "Semua dusun"),
        ("rw", rw, "Semua RW"),
        ("rt", rt, "Semua RT"),
    ):
        current = box.currentData()
        box.blockSignals(True)
        box.clear()
        box.addItem(label, None)
        for value in choices.get(key, []):
            box.addItem(("Dusun " if key == "dusun" else f"{label.split()[-1]} ") + value, value)
        box.setCurrentIndex(max(0, box.findData(current)))
        box.blockSignals(False)


class MoneyEdit(QLineEdit):
    """Whole rupiah, typed as digits and shown with thousands dots ("Rp" optional)."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setPlaceholderText("mis. 50.000.000")
        self.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.editingFinished.connect(self._tidy)

    def value(self) -> int | None:
        """``None`` when empty or not a whole number."""
        digits = (
            self.text().strip().lower().removeprefix("rp").strip().replace(".", "").replace(" ", "")
        )
        digits = digits.removesuffix(",00")
        return int(digits) if digits.isdigit() else None

    def set_value(self, amount: int | None) -> None:
        self.setText("" if amount is None else f"{amount:,}".replace(",", "."))

    def _tidy(self) -> None:
        value = self.value()
        if value is not None:
            self.set_value(value)


class MonthCombo(QComboBox):
    """Januari … Desember; ``month()`` is 1–12."""

    def __init__(self, first: int = 1, parent: QWidget | None = None):
        super().__init__(parent)
        for m in range(first, 13):
            self.addItem(BULAN[m - 1], m)

    def month(self) -> int:
        return int(self.currentData())

    def set_month(self, month: int) -> None:
        self.setCurrentIndex(max(0, self.findData(month)))


def list_view(model: Any, *, fit: bool = True, single: bool = False) -> Any:
    """A read-only table of whole rows (the pages' small lists); ``fit`` sizes the columns to
    their contents whenever the rows are replaced."""
    from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    if single:
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    if fit:
        model.modelReset.connect(view.resizeColumnsToContents)
    return view


def error_into(label: FieldError, runner: Any) -> Any:
    """A job's error handler for a dialog: our users' mistakes on the dialog's error line, our
    own bugs to the crash dialog."""
    from jkn_desktop.errors import UserError

    def handle(exc: BaseException) -> None:
        if isinstance(exc, UserError):
            label.show_issue(exc.message, True)
        else:
            runner.report(exc)

    return handle


def warn_on_error(parent: QWidget, title: str, runner: Any) -> Any:
    """A job's error handler for a page: a user's problem in a message box titled ``title``, a
    Cancel pressed by the user silently, our own bugs to the crash dialog."""
    from PySide6.QtWidgets import QMessageBox

    from jkn_desktop.errors import Cancelled, UserError

    def handle(exc: BaseException) -> None:
        if isinstance(exc, Cancelled):
            return
        if isinstance(exc, UserError):
            QMessageBox.warning(parent, title, exc.message)
        else:
            runner.report(exc)

    return handle


def ask_yes_no(parent: QWidget, title: str, text: str) -> bool:
    """A Ya/Tidak question (Indonesian buttons, Tidak by default)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    yes = box.addButton("Ya", QMessageBox.ButtonRole.YesRole)
    no = box.addButton("Tidak", QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no)
    box.exec()
    return box.clickedButton() is yes
