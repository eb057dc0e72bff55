"""The intake tab's eligibility table: the reasons for the chosen group under the table, by
keyboard and by mouse, and no column of reasons squeezed beside it."""

from __future__ import annotations

from PySide6.QtCore import Qt

from recovery_desk.item_models.eligibility_model import GROUP, REASONS
from recovery_desk.views.intake.eligibility_table import NONE_CHOSEN, reasons_text
from recovery_desk.views.intake.intake_tab import IntakeTab
from tests.qt.test_intake_tab import fill_person


def _row_of(tab: IntakeTab, group: str) -> int:
    return next(i for i, r in enumerate(tab.model.rows()) if r.group == group)


def test_the_chosen_groups_reasons_show_under_the_table(qtbot, context, shown, answers,
                                                        keyworker_id) -> None:
    """Arrow keys or a click choose a group; its reasons read in full under the table, and
    stay as the form changes."""
    tab = shown(IntakeTab(context))
    assert tab.reasons.text() == ""  # no groups worked out yet
    fill_person(qtbot, tab)
    tab.refresh_panel()
    assert tab.reasons.text() == NONE_CHOSEN
    assert tab.table.isColumnHidden(REASONS) and tab.reasons.isVisible()
    tab.table.setFocus()
    qtbot.keyClick(tab.table, Qt.Key.Key_Down)
    first = tab.model.rows()[tab.table.currentIndex().row()]
    assert tab.reasons.text() == reasons_text(first)
    msm = tab.model.rows()[_row_of(tab, "MSM Group")]
    assert msm.reasons  # needs review, and says why
    rect = tab.table.visualRect(tab.model.index(_row_of(tab, "MSM Group"), GROUP))
    qtbot.mouseClick(tab.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.reasons.text().startswith("Why, for MSM Group:\n• ")
    assert all(f"• {reason}" in tab.reasons.text() for reason in msm.reasons)
    qtbot.keyClicks(tab.form.postcode, "x")
    tab.refresh_panel()  # worked out again as the form changes: the group stays chosen
    assert tab.model.rows()[tab.table.currentIndex().row()].group == "MSM Group"
    assert tab.reasons.text().startswith("Why, for MSM Group:\n• ")
    tab.table.setCurrentIndex(tab.model.index(-1, 0))
    assert tab.reasons.text() == NONE_CHOSEN
    tab.model.set_rows([])
    assert tab.reasons.text() == ""
