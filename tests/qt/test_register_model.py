"""The register's item model, fed RegisterRow made by hand (no database): Qt's model checks,
a checkable cell per mark, the note on each row, and the summary in English counts."""

from __future__ import annotations

from PySide6.QtCore import Qt

from recovery_desk.item_models.register_model import (
    APOLOGIES,
    ATTENDED,
    DID_NOT_ATTEND,
    LATE,
    NAME,
    NOTE,
    RegisterModel,
)
from recovery_desk.rows.places import RegisterRow
from recovery_desk.vocabulary import AttendanceMark

ROWS = [RegisterRow(1, "Alex Example", AttendanceMark.ATTENDED, corrected=False),
        RegisterRow(2, "Sam Sample", AttendanceMark.LATE, corrected=True),
        RegisterRow(3, "Jo Placeholder", None, corrected=False)]
CHECKED, UNCHECKED = Qt.CheckState.Checked, Qt.CheckState.Unchecked


def _model() -> RegisterModel:
    model = RegisterModel()
    model.set_rows(ROWS)
    return model


def _checks(model: RegisterModel, row: int) -> list[Qt.CheckState]:
    return [model.index(row, column).data(Qt.ItemDataRole.CheckStateRole)
            for column in (ATTENDED, LATE, APOLOGIES, DID_NOT_ATTEND)]


def test_the_register_model_passes_qt_model_tester(qtmodeltester) -> None:
    """Plain rows make a model Qt's own checks accept."""
    qtmodeltester.check(_model())


def test_each_row_shows_its_mark_checked_and_a_note() -> None:
    """The saved mark's cell checked; 'Corrected' when it replaced one, 'Not marked' when none."""
    model = _model()
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(6)] == [
        "Name", "Attended", "Late", "Apologies", "Did not attend", "Note"]
    assert [model.index(r, NAME).data() for r in range(3)] == \
        ["Alex Example", "Sam Sample", "Jo Placeholder"]
    assert _checks(model, 0) == [CHECKED, UNCHECKED, UNCHECKED, UNCHECKED]
    assert _checks(model, 2) == [UNCHECKED] * 4
    assert [model.index(r, NOTE).data() for r in range(3)] == ["Saved", "Corrected", "Not marked"]
    assert model.unmarked() == ["Jo Placeholder"]


def test_checking_a_cell_marks_the_row_and_unchecking_clears_nothing() -> None:
    """A click or Space checks the cell (setData): the row takes that mark, and only marks
    that differ from the saved ones are handed back to be saved."""
    model = _model()
    assert model.setData(model.index(1, DID_NOT_ATTEND), CHECKED.value,
                         Qt.ItemDataRole.CheckStateRole)
    assert model.setData(model.index(2, APOLOGIES), CHECKED, Qt.ItemDataRole.CheckStateRole)
    assert model.setData(model.index(0, ATTENDED), UNCHECKED, Qt.ItemDataRole.CheckStateRole)
    assert not model.setData(model.index(0, NAME), CHECKED, Qt.ItemDataRole.CheckStateRole)
    assert model.changed_marks() == {2: AttendanceMark.DID_NOT_ATTEND,
                                     3: AttendanceMark.APOLOGIES}
    assert _checks(model, 1) == [UNCHECKED, UNCHECKED, UNCHECKED, CHECKED]
    assert model.index(1, NOTE).data() == "Not saved yet"
    assert model.unmarked() == []


def test_the_summary_counts_in_english() -> None:
    """'1 apology', '2 apologies'; marks not given are left out; none at all says so."""
    model = _model()
    assert model.summary() == "1 attended, 1 late"
    model.set_mark(2, AttendanceMark.APOLOGIES)
    assert model.summary() == "1 attended, 1 late, 1 apology"
    model.set_mark(0, AttendanceMark.APOLOGIES)
    assert model.summary() == "1 late, 2 apologies"
    model.set_rows([RegisterRow(9, "Nobody Yet", None, corrected=False)])
    assert model.summary() == "nobody marked"
    assert model.mark_everyone_unmarked(AttendanceMark.ATTENDED) == 1
    assert model.summary() == "1 attended"
