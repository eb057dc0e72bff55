"""A desk that books, ends places and takes registers in a loop, printing what it did after
each commit; tests/domain/test_crash_safety.py kills it at random moments.

    python -m tests.domain.crash_worker DATABASE SEED
"""

from __future__ import annotations

import random
import sys
from datetime import date

from sqlalchemy import select

from recovery_desk.domain.places import booking_service, register_service
from recovery_desk.domain.places.booking_service import Leaving
from recovery_desk.domain.store.actor import SYSTEM_USERNAME, actor_for
from recovery_desk.domain.store.database import Database
from recovery_desk.domain.store.errors import DomainError
from recovery_desk.domain.store.models import Group, Place, ServiceUser, Staff
from recovery_desk.vocabulary import AttendanceMark, PlaceStatus

ON = date(2026, 11, 27)
SESSION_DAY = date(2026, 11, 30)  # the first Monday the places run
GROUPS = ("Reduced Drinking Programme", "Recovery Skills")


def main() -> None:
    db = Database.open(sys.argv[1])
    rng = random.Random(int(sys.argv[2]))
    with db.reading() as tx:
        actor = actor_for(tx.scalars(
            select(Staff).where(Staff.username == SYSTEM_USERNAME)).one())
        people = list(tx.scalars(select(ServiceUser.id)))
        groups = {name: group_id for name, group_id in tx.execute(
            select(Group.name, Group.id).where(Group.name.in_(GROUPS)))}
    rdp = groups["Reduced Drinking Programme"]
    print("ready", flush=True)
    while True:
        choice = rng.random()
        try:
            if choice < 0.5:
                place = booking_service.book(db, actor, rng.choice(people),
                                             groups[rng.choice(GROUPS)], ON, accept_clash=True)
                print(f"book {place.enrolment_id}", flush=True)
            elif choice < 0.75:
                with db.reading() as tx:
                    active = list(tx.scalars(select(Place.id).where(
                        Place.status == PlaceStatus.ACTIVE)))
                if active:
                    chosen = rng.choice(active)
                    booking_service.leave(db, actor, chosen, Leaving.WITHDRAWN, "test", ON)
                    print(f"leave {chosen}", flush=True)
            else:
                sheet = register_service.register(db, actor, rdp, SESSION_DAY, SESSION_DAY)
                marks = {row.enrolment_id: rng.choice(list(AttendanceMark))
                         for row in sheet.rows}
                register_service.record(db, actor, rdp, SESSION_DAY, marks, SESSION_DAY)
                print("mark " + " ".join(f"{e}:{m.value}" for e, m in marks.items()),
                      flush=True)
        except DomainError:
            continue


if __name__ == "__main__":
    main()
