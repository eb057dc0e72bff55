"""The desk's interactions as run.py times them: each one a call to the real entry point (a
domain service, the capacity verb in process, the intake tab) with arguments chosen by querying
the database it runs on, so any database made by this schema will do and no id is assumed.

Writes are made repeatable: a register save alternates between two sets of marks (each save
corrects every mark), and each booking is of one of a pool of people made for it through the
intake service, and is deleted again (untimed) before the next.
"""

from __future__ import annotations

import contextlib
import io
import itertools
import os
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from fictitious_people import People
from sqlalchemy import delete, func, literal, select

from recovery_desk.__main__ import main as command_line
from recovery_desk.config import resource_path
from recovery_desk.domain.operations.setup import open_database
from recovery_desk.domain.people import intake_service, person_record_service
from recovery_desk.domain.places import (
    booking_options,
    booking_service,
    contact_service,
    register_service,
    review_service,
    timetable_service,
    today_service,
    waiting_list_service,
)
from recovery_desk.domain.service import catalogue_service
from recovery_desk.domain.staff import accounts
from recovery_desk.domain.store.actor import Actor
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.models import Attendance, Place, ServiceUser
from recovery_desk.schedule.phrases import format_date
from recovery_desk.vocabulary import AttendanceMark, StaffRole
from tests.backends import staff_row

CATALOGUE = resource_path("catalogue.json")
CLI_USER, CLI_PASSWORD = "benchmark.cli", "benchmark password"
BOOKING_POOL = 10
NAMES = ("save a register", "open a person record", "open a register", "cohort review",
         "capacity (in process)", "select a session's members", "search as you type",
         "booking", "week switch", "today", "booking dialog", "eligibility panel update")


def open_record(db: Database, actor: Actor, person: int) -> object:
    """What opening a person record reads: the record, then its waiting lists and its
    missed-sessions section (flags, contact attempts, missed sessions to log against)."""
    return (person_record_service.person_record(db, actor, person),
            waiting_list_service.person_entries(db, actor, person),
            contact_service.flags(db, actor, person), contact_service.attempts(db, actor, person),
            contact_service.missed_sessions(db, actor, person))


class NothingToMeasureError(RuntimeError):
    """The database has nothing an interaction needs (no register in the last fortnight)."""


@dataclass
class Interaction:
    name: str
    run: Callable[[], object]
    given: str
    """What it was given, in words, so a reader can judge the figures."""
    settle: Callable[[object], None] | None = None
    """Untimed, after each run, with what run returned: undoes a write that would pile up."""


class Desk:
    """One database (a copy: interactions write to it) and the inputs chosen from it."""

    def __init__(self, label: str, path: Path, today: date, key: bytes | None = None) -> None:
        """key: an encrypted copy's (cipher.py compares one with the same database plain)."""
        self.label, self.path, self.today = label, path, today
        self.db, self.actor = open_database(path, CATALOGUE, today=today, key=key)
        self._command_line_account()
        # The groups chosen for the register and for bookings, and the people made to book
        # (set by interactions()).
        self.register_group, self.book_id, self.book_group = "", 0, ""
        self.pool: list[int] = []

    def _command_line_account(self) -> None:
        """A keyworker for the capacity verb, which needs a signed-in member of staff of a
        role that may see the service's figures (made with its own password, once)."""
        if any(line.username == CLI_USER for line in accounts.list_staff(self.db, self.actor)):
            return
        accounts.add_staff(self.db, self.actor, CLI_USER, "Benchmark Keyworker",
                           StaffRole.KEYWORKER, "a temporary password")
        own = accounts.sign_in(self.db, CLI_USER, "a temporary password", "benchmark").actor
        accounts.change_password(self.db, own, "a temporary password", CLI_PASSWORD)

    def close(self) -> None:
        self.db.dispose()

    # ------------------------------------------------------------ choosing inputs
    def register_session(self, prefer: str | None = None) -> tuple[int, str, date, int]:
        """The latest session up to today that ran with members (the preferred group's, if it
        met that day, else the fullest): (group id, group name, day, members)."""
        rows = timetable_service.sessions_between(self.db, self.actor,
                                                  self.today - timedelta(days=13), self.today)
        held = [r for r in rows if r.runs and r.booked > 0]
        if not held:
            raise NothingToMeasureError(
                f"{self.label}: no group met with members in the fortnight to "
                f"{format_date(self.today)}; give --today a day the database was in use.")
        best = max(held, key=lambda r: (r.date, r.group_name == prefer, r.booked))
        return best.group_id, best.group_name, best.date, best.booked

    def longest_history(self) -> tuple[int, str, int]:
        """The person with the most register marks (else the most places, else the first):
        (id, family name, marks)."""
        marks = func.count(Attendance.id)
        places = func.count(Place.id)
        with self.db.reading() as tx:
            found = tx.execute(
                select(Place.service_user_id, marks).join(
                    Attendance, Attendance.enrolment_id == Place.id)
                .group_by(Place.service_user_id)
                .order_by(marks.desc(), Place.service_user_id).limit(1)).first() \
                or tx.execute(
                select(Place.service_user_id, literal(0)).group_by(Place.service_user_id)
                .order_by(places.desc(), Place.service_user_id).limit(1)).first() \
                or tx.execute(select(ServiceUser.id, 0).order_by(ServiceUser.id)).first()
            if found is None:
                raise NothingToMeasureError(f"{self.label}: the database has no service users.")
            return found[0], tx.get_one(ServiceUser, found[0]).family_name, found[1]

    def booking_group(self, prefer: str | None) -> tuple[int, str]:
        """A group with dated sessions and a free place today (the preferred one if it has)."""
        dated = {g.id for g in catalogue_service.list_groups(self.db, self.actor, False)
                 if g.schedule.has_dates}
        free = [r for r in review_service.review(self.db, self.actor, self.today)
                if r.joinable and r.free > 0]
        free.sort(key=lambda r: (r.group != prefer, r.group_id not in dated, -r.free, r.group))
        if not free:
            raise NothingToMeasureError(f"{self.label}: no group has a free place to book.")
        return free[0].group_id, free[0].group

    def people_to_book(self, group_id: int, count: int) -> list[int]:
        """New people referred to the group through the intake service, eligible for it."""
        group = next(g for g in catalogue_service.list_groups(self.db, self.actor)
                     if g.id == group_id)
        keyworkers = intake_service.keyworkers(self.db, self.actor)
        if keyworkers:
            keyworker = keyworkers[0][0]
        else:
            keyworker = staff_row(self.db, "benchmark.keyworker", "Benchmark Keyworker",
                                  StaffRole.KEYWORKER)
        people = People(random.Random(7))
        made = []
        for _ in range(count):
            born = people.born(self.today)
            sex, msm = people.sex_and_msm(group.eligibility_rule)
            profile = people.profile(group.eligibility_rule, born, sex, msm, self.today)
            given, family = people.name()
            details = intake_service.PersonDetails(
                given_name=given, family_name=family, date_of_birth=born, sex=sex, msm=msm,
                keyworker_id=keyworker, consent_to_store=True,
                assessment={k: profile[k] for k in intake_service.ASSESSMENT_KEYS})
            made.append(intake_service.save_intake(
                self.db, self.actor, details, [intake_service.ReferralRequest(
                    group_id, "Benchmark booking: reviewed by the keyworker.")], self.today))
        return made

    # ------------------------------------------------------------ the interactions
    def interactions(self, like: Desk | None = None) -> list[Interaction]:
        """like: a desk whose choices of group to follow where this database allows, so both
        sides of a comparison book and take registers in the same group."""
        db, actor, today = self.db, self.actor, self.today
        group_id, group, day, booked = self.register_session(like.register_group if like else None)
        self.register_group = group
        members = [r.enrolment_id for r in register_service.register(db, actor, group_id,
                                                                      day, day).rows]
        marks = [AttendanceMark.ATTENDED, AttendanceMark.LATE]
        sets = [{e: marks[(n + flip) % 2] for n, e in enumerate(members)} for flip in (0, 1)]
        saves = itertools.count()
        person, family, history = self.longest_history()
        prefixes = [family[:n] for n in range(3, min(6, len(family)) + 1)] or [family]
        searches = itertools.count()
        self.book_id, self.book_group = book_id, book_group = self.booking_group(
            like.book_group if like else None)
        self.pool = pool = self.people_to_book(book_id, BOOKING_POOL)
        bookings = itertools.count()
        described = f"{group} on {format_date(day)}, {booked} members"

        def unbook(place: object) -> None:
            assert isinstance(place, booking_service.BookedPlace)
            with db.writing() as writing:
                writing.execute(delete(Place).where(Place.id == place.enrolment_id))

        def capacity() -> int:
            with contextlib.redirect_stdout(io.StringIO()):
                os.environ["RECOVERY_DESK_PASSWORD"] = CLI_PASSWORD
                status = command_line(["--db", str(self.path), "--user", CLI_USER,
                                       "capacity", "--json", "--on", today.isoformat()])
            if status != 0:
                raise RuntimeError(f"capacity verb failed with status {status}")
            return status

        return [
            Interaction(NAMES[0], lambda: register_service.record(
                db, actor, group_id, day, sets[next(saves) % 2], day),
                f"{described}; every mark corrected each save"),
            Interaction(NAMES[1], lambda: open_record(db, actor, person),
                        f"the person with the most marks ({history}), with the record's "
                        "waiting-list and missed-sessions sections"),
            Interaction(NAMES[2], lambda: register_service.register(db, actor, group_id, day, day),
                        described),
            Interaction(NAMES[3], lambda: review_service.review(db, actor, today),
                        f"every active group on {format_date(today)}"),
            Interaction(NAMES[4], capacity, "recovery-desk --db COPY capacity --json, in process"),
            Interaction(NAMES[5], lambda: timetable_service.members_on(db, actor, group_id, day),
                        described),
            Interaction(NAMES[6], lambda: intake_service.search_people(
                db, actor, prefixes[next(searches) % len(prefixes)]),
                f"prefixes {', '.join(repr(p) for p in prefixes)} in turn"),
            Interaction(NAMES[7], lambda: booking_service.book(
                db, actor, pool[next(bookings) % len(pool)], book_id, today),
                f"{book_group}; {len(pool)} new people in turn, each place deleted after",
                settle=unbook),
            Interaction(NAMES[8], lambda: timetable_service.week_of(
                db, actor, today + timedelta(days=7)), "the week after today"),
            Interaction(NAMES[9], lambda: (today_service.day_sheet(db, actor, today),
                                           today_service.expected_today(db, actor, today)),
                        f"the Today tab on {format_date(today)}: its sessions, the registers "
                        f"due in the last {today_service.OVERDUE_DAYS} days, who is expected"),
            Interaction(NAMES[10], lambda: (
                booking_options.group_choices(db, actor, person, today),
                booking_options.start_options(db, actor, book_id, today)),
                f"the person with the most marks; {book_group}'s start dates"),
        ]

