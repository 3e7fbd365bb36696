"""Printing a document from the window: the person chooses the printer, the pages are read on the
worker, then drawn, and the printout is noted in the audit trail (UU 27/2022 Ps. 31)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QDialog, QWidget

from jkn_desktop.records.documents import DocRequest
from jkn_desktop.services.documents import catalog as D
from ui.widgets import warn_on_error

if TYPE_CHECKING:
    from ui.context import AppContext


def print_request(
    parent: QWidget,
    ctx: AppContext,
    req: DocRequest,
    title: str,
    on_printed: Callable[[str], None],
) -> None:
    """Print ``req``; ``on_printed`` hears what to tell the person. The print dialog comes first
    (no wait before the person sees it); the pages are read once a printer is chosen. A print
    dialog closed with Batal reads nothing, prints nothing and notes nothing."""
    printer = choose_printer(parent, title)
    if printer is None:
        return

    def ready(printable: D.Printable) -> None:
        from ui.pdf_preview import print_document

        pages = print_document(printable.document, printer)
        where = printer.printerName() or printer.outputFileName() or "pencetak"
        note_printed(parent, ctx, req, printable.rows, where)
        on_printed(f"{pages} halaman dikirim ke pencetak.")

    ctx.query(
        D.prepare_print,
        req,
        on_done=ready,
        on_error=warn_on_error(parent, "Tidak bisa dicetak", ctx.runner),
        label="Menyiapkan halaman untuk dicetak…",
        parent=parent,
    )


def choose_printer(parent: QWidget, title: str) -> Any:
    """The print dialog; the printer chosen (a QPrinter), or None when it was closed with Batal."""
    from PySide6.QtPrintSupport import QPrintDialog, QPrinter

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(title)
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return printer


def note_printed(parent: QWidget, ctx: AppContext, req: DocRequest, rows: int, where: str) -> None:
    """The audit trail's entry for pages sent to ``where``."""
    ctx.op(
        D.note_printed,
        req,
        rows,
        where,
        on_error=warn_on_error(parent, "Cetakan tidak tercatat", ctx.runner),
    )
