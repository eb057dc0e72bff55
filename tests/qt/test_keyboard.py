"""Every tab and dialog works by keyboard alone: Tab reaches every enabled control and comes
back to the start (no trap, nothing unreachable), and no two visible controls answer the same
Alt letter."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from recovery_desk.views.shell.tab_slots import TABS
from tests.qt.keyboard import clashes, described, focusable, tab_walk


@pytest.mark.parametrize("spec", TABS, ids=lambda spec: spec.name)
def test_tab_reaches_every_control_of_each_tab_and_comes_back(window, booked, spec) -> None:
    kind = spec.load()
    tab = window.show_tab(kind)
    start = tab.first_control()
    assert start is not None, f"{kind.__name__} names no first control"
    visited, back = tab_walk(tab, start)
    assert back, f"Tab did not come back to the start: {described(visited)[-5:]}"
    missed = [w for w in focusable(tab) if w not in visited and w is not start]
    assert described(missed) == []


@pytest.mark.parametrize("spec", TABS, ids=lambda spec: spec.name)
def test_no_two_visible_controls_share_an_alt_letter(window, booked, spec) -> None:
    window.show_tab(spec.load())
    assert clashes(window) == {}


def _dialogs(context, booked):
    from datetime import date

    from recovery_desk.domain.places.contact_service import MissedSession
    from recovery_desk.views.catalogue.group_editor import GroupEditor
    from recovery_desk.views.frame.context import DeskContext
    from recovery_desk.views.intake.find_person_dialog import FindPersonDialog
    from recovery_desk.views.manager.audit_dialog import AuditDialog
    from recovery_desk.views.manager.backup_dialogs import BackupSettingsDialog
    from recovery_desk.views.manager.retention_dialog import RetentionDialog
    from recovery_desk.views.manager.staff_dialog import AddStaffDialog, StaffDialog
    from recovery_desk.views.person.booking_dialog import BookingDialog
    from recovery_desk.views.person.contact_dialog import ContactDialog
    from recovery_desk.views.person.person_record_dialog import PersonRecordDialog
    from recovery_desk.views.person.waiting_list_dialog import WaitingListDialog
    from recovery_desk.views.timetable.closures_dialog import ClosuresDialog
    from recovery_desk.views.timetable.register_dialog import RegisterDialog
    from recovery_desk.views.timetable.walk_in_dialog import WalkInDialog

    group_id, people = booked
    # A register is taken on the session's day: the desk's day is that Monday.
    on_monday = DeskContext(context.db, context.actor, clock=lambda: date(2026, 11, 30))
    return {
        "closures": lambda: ClosuresDialog(None, context),
        "register": lambda: RegisterDialog.open(None, on_monday, group_id, date(2026, 11, 30)),
        "walk-in": lambda: WalkInDialog(None, context, "MSM Group"),
        "person record": lambda: PersonRecordDialog.open(None, context, people[0]),
        "booking": lambda: BookingDialog.open(None, context, people[0]),
        "group editor": lambda: GroupEditor(None, context, set(), None),
        "staff": lambda: StaffDialog(None, context),
        "add staff": lambda: AddStaffDialog(None, context),
        "audit": lambda: AuditDialog(None, context),
        "retention": lambda: RetentionDialog(None, context),
        "backup settings": lambda: BackupSettingsDialog(None, context),
        "find a person": lambda: FindPersonDialog(None, context),
        "waiting list": lambda: WaitingListDialog.open(None, context, group_id, "A group"),
        "contact attempt": lambda: ContactDialog(None, context, "Alex Brennan", [
            MissedSession(1, "Reduced Drinking Programme", date(2026, 11, 30))]),
    }


DIALOGS = ["closures", "register", "walk-in", "person record", "booking", "group editor",
           "staff", "add staff", "audit", "retention", "backup settings", "find a person",
           "waiting list", "contact attempt"]


@pytest.mark.parametrize("name", DIALOGS)
def test_every_dialog_works_by_keyboard(qtbot, context, booked, answers, name: str) -> None:
    dialog: QDialog = _dialogs(context, booked)[name]()
    qtbot.addWidget(dialog)
    dialog.show()
    assert clashes(dialog) == {}
    controls = focusable(dialog)
    visited, back = tab_walk(dialog, controls[0])
    assert back, f"Tab did not come back to the start: {described(visited)[-5:]}"
    assert described([w for w in controls if w not in visited and w is not controls[0]]) == []
