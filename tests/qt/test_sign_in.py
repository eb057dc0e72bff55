"""Signing in, locking and switching staff in the window: nothing personal shows or loads
before someone signs in or while the desk is locked, and the audit names who is at the desk."""

from __future__ import annotations

from sqlalchemy import select

from recovery_desk.domain.staff import accounts
from recovery_desk.domain.store.models import AuditEvent
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.manager import account_dialogs
from recovery_desk.views.manager.account_dialogs import FirstManagerDialog
from recovery_desk.views.review.review_tab import ReviewTab
from recovery_desk.views.shell.main_window import MainWindow
from recovery_desk.views.timetable.today_tab import TodayTab
from recovery_desk.vocabulary import StaffRole
from tests.domain.full_disk import disk_full

PASSWORD = "correct horse battery"


def _actions(db) -> list[tuple[str, int | None, str]]:
    with db.reading() as tx:
        return [(e.action, e.staff_id, e.outcome) for e in tx.scalars(
            select(AuditEvent).where(AuditEvent.entity.in_(["staff", "session_members"]))
            .order_by(AuditEvent.id))]


def _desk(qtbot, db, actor):
    manager, _ = accounts.create_first_manager(db, "morgan", "Morgan Manager", PASSWORD, "t")
    accounts.add_staff(db, manager, "jo", "Jo Bennett", StaffRole.RECEPTION, "jo's password")
    accounts.change_password(db, accounts.sign_in(db, "jo", "jo's password", "t").actor,
                             "jo's password", "jo's own password")
    window = MainWindow(DeskContext(db, actor, location="test"), signed_in=False,
                        workstation="desk-1")
    qtbot.addWidget(window)
    window.show()
    return window, manager


def _sign_in(window, username: str, password: str) -> None:
    window.sign_in_page.username.setText(username)
    window.sign_in_page.password.setText(password)
    window.sign_in_page.button.click()


def test_nothing_loads_until_someone_signs_in(qtbot, db, actor, answers) -> None:
    window, _ = _desk(qtbot, db, actor)
    assert window.pages.currentWidget() is window.sign_in_page
    assert not window.tabs.isVisible() and window.windowTitle() == "Recovery Desk - locked"
    assert window.tab(TodayTab).sheet is None  # built, never loaded
    _sign_in(window, "morgan", "wrong password!")
    assert "do not match" in window.sign_in_page.message.text()
    assert window.locked
    _sign_in(window, "morgan", PASSWORD)
    assert not window.locked and window.tabs.isVisible()
    assert window.tab(TodayTab).sheet is not None
    assert "Morgan Manager" in window.windowTitle()
    assert window.context.actor.workstation == "desk-1"


def test_locking_hides_everything_and_another_member_of_staff_can_sign_in(
        qtbot, db, actor, answers) -> None:
    window, manager = _desk(qtbot, db, actor)
    _sign_in(window, "morgan", PASSWORD)
    assert window.desk_menu.lock.shortcut().toString() == "Ctrl+L"
    window.desk_menu.lock.trigger()
    assert window.locked and not window.tabs.isVisible()
    assert window.sign_in_page.heading.text() == "Recovery Desk is locked"
    assert "Morgan Manager was signed in" in window.sign_in_page.title.text()
    assert not window.desk_menu.staff.isEnabled()
    _sign_in(window, "jo", "jo's own password")
    assert window.context.actor.name == "Jo Bennett"
    review = next(i for i, s in enumerate(window.slots) if s.kind is ReviewTab)
    assert not window.tabs.isTabVisible(review)
    jo = window.context.actor.staff_id
    assert ("lock", manager.staff_id, "ok") in _actions(db)
    assert _actions(db)[-2:] == [("sign_in", jo, "ok"), ("unlock", jo, "ok")]


def test_an_idle_desk_locks_itself(qtbot, db, actor, answers) -> None:
    window, _ = _desk(qtbot, db, actor)
    _sign_in(window, "morgan", PASSWORD)
    assert window.idle.timer.isActive()
    assert window.idle.timer.interval() == 5 * 60_000  # the default setting
    window.idle.timer.start(30)
    qtbot.waitUntil(lambda: window.locked, timeout=10_000)
    with db.reading() as tx:
        lock = tx.scalar(select(AuditEvent).where(AuditEvent.action == "lock"))
    assert lock.detail == {"idle": True}


def test_a_reset_password_must_be_changed_before_the_desk_opens(
        qtbot, db, actor, answers, monkeypatch) -> None:
    window, manager = _desk(qtbot, db, actor)
    line = next(s for s in accounts.list_staff(db, manager) if s.username == "jo")
    accounts.reset_password(db, manager, line.staff_id, "temporary pass 2")
    monkeypatch.setattr(account_dialogs, "ask_new_password", lambda parent, context: False)
    _sign_in(window, "jo", "temporary pass 2")
    assert window.locked
    monkeypatch.setattr(account_dialogs, "ask_new_password", lambda parent, context: True)
    _sign_in(window, "jo", "temporary pass 2")
    assert not window.locked


def test_the_first_manager_is_made_and_shown_their_recovery_code(qtbot, context, answers) -> None:
    dialog = FirstManagerDialog(None, context, "desk-1")
    qtbot.addWidget(dialog)
    dialog.display_name.setText("Morgan Manager")
    dialog.username.setText("morgan")
    dialog.password.setText(PASSWORD)
    dialog.again.setText("something else")
    assert not dialog.save()
    assert dialog.messages["again"].message == "The two passwords differ."
    dialog.again.setText(PASSWORD)
    dialog.password.setText(PASSWORD)
    assert dialog.save() and dialog.signed_in is not None
    assert len(answers["codes"]) == 1 and answers["codes"][0].count("-") == 3


def test_the_demo_names_its_accounts_on_the_sign_in_page(qtbot, db, actor, answers) -> None:
    window = MainWindow(DeskContext(db, actor, demo=True, location="demo"), signed_in=False)
    qtbot.addWidget(window)
    window.show()
    assert window.sign_in_page.hint.isVisible()
    assert "demo-reception" in window.sign_in_page.hint.text()


def test_a_forgotten_manager_password_is_replaced_with_the_recovery_code(
        qtbot, db, actor, answers) -> None:
    """A wrong code is said under the form and the dialog stays; the right one sets the new
    password, signs the manager in and shows a fresh code (the old one is used up)."""
    from recovery_desk.views.manager.account_dialogs import RecoverDialog

    _, code = accounts.create_first_manager(db, "morgan", "Morgan Manager", PASSWORD, "t")
    dialog = RecoverDialog(None, DeskContext(db, actor, location="test"), "desk-1")
    qtbot.addWidget(dialog)
    dialog.username.setText("morgan")
    dialog.code.setText("AAAA-BBBB-CCCC-DDDD")
    dialog.password.setText("a brand new password")
    dialog.again.setText("a brand new password")
    assert not dialog.save()
    assert dialog.general.text() == ("⚠ That user name and recovery code do not match a "
                                     "manager's account.")
    dialog.code.setText(code)
    assert dialog.save() and dialog.signed_in is not None
    assert len(answers["codes"]) == 1 and answers["codes"][0] != code
    assert accounts.sign_in(db, "morgan", "a brand new password", "t").actor.name == \
        "Morgan Manager"


def test_changing_one_s_password_says_what_is_wrong_beside_the_field(
        qtbot, db, actor, answers) -> None:
    from recovery_desk.views.manager.account_dialogs import ChangePasswordDialog

    manager, _ = accounts.create_first_manager(db, "morgan", "Morgan Manager", PASSWORD, "t")
    dialog = ChangePasswordDialog(None, DeskContext(db, manager, location="test"),
                                  required=False)
    qtbot.addWidget(dialog)
    dialog.current.setText("not it at all")
    dialog.password.setText("another long password")
    dialog.again.setText("another long passwort")
    assert not dialog.save()
    assert dialog.messages["again"].message == "The two passwords differ."
    dialog.again.setText("another long password")
    assert not dialog.save()
    assert dialog.messages["current"].message == "That is not your current password."
    dialog.current.setText(PASSWORD)
    assert dialog.save() and answers["codes"] == []
    assert accounts.sign_in(db, "morgan", "another long password", "t").actor.staff_id == \
        manager.staff_id


def test_on_a_full_disk_staff_sign_in_to_read_and_the_window_says_so(
        qtbot, db, actor, answers) -> None:
    """The desk opens read-only with a notice; the sign-in is audited once space returns."""
    window, _ = _desk(qtbot, db, actor)
    with disk_full(db):
        _sign_in(window, "jo", "wrong password!")
        assert window.locked and "do not match" in window.sign_in_page.message.text()
        _sign_in(window, "jo", "jo's own password")
        assert not window.locked and window.tab(TodayTab).sheet is not None
        assert window.disk_notice.isVisible()
        assert "The disk is full" in window.disk_notice.text()
        assert "changes cannot be saved" in window.disk_notice.text()
        window.lock(idle=False)  # the desk still locks on a full disk
        assert window.locked
        signed_ins = [a for a in _actions(db) if a[0] == "sign_in"]
    _sign_in(window, "jo", "jo's own password")
    assert not window.locked and not window.disk_notice.isVisible()
    actions = _actions(db)
    assert [a for a in actions if a[0] == "sign_in"][len(signed_ins):] == [
        ("sign_in", window.context.actor.staff_id, "ok")] * 2  # while full, and at the unlock
    assert [a[0] for a in actions[-4:]] == ["sign_in", "lock", "sign_in", "unlock"]
