"""The appointment letter for one place, opened after a booking or from the person record: the
plain text to read out or copy, the one-page letter to print or save as PDF, and the sessions
of every place the person holds, each to its end, as a calendar file for their phone."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QFont, QGuiApplication, QPageLayout
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain.places import appointment_service
from recovery_desk.exports.appointment_letter import letter_html, letter_text
from recovery_desk.exports.ics import sessions_to_ics
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.widgets import dialogs, printing
from recovery_desk.views.widgets.saved_files import save_file

PORTRAIT = QPageLayout.Orientation.Portrait


class LetterDialog(QDialog):
    # Shadows QDialog.open(), which nothing here calls: the dialog opens from an id or not at
    # all. The override is deliberate, so mypy's objection is silenced here alone.
    @classmethod
    def open(cls, parent: QWidget | None, context: DeskContext,  # type: ignore[override]
             enrolment_id: int) -> LetterDialog | None:
        """The letter for the place as it stands, or None after saying why there is none."""
        read = context.run(parent, "Appointment letter", appointment_service.appointment,
                           enrolment_id)
        return cls(parent, context, read.value) if read else None

    def __init__(self, parent: QWidget | None, context: DeskContext,
                 appointment: appointment_service.Appointment) -> None:
        super().__init__(parent)
        self.context = context
        self.appointment = appointment
        facts = self.appointment
        self.setWindowTitle(f"Appointment letter: {facts.group.name}")
        self.missing = facts.service.missing_for_letters()
        self.notice = QLabel(f"⚠ {self.missing}" if self.missing else
                             "Read this out, copy it, or print the letter. Nothing clinical "
                             "is on it.")
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName("About this letter")
        self.text = QPlainTextEdit(letter_text(facts) if not self.missing else "")
        self.text.setReadOnly(True)
        self.text.setAccessibleName("Letter text")
        font = QFont(self.text.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        self.text.setFont(font)
        self.print_button = self._button("&Print letter…", self.print_letter)
        self.pdf_button = self._button("Save letter as P&DF…", self.save_pdf)
        self.copy_button = self._button("&Copy text", self.copy_text)
        self.ics_button = self._button("Save sessions to a ca&lendar (.ics)…",
                                       self.save_calendar)
        for button in (self.print_button, self.pdf_button, self.copy_button):
            button.setEnabled(self.missing is None)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        actions = QHBoxLayout()
        for button in (self.print_button, self.pdf_button, self.copy_button, self.ics_button):
            actions.addWidget(button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.notice)
        layout.addWidget(self.text, 1)
        layout.addLayout(actions)
        layout.addWidget(close)
        self.resize(760, 560)

    def _button(self, text: str, handler) -> QPushButton:
        button = QPushButton(text)
        button.setAccessibleName(text.replace("&", "").rstrip("…"))
        button.clicked.connect(handler)
        return button

    def _slug(self) -> str:
        return "-".join(self.appointment.group.name.lower().split())

    def print_letter(self) -> bool:
        return printing.print_html(self, letter_html(self.appointment), PORTRAIT)

    def save_pdf(self) -> Path | None:
        path = dialogs.choose_save_path(self, "Save the letter as PDF",
                                        f"letter-{self._slug()}.pdf", "PDF (*.pdf)")
        if path is None:
            return None
        page = letter_html(self.appointment)
        return save_file(self, "Save the letter as PDF", Path(path),
                         lambda chosen: printing.html_to_pdf(page, chosen, PORTRAIT))

    def copy_text(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())

    def save_calendar(self) -> Path | None:
        """Every session of every place the person holds, each to the place's end (closed
        days left out), at the service's address."""
        facts = self.appointment
        read = self.context.run(self, "Calendar file", appointment_service.place_sessions,
                                facts.person_id)
        if read is None:
            return None
        rows = read.value
        path = dialogs.choose_save_path(self, "Save the sessions to a calendar file",
                                        "my-group-sessions.ics", "iCalendar (*.ics)")
        if path is None:
            return None
        calendar = sessions_to_ics(rows, f"Groups at {facts.service.name}",
                                   ", ".join(facts.service.address_lines))
        return save_file(self, "Calendar file", Path(path),
                         lambda chosen: chosen.write_bytes(calendar))
