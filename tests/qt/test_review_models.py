"""The cohort review's item models, fed rows made by hand (no database): Qt's model checks for
each, and the words and sort keys of their columns."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from recovery_desk.item_models.review_models import (
    ROW_ROLE,
    AttendanceModel,
    GroupReviewModel,
    MemberModel,
    RowTableModel,
    WaitingModel,
)
from recovery_desk.rows.people import AttendanceLine
from recovery_desk.rows.places import FINISHING_WEEKS, GroupReview, MemberRow, WaitingRow
from recovery_desk.vocabulary import AttendanceMark, WaitingStatus

MONDAY = date(2026, 11, 30)
REVIEWS = [
    GroupReview(1, "Rolling Recovery", capacity=12, active=9, free=3, waiting=0, offers=1,
                finishing=2, next_cohort=None, occupancy=[(MONDAY, 9)], closed_cohort=False,
                joinable=True),
    GroupReview(2, "Closed Cohort", capacity=10, active=10, free=0, waiting=4, offers=0,
                finishing=0, next_cohort=date(2027, 1, 4), occupancy=[], closed_cohort=True,
                joinable=False),
    GroupReview(3, "Unopened Cohort", capacity=8, active=0, free=0, waiting=0, offers=0,
                finishing=0, next_cohort=None, occupancy=[], closed_cohort=True,
                joinable=True),
]
MEMBERS = [MemberRow(5, 50, "Alex Example", date(2026, 10, 6), None, flagged=True),
           MemberRow(6, 60, "Sam Sample", date(2026, 9, 1), date(2027, 2, 23), flagged=False)]
WAITING = [WaitingRow(7, 70, "Jo Placeholder", 1, WaitingStatus.OFFERED, date(2026, 11, 2),
                      "Offered the freed place"),
           WaitingRow(8, 80, "Lee Standin", 2, WaitingStatus.WAITING, date(2026, 11, 9), "")]
ATTENDANCE = [AttendanceLine(date(2026, 11, 24), "Rolling Recovery", AttendanceMark.LATE,
                             (AttendanceMark.DID_NOT_ATTEND,)),
              AttendanceLine(date(2026, 11, 17), "Rolling Recovery", AttendanceMark.ATTENDED,
                             ())]


def _texts(model: RowTableModel, row: int) -> list[str]:
    return [model.index(row, c).data() for c in range(model.columnCount())]


@pytest.mark.parametrize(("model", "rows"), [(GroupReviewModel, REVIEWS),
                                             (MemberModel, MEMBERS),
                                             (WaitingModel, WAITING),
                                             (AttendanceModel, ATTENDANCE)])
def test_each_review_model_passes_qt_model_tester(qtmodeltester, model, rows) -> None:
    """Plain rows make each model Qt's own checks accept, and hand back the row given."""
    made = model()
    made.set_rows(rows)
    qtmodeltester.check(made)
    assert made.index(1, 0).data(ROW_ROLE) is rows[1]


def test_the_group_review_says_free_places_and_the_next_cohort_in_words() -> None:
    """Offers beside free places; why a group has none to book; a cohort's date or none."""
    model = GroupReviewModel()
    model.set_rows(REVIEWS)
    assert model.headerData(5, Qt.Orientation.Horizontal) == \
        f"Finishing in {FINISHING_WEEKS} weeks"
    assert _texts(model, 0) == ["Rolling Recovery", "12", "9", "3 (1 offered)", "0", "2",
                                "Not a closed group"]
    assert _texts(model, 1)[3:] == ["0 (no cohort open)", "4", "0", "Mon 4 Jan 2027"]
    assert _texts(model, 2)[6] == "None opened"


def test_members_and_the_waiting_list_in_words_with_sort_keys() -> None:
    """Dates in words, sorted by ISO date; no end date sorts last; the flag in words."""
    members = MemberModel()
    members.set_rows(MEMBERS)
    assert _texts(members, 0) == ["Alex Example", "Tue 6 Oct 2026", "no end date",
                                  "Flagged: missed sessions"]
    assert members.index(0, 2).data(Qt.ItemDataRole.EditRole) == "9999"
    assert members.index(1, 2).data(Qt.ItemDataRole.EditRole) == "2027-02-23"
    waiting = WaitingModel()
    waiting.set_rows(WAITING)
    assert _texts(waiting, 0) == ["1", "Jo Placeholder", "Offered", "Mon 2 Nov 2026",
                                  "Offered the freed place"]


def test_attendance_shows_what_a_corrected_mark_replaced() -> None:
    """A corrected mark lists the marks it replaced, oldest first; others show none."""
    model = AttendanceModel()
    model.set_rows(ATTENDANCE)
    assert _texts(model, 0) == ["Tue 24 Nov 2026", "Rolling Recovery", "Late",
                                "Did not attend"]
    assert _texts(model, 1)[3] == ""
