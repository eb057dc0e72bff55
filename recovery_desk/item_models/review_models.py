"""Plain-row table models for the cohort review: groups with their figures, a group's members,
and its waiting list. Each takes rows through set_rows(); none queries the database."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import Qt

from recovery_desk.item_models.rows_model import Index, Row, RowsModel
from recovery_desk.rows.people import AttendanceLine
from recovery_desk.rows.places import FINISHING_WEEKS, GroupReview, MemberRow, WaitingRow
from recovery_desk.schedule.phrases import format_date
from recovery_desk.vocabulary import MARK_WORDS

ROW_ROLE = Qt.ItemDataRole.UserRole + 1


def _day(value: date | None, empty: str = "") -> str:
    return format_date(value) if value else empty


class RowTableModel(RowsModel[Row]):
    """Columns are (header, text of a row, sort key of a row); EditRole gives the sort key."""

    columns: ClassVar[Sequence[tuple[str, Callable[[Any], str], Callable[[Any], Any]]]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.headers = tuple(header for header, _, _ in cls.columns)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not self.valid(index):
            return None
        row = self._rows[index.row()]
        _, text, key = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return text(row)
        if role == Qt.ItemDataRole.EditRole:
            return key(row)
        if role == ROW_ROLE:
            return row
        return None


def next_cohort_words(review: GroupReview) -> str:
    """One wording for every group: a date, none opened, or not a closed group."""
    if not review.closed_cohort:
        return "Not a closed group"
    return _day(review.next_cohort, "None opened")


def free_words(review: GroupReview) -> str:
    if not review.joinable:
        return "0 (no cohort open)" if review.closed_cohort else "0 (no dated sessions)"
    return str(review.free) + (f" ({review.offers} offered)" if review.offers else "")


class GroupReviewModel(RowTableModel[GroupReview]):
    columns = (
        ("Group", lambda r: r.group, lambda r: r.group),
        ("Capacity", lambda r: str(r.capacity), lambda r: r.capacity),
        ("Active", lambda r: str(r.active), lambda r: r.active),
        ("Free", free_words, lambda r: r.free),
        ("Waiting", lambda r: str(r.waiting), lambda r: r.waiting),
        (f"Finishing in {FINISHING_WEEKS} weeks", lambda r: str(r.finishing),
         lambda r: r.finishing),
        ("Next cohort", next_cohort_words,
         lambda r: r.next_cohort.isoformat() if r.next_cohort else ""),
    )


class MemberModel(RowTableModel[MemberRow]):
    columns = (
        ("Name", lambda r: r.name, lambda r: r.name),
        ("Start", lambda r: _day(r.start), lambda r: r.start.isoformat()),
        ("Expected end", lambda r: _day(r.end, "no end date"),
         lambda r: r.end.isoformat() if r.end else "9999"),
        ("Keyworker flag", lambda r: f"Flagged: {r.flag or 'missed sessions'}"
         if r.flagged else "",
         lambda r: r.flagged),
    )


class WaitingModel(RowTableModel[WaitingRow]):
    columns = (
        ("#", lambda r: str(r.position), lambda r: r.position),
        ("Name", lambda r: r.name, lambda r: r.name),
        ("Status", lambda r: r.status.value.capitalize(), lambda r: r.status.value),
        ("Added", lambda r: _day(r.added_on), lambda r: r.added_on.isoformat()),
        ("Note", lambda r: r.reason, lambda r: r.reason),
    )


class AttendanceModel(RowTableModel[AttendanceLine]):
    columns = (
        ("Date", lambda r: _day(r.day), lambda r: r.day.isoformat()),
        ("Group", lambda r: r.group, lambda r: r.group),
        ("Mark", lambda r: MARK_WORDS[r.mark], lambda r: MARK_WORDS[r.mark]),
        ("Corrected from", lambda r: ", ".join(MARK_WORDS[m] for m in r.history),
         lambda r: len(r.history)),
    )
