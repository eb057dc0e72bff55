"""The import wizard (Desk > Import from a spreadsheet) and Desk > Export everything, used as a
manager by mouse and keyboard; both fit a small screen at 100% and 150%."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWizard

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.domain.store.actor import Actor
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.manager import import_wizard
from recovery_desk.views.shell.main_window import MainWindow
from recovery_desk.views.widgets import dialogs
from recovery_desk.vocabulary import StaffRole
from tests.qt.keyboard import clashes
from tests.qt.screens import SCALE_IDS, SCALES, SMALL_SCREEN, TextScale, cut_text, save
from tests.qt.waiting_people import press_alt

PEOPLE = ("\ufeffForename;Surname;DOB;NHS No;Mobile;Consent to store;Notes\r\n"
          "Siân;O'Brien;3 Dec 1985;943 476 5919;07911 123456;yes;prefers mornings\r\n"
          "Ann;Lee;14/02/1988;943 476 5918;;yes;\r\n"
          "Bo;Stone;31/02/1980;;;yes;\r\n"
          "Siân;O'Brien;03/12/1985;;;yes;\r\n"
          "Cara;Day;1/1/1981;;;no;\r\n")


@pytest.fixture
def people_file(tmp_path, monkeypatch) -> Path:
    path = tmp_path / "people.csv"
    path.write_text(PEOPLE, encoding="utf-8")
    monkeypatch.setattr(dialogs, "choose_open_path", lambda parent, title, kinds: str(path))
    return path


def _wizard(qtbot, context) -> import_wizard.ImportWizard:
    wizard = import_wizard.ImportWizard(None, context)
    qtbot.addWidget(wizard)
    wizard.show()
    return wizard


def _next(qtbot, wizard) -> None:
    qtbot.mouseClick(wizard.button(QWizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def test_a_manager_imports_people_page_by_page(qtbot, context, answers, people_file,
                                               db, actor) -> None:
    """Choose the file, keep the guessed columns, see each row's outcome, import, undo."""
    wizard = _wizard(qtbot, context)
    qtbot.mouseClick(wizard.file_page.choose, Qt.MouseButton.LeftButton)
    assert wizard.file_page.read.text() == "5 rows under 7 columns."
    _next(qtbot, wizard)
    boxes = wizard.columns_page.boxes
    assert (boxes["given_name"].currentText(), boxes["phone"].currentText(),
            boxes["postcode"].currentText()) == ("Forename", "Mobile", "(not in the file)")
    _next(qtbot, wizard)
    page = wizard.outcome_page
    assert page.summary.text().startswith("5 rows: 1 imported, 1 already here, 3 refused.")
    table = [[page.table.item(r, c).text() for c in range(3)]
             for r in range(page.table.rowCount())]
    assert table[0] == ["2", "imported", ""]
    assert table[2][:2] == ["4", "refused"] and "is not a date" in table[2][2]
    assert intake.search_people(db, actor, "o'brien") == []  # the check wrote nothing
    assert wizard.button(QWizard.WizardButton.NextButton).text() == "&Import"
    _next(qtbot, wizard)
    assert wizard.done_page.said.text().startswith("5 rows: 1 imported, 1 already here")
    assert [p.name for p in intake.search_people(db, actor, "o'brien")] == ["Siân O'Brien"]
    qtbot.mouseClick(wizard.done_page.undo, Qt.MouseButton.LeftButton)
    assert wizard.done_page.said.text() == "Taken out again: 1 record removed."
    assert intake.search_people(db, actor, "o'brien") == []


def test_the_wizard_by_keyboard_and_a_missing_column(qtbot, context, answers, people_file,
                                                     db, actor) -> None:
    """Alt+H chooses the file; a needed field left unmatched is named, and nothing moves on."""
    wizard = _wizard(qtbot, context)
    wizard.file_page.kind.setFocus()
    qtbot.keyClick(wizard.file_page.kind, Qt.Key.Key_Down)
    assert wizard.kind() == "referrals"
    qtbot.keyClick(wizard.file_page.kind, Qt.Key.Key_Up)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is wizard)
    press_alt(qtbot, wizard, Qt.Key.Key_H)  # the button clicks a moment later
    qtbot.waitUntil(lambda: wizard.file_page.path.text() == str(people_file))
    assert clashes(wizard) == {}
    qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.columns_page
    wizard.columns_page.boxes["consent_to_store"].setCurrentIndex(0)
    qtbot.keyClick(wizard.focusWidget(), Qt.Key.Key_Return)
    assert wizard.currentPage() is wizard.columns_page
    assert answers["errors"] == ["No column is matched to: Consent to store."]


def test_a_file_that_cannot_be_read_is_said(qtbot, context, answers, tmp_path,
                                            monkeypatch) -> None:
    """A file that is not UTF-8 text: the reason, and Next stays off."""
    path = tmp_path / "old.csv"
    path.write_bytes("Forename\nJos\xe9\n".encode("latin-1"))
    monkeypatch.setattr(dialogs, "choose_open_path", lambda parent, title, kinds: str(path))
    wizard = _wizard(qtbot, context)
    qtbot.mouseClick(wizard.file_page.choose, Qt.MouseButton.LeftButton)
    assert "is not UTF-8 text" in answers["errors"][0]
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()


def test_only_a_manager_sees_import_and_export(qtbot, db, actor, answers) -> None:
    """Desk > Import and Export everything are for managers."""
    for role, shown in ((StaffRole.MANAGER, True), (StaffRole.KEYWORKER, False),
                        (StaffRole.RECEPTION, False)):
        window = MainWindow(DeskContext(db, Actor(actor.staff_id, "Jo", role),
                                        location="test"))
        qtbot.addWidget(window)
        assert window.desk_menu.import_.isVisible() is shown
        assert window.desk_menu.export_all.isVisible() is shown


def test_export_everything_from_the_menu(qtbot, window, answers, tmp_path,
                                         monkeypatch) -> None:
    """The confirmation says the files are readable data; the new folder is owner-only."""
    monkeypatch.setattr(dialogs, "choose_folder", lambda parent, title: str(tmp_path))
    window.desk_menu.export_all.trigger()
    folder = tmp_path / "recovery-desk-export-2026-11-27"
    assert "an encrypted database's export writes readable data" in answers["asked"][0]
    assert answers["saved"][0].startswith("Saved ") and str(folder) in answers["saved"][0]
    assert (folder / "README.txt").exists()
    assert {os.stat(p).st_mode & 0o777 for p in folder.iterdir()} == {0o600}


@pytest.mark.parametrize("scale", SCALES, ids=SCALE_IDS)
def test_the_wizard_fits_a_small_screen(qtbot, context, answers, people_file, scale,
                                        tmp_path) -> None:
    """Each page at the wizard's own size, within 1024x700, nothing cut."""
    folder = Path(os.environ.get("RECOVERY_DESK_SCREENSHOTS", tmp_path))
    with TextScale(scale):
        wizard = _wizard(qtbot, context)
        qtbot.mouseClick(wizard.file_page.choose, Qt.MouseButton.LeftButton)
        for name in ("file", "columns", "outcome"):
            QApplication.processEvents()
            assert wizard.width() <= SMALL_SCREEN[0] and wizard.height() <= SMALL_SCREEN[1]
            save(wizard, folder, f"import-{name}-{int(scale * 100)}")
            assert cut_text(wizard) == [], name
            if name != "outcome":
                _next(qtbot, wizard)
