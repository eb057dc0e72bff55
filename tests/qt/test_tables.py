"""The shared searchable table: typing in its filter box narrows the rows, any column counts."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt

from recovery_desk.item_models.review_models import RowTableModel
from recovery_desk.views.widgets.tables import filter_box, filtered_table


@dataclass(frozen=True)
class Line:
    name: str
    group: str


class LineModel(RowTableModel[Line]):
    columns = (("Name", lambda r: r.name, lambda r: r.name),
               ("Group", lambda r: r.group, lambda r: r.group))


def test_typing_in_the_filter_box_narrows_the_rows(qtbot) -> None:
    """'msm' (any case) keeps the rows that mention it in any column, sorted by the first."""
    model = LineModel()
    model.set_rows([Line("Sam", "Reduced Drinking"), Line("Dani", "MSM Group"),
                    Line("Alex", "MSM Group")])
    box = filter_box("Find a person")
    table = filtered_table(model, "People", box)
    model.setParent(table)  # as a dialog owns its model
    qtbot.addWidget(table)
    qtbot.addWidget(box)
    proxy = table.model()
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Alex", "Dani", "Sam"]
    qtbot.keyClicks(box, "msm")
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Alex", "Dani"]
    assert table.accessibleName() == "People" and box.accessibleName() == "Find a person"
    assert not table.tabKeyNavigation()  # Tab leaves the table
    assert table.editTriggers() == table.EditTrigger.NoEditTriggers
    table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == ["Dani", "Alex"]
