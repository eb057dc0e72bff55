"""The Reports tab, for keyworkers and managers: the group-work report for a period (the last
whole quarter unless chosen) and chosen groups, a chart of attendance by week, the table of
figures with their definitions, and the report as PDF, CSV or Excel for the service's
managers and commissioners (with the small-number rule applied)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QPageLayout
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.access import Permission
from recovery_desk.catalogue.service_details import small_number_words
from recovery_desk.domain.reports import report_service
from recovery_desk.domain.reports.report_figures import Report
from recovery_desk.domain.store.changes import CATALOGUE, CLOSURES, PEOPLE
from recovery_desk.exports.report_files import report_csv, report_html, report_xlsx
from recovery_desk.item_models.report_model import LINE_ROLE, ReportModel
from recovery_desk.schedule.words import counted
from recovery_desk.views.frame.background import run_and_wait
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.frame.desk_tab import DeskTab
from recovery_desk.views.reports.attendance_chart import AttendanceChart
from recovery_desk.views.reports.figure_columns import FigureColumns
from recovery_desk.views.widgets import dialogs, printing
from recovery_desk.views.widgets.date_edit import DateEdit
from recovery_desk.views.widgets.saved_files import save_file
from recovery_desk.views.widgets.tables import filtered_table

CHOSEN = "Chosen dates"


def _pane(layout: QVBoxLayout) -> QWidget:
    pane = QWidget()
    pane.setLayout(layout)
    return pane


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def periods(today: date) -> dict[str, tuple[date, date]]:
    """The periods offered by name, the default first."""
    first, last = report_service.quarter_before(today)
    this_quarter = last + timedelta(days=1)
    april = date(today.year if today.month >= 4 else today.year - 1, 4, 1)
    return {
        f"Last quarter ({first.strftime('%b')} to {last.strftime('%b %Y')})": (first, last),
        "This quarter so far": (this_quarter, today),
        "This financial year so far": (april, today),
        "Last 12 months": (today - timedelta(days=364), today),
    }


class ReportsTab(DeskTab):
    reload_on = frozenset({CATALOGUE, PEOPLE, CLOSURES})

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.report: Report | None = None
        self._build_choices()
        self._build_report_view()
        self._lay_out()
        self._loaded_groups = False
        self._ticks_chosen = False
        self._making = self._make_again = False
        self._wire_choices()

    def _build_choices(self) -> None:
        """The period, dates and groups to report on, and the buttons that make and save it."""
        self.period = QComboBox()
        self.period.setAccessibleName("Period")
        self.first = self._date_edit("From")
        self.last = self._date_edit("To")
        self.groups = QListWidget()
        self.groups.setAccessibleName("Groups to report on")
        self.groups.setWordWrap(True)  # long names wrap rather than run off the side
        self.groups.setToolTip("Space ticks or unticks the selected group.")
        self.all_button = self._button("Tick &all groups", lambda: self._tick_all(True))
        self.make_button = self._button("&Make report", self.make_report)
        self.pdf_button = self._button("Save as &PDF…", self.save_pdf)
        self.csv_button = self._button("Save as C&SV…", self.save_csv)
        self.excel_button = self._button("Save as E&xcel…", self.save_excel)
        self.print_button = self._button("Pr&int…", self.print_report)

    def _build_report_view(self) -> None:
        """The summary, chart and figures of the report, and the selected figure's definition."""
        self.summary = QLabel("Choose a period and groups, then Make report.")
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Report shown")
        self.chart = AttendanceChart()
        self.model = ReportModel(self)
        self.table = filtered_table(self.model, "Report figures")
        self.table.setSortingEnabled(False)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
        self.figures_for = QComboBox()
        self.columns = FigureColumns(self.table, self.model, self.figures_for)
        self.definition = QLabel()
        self.definition.setWordWrap(True)
        self.definition.setAccessibleName("Definition of the selected figure")
        self.table.selectionModel().currentRowChanged.connect(self._show_definition)
        for button in (self.pdf_button, self.csv_button, self.excel_button, self.print_button):
            button.setEnabled(False)

    def _lay_out(self) -> None:
        """The choices in a column on the left, as wide as their words; the report on the
        right: its figures and its chart on pages of their own, so each has the height."""
        labels = QGridLayout()
        for row, (text, field) in enumerate((("P&eriod", self.period), ("&From", self.first),
                                             ("T&o", self.last))):
            caption = QLabel(text)
            caption.setBuddy(field)
            # The period's name is long: it goes under its caption, the dates beside theirs.
            labels.addWidget(caption, 2 * row, 0)
            labels.addWidget(field, 2 * row + (row == 0), 1 - (row == 0), 1, 1 + (row == 0))
        groups_caption = QLabel("&Groups")
        groups_caption.setBuddy(self.groups)
        choose = QVBoxLayout()
        choose.setContentsMargins(0, 0, 0, 0)
        choose.addLayout(labels)
        choose.addWidget(groups_caption)
        choose.addWidget(self.groups, 1)
        choose.addWidget(self.all_button)
        choose.addWidget(self.make_button)
        exports = QHBoxLayout()
        for button in (self.pdf_button, self.csv_button, self.excel_button, self.print_button):
            exports.addWidget(button)
        exports.addStretch()
        shown_for = QHBoxLayout()
        caption = QLabel("Sho&w figures for")
        caption.setBuddy(self.figures_for)
        shown_for.addWidget(caption)
        shown_for.addWidget(self.figures_for, 1)
        figures = QVBoxLayout()
        figures.addLayout(shown_for)
        figures.addWidget(self.table, 1)
        figures.addWidget(self.definition)
        self.pages = QTabWidget()
        self.pages.setAccessibleName("The report")
        self.pages.addTab(_pane(figures), "Fig&ures")
        self.pages.addTab(self.chart, "Attendance &by week")
        right = QVBoxLayout()
        right.addWidget(self.summary)
        right.addWidget(self.pages, 1)
        right.addLayout(exports)
        layout = QHBoxLayout(self)
        layout.addWidget(_pane(choose))
        layout.addLayout(right, 1)

    def _wire_choices(self) -> None:
        """Offer the periods counted back from today, choose the first, and follow each change."""
        self._periods = periods(self.context.today())
        self.period.addItems([*self._periods, CHOSEN])
        self.period.currentTextChanged.connect(self._period_chosen)
        self._period_chosen(self.period.currentText())
        for edit in (self.first, self.last):
            edit.dateChanged.connect(self._dates_typed)
            edit.dateChanged.connect(self._period_changed)
        self.groups.itemChanged.connect(self._ticks_changed)

    def _button(self, text: str, handler: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(handler)
        return button

    def _date_edit(self, name: str) -> DateEdit:
        return DateEdit(name)

    def first_control(self) -> QWidget:
        return self.period

    # ------------------------------------------------------------ choosing
    def _period_chosen(self, name: str) -> None:
        if name not in self._periods:
            return
        first, last = self._periods[name]
        for edit, day in ((self.first, first), (self.last, last)):
            edit.blockSignals(True)
            edit.setDate(_qdate(day))
            edit.blockSignals(False)
        self._period_changed()

    def _dates_typed(self) -> None:
        chosen = (self.first.day(), self.last.day())
        name = next((n for n, p in self._periods.items() if p == chosen), CHOSEN)
        self.period.blockSignals(True)
        self.period.setCurrentText(name)
        self.period.blockSignals(False)

    def set_period(self, first: date, last: date) -> None:
        self.first.setDate(_qdate(first))
        self.last.setDate(_qdate(last))

    def _load_groups(self) -> None:
        """List every group; until the person ticks or unticks one, the ticks are the
        period's default (active groups, and retired ones that met in the period)."""
        ticked = self.chosen_groups() if self._ticks_chosen else None
        first, last = self.first.day(), self.last.day()
        self.groups.blockSignals(True)
        self.groups.clear()
        for group in self.context.call(report_service.report_groups, first, last):
            item = QListWidgetItem(group.label)
            item.setData(Qt.ItemDataRole.UserRole, group.group_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = group.counted_by_default if ticked is None else group.group_id in ticked
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
            self.groups.addItem(item)
        self.groups.blockSignals(False)
        self._loaded_groups = True

    def _period_changed(self) -> None:
        if self._loaded_groups and not self._ticks_chosen:
            self._load_groups()

    def _ticks_changed(self) -> None:
        self._ticks_chosen = True

    def _tick_all(self, on: bool) -> None:
        for row in range(self.groups.count()):
            self.groups.item(row).setCheckState(Qt.CheckState.Checked if on
                                                else Qt.CheckState.Unchecked)

    def chosen_groups(self) -> list[int]:
        return [self.groups.item(r).data(Qt.ItemDataRole.UserRole)
                for r in range(self.groups.count())
                if self.groups.item(r).checkState() == Qt.CheckState.Checked]

    def tick_only(self, names: list[str]) -> None:
        for row in range(self.groups.count()):
            item = self.groups.item(row)
            item.setCheckState(Qt.CheckState.Checked if item.text() in names
                               else Qt.CheckState.Unchecked)

    # ------------------------------------------------------------ making the report
    def load(self) -> None:
        if not self.context.can(Permission.VIEW_REPORTS):
            return  # the window hides the tab from this role; nothing to count
        self._load_groups()
        self.make_report()

    def make_report(self) -> Report | None:
        """Count the report off the window's thread and show it; None if it was refused or
        cancelled, or if a report is already being counted (it is counted again once that
        one is done, so a change announced meanwhile is not missed)."""
        if self._making:
            self._make_again = True
            return None
        self._making = True
        try:
            made = self._make_report()
            while self._make_again:
                self._make_again = False
                made = self._make_report()
        finally:
            self._making = False
        return made

    def _make_report(self) -> Report | None:
        first, last = self.first.date().toPython(), self.last.date().toPython()
        task = run_and_wait(self.context, self, "Group-work report", report_service.report,
                            first, last, self.chosen_groups(), self.context.today(),
                            text="Counting the report…")
        if task.cancelled:
            self.summary.setText("Report cancelled; the figures shown are from before.")
        if task.result is None:
            return None
        made: Report = task.result.value
        self.show_report(made)
        return made

    def show_report(self, made: Report) -> None:
        self.report = made
        self.model.set_report(made.columns, made.lines())
        self.columns.report_shown()
        self.chart.set_data([(g.label, g.weeks) for g in made.groups])
        groups = len(made.groups)
        self.summary.setText(
            f"<b>{made.period_words}</b>, {counted(groups, 'group')}. "
            "These are exact figures. In exported files (PDF, CSV, Excel, print): "
            f"{small_number_words(made.service.small_number)}")
        self._show_definition()
        for button in (self.pdf_button, self.csv_button, self.excel_button, self.print_button):
            button.setEnabled(True)

    def _show_definition(self, *_: object) -> None:
        line = self.table.currentIndex().data(LINE_ROLE)
        self.definition.setText(f"<b>{line.label.strip()}:</b> {line.definition}" if line
                                else "Select a figure to read its definition here.")

    # ------------------------------------------------------------ exporting
    def _suggested(self, extension: str) -> str:
        assert self.report is not None
        return f"group-work-report-{self.report.first}-to-{self.report.last}.{extension}"

    def _save(self, title: str, extension: str, file_filter: str,
              write: Callable[[Report, Path], object]) -> Path | None:
        if self.report is None:
            return None
        path = dialogs.choose_save_path(self, title, self._suggested(extension), file_filter)
        if path is None:
            return None
        report = self.report
        saved = save_file(self, title, Path(path), lambda chosen: write(report, chosen))
        if saved is not None:  # said in a message, and kept under the figures too
            self.summary.setText(self.summary.text() + f"<br>Saved {saved.name}.")
        return saved

    def save_pdf(self) -> Path | None:
        return self._save("Save the report as PDF", "pdf", "PDF (*.pdf)",
                          lambda r, p: printing.html_to_pdf(report_html(r), p))

    def save_csv(self) -> Path | None:
        # With a byte-order mark, so Excel reads the definitions' ÷ and ⌈ ⌉ as they are.
        return self._save("Save the report as CSV", "csv", "CSV (*.csv)",
                          lambda r, p: p.write_text(report_csv(r), encoding="utf-8-sig",
                                                    newline=""))

    def save_excel(self) -> Path | None:
        return self._save("Save the report as an Excel workbook", "xlsx", "Excel (*.xlsx)",
                          lambda r, p: p.write_bytes(report_xlsx(r)))

    def print_report(self) -> bool:
        if self.report is None:
            return False
        return printing.print_html(self, report_html(self.report),
                                   QPageLayout.Orientation.Landscape)
