"""Places that reach their expected end become finished.

A place's status says whether it is running: once its expected end date has passed it is
`completed` (ended on its expected end), so the queries for today's places look only at
places that are running, never at years of history. The sweep runs when the desk opens, when
the day changes, and inside each booking for the person and group it touches.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import CursorResult, func, select, update
from sqlalchemy.orm import Session

from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import Place
from recovery_desk.vocabulary import PlaceStatus

REACHED_END = "Reached the end of the place."


def finish_ended_places(tx: Session, on: date, *, person_id: int | None = None,
                        group_id: int | None = None) -> int:
    """Mark as completed every active place whose expected end is before `on` (optionally
    only one person's, or one group's), in one statement. Returns how many."""
    statement = update(Place).where(
        Place.status == PlaceStatus.ACTIVE, Place.expected_end_date < on)
    if person_id is not None:
        statement = statement.where(Place.service_user_id == person_id)
    if group_id is not None:
        statement = statement.where(Place.group_id == group_id)
    result = tx.execute(
        statement.values(status=PlaceStatus.COMPLETED,
                         ended_on=Place.expected_end_date, end_reason=REACHED_END)
        .execution_options(synchronize_session="fetch"))
    assert isinstance(result, CursorResult)  # an UPDATE's result counts its rows
    return result.rowcount or 0


def sweep(db: Database, actor: Actor, on: date) -> int:
    """Finish every place that has reached its end; audited once with the count. Most days
    there is nothing to finish, and then nothing is written."""
    with db.reading() as tx:
        due = tx.scalar(select(func.count()).select_from(Place).where(
            Place.status == PlaceStatus.ACTIVE, Place.expected_end_date < on))
    if not due:
        return 0
    with db.writing() as tx:
        count = finish_ended_places(tx, on)
        if count:
            audit.record(tx, actor, "finish", "enrolment", None, places=count,
                         before=str(on))
        return count
