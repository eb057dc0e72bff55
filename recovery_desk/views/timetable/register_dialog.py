"""Taking a register by mouse, touch or keyboard: click or tap a name's mark (attended, late,
apologies, did not attend), or arrow to a name and press A, L, P or D (the cursor moves to the
next name); "Everyone attended" marks every name not yet marked. Saving shows a summary first.
An open group's walk-ins are added here (found or added as a new person) and offered a place;
a session the facilitator cannot run is cancelled here, with a reason.

Opened by the timetable and the Today tab through `RegisterDialog.open(parent, context,
group_id, day)`."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain.messages import outbox_service
from recovery_desk.domain.places import booking_service, register_service, walk_in_service
from recovery_desk.item_models.register_model import (
    MARK_COLUMNS,
    NAME,
    NOTE,
    NOTES,
    RegisterModel,
)
from recovery_desk.rows.places import Register
from recovery_desk.schedule.phrases import format_date
from recovery_desk.schedule.words import counted, listed
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.messages.message_words import told_words
from recovery_desk.views.messages.messages_dialog import MessagesDialog
from recovery_desk.views.person.contact_dialog import ContactDialog
from recovery_desk.views.timetable.walk_in_dialog import WalkInDialog
from recovery_desk.views.widgets import dialogs
from recovery_desk.vocabulary import AttendanceMark, MessageKind

SMALL_SCREEN_WIDTH = 1000
"""The widest the dialog makes itself: a 1024-pixel screen, less its window frame."""
KEYS = {Qt.Key.Key_A: AttendanceMark.ATTENDED, Qt.Key.Key_L: AttendanceMark.LATE,
        Qt.Key.Key_P: AttendanceMark.APOLOGIES, Qt.Key.Key_D: AttendanceMark.DID_NOT_ATTEND}


def done_line() -> QLabel:
    """The line on the tab that opened a register saying what was just saved, rather than
    another box to click; hidden until there is something to say."""
    line = QLabel()
    line.setWordWrap(True)
    line.setAccessibleName("Just done")
    line.hide()
    return line


def show_done(line: QLabel, said: str | None) -> bool:
    """Say what RegisterDialog.take() saved on the line (or hide it); True if it was saved."""
    line.setText(said or "")
    line.setVisible(bool(said))
    return said is not None


class RegisterDialog(QDialog):
    # Shadows QDialog.open(), which nothing here calls: the dialog opens from an id or not at
    # all. The override is deliberate, so mypy's objection is silenced here alone.
    @classmethod
    def open(cls, parent: QWidget | None, context: DeskContext,  # type: ignore[override]
             group_id: int, day: date) -> RegisterDialog | None:
        """The register as it stands, or None after saying why there is none that day."""
        sheet = context.run(parent, "No register", register_service.register, group_id, day)
        return cls(parent, context, group_id, day, sheet.value) if sheet else None

    @classmethod
    def take(cls, parent: QWidget | None, context: DeskContext, group_id: int,
             day: date) -> str | None:
        """Open the register and let the desk take it: once it was saved, what was saved in
        words ('Register saved: Reduced Drinking Programme, Mon 30 Nov 2026: 3 attended.'),
        for the tab that opened it to say; None if it was not."""
        dialog = cls.open(parent, context, group_id, day)
        if dialog is None:
            return None
        dialog.exec()
        return dialog.said if dialog.saved else None

    def __init__(self, parent: QWidget | None, context: DeskContext, group_id: int,
                 day: date, sheet: Register) -> None:
        super().__init__(parent)
        self.context, self.group_id, self.day, self.sheet = context, group_id, day, sheet
        self.setWindowTitle(f"Register: {sheet.group}, {format_date(day)}")
        self.saved = self.cancelled = False
        self.said = ""
        self.walk_ins = list(sheet.walk_ins)
        self.model = RegisterModel(self)
        self.model.set_rows(sheet.rows)
        self.model.dataChanged.connect(self._show_counts)
        self._build_table()
        self._build_buttons()
        self._lay_out()
        self._show_counts()
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, NAME))
        self._row_chosen()
        self.table.setFocus()

    def _build_table(self) -> None:
        self.table = QTableView()
        self.table.setAccessibleName("Register")
        self.table.setTabKeyNavigation(False)  # arrows within, Tab out
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        # Names on one line, each column as wide as its words; the note takes what is left.
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self.table.installEventFilter(self)
        # A click or tap anywhere in a mark's cell marks it, not only on its small box.
        self.table.clicked.connect(self._cell_clicked)

    def _build_buttons(self) -> None:
        self.everyone_button = QPushButton("&Everyone attended")
        self.everyone_button.setAccessibleName("Mark everyone not yet marked attended")
        self.everyone_button.clicked.connect(self.everyone_attended)
        self.everyone_button.setEnabled(bool(self.sheet.rows))
        self.walk_in_button = QPushButton("&Walk-in…")
        self.walk_in_button.setAccessibleName("Add someone without a place as a walk-in")
        self.walk_in_button.clicked.connect(self.add_walk_in)
        self.walk_in_button.setVisible(self.sheet.walk_ins_welcome)
        self.cancel_session_button = QPushButton("Cancel this sessio&n…")
        self.cancel_session_button.setAccessibleName("Cancel this session, with a reason")
        self.cancel_session_button.clicked.connect(self.cancel_session)
        if self.day != self.context.today():  # a session is cancelled on its own day only
            self.cancel_session_button.setEnabled(False)
            self.cancel_session_button.setToolTip("A session is cancelled on its own day only; "
                                                  "correct the register's marks instead.")
            self.cancel_session_button.setAccessibleDescription(
                self.cancel_session_button.toolTip())
        self.contact_button = QPushButton("Log a &contact attempt…")
        self.contact_button.setAccessibleName("Log a contact attempt with the selected person, "
                                              "who did not attend")
        self.contact_button.clicked.connect(self.log_contact)
        self.table.selectionModel().currentRowChanged.connect(self._row_chosen)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Close)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self) -> None:
        title = QLabel(f"<b>{html.escape(self.sheet.group)}</b>, {format_date(self.day)}")
        help_text = QLabel("Click or tap each name's mark, or select a name and press "
                           "<b>A</b> attended, <b>L</b> late, <b>P</b> apologies or <b>D</b> "
                           "did not attend. Corrections are kept in the history.")
        help_text.setWordWrap(True)
        self.walk_in_list = QLabel()
        self.walk_in_list.setWordWrap(True)
        self.walk_in_list.setTextFormat(Qt.TextFormat.PlainText)  # names, as written
        self.walk_in_list.setAccessibleName("Walk-ins")
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName("Marks so far")
        actions = QHBoxLayout()
        for button in (self.everyone_button, self.walk_in_button, self.cancel_session_button,
                       self.contact_button):
            actions.addWidget(button)
        actions.addStretch()
        self._layout = layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(help_text)
        layout.addWidget(self.table, 1)
        layout.addLayout(actions)
        for widget in (self.walk_in_list, self.status, self.buttons):
            layout.addWidget(widget)
        for before, after in ((self.table, self.everyone_button),
                              (self.everyone_button, self.walk_in_button),
                              (self.walk_in_button, self.cancel_session_button),
                              (self.cancel_session_button, self.contact_button)):
            self.setTabOrder(before, after)
        self.resize(self._width_needed(), 560)

    def _width_needed(self) -> int:
        """Wide enough for every column's words (and the scroll bar), within a small screen's
        width: the dialog grows with the text size rather than cutting names."""
        self.table.resizeColumnsToContents()
        columns = sum(self.table.columnWidth(c) for c in range(NOTE))
        # The note's longest words, whatever it says now: marks change it as they are made.
        columns += max(self.table.columnWidth(NOTE), 24 + max(
            self.table.fontMetrics().horizontalAdvance(words) for words in NOTES))
        frame = 2 * self.table.frameWidth() + self.table.verticalScrollBar().sizeHint().width()
        margins = self._layout.contentsMargins()
        wanted = columns + frame + margins.left() + margins.right() + 8
        return max(560, min(wanted, SMALL_SCREEN_WIDTH))

    # ------------------------------------------------------------ marking
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.table and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and not event.modifiers() \
                and event.key() in KEYS and self.table.currentIndex().isValid():
            self.mark_current(KEYS[Qt.Key(event.key())])
            return True
        return super().eventFilter(watched, event)

    def mark_current(self, mark: AttendanceMark) -> None:
        row = self.table.currentIndex().row()
        self.model.set_mark(row, mark)
        if row + 1 < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row + 1, self.table.currentIndex()
                                                        .column()))

    def _cell_clicked(self, index: QModelIndex) -> None:
        if index.column() in MARK_COLUMNS:
            self.model.set_mark(index.row(), MARK_COLUMNS[index.column()])

    def everyone_attended(self) -> int:
        """Every name not yet marked is marked attended; the others keep their marks."""
        return self.model.mark_everyone_unmarked(AttendanceMark.ATTENDED)

    def _show_counts(self, *_: object) -> None:
        if self.model.rowCount():
            members = counted(self.model.rowCount(), "member")
            self.status.setText(f"{members}: {self.model.summary()}.")
        else:
            self.status.setText("Nobody holds a place in this session.")
        if self.walk_ins:
            self.walk_in_list.setText(f"Walk-ins, marked attended: {', '.join(self.walk_ins)}.")
        else:
            self.walk_in_list.setText("No walk-ins yet.")
        self.walk_in_list.setVisible(self.sheet.walk_ins_welcome or bool(self.walk_ins))

    def summary_question(self) -> str:
        """What saving will record, in words, asked before saving."""
        text = self.model.summary()
        text = text[0].upper() + text[1:] + "." if self.model.rowCount() \
            else "Nobody holds a place in this session."
        unmarked = self.model.unmarked()
        if unmarked:
            text += f" {listed(unmarked)} {'stays' if len(unmarked) == 1 else 'stay'} unmarked."
        if self.walk_ins:
            text += f" And {counted(len(self.walk_ins), 'walk-in')}, already saved."
        return text + (" Save the others?" if unmarked else " Save?")

    def save(self) -> bool:
        if not dialogs.confirm(self, "Save the register", self.summary_question(), "Save"):
            return False
        done = self.context.run(self, "Register not saved", register_service.record,
                                self.group_id, self.day, self.model.changed_marks())
        if done is None:
            return False
        unmarked = len(self.model.unmarked())
        self.said = (f"Register saved: {self.sheet.group}, {format_date(self.day)}: "
                     f"{self.model.summary()}"
                     + (f"; {unmarked} not marked" if unmarked else "") + ".")
        if flagged := done.value:
            dialogs.show_info(self, "Flagged for the keyworker",
                              "Several did-not-attends in a row; their keyworker is flagged: "
                              + ", ".join(flagged) + ".")
        self.saved = True
        self.accept()
        return True

    # ------------------------------------------------------------ after a did-not-attend
    def _row_chosen(self, *_: object) -> None:
        """A contact attempt is logged for a did-not-attend already saved on the register."""
        row = self.table.currentIndex().row()
        missed = 0 <= row < self.model.rowCount() \
            and self.model.row(row).mark is AttendanceMark.DID_NOT_ATTEND
        self.contact_button.setEnabled(missed)
        self.contact_button.setToolTip("" if missed else "Select someone saved as did not "
                                       "attend.")

    def log_contact(self) -> ContactDialog | None:
        row = self.table.currentIndex().row()
        if not 0 <= row < self.model.rowCount():
            return None
        member = self.model.row(row)
        dialog = ContactDialog.for_session(self, self.context, member.enrolment_id,
                                           member.name, self.sheet.group, self.day)
        dialog.exec()
        return dialog

    # ------------------------------------------------------------ walk-ins and cancelling
    def add_walk_in(self) -> bool:
        """Find or add the person, add them as a walk-in, then offer them a place."""
        finder = WalkInDialog(self, self.context, self.sheet.group)
        if finder.exec() != QDialog.DialogCode.Accepted or finder.person_id is None:
            return False
        return self.walk_in(finder.person_id)

    def walk_in(self, person_id: int) -> bool:
        done = self.context.run(self, "Walk-in not added", walk_in_service.add_walk_in,
                                self.group_id, self.day, person_id)
        if done is None:
            return False
        added = done.value
        self.walk_ins = sorted({*self.walk_ins, added.name})
        self._show_counts()
        if added.offer_from is not None and dialogs.confirm(
                self, "Offer a place",
                f"Book {added.name} into {added.group} from {format_date(added.offer_from)}?",
                "Book"):
            booked = self.context.run(self, "Not booked", booking_service.book, person_id,
                                      self.group_id, added.offer_from)
            if booked is not None:
                place = booked.value
                until = f" to {format_date(place.end)}" if place.end else ""
                dialogs.show_info(self, "Booked", f"{place.person} is booked into "
                                  f"{place.group} from {format_date(place.start)}{until}.")
        return True

    def cancel_session(self) -> bool:
        """Cancel the session with a reason, asked once with what cancelling does: the
        register closes, the timetable shows it closed, and nobody on it counts as a
        did-not-attend."""
        what = f"{self.sheet.group} on {format_date(self.day)}"
        marked = sum(row.mark is not None for row in self.sheet.rows)
        if marked:  # said before asking why, not after
            dialogs.show_error(self, "Session not cancelled",
                               f"This register has {counted(marked, 'mark')}: a session that "
                               "ran is not cancelled; correct its marks instead.")
            return False
        reason = dialogs.ask_text(
            self, "Cancel this session",
            f"Cancel {what}? Its register closes, nobody on it counts as a did-not-attend, and "
            "the timetable shows it closed with this reason. Why is it cancelled?")
        if reason is None:
            return False
        done = self.context.run(self, "Session not cancelled", register_service.cancel_session,
                                self.group_id, self.day, reason)
        if done is None:
            return False
        told = self.context.call(outbox_service.list_messages, kind=MessageKind.CANCELLED,
                                 session_date=self.day, group_id=self.group_id)
        dialogs.show_outcome(self, "Session cancelled",
                             f"{what} is cancelled by the service: {reason.strip()}. Nobody on "
                             f"it counts as a did-not-attend, and reports count it as closed. "
                             f"{told_words(told)}",
                             [("Open the \u201cto &phone\u201d list\u2026",
                               lambda: MessagesDialog.to_phone_list(self,
                                                                    self.context))])
        self.cancelled = True
        self.accept()
        return True
