"""Desk > Encrypt the database…: offered to a manager whose database is plain (not to
reception, nor once it is encrypted), typed and clicked through; the desk carries on with the
encrypted database and shows the new recovery code. The dialog fits 1024x700 at both scales."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from recovery_desk.domain.staff import accounts
from recovery_desk.domain.store import key_slots, sqlite_files
from recovery_desk.domain.store.actor import Actor
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.manager.encrypt_dialog import EncryptDialog
from recovery_desk.views.shell.main_window import MainWindow
from recovery_desk.vocabulary import StaffRole
from tests.qt.screens import SCALE_IDS, SCALES, SMALL_SCREEN, TextScale, cut_text, save

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _no_key_left():
    sqlite_files.use_key(None)
    yield
    sqlite_files.use_key(None)


@pytest.fixture
def manager_window(qtbot, db, answers):
    manager, _ = accounts.create_first_manager(db, "morgan", "Morgan Manager", PASSWORD, "t")
    window = MainWindow(DeskContext(db, manager, location=str(db.path)))
    qtbot.addWidget(window)
    window.show()
    return window


def _answer_the_dialog(qtbot, password: str) -> None:
    """When the modal dialog opens: the password typed, then Encrypt clicked."""
    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, EncryptDialog)
        qtbot.keyClicks(dialog.password, password)
        qtbot.mouseClick(dialog.encrypt_button, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, answer)


def test_a_manager_encrypts_a_plain_database_from_the_desk_menu(
        qtbot, manager_window, db, answers) -> None:
    """The desk then reads the encrypted file with its key; the offer is gone."""
    menu = manager_window.desk_menu
    menu.update(locked=False)
    assert menu.encrypt.isVisible()
    path = db.path
    _answer_the_dialog(qtbot, PASSWORD)
    menu.encrypt.trigger()
    context = manager_window.attached.context
    assert key_slots.is_encrypted(path) and context.db.key is not None
    assert answers["codes"] and answers["errors"] == []
    assert accounts.sign_in(context.db, "morgan", PASSWORD, "t").actor.name == "Morgan Manager"
    assert not menu.encrypt.isVisible()


def test_a_wrong_password_leaves_the_database_plain_and_open(
        qtbot, manager_window, db, answers) -> None:
    """Refused with a message; the desk still reads the plain file."""
    path = db.path
    _answer_the_dialog(qtbot, "not my password")
    manager_window.desk_menu.encrypt.trigger()
    assert not key_slots.is_encrypted(path)
    assert any("Only an active manager" in said for said in answers["errors"])
    context = manager_window.attached.context
    assert accounts.sign_in(context.db, "morgan", PASSWORD, "t").actor.name == "Morgan Manager"


def test_reception_is_not_offered_encryption(qtbot, db, actor, answers) -> None:
    """Only managers see the offer."""
    reception = Actor(actor.staff_id, "Jo", StaffRole.RECEPTION)
    window = MainWindow(DeskContext(db, reception, location="test"))
    qtbot.addWidget(window)
    window.desk_menu.update(locked=False)
    assert not window.desk_menu.encrypt.isVisible()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))


@pytest.mark.parametrize("scale", SCALES, ids=SCALE_IDS)
def test_the_offer_fits_a_small_screen(qtbot, folder, scale) -> None:
    """At 100% and 150% text the offer fits 1024x700 and no word is cut."""
    with TextScale(scale):
        dialog = EncryptDialog(None)
        qtbot.addWidget(dialog)
        dialog.show()
        QApplication.processEvents()
        assert dialog.width() <= SMALL_SCREEN[0] and dialog.height() <= SMALL_SCREEN[1]
        assert dialog.password.accessibleName() == "Your password"
        assert cut_text(dialog) == []
        save(dialog, folder, f"encrypt-dialog-{int(scale * 100)}")
