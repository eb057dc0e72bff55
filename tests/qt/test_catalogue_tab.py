"""The Catalogue tab: filter, select, edit and save, each validation message, retire."""

from __future__ import annotations

from PySide6.QtCore import Qt

from recovery_desk.domain.service import catalogue_service
from recovery_desk.item_models.group_table_model import GroupTableModel
from recovery_desk.views.catalogue.catalogue_tab import CatalogueTab


def _select(tab: CatalogueTab, name: str) -> None:
    tab.filter.setText(name)
    tab.table.setCurrentIndex(tab.proxy.index(0, 0))


def test_the_item_model_passes_qt_model_tester(qtmodeltester, db, actor) -> None:
    model = GroupTableModel()
    model.set_rows(catalogue_service.list_groups(db, actor))
    qtmodeltester.check(model)


def test_typing_in_the_filter_narrows_the_list(window, qtbot) -> None:
    """Words match names, schedules and who a group is for, in any order."""
    tab = window.show_tab(CatalogueTab)
    assert tab.proxy.rowCount() == 7
    qtbot.keyClicks(tab.filter, "thursday month")
    assert tab.proxy.rowCount() == 1
    assert tab.proxy.index(0, 0).data() == "MSM Group"
    tab.filter.clear()
    qtbot.keyClicks(tab.filter, "abstinen")
    assert tab.proxy.rowCount() >= 2


def test_selecting_a_group_shows_its_details(window) -> None:
    tab = window.show_tab(CatalogueTab)
    _select(tab, "Reduced Drinking")
    text = tab.detail.toPlainText()
    for expected in ("Reduced Drinking Programme", "Mon and Wed, 11am-12.30pm", "Rolling",
                     "12 weeks", "Any week", "Keyworker referral required", "12 places",
                     "Most days of cannabis, crack or cocaine"):
        assert expected in text


def test_editing_and_saving_a_group_updates_the_list(window, db, actor) -> None:
    tab = window.show_tab(CatalogueTab)
    _select(tab, "Recovery Skills")
    editor = tab.open_editor(tab.current_group())
    editor.capacity.setText("16")
    editor.schedule.setText("Tues, Thurs 10-11.30am")
    assert editor.schedule_reading.text() == "Reads as: Tue and Thu, 10-11.30am"
    assert editor.try_save()
    tab._after_edit(editor)
    saved = next(g for g in catalogue_service.list_groups(db, actor) if g.name == "Recovery Skills")
    assert saved.capacity == 16 and saved.schedule_words == "Tue and Thu, 10-11.30am"
    assert "Tue and Thu, 10-11.30am" in tab.detail.toPlainText()


def test_each_mistake_gets_its_own_message_and_nothing_is_saved(window, db, actor) -> None:
    tab = window.show_tab(CatalogueTab)
    editor = tab.open_editor(None)
    before = catalogue_service.list_groups(db, actor)
    assert not editor.try_save()
    assert editor.message("name") == "A group needs a name."
    assert editor.message("schedule").startswith("The schedule is empty")
    editor.name.setText("MSM group")
    editor.schedule.setText("Funday 1-2pm")
    assert editor.message("schedule") == "'funday' is not a day of the week."
    editor.schedule.setText("Thursday 25-26")
    assert "there is no 26 o'clock" in editor.message("schedule")
    editor.schedule.setText("Thursday 2-3pm")
    assert editor.message("schedule") == ""
    editor.capacity.setText("0")
    editor.length_weeks.setText("twelve")
    assert not editor.try_save()
    assert editor.message("name") == "There is already a group called 'MSM group'."
    assert editor.message("capacity") == \
        "Capacity must be a whole number from 1 to 100; '0' is not."
    assert editor.message("length_weeks") == "Write a whole number of weeks, or leave it blank."
    editor.capacity.setText("101")
    assert not editor.try_save()
    assert "'101' is not" in editor.message("capacity")
    editor.capacity.setText("3.5")
    assert not editor.try_save()
    assert "'3.5' is not" in editor.message("capacity")
    assert catalogue_service.list_groups(db, actor) == before


def test_adding_a_group_with_its_policies(window, db, actor) -> None:
    """A new closed cohort shows the late-join setting with its default, and saves it."""
    tab = window.show_tab(CatalogueTab)
    editor = tab.open_editor(None)
    editor.name.setText("Family Group")
    editor.schedule.setText("every other Wednesday from 2 Dec 2026, 6-7.30pm")
    editor.format.setCurrentIndex(editor.format.findData("closed_cohort"))
    assert editor._policy_edits["late_join_sessions"].text() == "0"
    editor._policy_edits["late_join_sessions"].setText("2")
    assert editor.try_save()
    tab._after_edit(editor)
    saved = next(g for g in catalogue_service.list_groups(db, actor) if g.name == "Family Group")
    assert saved.settings()["late_join_sessions"] == 2
    assert tab.current_group().name == "Family Group"
    assert tab.count.text() == "8 groups"


def test_retiring_asks_first_then_keeps_the_group_marked_retired(window, answers) -> None:
    tab = window.show_tab(CatalogueTab)
    _select(tab, "Abstinent Emotions")
    answers["confirm"] = False
    tab.retire_button.click()
    assert tab.current_group().active
    answers["confirm"] = True
    tab.retire_button.click()
    assert "history" in answers["asked"][-1]
    assert not tab.current_group().active
    assert "Retired" in tab.detail.toPlainText()
    assert tab.retire_button.text() == "Re&store"
    tab.show_retired.setChecked(False)
    tab.filter.clear()
    assert tab.proxy.rowCount() == 6


def test_every_control_has_an_accessible_name(window) -> None:
    tab = window.show_tab(CatalogueTab)
    for widget in (tab.filter, tab.table, tab.detail):
        assert widget.accessibleName()
    editor = tab.open_editor(None)
    from PySide6.QtWidgets import QComboBox, QLineEdit, QPlainTextEdit

    fields = [f for kind in (QLineEdit, QComboBox, QPlainTextEdit)
              for f in editor.findChildren(kind) if not isinstance(f.parent(), QComboBox)]
    assert len(fields) >= 12
    for field in fields:
        assert field.accessibleName(), field.objectName()


def test_double_click_is_not_the_only_way_to_edit(window, qtbot) -> None:
    """The Edit button takes keyboard focus and has a mnemonic."""
    tab = window.show_tab(CatalogueTab)
    assert tab.edit_button.focusPolicy() & Qt.FocusPolicy.TabFocus
    assert "&" in tab.edit_button.text()
