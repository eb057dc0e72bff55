"""The tab bar's slots: each tab is named without importing it, and its slot says what the desk
is waiting for until the tab is first needed, then builds it once."""

from __future__ import annotations

from recovery_desk.views.shell.tab_slots import OPENING, TABS, TabSlot
from recovery_desk.views.timetable.today_tab import TodayTab


def test_each_spec_names_the_tab_it_loads() -> None:
    """Every spec loads a class of the name and module it gives, and says so of that class."""
    for spec in TABS:
        kind = spec.load()
        assert kind.__name__ == spec.name and spec.describes(kind)
    assert [spec.title for spec in TABS] == [
        "Today", "Timetable", "Catalogue", "Referral intake", "Cohort review", "Reports"]


def test_a_slot_waits_then_builds_its_tab_once(qtbot, context) -> None:
    """Before it is needed the slot shows the waiting line; building twice gives one tab."""
    slot = TabSlot(TABS[0])
    qtbot.addWidget(slot)
    slot.show()
    assert slot.tab is None and slot.waiting.text() == OPENING
    first = slot.build(context)
    assert isinstance(first, TodayTab) and slot.build(context) is first
    assert not slot.waiting.isVisible()
