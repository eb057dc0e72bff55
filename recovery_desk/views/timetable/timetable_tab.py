"""The Timetable tab: the week's sessions with places, closures and registers taken or due, who
is booked on the selected session (Enter or a double click on a name opens their record), week
navigation, printing and calendar export. It opens on this week each time the window opens.

Being the first screen, it loads what printing, exports and the closures dialog need only when
they are asked for, so the week shows sooner after start-up.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, timedelta
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.access import Permission
from recovery_desk.domain.places import timetable_service
from recovery_desk.domain.store.changes import CATALOGUE, CLOSURES, PEOPLE
from recovery_desk.item_models.week_model import WeekModel, describe_session
from recovery_desk.schedule.phrases import format_date
from recovery_desk.schedule.timetable import SessionRow, Week
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.frame.desk_tab import DeskTab
from recovery_desk.views.person.person_record_dialog import PersonRecordDialog
from recovery_desk.views.person.waiting_list_dialog import WaitingListDialog, show_waiting_list
from recovery_desk.views.timetable.register_dialog import RegisterDialog, done_line, show_done
from recovery_desk.views.timetable.week_delegate import WeekDelegate, narrowest_cell
from recovery_desk.views.widgets import dialogs
from recovery_desk.views.widgets.date_edit import DateEdit
from recovery_desk.views.widgets.saved_files import save_file
from recovery_desk.views.widgets.split_share import SplitShare, split

GROUP_EXPORT_WEEKS = 12


SHORTCUTS: tuple[tuple[str, str], ...] = (
    ("Alt+Left", "Show the week before"),
    ("Alt+Right", "Show the week after"),
    ("Alt+Home", "Show this week"),
    ("Ctrl+G", "Go to the week of a date: type it, or Alt+Down for a calendar"),
)
"""The tab's own keys, listed by Help > Keyboard shortcuts (shortcuts_dialog.py)."""


class TimetableTab(DeskTab):
    reload_on = frozenset({CATALOGUE, PEOPLE, CLOSURES})

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.week: Week | None = None
        self.model = WeekModel(self)
        self._build_week_controls()
        self._build_week_view()
        self._lay_out()
        self._set_tab_order()
        self._wire_shortcuts()
        today = self.context.today()
        # This week each time the window opens: a week looked at days ago is not the desk's.
        self.monday = today - timedelta(days=today.weekday())

    def _build_week_controls(self) -> None:
        """The week's navigation and the buttons that print, export or act on it."""
        self.previous_button = self._button("◀ &Previous week", "Previous week (Alt+Left)",
                                            lambda: self.show_week(self.monday - timedelta(7)))
        self.this_week_button = self._button("This wee&k", "This week (Alt+Home)",
                                             lambda: self.show_week(self.context.today()))
        self.next_button = self._button("&Next week ▶", "Next week (Alt+Right)",
                                        lambda: self.show_week(self.monday + timedelta(7)))
        self.picker = DateEdit("Go to the week of")
        self.picker.dateChanged.connect(lambda d: self.show_week(d.toPython()))
        self.title = QLabel()
        self.title.setAccessibleName("Week shown")
        self.print_button = self._button("Pr&int week…", "Print the week", self.print_week)
        self.pdf_button = self._button("Save week as PD&F…", "Save the week as a PDF",
                                       self.save_pdf)
        self.ics_button = self._button("E&xport week (.ics)…", "Export the week to a calendar",
                                       self.export_week_ics)
        self.group_ics_button = self._button("&Group's 12 weeks (.ics)…",
                                             "Export the selected group's next 12 weeks",
                                             self.export_group_ics)
        self.closures_button = self._button("C&losures…", "Add or remove closures",
                                            self.edit_closures)
        self.register_button = self._button("Take &register…", "Take the register",
                                            self.take_register)
        self.waiting_button = self._button("&Waiting list…", "Waiting list of the selected "
                                           "session's group", self.show_waiting_list)
        self.sign_in_button = self._button("Sign-in sh&eet (PDF)…",
                                           "Save the sign-in sheet as a PDF",
                                           self.save_sign_in_sheet)

    def _build_week_view(self) -> None:
        """The week's grid, the groups still to be timed, and who is booked on a session."""
        self.grid = QTableView()
        self.grid.setAccessibleName("Week timetable")
        self.grid.setTabKeyNavigation(False)  # arrows within, Tab out
        self.grid.setModel(self.model)
        self.grid.setItemDelegate(WeekDelegate(self.grid))
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.grid.horizontalHeader().setHighlightSections(False)
        self.grid.verticalHeader().setHighlightSections(False)
        self.grid.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.grid.selectionModel().currentChanged.connect(self._show_members)
        # Once the days have their new widths (a resize moves them one by one), the rows fit
        # their sessions' words again.
        self._refit = QTimer(self)
        self._refit.setSingleShot(True)
        self._refit.setInterval(0)
        self._refit.timeout.connect(self._fit_rows)
        self.grid.horizontalHeader().sectionResized.connect(self._refit.start)
        self.undated = QLabel()
        self.undated.setWordWrap(True)
        self.undated.setAccessibleName("Groups with day and time to be confirmed")
        self.members_title = QLabel("Select a session to see who is booked.")
        self.members_title.setWordWrap(True)
        self.members_title.setTextFormat(Qt.TextFormat.PlainText)  # group names, as written
        self.members = QListWidget()
        self.members.setAccessibleName("Booked on the selected session")
        self.members.setWordWrap(True)  # long names and dates wrap rather than vanish
        self.members.itemActivated.connect(self._open_member)
        self.grid.activated.connect(self._session_activated)

    def _lay_out(self) -> None:
        """The week on the left and who is booked on the chosen session on the right, in a
        splitter that gives the week the width its words need (split_share.py) and folds the
        list away when there is none to spare; under both, the chosen session's actions in
        one row and the week's printing and exports in another, always in sight."""
        bar = QHBoxLayout()
        for widget in (self.previous_button, self.this_week_button, self.next_button,
                       self.picker):
            bar.addWidget(widget)
        bar.addStretch()
        self.title.setWordWrap(True)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        for part in (self.title, self.grid, self.undated):
            left.addWidget(part, 1 if part is self.grid else 0)
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.addWidget(self.members_title)
        right.addWidget(self.members, 1)
        week, session = QWidget(), QWidget()
        week.setLayout(left)
        session.setLayout(right)
        self.splitter = split(week, session)
        self.sharing = SplitShare(self.splitter, self._week_needs, side_chars=40)
        outer = QVBoxLayout(self)
        outer.addLayout(bar)
        outer.addWidget(self.splitter, 1)
        self.done = done_line()
        outer.addWidget(self.done)
        for row in ((self.register_button, self.sign_in_button, self.waiting_button,
                     self.sharing.unfold_button("&Booked ▸", "Show who is booked")),
                    (self.print_button, self.pdf_button, self.ics_button,
                     self.group_ics_button, self.closures_button)):
            actions = QHBoxLayout()
            for widget in row:
                actions.addWidget(widget)
            actions.addStretch()
            outer.addLayout(actions)

    def _week_needs(self) -> int:
        """The grid's width when each day is as narrow as its sessions' words allow."""
        days = self.model.columnCount()
        rows = self.week.sessions if self.week is not None else []
        cell = narrowest_cell(rows, self.grid.font(), self.model.today)
        scroll = self.grid.verticalScrollBar().sizeHint().width()
        return (self.grid.verticalHeader().sizeHint().width() + days * cell + scroll
                + 2 * self.grid.frameWidth())

    def _fit_rows(self) -> None:
        """Rows grow or shrink to their sessions' words whenever the days change width."""
        self.grid.verticalHeader().resizeSections(QHeaderView.ResizeMode.ResizeToContents)

    def _set_tab_order(self) -> None:
        """Tab moves through the week, the chosen session, then printing and exports."""
        chain = (self.previous_button, self.this_week_button, self.next_button, self.picker,
                 self.grid, self.members, self.register_button, self.sign_in_button,
                 self.waiting_button, self.print_button, self.pdf_button, self.ics_button,
                 self.group_ics_button, self.closures_button)
        for before, after in pairwise(chain):
            self.setTabOrder(before, after)

    def _wire_shortcuts(self) -> None:
        """The keys listed in SHORTCUTS."""
        handlers: dict[str, Callable[[], object]] = {
            "Alt+Left": lambda: self.show_week(self.monday - timedelta(7)),
            "Alt+Right": lambda: self.show_week(self.monday + timedelta(7)),
            "Alt+Home": lambda: self.show_week(self.context.today()),
            "Ctrl+G": self.picker.setFocus,
        }
        for keys, _what in SHORTCUTS:
            QShortcut(QKeySequence(keys), self).activated.connect(handlers[keys])

    def _button(self, text: str, accessible: str, handler: Callable[[], object]) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(accessible)
        button.clicked.connect(handler)
        return button

    # ------------------------------------------------------------ showing a week
    def show_week(self, day: date) -> None:
        self.monday = day - timedelta(days=day.weekday())
        self.load()

    def apply_permissions(self) -> None:
        self.closures_button.setVisible(self.context.can(Permission.MANAGE_CLOSURES))
        registers = self.context.can(Permission.TAKE_REGISTERS)
        self.register_button.setVisible(registers)
        self.sign_in_button.setVisible(registers)

    def first_control(self) -> QWidget:
        return self.grid

    def load(self) -> None:
        today = self.context.today()
        week = self.context.run(self, "Timetable", timetable_service.week_of, self.monday)
        if week is None:
            return
        self.week = week.value
        kept = self.selected_sessions()
        self.model.set_rows(self.week, today)
        if kept:  # a reload (after a register is saved, say) keeps the session selected
            self.select_session(kept[0].group_id, kept[0].date)
        sunday = self.monday + timedelta(days=6)
        self.title.setText(f"{format_date(self.monday)} to {format_date(sunday)}"
                           + ("  (this week)" if self.monday <= today <= sunday else ""))
        self.picker.blockSignals(True)
        self.picker.setDate(QDate(self.monday.year, self.monday.month, self.monday.day))
        self.picker.blockSignals(False)
        names = ", ".join(html.escape(name) for name in self.week.undated)
        self.undated.setText(f"<b>Day and time to be confirmed:</b> {names}" if names else "")
        self.undated.setVisible(bool(names))
        self.sharing.share()
        self._show_members()

    def select_session(self, group_id: int, day: date) -> bool:
        """Select the group's session on day, if the week shown has it."""
        for row in range(self.model.rowCount()):
            for column in range(self.model.columnCount()):
                if self.model.day_of(column) == day and any(
                        s.group_id == group_id for s in self.model.sessions_at(row, column)):
                    self.grid.setCurrentIndex(self.model.index(row, column))
                    return True
        return False

    def selected_sessions(self) -> list[SessionRow]:
        index = self.grid.currentIndex()
        return self.model.sessions_at(index.row(), index.column()) if index.isValid() else []

    def _show_members(self, *_: object) -> None:
        self.members.clear()
        rows = self.selected_sessions()
        self.group_ics_button.setEnabled(bool(rows))
        self.waiting_button.setEnabled(bool(rows))
        runs = any(r.runs for r in rows)
        due = any(r.runs and r.date <= self.context.today() for r in rows)
        self.sign_in_button.setEnabled(runs)
        self.register_button.setEnabled(due)
        closed = "" if runs or not rows else "A closed session takes no register."
        self.sign_in_button.setToolTip(closed)
        self.register_button.setToolTip(closed or ("" if due or not rows else (
            "This session is still to come: a register is taken on the session's day or "
            "after it.")))
        if not rows:
            self.members_title.setText("Select a session to see who is booked.")
            return
        titles = []
        for row in rows:
            titles.append(f"{describe_session(row, self.context.today())} on "
                          f"{format_date(row.date)}")
            if not self.context.can(Permission.FIND_PEOPLE):
                continue
            for member in self.context.call(timetable_service.members_on, row.group_id,
                                            row.date):
                since = format_date(member.start)
                span = f"{since} to {format_date(member.expected_end)}" \
                    if member.expected_end else f"since {since}, no end date"
                item = QListWidgetItem(f"{member.name} ({span})")
                item.setData(Qt.ItemDataRole.UserRole, member.person_id)
                self.members.addItem(item)
        self.members_title.setText("\n".join(titles))

    def _open_member(self, item: QListWidgetItem) -> None:
        """Enter or a double click on a booked name opens that person's record."""
        person_id = item.data(Qt.ItemDataRole.UserRole)
        dialog = PersonRecordDialog.open(self, self.context, person_id) \
            if person_id is not None else None
        if dialog is not None:
            dialog.exec()

    # ------------------------------------------------------------ printing and exporting
    def week_page(self) -> str:
        from recovery_desk.exports.week_sheet import week_html

        assert self.week is not None
        return week_html(self.week, self.context.today())

    def print_week(self) -> None:
        from recovery_desk.views.widgets import printing
        printing.print_html(self, self.week_page())

    def save_pdf(self) -> Path | None:
        path = dialogs.choose_save_path(self, "Save the week as PDF",
                                        f"timetable-{self.monday.isoformat()}.pdf", "PDF (*.pdf)")
        if path is None:
            return None
        from recovery_desk.views.widgets import printing
        page = self.week_page()
        return save_file(self, "Save the week as PDF", Path(path),
                         lambda chosen: printing.html_to_pdf(page, chosen))

    def _save_ics(self, rows: list[SessionRow], name: str, suggested: str) -> Path | None:
        path = dialogs.choose_save_path(self, "Export to a calendar file", suggested,
                                        "iCalendar (*.ics)")
        if path is None:
            return None
        from recovery_desk.exports.ics import sessions_to_ics

        calendar = sessions_to_ics(rows, name)
        return save_file(self, "Export to a calendar file", Path(path),
                         lambda chosen: chosen.write_bytes(calendar))

    def export_week_ics(self) -> Path | None:
        assert self.week is not None
        return self._save_ics(self.week.sessions, f"Groups, week of {format_date(self.monday)}",
                              f"groups-{self.monday.isoformat()}.ics")

    def export_group_ics(self) -> Path | None:
        rows = self.selected_sessions()
        if not rows:
            return None
        group = rows[0]
        today = self.context.today()
        sessions = self.context.run(
            self, "Calendar file", timetable_service.sessions_between, today,
            today + timedelta(weeks=GROUP_EXPORT_WEEKS) - timedelta(1), group.group_name)
        if sessions is None:
            return None
        slug = "-".join(group.group_name.lower().split())
        return self._save_ics(sessions.value,
                              f"{group.group_name}, next {GROUP_EXPORT_WEEKS} weeks",
                              f"{slug}-{today.isoformat()}.ics")

    def _one_session(self, purpose: str, due: bool = False) -> SessionRow | None:
        """The selected session; when several start at that time, the desk picks one. due:
        only a session whose day has come (a register is not taken before)."""
        rows = [r for r in self.selected_sessions()
                if r.runs and (not due or r.date <= self.context.today())]
        if len(rows) <= 1:
            return rows[0] if rows else None
        choice = dialogs.ask_choice(self, purpose, "Which group?", [r.group_name for r in rows])
        return next((r for r in rows if r.group_name == choice), None)

    def _session_activated(self, *_: object) -> None:
        """Enter (or a double click) on a session opens its register."""
        if self.context.can(Permission.TAKE_REGISTERS) and self.register_button.isEnabled():
            self.take_register()

    def take_register(self) -> bool:
        row = self._one_session("Take the register", due=True)
        if row is None:
            return False
        return show_done(self.done, RegisterDialog.take(self, self.context, row.group_id,
                                                        row.date))

    def show_waiting_list(self) -> WaitingListDialog | None:
        """The selected session's group's waiting list, to answer offers from."""
        return show_waiting_list(self, self.context, [(r.group_id, r.group_name)
                                                      for r in self.selected_sessions()])

    def save_sign_in_sheet(self) -> Path | None:
        row = self._one_session("Sign-in sheet")
        if row is None:
            return None
        from recovery_desk.views.timetable.sign_in_sheet import save_sign_in_sheet
        return save_sign_in_sheet(self, self.context, row)

    def edit_closures(self) -> None:
        from recovery_desk.views.timetable.closures_dialog import ClosuresDialog

        ClosuresDialog(self, self.context).exec()
