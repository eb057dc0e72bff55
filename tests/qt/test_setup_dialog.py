"""Setting up texts and emails in the window, as a manager: base URL, a template per kind, the
key typed into a password field (stored, never shown again, never in the audit) and the
reminder hour; a wrong template id is named beside the field and nothing is lost; the dialog
fits 1024x700 at 100% and 150%."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit
from sqlalchemy import select

from recovery_desk import config
from recovery_desk.domain.messages import notify_setup
from recovery_desk.domain.service import service_settings
from recovery_desk.domain.store.models import AuditEvent
from recovery_desk.views.messages.setup_dialog import KEY_STORED, NO_KEY, SetupDialog
from recovery_desk.vocabulary import MessageKind
from tests.notify_stand_in import API_KEY, SECRET
from tests.qt.screens import TextScale, cut_text, save

TEMPLATE = "f33517ff-2a88-4f6e-b855-c550268ce001"


@pytest.fixture
def key_file(tmp_path: Path, monkeypatch) -> Path:
    """The key's file, in the test's own folder."""
    path = tmp_path / "notify-api-key"
    monkeypatch.setattr(config, "notify_key_file", lambda: path)
    return path


def _dialog(qtbot, context) -> SetupDialog:
    dialog = SetupDialog(None, context)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_manager_sets_up_notify_and_the_key_is_never_shown_again(
        qtbot, db, actor, context, key_file, answers) -> None:
    """URL, reminder template and key typed, hour set to 9, Save clicked: all stored, the key
    in its file only (not in the audit), and the field is a password field left empty."""
    dialog = _dialog(qtbot, context)
    assert dialog.key_state.text() == NO_KEY
    assert dialog.api_key.echoMode() is QLineEdit.EchoMode.Password
    dialog.base_url.clear()
    qtbot.keyClicks(dialog.base_url, "http://127.0.0.1:9")
    qtbot.keyClicks(dialog.templates[MessageKind.REMINDER], TEMPLATE)
    qtbot.keyClicks(dialog.api_key, API_KEY)
    dialog.hour.setValue(9)
    qtbot.mouseClick(dialog.buttons.button(dialog.buttons.StandardButton.Save),
                     Qt.MouseButton.LeftButton)
    assert answers["errors"] == []
    assert not dialog.isVisible() and dialog.api_key.text() == ""
    settings = notify_setup.notify_settings(db, actor)
    assert (settings.base_url, settings.templates) == ("http://127.0.0.1:9",
                                                       {MessageKind.REMINDER: TEMPLATE})
    assert notify_setup.read_key(key_file) == API_KEY
    assert service_settings.read(db)["reminder_hour"] == 9
    with db.reading() as tx:
        audit = " ".join(str(row.detail) for row in tx.scalars(select(AuditEvent)))
    assert SECRET not in audit
    assert _dialog(qtbot, context).key_state.text() == KEY_STORED


def test_a_wrong_template_id_is_named_beside_it_and_nothing_is_lost(
        qtbot, db, actor, context, key_file, answers) -> None:
    """A template id that is not Notify's: the message under the first template, what was
    typed kept, nothing stored."""
    dialog = _dialog(qtbot, context)
    qtbot.keyClicks(dialog.templates[MessageKind.BOOKED], "not-an-id")
    qtbot.keyClicks(dialog.api_key, API_KEY)
    assert not dialog.save()
    assert "booked template id is not one of Notify's ids" in dialog.messages["templates"].message
    assert dialog.templates[MessageKind.BOOKED].text() == "not-an-id"
    assert dialog.api_key.text() == API_KEY and dialog.isVisible()
    assert not key_file.exists()


@pytest.mark.parametrize("scale", [1.0, 1.5], ids=["100%", "150%"])
def test_the_setup_dialog_fits_a_small_screen(qtbot, context, key_file, answers, scale,
                                              tmp_path) -> None:
    """With a problem shown: at its own size, inside 1024x700, nothing cut."""
    folder = Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))
    with TextScale(scale):
        dialog = _dialog(qtbot, context)
        dialog.templates[MessageKind.OFFER].setText("nope")
        dialog.save()
        dialog.adjustSize()
        QApplication.processEvents()
        assert dialog.width() <= 1024 and dialog.height() <= 700
        save(dialog, folder, f"messages-setup-{int(scale * 100)}")
        assert cut_text(dialog) == []
