"""An unsaved intake at a locked desk, in the window: the keyworker who wrote it finds it as
they left it when they unlock; another member of staff signing in starts with a clean form and
never sees it; the author gets it back when they sign in again."""

from __future__ import annotations

from PySide6.QtCore import Qt

from recovery_desk.domain.staff import accounts
from recovery_desk.item_models.eligibility_model import REFER
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.intake.intake_tab import IntakeTab
from recovery_desk.views.shell.main_window import MainWindow
from recovery_desk.vocabulary import StaffRole

CHECKED = Qt.CheckState.Checked.value


def _staff(db, username: str, name: str, role: StaffRole, manager) -> None:
    accounts.add_staff(db, manager, username, name, role, f"{username}'s password")
    accounts.change_password(db, accounts.sign_in(db, username, f"{username}'s password",
                                                  "t").actor,
                             f"{username}'s password", f"{username}'s own password")


def _sign_in(qtbot, window, username: str) -> None:
    page = window.sign_in_page
    page.username.setText(username)
    page.password.setText(f"{username}'s own password")
    qtbot.mouseClick(page.button, Qt.MouseButton.LeftButton)
    assert not window.locked


def _lock(qtbot, window) -> None:
    assert window.desk_menu.lock.shortcut().toString() == "Ctrl+L"
    window.desk_menu.lock.trigger()  # Desk > Lock
    assert window.locked and not window.tabs.isVisible()


def _desk(qtbot, db, actor):
    manager, _ = accounts.create_first_manager(db, "morgan", "Morgan Manager",
                                               "correct horse battery", "t")
    _staff(db, "kay", "Kay Keyworker", StaffRole.KEYWORKER, manager)
    _staff(db, "jo", "Jo Reception", StaffRole.RECEPTION, manager)
    window = MainWindow(DeskContext(db, actor, location="test"), signed_in=False,
                        workstation="desk-1")
    qtbot.addWidget(window)
    window.show()
    return window


def _write_an_intake(qtbot, tab: IntakeTab) -> None:
    form = tab.form
    qtbot.keyClicks(form.given_name, "Alex")
    qtbot.keyClicks(form.family_name, "Brennan")
    qtbot.keyClicks(form.date_of_birth, "2/4/1985")
    form.goals["change_use"].setFocus()
    qtbot.keyClick(form.goals["change_use"], Qt.Key.Key_Space)  # ticked by keyboard
    tab.refresh_panel()
    row = next(r for r in range(tab.model.rowCount())
               if tab.model.index(r, 1).data() == "Recovery Skills")
    assert tab.model.setData(tab.model.index(row, REFER), CHECKED, Qt.ItemDataRole.CheckStateRole)
    qtbot.keyClicks(form.phone, "020 79")  # half typed: kept exactly as it is


def test_an_unsaved_intake_stays_with_its_author(qtbot, db, actor, answers) -> None:
    """Kay's half-done intake survives her own lock and unlock, is not shown to Jo, and comes
    back to Kay after Jo locks the desk."""
    window = _desk(qtbot, db, actor)
    _sign_in(qtbot, window, "kay")
    tab = window.show_tab(IntakeTab)
    _write_an_intake(qtbot, tab)
    assert tab.has_unsaved_changes()

    _lock(qtbot, window)
    _sign_in(qtbot, window, "kay")  # the same person: nothing moved
    assert tab.form.given_name.text() == "Alex" and tab.has_unsaved_changes()
    assert answers["asked"] == []

    _lock(qtbot, window)
    _sign_in(qtbot, window, "jo")
    jo_sees = window.show_tab(IntakeTab)
    assert jo_sees is tab
    assert [tab.form.given_name.text(), tab.form.family_name.text(),
            tab.form.date_of_birth.text(), tab.form.phone.text()] == ["", "", "", ""]
    assert not tab.form.goals["change_use"].isChecked()
    assert tab.model.referred() == [] and not tab.has_unsaved_changes()
    assert "Alex" not in tab.status.text()
    assert answers["asked"] == []  # Jo is never asked about Kay's work

    qtbot.keyClicks(tab.form.given_name, "Sam")  # Jo's own unsaved work
    _lock(qtbot, window)
    _sign_in(qtbot, window, "kay")
    assert tab.form.given_name.text() == "Alex" and tab.form.family_name.text() == "Brennan"
    assert tab.form.date_of_birth.text() == "2/4/1985" and tab.form.phone.text() == "020 79"
    assert tab.form.goals["change_use"].isChecked()
    assert [r.group for r in tab.model.referred()] == ["Recovery Skills"]
    assert tab.has_unsaved_changes()

    _lock(qtbot, window)
    _sign_in(qtbot, window, "jo")
    assert tab.form.given_name.text() == "Sam"  # Jo's draft is Jo's
