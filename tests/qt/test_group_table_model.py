"""The catalogue's item model, fed GroupDetails made by hand (no database): Qt's model checks,
each group's row in words, and retired groups marked."""

from __future__ import annotations

from datetime import time

from PySide6.QtCore import Qt

from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.item_models.group_table_model import (
    CAPACITY,
    GROUP_ROLE,
    SEARCH_ROLE,
    GroupTableModel,
)
from recovery_desk.schedule.rules import Frequency, Rule
from recovery_desk.vocabulary import GroupFormat, Joining

TUESDAY = Rule(Frequency.WEEKLY, (1,), start=time(10), end=time(12))
GROUPS = [
    GroupDetails("Rolling Recovery", TUESDAY, GroupFormat.ROLLING, Joining.ANY_WEEK, False,
                 capacity=12, who_for="Anyone in treatment", id=1),
    GroupDetails("New Group", Rule(Frequency.UNKNOWN), GroupFormat.OPEN, Joining.NOT_STATED,
                 True, name_to_be_confirmed=True, active=False, id=2),
]


def _model() -> GroupTableModel:
    model = GroupTableModel()
    model.set_rows(GROUPS)
    return model


def test_the_group_table_model_passes_qt_model_tester(qtmodeltester) -> None:
    """Plain details make a model Qt's own checks accept."""
    qtmodeltester.check(_model())


def test_each_group_is_a_row_in_words() -> None:
    """Name, when, format, capacity and status; a name to be confirmed says so."""
    model = _model()
    assert [model.index(0, c).data() for c in range(5)] == \
        ["Rolling Recovery", "Tuesday, 10am-12pm", "Rolling", "12", "Active"]
    assert model.index(1, 0).data() == "New Group (name to be confirmed)"
    assert model.index(1, 4).data() == "Retired"
    assert model.index(0, CAPACITY).data(Qt.ItemDataRole.EditRole) == 12
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "Anyone in treatment"
    assert model.index(1, 0).data(GROUP_ROLE) is GROUPS[1]
    assert model.row_of(2) == 1 and model.row_of(99) is None


def test_retired_groups_are_italic_and_search_reads_every_word() -> None:
    """Retired rows are in italics; the search text holds who the group is for."""
    model = _model()
    assert model.index(1, 0).data(Qt.ItemDataRole.FontRole).italic()
    assert model.index(0, 0).data(Qt.ItemDataRole.FontRole) is None
    assert "anyone in treatment" in model.index(0, 0).data(SEARCH_ROLE)
