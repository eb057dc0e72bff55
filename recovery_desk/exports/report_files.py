"""The group-work report as files that leave the service: CSV, an Excel workbook, and an HTML
page for the A4 PDF. Each prints the definition beside every figure and applies the service's
small-number rule (counts of people from 1 to threshold - 1 read 'fewer than {threshold}', and
a count that would let one of them be worked out by subtraction reads 'not shown': see
exports/small_numbers.py).

Pure: takes the report as plain values (domain/report_figures.py's Report, read through the
protocols below) and returns text or bytes. openpyxl is imported only when a workbook is made.
The Reports tab shows exact figures through figure_text() with no threshold.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from datetime import date
from typing import Protocol

from recovery_desk.catalogue.service_details import ServiceDetails, small_number_words
from recovery_desk.exports.small_numbers import Sum, suppress
from recovery_desk.schedule.phrases import format_date
from recovery_desk.vocabulary import FigureKind

Value = int | float | None
EXACT = 1
"""A threshold that shows every count as it is (the app's own table, the CLI's --json)."""


class Line(Protocol):
    @property
    def key(self) -> str: ...
    @property
    def section(self) -> str: ...
    @property
    def label(self) -> str: ...
    @property
    def definition(self) -> str: ...
    @property
    def kind(self) -> FigureKind: ...
    @property
    def values(self) -> tuple[Value, ...]: ...
    @property
    def bases(self) -> tuple[Value, ...] | None: ...


class ReportLike(Protocol):
    @property
    def title(self) -> str: ...
    @property
    def period_words(self) -> str: ...
    @property
    def made_on(self) -> date: ...
    @property
    def service(self) -> ServiceDetails: ...
    @property
    def columns(self) -> tuple[str, ...]: ...
    @property
    def adds_up(self) -> Sequence[tuple[str, Sequence[str]]]: ...
    def lines(self) -> Sequence[Line]: ...


NOT_SHOWN = "not shown"
"""A count hidden only so that a small count beside it cannot be worked out."""


def _small(value: Value, threshold: int) -> bool:
    return isinstance(value, int) and 0 < value < threshold


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def figure_text(value: Value, kind: FigureKind, base: Value = None,
                threshold: int = EXACT) -> str:
    """A figure as a file (or the app) shows it. Blank where there is nothing to show."""
    if kind is FigureKind.PEOPLE and _small(value, threshold):
        return f"fewer than {threshold}"
    if kind is FigureKind.DAYS and _small(base, threshold):
        return f"not shown: fewer than {threshold} people"
    if value is None:
        return ""
    if kind is FigureKind.RATE:
        return f"{value * 100:.1f}%"
    return _number(value)


def _complements(report: ReportLike, lines: Sequence[Line],
                 threshold: int) -> frozenset[tuple[str, int]]:
    """The (figure, column) cells of people hidden besides the small counts: in each row the
    last column is the total of the others, and report.adds_up gives the sums in a column."""
    people = {line.key: line for line in lines if line.kind is FigureKind.PEOPLE}
    values = {(key, column): int(value or 0) for key, line in people.items()
              for column, value in enumerate(line.values)}
    width = len(report.columns)
    sums = [Sum((key, width - 1), tuple((key, c) for c in range(width - 1))) for key in people]
    sums += [Sum((total, column), tuple((part, column) for part in parts))
             for total, parts in report.adds_up
             if total in people and all(part in people for part in parts)
             for column in range(width)]
    return suppress(values, sums, threshold).complementary


def _table(report: ReportLike, threshold: int) -> list[tuple[Line, list[str]]]:
    """Every line with its cells' words as a file shows them."""
    lines = report.lines()
    hidden = _complements(report, lines, threshold) if threshold > 1 else frozenset()
    table = []
    for line in lines:
        bases = line.bases or (None,) * len(line.values)
        table.append((line, [NOT_SHOWN if (line.key, column) in hidden
                             else figure_text(value, line.kind, base, threshold)
                             for column, (value, base) in
                             enumerate(zip(line.values, bases, strict=True))]))
    return table


def _file_title(report: ReportLike) -> str:
    return f"{report.title}: {report.service.name}, {report.period_words}"


def report_csv(report: ReportLike) -> str:
    """One row per figure: its name, a column per group and the total, then its definition."""
    threshold = report.service.small_number
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["Figure", *report.columns, "Definition"])
    for line, cells in _table(report, threshold):
        writer.writerow([line.label.strip(), *cells, line.definition])
    return out.getvalue()


def report_xlsx(report: ReportLike) -> bytes:
    """An Excel workbook: a titled sheet of the figures (numbers as numbers, rates as
    percentages, small counts as words) with each definition beside its figure."""
    # Imported here: only this export needs it, and start-up should not pay for it.
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.worksheet import Worksheet

    threshold = report.service.small_number
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook opens on its one worksheet
    sheet.title = "Report"
    sheet.append([_file_title(report)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([f"Made on {format_date(report.made_on)}. "
                  f"{small_number_words(threshold)}"])
    sheet.append([])
    sheet.append(["Figure", *report.columns, "Definition"])
    header_row = sheet.max_row
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    section = None
    for line, texts in _table(report, threshold):
        if line.section != section:
            section = line.section
            sheet.append([section])
            sheet.cell(sheet.max_row, 1).font = Font(bold=True)
        row: list[object] = [line.label.strip()]
        for value, text in zip(line.values, texts, strict=True):
            shown_exactly = text == figure_text(value, line.kind)
            row.append(value if shown_exactly and value is not None else (text or None))
        row.append(line.definition)
        sheet.append(row)
        for column in range(2, len(report.columns) + 2):
            cell = sheet.cell(sheet.max_row, column)
            if line.kind is FigureKind.RATE and isinstance(cell.value, float | int):
                cell.number_format = "0.0%"
        sheet.cell(sheet.max_row, len(report.columns) + 2).alignment = Alignment(wrap_text=True)
    sheet.column_dimensions["A"].width = 44
    for column in range(2, len(report.columns) + 2):
        sheet.column_dimensions[get_column_letter(column)].width = 16
    sheet.column_dimensions[get_column_letter(len(report.columns) + 2)].width = 70
    sheet.freeze_panes = sheet.cell(header_row + 1, 2).coordinate
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def report_html(report: ReportLike) -> str:
    """The A4 landscape page for the PDF: titled, dated, with the service's name; each
    figure's definition in small type under its name."""
    threshold = report.service.small_number
    share = 70 // max(len(report.columns), 1)
    columns = "".join(f"<th align='right' valign='bottom' width='{share}%' "
                      f"style='font-size: 7.5pt'>{html.escape(c)}</th>" for c in report.columns)
    rows = []
    section = None
    span = len(report.columns) + 1
    for line, texts in _table(report, threshold):
        if line.section != section:
            section = line.section
            rows.append(f"<tr><td colspan='{span}' bgcolor='#e8e8e8'><b>"
                        f"{html.escape(section)}</b></td></tr>")
        label = html.escape(line.label.strip())
        indent = "&nbsp;&nbsp;&nbsp;" if line.label.startswith(" ") else ""
        cells = "".join(f"<td align='right' valign='top'>{html.escape(text)}</td>"
                        for text in texts)
        rows.append(f"<tr><td valign='top'>{indent}{label}<br><span style='font-size: 6.5pt; "
                    f"color: #333333'>{html.escape(line.definition)}</span></td>{cells}</tr>")
    return (
        "<html><body style='font-family: sans-serif; font-size: 8pt'>"
        f"<h2>{html.escape(report.title)}: {html.escape(report.service.name)}</h2>"
        f"<p><b>{html.escape(report.period_words)}</b> &nbsp; Made on "
        f"{format_date(report.made_on)}. {html.escape(small_number_words(threshold))} "
        "The report names nobody.</p>"
        "<table border='1' cellspacing='0' cellpadding='3' width='100%' "
        "style='border-collapse: collapse'>"
        f"<thead><tr><th align='left' width='30%'>Figure and definition</th>{columns}</tr>"
        f"</thead>{''.join(rows)}</table></body></html>"
    )
