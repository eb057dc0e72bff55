"""The password forms: the first manager's account, choosing your own password, and a
manager's recovery with the one-time code; refusals beside the field, nothing closed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from recovery_desk.domain.staff import accounts
from recovery_desk.views.manager.account_dialogs import (
    ChangePasswordDialog,
    FirstManagerDialog,
    RecoverDialog,
)

PASSWORD = "correct horse battery"


def _ok(form) -> QPushButton:
    return next(b for b in form.buttons.buttons()
                if form.buttons.buttonRole(b) == QDialogButtonBox.ButtonRole.AcceptRole)


def test_the_first_manager_is_made_and_shown_their_recovery_code(
        qtbot, shown, context, db, answers) -> None:
    """Two passwords that differ are refused beside the second; matching ones make the
    account, show the recovery code once and close the form."""
    form = shown(FirstManagerDialog(None, context, "desk-1"))
    qtbot.keyClicks(form.display_name, "Morgan Manager")
    qtbot.keyClicks(form.username, "morgan")
    qtbot.keyClicks(form.password, PASSWORD)
    qtbot.keyClicks(form.again, PASSWORD + "!")
    qtbot.mouseClick(_ok(form), Qt.MouseButton.LeftButton)
    assert form.isVisible() and form.messages["again"].message == "The two passwords differ."
    form.again.clear()
    qtbot.keyClicks(form.again, PASSWORD)
    qtbot.mouseClick(_ok(form), Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert answers["codes"] == [form.code] and form.code
    assert form.signed_in is not None and form.signed_in.name == "Morgan Manager"
    assert accounts.sign_in(db, "morgan", PASSWORD, "t").actor.name == "Morgan Manager"


def test_a_wrong_current_password_is_refused_beside_it(
        qtbot, shown, make_context, db, answers) -> None:
    """Choosing your own password with the wrong current one: refused beside that field, the
    form stays open, and the old password still works."""
    manager, _ = accounts.create_first_manager(db, "morgan", "Morgan Manager", PASSWORD, "t")
    form = shown(ChangePasswordDialog(None, make_context(who=manager), required=True))
    qtbot.keyClicks(form.current, "not my password")
    qtbot.keyClicks(form.password, "a brand new password")
    qtbot.keyClicks(form.again, "a brand new password")
    qtbot.mouseClick(_ok(form), Qt.MouseButton.LeftButton)
    assert form.isVisible()
    assert form.messages["current"].message == "That is not your current password."
    assert not form.messages["again"].isVisible()
    assert accounts.sign_in(db, "morgan", PASSWORD, "t").actor.name == "Morgan Manager"


def test_a_forgotten_password_is_replaced_with_the_recovery_code(
        qtbot, shown, context, db, answers) -> None:
    """User name, code and a new password: signed in with it, and a fresh code shown."""
    _, code = accounts.create_first_manager(db, "morgan", "Morgan Manager", PASSWORD, "t")
    form = shown(RecoverDialog(None, context, "desk-1"))
    qtbot.keyClicks(form.username, "morgan")
    qtbot.keyClicks(form.code, code)
    qtbot.keyClicks(form.password, "a brand new password")
    qtbot.keyClicks(form.again, "a brand new password")
    qtbot.mouseClick(_ok(form), Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert len(answers["codes"]) == 1 and answers["codes"][0] != code
    assert accounts.sign_in(db, "morgan", "a brand new password", "t").actor.name == \
        "Morgan Manager"
