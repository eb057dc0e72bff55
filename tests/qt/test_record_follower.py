"""Following the open record: a change at another desk reopens a clean form, and leaves an
unsaved one as it is with a notice saying what happened."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from PySide6.QtWidgets import QWidget

from recovery_desk.domain.people import intake_service as intake
from recovery_desk.views.intake.record_follower import RecordFollower


def _follower(qtbot, context, dirty: bool, reopened: list[int]
              ) -> tuple[RecordFollower, QWidget]:
    """The follower and the form it sits on (kept, or the notice goes with it)."""
    form = QWidget()
    qtbot.addWidget(form)
    form.show()
    return RecordFollower(context, form, lambda: dirty, reopened.append), form


def _changed_elsewhere(db, actor, person: int) -> None:
    details, _ = intake.open_person(db, actor, person)
    intake.save_intake(db, actor, replace(details, phone="020 7946 0999"), [],
                       date(2026, 11, 27))


def test_a_clean_form_is_reopened_when_the_record_changes(
        qtbot, context, db, actor, booked) -> None:
    """Nothing changed: nothing said. Changed elsewhere: the form is reopened and told why."""
    _, (alex, _sam, _dani) = booked
    reopened: list[int] = []
    follower, _form = _follower(qtbot, context, False, reopened)
    follower.follow(alex)
    assert follower.check("Alex") is None
    _changed_elsewhere(db, actor, alex)
    assert follower.check("Alex") == ("Alex's record was changed at another desk; showing it "
                                      "as saved now.")
    assert reopened == [alex] and not follower.notice.isVisible()


def test_an_unsaved_form_is_kept_and_the_notice_shown(
        qtbot, context, db, actor, booked) -> None:
    """Unsaved changes stay; the notice says the record changed and what saving will do."""
    _, (alex, _sam, _dani) = booked
    reopened: list[int] = []
    follower, _form = _follower(qtbot, context, True, reopened)
    follower.follow(alex)
    _changed_elsewhere(db, actor, alex)
    said = follower.check("Alex")
    assert reopened == []
    assert follower.notice.isVisible() and follower.notice.text() == said
    assert said is not None and said.startswith("Another desk has changed Alex's record")
    follower.follow(alex)  # saved or opened again: the notice goes
    assert not follower.notice.isVisible()
