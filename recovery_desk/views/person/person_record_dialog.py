"""A service user's record for the desk: places with end dates, attendance history, waiting-list
positions, and the referred groups they hold no place in yet; booking a place (the booking
dialog), and for the place selected its appointment letter, cancelling it as booked in error,
moving its start and ending it. The record reloads on the context's announcements, so a
change made here, in another screen or at another desk shows at once."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.access import Permission
from recovery_desk.domain.people import person_record_service, subject_access
from recovery_desk.domain.service import service_details
from recovery_desk.domain.store.changes import PEOPLE
from recovery_desk.domain.store.chosen_files import make_private
from recovery_desk.exports.subject_access import subject_access_html
from recovery_desk.item_models.review_models import AttendanceModel
from recovery_desk.pdf import PORTRAIT, html_to_pdf
from recovery_desk.rows.people import PersonRecord, PlaceLine
from recovery_desk.schedule.phrases import format_date
from recovery_desk.schedule.words import all_shown, capital, counted, date_span
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.person import place_actions
from recovery_desk.views.person.booking_dialog import BookingDialog
from recovery_desk.views.person.contact_choices_box import ContactChoicesBox
from recovery_desk.views.person.contact_section import ContactSection
from recovery_desk.views.person.letter_dialog import LetterDialog
from recovery_desk.views.person.waiting_section import WaitingSection
from recovery_desk.views.widgets import dialogs
from recovery_desk.views.widgets.column_shares import ColumnShares
from recovery_desk.views.widgets.saved_files import save_file
from recovery_desk.views.widgets.tables import filter_box, filtered_table
from recovery_desk.vocabulary import (
    MARK_WORDS,
    STATUS_WORDS,
    AttendanceMark,
    PlaceStatus,
    WaitingStatus,
)


def attendance_summary(marks: dict[AttendanceMark, int]) -> str:
    """'40 attended, 3 late, 2 apologies, 5 did not attend (50 marks)', in mark order."""
    total = sum(marks.values())
    if not total:
        return "No register marks yet."
    counts = ", ".join(counted(marks.get(mark, 0), "apology") if mark is AttendanceMark.APOLOGIES
                       else f"{marks.get(mark, 0)} {MARK_WORDS[mark].lower()}"
                       for mark in AttendanceMark)
    return f"{counts} ({counted(total, 'mark')} in all)"


def _place_words(places: list[PlaceLine]) -> list[str]:
    lines = []
    for place in places:
        if place.status is PlaceStatus.CANCELLED and place.ended_on:  # it never was a place
            lines.append(f"{place.group}: cancelled on {format_date(place.ended_on)} as booked "
                         f"in error (was to start {format_date(place.start)})"
                         + (f": {place.end_reason}" if place.end_reason else ""))
            continue
        status = STATUS_WORDS[place.status].lower()
        state = "" if place.status is PlaceStatus.ACTIVE else (
            f", {status} {format_date(place.ended_on)}: {place.end_reason}"
            if place.ended_on else f", {status}")
        flag = ", FLAGGED for the keyworker (missed sessions)" if place.flagged else ""
        lines.append(f"{place.group}: {date_span(place.start, place.end)}{state}{flag}")
    return lines


WAITING_PAGE, CONTACTS_PAGE, REACH_PAGE = 2, 3, 4
"""The record's pages after Places and Attendance."""


def _page(pages: QTabWidget, title: str, *widgets: QWidget) -> QVBoxLayout:
    """A page of the record: its widgets one under another, the last taking the height."""
    page = QWidget()
    layout = QVBoxLayout(page)
    for widget in widgets:
        layout.addWidget(widget, 1 if widget is widgets[-1] else 0)
    pages.addTab(page, title)
    return layout


def _list(name: str, lines: list[str], empty: str) -> QListWidget:
    widget = QListWidget()
    widget.setAccessibleName(name)
    widget.addItems(lines or [empty])
    return widget


class PersonRecordDialog(QDialog):
    # Shadows QDialog.open(), which nothing here calls: the dialog opens from an id or not at
    # all. The override is deliberate, so mypy's objection is silenced here alone.
    @classmethod
    def open(cls, parent: QWidget | None, context: DeskContext,  # type: ignore[override]
             person_id: int) -> PersonRecordDialog | None:
        """The dialog showing the person's record as read now, or None after saying why the
        record cannot be read."""
        record = context.run(parent, "Cannot open the record",
                             person_record_service.person_record, person_id)
        return cls(parent, context, person_id, record.value) if record else None

    def __init__(self, parent: QWidget | None, context: DeskContext, person_id: int,
                 record: PersonRecord) -> None:
        super().__init__(parent)
        self.context, self.person_id = context, person_id
        self.setWindowTitle(f"Record: {record.name}")
        self.person = record.name
        self._build_places(record)
        self._build_place_actions()
        self._build_attendance(record)
        self._build_waiting_and_actions(record)
        self._lay_out()
        self._place_chosen()
        # Opens where the desk has something to do: an offer to answer, then missed sessions.
        waiting_page, contacts_page = self._show_attention()
        if waiting_page or contacts_page:
            self.pages.setCurrentIndex(WAITING_PAGE if waiting_page else CONTACTS_PAGE)

    def _build_places(self, record: PersonRecord) -> None:
        """Their places, the first chosen, and the letter button for a running one."""
        self.places = _list("Places", _place_words(record.places), "No places yet.")
        self.places.setWordWrap(True)  # a long line wraps rather than scrolling sideways
        self.place_lines = list(record.places)
        self.today = self.context.today()
        self.letter_button = QPushButton("Appointment &letter…")
        self.letter_button.setAccessibleName("Appointment letter for the selected place")
        self.letter_button.clicked.connect(self.open_letter)
        self.places.setCurrentRow(0)
        self.places.currentRowChanged.connect(self._place_chosen)

    def _build_attendance(self, record: PersonRecord) -> None:
        """The summary of their marks and the latest page of them, with a button for older."""
        self.marks_total = record.marks_total
        self.summary = QLabel(attendance_summary(record.marks))
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Attendance summary")
        self.attendance_model = AttendanceModel(self)
        self.attendance_model.set_rows(record.attendance)
        self.attendance_filter = filter_box("Filter the marks shown")
        self.attendance = filtered_table(self.attendance_model, "Attendance history",
                                         self.attendance_filter)
        self.attendance.sortByColumn(0, Qt.SortOrder.DescendingOrder)
        # Columns share the width and wrap, so every column stays in sight at large text.
        self.attendance_columns = ColumnShares(self.attendance, {0: 0.3, 1: 0.35, 2: 0.17,
                                                                 3: 0.18})
        self.more_button = QPushButton()
        self.more_button.clicked.connect(self.show_more)
        self._count_shown()

    def _build_waiting_and_actions(self, record: PersonRecord) -> None:
        """Their waiting lists, booking what they are referred to, and subject access."""
        # Each section reads and reloads itself: its own module keeps this dialog short.
        self.waiting = WaitingSection(self.context, self.person_id, record.name, self)
        self.contacts = ContactSection(self.context, self.person_id, record.name, self)
        self.referred = QLabel()
        self.referred.setWordWrap(True)
        self.referred.setAccessibleName("Referred groups not yet booked")
        self._show_referred()
        self.book_button = QPushButton("&Book a place…")
        self.book_button.setToolTip("Choose a group and the first session; groups that cannot "
                                    "be booked say why.")
        self.book_button.clicked.connect(self.book)
        self.access_button = QPushButton("Everything held (&subject access)…")
        self.access_button.setToolTip("Save everything held about this person as JSON and a "
                                      "readable PDF, for a subject access request.")
        self.access_button.clicked.connect(self.subject_access)
        self.access_button.setVisible(self.context.can(Permission.EXPORT_RECORDS))
        # A booking, register or waiting-list change, here or at another desk, shows at once.
        self.context.announced.connect(self._announced)

    def _lay_out(self) -> None:
        """A page each for places, attendance, waiting lists and missed sessions (Ctrl+Tab
        moves between them), so each has the dialog's whole height on a small screen; subject
        access and Close under them."""
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.pages = QTabWidget()
        self.pages.setAccessibleName("Parts of the record")
        places = _page(self.pages, "Places", self.places)
        places.addLayout(self._place_actions_grid())
        places.addWidget(self.referred)
        places.addWidget(self.book_button, 0, Qt.AlignmentFlag.AlignLeft)
        attendance = _page(self.pages, "Attendance", self.summary, self.attendance_filter,
                           self.attendance)
        attendance.addWidget(self.more_button, 0, Qt.AlignmentFlag.AlignLeft)
        _page(self.pages, "Waiting lists", self.waiting)
        _page(self.pages, "After missed sessions", self.contacts)
        self.reach = ContactChoicesBox(self.context, self.person_id, self)
        _page(self.pages, "Texts and emails", self.reach)
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages, 1)
        layout.addWidget(self.access_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(buttons)
        # Grows with the text size, but never past a small screen (1024x700).
        metrics = self.fontMetrics()
        self.resize(min(max(640, 90 * metrics.averageCharWidth()), 1000),
                    min(max(520, 30 * metrics.lineSpacing()), 680))

    def _show_attention(self) -> tuple[bool, bool]:
        """Each page's title says when it needs the desk: an offer open, a place flagged."""
        offer = any(row.status is WaitingStatus.OFFERED for row in self.waiting.model.rows())
        flagged = bool(self.contacts.flags.text())
        self.pages.setTabText(WAITING_PAGE, "Waiting lists: offer open" if offer
                              else "Waiting lists")
        self.pages.setTabText(CONTACTS_PAGE, "After missed sessions: flagged" if flagged
                              else "After missed sessions")
        return offer, flagged

    def _announced(self, kinds: frozenset[str]) -> None:
        if PEOPLE in kinds:
            self.reload()
            self._show_attention()

    def reload(self) -> None:
        """Read the record again (it changed, perhaps at another desk) and show it."""
        record = self.context.call(person_record_service.person_record, self.person_id)
        chosen = self.selected_place()
        self.place_lines = list(record.places)
        self.places.clear()
        self.places.addItems(_place_words(record.places) or ["No places yet."])
        ids = [place.enrolment_id for place in self.place_lines]
        # The place being worked on stays selected (cancelled, moved or ended, it is still
        # listed), so the desk sees what happened to it.
        self.places.setCurrentRow(ids.index(chosen.enrolment_id)
                                  if chosen is not None and chosen.enrolment_id in ids else 0)
        self._place_chosen()
        self.summary.setText(attendance_summary(record.marks))
        self.marks_total = record.marks_total
        self.attendance_model.set_rows(record.attendance)
        self._count_shown()
        self._show_referred()

    def _count_shown(self) -> None:
        shown = self.attendance_model.rowCount()
        left = self.marks_total - shown
        self.more_button.setText(f"Show &older marks ({all_shown(shown, self.marks_total, 'mark')})"
                                 if left else capital(all_shown(shown, self.marks_total, "mark")))
        self.more_button.setEnabled(left > 0)

    def show_more(self) -> None:
        """The next page of older marks, added below those shown."""
        older = self.context.run(self, "Older marks", person_record_service.attendance_page,
                                 self.person_id, self.attendance_model.rowCount())
        if older is None:
            return
        self.attendance_model.set_rows(self.attendance_model.rows() + older.value)
        self._count_shown()

    def subject_access(self) -> Path | None:
        """Everything held about the person: JSON where chosen, and a PDF beside it."""
        chosen = dialogs.choose_save_path(self, "Save everything held",
                                          f"subject-access-{self.person_id}.json",
                                          "JSON (*.json)")
        if chosen is None:
            return None
        path = Path(chosen)
        if path.suffix.lower() == ".pdf":
            dialogs.show_error(self, "Save everything held", "The readable copy is saved "
                               "beside the file as a PDF: choose a name ending .json.")
            return None
        # The dialog asked about the JSON file only; the PDF beside it is checked here.
        if dialogs.refuse_desk_files(self, "Save everything held",
                                     str(path.with_suffix(".pdf"))) is None:
            return None
        service = self.context.run(self, "Subject access", service_details.service_details)
        gathered = self.context.run(self, "Subject access", subject_access.gather,
                                    self.person_id) if service else None
        if service is None or gathered is None:
            return None
        held = gathered.value
        readable = path.with_suffix(".pdf")

        def write(chosen: Path) -> None:
            make_private(chosen)  # special-category data: owner-only before a byte is written
            chosen.write_text(json.dumps(held, indent=2, ensure_ascii=False) + "\n",
                              encoding="utf-8")
            make_private(readable)
            html_to_pdf(subject_access_html(held, service.value, self.context.today()), readable,
                        PORTRAIT, title="Subject access request")

        return save_file(self, "Subject access", path, write, also=[readable],
                         note="Keep them safe: they hold special-category data.")

    def selected_place(self) -> PlaceLine | None:
        row = self.places.currentRow()
        return self.place_lines[row] if 0 <= row < len(self.place_lines) else None

    def _place_chosen(self, *_: object) -> None:
        place = self.selected_place()
        running = place is not None and place.status.value == "active" and (
            place.end is None or place.end >= self.today)
        self.letter_button.setEnabled(running)
        self.letter_button.setToolTip("" if running else
                                      "Select a place that is running or booked.")
        self._enable_place_actions(place)

    def open_letter(self) -> LetterDialog | None:
        place = self.selected_place()
        if place is None:
            return None
        dialog = LetterDialog.open(self, self.context, place.enrolment_id)
        if dialog is not None:
            dialog.exec()
        return dialog

    # ------------------------------------------------------------ booking and changing places
    def _show_referred(self) -> None:
        """The groups they are referred to but hold no place in (named as this member of
        staff may read them beside a referral)."""
        self.unbooked = self.context.call(person_record_service.unbooked_referrals,
                                          self.person_id)
        names = ", ".join(name for _, name in self.unbooked)
        self.referred.setText(f"Referred, not yet booked: {names}." if names
                              else "No referred group is waiting to be booked.")

    def _build_place_actions(self) -> None:
        """Cancel, move and end the selected place (reception may: BOOK_PLACES)."""
        self.cancel_button = QPushButton("Cancel (booked in &error)…")
        self.cancel_button.setAccessibleName("Cancel the selected place as booked in error")
        self.cancel_button.clicked.connect(self.cancel_place)
        self.move_button = QPushButton("&Move start date…")
        self.move_button.setAccessibleName("Move the selected place to another start date")
        self.move_button.clicked.connect(self.move_place)
        self.end_button = QPushButton("End &place…")
        self.end_button.setAccessibleName("End the selected place")
        self.end_button.clicked.connect(self.end_place)

    def _place_actions_grid(self) -> QGridLayout:
        grid = QGridLayout()
        for index, button in enumerate((self.letter_button, self.cancel_button,
                                        self.move_button, self.end_button)):
            grid.addWidget(button, index // 2, index % 2)
        grid.setColumnStretch(2, 1)
        return grid

    def _enable_place_actions(self, place: PlaceLine | None) -> None:
        booked = place is not None and place.status.value == "active"
        not_started = booked and place is not None and place.start > self.today
        for button, enabled, why in (
                (self.cancel_button, booked, "Select a booked place."),
                (self.move_button, not_started, "Select a place that has not started."),
                (self.end_button, booked, "Select a booked place.")):
            button.setEnabled(enabled)
            button.setToolTip("" if enabled else why)

    def book(self) -> BookingDialog | None:
        """The booking dialog: choose a group and its first session, opened on the first
        group they are referred to and not yet booked into."""
        referred = self.unbooked[0][0] if self.unbooked else None
        dialog = BookingDialog.open(self, self.context, self.person_id, referred)
        if dialog is not None:
            dialog.exec()
        return dialog

    def cancel_place(self) -> bool:
        place = self.selected_place()
        return place is not None and place_actions.cancel_place(self, self.context,
                                                                self.person, place)

    def move_place(self) -> bool:
        place = self.selected_place()
        return place is not None and place_actions.move_place(
            self, self.context, self.person, place) is not None

    def end_place(self) -> bool:
        place = self.selected_place()
        return place is not None and place_actions.end_place(self, self.context,
                                                             self.person, place)
