"""Signing in to an encrypted database before it opens: a wrong password is said on the
dialog (and counted), the right one gives the key; the window starts signed in with it. The
dialog fits 1024x700 at both scales."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog

from recovery_desk.config import resource_path
from recovery_desk.domain.operations import encryption
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.staff import accounts
from recovery_desk.domain.store import key_slots, sqlite_files
from recovery_desk.views.shell import app
from recovery_desk.views.shell.main_window import MainWindow
from recovery_desk.views.shell.unlock_dialog import UnlockDialog
from tests.qt.screens import SCALE_IDS, SCALES, SMALL_SCREEN, TextScale, cut_text, save

PASSWORD = "correct horse battery"
RECOVERY: list[str] = []
"""The recovery code of the `encrypted` fixture's manager."""


@pytest.fixture(autouse=True)
def _no_key_left():
    sqlite_files.use_key(None)
    yield
    sqlite_files.use_key(None)


@pytest.fixture
def encrypted(tmp_path: Path) -> Path:
    path = tmp_path / "desk.sqlite3"
    db, _ = open_database(path, resource_path("catalogue.json"), today=date(2026, 11, 27))
    _, code = accounts.create_first_manager(db, "morgan", "Morgan Manager", PASSWORD, "t")
    encryption.encrypt(db, "morgan", PASSWORD, "t", recovery_code=code)
    RECOVERY[:] = [code]
    sqlite_files.use_key(None)
    return path


def test_a_wrong_password_is_said_and_the_right_one_opens(qtbot, encrypted) -> None:
    """Typed and entered by keyboard; the wrong one cleared, the dialog kept open."""
    dialog = UnlockDialog(None, encrypted)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "morgan")
    qtbot.keyClicks(dialog.password, "not the password")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.key is None
    assert "do not match" in dialog.message.text() and dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible() and dialog.key is not None
    assert encryption.check_key(encrypted, dialog.key)
    assert key_slots.KeySlots.read(encrypted).lockout == {}  # the right one clears the count


def test_the_window_signs_in_then_opens_the_encrypted_database(
        qtbot, encrypted, answers, monkeypatch) -> None:
    """open_and_fill asks first, opens with the key, and starts signed in as that person."""
    monkeypatch.setattr(app.QApplication, "exit", lambda code=0: None)
    window = MainWindow(location=str(encrypted))
    qtbot.addWidget(window)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, UnlockDialog)
        qtbot.keyClicks(dialog.username, "morgan")
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.mouseClick(dialog.sign_in_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)
    request = app.StartRequest(str(encrypted), False, resource_path("catalogue.json"))
    assert app.open_and_fill(window, request)
    context = window.attached.context
    assert context.db.key is not None and context.actor.name == "Morgan Manager"
    assert not window.locked
    context.db.dispose()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))


@pytest.mark.parametrize("scale", SCALES, ids=SCALE_IDS)
def test_the_dialog_fits_a_small_screen(qtbot, encrypted, folder, scale) -> None:
    """At 100% and 150% text, with a refusal showing, it fits and no word is cut."""
    with TextScale(scale):
        dialog = UnlockDialog(None, encrypted)
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.keyClicks(dialog.username, "morgan")
        qtbot.keyClicks(dialog.password, "wrong")
        dialog.try_unlock()
        QApplication.processEvents()
        assert dialog.width() <= SMALL_SCREEN[0] and dialog.height() <= SMALL_SCREEN[1]
        assert cut_text(dialog) == []
        save(dialog, folder, f"unlock-dialog-{int(scale * 100)}")


def test_a_forgotten_password_opens_with_the_recovery_code_and_a_new_one_is_chosen(
        qtbot, encrypted, answers, monkeypatch) -> None:
    """Forgot password: the code opens the database, the usual form (filled in) sets a new
    password, which then opens the database; the old one no longer does."""
    from recovery_desk.views.manager.account_dialogs import RecoverDialog

    assert "recovery:morgan" in key_slots.KeySlots.read(encrypted).slots
    monkeypatch.setattr(app.QApplication, "exit", lambda code=0: None)
    window = MainWindow(location=str(encrypted))
    qtbot.addWidget(window)
    chosen: list[RecoverDialog] = []

    def set_new_password(dialog: RecoverDialog) -> QDialog.DialogCode:
        chosen.append(dialog)
        assert dialog.username.text() == "morgan" and dialog.code.text() == RECOVERY[0]
        qtbot.keyClicks(dialog.password, "a brand new password")
        qtbot.keyClicks(dialog.again, "a brand new password")
        return QDialog.DialogCode.Accepted if dialog.save() else QDialog.DialogCode.Rejected

    monkeypatch.setattr(RecoverDialog, "exec", set_new_password)

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, UnlockDialog)
        qtbot.mouseClick(dialog.forgot_button, Qt.MouseButton.LeftButton)
        qtbot.keyClicks(dialog.username, "morgan")
        qtbot.keyClicks(dialog.password, RECOVERY[0])
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    QTimer.singleShot(0, answer)
    request = app.StartRequest(str(encrypted), False, resource_path("catalogue.json"))
    assert app.open_and_fill(window, request)
    assert chosen and not window.locked and answers["codes"]
    window.attached.context.db.dispose()
    assert encryption.check_key(encrypted, key_slots.unlock(encrypted, "morgan",
                                                             "a brand new password"))
    with pytest.raises(key_slots.KeyRefusedError):
        key_slots.unlock(encrypted, "morgan", PASSWORD)
