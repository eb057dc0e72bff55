"""Printing a page: cancelled at the printer dialog prints nothing; accepted, the page goes
to the printer chosen (here a PDF file standing in for one)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QPageLayout
from PySide6.QtPrintSupport import QPrintDialog, QPrinter

from recovery_desk.views.widgets import printing


def _to_file(monkeypatch, path: Path, answer: QPrintDialog.DialogCode) -> None:
    made = printing.printer

    def printer(orientation: QPageLayout.Orientation) -> QPrinter:
        device = made(orientation)
        device.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        device.setOutputFileName(str(path))
        return device

    monkeypatch.setattr(printing, "printer", printer)
    monkeypatch.setattr(QPrintDialog, "exec", lambda dialog: answer)


def test_cancelling_prints_nothing(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Cancel in the printer dialog: False, and nothing is printed."""
    path = tmp_path / "printed.pdf"
    _to_file(monkeypatch, path, QPrintDialog.DialogCode.Rejected)
    assert not printing.print_html(None, "<h1>Week of 30 Nov</h1>")
    assert not path.exists()


def test_the_page_goes_to_the_printer_chosen(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Print: True, and the printer receives a page."""
    path = tmp_path / "printed.pdf"
    _to_file(monkeypatch, path, QPrintDialog.DialogCode.Accepted)
    assert printing.print_html(None, "<h1>Week of 30 Nov</h1>")
    assert path.read_bytes().startswith(b"%PDF")
