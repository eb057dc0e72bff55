"""The register's item model, fed RegisterRow made by hand (no database): Qt's model checks,
the words for each mark, and which marks are new."""

from __future__ import annotations

from recovery_desk.item_models.register_model import MARK, NAME, RegisterModel
from recovery_desk.rows.places import RegisterRow
from recovery_desk.vocabulary import AttendanceMark

ROWS = [RegisterRow(1, "Alex Example", AttendanceMark.ATTENDED, corrected=False),
        RegisterRow(2, "Sam Sample", AttendanceMark.LATE, corrected=True),
        RegisterRow(3, "Jo Placeholder", None, corrected=False)]


def _model() -> RegisterModel:
    model = RegisterModel()
    model.set_rows(ROWS)
    return model


def test_the_register_model_passes_qt_model_tester(qtmodeltester) -> None:
    """Plain rows make a model Qt's own checks accept."""
    qtmodeltester.check(_model())


def test_each_row_says_its_mark_and_whether_it_was_corrected() -> None:
    """A saved mark in words, '(corrected)' when it replaced one, 'Not marked' when none."""
    model = _model()
    assert [model.index(r, NAME).data() for r in range(3)] == \
        ["Alex Example", "Sam Sample", "Jo Placeholder"]
    assert [model.index(r, MARK).data() for r in range(3)] == \
        ["Attended", "Late (corrected)", "Not marked"]
    assert model.unmarked() == ["Jo Placeholder"]


def test_a_mark_set_here_is_changed_until_saved() -> None:
    """Only marks that differ from the saved ones are handed back to be saved."""
    model = _model()
    model.set_mark(0, AttendanceMark.ATTENDED)
    model.set_mark(1, AttendanceMark.DID_NOT_ATTEND)
    model.set_mark(2, AttendanceMark.APOLOGIES)
    assert model.changed_marks() == {2: AttendanceMark.DID_NOT_ATTEND,
                                     3: AttendanceMark.APOLOGIES}
    assert model.index(1, MARK).data() == "Did not attend (changed, not saved)"
    assert model.unmarked() == []
