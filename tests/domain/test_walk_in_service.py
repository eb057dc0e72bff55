"""Walk-ins: someone without a place at an open group's session is kept on its register,
counted in the report, and offered a place from the next session."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from recovery_desk.domain.places import booking_service, register_service, walk_in_service
from recovery_desk.domain.reports import report_service
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import AuditEvent, WalkIn

MSM, RDP = "MSM Group", "Reduced Drinking Programme"
THURSDAY = date(2026, 12, 3)
"""The MSM Group meets on the 1st and 3rd Thursday: 3 and 17 December 2026."""


@pytest.fixture
def walker(make_person) -> int:
    return make_person(refer_to=(), msm=True)


def test_a_walk_in_is_on_the_register_and_counted_in_the_report(db, actor, walker,
                                                                group_ids) -> None:
    """On the day's register by name, audited, a walk-in in the report apart from the marks,
    and offered a place from the next session."""
    added = walk_in_service.add_walk_in(db, actor, group_ids[MSM], THURSDAY, walker, THURSDAY)
    assert (added.name, added.group, added.offer_from) == ("Person1 Test", MSM,
                                                           date(2026, 12, 17))
    sheet = register_service.register(db, actor, group_ids[MSM], THURSDAY, THURSDAY)
    assert (sheet.walk_ins, sheet.walk_ins_welcome) == (["Person1 Test"], True)
    made = report_service.report(db, actor, date(2026, 12, 1), date(2026, 12, 31),
                                 [group_ids[MSM]], THURSDAY)
    assert made.groups[0].values["walk_ins"] == 1
    assert made.groups[0].values["marks"] == 0
    assert made.total.values["walk_ins"] == 1
    with db.reading() as tx:
        assert tx.scalars(select(AuditEvent.action).where(
            AuditEvent.action == "walk_in")).all() == ["walk_in"]
    booked = booking_service.book(db, actor, walker, group_ids[MSM], added.offer_from)
    assert booked.start == date(2026, 12, 17)


def test_a_walk_in_is_refused_where_it_cannot_be(db, actor, walker, make_person,
                                                 group_ids) -> None:
    """A referral-only group, a session still to come, someone already on it, someone with a
    place: each refused with the reason, and nothing written."""
    with pytest.raises(DomainError, match="referral only, so nobody can join a session as a"):
        walk_in_service.add_walk_in(db, actor, group_ids[RDP], date(2026, 11, 30), walker,
                                    date(2026, 11, 30))
    with pytest.raises(DomainError, match="Thu 3 Dec 2026 is still to come"):
        walk_in_service.add_walk_in(db, actor, group_ids[MSM], THURSDAY, walker,
                                    date(2026, 12, 2))
    walk_in_service.add_walk_in(db, actor, group_ids[MSM], THURSDAY, walker, THURSDAY)
    with pytest.raises(DomainError, match="already on this register as a walk-in"):
        walk_in_service.add_walk_in(db, actor, group_ids[MSM], THURSDAY, walker, THURSDAY)
    member = make_person(refer_to=(), msm=True)
    booking_service.book(db, actor, member, group_ids[MSM], date(2026, 11, 27))
    with pytest.raises(DomainError, match="has a place in MSM Group on Thu 3 Dec 2026: mark"):
        walk_in_service.add_walk_in(db, actor, group_ids[MSM], THURSDAY, member, THURSDAY)
    with db.reading() as tx:
        assert len(tx.scalars(select(WalkIn)).all()) == 1


def test_walk_ins_at_a_cancelled_session_are_not_counted(db, actor, walker,
                                                         group_ids) -> None:
    """The report counts walk-ins only at sessions that ran."""
    walk_in_service.add_walk_in(db, actor, group_ids[MSM], THURSDAY, walker, THURSDAY)
    register_service.cancel_session(db, actor, group_ids[MSM], THURSDAY, "Facilitator off sick",
                                    THURSDAY)
    made = report_service.report(db, actor, date(2026, 12, 1), date(2026, 12, 31),
                                 [group_ids[MSM]], THURSDAY)
    assert (made.groups[0].values["walk_ins"], made.groups[0].values["sessions_closed"]) == (0, 1)
