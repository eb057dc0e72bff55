"""HTML pages to A4 PDF files with Qt's text layout, for the window and for command-line verbs
(a subject access request's readable copy). Needs Qt's GUI module but no display: without a
running application one is started offscreen."""

from __future__ import annotations

import os
import re
from html import unescape
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


def page_title(html: str) -> str:
    """The page's <title>, or else its first heading, as plain text."""
    found = re.search(r"<title>(.*?)</title>", html, re.S | re.I) \
        or re.search(r"<h[1-3][^>]*>(.*?)</h[1-3]>", html, re.S | re.I)
    return unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else ""


def html_to_pdf(html: str, path: Path, orientation: QPageLayout.Orientation = LANDSCAPE,
                title: str = "") -> None:
    """The page as a PDF file, titled (title, or else the page's own title or first heading)
    so a PDF reader and a screen reader name it."""
    _application()
    title = title or page_title(html)
    device = printer(orientation)
    device.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    device.setOutputFileName(str(path))
    device.setDocName(title)
    document = QTextDocument()
    document.setHtml(html)
    document.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
    document.print_(device)
