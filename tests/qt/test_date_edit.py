"""The date picker that Tab leaves at once, showing dates the British way."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from recovery_desk.views.widgets.date_edit import DateEdit


def test_tab_leaves_the_picker_and_up_changes_the_day(qtbot) -> None:
    """Up moves the day on; Tab goes to the next field, not to the month."""
    form = QWidget()
    layout = QVBoxLayout(form)
    picker = DateEdit("From", date(2026, 11, 27))
    after = QLineEdit()
    layout.addWidget(picker)
    layout.addWidget(after)
    qtbot.addWidget(form)
    form.show()
    form.activateWindow()
    picker.setFocus(Qt.FocusReason.TabFocusReason)
    QApplication.processEvents()
    assert picker.text() == "Fri 27 Nov 2026" and picker.accessibleName() == "From"
    qtbot.keyClick(picker, Qt.Key.Key_Home)  # the cursor on the day part
    qtbot.keyClick(picker, Qt.Key.Key_Right)
    qtbot.keyClick(picker, Qt.Key.Key_Right)
    qtbot.keyClick(picker, Qt.Key.Key_Right)
    qtbot.keyClick(picker, Qt.Key.Key_Right)
    qtbot.keyClick(picker, Qt.Key.Key_Right)
    qtbot.keyClick(picker, Qt.Key.Key_Up)
    assert picker.day() == date(2026, 11, 28)
    qtbot.keyClick(picker, Qt.Key.Key_Tab)
    assert after.hasFocus()
