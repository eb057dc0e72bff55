"""Printing HTML pages (the week, sign-in sheets) on A4 landscape, to a printer or a PDF file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QWidget


def _printer(orientation: QPageLayout.Orientation) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setPageOrientation(orientation)
    return printer


def html_to_pdf(html: str, path: Path,
                orientation: QPageLayout.Orientation = QPageLayout.Orientation.Landscape) -> None:
    printer = _printer(orientation)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    document = QTextDocument()
    document.setHtml(html)
    document.print_(printer)


def print_html(parent: QWidget | None, html: str,
               orientation: QPageLayout.Orientation = QPageLayout.Orientation.Landscape) -> bool:
    """Ask for a printer and print; False if the user cancelled."""
    printer = _printer(orientation)
    dialog = QPrintDialog(printer, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    document = QTextDocument()
    document.setHtml(html)
    document.print_(printer)
    return True
