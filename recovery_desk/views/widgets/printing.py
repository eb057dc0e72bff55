"""Printing HTML pages (the week, sign-in sheets) to a printer chosen by the desk; PDF files are
made by recovery_desk.pdf, which this re-exports for the views."""

from __future__ import annotations

from PySide6.QtGui import QPageLayout, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog
from PySide6.QtWidgets import QWidget

from recovery_desk.pdf import html_to_pdf, printer

__all__ = ["html_to_pdf", "print_html"]


def print_html(parent: QWidget | None, html: str,
               orientation: QPageLayout.Orientation = QPageLayout.Orientation.Landscape) -> bool:
    """Ask for a printer and print; False if the user cancelled."""
    device = printer(orientation)
    dialog = QPrintDialog(device, parent)
    if dialog.exec() != QPrintDialog.DialogCode.Accepted:
        return False
    document = QTextDocument()
    document.setHtml(html)
    document.print_(device)
    return True
