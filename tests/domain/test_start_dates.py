"""Start dates for a new place: the next sessions with closures marked, a closed group's cohort
starts, and a chosen date checked against the same rules."""

from __future__ import annotations

from datetime import date

import pytest

from recovery_desk.domain.places import booking_service as booking
from recovery_desk.domain.places.start_dates import chosen_span, start_choices
from recovery_desk.domain.service import closure_service
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import Group
from tests.domain.conftest import ON

MSM = "MSM Group"
LOW_DOSE = "Low Dose Group"


def _choices(db, group_id: int, today: date = ON):
    with db.reading() as tx:
        group = details_of(tx.get(Group, group_id))
        return start_choices(tx, ServiceCalendar(tx), group, today)


def _span(db, group_id: int, start: date, today: date = ON):
    with db.reading() as tx:
        group = details_of(tx.get(Group, group_id))
        return chosen_span(tx, ServiceCalendar(tx), group, today, start)


def test_the_next_eight_sessions_with_a_closure_marked(db, actor, group_ids) -> None:
    """The MSM Group's next eight 1st and 3rd Thursdays; a closed one is shown, not choosable."""
    closure_service.add_closure(db, actor, date(2026, 12, 17), date(2026, 12, 17),
                                "Facilitator on leave", group_ids[MSM])
    choices = _choices(db, group_ids[MSM])
    assert [c.day for c in choices] == [
        date(2026, 12, 3), date(2026, 12, 17), date(2027, 1, 7), date(2027, 1, 21),
        date(2027, 2, 4), date(2027, 2, 18), date(2027, 3, 4), date(2027, 3, 18)]
    assert [c.choosable for c in choices[:3]] == [True, False, True]
    assert choices[1].closure == "Facilitator on leave"


def test_a_chosen_date_must_be_a_session_that_runs_and_not_past(db, actor, group_ids) -> None:
    """A day the group does not meet, a closed session and a past date are each refused."""
    closure_service.add_closure(db, actor, date(2026, 12, 17), date(2026, 12, 17),
                                "Facilitator on leave", group_ids[MSM])
    with pytest.raises(DomainError, match="does not meet on Fri 4 Dec 2026"):
        _span(db, group_ids[MSM], date(2026, 12, 4))
    with pytest.raises(DomainError, match=r"closed on Thu 17 Dec 2026 \(Facilitator on leave\)"):
        _span(db, group_ids[MSM], date(2026, 12, 17))
    with pytest.raises(DomainError, match="cannot start in the past"):
        _span(db, group_ids[MSM], date(2026, 11, 19))
    span = _span(db, group_ids[MSM], date(2027, 1, 7))
    assert (span.start, span.end) == (date(2027, 1, 7), date(2027, 6, 17))


def test_a_closed_group_offers_only_its_cohort_starts(db, actor, group_ids) -> None:
    """Two cohorts opened: both starts are offered, and no other date can be chosen."""
    for start in (date(2026, 12, 7), date(2027, 3, 1)):
        booking.open_cohort(db, actor, group_ids[LOW_DOSE], start, ON)
    choices = _choices(db, group_ids[LOW_DOSE])
    assert [(c.day, c.note) for c in choices] == [
        (date(2026, 12, 7), "a new cohort's first session"),
        (date(2027, 3, 1), "a new cohort's first session")]
    assert _span(db, group_ids[LOW_DOSE], date(2027, 3, 1)).start == date(2027, 3, 1)
    with pytest.raises(DomainError, match="no cohort starts Mon 14 Dec 2026"):
        _span(db, group_ids[LOW_DOSE], date(2026, 12, 14))
