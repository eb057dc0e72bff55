"""HTML pages to A4 PDF files with Qt's text layout, for the window and for command-line verbs
(a subject access request's readable copy). Needs Qt's GUI module but no display: without a
running application one is started offscreen."""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QGuiApplication, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

PORTRAIT = QPageLayout.Orientation.Portrait
LANDSCAPE = QPageLayout.Orientation.Landscape


def _application() -> None:
    if QGuiApplication.instance() is None:
        # A full QApplication, not a bare QGuiApplication: a process that renders a PDF first
        # (a verb, a test) may still open windows afterwards.
        from PySide6.QtWidgets import QApplication

        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        global _APP
        _APP = QApplication([])  # kept on the module so it lives as long as the process


_APP: QGuiApplication | None = None


def printer(orientation: QPageLayout.Orientation) -> QPrinter:
    """An A4 printer at high resolution in the given orientation."""
    device = QPrinter(QPrinter.PrinterMode.HighResolution)
    device.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    device.setPageOrientation(orientation)
    return device


def html_to_pdf(html: str, path: Path, orientation: QPageLayout.Orientation = LANDSCAPE,
                title: str = "") -> None:
    _application()
    device = printer(orientation)
    device.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    device.setOutputFileName(str(path))
    if title:
        device.setDocName(title)
    document = QTextDocument()
    document.setHtml(html)
    if title:
        document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    document.print_(device)
