"""Taking a register by keyboard: arrow to a name and press A (attended), L (late),
P (apologies) or D (did not attend); the cursor moves to the next name."""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from recovery_desk.domain.places import register_service
from recovery_desk.item_models.register_model import MARK, RegisterModel
from recovery_desk.rows.places import Register
from recovery_desk.schedule.phrases import format_date
from recovery_desk.schedule.words import counted
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.widgets import dialogs
from recovery_desk.vocabulary import AttendanceMark

KEYS = {Qt.Key.Key_A: AttendanceMark.ATTENDED, Qt.Key.Key_L: AttendanceMark.LATE,
        Qt.Key.Key_P: AttendanceMark.APOLOGIES, Qt.Key.Key_D: AttendanceMark.DID_NOT_ATTEND}


class RegisterDialog(QDialog):
    # Shadows QDialog.open(), which nothing here calls: the dialog opens from an id or not at
    # all. The override is deliberate, so mypy's objection is silenced here alone.
    @classmethod
    def open(cls, parent: QWidget | None, context: DeskContext,  # type: ignore[override]
             group_id: int, day: date) -> RegisterDialog | None:
        """The register as it stands, or None after saying why there is none that day."""
        sheet = context.run(parent, "No register", register_service.register, group_id, day)
        return cls(parent, context, group_id, day, sheet.value) if sheet else None

    def __init__(self, parent: QWidget | None, context: DeskContext, group_id: int,
                 day: date, sheet: Register) -> None:
        super().__init__(parent)
        self.context, self.group_id, self.day = context, group_id, day
        self.setWindowTitle(f"Register: {sheet.group}, {format_date(day)}")
        self.saved = False
        self.model = RegisterModel(self)
        self.model.set_rows(sheet.rows)
        self.table = QTableView()
        self.table.setAccessibleName("Register")
        self.table.setTabKeyNavigation(False)  # arrows within, Tab out
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.installEventFilter(self)
        help_text = QLabel("Select a name and press <b>A</b> attended, <b>L</b> late, "
                           "<b>P</b> apologies or <b>D</b> did not attend. "
                           "Corrections are kept in the history.")
        help_text.setWordWrap(True)
        self.status = QLabel(f"{counted(self.model.rowCount(), 'member')}.")
        self.status.setWordWrap(True)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        for widget in (QLabel(f"<b>{html.escape(sheet.group)}</b>, {format_date(day)}"), help_text,
                       self.table, self.status, self.buttons):
            layout.addWidget(widget)
        self.resize(520, 560)
        if self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(0, 0))
        self.table.setFocus()

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
            self.table.setCurrentIndex(self.model.index(row + 1, MARK))

    def save(self) -> bool:
        unmarked = self.model.unmarked()
        if unmarked and not dialogs.confirm(
                self, "Some names are not marked",
                f"{len(unmarked)} not marked yet: {', '.join(unmarked)}. Save the others?",
                "Save"):
            return False
        done = self.context.run(self, "Register not saved", register_service.record,
                                self.group_id, self.day, self.model.changed_marks())
        if done is None:
            return False
        if flagged := done.value:
            dialogs.show_info(self, "Flagged for the keyworker",
                              "Several did-not-attends in a row; their keyworker is flagged: "
                              + ", ".join(flagged) + ".")
        self.saved = True
        self.accept()
        return True
