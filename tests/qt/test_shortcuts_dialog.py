"""The keyboard shortcuts list: sections with their headings in bold, read-only, and the
window's keys read from its own menus."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow

from recovery_desk.views.shell.shortcuts_dialog import EVERYWHERE, ShortcutsDialog, window_keys


def test_sections_list_their_keys_under_a_bold_heading(shown) -> None:
    """Each section is a bold heading row, then its keys; nothing in it can be edited."""
    dialog = shown(ShortcutsDialog(None, [("Everywhere", list(EVERYWHERE)),
                                          ("Timetable", [("Enter", "Open the register")])]))
    rows = dialog.rows()
    assert rows[0] == ("Everywhere", "")
    assert rows[1:len(EVERYWHERE) + 1] == list(EVERYWHERE)
    assert rows[-2:] == [("Timetable", ""), ("Enter", "Open the register")]
    assert dialog.table.item(0, 0).font().bold()
    assert not dialog.table.item(1, 0).font().bold()
    assert dialog.table.editTriggers() == dialog.table.EditTrigger.NoEditTriggers


def test_the_windows_keys_come_from_its_tabs_and_menus(qtbot) -> None:
    """Ctrl+number per tab shown; each visible menu action with a shortcut, without its '&'."""
    window = QMainWindow()
    qtbot.addWidget(window)
    menu = window.menuBar().addMenu("&File")
    menu.addAction("&Print the week…").setShortcut(QKeySequence("Ctrl+P"))
    menu.addAction("No key")
    hidden = menu.addAction("Hidden")
    hidden.setShortcut(QKeySequence("Ctrl+H"))
    hidden.setVisible(False)
    assert window_keys(window, ["Timetable", "", "Reports"]) == [
        ("Ctrl+1", "Show the Timetable tab"), ("Ctrl+3", "Show the Reports tab"),
        ("Ctrl+P", "File > Print the week")]
