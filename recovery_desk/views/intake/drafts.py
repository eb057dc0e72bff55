"""An intake left unsaved at a locked desk is kept for the member of staff who wrote it, never
handed to the next person who signs in.

Locking alone changes nothing: the same person unlocking finds the form as they left it. When
someone else signs in, the intake tab takes a Draft of everything in the form (each field's
text exactly as typed, half-typed dates included, which a PersonDetails could not hold), the
groups ticked and their justifications, then starts clean; the draft comes back when its author
signs in at this desk again. Drafts live in memory only, as the form did. Used by intake_tab.py.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from recovery_desk.item_models.eligibility_model import REFER, RESULT_ROLE, EligibilityModel
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.intake.intake_form import IntakeForm
from recovery_desk.views.intake.record_follower import RecordFollower
from recovery_desk.vocabulary import Outcome

Value = str | int | bool


def _fields(form: QWidget) -> list[QWidget]:
    """The form's inputs in a fixed order (the form's structure never changes); a spin box's
    own line edit is left to the spin box."""
    return [w for w in form.findChildren(QWidget)
            if isinstance(w, QSpinBox | QComboBox | QPlainTextEdit)
            or (isinstance(w, QAbstractButton) and w.isCheckable())
            or (isinstance(w, QLineEdit) and not isinstance(w.parent(), QAbstractSpinBox)
                and not isinstance(w.parent(), QComboBox))]


def _read(widget: QWidget) -> Value:
    if isinstance(widget, QSpinBox):
        return widget.value()
    if isinstance(widget, QComboBox):
        return widget.currentIndex()
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QAbstractButton):
        return widget.isChecked()
    assert isinstance(widget, QLineEdit)
    return widget.text()


def _write(widget: QWidget, value: Value) -> None:
    if isinstance(widget, QSpinBox):
        widget.setValue(int(value))
    elif isinstance(widget, QComboBox):
        widget.setCurrentIndex(int(value))
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(str(value))
    elif isinstance(widget, QAbstractButton):
        widget.setChecked(bool(value))
    elif isinstance(widget, QLineEdit):
        widget.setText(str(value))


@dataclass
class Draft:
    """One member of staff's intake as they left it."""

    values: list[Value]
    person_id: int | None
    dirty: bool
    referred: list[int] = field(default_factory=list)
    """The groups ticked for referral."""
    justifications: dict[int, str] = field(default_factory=dict)
    status: str = ""


def take(form: QWidget) -> list[Value]:
    """Every input's value, in the form's order."""
    return [_read(widget) for widget in _fields(form)]


def put_back(form: QWidget, values: list[Value]) -> None:
    """Each input as it was when taken."""
    for widget, value in zip(_fields(form), values, strict=True):
        _write(widget, value)


class IntakeLike(Protocol):
    """What the keeper uses of the intake tab."""

    context: DeskContext
    form: IntakeForm
    model: EligibilityModel
    follower: RecordFollower
    status: QLabel
    dirty: bool

    def new_person(self) -> bool: ...
    def refresh_panel(self) -> None: ...
    def justification_edit(self, group: str) -> QLineEdit: ...


class DraftKeeper:
    """Watches who is signed in for the intake tab: when the member of staff changes, the
    form is kept as its author's draft and cleared, and the newcomer's own draft, if they left
    one, is put back."""

    def __init__(self, tab: IntakeLike) -> None:
        self.tab = tab
        self.author = tab.context.actor.staff_id
        self.kept: dict[int, Draft] = {}
        tab.context.staff_changed.connect(self.staff_changed)

    def staff_changed(self) -> None:
        staff_id = self.tab.context.actor.staff_id
        if staff_id == self.author:
            return  # the same person signed back in: the form is theirs, as they left it
        self.kept[self.author] = self.draft()
        self.author = staff_id
        self.tab.dirty = False  # the draft is kept: nothing here is to be asked about
        self.tab.new_person()
        self.tab.status.clear()
        mine = self.kept.pop(staff_id, None)
        if mine is not None:
            self.restore(mine)

    def draft(self) -> Draft:
        tab = self.tab
        referred = tab.model.referred()
        return Draft(take(tab.form), tab.form.person_id, tab.dirty,
                     [r.group_id for r in referred if r.group_id is not None],
                     {r.group_id: tab.justification_edit(r.group).text() for r in referred
                      if r.group_id is not None and r.outcome is Outcome.NEEDS_REVIEW},
                     tab.status.text())

    def restore(self, draft: Draft) -> None:
        tab = self.tab
        put_back(tab.form, draft.values)
        tab.form.person_id = draft.person_id
        tab.follower.follow(draft.person_id)
        tab.refresh_panel()
        for row in range(tab.model.rowCount()):
            index = tab.model.index(row, REFER)
            if index.data(RESULT_ROLE).group_id in draft.referred:
                tab.model.setData(index, Qt.CheckState.Checked.value,
                                  Qt.ItemDataRole.CheckStateRole)
        for result in tab.model.referred():
            if result.group_id in draft.justifications:
                tab.justification_edit(result.group).setText(
                    draft.justifications[result.group_id])
        tab.dirty = draft.dirty
        tab.status.setText(draft.status)
