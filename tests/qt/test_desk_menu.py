"""Help > Keyboard shortcuts (F1) lists the keys the desk really answers to, for the role
signed in; Help > About says which copy this is and where its files are."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog

from recovery_desk.domain.store.actor import Actor
from recovery_desk.views.frame.context import DeskContext
from recovery_desk.views.shell import shortcuts_dialog
from recovery_desk.views.shell.main_window import MainWindow
from recovery_desk.vocabulary import StaffRole


def _listed(qtbot, window: MainWindow, monkeypatch) -> list[tuple[str, str]]:
    shown: list[shortcuts_dialog.ShortcutsDialog] = []
    monkeypatch.setattr(shortcuts_dialog.ShortcutsDialog, "exec",
                        lambda dialog: shown.append(dialog) or QDialog.DialogCode.Rejected)
    window.desk_menu.shortcuts.trigger()
    assert len(shown) == 1
    qtbot.addWidget(shown[0])
    return shown[0].rows()


def test_f1_opens_the_list(window) -> None:
    assert window.desk_menu.shortcuts.shortcut() == QKeySequence("F1")


def test_the_list_names_every_tab_key_and_menu_shortcut(qtbot, window, monkeypatch) -> None:
    rows = _listed(qtbot, window, monkeypatch)
    assert ("Ctrl+1", "Show the Today tab") in rows
    assert ("Ctrl+2", "Show the Timetable tab") in rows
    assert ("Ctrl+6", "Show the Reports tab") in rows
    assert ("Ctrl+F", "Desk > Find a person") in rows
    assert ("Ctrl+L", "Desk > Lock now") in rows
    assert ("F1", "Help > Keyboard shortcuts") in rows
    assert ("Alt+Left", "Show the week before") in rows
    assert ("Alt+Down", "Open the calendar of a date box (Left and Right move between its "
            "parts)") in rows


def test_the_listed_timetable_keys_are_the_ones_it_answers_to(window) -> None:
    from PySide6.QtGui import QShortcut

    from recovery_desk.views.timetable.timetable_tab import SHORTCUTS, TimetableTab

    tab = window.show_tab(TimetableTab)
    made = sorted(s.key().toString() for s in tab.findChildren(QShortcut))
    assert made == sorted(keys for keys, _ in SHORTCUTS)


def test_reception_is_not_told_of_tabs_it_cannot_see(qtbot, db, actor, answers,
                                                     monkeypatch) -> None:
    reception = Actor(actor.staff_id, "Jo", StaffRole.RECEPTION)
    window = MainWindow(DeskContext(db, reception, location="test"))
    qtbot.addWidget(window)
    rows = _listed(qtbot, window, monkeypatch)
    assert not any(what == "Show the Reports tab" for _, what in rows)
    assert not any("Back up" in what for _, what in rows)
    assert ("Ctrl+1", "Show the Today tab") in rows
    assert ("Ctrl+F", "Desk > Find a person") in rows


def test_about_names_the_version_and_the_database(window, monkeypatch) -> None:
    from recovery_desk import __version__
    from recovery_desk.views.widgets import dialogs
    said: list[str] = []
    monkeypatch.setattr(dialogs, "show_info", lambda parent, title, text: said.append(text))
    window.desk_menu.about.trigger()
    assert said[0].startswith(f"Recovery Desk {__version__}\n\nDatabase: ")
    assert "Signed in as" in said[0]
