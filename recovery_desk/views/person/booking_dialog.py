"""Booking a place with choices, opened from a person's record (or, given a group, from a
session or the intake tab): the groups the person might join, each saying why not where it
cannot be booked (a referral needed and who can make one), then the group's next sessions to
start at (closures marked and not choosable; a closed group's cohort starts only), then one
question naming the group, its days and times and the first date. A full start offers the
waiting list instead. The dialog stays open after a booking so another group can be booked;
what is booked shows at once in every open screen (through the context's announcements)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain.places import waiting_list_service as waiting
from recovery_desk.domain.places.booking_options import (
    BookingChoices,
    GroupChoice,
    StartOption,
    group_choices,
    start_options,
)
from recovery_desk.domain.places.place_rules import BookedPlace
from recovery_desk.schedule.phrases import format_date
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.person.booking_flow import book_one, show_booked
from recovery_desk.views.widgets import dialogs


def start_words(option: StartOption) -> str:
    """A start date in the list, short enough for a narrow list at 150%."""
    if option.closure is not None:
        return f"{format_date(option.day)}: closed"
    state = f"{option.free} free" if option.free else "full"
    return f"{format_date(option.day)}: {state}"


def _list(name: str) -> QListWidget:
    widget = QListWidget()
    widget.setAccessibleName(name)
    return widget


def _caption(text: str, buddy: QWidget) -> QLabel:
    label = QLabel(text)
    label.setBuddy(buddy)
    return label


def _words(name: str) -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setAccessibleName(name)
    return label


class BookingDialog(QDialog):
    # Shadows QDialog.open(), which nothing here calls (as PersonRecordDialog does).
    @classmethod
    def open(cls, parent: QWidget | None, context: DeskContext,  # type: ignore[override]
             person_id: int, group_id: int | None = None) -> BookingDialog | None:
        """The dialog with the groups as read now (group_id chosen first, if given), or None
        after saying why they cannot be read."""
        read = context.run(parent, "Cannot book", group_choices, person_id)
        return cls(parent, context, person_id, read.value, group_id) if read else None

    def __init__(self, parent: QWidget | None, context: DeskContext, person_id: int,
                 choices: BookingChoices, group_id: int | None = None) -> None:
        super().__init__(parent)
        self.context, self.person_id, self.person = context, person_id, choices.person
        self.setWindowTitle(f"Book a place: {choices.person}")
        self.choices: list[GroupChoice] = []
        self.starts_read: list[StartOption] = []
        self.booked: list[BookedPlace | int] = []
        """What this dialog booked: places, and waiting-list positions joined."""
        self._build()
        self._show_groups(choices, group_id)

    def _build(self) -> None:
        self.groups = _list("Groups")
        self.starts = _list("First session")
        self.group_words = _words("About the chosen group")
        self.summary = _words("What will be booked")
        self.book_button = QPushButton("&Book…")
        self.book_button.clicked.connect(self.book)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        grid = QGridLayout()
        grid.addWidget(_caption("&Group", self.groups), 0, 0)
        grid.addWidget(_caption("&First session", self.starts), 0, 1)
        grid.addWidget(self.groups, 1, 0)
        grid.addWidget(self.starts, 1, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addWidget(self.group_words)
        layout.addWidget(self.summary)
        layout.addWidget(self.book_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
        self.groups.currentRowChanged.connect(self._group_chosen)
        self.starts.currentRowChanged.connect(self._start_chosen)
        self.resize(760, 520)

    # ------------------------------------------------------------ groups
    def _show_groups(self, choices: BookingChoices, group_id: int | None) -> None:
        self.choices = choices.groups
        self.groups.blockSignals(True)
        self.groups.clear()
        for choice in self.choices:
            item = QListWidgetItem(choice.name if choice.problem is None
                                   else f"{choice.name} (cannot book)")
            item.setToolTip(choice.problem or "Can be booked.")
            self.groups.addItem(item)
        self.groups.blockSignals(False)
        ids = [c.group_id for c in self.choices]
        first = next((i for i, c in enumerate(self.choices) if c.problem is None), 0)
        self.groups.setCurrentRow(ids.index(group_id) if group_id in ids else first)
        self._group_chosen()

    def chosen_group(self) -> GroupChoice | None:
        row = self.groups.currentRow()
        return self.choices[row] if 0 <= row < len(self.choices) else None

    def _group_chosen(self, *_: object) -> None:
        choice = self.chosen_group()
        self.starts.clear()
        self.starts_read = []
        if choice is None:
            self.group_words.setText("No group takes bookings.")
            self._start_chosen()
            return
        if choice.problem is not None:
            self.group_words.setText(f"{choice.name} ({choice.when}) cannot be booked: "
                                     f"{choice.problem}.")
            self.starts.addItem("None: see why below")
            self._start_chosen()
            return
        self.group_words.setText(f"{choice.name}: {choice.when}.")
        read = self.context.run(self, "Start dates", start_options, choice.group_id)
        self.starts_read = read.value if read else []
        for option in self.starts_read:
            item = QListWidgetItem(start_words(option))
            item.setToolTip(option.closure or option.note or "")
            self.starts.addItem(item)
        if not self.starts_read:
            self.starts.addItem("No session to start at")
        first = next((i for i, o in enumerate(self.starts_read) if o.closure is None), 0)
        self.starts.setCurrentRow(first)
        self._start_chosen()

    # ------------------------------------------------------------ start dates
    def chosen_start(self) -> StartOption | None:
        row = self.starts.currentRow()
        return self.starts_read[row] if 0 <= row < len(self.starts_read) else None

    def _start_chosen(self, *_: object) -> None:
        group, start = self.chosen_group(), self.chosen_start()
        bookable = group is not None and group.problem is None
        if not bookable or start is None:
            self.summary.setText("Choose a group that can be booked and a session to start at."
                                 if bookable else "")
            self._set_button("&Book…", False)
            return
        assert group is not None
        day = format_date(start.day)
        if start.closure is not None:
            self.summary.setText(f"{group.name} is closed on {day} ({start.closure}): choose "
                                 "another session.")
            self._set_button("&Book…", False)
        elif start.free == 0:
            self.summary.setText(f"{group.name} is full from {day}: {self.person} can join its "
                                 "waiting list instead.")
            self._set_button("Add to the &waiting list…", True)
        else:
            kind = f" ({start.note})" if start.note else ""
            self.summary.setText(f"Book {self.person} into {group.name}, first session "
                                 f"{day}{kind}.")
            self._set_button("&Book…", True)

    def _set_button(self, text: str, enabled: bool) -> None:
        self.book_button.setText(text)
        self.book_button.setEnabled(enabled)

    # ------------------------------------------------------------ booking
    def book(self) -> BookedPlace | int | None:
        """Ask once, naming the group, its days and times and the first date; then book (or
        join the waiting list when full) and say what happened."""
        group, start = self.chosen_group(), self.chosen_start()
        if group is None or start is None or group.problem or start.closure:
            return None
        day = format_date(start.day)
        if start.free == 0:
            return self._join_waiting_list(group, day)
        if not dialogs.confirm(self, "Book a place",
                               f"Book {self.person} into {group.name} ({group.when}), first "
                               f"session {day}?", "Book"):
            return None
        done = book_one(self, self.context, self.person_id, group.group_id, start.day,
                        group.name)
        if isinstance(done, BookedPlace):
            show_booked(self, self.context, done, group.when)
        elif done is not None:
            dialogs.show_info(self, "Waiting list", f"{group.name} was full, so {self.person} "
                              f"is on its waiting list at number {done}.")
        self._after(done, group.group_id)
        return done

    def _join_waiting_list(self, group: GroupChoice, day: str) -> int | None:
        if not dialogs.confirm(self, "Waiting list", f"{group.name} is full from {day}. Add "
                               f"{self.person} to its waiting list?", "Add to the waiting list"):
            return None
        joined = self.context.run(self, "Waiting list", waiting.join, self.person_id,
                                  group.group_id, self.context.today())
        if joined is None:
            return None
        dialogs.show_info(self, "Waiting list", f"{self.person} is on the {group.name} waiting "
                          f"list at number {joined.value}.")
        self._after(joined.value, group.group_id)
        return joined.value

    def _after(self, done: BookedPlace | int | None, group_id: int) -> None:
        """Read the groups again (the one just booked now says so), keeping it chosen."""
        if done is not None:
            self.booked.append(done)
        read = self.context.run(self, "Cannot book", group_choices, self.person_id)
        if read is not None:
            self._show_groups(read.value, group_id)
