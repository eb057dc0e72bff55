"""The Today tab: the first thing every role sees after signing in. Today's sessions in time
order (closed ones with the reason, each saying whether its register is taken or still due),
who is expected at the selected one (name, phone, first session, access needs), and the earlier
sessions of the last fortnight whose register is still due.

From here reception takes a register (Enter on a session), saves a sign-in sheet, and opens a
person's record (Enter or a double click on a name). It reloads when a register is saved or a
booking changes, here or at another desk.
"""

from __future__ import annotations

from datetime import date
from itertools import pairwise
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.access import Permission
from recovery_desk.domain.places import today_service
from recovery_desk.domain.store.changes import CATALOGUE, CLOSURES, PEOPLE
from recovery_desk.item_models.review_models import ROW_ROLE
from recovery_desk.item_models.today_models import ExpectedModel
from recovery_desk.rows.places import DaySheet, ExpectedPerson
from recovery_desk.schedule.phrases import format_date
from recovery_desk.schedule.timetable import SessionRow, register_state, session_time
from recovery_desk.schedule.words import closure_reason
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.frame.desk_tab import DeskTab
from recovery_desk.views.person.person_record_dialog import PersonRecordDialog
from recovery_desk.views.timetable.register_dialog import RegisterDialog, done_line, show_done

SESSION_ROLE = Qt.ItemDataRole.UserRole
NO_SESSIONS = "No group meets today."
NONE_DUE = "None: every register of the last fortnight is taken."


def _people(count: int) -> str:
    return f"{count} {'person' if count == 1 else 'people'}"


def session_words(row: SessionRow, today: date) -> str:
    """A session of today in two lines: when and which group; who is expected and the
    register, or why it is closed."""
    first = f"{session_time(row)}: {row.group_name}"
    if not row.runs:
        return f"{first}\nClosed: {closure_reason(row.closure)}"
    register = register_state(row, today)
    return f"{first}\n{_people(row.booked)} expected" + (f", {register}" if register else "")


def overdue_words(row: SessionRow) -> str:
    return f"{format_date(row.date)}, {session_time(row)}: {row.group_name} " \
           f"({_people(row.booked)} booked)"


class TodayTab(DeskTab):
    reload_on = frozenset({CATALOGUE, PEOPLE, CLOSURES})

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.sheet: DaySheet | None = None
        self.expected: dict[int, list[ExpectedPerson]] | None = None
        """Who is expected at each of today's sessions, read when a session is first chosen."""
        self.chosen: SessionRow | None = None
        self._build_lists()
        self._build_expected()
        self._lay_out()

    def _build_lists(self) -> None:
        """Today's sessions, and the earlier ones whose register is still due."""
        self.title = QLabel()
        self.title.setAccessibleName("Day shown")
        self.title.setWordWrap(True)
        self.sessions_label = QLabel("Today's &sessions")
        self.sessions = self._list("Today's sessions")
        self.sessions_label.setBuddy(self.sessions)
        self.overdue_label = QLabel(
            f"Re&gisters still due (last {today_service.OVERDUE_DAYS} days)")
        self.overdue_label.setWordWrap(True)
        self.overdue = self._list("Registers still due from earlier days")
        self.overdue_label.setBuddy(self.overdue)

    def _list(self, name: str) -> QListWidget:
        widget = QListWidget()
        widget.setAccessibleName(name)
        widget.setWordWrap(True)
        widget.currentItemChanged.connect(lambda item, _old: self._choose(widget, item))
        widget.itemActivated.connect(lambda _item: self.take_register())
        return widget

    def _build_expected(self) -> None:
        """Who is expected at the chosen session, and what to do with it."""
        self.expected_title = QLabel()
        self.expected_title.setWordWrap(True)
        self.expected_title.setTextFormat(Qt.TextFormat.PlainText)  # group names, as written
        self.expected_title.setAccessibleName("Session chosen")
        self.model = ExpectedModel(self)
        self.table = QTableView()
        self.table.setAccessibleName("Expected at the chosen session")
        self.table.setModel(self.model)
        self.table.setTabKeyNavigation(False)  # arrows within, Tab out
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)  # access needs wrap rather than vanish
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.table.activated.connect(lambda _index: self.open_record())
        self.table.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        self.register_button = self._button("Take &register…", "Take the register",
                                            self.take_register)
        self.sign_in_button = self._button("Sign-in sh&eet (PDF)…",
                                           "Save the sign-in sheet as a PDF",
                                           self.save_sign_in_sheet)
        self.record_button = self._button("&Open record…", "Open the chosen person's record",
                                          self.open_record)
        self.done = done_line()
        self.hint = QLabel("Ctrl+F finds anyone, from any tab.")
        self.hint.setWordWrap(True)

    def _button(self, text: str, name: str, handler: object) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(name)
        button.clicked.connect(handler)
        return button

    def _lay_out(self) -> None:
        left = QVBoxLayout()
        for widget in (self.title, self.sessions_label):
            left.addWidget(widget)
        left.addWidget(self.sessions, 3)
        left.addWidget(self.overdue_label)
        left.addWidget(self.overdue, 2)
        buttons = QHBoxLayout()
        for button in (self.register_button, self.sign_in_button, self.record_button):
            buttons.addWidget(button)
        buttons.addStretch()
        right = QVBoxLayout()
        right.addWidget(self.expected_title)
        right.addWidget(self.table, 1)
        right.addLayout(buttons)
        right.addWidget(self.done)
        right.addWidget(self.hint)
        splitter = QSplitter()
        for layout in (left, right):
            pane = QWidget()
            pane.setLayout(layout)
            splitter.addWidget(pane)
        splitter.setSizes([380, 620])
        splitter.setStretchFactor(1, 1)  # who is expected takes any extra width
        QVBoxLayout(self).addWidget(splitter)
        chain = (self.sessions, self.overdue, self.table, self.register_button,
                 self.sign_in_button, self.record_button)
        for before, after in pairwise(chain):
            self.setTabOrder(before, after)

    # ------------------------------------------------------------ loading
    def first_control(self) -> QWidget:
        return self.sessions

    def apply_permissions(self) -> None:
        registers = self.context.can(Permission.TAKE_REGISTERS)
        self.register_button.setVisible(registers)
        self.sign_in_button.setVisible(registers)
        self.record_button.setVisible(self.context.can(Permission.FIND_PEOPLE))

    def load(self) -> None:
        today = self.context.today()
        sheet = self.context.run(self, "Today", today_service.day_sheet)
        if sheet is None:
            return
        self.sheet = sheet.value
        self.expected = None
        kept = (self.chosen.group_id, self.chosen.date) if self.chosen else None
        self.title.setText(f"<b>Today, {format_date(today)}</b>")
        self._fill(self.sessions, [(session_words(r, today), r) for r in self.sheet.sessions],
                   NO_SESSIONS)
        self._fill(self.overdue, [(overdue_words(r), r) for r in self.sheet.overdue], NONE_DUE)
        # Nothing is chosen for the person at first: filling the window in is not a view of
        # anyone's details. Moving into the list (as signing in does) chooses the first.
        self.chosen = None
        self._reselect(kept)
        self._show_expected()

    def _fill(self, widget: QListWidget, lines: list[tuple[str, SessionRow]],
              empty: str) -> None:
        widget.blockSignals(True)
        widget.clear()
        for text, row in lines:
            item = QListWidgetItem(text)
            item.setData(SESSION_ROLE, row)
            widget.addItem(item)
        if not lines:
            item = QListWidgetItem(empty)
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            widget.addItem(item)
        widget.blockSignals(False)

    def _reselect(self, key: tuple[int, date] | None) -> None:
        """Choose again the session chosen before a reload, in whichever list holds it now."""
        for widget in (self.sessions, self.overdue):
            for number in range(widget.count() if key is not None else 0):
                row = widget.item(number).data(SESSION_ROLE)
                if row is not None and (row.group_id, row.date) == key:
                    widget.setCurrentRow(number)
                    return

    # ------------------------------------------------------------ choosing
    def _choose(self, widget: QListWidget, item: QListWidgetItem | None) -> None:
        """A session chosen in one list: the other list lets go of its choice."""
        row = item.data(SESSION_ROLE) if item is not None else None
        if row is None:
            return
        other = self.overdue if widget is self.sessions else self.sessions
        other.blockSignals(True)
        other.setCurrentRow(-1)
        other.clearSelection()
        other.blockSignals(False)
        self.chosen = row
        self._show_expected()

    def _read_expected(self, row: SessionRow | None) -> list[ExpectedPerson]:
        """Who is expected at one of today's running sessions; read (and audited) the first
        time one is chosen, not when the tab fills in."""
        if row is None or self.sheet is None or row.date != self.sheet.day or not row.runs \
                or not self.context.can(Permission.FIND_PEOPLE):
            return []
        if self.expected is None:
            read = self.context.run(self, "Who is expected", today_service.expected_today)
            if read is None:
                return []
            self.expected = read.value
        return self.expected.get(row.group_id, [])

    def _show_expected(self) -> None:
        row, sheet = self.chosen, self.sheet
        people = self._read_expected(row)
        self.model.set_rows(people)
        self.table.resizeRowsToContents()
        if row is None:
            self.expected_title.setText("Choose a session to see who is expected.")
        elif not row.runs:
            self.expected_title.setText(f"{row.group_name}, {session_time(row)}: closed, "
                                        f"{closure_reason(row.closure)}; no register is "
                                        "taken.")
        elif sheet is not None and row.date < sheet.day:
            self.expected_title.setText(
                f"{row.group_name}, {format_date(row.date)}: its register is still due. "
                "Take it to record who came.")
        elif not self.context.can(Permission.FIND_PEOPLE):
            self.expected_title.setText(f"{row.group_name}, {session_time(row)}")
        else:
            self.expected_title.setText(f"Expected at {row.group_name}, {session_time(row)}: "
                                        f"{_people(len(people))}.")
        self._enable()

    def _enable(self) -> None:
        runs = self.chosen is not None and self.chosen.runs
        self.register_button.setEnabled(runs)
        self.sign_in_button.setEnabled(runs)
        self.record_button.setEnabled(self.chosen_person() is not None)

    def chosen_person(self) -> ExpectedPerson | None:
        index = self.table.currentIndex()
        person = index.data(ROW_ROLE) if index.isValid() else None
        return person if isinstance(person, ExpectedPerson) else None

    # ------------------------------------------------------------ acting
    def take_register(self) -> bool:
        row = self.chosen
        if row is None or not row.runs or not self.context.can(Permission.TAKE_REGISTERS):
            return False
        return show_done(self.done, RegisterDialog.take(self, self.context, row.group_id,
                                                        row.date))

    def save_sign_in_sheet(self) -> Path | None:
        if self.chosen is None or not self.chosen.runs:
            return None
        from recovery_desk.views.timetable.sign_in_sheet import save_sign_in_sheet
        return save_sign_in_sheet(self, self.context, self.chosen)

    def open_record(self) -> PersonRecordDialog | None:
        person = self.chosen_person()
        if person is None:
            return None
        dialog = PersonRecordDialog.open(self, self.context, person.person_id)
        if dialog is not None:
            dialog.exec()
        return dialog
