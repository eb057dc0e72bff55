"""Which sessions run: bank holidays of England and Wales plus the service's own closures,
read from the database once per transaction and then answered from memory.

Bookings, registers, the timetable and the cohort review all ask "which of this group's
sessions run between these days?" many times in one transaction; a ServiceCalendar makes that
one query, however many groups or dates are asked about.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from recovery_desk.catalogue.details import GroupDetails
from recovery_desk.domain.store.models import Closure
from recovery_desk.schedule.closures import ClosurePeriod, Occurrence, bank_holidays, sessions

# Read a little more than asked, either side, so the next question (the following week, the
# end of a place, the start of a cohort that began last month) is answered from what is
# already loaded.
READ_AROUND = timedelta(days=400)


class ServiceCalendar:
    def __init__(self, tx: Session) -> None:
        self._tx = tx
        self._first: date | None = None
        self._last: date | None = None
        self._stored: list[ClosurePeriod] = []

    def _load(self, first: date, last: date) -> None:
        if self._first is not None and self._last is not None \
                and self._first <= first and last <= self._last:
            return
        low = min(first - READ_AROUND, self._first or first)
        high = max(last + READ_AROUND, self._last or last)
        rows = self._tx.scalars(select(Closure).where(Closure.first_day <= high,
                                                           Closure.last_day >= low))
        self._stored = [ClosurePeriod(c.first_day, c.last_day, c.reason, c.group_id)
                        for c in rows]
        self._first, self._last = low, high

    def closures(self, first: date, last: date) -> list[ClosurePeriod]:
        """Bank holidays and the service's closures touching first..last."""
        self._load(first, last)
        return bank_holidays(first, last) + [c for c in self._stored
                                             if c.first <= last and c.last >= first]

    def sessions(self, group: GroupDetails, first: date, last: date) -> list[Occurrence]:
        """The group's sessions from first to last, closed ones with their reason."""
        assert group.id is not None
        return sessions(group.id, group.schedule, first, last, self.closures(first, last))

    def running(self, group: GroupDetails, first: date, last: date) -> list[date]:
        """The dates from first to last on which the group's session runs."""
        return [s.date for s in self.sessions(group, first, last) if s.runs]
