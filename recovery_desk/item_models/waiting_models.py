"""Plain-row table models for waiting lists at the desk: the lists one person is on (their
record) and one group's list (the waiting-list dialog). Each takes rows through set_rows();
neither queries the database. The reason kept on an entry is shown under the table, not in a
column, so the columns stay narrow enough for a small screen at large text."""

from __future__ import annotations

from datetime import date

from recovery_desk.item_models.review_models import RowTableModel
from recovery_desk.rows.places import PersonWaitingRow, WaitingRow
from recovery_desk.schedule.phrases import format_date
from recovery_desk.vocabulary import WaitingStatus


def offer_words(status: WaitingStatus, answer_by: date | None) -> str:
    """'Offered: answer by Fri 4 Dec 2026', or 'Waiting'."""
    if status is not WaitingStatus.OFFERED:
        return status.value.capitalize()
    return f"Offered: answer by {format_date(answer_by)}" if answer_by else "Offered"


def offer_key(status: WaitingStatus, answer_by: date | None) -> str:
    """Sorts open offers first, the soonest answer-by date first, then those waiting."""
    if status is WaitingStatus.OFFERED:
        return "0 " + (answer_by.isoformat() if answer_by else "")
    return "1 " + status.value


class PersonWaitingModel(RowTableModel[PersonWaitingRow]):
    columns = (
        ("Group", lambda r: r.group, lambda r: r.group),
        ("Position", lambda r: f"{r.position} of {r.of}", lambda r: r.position),
        ("Offer", lambda r: offer_words(r.status, r.answer_by),
         lambda r: offer_key(r.status, r.answer_by)),
    )


class GroupWaitingModel(RowTableModel[WaitingRow]):
    columns = (
        ("#", lambda r: str(r.position), lambda r: r.position),
        ("Name", lambda r: r.name, lambda r: r.name),
        ("Offer", lambda r: offer_words(r.status, r.answer_by),
         lambda r: offer_key(r.status, r.answer_by)),
        ("Added", lambda r: format_date(r.added_on), lambda r: r.added_on.isoformat()),
    )
