"""Cohort review for keyworkers, and the figures behind `recovery-desk capacity`: per group,
places, waiting list, who finishes soon, the next cohort and occupancy ahead; and one group's
members.

The figures are counts, not names, and cost a fixed number of statements however many groups
or years of history there are: one query each for the groups, the running places, the cohorts,
the waiting lists and the closures.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from recovery_desk.access import Permission
from recovery_desk.domain.places.contact_service import flag_words, last_contacts
from recovery_desk.domain.places.place_rules import Places
from recovery_desk.domain.places.places import NoSessionToJoinError, oldest_open_cohort, span_for
from recovery_desk.domain.places.register_service import dna_streaks
from recovery_desk.domain.service.group_rows import details_of
from recovery_desk.domain.service.service_calendar import ServiceCalendar
from recovery_desk.domain.store import audit
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import (
    Cohort,
    Group,
    Place,
    ServiceUser,
    WaitingListEntry,
)
from recovery_desk.rows.places import FINISHING_WEEKS, OCCUPANCY_WEEKS, GroupReview, MemberRow
from recovery_desk.vocabulary import LIVE_WAITING, GroupFormat, PlaceStatus, WaitingStatus


@dataclass(frozen=True)
class _Running:
    group_id: int
    cohort_id: int | None
    start: date
    end: date | None


def _taken_in_week(places: list[_Running], monday: date) -> int:
    """Places that run on at least one day of the week starting monday."""
    sunday = monday + timedelta(days=6)
    return sum(1 for p in places if p.start <= sunday and (p.end is None or p.end >= monday))


def review(db: Database, actor: Actor, today: date) -> list[GroupReview]:
    """One review per active group, in name order: counts only, no names."""
    actor.require(Permission.REVIEW_COHORTS)
    monday = today - timedelta(days=today.weekday())
    soon = today + timedelta(weeks=FINISHING_WEEKS)
    with db.reading() as tx:
        groups = tx.scalars(select(Group).where(Group.active.is_(True))
                                 .order_by(Group.name)).all()
        running = [_Running(*row) for row in tx.execute(
            select(Place.group_id, Place.cohort_id, Place.start_date,
                   Place.expected_end_date).join(Group)
            .where(Group.active.is_(True), Place.status == PlaceStatus.ACTIVE,
                   Place.expected_end_date.is_(None)
                   | (Place.expected_end_date >= today)))]
        cohorts: dict[int, list[Cohort]] = {}
        for cohort in tx.scalars(select(Cohort).join(Group).where(
                Group.active.is_(True), Group.format == GroupFormat.CLOSED_COHORT,
                Cohort.start_date >= oldest_open_cohort(today))
                .order_by(Cohort.start_date)):
            cohorts.setdefault(cohort.group_id, []).append(cohort)
        lists = tx.execute(
            select(WaitingListEntry.group_id, WaitingListEntry.status, func.count())
            # Naming the groups lets the index find each group's live entries, rather than
            # reading every entry the lists have ever had.
            .where(WaitingListEntry.group_id.in_([g.id for g in groups]),
                   WaitingListEntry.status.in_(LIVE_WAITING))
            .group_by(WaitingListEntry.group_id, WaitingListEntry.status)).all()
        calendar = ServiceCalendar(tx)
        waiting: Counter[int] = Counter()
        offers: Counter[int] = Counter()
        for group_id, status, count in lists:
            waiting[group_id] += count
            if status is WaitingStatus.OFFERED:
                offers[group_id] += count
        by_group: dict[int, list[_Running]] = {}
        for place in running:
            by_group.setdefault(place.group_id, []).append(place)
        reviews = []
        for group in groups:
            mine = by_group.get(group.id, [])
            details = details_of(group)
            try:
                span = span_for(tx, calendar, details, today, cohorts.get(group.id, []))
                taken = sum(1 for p in mine if (p.end is None or p.end >= span.start)
                            and (span.cohort_id is None or p.cohort_id == span.cohort_id))
                free = Places(group.capacity, taken, offers[group.id]).free
                joinable = True
            except NoSessionToJoinError:
                free, joinable = 0, False
            upcoming = [c.start_date for c in cohorts.get(group.id, []) if c.start_date >= today]
            reviews.append(GroupReview(
                group.id, group.name, group.capacity, len(mine), free, waiting[group.id],
                offers[group.id], sum(1 for p in mine if p.end and p.end <= soon),
                upcoming[0] if upcoming else None,
                [(week, _taken_in_week(mine, week))
                 for week in (monday + timedelta(weeks=w) for w in range(OCCUPANCY_WEEKS))],
                group.format is GroupFormat.CLOSED_COHORT, joinable))
        return reviews


def members(db: Database, actor: Actor, group_id: int, today: date) -> list[MemberRow]:
    """The group's current and booked members with start and end dates (audited: names)."""
    actor.require(Permission.FIND_PEOPLE)
    with db.writing() as tx:
        rows = tx.execute(select(Place, ServiceUser).join(ServiceUser).where(
            Place.group_id == group_id, Place.status == PlaceStatus.ACTIVE,
            Place.expected_end_date.is_(None) | (Place.expected_end_date >= today)))
        found = list(rows)
        flagged = [e.id for e, _ in found if e.flagged_for_keyworker]
        streaks, last = dna_streaks(tx, flagged), last_contacts(tx, flagged)
        result = [MemberRow(e.id, p.id, p.name, e.start_date, e.expected_end_date,
                            e.flagged_for_keyworker,
                            flag_words(streaks.get(e.id, 0), last.get(e.id))
                            if e.flagged_for_keyworker else "") for e, p in found]
        audit.record(tx, actor, "view", "group_members", group_id, people=len(result))
        return sorted(result, key=lambda m: (m.end or date.max, m.name))
