"""Printing a document from the window: its pages are read on the worker, the person chooses the
printer, the pages are drawn, and the printout is noted in the audit trail (UU 27/2022 Ps. 31)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

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
    """Print ``req``; ``on_printed`` hears what to tell the person. A print dialog closed with
    Batal prints nothing and notes nothing."""

    def ready(printable: D.Printable) -> None:
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter

        from ui.pdf_preview import print_document

        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, parent)
        dialog.setWindowTitle(title)
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
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


def note_printed(parent: QWidget, ctx: AppContext, req: DocRequest, rows: int, where: str) -> None:
    """The audit trail's entry for pages sent to ``where``."""
    ctx.op(
        D.note_printed,
        req,
        rows,
        where,
        on_error=warn_on_error(parent, "Cetakan tidak tercatat", ctx.runner),
    )
