"""The manager's staff accounts: adding someone, resetting a password, deactivating and
reactivating a leaver, and the sign-in settings, done through the dialog's own buttons."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from recovery_desk.domain.service import service_settings
from recovery_desk.domain.staff import accounts
from recovery_desk.domain.staff.accounts import SignInError
from recovery_desk.views.manager.staff_dialog import AddStaffDialog, StaffDialog
from recovery_desk.views.widgets import dialogs
from recovery_desk.vocabulary import StaffRole

PASSWORD = "correct horse battery"


@pytest.fixture
def manager(db):
    made, _ = accounts.create_first_manager(db, "morgan", "Morgan Manager", PASSWORD, "t")
    accounts.add_staff(db, made, "jo", "Jo Bennett", StaffRole.RECEPTION, "jo's password")
    return made


@pytest.fixture
def staff(qtbot, make_context, manager, answers):
    dialog = StaffDialog(None, make_context(who=manager))
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def _cells(dialog: StaffDialog, username: str) -> list[str]:
    proxy = dialog.table.model()
    row = next(r for r in range(proxy.rowCount()) if proxy.index(r, 1).data() == username)
    return [proxy.index(row, c).data() for c in range(proxy.columnCount())]


def _ok(form) -> QPushButton:
    return next(b for b in form.buttons.buttons()
                if form.buttons.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole)


def test_a_manager_adds_a_member_of_staff_who_must_choose_a_password(
        qtbot, staff, db) -> None:
    """Add…, fill the form, Add: the new account is listed with its role and a password to
    change, and can sign in with the temporary one."""
    def fill() -> None:
        form = staff.findChild(AddStaffDialog)
        try:
            qtbot.keyClicks(form.display_name, "Riley Shaw")
            qtbot.keyClicks(form.username, "riley")
            form.role.setCurrentIndex(form.role.findData(StaffRole.KEYWORKER))
            qtbot.keyClicks(form.password, "temporary pass 1")
            qtbot.mouseClick(_ok(form), Qt.MouseButton.LeftButton)
        finally:
            if form is not None and form.isVisible():
                form.reject()  # never leave the test waiting on a modal form

    QTimer.singleShot(0, fill)
    qtbot.mouseClick(staff.add_button, Qt.MouseButton.LeftButton)
    assert _cells(staff, "riley") == ["Riley Shaw", "riley", "Keyworker",
                                      "Active, password to change"]
    assert accounts.sign_in(db, "riley", "temporary pass 1", "t").actor.name == "Riley Shaw"


def test_an_account_refused_shows_why_beside_the_field_and_stays_open(
        qtbot, make_context, manager, answers) -> None:
    """A password shorter than the setting: the message sits under that field, nothing is
    added and the form stays open to correct."""
    form = AddStaffDialog(None, make_context(who=manager))
    qtbot.addWidget(form)
    form.show()
    qtbot.keyClicks(form.display_name, "Riley Shaw")
    qtbot.keyClicks(form.username, "riley")
    qtbot.keyClicks(form.password, "short")
    qtbot.mouseClick(_ok(form), Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert "10" in form.messages["password"].message and form.messages["password"].isVisible()
    assert not form.messages["username"].isVisible()
    assert "riley" not in [line.username for line in accounts.list_staff(form.context.db,
                                                                          manager)]


def test_resetting_a_password_sets_a_temporary_one(
        qtbot, staff, db, monkeypatch) -> None:
    """Select Jo, Reset password…, type a temporary password: Jo signs in with it and must
    choose their own."""
    monkeypatch.setattr(dialogs, "ask_text", lambda parent, title, label: "new temporary 2")
    staff.select("jo")
    qtbot.mouseClick(staff.reset_button, Qt.MouseButton.LeftButton)
    assert _cells(staff, "jo")[3] == "Active, password to change"
    assert accounts.sign_in(db, "jo", "new temporary 2", "t").must_change_password


def test_deactivating_asks_first_and_reactivating_restores_sign_in(
        qtbot, staff, db, answers) -> None:
    """Deactivate asks, then Jo is listed as deactivated and cannot sign in; the button
    becomes Reactivate and restores the account without asking."""
    staff.select("jo")
    answers["confirm"] = False
    qtbot.mouseClick(staff.active_button, Qt.MouseButton.LeftButton)
    assert _cells(staff, "jo")[3].startswith("Active")
    answers["confirm"] = True
    qtbot.mouseClick(staff.active_button, Qt.MouseButton.LeftButton)
    assert "Deactivate Jo Bennett?" in answers["asked"][-1]
    assert _cells(staff, "jo")[3].startswith("Deactivated")
    assert staff.active_button.text() == "Re&activate"
    with pytest.raises(SignInError):
        accounts.sign_in(db, "jo", "jo's password", "t")
    asked = len(answers["asked"])
    qtbot.mouseClick(staff.active_button, Qt.MouseButton.LeftButton)
    assert len(answers["asked"]) == asked
    assert _cells(staff, "jo")[3].startswith("Active")
    assert accounts.sign_in(db, "jo", "jo's password", "t").actor.name == "Jo Bennett"


def test_a_sign_in_setting_is_saved_from_its_field(qtbot, staff, db) -> None:
    """Type a new idle lock time and save: the service keeps it; a time past the limit
    cannot be typed at all."""
    spin = staff.spins["idle_lock_minutes"]
    spin.selectAll()
    qtbot.keyClicks(spin, "99")
    assert spin.value() == 9  # the second 9 would pass the 60-minute limit
    qtbot.mouseClick(staff.save_settings_button, Qt.MouseButton.LeftButton)
    assert service_settings.read(db)["idle_lock_minutes"] == 9
    assert not staff.messages["idle_lock_minutes"].isVisible()


def test_a_refused_setting_is_explained_beside_its_field(qtbot, staff, db) -> None:
    """A value the service refuses (here one a wider field let through) is named under that
    field, and nothing is saved."""
    spin = staff.spins["lockout_attempts"]
    spin.setRange(0, 100)  # the field's own limits normally stop this before the service
    spin.setValue(50)
    qtbot.mouseClick(staff.save_settings_button, Qt.MouseButton.LeftButton)
    message = staff.messages["lockout_attempts"]
    assert message.isVisible()
    assert message.message == ("Failed sign-ins in a row that lock an account must be a whole "
                               "number from 3 to 20.")
    assert not staff.messages["idle_lock_minutes"].isVisible()
    assert service_settings.read(db)["lockout_attempts"] == 5
